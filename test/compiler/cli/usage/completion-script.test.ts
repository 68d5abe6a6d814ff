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
  assert.deepEqual(bashCompletes(["labc", "secret", "rotate", "--"]), ["--allow-outside-project", "--file", "--format", "--help", "--out"]);
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

/**
 * fish completes a command line itself (`complete -C`), so the script is tested as a user's Tab
 * would run it. zsh's completion system needs a terminal; its script is run with `words` and
 * CURRENT set, as zsh sets them, and compadd/_files replaced by functions that print what they
 * are given (compadd keeping the words that start with the current one, as zsh's matcher does).
 */
function shellCompletes(shell: "zsh" | "fish", words: string[], cwd = repoPath()): string[] {
  const script = spawnSync(process.execPath, [labcBin, "completion", shell], { encoding: "utf8" }).stdout;
  const dir = mkdtempSync(join(tmpdir(), `labc-${shell}-`));
  try {
    const file = join(dir, "labc-completion");
    writeFileSync(file, script);
    const quoted = words.map((w) => `'${w}'`).join(" ");
    const run =
      shell === "fish"
        ? spawnSync("fish", ["--no-config", "-c", `source '${file}'; complete -C "${words.join(" ")}"`], { cwd, encoding: "utf8", env: { PATH: process.env["PATH"], HOME: dir } })
        : spawnSync("zsh", ["-f", "-c", `compdef() { :; }
compadd() { [[ $1 == -- ]] && shift; local w; for w in "$@"; do [[ $w == "\${words[CURRENT]}"* ]] && print -r -- "$w"; done; return 0; }
_files() { print -r -- "_files $*"; }
source '${file}'
words=(${quoted}); CURRENT=$#words
_labc`], { cwd, encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
    return run.stdout.split("\n").filter((l) => l !== "").map((l) => l.split("\t")[0]!).sort();
  } finally {
    removeDir(dir);
  }
}

for (const shell of ["zsh", "fish"] as const) {
  test(`${shell}: the script completes commands, subcommands, flags and values`, (t) => {
    if (!onPath(shell)) {
      t.skip(`${shell} is not installed`);
      return;
    }
    assert.deepEqual(shellCompletes(shell, ["labc", "bu"]), ["build"]);
    assert.deepEqual(shellCompletes(shell, ["labc", "secret", "r"]), ["regenerate", "rm", "rotate"]);
    assert.deepEqual(shellCompletes(shell, ["labc", "check", "--format", ""]), ["github", "json", "text"]);
    assert.deepEqual(shellCompletes(shell, ["labc", "talos", "commands", "up"]), ["upgrade", "upgrade-k8s"]);
    assert.deepEqual(shellCompletes(shell, ["labc", "status", "--context", "home", "--js"]), ["--json"]);
    assert.deepEqual(shellCompletes(shell, ["labc", "help", "secret", "ro"]), ["rotate"]);
    if (shell === "zsh") assert.deepEqual(shellCompletes(shell, ["labc", "build", "--out", ""]), ["_files -/"], "--out asks zsh for folders");
    else assert.deepEqual(shellCompletes(shell, ["labc", "build", "--out", "exa"]), ["examples/"], "--out offers folders");
  });
}

test("completion: an unknown shell is a usage error", () => {
  const bad = spawnSync(process.execPath, [labcBin, "completion", "powershell"], { encoding: "utf8" });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /no completion for 'powershell'; use one of: bash, zsh, fish/);
});
