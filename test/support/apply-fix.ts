import type { Fix } from "../../lang/diagnostics/diagnostic.js";

/** `text` with a fix's edits applied (by offset, last first so earlier offsets stay true), as an editor would. */
export function applyFix(text: string, fix: Fix): string {
  return [...fix.edits]
    .sort((a, b) => b.span.start.offset - a.span.start.offset)
    .reduce((t, e) => t.slice(0, e.span.start.offset) + e.newText + t.slice(e.span.end.offset), text);
}
