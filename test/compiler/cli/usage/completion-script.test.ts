import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoPath } from "../../../support/paths.js";
import { removeDir } from "../../../support/tree.js";
import { COMMANDS } from "../../../../compiler/cli/usage/command-table.js";

const labcBin = repoPath("bin", "labc.js");

function onPath(tool: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${tool}`]).status === 0;
}

/**
 * Loads `labc completion bash` into a real bash and asks its completion function what it offers
 * for a command line, the way bash does on Tab: COMP_WORDS and COMP_CWORD set, then _labc.
 */
function bashCompletes(words: string[], cwd = repoPath()): string[] {
  const script = `
    source <("${process.execPath}" "${labcBin}" completion bash) || exit 3
    COMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")})
    COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 ))
    COMPREPLY=()
    _labc
    printf '%s\\n' "\${COMPREPLY[@]}"`;
  const run = spawnSync("bash", ["-c", script], { cwd, encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout.split("\n").filter((l) => l !== "").sort();
}

test("bash: the script registers _labc for labc and completes commands, subcommands, flags and values", () => {
  const registered = spawnSync("bash", ["-c", `source <("${process.execPath}" "${labcBin}" completion bash) && complete -p labc`], { encoding: "utf8" });
  assert.equal(registered.stdout.trim(), "complete -F _labc labc");
  assert.deepEqual(bashCompletes(["labc", "bu"]), ["build"]);
  assert.deepEqual(bashCompletes(["labc", "secret", "r"]), ["regenerate", "rm", "rotate"]);
  assert.deepEqual(bashCompletes(["labc", "talos", ""]), ["commands", "config", "import-secrets"]);
  assert.deepEqual(bashCompletes(["labc", "bootstrap", ""]), ["apps"]);
  assert.deepEqual(bashCompletes(["labc", "talos", "commands", "up"]), ["upgrade", "upgrade-k8s"]);
  assert.deepEqual(bashCompletes(["labc", "check", "--format", ""]), ["github", "json", "text"]);
  assert.deepEqual(bashCompletes(["labc", "status", "--context", "home", "--js"]), ["--json"], "a flag's value is not taken for a subcommand");
  assert.deepEqual(bashCompletes(["labc", "build", "--d"]), ["--dry-run"]);
  assert.deepEqual(bashCompletes(["labc", "secret", "rotate", "--"]), ["--allow-outside-project", "--file", "--help", "--out"]);
  assert.deepEqual(bashCompletes(["labc", "help", "secret", "ro"]), ["rotate"]);
  assert.deepEqual(bashCompletes(["labc", "completion", ""]), ["bash", "fish", "zsh"]);
  // Every top-level command is offered on an empty word, from the same table as --help.
  assert.deepEqual(bashCompletes(["labc", ""]), [...COMMANDS.map((c) => c.path[0]!), "--help", "--version"].sort());
});

test("bash: file and folder operands complete from the file system", () => {
  const dir = mkdtempSync(join(tmpdir(), "labc-completion-"));
  try {
    mkdirSync(join(dir, "repo"));
    writeFileSync(join(dir, "cluster.lab"), "");
    writeFileSync(join(dir, "rest.txt"), "");
    assert.deepEqual(bashCompletes(["labc", "check", "cl"], dir), ["cluster.lab"]);
    assert.deepEqual(bashCompletes(["labc", "build", "--out", ""], dir), ["repo"], "--out offers folders only");
  } finally {
    removeDir(dir);
  }
});

test("zsh and fish: scripts name every command and load in their shell when it is installed", (t) => {
  for (const shell of ["zsh", "fish"] as const) {
    const run = spawnSync(process.execPath, [labcBin, "completion", shell], { encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
    for (const c of COMMANDS) assert.ok(run.stdout.includes(c.path[0]!), `${shell}: ${c.path[0]}`);
    assert.ok(run.stdout.includes("regenerate rm") || run.stdout.includes("'regenerate' 'rm'") || /rm.*regenerate|regenerate.*rm/.test(run.stdout), `${shell}: secret's subcommands`);
    if (!onPath(shell)) {
      t.diagnostic(`${shell} is not installed: its script was checked as text only`);
      continue;
    }
    const check = shell === "zsh" ? spawnSync("zsh", ["-n"], { input: run.stdout, encoding: "utf8" }) : spawnSync("fish", ["--no-execute"], { input: run.stdout, encoding: "utf8" });
    assert.equal(check.status, 0, `${shell} rejects its script: ${check.stderr}`);
  }
  const bad = spawnSync(process.execPath, [labcBin, "completion", "powershell"], { encoding: "utf8" });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /no completion for 'powershell'; use one of: bash, zsh, fish/);
});
