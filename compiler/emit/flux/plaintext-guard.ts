import type { OutputFile } from "../../model/output.js";

/**
 * Refuses output where a secret's plaintext sits in a file that will be committed unencrypted.
 * Very short values are skipped: they would match by accident and carry no secrecy anyway.
 */
export function assertNoPlaintext(outputs: readonly OutputFile[], revealed: ReadonlyMap<string, string>): void {
  for (const out of outputs) {
    if (out.kind !== "text") continue;
    for (const [name, value] of revealed) {
      if (value.trim().length < 8) continue;
      if (out.content.includes(value.trim())) {
        throw new Error(`secret "${name}" would be written in plaintext to ${out.path}; only *.sops.yaml files may carry it`);
      }
    }
  }
}
