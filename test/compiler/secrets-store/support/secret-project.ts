import { spawnSync } from "node:child_process";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { userCacheHome, repoPath } from "../../../support/paths.js";
import { tempDir } from "../../../support/tree.js";
import { ageCliDecrypt } from "../../secrets/support/age-cli.js";

export const demoKeyFile = repoPath("examples", "homelab", "age.key");
export const demoIdentity = readFileSync(demoKeyFile, "utf8").split("\n").find((l) => l.startsWith("AGE-SECRET-KEY-"))!;
export const demoRecipient = "age1m4acj4mjupv5wgxtruey44wpq34tqkk7hkkj77566vy0t80gqfmsdmpcvk";

/** Env for the fixtures' env("…") secrets (the HA example reads two). */
export const fixtureSecrets: Record<string, string> = {
  LABC_FIXTURE_CLOUDFLARE_TOKEN: "fixture-cloudflare-token-0000",
  LABC_FIXTURE_TUNNEL: JSON.stringify({ AccountTag: "fixture-account", TunnelSecret: "Zml4dHVyZS10dW5uZWwtc2VjcmV0", TunnelID: "00000000-0000-4000-8000-000000000000" }),
};

/**
 * A throwaway copy of an example project (cluster.lab, store, Talos bundle; the demo age.key
 * only when asked), so tests can change it freely.
 */
export function copyExample(example: "homelab" | "ha", options: { withKey?: boolean; edit?: (lab: string) => string } = {}): string {
  const dir = tempDir(`secrets-${example}`);
  const files = ["cluster.lab", "secrets.sops.yaml", "talsecret.sops.yaml", ...(options.withKey ? ["age.key"] : [])];
  for (const f of files) copyFileSync(repoPath("examples", example, f), join(dir, f));
  if (options.edit) writeFileSync(join(dir, "cluster.lab"), options.edit(readFileSync(join(dir, "cluster.lab"), "utf8")));
  return dir;
}

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The real binary (bin/labc.js, the esbuild bundle), as a user runs it; HOME points at `cwd` so no personal key file is found. */
export function labc(args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; input?: string; timeout?: number }): Run {
  const run = spawnSync(process.execPath, [repoPath("bin", "labc.js"), ...args], {
    cwd: options.cwd,
    env: { PATH: process.env["PATH"], HOME: options.cwd, XDG_CONFIG_HOME: join(options.cwd, ".no-config"), XDG_CACHE_HOME: userCacheHome, ...options.env },
    encoding: "utf8",
    input: options.input ?? "",
    ...(options.timeout !== undefined ? { timeout: options.timeout } : {}),
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** The data key of a SOPS YAML file, unwrapped by Debian's age CLI from the first recipient's slot that `identity` opens. */
export function dataKeyOf(text: string, identity: string): Buffer {
  const doc = parse(text.split(/^---\n/m)[0]!) as { sops: { age: { enc: string }[] } };
  let last: unknown;
  for (const slot of doc.sops.age) {
    try {
      return ageCliDecrypt(slot.enc, identity);
    } catch (error) {
      last = error;
    }
  }
  throw last;
}

/** Recipients named in a SOPS YAML file's metadata. */
export function recipientsOf(text: string): string[] {
  return (parse(text.split(/^---\n/m)[0]!) as { sops: { age: { recipient: string }[] } }).sops.age.map((a) => a.recipient);
}

/** Lines that differ between two texts of equal line count (the quiet-diff checks compare line by line). */
export function changedLines(before: string, after: string): string[] {
  const a = before.split("\n");
  const b = after.split("\n");
  if (a.length !== b.length) return [`line count ${a.length} → ${b.length}`];
  return b.filter((line, i) => line !== a[i]);
}

/**
 * The keys of the lines a quiet re-encryption changed: the value's own line and the MAC, plus
 * `lastmodified` unless both writes fell in the same second (it has one-second resolution).
 */
export function quietChange(before: string, after: string): string[] {
  return changedLines(before, after)
    .map((l) => l.trim().split(":")[0]!)
    .filter((k) => k !== "lastmodified");
}
