// Child process for the kill tests: writes FILES (a JSON file) into OUT and SIGKILLs itself just
// before file-system step N of the writer, as a power cut or `kill -9` would.
import { readFileSync } from "node:fs";
import { writeTreeAtomically, type FileToWrite } from "../../../../compiler/build/write-tree.js";
import { steppedFs } from "./faulty-fs.js";

const [out, filesJson, at] = process.argv.slice(2);
const files = JSON.parse(readFileSync(filesJson!, "utf8")) as FileToWrite[];
const fs = steppedFs((s) => {
  if (s.n === Number(at)) process.kill(process.pid, "SIGKILL");
});
writeTreeAtomically(out!, files, { fs });
process.stdout.write(`done after ${fs.steps.length} steps\n`);
