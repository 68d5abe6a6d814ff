// Child process for the kill tests: writes FILES (a JSON file) into OUT, or with "recover" only
// runs the next run's recovery, and SIGKILLs itself just before file-system step N, as a power
// cut or `kill -9` would.
import { readFileSync } from "node:fs";
import { writeTreeAtomically, type FileToWrite } from "../../../../compiler/build/write-tree.js";
import { recoverOutput } from "../../../../compiler/build/recover-output.js";
import { steppedFs } from "./faulty-fs.js";

const [out, filesJson, at, what] = process.argv.slice(2);
const fs = steppedFs((s) => {
  if (s.n === Number(at)) process.kill(process.pid, "SIGKILL");
});
if (what === "recover") recoverOutput(fs, out!);
else writeTreeAtomically(out!, JSON.parse(readFileSync(filesJson!, "utf8")) as FileToWrite[], { fs });
process.stdout.write(`done after ${fs.steps.length} steps\n`);
