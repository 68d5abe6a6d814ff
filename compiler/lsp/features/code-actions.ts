import type { CodeAction, Diagnostic as LspDiagnostic, Range, TextEdit } from "vscode-languageserver";
import type { Diagnostic } from "../../../lang/diagnostics/diagnostic.js";
import { toLspDiagnostic, toRange } from "../convert.js";
import type { Analysis } from "../workspace/analysis.js";

interface CarriedFix {
  readonly message: string;
  readonly edits: readonly { readonly file: string; readonly range: Range; readonly newText: string }[];
}

/**
 * Quick fixes are the checker's own `fix` on each diagnostic (did-you-mean, add a missing
 * field, canonicalise a CIDR, …): the server never invents a fix the CLI would not print.
 */
export function codeActions(analysis: Analysis, path: string, range: Range, sent: readonly LspDiagnostic[], uriOf: (path: string) => string): CodeAction[] {
  const mine = analysis.diagnostics.filter((d) => d.span.file === path && d.fix);
  const actions: CodeAction[] = [];
  const used = new Set<Diagnostic>();
  for (const s of sent) {
    const match = mine.find((d) => d.code === s.code && sameRange(toRange(d.span), s.range));
    if (match) {
      used.add(match);
      actions.push(...actionsOf(match, uriOf));
      continue;
    }
    const data = s.data as { fix?: CarriedFix; alternatives?: readonly CarriedFix[] } | undefined;
    if (data?.fix) [data.fix, ...(data.alternatives ?? [])].forEach((f, i) => actions.push(fromCarried(s, f, i === 0, uriOf)));
  }
  if (sent.length === 0) {
    for (const d of mine) if (!used.has(d) && overlaps(toRange(d.span), range)) actions.push(...actionsOf(d, uriOf));
  }
  return actions;
}

/** The preferred fix first, then the alternatives. */
function actionsOf(d: Diagnostic, uriOf: (path: string) => string): CodeAction[] {
  return [d.fix!, ...(d.alternatives ?? [])].map((fix, i) => {
    const changes: Record<string, TextEdit[]> = {};
    for (const e of fix.edits) (changes[uriOf(e.span.file)] ??= []).push({ range: toRange(e.span), newText: e.newText });
    return { title: capitalise(fix.message), kind: "quickfix", diagnostics: [toLspDiagnostic(d, uriOf)], isPreferred: i === 0, edit: { changes } };
  });
}

function fromCarried(sent: LspDiagnostic, fix: CarriedFix, preferred: boolean, uriOf: (path: string) => string): CodeAction {
  const changes: Record<string, TextEdit[]> = {};
  for (const e of fix.edits) (changes[uriOf(e.file)] ??= []).push({ range: e.range, newText: e.newText });
  return { title: capitalise(fix.message), kind: "quickfix", diagnostics: [sent], isPreferred: preferred, edit: { changes } };
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

function overlaps(a: Range, b: Range): boolean {
  const before = (x: Range["start"], y: Range["start"]) => x.line < y.line || (x.line === y.line && x.character <= y.character);
  return before(a.start, b.end) && before(b.start, a.end);
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
