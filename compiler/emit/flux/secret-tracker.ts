import type { SecretRef } from "../../model/model.js";
import type { SecretValues } from "../../model/output.js";

/**
 * Wraps SecretValues and remembers every plaintext handed out, so the emitter can prove that
 * none of it ended up in a TextOutput.
 */
export class SecretTracker {
  private readonly seen = new Map<string, string>();

  constructor(private readonly source: SecretValues) {}

  get(ref: SecretRef | string): string {
    const name = typeof ref === "string" ? ref : ref.secret;
    const value = this.source.get(name);
    this.seen.set(name, value);
    return value;
  }

  /** Name → plaintext of every secret read so far. */
  revealed(): ReadonlyMap<string, string> {
    return this.seen;
  }
}
