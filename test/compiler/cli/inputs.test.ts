import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { repoPath, userCacheHome } from "../../support/paths.js";
import { removeDir, tempDir } from "../../support/tree.js";

/** The CLI on hostile input: coded diagnostics, JSON when asked, no hang, no lab.config.ts run for a named file. */
function labc(args: string[], cwd: string) {
  const run = spawnSync(process.execPath, [repoPath("bin", "labc.js"), ...args], {
    cwd,
    env: { PATH: process.env["PATH"], HOME: cwd, XDG_CACHE_HOME: userCacheHome },
    encoding: "utf8",
    timeout: 20_000,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr, signal: run.signal };
}

const base = readFileSync(repoPath("test", "errors", "cases", "_base.lab"), "utf8");

function project(run: (dir: string) => void): void {
  const dir = tempDir("cli-inputs");
  try {
    writeFileSync(join(dir, "cluster.lab"), base);
    run(dir);
  } finally {
    removeDir(dir);
  }
}

test("check --format json on too-deep nesting gives JSON with LAB0008, not a stack overflow", () => {
  project((dir) => {
    writeFileSync(join(dir, "deep.lab"), `${base}\nnetwork deep { x = ${"[".repeat(480)}${"]".repeat(480)} }\n`);
    const r = labc(["check", "deep.lab", "--format", "json"], dir);
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as { diagnostics: { code: string }[] };
    assert.ok(report.diagnostics.some((d) => d.code === "LAB0008"), r.stdout);
  });
});

test("an entry that is a FIFO is LAB5003 naming it, exit 2, at once; JSON too", () => {
  project((dir) => {
    execFileSync("mkfifo", [join(dir, "pipe.lab")]);
    const text = labc(["check", "pipe.lab"], dir);
    assert.equal(text.signal, null, "no hang");
    assert.equal(text.code, 2);
    assert.match(text.stderr, /^pipe\.lab: error LAB5003: cannot read pipe\.lab: it is a FIFO \(named pipe\), not a regular file\n$/);
    const json = labc(["check", "pipe.lab", "--format", "json"], dir);
    assert.equal(json.code, 2);
    assert.equal((JSON.parse(json.stdout) as { diagnostics: { code: string }[] }).diagnostics[0]!.code, "LAB5003");
  });
});

test("check FILE and secret list -f FILE do not run lab.config.ts; check without FILE does", () => {
  project((dir) => {
    writeFileSync(join(dir, "lab.config.ts"), 'import { writeFileSync } from "node:fs";\nwriteFileSync("ran", "config code ran");\nexport default { entry: "cluster.lab" };\n');
    const marker = join(dir, "ran");
    assert.equal(labc(["check", "cluster.lab"], dir).code, 0);
    assert.equal(existsSync(marker), false, "check FILE ran lab.config.ts");
    const list = labc(["secret", "list", "-f", "cluster.lab"], dir);
    assert.equal(list.code, 0, list.stderr);
    assert.equal(existsSync(marker), false, "secret list -f FILE ran lab.config.ts");
    assert.equal(labc(["check"], dir).code, 0);
    assert.equal(existsSync(marker), true, "the config is the entry point of a bare check");
  });
});

test("--allow-outside-project lets an import leave the project; without it, LAB1011", () => {
  project((dir) => {
    const inner = join(dir, "inner");
    mkdirSync(inner);
    writeFileSync(join(inner, "cluster.lab"), 'import "../common.lab"\n');
    writeFileSync(join(dir, "common.lab"), base);
    const refused = labc(["check", "cluster.lab"], inner);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr + refused.stdout, /cluster\.lab:1:8: error LAB1011: cannot import \.\.\/common\.lab: it leads outside the project directory; .*--allow-outside-project/);
    const allowed = labc(["check", "--allow-outside-project", "cluster.lab"], inner);
    assert.equal(allowed.code, 0, allowed.stderr + allowed.stdout);
  });
});

test("fmt on a FIFO and check beside a FIFO secret store and .sops.yaml finish at once", () => {
  project((dir) => {
    execFileSync("mkfifo", [join(dir, "pipe.lab")]);
    const fmt = labc(["fmt", "--check", "pipe.lab"], dir);
    assert.equal(fmt.signal, null, "no hang");
    assert.match(fmt.stderr + fmt.stdout, /pipe\.lab:1:1: error LAB5003: cannot read pipe\.lab: it is a FIFO/);
    execFileSync("mkfifo", [join(dir, "secrets.sops.yaml")]);
    execFileSync("mkfifo", [join(dir, ".sops.yaml")]);
    const check = labc(["check", "cluster.lab"], dir);
    assert.equal(check.signal, null, "no hang");
    assert.notEqual(check.code, null);
  });
});

test("fmt on a folder linked into itself formats each file once, with no ELOOP", () => {
  project((dir) => {
    mkdirSync(join(dir, "sub"));
    writeFileSync(join(dir, "sub", "apps.lab"), "app   coredns {}\n");
    symlinkSync("..", join(dir, "sub", "loop"));
    const r = labc(["fmt", "--check", "."], dir);
    assert.equal(r.signal, null, "no hang");
    assert.doesNotMatch(r.stderr, /ELOOP|internal error/);
    assert.deepEqual(r.stdout.trim().split("\n").filter((l) => l.endsWith("apps.lab")), ["sub/apps.lab"]);
  });
});
