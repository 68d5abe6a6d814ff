import type { SecretRef } from "../../model/model.js";
import type { SecretValues } from "../../model/output.js";

/**
 * Reads secrets by name or by a param's SecretRef. Leaks are caught once for all emitters by the
 * build's scan of every unencrypted output (compiler/build/leak-scan.ts).
 */
export class SecretTracker {
  constructor(private readonly source: SecretValues) {}

  get(ref: SecretRef | string): string {
    return this.source.get(typeof ref === "string" ? ref : ref.secret);
  }
}
