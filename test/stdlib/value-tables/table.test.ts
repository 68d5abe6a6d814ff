import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { resolveNode, valueTable, type ValueNode } from "../../../stdlib/value-tables/table.js";
import { valuesTarget } from "../../../compiler/check/rules/helm-values.js";
import { checkValues } from "../../../compiler/check/values/check-values.js";
import { treeOfData } from "../../../compiler/check/values/value-tree.js";
import { stdlib } from "../../../stdlib/index.js";
import type { AppDefinition } from "../../../stdlib/types.js";
import type { ParamValue } from "../../../compiler/model/model.js";
import { homelabCluster } from "../../support/homelab-model.js";
import { exampleModel } from "../../support/example-model.js";
import { repoPath } from "../../support/paths.js";

const FACT_FIELDS = new Set(["type", "enum", "default", "keys", "values", "closed", "items", "required", "ref"]);

/** Every field of every node, so a table can carry nothing but names, types, enums and short scalar defaults. */
function fieldsOf(node: ValueNode, out: Set<string>): void {
  for (const [k, v] of Object.entries(node)) {
    out.add(k);
    if (k === "default") assert.ok(typeof v === "number" || typeof v === "boolean" || (typeof v === "string" && v.length <= 80 && !v.includes("\n")), `a default is a short scalar, not prose: ${JSON.stringify(v).slice(0, 100)}`);
    if (k === "keys") for (const child of Object.values(v as Record<string, ValueNode>)) fieldsOf(child, out);
    if (k === "values" || k === "items") fieldsOf(v as ValueNode, out);
  }
}

test("the committed tables hold facts only and name their chart, version and licence", () => {
  const files = readdirSync(repoPath("stdlib", "value-tables")).filter((f) => f.endsWith(".json"));
  assert.ok(files.length >= 9);
  for (const file of files) {
    const table = JSON.parse(readFileSync(repoPath("stdlib", "value-tables", file), "utf8")) as Record<string, unknown>;
    assert.deepEqual(Object.keys(table).sort(), ["chart", "defs", "from", "licence", "root", "version"], file);
    assert.match(String(table["licence"]), /^(Apache-2\.0|MIT)$/);
    assert.equal(file, `${table["chart"]}-${String(table["version"]).replace(/^v/, "")}.json`);
    const fields = new Set<string>();
    fieldsOf(table["root"] as ValueNode, fields);
    for (const def of Object.values(table["defs"] as Record<string, ValueNode>)) fieldsOf(def, fields);
    assert.deepEqual([...fields].filter((f) => !FACT_FIELDS.has(f)), [], file);
  }
  assert.equal(valueTable("flux-operator", "0.28.0"), undefined);
  assert.equal(valueTable("../package", "1"), undefined, "a name is never a path");
});

test("a table is read once and shared", () => {
  assert.equal(valueTable("cilium", "1.18.1"), valueTable("cilium", "1.18.1"));
  assert.equal(valueTable("cert-manager", "v1.18.2")?.version, "v1.18.2");
});

/** Params for a definition: defaults, and a value of the right type for every other one (BGP on). */
function params(def: AppDefinition): Record<string, ParamValue> {
  let n = 240;
  const out: Record<string, ParamValue> = {};
  for (const [name, spec] of Object.entries(def.params)) {
    if (spec.default !== undefined) out[name] = spec.default;
    else if (spec.type === "ipv4") out[name] = `192.168.31.${++n}`;
    else if (spec.type === "integer") out[name] = 64512 + n++;
    else if (spec.type === "secret") out[name] = { secret: "token" };
    else if (spec.type === "boolean") out[name] = true;
    else if (typeof spec.type === "object" && "enum" in spec.type) out[name] = spec.type.enum[0]!;
    else out[name] = "x";
  }
  return out;
}

function findings(_def: AppDefinition, values: unknown, table: NonNullable<ReturnType<typeof valuesTarget>>["table"]) {
  return checkValues(table, treeOfData(values));
}

test("every stdlib definition's default values pass its chart's table", () => {
  const cluster = homelabCluster();
  let checked = 0;
  for (const def of stdlib.values()) {
    const target = valuesTarget({ definition: def, chart: def.chart });
    if (!target) continue;
    for (const p of [params(def), Object.fromEntries(Object.entries(params(def)).filter(([n]) => def.params[n]!.required || def.params[n]!.default !== undefined))]) {
      const values = def.values({ cluster, name: def.id, namespace: def.namespace, params: p });
      assert.deepEqual(findings(def, values, target.table), [], def.id);
    }
    checked++;
  }
  assert.equal(checked, 9);
});

test("both examples' merged values (defaults, the user's values and route values) pass their tables", () => {
  for (const name of ["homelab", "ha"] as const) {
    const model = exampleModel(name);
    for (const app of model.apps) {
      const target = valuesTarget(app);
      if (!target) continue;
      const route = app.route && app.definition.flux?.routeValues?.({ cluster: model, app }, app.route);
      for (const values of [app.values, route ?? {}]) assert.deepEqual(findings(app.definition, values, target.table), [], `${name}: ${app.name}`);
    }
  }
});

test("keys documented only in a chart's comments are known, of unknown type", () => {
  const cilium = valueTable("cilium", "1.18.1")!;
  const lb = resolveNode(cilium, cilium.root.keys!["loadBalancer"]!);
  assert.ok(lb.closed);
  assert.deepEqual(lb.keys!["mode"], {});
  assert.deepEqual(cilium.root.keys!["kubeProxyReplacement"], {}, "#kubeProxyReplacement: \"false\" in values.yaml");
});
