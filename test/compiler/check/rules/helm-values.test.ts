import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { compileText, compileWorkspace } from "../../../../compiler/pipeline/compile.js";
import { valuesTarget } from "../../../../compiler/check/rules/helm-values.js";
import { resolveNode } from "../../../../stdlib/value-tables/table.js";
import { stdlib } from "../../../../stdlib/index.js";
import type { AppDefinition, ParamType } from "../../../../stdlib/types.js";
import { repoPath } from "../../../support/paths.js";
import { removeDir, tempDir } from "../../../support/tree.js";

const base = readFileSync(repoPath("test/errors/cases/_base.lab"), "utf8");

function compile(extra: string) {
  return compileText(`${base}${extra}`, "cluster.lab").diagnostics;
}
const valueCodes = new Set(["LAB2040", "LAB2041", "LAB2042"]);
const valueFindings = (extra: string) => compile(extra).filter((d) => valueCodes.has(d.code));

let address = 240;
function sample(type: ParamType): string {
  if (type === "ipv4") return `192.168.31.${++address}`;
  if (type === "secret") return "token";
  if (type === "integer") return "64512";
  if (type === "boolean") return "true";
  if (typeof type === "object" && "enum" in type) return `"${type.enum[0]}"`;
  return '"x"';
}

/** The app's required params, so only the values block can be wrong. */
function declaration(def: AppDefinition, values: string, version?: string): string {
  const params = Object.entries(def.params).filter(([, p]) => p.required).map(([n, p]) => `  ${n} = ${sample(p.type)}\n`).join("");
  const head = def.id === "app-template" ? "app echo in default {\n  chart = std.app-template\n" : `app ${def.id} {\n`;
  return `${head}${params}${version ? `  version = ${version}\n` : ""}  values {\n${values}  }\n}\n`;
}

/** A key of the table's top level whose spelling without its last letter is no other key. */
function misspelable(keys: readonly string[]): { key: string; typo: string } {
  for (const key of keys) {
    const typo = key.slice(0, -1);
    if (key.length >= 5 && !keys.includes(typo)) return { key, typo };
  }
  throw new Error("no key to misspell");
}

for (const def of stdlib.values()) {
  const version = def.id === "spegel" ? "0.7.4" : undefined;
  const target = valuesTarget({ definition: def, chart: version ? { ...def.chart, version } : def.chart });
  if (!target) continue;
  test(`a misspelt key in std.${def.id}'s values is an error at the key, with the fix`, () => {
    const keys = Object.keys(resolveNode(target.table, target.table.root).keys ?? {});
    const { key, typo } = misspelable(keys);
    const text = declaration(def, `    ${typo} = null\n`, version);
    const found = valueFindings(text);
    assert.equal(found.length, 1, found.map((d) => d.message).join("\n"));
    const [d] = found;
    assert.equal(d!.code, "LAB2040");
    assert.equal(d!.severity, "error");
    assert.equal(d!.span.start.line, base.split("\n").length + text.split("\n").indexOf(`    ${typo} = null`));
    assert.equal(d!.span.start.column, 5);
    assert.match(d!.message, new RegExp(`takes no value '${typo}' at the top level; did you mean '${key}'\\?`));
    assert.equal(d!.fix?.edits[0]?.newText, key);
  });
}

test("every stdlib chart with a table at its pinned version is checked; spegel's pinned 0.3.0 and the AGPL flux charts have none", () => {
  const checked = [...stdlib.values()].filter((d) => valuesTarget({ definition: d, chart: d.chart })).map((d) => d.id).sort();
  assert.deepEqual(checked, ["app-template", "cert-manager", "cilium", "cloudflare-dns", "cloudflare-tunnel", "coredns", "k8s-gateway", "metrics-server", "reloader"]);
  assert.deepEqual(valueFindings("app spegel {\n  values { nonsense = 1 }\n}\n"), []);
  assert.deepEqual(valueFindings("app flux-operator {}\napp flux-instance {\n  webhook-token = token\n  values { nonsense = 1 }\n}\n"), []);
});

test("wrong types and values outside an enum point at the value; open maps, null and values-unchecked say nothing", () => {
  const app = (values: string, extra = "") => `app echo in default {\n  chart = std.app-template\n${extra}  values {\n${values}\n  }\n}\n`;
  const [type] = valueFindings(app('    controllers { main { replicas = "two" } }'));
  assert.equal(type?.code, "LAB2041");
  assert.match(type!.message, /'controllers\.main\.replicas' of app-template 4\.2\.0 is an integer, not a string/);
  assert.equal(type!.span.start.column, 37);
  const [choice] = valueFindings(app('    controllers { main { type = "deploymnet" } }'));
  assert.equal(choice?.code, "LAB2042");
  assert.match(choice!.message, /is one of "deployment", "statefulset", "daemonset", "cronjob", "job"/);
  // env, annotations and labels take keys of the user's choosing; null drops a chart default.
  const open = '    controllers { main { annotations { "x.io/a" = "1" }  containers { app { env { ANY_NAME = "v"  OTHER { value = "w" } } } } } }\n    global { nameOverride = null }';
  assert.deepEqual(valueFindings(app(open)), []);
  const silenced = app("    controllers { main { bogus = 1 } }\n    unknownTop = true", '  values-unchecked = ["controllers.*.bogus", "unknownTop"]\n');
  assert.deepEqual(valueFindings(silenced), []);
  assert.equal(valueFindings(app("    controllers { main { bogus = 1 } }", '  values-unchecked = ["controllers.other"]\n')).length, 1, "a path silences only itself");
});

test("a custom oci chart has no table; the same reference as a stdlib chart is that chart", () => {
  assert.deepEqual(valueFindings('app mine in default {\n  chart = oci("oci://example.com/charts/cilium", 1.18.1)\n  values { nonsense = 1 }\n}\n'), []);
});

test("a version override beyond the known tables turns the findings into warnings that say so", () => {
  const [d] = valueFindings("app metrics-server {\n  version = 3.14.0\n  values { replcas = 2 }\n}\n");
  assert.equal(d?.code, "LAB2040");
  assert.equal(d!.severity, "warning");
  assert.match(d!.message, /did you mean 'replicas'\? \(checked against labc's table for metrics-server 3\.13\.0; the app uses 3\.14\.0, which labc has no table for; values-unchecked silences a path\)/);
  const model = compileText(`${base}app metrics-server {\n  version = 3.14.0\n  values { replcas = 2 }\n}\n`, "cluster.lab");
  assert.ok(model.model, "warnings do not stop the build");
});

test("a versions.lock.yaml version without a table warns the same way; the lock at the pinned version checks as errors", () => {
  const dir = tempDir("helm-values-lock");
  try {
    writeFileSync(join(dir, "cluster.lab"), `${base}app metrics-server {\n  values { replcas = 2 }\n}\n`);
    const lockAt = (version: string) => {
      writeFileSync(join(dir, "versions.lock.yaml"), `charts:\n  ghcr.io/home-operations/charts-mirror/metrics-server: ${version}\n`);
      return compileWorkspace(join(dir, "cluster.lab"), { cwd: dir }).diagnostics.filter((d) => valueCodes.has(d.code));
    };
    const [bumped] = lockAt("3.14.0");
    assert.equal(bumped?.severity, "warning");
    assert.match(bumped!.message, /the app uses 3\.14\.0, which labc has no table for/);
    const [pinned] = lockAt("3.13.0");
    assert.equal(pinned?.severity, "error");
  } finally {
    removeDir(dir);
  }
});
