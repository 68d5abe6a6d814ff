import { test } from "node:test";
import assert from "node:assert/strict";
import { completion } from "../../../../compiler/lsp/features/completion.js";
import { hover } from "../../../../compiler/lsp/features/hover.js";
import { analyze } from "../../../../compiler/lsp/workspace/analysis.js";
import { loadProgram } from "../../../../compiler/lsp/workspace/load-program.js";
import { ParseCache } from "../../../../compiler/lsp/workspace/parsed-file.js";
import { APPS, CLUSTER } from "../support/workspace.js";

const ROOT = "/labc-value-keys/cluster.lab";
const APPS_FILE = "/labc-value-keys/apps.lab";

/** apps.lab with `extra` appended, analysed; `<|>` marks the cursor (removed from the text). */
function at(extra: string) {
  const marked = `${APPS}${extra}`;
  const offset = marked.indexOf("<|>");
  const text = marked.replace("<|>", "");
  const files: Record<string, string> = { [ROOT]: CLUSTER, [APPS_FILE]: text };
  const analysis = analyze(loadProgram(ROOT, (p) => files[p], new ParseCache()));
  return { analysis, text, offset };
}

function labels(extra: string) {
  const { analysis, text, offset } = at(extra);
  return completion(analysis, text, offset, () => ({ line: 0, character: 0 })).map((i) => ({ label: i.label, detail: i.detail }));
}

test("completion inside values offers the chart's keys at that depth, with their types, without those set", () => {
  const top = labels("app web in default {\n  chart = std.app-template\n  values {\n    <|>\n    service {}\n  }\n}\n");
  assert.ok(top.some((i) => i.label === "controllers" && i.detail === "block, keys of your choosing"), JSON.stringify(top));
  assert.ok(!top.some((i) => i.label === "service"), "set below the cursor");
  const container = labels("app web in default {\n  chart = std.app-template\n  values { controllers { main { containers { app {\n    <|>\n  } } } } }\n}\n");
  assert.ok(container.some((i) => i.label === "image") && container.some((i) => i.label === "probes"), JSON.stringify(container));
  const cilium = labels("app cilium2 from std.cilium {\n  internal-gateway = 192.168.31.244\n  external-gateway = 192.168.31.245\n  values { loadBalancer {\n    <|>\n  } }\n}\n");
  assert.ok(cilium.some((i) => i.label === "acceleration" && i.detail === "string"), JSON.stringify(cilium));
  // A chart without a table offers nothing rather than guesses.
  assert.deepEqual(labels('app mine in default {\n  chart = oci("oci://example.com/charts/mine", 1.0.0)\n  values {\n    <|>\n  }\n}\n'), []);
});

test("completion of a value offers the chart's enum", () => {
  const values = labels('app web in default {\n  chart = std.app-template\n  values { controllers { main { type = <|> } } }\n}\n').map((i) => i.label);
  assert.deepEqual(values, ["deployment", "statefulset", "daemonset", "cronjob", "job"]);
});

test("hover on a key inside values shows its type from the chart's table, or that the chart takes no such key", () => {
  const text = 'app web in default {\n  chart = std.app-template\n  values { controllers { main { replicas = 2  bogus = 1 } } }\n}\n';
  const { analysis } = at(text);
  const base = APPS.length;
  const md = (needle: string) => {
    const h = hover(analysis, APPS_FILE, base + text.indexOf(needle) + 1);
    return h && typeof h.contents === "object" && "value" in h.contents ? h.contents.value : undefined;
  };
  assert.equal(md("replicas"), "`values.controllers.main.replicas`: integer (app-template 4.2.0)");
  assert.equal(md("bogus"), "`values.controllers.main.bogus`: not a value app-template 4.2.0 takes");
  assert.equal(md("controllers"), "`values.controllers`: block, keys of your choosing (app-template 4.2.0)");
});

test("hover shows the chart's default where values.yaml gives a short scalar one", () => {
  const text = "app reloader2 from std.reloader {\n  values { reloader { logFormat = \"json\" } }\n}\n";
  const { analysis } = at(text);
  const h = hover(analysis, APPS_FILE, APPS.length + text.indexOf("logFormat") + 1);
  const md = h && typeof h.contents === "object" && "value" in h.contents ? h.contents.value : "";
  assert.match(md, /^`values\.reloader\.logFormat`: string(?: \([^)]*\))?, default `""` \(reloader 2\.2\.2\)$/);
});
