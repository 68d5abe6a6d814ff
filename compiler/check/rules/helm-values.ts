import type { CodeName } from "../../../lang/diagnostics/codes.js";
import type { Reporter } from "../../../lang/diagnostics/reporter.js";
import { valueTable, type ValueTable } from "../../../stdlib/value-tables/table.js";
import type { ChartSource } from "../../model/model.js";
import type { Lowered, LoweredApp } from "../lower/lowered.js";
import { checkValues, findingMessage, parseUncheckedPath, type ValueFinding } from "../values/check-values.js";
import { treeOfBlock } from "../values/value-tree.js";
import type * as ast from "../../../lang/syntax/ast.js";

const CODE: Readonly<Record<ValueFinding["kind"], CodeName>> = {
  unknownKey: "unknownHelmValue",
  wrongType: "helmValueType",
  notInEnum: "helmValueEnum",
};

/** The table an app's values are checked against, and whether it is the table of the app's own chart version. */
interface Target {
  readonly table: ValueTable;
  /** Set when the app's version has no table and the definition's default version's is used. */
  readonly otherVersion?: string;
}

/** The name tables go by: the chart reference's last segment. */
export function chartTableName(chart: ChartSource): string {
  return chart.kind === "app-template" ? "app-template" : chart.url.replace(/\/+$/, "").replace(/^.*\//, "");
}

const bare = (v: string): string => v.replace(/^v/, "");

/**
 * Only a stdlib chart has a table: an `oci(…)` chart of the user's own is not checked, unless it
 * is the very chart the definition pulls.
 */
export function valuesTarget(app: Pick<LoweredApp, "definition" | "chart">): Target | undefined {
  const own = app.definition?.chart;
  const chart = app.chart;
  if (!own || !chart || own.kind !== chart.kind) return undefined;
  if (own.kind === "oci" && chart.kind === "oci" && own.url !== chart.url) return undefined;
  const name = chartTableName(chart);
  const exact = valueTable(name, chart.version);
  if (exact) return { table: exact };
  if (bare(chart.version) === bare(own.version)) return undefined;
  const fallback = valueTable(name, own.version);
  return fallback ? { table: fallback, otherVersion: chart.version } : undefined;
}

/**
 * Each `values { … }` block of a stdlib chart, against the chart's table at its version: unknown
 * keys, wrong types, values outside an enum. At a version labc has no table for, the pinned
 * version's table still speaks, as warnings that say so.
 */
export function checkHelmValues(l: Lowered, r: Reporter): void {
  for (const app of l.apps) {
    if (!app.valuesBlock) continue;
    const target = valuesTarget(app);
    if (!target) continue;
    const chart = `${target.table.chart} ${target.table.version}`;
    for (const finding of findingsOf(app.valuesBlock, target.table, app.valuesUnchecked)) {
      const span = finding.span ?? app.valuesSpan ?? app.nameSpan;
      const base = findingMessage(finding, chart);
      const message = target.otherVersion
        ? `${base} (checked against labc's table for ${chart}; the app uses ${target.otherVersion}, which labc has no table for; values-unchecked silences a path)`
        : base;
      const fix = finding.kind === "unknownKey" && finding.suggestion ? { fix: { message: `replace with '${finding.suggestion}'`, edits: [{ span, newText: finding.suggestion }] } } : {};
      r.report(CODE[finding.kind], span, message, { ...(target.otherVersion ? { severity: "warning" as const } : {}), ...fix });
    }
  }
}

/**
 * The findings of one values block against one table. A block's contents never change once
 * parsed; an edit above it only moves its positions, in place, and the findings hold those same
 * positions. So they are kept per block: the language server checks every app's values again
 * after each keystroke, and this walk was a quarter of it.
 */
const findingsByBlock = new WeakMap<ast.Block, { readonly table: ValueTable; readonly unchecked: string; readonly findings: readonly ValueFinding[] }>();

function findingsOf(block: ast.Block, table: ValueTable, uncheckedPaths: LoweredApp["valuesUnchecked"]): readonly ValueFinding[] {
  const unchecked = uncheckedPaths.map((p) => p.value).join("\n");
  const known = findingsByBlock.get(block);
  if (known && known.table === table && known.unchecked === unchecked) return known.findings;
  const findings = checkValues(table, treeOfBlock(block), uncheckedPaths.map((p) => parseUncheckedPath(p.value)));
  findingsByBlock.set(block, { table, unchecked, findings });
  return findings;
}
