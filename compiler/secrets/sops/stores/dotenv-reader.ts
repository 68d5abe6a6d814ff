// sops' dotenv store: one `KEY=value` per line (`\n` escapes a newline), `#` lines are comments,
// and the metadata is flattened into `sops_…` keys (`sops_age__list_0__map_enc=…`).
import { SopsFormatError } from "../../errors.js";
import type { SopsComment, SopsMapping, SopsPair } from "../tree.js";

const MAP_SEPARATOR = "__map_";
const LIST_SEPARATOR = "__list_";

type Token = { map: string } | { list: number };

/** stores.tokenize: splits a flattened key at the __map_ / __list_ separators. */
function tokenize(path: string): Token[] {
  const tokens: Token[] = [];
  let state: "normal" | "map" | "list" = "normal";
  let start = 0;
  let i = 0;
  const finish = () => {
    if (state === "list") tokens.push({ list: Number.parseInt(path.slice(start + LIST_SEPARATOR.length, i), 10) });
    else tokens.push({ map: path.slice(state === "map" ? start + MAP_SEPARATOR.length : start, i) });
    start = i;
  };
  while (i < path.length) {
    if (path.startsWith(MAP_SEPARATOR, i)) {
      finish();
      state = "map";
      i += MAP_SEPARATOR.length;
    } else if (path.startsWith(LIST_SEPARATOR, i)) {
      finish();
      state = "list";
      i += LIST_SEPARATOR.length;
    } else i++;
  }
  finish();
  return tokens;
}

/** stores.Unflatten, producing plain JS for readMetadata. */
export function unflatten(flat: ReadonlyMap<string, string>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of flat) {
    const tokens = tokenize(key);
    let current: Record<string, unknown> | unknown[] = root;
    tokens.forEach((token, i) => {
      const next = tokens[i + 1];
      const slot = "map" in token ? token.map : token.list;
      const container = current as Record<string | number, unknown>;
      if (next === undefined) {
        container[slot] = value;
        return;
      }
      if (container[slot] === undefined || container[slot] === null) container[slot] = "map" in next ? {} : [];
      current = container[slot] as Record<string, unknown> | unknown[];
    });
  }
  return root;
}

export interface DotenvFile {
  readonly branch: SopsMapping;
  readonly metadata: Record<string, unknown> | undefined;
}

export function readDotenv(text: string): DotenvFile {
  const items: (SopsPair | SopsComment)[] = [];
  const metadata = new Map<string, string>();
  for (const line of text.split("\n")) {
    if (line.length === 0) continue;
    if (line.startsWith("#")) {
      items.push({ kind: "comment", value: line.slice(1) });
      continue;
    }
    const eq = line.indexOf("=");
    if (eq === -1) throw new SopsFormatError("invalid dotenv line (no `=`)");
    const key = line.slice(0, eq);
    const value = line.slice(eq + 1).replaceAll("\\n", "\n");
    if (key.startsWith("sops_")) metadata.set(key.slice("sops_".length), value);
    else items.push({ kind: "pair", key, value: { kind: "str", value } });
  }
  return { branch: { kind: "map", items }, metadata: metadata.size > 0 ? unflatten(metadata) : undefined };
}
