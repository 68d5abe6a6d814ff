import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { copyFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { build } from "../../../compiler/build/build.js";
import { lockWait } from "../../../compiler/cli/commands/build.js";
import { removeDir, tempDir } from "../../support/tree.js";
import { repoPath } from "../../support/paths.js";

const env = { PATH: process.env["PATH"], SOPS_AGE_KEY_FILE: repoPath("examples", "homelab", "age.key") };

/** Another process holds the project's lock for `ms`, then lets go; resolves once it holds it. */
function holdLock(dir: string, ms: number): Promise<void> {
  const lock = new URL("../../../compiler/build/project-lock.js", import.meta.url).href;
  const child = spawn(process.execPath, ["--input-type=module", "-e", `const { lockProject } = await import(${JSON.stringify(lock)}); const l = lockProject(${JSON.stringify(dir)}, "labc secret rotate"); console.log("held"); setTimeout(() => l.release(), ${ms});`], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (d: Buffer) => (String(d).includes("held") ? resolve() : undefined));
    child.on("exit", (code) => (code === 0 ? undefined : reject(new Error(`lock holder exited ${code}`))));
  });
}

test("a build told to wait for the project's lock builds once the holder lets go; without waiting it stops at once", async () => {
  const dir = tempDir("lock-wait");
  try {
    for (const f of ["cluster.lab", "secrets.sops.yaml", "talsecret.sops.yaml"]) copyFileSync(repoPath("examples", "homelab", f), join(dir, f));
    await holdLock(dir, 1500);
    const impatient = await build({ entry: join(dir, "cluster.lab"), out: join(dir, "out"), cwd: dir, env });
    assert.match(impatient.diagnostics.map((d) => d.message).join("\n"), /'labc secret rotate' .* holds/);
    const patient = await build({ entry: join(dir, "cluster.lab"), out: join(dir, "out"), cwd: dir, env, lockWaitMs: 30_000 });
    assert.ok(patient.written, patient.diagnostics.map((d) => d.message).join("\n"));
    assert.equal(existsSync(join(dir, ".labc.lock")), false);
  } finally {
    removeDir(dir);
  }
});

test("--wait and LABC_LOCK_WAIT are seconds; the flag wins; nonsense is a usage error", () => {
  assert.equal(lockWait(undefined, {}), 0);
  assert.equal(lockWait("2.5", { LABC_LOCK_WAIT: "9" }), 2500);
  assert.equal(lockWait(undefined, { LABC_LOCK_WAIT: "9" }), 9000);
  assert.throws(() => lockWait("soon", {}), /--wait takes a number of seconds, not 'soon'/);
});
