import { hasErrors } from "../../../lang/diagnostics/diagnostic.js";
import { compareDiagnostics } from "../../../lang/diagnostics/diagnostic.js";
import { diagnosticToJson } from "../../../lang/diagnostics/render.js";
import { formatFlag, parseCommandArgs } from "../args.js";
import { check as spec } from "../usage/command-table.js";
import { githubAnnotation } from "../../../lang/diagnostics/github-annotation.js";
import { printDiagnostics } from "../terminal.js";
import { resolveTarget } from "../target.js";
import { compileWorkspace } from "../../pipeline/compile.js";
import { Reporter } from "../../../lang/diagnostics/reporter.js";
import { checkProjectSecrets } from "../../secrets-store/project-checks.js";
import { trackedPrivateKeysAsync } from "../../secrets-store/tracked-keys.js";
import { ParsedMemo } from "../../files/parsed-memo.js";
import { dirname, resolve } from "node:path";
import { configuredOut, inPlaceOut } from "../configured-out.js";
import { EntryReadError } from "../../files/entry-read-error.js";
import { codes } from "../../../lang/diagnostics/codes.js";

/** `labc check`: parse and check only; needs no keys and writes nothing. */
export async function runCheck(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, spec);
  const format = formatFlag(values, ["text", "json", "github"]);
  const target = await resolveTarget(positionals[0], ".");
  // Git answers while the sources are parsed (the workspace's root is the entry's folder).
  const entryDir = dirname(resolve(target.entry));
  const memo = ParsedMemo.forProject(entryDir);
  const trackedKeys = trackedPrivateKeysAsync(entryDir, memo);
  let compiled;
  try {
    compiled = compileWorkspace(target.entry);
  } catch (error) {
    // An entry that cannot be read: still JSON for tools that asked for it.
    if (error instanceof EntryReadError && format !== "text") {
      const at = { line: 1, column: 1 };
      const diagnostic = { code: codes.readFailed.code, severity: "error", message: error.message, file: error.path, start: at, end: at };
      if (format === "github") process.stdout.write(`${githubAnnotation({ ...diagnostic, severity: "error", span: { file: error.path, start: { ...at, offset: 0 }, end: { ...at, offset: 0 } } })}\n`);
      else process.stdout.write(`${JSON.stringify({ ok: false, errors: 1, warnings: 0, diagnostics: [diagnostic] }, null, 2)}\n`);
      return 2;
    }
    throw error;
  }
  const { workspace, checked: result } = compiled;
  // Secret files on disk: recipients drift (needs a clean model) and private keys tracked by Git.
  const files = new Reporter();
  const cluster = result.declarations.cluster;
  const anchor = cluster?.recipientsSpan ?? cluster?.span;
  if (anchor) {
    // lab.config.ts is code: run it only when it is the entry point, never for `labc check FILE`.
    const outDir = values.out ?? (positionals[0] === undefined ? await configuredOut() : undefined) ?? inPlaceOut(workspace.root);
    const tracked = workspace.root === entryDir ? await trackedKeys : undefined;
    checkProjectSecrets({ root: workspace.root, ...(outDir ? { outDir } : {}), ...(tracked ? { trackedKeys: tracked } : {}), keyGroups: result.model?.keyGroups ?? [], shamirThreshold: result.model?.shamirThreshold ?? 1, span: anchor, memo }, files);
  }
  memo.save();
  const diagnostics = [...compiled.diagnostics, ...files.diagnostics].sort(compareDiagnostics);
  const failed = hasErrors(diagnostics);
  if (format === "github") {
    // stdout is read by the Actions runner; the summary line is for the log reader.
    for (const d of diagnostics) process.stdout.write(`${githubAnnotation(d)}\n`);
    process.stderr.write(`${target.entry}: ${failed ? "failed" : "ok"} (${diagnostics.filter((d) => d.severity === "error").length} errors, ${diagnostics.filter((d) => d.severity === "warning").length} warnings)\n`);
  } else if (format === "json") {
    const errors = diagnostics.filter((d) => d.severity === "error").length;
    process.stdout.write(
      `${JSON.stringify({ ok: !failed, errors, warnings: diagnostics.filter((d) => d.severity === "warning").length, diagnostics: diagnostics.map(diagnosticToJson) }, null, 2)}\n`,
    );
  } else {
    printDiagnostics(diagnostics, compiled.sources);
    if (!failed) process.stdout.write(`${target.entry}: ok${diagnostics.length ? ` (${diagnostics.length} warning${diagnostics.length === 1 ? "" : "s"})` : ""}\n`);
  }
  return failed ? 1 : 0;
}
