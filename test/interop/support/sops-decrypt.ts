import { join } from "node:path";
import { fixturesRoot } from "../../support/paths.js";
import { demoKeyFile, identitiesIn, sops } from "./sops-cli.js";

const testIdentities = [demoKeyFile, join(fixturesRoot, "key-groups", "age.key")].flatMap(identitiesIn).join("\n");

/** The plaintext of a sops-encrypted YAML file, decrypted by the real sops; kept in memory only. */
export function sopsDecrypt(file: string): string {
  // Both test identities: the examples' files need the demo key, key-groups' need two groups.
  const run = sops(["--decrypt", "--input-type", "yaml", "--output-type", "yaml", file], { cwd: process.cwd(), key: testIdentities });
  // sops' errors name the file and the reason, never the plaintext.
  if (run.status !== 0) throw new Error(`sops --decrypt ${file} failed: ${run.stderr.trim()}`);
  return run.stdout;
}
