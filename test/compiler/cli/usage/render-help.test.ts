import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoPath } from "../../../support/paths.js";
import { removeDir } from "../../../support/tree.js";
import { COMMANDS } from "../../../../compiler/cli/usage/command-table.js";
import type { CommandSpec } from "../../../../compiler/cli/usage/spec.js";
import { runnableCommands } from "../../../../compiler/cli/main.js";
import { EXIT_CODES } from "../../../../compiler/cli/usage/render-help.js";

function labc(args: string[], env: NodeJS.ProcessEnv = {}) {
  const run = spawnSync(process.execPath, [repoPath("bin", "labc.js"), ...args], { cwd: repoPath(), env: { PATH: process.env["PATH"], ...env }, encoding: "utf8" });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Every command and subcommand the table knows, groups included. */
const everyCommand: CommandSpec[] = COMMANDS.flatMap((c) => [c, ...(c.subcommands ?? [])]);

test("every command and subcommand takes --help and -h: its usage on stdout, exit 0", () => {
  assert.ok(everyCommand.length >= 25, `${everyCommand.length} commands`);
  for (const spec of everyCommand) {
    for (const flag of ["--help", "-h"]) {
      const r = labc([...spec.path, flag]);
      const name = `labc ${spec.path.join(" ")} ${flag}`;
      assert.equal(r.code, 0, `${name}: ${r.stderr}`);
      assert.equal(r.stderr, "", name);
      assert.ok(r.stdout.startsWith(`labc ${spec.path.join(" ")} — ${spec.summary}\n`), `${name}:\n${r.stdout}`);
      for (const f of spec.flags) assert.ok(r.stdout.includes(`--${f.long}`), `${name} lists --${f.long}`);
      for (const s of spec.subcommands ?? []) assert.ok(r.stdout.includes(`  ${s.path.at(-1)} `), `${name} lists ${s.path.at(-1)}`);
    }
    // The same text through `labc help`, and --help after operands too.
    assert.equal(labc(["help", ...spec.path]).stdout, labc([...spec.path, "--help"]).stdout);
  }
  assert.match(labc(["build", "examples/homelab/cluster.lab", "--out", "x", "-h"]).stdout, /^labc build — /);
  assert.match(labc(["secret", "set", "NAME", "--help"]).stdout, /^labc secret set — /);
});

test("the table and the commands main runs are the same set, and --help states the README's exit codes", () => {
  assert.deepEqual(runnableCommands().sort(), COMMANDS.map((c) => c.path[0]!).sort());
  const readme = readFileSync(repoPath("README.md"), "utf8");
  for (const [code, start] of [["1", "the input or the environment is wrong"], ["2", "the command line is wrong"]] as const) {
    assert.match(readme, new RegExp(`^\\| ${code} \\| ${start}`, "m"), `README's row ${code}`);
    assert.match(EXIT_CODES, new RegExp(`^  ${code}  ${start}`, "m"), `--help's row ${code}`);
  }
  assert.ok(labc(["--help"]).stdout.includes(EXIT_CODES));
});

test("labc help: no operand prints the overview; an unknown command exits 2", () => {
  const overview = labc(["help"]);
  assert.equal(overview.code, 0);
  assert.equal(overview.stdout, labc(["--help"]).stdout);
  for (const spec of everyCommand.filter((s) => !s.subcommands)) assert.ok(overview.stdout.includes(`labc ${spec.path.join(" ")}`), spec.path.join(" "));
  const unknown = labc(["help", "frobnicate"]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /no command 'labc frobnicate'/);
  assert.equal(labc(["help", "secret", "nope"]).code, 2);
  const sub = labc(["secret", "frob"]);
  assert.equal(sub.code, 2);
  assert.match(sub.stderr, /unknown subcommand 'frob'; use one of: set, list, get, rm, regenerate, decrypt, edit, rotate/);
  assert.equal(labc(["secret"]).code, 2, "a group without a subcommand prints its help and exits 2");
});

test("a flag the command does not take is a usage error that points at --help", () => {
  const r = labc(["status", "--frob"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^labc status: Unknown option '--frob'; run 'labc status --help' for its flags$/m);
});

test("-v means the version and nothing else: no command has a -v of its own", () => {
  assert.equal(labc(["-v"]).stdout.trim(), labc(["--version"]).stdout.trim());
  for (const spec of everyCommand) assert.ok(!spec.flags.some((f) => f.short === "v"), `labc ${spec.path.join(" ")} has a -v`);
  // One meaning per short flag across labc: -f is the project file wherever it appears.
  const meanings = new Map<string, Set<string>>();
  for (const spec of everyCommand) for (const f of spec.flags) if (f.short) meanings.set(f.short, (meanings.get(f.short) ?? new Set()).add(f.long));
  for (const [short, longs] of meanings) assert.equal(longs.size, 1, `-${short} means ${[...longs].join(" and ")}`);
  const verbose = labc(["bootstrap", "apps", "-v"]);
  assert.equal(verbose.code, 2);
});

test("--help loads no command: it needs exactly the modules --version needs", () => {
  const dir = mkdtempSync(join(tmpdir(), "labc-help-load-"));
  try {
    const log = join(dir, "loaded.txt");
    const hooks = `import { appendFileSync } from "node:fs";
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (result.url.startsWith("file:")) appendFileSync(${JSON.stringify(log)}, result.url + "\\n");
  return result;
}`;
    const register = join(dir, "register.mjs");
    writeFileSync(register, `import { register } from "node:module";\nregister(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});\n`);
    // The CLI is one script whose modules each run on first import(): the built-ins they require
    // tell which ran.
    const requires = join(dir, "requires.cjs");
    writeFileSync(requires, `const M = require("node:module"); const fs = require("node:fs"); const load = M._load;\nM._load = function (request, ...rest) { fs.appendFileSync(${JSON.stringify(log)}, "require:" + request + "\\n"); return load.call(this, request, ...rest); };\n`);
    const loaded = (args: string[]): string[] => {
      writeFileSync(log, "");
      const run = spawnSync(process.execPath, ["--require", requires, "--import", register, repoPath("bin", "labc.js"), ...args], { cwd: repoPath(), encoding: "utf8", env: { ...process.env, LABC_CACHE: "off" } });
      assert.equal(run.status, 0, run.stderr);
      return [...new Set(readFileSync(log, "utf8").split("\n").filter(Boolean))].sort();
    };
    const baseline = loaded(["--version"]);
    assert.ok(baseline.some((u) => u.endsWith("/dist/bundle/labc.js")), baseline.join("\n"));
    for (const args of [["build", "--help"], ["check", "-h"], ["secret", "rotate", "--help"], ["bootstrap", "apps", "-h"], ["help", "talos", "config"], ["--help"]]) {
      assert.deepEqual(loaded(args), baseline, args.join(" "));
    }
    // The completion script needs its own small module and the argument parser, nothing heavier.
    const extra = loaded(["completion", "bash"]).filter((u) => !baseline.includes(u));
    assert.deepEqual(extra.filter((u) => u.startsWith("file:")), [], "completion imports no file of its own");
    assert.ok(extra.length <= 2, `completion requires more:\n${extra.join("\n")}`);
    // The check of the same run does load the compiler: the log sees it.
    assert.ok(loaded(["check", repoPath("examples", "homelab", "cluster.lab")]).length > baseline.length + 3);
  } finally {
    removeDir(dir);
  }
});
