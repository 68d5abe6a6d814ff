/**
 * Cursor markers in fixture text, as in Langium's tests: `<|>` marks a position. Returns the
 * text without markers and each marker's offset and LSP position.
 */
export interface Marked {
  readonly text: string;
  readonly offsets: readonly number[];
  at(i: number): { line: number; character: number };
}

export function marked(source: string): Marked {
  const offsets: number[] = [];
  let text = "";
  let rest = source;
  for (;;) {
    const i = rest.indexOf("<|>");
    if (i < 0) break;
    text += rest.slice(0, i);
    offsets.push(text.length);
    rest = rest.slice(i + 3);
  }
  text += rest;
  return { text, offsets, at: (i) => positionOf(text, offsets[i]!) };
}

export function positionOf(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length - 1;
  return { line, character: offset - (before.lastIndexOf("\n") + 1) };
}
