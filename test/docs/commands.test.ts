// Every labc command in README.md and docs/ that needs no cluster, run as written, in the
// situation its page describes. Commands that talk to a cluster (bootstrap apps, status, diff)
// and the talosctl lines `labc talos commands … | sh` would run are left out; the labc part of
// those lines is run (it prints the talosctl commands).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { repoPath } from "../support/paths.js";
import { removeDir, tempDir } from "../support/tree.js";
import { labcOnPath } from "../support/labc-on-path.js";

/** The shell lines of a page's code blocks that start with labc (comments dropped). */
function docCommands(page: string): string[] {
  const lines: string[] = [];
  let shellBlock: boolean | undefined; // undefined: outside any fence
  for (const raw of readFileSync(repoPath(page), "utf8").split("\n")) {
    const fence = /^\s*```(\w*)/.exec(raw);
    if (fence) {
      shellBlock = shellBlock === undefined ? ["sh", "bash"].includes(fence[1]!) : undefined;
      continue;
    }
    if (!shellBlock) continue;
    const line = raw.replace(/\s+#.*$/, "").trim();
    if (/^(until )?labc /.test(line) || /^cp -r examples\//.test(line)) lines.push(line);
  }
  return lines;
}

/** A usage synopsis (`labc build [file] …`, `set|list|…`), not a command. */
const SYNOPSIS = /\[|\w\|\w|…/;
const NEEDS_CLUSTER = /^labc (bootstrap|status|diff)\b/;

/** The labc part of a line: `labc x | sh` runs labc only; `until labc x | sh; do …; done` the same. */
function runnable(line: string): string {
  return line.replace(/^until /, "").replace(/\s*\|\s*sh(; do .*)?$/, "").replace(/ && labc talos commands apply --insecure$/, " && labc talos commands apply --insecure");
}

function shell(dir: string, home: string, bin: string) {
  return (command: string, env: Record<string, string> = {}) => {
    const run = spawnSync("bash", ["-c", `set -eo pipefail\n${command}`], {
      cwd: dir,
      env: { PATH: `${bin}:${process.env["PATH"]}`, HOME: home, XDG_CONFIG_HOME: join(home, ".config"), EDITOR: "true", ...env },
      encoding: "utf8",
      timeout: 60_000,
    });
    return { code: run.status, out: `${run.stdout}${run.stderr}` };
  };
}

function withLabc(run: (home: string, bin: string) => void): void {
  const home = tempDir("docs-home");
  const bin = labcOnPath(join(home, ".bin"));
  try {
    run(home, bin);
  } finally {
    removeDir(home);
  }
}

const TUNNEL = JSON.stringify({ AccountTag: "docs", TunnelSecret: "Zml4dHVyZS10dW5uZWwtc2VjcmV0", TunnelID: "00000000-0000-4000-8000-000000000000" });

test("README.md: starting a repository, as written (the synopsis lines aside)", () => {
  withLabc((home, bin) => {
    const dir = join(home, "home-ops");
    mkdirSync(dir);
    spawnSync("git", ["init", "-q", dir]);
    // The inputs the page assumes the reader has: a Cloudflare token and tunnel credentials.
    writeFileSync(join(dir, "token.txt"), "docs-cloudflare-token\n");
    writeFileSync(join(dir, "cloudflare-tunnel.json"), TUNNEL);
    mkdirSync(join(home, ".config", "fish", "completions"), { recursive: true });
    const sh = shell(dir, home, bin);
    const commands = docCommands("README.md").filter((c) => !SYNOPSIS.test(c));
    assert.ok(commands.length >= 6, commands.join("\n"));
    for (const command of commands) {
      const run = sh(runnable(command), { SOPS_AGE_KEY_FILE: join(dir, "age.key") });
      assert.equal(run.code, 0, `${command}\n${run.out}`);
    }
  });
});

const PAGES: readonly { page: string; example: "homelab" | "ha"; setup?: (sh: ReturnType<typeof shell>, dir: string) => void }[] = [
  { page: "docs/day-2.md", example: "homelab" },
  {
    page: "docs/secrets.md",
    example: "ha",
    setup: (sh, dir) => {
      writeFileSync(join(dir, "token.txt"), "docs-cloudflare-token\n");
      // The page removes a value it calls old-token: the reader has one.
      assert.equal(sh("echo retired | labc secret set old-token").code, 0);
      assert.equal(sh("labc build").code, 0, "the page's decrypt reads a built tree");
    },
  },
];

for (const { page, example, setup } of PAGES) {
  test(`${page}: every command that needs no cluster, in a copy of examples/${example} built in place`, () => {
    withLabc((home, bin) => {
      const dir = join(home, "lab");
      cpSync(repoPath("examples", example), dir, { recursive: true });
      spawnSync("git", ["init", "-q", dir]);
      const sh = shell(dir, home, bin);
      setup?.(sh, dir);
      const commands = docCommands(page).filter((c) => !SYNOPSIS.test(c) && !NEEDS_CLUSTER.test(c));
      assert.ok(commands.length >= 3, commands.join("\n"));
      for (const command of commands) {
        const run = sh(runnable(command));
        assert.equal(run.code, 0, `${command}\n${run.out}`);
      }
    });
  });
}

test("docs/talos.md: the walkthrough from a copy of the example to the talosctl lines", () => {
  withLabc((home, bin) => {
    const sh = shell(home, home, bin);
    const commands = docCommands("docs/talos.md").filter((c) => !SYNOPSIS.test(c));
    assert.match(commands[0]!, /^cp -r examples\/ha ~\/lab && cd ~\/lab && git init -q$/, "the walkthrough starts from a copy");
    // One shell, as a reader types them: `cd ~/lab` holds for the rest.
    const script = commands.map((c) => (c.startsWith("cp -r ") ? c.replace("cp -r examples/ha", `cp -r ${repoPath("examples", "ha")}`) : runnable(c))).join("\n");
    const run = sh(script);
    assert.equal(run.code, 0, `${script}\n${run.out}`);
    assert.match(run.out, /talosctl apply-config .*--insecure/);
    assert.match(run.out, /talosctl bootstrap/);
  });
});
