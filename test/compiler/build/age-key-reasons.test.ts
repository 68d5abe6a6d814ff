import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { build } from "../../../compiler/build/build.js";
import { removeDir } from "../../support/tree.js";
import { copyExample, demoKeyFile } from "../secrets-store/support/secret-project.js";

/** LAB4002 says why each key source the user set gave no key, instead of skipping it silently. */
async function lab4002(env: NodeJS.ProcessEnv, prepare: (dir: string) => void = () => {}): Promise<string> {
  const dir = copyExample("homelab");
  try {
    prepare(dir);
    const report = await build({ entry: join(dir, "cluster.lab"), out: join(dir, "out"), cwd: dir, env: { PATH: process.env["PATH"], HOME: dir, XDG_CONFIG_HOME: join(dir, ".no-config"), ...env } });
    const errors = report.diagnostics.filter((d) => d.severity === "error");
    assert.deepEqual(errors.map((d) => d.code), ["LAB4002"], errors.map((d) => d.message).join("\n"));
    assert.doesNotMatch(errors[0]!.message, /AGE-SECRET-KEY-1[0-9A-Z]{20}/, "no key material");
    return errors[0]!.message;
  } finally {
    removeDir(dir);
  }
}

test("a malformed SOPS_AGE_KEY: LAB4002 says its line is no age identity", async () => {
  const message = await lab4002({ SOPS_AGE_KEY: "AGE-SECRET-KEY-1NOTAKEY" });
  assert.match(message, /skipped SOPS_AGE_KEY: line 1 is not an age identity/);
});

test("a failing SOPS_AGE_KEY_CMD: LAB4002 gives its exit status (and never its output)", async () => {
  const message = await lab4002({ SOPS_AGE_KEY_CMD: "sh -c 'echo AGE-SECRET-KEY-1LEAKED >&2; exit 3'" });
  assert.match(message, /SOPS_AGE_KEY_CMD: command failed: it exited with status 3/);
  assert.doesNotMatch(message, /LEAKED/);
  const missing = await lab4002({ SOPS_AGE_KEY_CMD: "/nonexistent/labc-key-helper" });
  assert.match(missing, /SOPS_AGE_KEY_CMD: command failed: the program was not found \(ENOENT\)/);
});

test("an unreadable key file: LAB4002 says why it was skipped", async () => {
  // A directory fails for root too; mode 000 only for other users.
  const message = await lab4002({}, (dir) => mkdirSync(join(dir, "age.key")));
  assert.match(message, /age\.key: cannot read: it is a directory/);
  if (process.getuid?.() !== 0) {
    const denied = await lab4002({}, (dir) => {
      copyFileSync(demoKeyFile, join(dir, "age.key"));
      chmodSync(join(dir, "age.key"), 0o000);
    });
    assert.match(denied, /age\.key: cannot read: permission denied \(EACCES\)/);
  }
});
