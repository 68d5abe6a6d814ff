// Derives the key/type tables labc checks `values { … }` blocks against, from the charts' own
// values.yaml and values.schema.json (reference copies, not part of the repository):
//
//   node bin/derive-value-tables.mjs [/work/shared/charts]
//
// The tables hold facts only: key names, types, enums, short scalar defaults, required keys and
// which maps take keys of the user's choosing. No description or comment is carried over. Not run by the
// tests: the tables are committed under stdlib/value-tables/.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const root = fileURLToPath(new URL("..", import.meta.url));
const charts = resolve(process.argv[2] ?? "/work/shared/charts");
const outDir = join(root, "stdlib", "value-tables");

/** What is derived: the chart, its version, where its schema and defaults are, its licence. */
const SOURCES = [
  { chart: "cilium", version: "1.18.1", schema: "cilium/1.18.1/values.schema.json", defaults: "cilium/1.18.1/values.yaml", licence: "Apache-2.0" },
  { chart: "cert-manager", version: "v1.18.2", schema: "cert-manager/v1.18.2/values.schema.json", defaults: "cert-manager/v1.18.2/values.yaml", licence: "Apache-2.0" },
  // app-template's own values.yaml is empty: its schema and defaults are the common library's.
  { chart: "app-template", version: "4.2.0", schema: "app-template/4.2.0/values.schema.json", defaults: "common/4.2.0/values.yaml", licence: "Apache-2.0" },
  // Its schema leaves the root open (additionalProperties: true) for the values a parent chart
  // passes (`global`); the chart reads only the keys its values.yaml lists, so any other is a typo.
  { chart: "external-dns", version: "1.18.0", schema: "external-dns/1.18.0/values.schema.json", defaults: "external-dns/1.18.0/values.yaml", licence: "Apache-2.0", closeRoot: true },
  { chart: "coredns", version: "1.43.3", defaults: "coredns/1.43.3/values.yaml", licence: "Apache-2.0" },
  { chart: "metrics-server", version: "3.13.0", defaults: "metrics-server/3.13.0/values.yaml", licence: "Apache-2.0" },
  { chart: "reloader", version: "2.2.2", schema: "reloader/2.2.2/values.schema.json", defaults: "reloader/2.2.2/values.yaml", licence: "Apache-2.0" },
  { chart: "k8s-gateway", version: "3.2.7", defaults: "k8s-gateway/3.2.7/values.yaml", licence: "Apache-2.0" },
  { chart: "spegel", version: "v0.7.4", defaults: "spegel/v0.7.4/values.yaml", licence: "MIT" },
];

/** Schemas fetched by URL that live in the reference tree under another name. */
const URL_ALIASES = {
  "https://raw.githubusercontent.com/bjw-s-labs/helm-charts/common-4.2.0/charts/library/common/values.schema.json": "common/4.2.0/values.schema.json",
};

/**
 * Maps whose contents are Kubernetes objects or user data the chart passes through: a default
 * listing some of their keys does not mean others are wrong (`resources.limits` may gain
 * `ephemeral-storage`), so they are open when no schema closes them.
 */
const OPEN_NAMES = /(annotations|labels|selector|affinity|resources|securitycontext|probe|probes|strategy|env|args|config|configs|options|spec|data|extra.*|overrides?|tolerations|values|settings|parameters|limits|requests)$/i;

const TYPES = ["string", "integer", "number", "boolean", "object", "array", "null"];

// --- schema files and $refs ----------------------------------------------------------------

const fileCache = new Map();
function loadJson(rel) {
  if (!fileCache.has(rel)) fileCache.set(rel, JSON.parse(readFileSync(join(charts, rel), "utf8")));
  return fileCache.get(rel);
}

function pointer(doc, fragment) {
  if (!fragment || fragment === "/") return doc;
  let at = doc;
  for (const raw of fragment.replace(/^\//, "").split("/")) {
    const part = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    at = at?.[part];
    if (at === undefined) throw new Error(`unresolved pointer #${fragment}`);
  }
  return at;
}

/** A $ref from inside `file`: the file it names and the pointer in it. */
function resolveRef(ref, file) {
  const [target, fragment = ""] = ref.split("#");
  let rel = file;
  if (target) rel = URL_ALIASES[target] ?? join(dirname(file), target);
  if (!existsSync(join(charts, rel))) throw new Error(`$ref ${ref} from ${file}: ${rel} is not in the reference data`);
  return { rel, fragment };
}

/** Short, stable names for shared definitions: the file's base name and the pointer. */
function defName(rel, fragment) {
  const base = rel.replace(/^.*\//, "").replace(/\.json$/, "");
  return fragment ? `${base}#${fragment.replace(/^\//, "")}` : base;
}

// --- derived nodes -------------------------------------------------------------------------
// A node: { type?: string[] (absent: any), enum?, keys?: {name: node}, values?: node (the type
// under keys of the user's choosing), closed?: true (no keys but `keys`), items?: node,
// required?: string[], ref?: name of a shared definition }. During derivation `closed` is
// true, false (the schema says open) or undefined (the schema does not say).

function deriveSchemaTable(source) {
  const defs = {};
  const converting = new Set();

  function refNode(ref, file) {
    const { rel, fragment } = resolveRef(ref, file);
    const name = defName(rel, fragment);
    if (!(name in defs) && !converting.has(name)) {
      converting.add(name);
      defs[name] = convert(pointer(loadJson(rel), fragment), rel);
      converting.delete(name);
    }
    return { ref: name };
  }

  /** The node a ref stands for (refs into a definition being converted stay unknown: any). */
  function deref(node, seen = new Set()) {
    if (!node.ref) return node;
    if (seen.has(node.ref) || !defs[node.ref]) return {};
    seen.add(node.ref);
    return deref(defs[node.ref], seen);
  }

  function convert(schema, file) {
    if (schema === true || schema === undefined || schema === null) return {};
    if (schema === false || typeof schema !== "object") return {};
    if (schema["x-kubernetes-preserve-unknown-fields"]) return { type: ["object"], closed: false };
    const { $ref, allOf, anyOf, oneOf, then: thenSchema, else: elseSchema, ...rest } = schema;
    const parts = [own(rest, file)];
    if ($ref) parts.push(refNode($ref, file));
    for (const sub of allOf ?? []) parts.push(convert(sub, file));
    for (const alternatives of [anyOf, oneOf]) {
      if (Array.isArray(alternatives)) parts.push(union(alternatives.map((s) => convert(s, file))));
    }
    // A lone $ref (or combinator) with nothing beside it stays a ref, so shared nodes stay shared.
    let node = parts.length === 1 ? parts[0] : parts.length === 2 && isEmpty(parts[0]) ? parts[1] : intersect(parts);
    // if/then/else: the keys either branch adds are allowed too; their closedness is not ours.
    for (const branch of [thenSchema, elseSchema]) {
      if (branch && typeof branch === "object") node = addKeys(node, convert(branch, file));
    }
    return node;
  }

  /** What a schema says itself, without its combinators. */
  function own(schema, file) {
    const node = {};
    const t = schema.type;
    if (typeof t === "string" && TYPES.includes(t)) node.type = [t];
    else if (Array.isArray(t) && t.every((x) => TYPES.includes(x))) node.type = [...t];
    if (Array.isArray(schema.enum) && schema.enum.every(isScalar)) node.enum = [...schema.enum];
    if ("const" in schema && isScalar(schema.const)) node.enum = [schema.const];
    if (schema.properties && typeof schema.properties === "object") {
      node.keys = {};
      for (const [k, v] of Object.entries(schema.properties)) node.keys[k] = convert(v, file);
    }
    const ap = schema.additionalProperties;
    if (ap === false) node.closed = true;
    else if (ap === true) node.closed = false;
    else if (ap && typeof ap === "object") {
      node.closed = false;
      node.values = convert(ap, file);
    }
    if (schema.patternProperties) {
      node.closed = false;
      delete node.values;
    }
    if (schema.items && typeof schema.items === "object" && !Array.isArray(schema.items)) node.items = convert(schema.items, file);
    if (Array.isArray(schema.required) && schema.required.length) node.required = [...schema.required];
    if (!node.type && (node.keys || node.values || node.closed !== undefined)) node.type = ["object"];
    return node;
  }

  /** allOf: every part holds. Types narrow; a map is closed when any part closes it. */
  function intersect(parts) {
    const out = {};
    for (const raw of parts) {
      const p = deref(raw);
      if (p.type) out.type = out.type ? intersectTypes(out.type, p.type) : [...p.type];
      if (p.enum) out.enum = out.enum ? out.enum.filter((x) => p.enum.includes(x)) : [...p.enum];
      if (p.keys) {
        out.keys ??= {};
        for (const [k, v] of Object.entries(p.keys)) out.keys[k] = out.keys[k] ? intersect([out.keys[k], v]) : v;
      }
      if (p.closed === true) out.closed = true;
      else if (p.closed === false && out.closed === undefined) out.closed = false;
      if (p.values) out.values = out.values ? intersect([out.values, p.values]) : p.values;
      if (p.items) out.items = out.items ? intersect([out.items, p.items]) : p.items;
      if (p.required) out.required = [...new Set([...(out.required ?? []), ...p.required])];
    }
    return out;
  }

  /** anyOf/oneOf: one alternative holds. Types widen; a map is closed only when every alternative that takes maps closes it. */
  function union(alts) {
    const nodes = alts.map((a) => deref(a));
    const out = {};
    if (nodes.every((n) => n.type)) out.type = [...new Set(nodes.flatMap((n) => n.type))];
    if (nodes.every((n) => n.enum)) out.enum = [...new Set(nodes.flatMap((n) => n.enum))];
    const maps = nodes.filter((n) => !n.type || n.type.includes("object"));
    if (maps.length) {
      if (maps.some((n) => n.keys)) {
        out.keys = {};
        for (const n of maps) for (const [k, v] of Object.entries(n.keys ?? {})) out.keys[k] = out.keys[k] ? union([out.keys[k], v]) : v;
      }
      if (maps.every((n) => n.closed === true)) out.closed = true;
      // An alternative open to any key, or one that lists none, lets every key through.
      else if (maps.some((n) => n.closed === false || (!n.keys && n.closed === undefined))) out.closed = false;
      const withValues = maps.filter((n) => n.values);
      if (withValues.length && withValues.length === maps.length) out.values = union(withValues.map((n) => n.values));
    }
    const lists = nodes.filter((n) => !n.type || n.type.includes("array"));
    if (lists.length && lists.every((n) => n.items)) out.items = union(lists.map((n) => n.items));
    return out;
  }

  function addKeys(node, branch) {
    const b = deref(branch);
    if (!b.keys) return node;
    const out = { ...deref(node), keys: { ...(deref(node).keys ?? {}) } };
    for (const [k, v] of Object.entries(b.keys)) if (!out.keys[k]) out.keys[k] = v;
    return out;
  }

  // The root is inlined (app-template's schema is one $ref) so the defaults can overlay it.
  const rootNode = deref(convert(loadJson(source.schema), source.schema));
  return { root: rootNode, defs };
}

function isScalar(x) {
  return x === null || ["string", "number", "boolean"].includes(typeof x);
}
function isEmpty(n) {
  return Object.keys(n).length === 0;
}
function isMap(v) {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}
function intersectTypes(a, b) {
  const out = a.filter((t) => b.includes(t) || (t === "number" && b.includes("integer")));
  if (b.includes("number") && a.includes("integer") && !out.includes("integer")) out.push("integer");
  return out;
}

// --- keys only named in comments ---------------------------------------------------------

/**
 * values.yaml files document optional keys as commented-out lines (`# algorithm: random` under
 * cilium's `loadBalancer`). Those are keys the chart reads, of a type the file does not give: per
 * map path (keys joined by a NUL), the names commented out at its children's indentation.
 */
function commentedKeys(text) {
  const byPath = new Map();
  const stack = [];
  // The last line read opened a map (`service:`), or was a comment just under one.
  let opened = false;
  const popTo = (indent) => {
    while (stack.length && stack[stack.length - 1].indent >= indent) stack.pop();
  };
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const indent = line.length - line.trimStart().length;
    const content = line.trimStart();
    if (content.startsWith("#")) {
      const m = /^#( ?)([A-Za-z_][\w.\-/]*):(\s|$)/.exec(content);
      if (!m) continue;
      const key = m[2];
      // Indented, the `#` stands where the key would. At the start of a line, `# key:` right
      // under a map's opening line (coredns's `service:` / `# clusterIP: ""`) is that map's child;
      // any other is a top-level key.
      const child = indent === 0 && m[1] === " " && opened;
      popTo(child ? 2 : indent);
      opened = child;
      if (stack.some((s) => s.key === undefined)) continue;
      const path = stack.map((s) => s.key).join("\0");
      if (!byPath.has(path)) byPath.set(path, new Set());
      byPath.get(path).add(key);
      continue;
    }
    popTo(indent);
    opened = /:\s*(#.*)?$/.test(content) && !content.startsWith("-");
    if (content.startsWith("- ") || content === "-") {
      stack.push({ indent, key: undefined });
      continue;
    }
    const key = /^(?:"([^"]+)"|'([^']+)'|([^\s:#"'][^:#]*?)):(\s|$)/.exec(content);
    if (key) stack.push({ indent, key: key[1] ?? key[2] ?? key[3] });
  }
  return byPath;
}

// --- defaults -----------------------------------------------------------------------------

/** A node from a default alone: a scalar gives its type; `{}`, null and pass-through maps say little. */
function infer(value, name, path = [], commented = new Map()) {
  if (value === null || value === undefined) return {};
  if (typeof value === "string") return { type: ["string"] };
  if (typeof value === "boolean") return { type: ["boolean"] };
  if (typeof value === "number") return { type: [Number.isInteger(value) ? "integer" : "number"] };
  if (Array.isArray(value)) return { type: ["array"] };
  if (Object.keys(value).length === 0 || OPEN_NAMES.test(name)) return { type: ["object"], closed: false };
  const keys = {};
  for (const [k, v] of Object.entries(value)) keys[k] = infer(v, k, [...path, k], commented);
  for (const k of commented.get(path.join("\0")) ?? []) keys[k] ??= {};
  return { type: ["object"], keys, closed: true };
}

/**
 * Where the schema leaves a map's closedness unsaid (cilium's objects), the defaults decide: a
 * non-empty default map lists every key the chart reads, so the map is closed, and keys found
 * only in the defaults are added with their inferred types.
 */
function overlay(node, value, name, path, commented) {
  if (node.ref || !isMap(value)) return node;
  const keys = { ...(node.keys ?? {}) };
  for (const [k, v] of Object.entries(value)) keys[k] = keys[k] ? overlay(keys[k], v, k, [...path, k], commented) : infer(v, k, [...path, k], commented);
  for (const k of commented.get(path.join("\0")) ?? []) keys[k] ??= {};
  const out = { ...node, keys };
  if (node.closed === undefined && Object.keys(value).length > 0 && !OPEN_NAMES.test(name) && !node.values) out.closed = true;
  if (!out.type) out.type = ["object"];
  return out;
}

/**
 * A scalar default of values.yaml on its key's node (what a hover shows): facts, not prose. Long
 * strings (scripts, embedded files) are left out. Shared nodes (refs) take no one key's default.
 */
function addDefaults(node, value) {
  if (!node || node.ref) return;
  if (typeof value === "boolean" || typeof value === "number" || (typeof value === "string" && value.length <= 80 && !value.includes("\n"))) {
    node.default = value;
    return;
  }
  if (isMap(value) && node.keys) for (const [k, v] of Object.entries(value)) addDefaults(node.keys[k], v);
}

/** Drops derivation-only state: `closed` survives only as true; empty maps of keys go. */
function finish(node) {
  if (!node || typeof node !== "object") return node;
  const out = {};
  if (node.ref) return { ref: node.ref };
  if (node.type && node.type.length) out.type = [...new Set(node.type)].sort();
  if (node.enum) out.enum = node.enum;
  if (node.default !== undefined) out.default = node.default;
  if (node.keys && Object.keys(node.keys).length) {
    out.keys = {};
    for (const k of Object.keys(node.keys).sort()) out.keys[k] = finish(node.keys[k]);
  }
  if (node.values) out.values = finish(node.values);
  if (node.closed === true && !node.values) out.closed = true;
  if (node.items && !isEmpty(node.items)) out.items = finish(node.items);
  if (node.required) out.required = [...node.required].sort();
  return out;
}

for (const source of SOURCES) {
  const text = readFileSync(join(charts, source.defaults), "utf8");
  const defaults = parse(text) ?? {};
  const commented = commentedKeys(text);
  let root;
  let defs = {};
  if (source.schema) {
    const derived = deriveSchemaTable(source);
    root = overlay(source.closeRoot ? { ...derived.root, closed: undefined } : derived.root, defaults, "", [], commented);
    if (source.closeRoot) root.keys.global ??= {};
    defs = derived.defs;
  } else {
    root = infer(defaults, "", [], commented);
    // Helm's conventional name keys: the helpers `helm create` writes read them, listed in values.yaml or not.
    for (const k of ["nameOverride", "fullnameOverride"]) root.keys[k] ??= {};
  }
  addDefaults(root, defaults);
  const table = {
    chart: source.chart,
    version: source.version,
    from: source.schema ? "values.schema.json, values.yaml" : "values.yaml",
    licence: source.licence,
    root: finish(root),
    defs: Object.fromEntries(Object.keys(defs).sort().map((k) => [k, finish(defs[k])])),
  };
  const file = join(outDir, `${source.chart}-${source.version.replace(/^v/, "")}.json`);
  writeFileSync(file, JSON.stringify(table) + "\n");
  console.log(`${file}: ${JSON.stringify(table).length} bytes`);
}
