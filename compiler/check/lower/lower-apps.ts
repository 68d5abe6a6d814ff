import type { ChartSource, ParamValue, RouteModel } from "../../model/model.js";
import type { ParamType } from "../../../stdlib/types.js";
import type { NamedDeclaration } from "../bind.js";
import type { Located } from "../fields/located.js";
import type { ChartSpec } from "../fields/read-calls.js";
import { appBodySchema, appDefinition, type Definitions } from "../app-definition.js";
import { readBlock, type ReadContext } from "../fields/read-block.js";
import { didYouMean, suggest } from "../util/suggest.js";
import type { LoweredApp, LoweredSecret } from "./lowered.js";
import { opt } from "./lower-infra.js";
import { readSecretSource } from "../fields/read-calls.js";
import { OUTSIDE_FIX } from "../../files/confine.js";
import { chartDepName, chartUrl } from "../../model/version-pins.js";


/** Converts a read field back to the model's parameter form (secrets become SecretRefs). */
function paramValue(type: ParamType, value: unknown): ParamValue {
  if (type === "secret") return { secret: value as string };
  if (typeof type === "object" && "list" in type) return (value as Located<unknown>[]).map((x) => paramValue(type.list, x.value));
  return value as ParamValue;
}

/** Reports a `from` that names no stdlib app; false when it does not. */
function checkFrom(d: NamedDeclaration, definitions: Definitions, ctx: ReadContext): boolean {
  const from = d.decl.from;
  if (!from) return true;
  const parts = from.path.map((p) => p.name);
  if (parts.length !== 2 || parts[0] !== "std") {
    ctx.reporter.report("unknownDefinition", from.span, `'from' takes a stdlib app such as std.cert-manager, not '${parts.join(".")}'`);
    return false;
  }
  if (!definitions.has(parts[1]!)) {
    const hint = didYouMean(parts[1]!, definitions.keys());
    const s = hint ? hint.slice(hint.indexOf("'") + 1, hint.lastIndexOf("'")) : undefined;
    ctx.reporter.report("unknownDefinition", from.path[1]!.span, `there is no stdlib app '${parts[1]}'${hint || `; stdlib apps: ${[...definitions.keys()].sort().join(", ")}`}`, {
      ...(s ? { fix: { message: `replace with std.${s}`, edits: [{ span: from.path[1]!.span, newText: s }] } } : {}),
    });
    return false;
  }
  return true;
}

/**
 * An app with no chart that is no stdlib app: most often a stdlib name misspelt (`app cordns {}`),
 * so the nearest one not declared yet is offered, by renaming or by keeping the name with `from`.
 */
function reportNoChart(d: NamedDeclaration, definitions: Definitions, ctx: ReadContext): void {
  const declared = ctx.symbols.get("app");
  const candidates = [...definitions.values()].filter((x) => !declared?.has(x.id)).map((x) => x.id);
  const near = suggest(d.name, candidates);
  const base = `app '${d.name}' is not a stdlib app, so it needs a chart: 'from std.<app>', chart = std.app-template, or chart = oci("oci://…", version)`;
  if (!near) {
    ctx.reporter.report("missingField", d.nameSpan, base);
    return;
  }
  const afterName = { ...d.nameSpan, start: d.nameSpan.end };
  ctx.reporter.report("missingField", d.nameSpan, `${base}; did you mean '${near}'?`, {
    fix: { message: `rename to '${near}'`, edits: [{ span: d.nameSpan, newText: near }] },
    alternatives: [{ message: `keep the name: add 'from std.${near}'`, edits: [{ span: afterName, newText: ` from std.${near}` }] }],
  });
}

export function lowerApp(d: NamedDeclaration, definitions: Definitions, ctx: ReadContext): LoweredApp {
  const fromResolves = checkFrom(d, definitions, ctx);
  const definition = appDefinition(d.decl, definitions);
  const schema = appBodySchema(definition);
  const what = `app '${d.name}'${definition ? ` (std.${definition.id})` : ""}`;
  const f = readBlock(d.decl.body, schema, ctx, { what, span: d.nameSpan });
  const chartRead = f.get("chart") as Located<ChartSpec> | undefined;
  if (chartRead?.value.kind === "std" && !definitions.has(chartRead.value.id)) {
    ctx.reporter.report("unknownDefinition", chartRead.span, `there is no stdlib chart '${chartRead.value.id}'${didYouMean(chartRead.value.id, definitions.keys())}`);
  }

  let chart: ChartSource | undefined = definition?.chart;
  if (chartRead?.value.kind === "oci") chart = { kind: "oci", url: chartRead.value.url, version: chartRead.value.version };
  const version = f.get("version") as Located<string> | undefined;
  let pinnedVersion: LoweredApp["pinnedVersion"];
  if (chart && version) chart = { ...chart, version: version.value };
  else if (chart && chartRead?.value.kind !== "oci") {
    // The definition's chart, at the version labc picked: the lock's, else this release's default.
    const held = ctx.locked?.get(chartDepName(chartUrl(chart)));
    if (held) chart = { ...chart, version: held.version };
    pinnedVersion = held ? { from: "lock", version: { value: held.version, span: held.span } } : { from: "default" };
  }
  if (!chart && fromResolves && !(chartRead && chartRead.value.kind === "std")) {
    reportNoChart(d, definitions, ctx);
  }

  const namespace = d.decl.namespace?.name ?? definition?.namespace;
  if (!namespace && chart) {
    ctx.reporter.report("missingField", d.nameSpan, `app '${d.name}' needs a namespace: app ${d.name} in <namespace> { … }`);
  } else if (d.decl.namespace && !/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(d.decl.namespace.name)) {
    ctx.reporter.report("notDnsLabel", d.decl.namespace.span, `namespace '${d.decl.namespace.name}' is not a DNS-1123 label`);
  }

  const params: Record<string, Located<ParamValue>> = {};
  for (const [name, spec] of Object.entries(definition?.params ?? {})) {
    const read = f.get(name);
    if (read) params[name] = { value: paramValue(spec.type, read.value), span: read.span };
    else if (spec.default !== undefined) params[name] = { value: spec.default, span: d.nameSpan };
  }
  const values = f.get("values") as Located<Record<string, unknown>> | undefined;
  const valuesEntry = d.decl.body?.entries.find((e) => e.key.name === "values");
  return {
    name: d.name,
    nameSpan: d.nameSpan,
    span: d.decl.span,
    namespace: namespace ?? "default",
    ...opt("definition", definition),
    ...opt("chart", chart),
    ...opt("version", version),
    ...opt("pinnedVersion", pinnedVersion),
    userValues: values?.value ?? {},
    ...opt("valuesSpan", valuesEntry?.key.span),
    ...opt("valuesBlock", values && valuesEntry?.value.kind === "Block" ? valuesEntry.value : undefined),
    valuesUnchecked: (f.get("values-unchecked")?.value as Located<string>[] | undefined) ?? [],
    depends: (f.get("depends")?.value as Located<string>[] | undefined) ?? [],
    ...opt("route", f.get("route") as Located<RouteModel> | undefined),
    params,
    written: new Set(d.decl.body?.entries.map((e) => e.key.name) ?? []),
  };
}

export function lowerSecret(d: NamedDeclaration, ctx: ReadContext): LoweredSecret {
  let source = d.decl.value ? readSecretSource(d.decl.value, ctx.reporter) : undefined;
  if (source?.kind === "file") {
    const outside = ctx.files.secretOutside(source.path, ctx.secretRoot);
    if (outside) {
      const at = d.decl.value?.kind === "Call" ? (d.decl.value.args[0]?.value.span ?? d.decl.value.span) : d.decl.span;
      ctx.reporter.report("outsideProject", at, `secret '${d.name}' cannot read ${source.path}: ${outside}; ${OUTSIDE_FIX}`);
      source = undefined;
    }
  }
  return { name: d.name, nameSpan: d.nameSpan, span: d.decl.span, ...opt("source", source) };
}

