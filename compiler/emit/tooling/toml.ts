/**
 * A TOML writer for the one shape `.mise.toml` needs: top-level tables of string values, each
 * entry optionally preceded by comment lines. Keys and values are written as TOML basic
 * strings; JSON string escapes are a subset of TOML's, so JSON.stringify quotes them correctly.
 */
export interface TomlEntry {
  readonly key: string;
  readonly value: string;
  readonly comments?: readonly string[];
}

export interface TomlTable {
  readonly name: string;
  readonly entries: readonly TomlEntry[];
  readonly comments?: readonly string[];
}

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

function key(k: string): string {
  return BARE_KEY.test(k) ? k : JSON.stringify(k);
}

function comment(line: string): string {
  if (line.includes("\n")) throw new Error("a TOML comment cannot span lines");
  return line.length > 0 ? `# ${line}` : "#";
}

export function toToml(tables: readonly TomlTable[], header: readonly string[] = []): string {
  const out: string[] = header.map(comment);
  for (const table of tables) {
    if (out.length > 0) out.push("");
    out.push(...(table.comments ?? []).map(comment), `[${key(table.name)}]`);
    for (const entry of table.entries) {
      out.push(...(entry.comments ?? []).map(comment), `${key(entry.key)} = ${JSON.stringify(entry.value)}`);
    }
  }
  return out.join("\n") + "\n";
}
