import { readFileSync } from "node:fs";
import { repoPath } from "../../support/paths.js";
import { runTool } from "./tools.js";

/**
 * The test age identities: the examples' demo key and key-groups' CI key (two of that fixture's
 * three Shamir groups). Passed to sops in SOPS_AGE_KEY, so no key file is written anywhere.
 */
function testIdentities(): string {
  return [repoPath("examples", "homelab", "age.key"), repoPath("test", "fixtures", "key-groups", "age.key")].map((f) => readFileSync(f, "utf8").trim()).join("\n");
}

/** The plaintext of a sops-encrypted YAML file, decrypted by the real sops; kept in memory only. */
export function sopsDecrypt(file: string): string {
  const run = runTool("sops", ["--decrypt", "--input-type", "yaml", "--output-type", "yaml", file], { env: { SOPS_AGE_KEY: testIdentities() } });
  // sops' errors name the file and the reason, never the plaintext.
  if (run.status !== 0) throw new Error(`sops --decrypt ${file} failed: ${run.stderr.trim()}`);
  return run.stdout;
}
