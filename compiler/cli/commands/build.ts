import { hasErrors } from "../../../lang/diagnostics/diagnostic.js";
import { compareDiagnostics } from "../../../lang/diagnostics/diagnostic.js";
import { diagnosticToJson } from "../../../lang/diagnostics/render.js";
import { formatFlag, parseCommandArgs } from "../args.js";
import { printDiagnostics } from "../terminal.js";
import { resolveTarget } from "../target.js";
import { UsageError } from "../usage-error.js";
import { build as spec } from "../usage/command-table.js";
import type { BuildReport } from "../../build/build.js";

export async function runBuild(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, spec);
  const format = formatFlag(values, ["text", "json"]);
  const dryRun = values["dry-run"] === true;
  // A new Talos bundle is a new cluster identity: made once, on request, never by a rebuild loop.
  if (values.watch && values["new-cluster"]) throw new UsageError("--new-cluster makes the cluster's Talos secrets bundle once; run 'labc build --new-cluster' without --watch first");
  if (values.watch && (dryRun || format === "json")) throw new UsageError(`--watch rebuilds on every change and prints text; ${dryRun ? "--dry-run" : "--format json"} answers for one build`);
  const target = await resolveTarget(positionals[0], values.out);
  if (values.watch) return (await import("./build-watch.js")).watchBuild(target);
  const { build } = await import("../../build/build.js");
  const report = await build({
    entry: target.entry,
    out: target.out,
    newCluster: values["new-cluster"] === true,
    lockWaitMs: lockWait(values.wait),
    dryRun,
    // Always, not only on a terminal: a CI log shows why the first build took seconds.
    progress: (line) => process.stderr.write(`labc build: ${line}\n`),
  });
  const failed = hasErrors(report.diagnostics) || (dryRun ? !report.planned : !report.written);
  if (format === "json") {
    process.stdout.write(`${JSON.stringify(jsonReport(report, target.outDisplay, dryRun, failed), null, 2)}\n`);
    return failed ? 1 : 0;
  }
  printDiagnostics(report.diagnostics, report.sources);
  if (failed) {
    process.stderr.write(`labc: build failed; ${target.outDisplay} was left as it was\n`);
    return 1;
  }
  for (const note of report.notes) process.stdout.write(`note: ${note}\n`);
  if (report.planned) {
    const p = report.planned;
    const lines = [...p.added.map((f) => `  add     ${f}`), ...p.changed.map((f) => `  change  ${f}`), ...p.removed.map((f) => `  remove  ${f}`), ...p.projectFiles.map((f) => `  save    ${f} (beside cluster.lab)`)];
    process.stdout.write(`${lines.map((l) => `${l}\n`).join("")}dry run: ${target.outDisplay} would get ${p.added.length} added, ${p.changed.length} changed, ${p.removed.length} removed; nothing was written\n`);
    return 0;
  }
  const w = report.written!;
  // Permissions alone are not a change Git would show (a fresh clone has every 0600 file at 0644).
  const modes = w.modesSet.length ? `; set the permissions of ${w.modesSet.length} unchanged file${w.modesSet.length === 1 ? "" : "s"} back to what labc writes (Git does not keep them)` : "";
  process.stdout.write(`wrote ${target.outDisplay}: ${w.written} files, ${w.changed.length} changed${w.removed.length ? `, ${w.removed.length} removed` : ""}${modes}\n`);
  return 0;
}

function jsonReport(report: BuildReport, out: string, dryRun: boolean, failed: boolean) {
  const diagnostics = [...report.diagnostics].sort(compareDiagnostics);
  const w = report.written;
  const changes = report.planned
    ? report.planned
    : w
      ? { added: w.added, changed: w.changed.filter((p) => !w.added.includes(p)), removed: w.removed, projectFiles: [] }
      : undefined;
  return {
    ok: !failed,
    dryRun,
    out,
    ...(changes ?? {}),
    notes: report.notes,
    errors: diagnostics.filter((d) => d.severity === "error").length,
    warnings: diagnostics.filter((d) => d.severity === "warning").length,
    diagnostics: diagnostics.map(diagnosticToJson),
  };
}

/**
 * `--wait SECONDS` (or LABC_LOCK_WAIT): how long to wait while another labc writes the project,
 * as CI jobs or scripts that build side by side want; by default a second build stops at once.
 */
export function lockWait(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): number {
  const text = flag ?? env["LABC_LOCK_WAIT"];
  if (text === undefined || text === "") return 0;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds < 0) throw new UsageError(`--wait takes a number of seconds, not '${text}'`);
  return seconds * 1000;
}
