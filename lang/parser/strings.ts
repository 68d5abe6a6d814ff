const escapes: Record<string, string> = { n: "\n", t: "\t", r: "\r", '"': '"', "\\": "\\", $: "$", "0": "\0" };

/** Resolves backslash escapes; returns the offsets (within `raw`) of unknown ones. */
export function unescapeString(raw: string): { value: string; badEscapes: number[] } {
  if (!raw.includes("\\")) return { value: raw, badEscapes: [] };
  let value = "";
  const badEscapes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (ch !== "\\" || i === raw.length - 1) {
      value += ch;
      continue;
    }
    const next = raw[i + 1]!;
    if (next === "u" && /^[0-9a-fA-F]{4}$/.test(raw.slice(i + 2, i + 6))) {
      value += String.fromCharCode(parseInt(raw.slice(i + 2, i + 6), 16));
      i += 5;
      continue;
    }
    const mapped = escapes[next];
    if (mapped === undefined) {
      badEscapes.push(i);
      value += next;
    } else value += mapped;
    i++;
  }
  return { value, badEscapes };
}

/**
 * A `"""` string: a leading newline is dropped and the common indentation of its lines is
 * removed, so a multi-line value can be indented with the code around it.
 */
export function dedentTripleString(raw: string): string {
  let body = raw.startsWith("\r\n") ? raw.slice(2) : raw.startsWith("\n") ? raw.slice(1) : raw;
  const lines = body.split("\n");
  // The closing quotes on their own line leave a whitespace-only last line: not content.
  if (lines.length > 1 && /^[ \t]*$/.test(lines[lines.length - 1]!)) lines[lines.length - 1] = "";
  const indents = lines.filter((l) => l.trim() !== "").map((l) => /^[ \t]*/.exec(l)![0].length);
  const common = indents.length ? Math.min(...indents) : 0;
  body = lines.map((l) => l.slice(Math.min(common, /^[ \t]*/.exec(l)![0].length))).join("\n");
  return body;
}
