import type { TextEdit } from "vscode-languageserver";
import { format } from "../../../lang/format/format.js";

/**
 * Document formatting through `labc fmt`'s formatter: one edit covering the changed middle of
 * the text (common prefix and suffix left alone, so the cursor and folds survive). A file with
 * syntax errors is left alone: no edits.
 */
export function formatting(text: string): TextEdit[] {
  const result = format(text, "<document>");
  if (!result.ok || result.text === text) return [];
  const out = result.text;
  let start = 0;
  while (start < text.length && start < out.length && text[start] === out[start]) start++;
  let end = 0;
  while (end < text.length - start && end < out.length - start && text[text.length - 1 - end] === out[out.length - 1 - end]) end++;
  return [{ range: { start: position(text, start), end: position(text, text.length - end) }, newText: out.slice(start, out.length - end) }];
}

function position(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: offset - lineStart };
}
