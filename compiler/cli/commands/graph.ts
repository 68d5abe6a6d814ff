import { hasErrors } from "../../../lang/diagnostics/diagnostic.js";
import { compileWorkspace } from "../../pipeline/compile.js";
import { diagramOf, renderDiagram, type DiagramKind, type GraphFormat } from "../../graph/index.js";
import { parseCommandArgs } from "../args.js";
import { graph as spec } from "../usage/command-table.js";
import { printDiagnostics } from "../terminal.js";
import { resolveTarget } from "../target.js";
import { UsageError } from "../usage-error.js";

const FORMATS: readonly GraphFormat[] = ["mermaid", "dot", "json"];
const KINDS: readonly DiagramKind[] = ["apps", "architecture"];

/**
 * `labc graph`: the app dependency graph or the network architecture of cluster.lab, on stdout
 * only (diagnostics go to stderr), so it can be redirected into a file or piped to `dot`.
 */
export async function runGraph(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, spec);
  const format = (values.format ?? "mermaid") as GraphFormat;
  const kind = (values.kind ?? "apps") as DiagramKind;
  if (!FORMATS.includes(format)) throw new UsageError(`--format takes ${FORMATS.join(", ")}, not '${values.format}'`);
  if (!KINDS.includes(kind)) throw new UsageError(`--kind takes ${KINDS.join(" or ")}, not '${values.kind}'`);
  const target = await resolveTarget(positionals[0], ".");
  const { diagnostics, sources, model } = compileWorkspace(target.entry);
  printDiagnostics(diagnostics, sources);
  if (hasErrors(diagnostics) || !model) {
    process.stderr.write(`labc graph: ${target.entry} has errors; no graph drawn\n`);
    return 1;
  }
  process.stdout.write(renderDiagram(diagramOf(model, kind), format));
  return 0;
}
