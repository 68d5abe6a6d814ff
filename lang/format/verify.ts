import { tokenize } from "../lexer/lexer.js";

/**
 * A last line of defence: the formatted text must hold the same tokens as the original (commas
 * aside, which the formatter adds and drops in lists) and the same comments. If a printer bug
 * ever broke that, the file is left alone instead of being rewritten wrongly.
 */
export function sameProgram(before: string, after: string): boolean {
  const a = tokenize(before);
  const b = tokenize(after);
  if (b.errors.length > 0) return false;
  const words = (tokens: typeof a.tokens) => tokens.filter((t) => t.tokenType.name !== "Comma").map((t) => t.image);
  const notes = (comments: typeof a.comments) => comments.map((c) => (c.image.startsWith("/*") ? c.image : c.image.trimEnd())).sort();
  return equal(words(a.tokens), words(b.tokens)) && equal(notes(a.comments), notes(b.comments));
}

function equal(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
