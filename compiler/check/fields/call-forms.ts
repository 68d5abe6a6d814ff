/**
 * The call-shaped values the readers accept, spelled once: the readers check against them and the
 * language server offers them as completions.
 */

export interface SecretSourceForm {
  readonly callee: "env" | "file" | "generate" | "store";
  /** What completion shows. */
  readonly label: string;
  /** What completion inserts (an LSP snippet). */
  readonly snippet: string;
  readonly doc: string;
}

export const SECRET_SOURCE_FORMS: readonly SecretSourceForm[] = [
  { callee: "env", label: "env", snippet: 'env("$1")', doc: "read from an environment variable at build time" },
  { callee: "file", label: "file", snippet: 'file("$1")', doc: "read from a file beside cluster.lab" },
  { callee: "generate", label: "generate(token)", snippet: "generate(token, 32)", doc: "a random token, generated once and kept in the secret store" },
  { callee: "generate", label: "generate(ssh-ed25519)", snippet: "generate(ssh-ed25519)", doc: "an SSH key pair, generated once" },
  { callee: "store", label: "store", snippet: "store()", doc: "a value kept encrypted in the secret store" },
];

export const SECRET_SOURCE_CALLEES: readonly string[] = [...new Set(SECRET_SOURCE_FORMS.map((f) => f.callee))];

/** What `generate(…)` makes. */
export const GENERATORS = ["token", "ssh-ed25519"] as const;
export type Generator = (typeof GENERATORS)[number];

/** Fields of a disk selector block (`disk { serial = "…" }`): the model's key and what it means. */
export const DISK_SELECTOR_FIELDS = {
  serial: { key: "serial", doc: "the disk's serial number" },
  model: { key: "model", doc: "the disk's model name" },
  "bus-path": { key: "busPath", doc: "the disk's bus path" },
} as const;
