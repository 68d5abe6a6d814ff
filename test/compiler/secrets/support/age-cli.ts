// Debian's `age` (the Go reference implementation) as an independent oracle for our age layer.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const AGE_CLI_MISSING = "the `age` CLI is not installed (apt-get install -y age); skipping the age CLI oracle";

export function ageCliAvailable(): boolean {
  const r = spawnSync("age", ["--version"], { encoding: "utf8" });
  return r.status === 0;
}

/** `age -d -i <keyfile>` on an armored age file; the key file lives in a temp dir removed afterwards. */
export function ageCliDecrypt(armored: string, identity: string): Buffer {
  const dir = mkdtempSync(join(tmpdir(), "labc-age-"));
  try {
    const keyFile = join(dir, "key.txt");
    writeFileSync(keyFile, identity + "\n", { mode: 0o600 });
    const r = spawnSync("age", ["-d", "-i", keyFile], { input: armored });
    if (r.status !== 0) throw new Error(`age -d failed: ${r.stderr.toString().trim()}`);
    return r.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `age-keygen`, so keys made by the Go implementation are tested too. */
export function ageKeygen(): string {
  const r = spawnSync("age-keygen", [], { encoding: "utf8" });
  if (r.status !== 0) throw new Error("age-keygen failed");
  return r.stdout.split("\n").find((l) => l.startsWith("AGE-SECRET-KEY-"))!;
}
