import type { Diagnostic } from "./diagnostic.js";

/**
 * Diagnostics as GitHub Actions workflow commands (`::error file=…,line=…::message`), which the
 * runner turns into annotations on the pull request's lines. Escaped as the runner's toolkit
 * does: in the message `%`, CR and LF; in a property also `:` and `,`, which separate properties.
 */
export function githubAnnotation(d: Diagnostic): string {
  const level = d.severity === "error" ? "error" : d.severity === "warning" ? "warning" : "notice";
  const { file, start, end } = d.span;
  const props: [string, string | number][] = [
    ["file", file],
    ["line", start.line],
    ["col", start.column],
    ["endLine", end.line],
    ["endColumn", end.column],
    ["title", d.code],
  ];
  const message = d.fix ? `${d.message}\nfix: ${d.fix.message}` : d.message;
  return `::${level} ${props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(",")}::${escapeData(message)}`;
}

export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
