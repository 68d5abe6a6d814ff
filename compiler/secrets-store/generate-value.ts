import { randomBytes } from "node:crypto";
import { generateOpenSshEd25519 } from "../secrets/ssh/ssh-key.js";

/**
 * A new value for `generate(…)`: `length` random bytes as hex, or an ssh-ed25519 key in OpenSSH
 * format, which Flux, GitHub and ssh all read; its comment is the secret's name.
 */
export function generateValue(name: string, kind: "token" | "ssh-ed25519", length: number): string {
  if (kind === "token") return randomBytes(length).toString("hex");
  return generateOpenSshEd25519(name);
}
