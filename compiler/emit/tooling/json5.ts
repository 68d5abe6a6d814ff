/**
 * A JSON5 writer for config files people read: unquoted identifier keys, trailing commas and
 * `//` comments above entries. Strings go through JSON.stringify, which JSON5 reads unchanged.
 */
export class Commented {
  constructor(
    readonly comment: string,
    readonly value: unknown,
  ) {}
}

/** Marks a value so that `comment` is written on the line above its entry. */
export function commented(comment: string, value: unknown): Commented {
  return new Commented(comment, value);
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function key(k: string): string {
  return IDENTIFIER.test(k) ? k : JSON.stringify(k);
}

function comments(c: Commented | undefined, pad: string): string[] {
  return c ? c.comment.split("\n").map((line) => `${pad}// ${line}`) : [];
}

function render(value: unknown, indent: number): string {
  const pad = "  ".repeat(indent + 1);
  const close = "  ".repeat(indent);
  if (value instanceof Commented) throw new Error("a comment belongs to an object entry or an array item");
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    // Short scalar lists stay on one line, as people write them.
    if (value.every((v) => typeof v === "string" || typeof v === "number") && JSON.stringify(value).length <= 72) {
      return `[${value.map((v) => JSON.stringify(v)).join(", ")}]`;
    }
    const lines = value.flatMap((item) => {
      const c = item instanceof Commented ? item : undefined;
      return [...comments(c, pad), `${pad}${render(c ? c.value : item, indent + 1)},`];
    });
    return `[\n${lines.join("\n")}\n${close}]`;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return "{}";
    const lines = entries.flatMap(([k, v]) => {
      const c = v instanceof Commented ? v : undefined;
      return [...comments(c, pad), `${pad}${key(k)}: ${render(c ? c.value : v, indent + 1)},`];
    });
    return `{\n${lines.join("\n")}\n${close}}`;
  }
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean" || value === null) return JSON.stringify(value);
  throw new Error(`JSON5: cannot write ${typeof value}`);
}

export function toJson5(value: unknown, header: readonly string[] = []): string {
  return [...header.map((line) => `// ${line}`), render(value, 0)].join("\n") + "\n";
}
