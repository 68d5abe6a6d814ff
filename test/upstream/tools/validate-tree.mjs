#!/usr/bin/env node
// validate-tree.mjs - validate a tree of generated GitOps YAML (Kubernetes core kinds,
// Flux, flux-operator, cert-manager, kustomization.yaml, helmfile.yaml, talhelper's talconfig.yaml,
// Talos machine configs) against the JSON Schemas kept in ../schemas (see ../schemas/SOURCES.md
// for where they come from).
//
// Schema choice: kustomization.yaml/.yml (no apiVersion, or kustomize.config.k8s.io/*) ->
// schemastore/kustomization.json; helmfile.yaml/.yml and helmfile.d/*.yaml -> schemastore/helmfile.json;
// talconfig.yaml/.yml -> talhelper/talconfig.json; Talos machine config documents -> the Talos schema
// picked by --talos (talos/config.schema.vX.Y.Z.json, or talos/config.schema.json for "newest"): a
// document with `version: v1alpha1` and `machine:` or `cluster:` is checked against the schema's
// v1alpha1 Config, one with `apiVersion: v1alpha1` and a `kind` (HostnameConfig, LinkConfig, ...)
// against the schema's document of that kind (a kind the schema does not have is a failure);
// anything else by apiVersion + kind -> crds/<group>/<kind>_<version>.json or k8s/<newest>/ (GVK read
// from each schema's x-kubernetes-group-version-kind). Hidden files/folders (.git, .sops.yaml, ...),
// node_modules and Helm chart folders (with a Chart.yaml) are not walked; only *.yaml / *.yml are read.
// Beyond the schemas: YAML syntax errors and duplicate keys fail; metadata.name (or generateName) is
// required on Kubernetes objects; the metadata of custom resources is checked against Kubernetes'
// ObjectMeta (CRD schemas only say `type: object`). CEL rules (x-kubernetes-validations) are not run.
// SOPS: a document with a top-level `sops:` mapping is validated without it; encrypted values
// (ENC[...,type:T]) are replaced by a placeholder of their recorded type T, and only type errors are
// reported for them. If apiVersion/kind themselves are encrypted the document is skipped with a note.
// talconfig.yaml: values holding talhelper's envsubst placeholders (${talosVersion}, $VAR; filled from
// talenv.yaml before talhelper parses the file) are not checked themselves (a NOTE says how many).
// Talos: two fields Talos's own generator writes but the published schema lacks are allowed and
// reported as NOTE lines: a top-level `persist` (must be a boolean) and `machine.install.extraKernelArgs`
// (must be a list of strings). Talos documents in a folder named `patches` (anywhere in the path) are
// partial config patches: they are skipped with a NOTE unless --talos-patches is given. Other files in
// patches/ folders (e.g. kustomize patches) are validated as before.
// Withheld schemas: a kind whose schema file is deliberately absent from the schema root (see WITHHELD
// below: licence terms keep it out of the repository) is skipped with a SKIP line that names the kind,
// the missing file and the reason, and is counted in the summary; it is neither a failure (not even
// with --fail-on-no-schema) nor a silent NO SCHEMA. Given the file, the kind is validated as usual.
//
// Install:  npm install --prefix <this folder>      (ajv, ajv-formats, yaml; exact versions in package.json)
// Usage:    node validate-tree.mjs [options] <dir-or-file>...
//
//   --schemas DIR        schema root (default: ../schemas next to this script)
//   --k8s NAME           folder under <schemas>/k8s to use (default: the newest vX.Y-* folder)
//   --talos VERSION      Talos schema: X.Y (default 1.13) picks <schemas>/talos/config.schema.vX.Y[.Z].json
//                        (highest .Z), or the unversioned config.schema.json if its $id is vX.Y;
//                        "newest" picks <schemas>/talos/config.schema.json
//   --talos-patches      validate Talos documents in patches/ folders as partial configs: no
//                        missing-required-field errors, `$patch: delete` entries and talhelper
//                        ${...} placeholder values are not checked; top-level lists (JSON patches)
//                        stay NO SCHEMA
//   --yaml-version V     1.2 (default; YAML 1.2 core schema, as go-yaml v3/kustomize read it) or 1.1 (kubectl-like:
//                        unquoted yes/no/on/off become booleans)
//   --ignore REGEX       skip files whose path (relative to the argument) matches; repeatable
//                        (e.g. partial strategic-merge patch files)
//   --max-errors N       errors printed per document (default 20)
//   --fail-on-no-schema  count documents without a schema as failures
//   --quiet              do not print NO SCHEMA / NOTE lines (they are still counted)
//   --list-schemas       print the apiVersion|kind -> schema file table and exit
//
// Output: one "FAIL" line per problem found, "NO SCHEMA" lines for documents whose
// apiVersion/kind has no schema (counted, not failures), "NOTE"/"SKIP" lines for SOPS files,
// talconfig placeholders, tolerated Talos fields and skipped Talos patches, then a summary; the
// last line is always "N passed, N failed" (counted per YAML document).
// Exit status: 0 all passed, 1 at least one failure, 2 usage or setup error.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parseAllDocuments, isMap } from 'yaml';

const HERE = path.dirname(fileURLToPath(import.meta.url));

// ---------------------------------------------------------------- options
function usage(msg) {
  if (msg) console.error(`validate-tree: ${msg}`);
  console.error('usage: node validate-tree.mjs [--schemas DIR] [--k8s NAME] [--talos X.Y|newest] [--talos-patches] ' +
    '[--yaml-version 1.1|1.2] [--ignore REGEX]... [--max-errors N] [--fail-on-no-schema] [--quiet] [--list-schemas] ' +
    '<dir-or-file>...');
  process.exit(2);
}

const opts = {
  schemas: path.resolve(HERE, '../schemas'),
  k8s: null,
  talos: '1.13',
  talosGiven: false,
  talosPatches: false,
  yamlVersion: '1.2',
  ignore: [],
  maxErrors: 20,
  failOnNoSchema: false,
  quiet: false,
  listSchemas: false,
  targets: [],
};
{
  const argv = process.argv.slice(2);
  const value = (i, name) => {
    if (i >= argv.length) usage(`${name} needs a value`);
    return argv[i];
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--schemas') opts.schemas = path.resolve(value(++i, a));
    else if (a === '--k8s') opts.k8s = value(++i, a);
    else if (a === '--talos') {
      opts.talos = value(++i, a).replace(/^v/, '');
      opts.talosGiven = true;
      if (opts.talos !== 'newest' && !/^\d+\.\d+(\.\d+)?$/.test(opts.talos)) usage('--talos must be newest or a Talos version such as 1.13');
    } else if (a === '--talos-patches') opts.talosPatches = true;
    else if (a === '--yaml-version') {
      opts.yamlVersion = value(++i, a);
      if (!['1.1', '1.2'].includes(opts.yamlVersion)) usage('--yaml-version must be 1.1 or 1.2');
    } else if (a === '--ignore') opts.ignore.push(new RegExp(value(++i, a)));
    else if (a === '--max-errors') {
      opts.maxErrors = Number.parseInt(value(++i, a), 10);
      if (!(opts.maxErrors > 0)) usage('--max-errors must be a positive integer');
    } else if (a === '--fail-on-no-schema') opts.failOnNoSchema = true;
    else if (a === '--quiet') opts.quiet = true;
    else if (a === '--list-schemas') opts.listSchemas = true;
    else if (a === '-h' || a === '--help') usage();
    else if (a.startsWith('--')) usage(`unknown option ${a}`);
    else opts.targets.push(a);
  }
  if (!opts.targets.length && !opts.listSchemas) usage('no directory or file given');
}

// ---------------------------------------------------------------- schema index
// key: "<apiVersion>|<kind in lower case>" -> { file (relative to schema root), kind (canonical, if known) }
const index = new Map();
const schemaCache = new Map(); // relative file -> parsed JSON
let objectMetaSchema = null;   // Kubernetes ObjectMeta, used for the metadata of custom resources
const KUSTOMIZE_SCHEMA = 'schemastore/kustomization.json';
const HELMFILE_SCHEMA = 'schemastore/helmfile.json';
const TALCONFIG_SCHEMA = 'talhelper/talconfig.json';
// "<apiVersion>|<kind in lower case>" -> the schema file that would check it and why it is not here
const WITHHELD = new Map([
  ['fluxcd.controlplane.io/v1|fluxinstance', {
    kind: 'FluxInstance',
    file: 'crds/fluxcd.controlplane.io/fluxinstance_v1.json',
    why: 'flux-operator\'s CRD is AGPL-3.0, so its schema is not vendored (test/upstream/SOURCES.md)',
  }],
]);

function readSchema(rel) {
  if (!schemaCache.has(rel)) {
    schemaCache.set(rel, JSON.parse(fs.readFileSync(path.join(opts.schemas, rel), 'utf8')));
  }
  return schemaCache.get(rel);
}

function listDir(dir) {
  try {
    return fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

function versionOf(name) {
  const m = /^v(\d+)\.(\d+)(?:\.(\d+))?/.exec(name);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : null;
}

function buildIndex() {
  if (!fs.existsSync(opts.schemas)) {
    console.error(`validate-tree: schema folder not found: ${opts.schemas}`);
    process.exit(2);
  }
  // CRDs: crds/<group>/<kind>_<version>.json (datreeio/CRDs-catalog layout)
  for (const g of listDir(path.join(opts.schemas, 'crds'))) {
    if (!g.isDirectory()) continue;
    for (const f of listDir(path.join(opts.schemas, 'crds', g.name))) {
      const m = /^(.+)_(v[0-9a-z]+)\.json$/.exec(f.name);
      if (!m) continue;
      index.set(`${g.name}/${m[2]}|${m[1]}`, { file: `crds/${g.name}/${f.name}`, kind: null, crd: true });
    }
  }
  // Kubernetes core kinds: k8s/<vX.Y-...>/<kind>[-<group>]-<version>.json; the GVK is read from the schema
  const k8sRoot = path.join(opts.schemas, 'k8s');
  let k8sDir = opts.k8s;
  if (!k8sDir) {
    const cands = listDir(k8sRoot).filter((d) => d.isDirectory() && versionOf(d.name));
    cands.sort((a, b) => {
      const va = versionOf(a.name);
      const vb = versionOf(b.name);
      return va[0] - vb[0] || va[1] - vb[1] || va[2] - vb[2];
    });
    k8sDir = cands.length ? cands[cands.length - 1].name : null;
  }
  if (k8sDir) {
    if (!fs.existsSync(path.join(k8sRoot, k8sDir))) {
      console.error(`validate-tree: no such folder ${path.join(k8sRoot, k8sDir)}`);
      process.exit(2);
    }
    for (const f of listDir(path.join(k8sRoot, k8sDir))) {
      if (!f.isFile() || !f.name.endsWith('.json')) continue;
      const rel = `k8s/${k8sDir}/${f.name}`;
      const s = readSchema(rel);
      for (const gvk of s['x-kubernetes-group-version-kind'] ?? []) {
        const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
        index.set(`${apiVersion}|${gvk.kind.toLowerCase()}`, { file: rel, kind: gvk.kind, crd: false });
      }
      if (!objectMetaSchema && s.properties?.metadata?.properties?.name) objectMetaSchema = s.properties.metadata;
    }
  }
  if (fs.existsSync(path.join(opts.schemas, KUSTOMIZE_SCHEMA))) {
    index.set('kustomize.config.k8s.io/v1beta1|kustomization', { file: KUSTOMIZE_SCHEMA, kind: 'Kustomization', crd: false, config: true });
    index.set('kustomize.config.k8s.io/v1alpha1|component', { file: KUSTOMIZE_SCHEMA, kind: 'Component', crd: false, config: true });
  }
}

// ---------------------------------------------------------------- Talos schema
// <schemas>/talos/config.schema*.json: one JSON Schema (draft 2020-12) whose root is a oneOf over
// $defs, one per document kind: the legacy v1alpha1 Config (`version: v1alpha1`, machine, cluster)
// and the multi-document kinds (`apiVersion: v1alpha1` + `kind`, the kind as an enum in the def).
// Each document is validated against its own def (the root oneOf would only say "no match").
function talosVersionOf(rel) {
  const m = /\.v(\d+)\.(\d+)(?:\.(\d+))?\.json$/.exec(rel);
  if (m) return { v: [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)], from: 'name' };
  try {
    const id = readSchema(rel).$id ?? '';
    const n = /\/v(\d+)\.(\d+)\//.exec(id);
    if (n) return { v: [Number(n[1]), Number(n[2]), 0], from: 'id' };
  } catch { /* unreadable: no version */ }
  return null;
}

function talosCandidates() {
  return listDir(path.join(opts.schemas, 'talos'))
    .filter((f) => f.isFile() && /^config\.schema(\.v[\d.]+)?\.json$/.test(f.name))
    .map((f) => `talos/${f.name}`);
}

// the schema file --talos names (relative to the schema root), or null
function talosSchemaFile() {
  const cands = talosCandidates();
  if (opts.talos === 'newest') return cands.includes('talos/config.schema.json') ? 'talos/config.schema.json' : null;
  const want = opts.talos.split('.').map(Number);
  const hits = cands.map((rel) => ({ rel, ver: talosVersionOf(rel) }))
    .filter((c) => c.ver && c.ver.v[0] === want[0] && c.ver.v[1] === want[1] &&
      (want.length < 3 || (c.ver.from === 'name' && c.ver.v[2] === want[2])))
    // a file named after its version first (highest patch), then an unversioned one whose $id matches
    .sort((a, b) => (a.ver.from === b.ver.from ? b.ver.v[2] - a.ver.v[2] : a.ver.from === 'name' ? -1 : 1));
  return hits.length ? hits[0].rel : null;
}

let talos;  // undefined: not loaded yet; null: no schema; else { file, id, schema, byKind, legacy }
let talosMissing = null; // why there is no Talos schema (when --talos was not given)
function loadTalos() {
  if (talos !== undefined) return talos;
  const file = talosSchemaFile();
  if (!file) {
    const have = talosCandidates().map((rel) => {
      const ver = talosVersionOf(rel);
      return `${path.basename(rel)}${ver ? ` (${ver.v[0]}.${ver.v[1]})` : ''}`;
    });
    const msg = `no Talos schema for --talos ${opts.talos} in ${path.join(opts.schemas, 'talos')}` +
      ` (have: ${have.join(', ') || 'none'})`;
    if (opts.talosGiven) {
      console.error(`validate-tree: ${msg}`);
      process.exit(2);
    }
    talos = null;
    talosMissing = msg;
    return talos;
  }
  const schema = readSchema(file);
  const byKind = new Map(); // kind -> def name
  let legacy = null;
  for (const branch of schema.oneOf ?? []) {
    const name = typeof branch.$ref === 'string' ? branch.$ref.replace(/^#\/\$defs\//, '') : null;
    const def = name ? schema.$defs?.[name] : null;
    if (!def) continue;
    const k = def.properties?.kind;
    const kinds = k?.enum ?? (k?.const !== undefined ? [k.const] : []);
    for (const kind of kinds) byKind.set(kind, name);
    if (!kinds.length && def.properties?.version) legacy = name;
  }
  // Quirk of the published schema: the def for Talos's `UnattendedInstallConfig` documents declares
  // the kind as "UnattendedInstall" (Talos itself writes UnattendedInstallConfig). Accept both.
  if (byKind.has('UnattendedInstall') && !byKind.has('UnattendedInstallConfig')) {
    const name = byKind.get('UnattendedInstall');
    const k = schema.$defs[name].properties.kind;
    if (Array.isArray(k.enum)) k.enum = [...k.enum, 'UnattendedInstallConfig'];
    byKind.set('UnattendedInstallConfig', name);
  }
  if (!legacy && !byKind.size) {
    console.error(`validate-tree: ${file}: no document kinds found under its root oneOf`);
    process.exit(2);
  }
  talos = { file, id: schema.$id ?? `urn:validate-tree:${file}`, schema, byKind, legacy };
  return talos;
}

// why a Talos kind has no def in the selected schema, with a hint where one can be found
function talosKindHint(kind) {
  const hints = [];
  const suffix = new RegExp(`\\.${kind.replace(/[^A-Za-z0-9]/g, '')}V\\d+(Alpha|Beta)?\\d*$`, 'i');
  for (const [name, def] of Object.entries(talos.schema.$defs ?? {})) {
    if (!suffix.test(name)) continue;
    const declared = def.properties?.kind?.enum ?? [];
    if (declared.length) hints.push(`the schema's ${name} is declared as kind ${declared.map((d) => `"${d}"`).join('/')}`);
  }
  const others = talosCandidates().filter((rel) => rel !== talos.file).filter((rel) => {
    try {
      const s = readSchema(rel);
      return (s.oneOf ?? []).some((b) => {
        const d = s.$defs?.[String(b.$ref ?? '').replace(/^#\/\$defs\//, '')];
        return (d?.properties?.kind?.enum ?? []).includes(kind);
      });
    } catch {
      return false;
    }
  });
  if (others.length) {
    hints.push(`it is in ${others.map((rel) => {
      const ver = talosVersionOf(rel);
      const flag = rel === 'talos/config.schema.json' ? 'newest' : ver ? `${ver.v[0]}.${ver.v[1]}` : null;
      return `${rel}${flag ? ` (--talos ${flag})` : ''}`;
    }).join(', ')}`);
  }
  return hints.length ? ` (${hints.join('; ')})` : '';
}

// ---------------------------------------------------------------- ajv
// kubeconform-style and draft-07 schemas: Ajv (draft-07); draft 2020-12 schemas (talhelper, Talos): Ajv2020
const ajvOptions = { strict: false, allErrors: true, allowUnionTypes: true, verbose: true };
const ajv = new Ajv(ajvOptions);
addFormats(ajv);
let ajv2020 = null;
function ajv20() {
  if (!ajv2020) {
    ajv2020 = new Ajv2020(ajvOptions);
    addFormats(ajv2020);
  }
  return ajv2020;
}
const is2020 = (s) => typeof s.$schema === 'string' && s.$schema.includes('2020-12');
const validators = new Map();

function validatorFor(rel) {
  if (!validators.has(rel)) {
    const s = structuredClone(readSchema(rel));
    if (is2020(s)) {
      validators.set(rel, ajv20().compile(s));
    } else {
      delete s.$schema; // kubeconform files say "http://json-schema.org/schema#", which ajv does not ship
      validators.set(rel, ajv.compile(s));
    }
  }
  return validators.get(rel);
}

// drop `required` everywhere (for partial Talos patches); property names are not touched
function withoutRequired(node) {
  if (Array.isArray(node)) return node.map(withoutRequired);
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'required' && Array.isArray(v)) continue;
    if (k === 'properties' || k === 'patternProperties' || k === '$defs' || k === 'definitions' || k === 'dependentSchemas') {
      out[k] = Object.fromEntries(Object.entries(v ?? {}).map(([pk, pv]) => [pk, withoutRequired(pv)]));
    } else if (k === 'enum' || k === 'const' || k === 'default' || k === 'examples') {
      out[k] = v;
    } else {
      out[k] = withoutRequired(v);
    }
  }
  return out;
}

const talosAdded = new Set(); // $ids of the Talos schema (and its partial variant) added to ajv2020
function talosValidator(def, partial) {
  const key = `${talos.file}#${def}${partial ? '#partial' : ''}`;
  if (!validators.has(key)) {
    const a = ajv20();
    const id = partial ? `${talos.id.replace(/\.json$/, '')}.partial.json` : talos.id;
    if (!talosAdded.has(id)) {
      a.addSchema(partial ? { ...withoutRequired(talos.schema), $id: id } : structuredClone(talos.schema), id);
      talosAdded.add(id);
    }
    validators.set(key, a.compile({ $ref: `${id}#/$defs/${def}` }));
  }
  return validators.get(key);
}

let objectMetaValidator = null;
function validateObjectMeta(meta) {
  if (!objectMetaSchema) return [];
  if (!objectMetaValidator) objectMetaValidator = ajv.compile(structuredClone(objectMetaSchema));
  if (objectMetaValidator(meta)) return [];
  return objectMetaValidator.errors.map((e) => ({ ...e, instancePath: `/metadata${e.instancePath}` }));
}

// ---------------------------------------------------------------- helpers
function pointerSegments(ptr) {
  if (!ptr) return [];
  return ptr.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function pointerOf(segs) {
  return segs.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

function displayPath(segs) {
  let out = '';
  for (const s of segs) {
    if (/^\d+$/.test(s)) out += `[${s}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(s)) out += out ? `.${s}` : s;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out || '(root)';
}

function valueAt(data, segs) {
  let cur = data;
  for (const s of segs) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = cur[s];
  }
  return cur;
}

function jsonType(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function lineCounter(text) {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

// line of the YAML node at segs (or of its closest existing parent); for an unknown
// field, the line of that key.
function lineFor(ydoc, segs, lineOf, extraKey) {
  if (extraKey !== undefined) {
    const parent = segs.length ? ydoc.getIn(segs, true) : ydoc.contents;
    if (isMap(parent)) {
      const pair = parent.items.find((p) => String(p.key?.value ?? p.key) === extraKey);
      if (pair?.key?.range) return lineOf(pair.key.range[0]);
    }
  }
  for (let n = segs.length; n >= 0; n--) {
    const node = n === 0 ? ydoc.contents : ydoc.getIn(segs.slice(0, n), true);
    if (node?.range) return lineOf(node.range[0]);
  }
  return lineOf(ydoc.range?.[0] ?? 0);
}

// ---------------------------------------------------------------- SOPS
// A SOPS file keeps its keys in clear text and replaces (selected) values with
// ENC[AES256_GCM,data:...,iv:...,tag:...,type:<str|int|float|bool|bytes>]; the original
// type is recorded. We drop the top-level "sops" metadata, put a placeholder of the recorded
// type in place of each encrypted value, validate the structure, and keep only "type" errors
// for encrypted values (e.g. an int under Secret.stringData); other checks on encrypted values
// (pattern, format, enum, length) cannot be made and are dropped.
const ENC_RE = /^ENC\[[A-Z0-9_]+,data:.*,type:([a-z]+)\]$/s;
const PLACEHOLDER = { str: '', bytes: '', int: 0, float: 0.5, bool: false };

function unsops(node, segs, enc) {
  if (typeof node === 'string') {
    const m = ENC_RE.exec(node);
    if (!m) return node;
    enc.set(pointerOf(segs), m[1]);
    return m[1] in PLACEHOLDER ? PLACEHOLDER[m[1]] : '';
  }
  if (Array.isArray(node)) return node.map((v, i) => unsops(v, [...segs, String(i)], enc));
  if (node && typeof node === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(node)) out[k] = unsops(v, [...segs, k], enc);
    return out;
  }
  return node;
}

// ---------------------------------------------------------------- error shaping
// restricted Damerau-Levenshtein distance, for "did you mean" on unknown fields
function editDistance(a, b) {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

function suggestField(key, parentSchema, present) {
  const known = Object.keys(parentSchema?.properties ?? {}).filter((k) => !present || !(k in present));
  let best = null;
  let bestD = Infinity;
  for (const k of known) {
    const dist = k.toLowerCase() === key.toLowerCase() ? 0.5 : editDistance(key, k);
    if (dist < bestD) {
      best = k;
      bestD = dist;
    }
  }
  return best !== null && bestD <= Math.max(1, Math.min(3, Math.floor(key.length / 3))) ? best : null;
}

// the property lists of oneOf/anyOf branches that only say `required: [...]` (else null)
function requiredBranches(branches) {
  if (!Array.isArray(branches) || !branches.length) return null;
  const lists = branches.map((b) => (b && typeof b === 'object' && Array.isArray(b.required) &&
    Object.keys(b).every((k) => ['required', 'title', 'description'].includes(k)) ? b.required : null));
  return lists.every(Boolean) ? lists : null;
}

function shapeErrors(errors, data) {
  // merge "must match a schema in oneOf/anyOf" with its type-only branches into one message
  const dropped = new Set();
  const merged = new Map();
  const mergedMsg = new Map();
  for (const e of errors) {
    if (e.keyword !== 'oneOf' && e.keyword !== 'anyOf') continue;
    const subs = errors.filter((x) => x !== e && x.instancePath === e.instancePath &&
      x.schemaPath.startsWith(`${e.schemaPath}/`));
    if (subs.length && subs.every((x) => x.keyword === 'type')) {
      const types = [...new Set(subs.flatMap((x) => [].concat(x.params.type)))].filter((t) => t !== 'null');
      subs.forEach((x) => dropped.add(x));
      merged.set(e, types);
      continue;
    }
    // branches that only require fields (e.g. talconfig nodes[]: installDisk or installDiskSelector)
    const lists = requiredBranches(e.schema);
    if (lists && subs.every((x) => x.keyword === 'required')) {
      const names = lists.map((l) => l.join(' + ')).join(', ');
      const obj = valueAt(data, pointerSegments(e.instancePath));
      const set = lists.filter((l) => obj && typeof obj === 'object' && l.every((k) => k in obj)).map((l) => l.join(' + '));
      subs.forEach((x) => dropped.add(x));
      mergedMsg.set(e, e.keyword === 'oneOf'
        ? `must set exactly one of ${names}, ${set.length ? `got ${set.join(' and ')}` : 'got none'}`
        : `must set one of ${names}`);
    }
  }
  const out = [];
  for (const e of errors) {
    if (dropped.has(e)) continue;
    const segs = pointerSegments(e.instancePath);
    let msg;
    let extraKey;
    let at = segs;
    switch (e.keyword) {
      case 'additionalProperties': {
        extraKey = e.params.additionalProperty;
        at = [...segs, extraKey];
        const hint = suggestField(extraKey, e.parentSchema, valueAt(data, segs));
        msg = `unknown field${hint ? ` (did you mean "${hint}"?)` : ''}`;
        break;
      }
      case 'required':
        msg = `missing required field "${e.params.missingProperty}"`;
        break;
      case 'type': {
        const want = [].concat(e.params.type).filter((t) => t !== 'null').join(' or ');
        msg = `must be ${want}, got ${jsonType(valueAt(data, segs))}`;
        break;
      }
      case 'enum': {
        const vals = e.params.allowedValues.map((v) => JSON.stringify(v));
        msg = `must be one of ${vals.slice(0, 10).join(', ')}${vals.length > 10 ? ', ...' : ''}` +
          `, got ${JSON.stringify(valueAt(data, segs))}`;
        break;
      }
      case 'oneOf':
      case 'anyOf':
        if (merged.has(e)) msg = `must be ${merged.get(e).join(' or ')}, got ${jsonType(valueAt(data, segs))}`;
        else if (mergedMsg.has(e)) msg = mergedMsg.get(e);
        else msg = e.message;
        break;
      default:
        msg = e.message;
    }
    out.push({ segs, at, extraKey, msg, keyword: e.keyword, pointer: e.instancePath });
  }
  // de-duplicate (allErrors can report the same thing through several branches)
  const seen = new Set();
  return out.filter((x) => {
    const k = `${displayPath(x.at)}|${x.msg}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

// ---------------------------------------------------------------- main
buildIndex();
const haveTalconfig = fs.existsSync(path.join(opts.schemas, TALCONFIG_SCHEMA));
if (opts.talosGiven) loadTalos(); // a --talos that names no schema is a setup error (exit 2)
if (opts.listSchemas) {
  for (const [k, v] of [...index].sort()) console.log(`${k.padEnd(70)} ${v.file}`);
  console.log(`${HELMFILE_SCHEMA.padEnd(70)} (by file name: helmfile.yaml, helmfile.d/*.yaml)`);
  if (haveTalconfig) console.log(`${TALCONFIG_SCHEMA.padEnd(70)} (by file name: talconfig.yaml)`);
  for (const [k, w] of [...WITHHELD].sort()) {
    if (!index.has(k)) console.log(`${k.padEnd(70)} (withheld: ${w.file}; ${w.why})`);
  }
  const t = loadTalos();
  if (t) {
    if (t.legacy) console.log(`${'version: v1alpha1 (+ machine/cluster)'.padEnd(70)} ${t.file}#${t.legacy}`);
    for (const [k, def] of [...t.byKind].sort()) console.log(`${`v1alpha1|${k}`.padEnd(70)} ${t.file}#${def}`);
  } else {
    console.log(`(Talos: ${talosMissing})`);
  }
  process.exit(0);
}

let passed = 0;
let failed = 0;
let noSchema = 0;
let skipped = 0;
let skippedPatches = 0;
const skippedWithheld = new Map(); // kind -> documents skipped because its schema is withheld

const skippedCharts = [];
function* walk(p) {
  const st = fs.statSync(p);
  if (st.isFile()) {
    yield p;
    return;
  }
  const ents = fs.readdirSync(p, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  if (ents.some((e) => e.isFile() && e.name === 'Chart.yaml')) {
    // a Helm chart: templates/ are Go templates, not YAML; the chart is not validated
    skippedCharts.push(p);
    return;
  }
  for (const ent of ents) {
    if (ent.name.startsWith('.') || ent.name === 'node_modules') continue; // .git, .sops.yaml, .github ...
    const full = path.join(p, ent.name);
    if (ent.isDirectory()) yield* walk(full);
    else if (ent.isFile() && /\.ya?ml$/i.test(ent.name)) yield full;
  }
}

// inPatches: the file is in a folder named "patches" (Talos documents there are partial patches)
function route(relFile, doc, inPatches) {
  const base = path.basename(relFile).toLowerCase();
  const apiVersion = typeof doc.apiVersion === 'string' ? doc.apiVersion : undefined;
  const kind = typeof doc.kind === 'string' ? doc.kind : undefined;
  if ((base === 'kustomization.yaml' || base === 'kustomization.yml') &&
      (!apiVersion || apiVersion.startsWith('kustomize.config.k8s.io/'))) {
    return { file: KUSTOMIZE_SCHEMA, config: true };
  }
  if (/^helmfile\.ya?ml$/.test(base) || relFile.split(/[\\/]/).includes('helmfile.d')) {
    return { file: HELMFILE_SCHEMA, config: true };
  }
  if ((base === 'talconfig.yaml' || base === 'talconfig.yml') && haveTalconfig) {
    return { file: TALCONFIG_SCHEMA, config: true, talconfig: true };
  }
  // Talos: multi-document kinds (apiVersion v1alpha1 + kind), the legacy v1alpha1 config (version +
  // machine/cluster), and in patches/ also partial v1alpha1 configs without `version`
  const hasMachineOrCluster = Object.hasOwn(doc, 'machine') || Object.hasOwn(doc, 'cluster');
  const talosMulti = apiVersion === 'v1alpha1' && kind !== undefined;
  const talosLegacy = !talosMulti && hasMachineOrCluster &&
    (doc.version === 'v1alpha1' || (inPatches && apiVersion === undefined && kind === undefined));
  if (talosMulti || talosLegacy) {
    const label = `Talos ${talosMulti ? `${kind}${typeof doc.name === 'string' ? `/${doc.name}` : ''}` : 'v1alpha1 config'}` +
      `${inPatches ? ' (patch)' : ''}`;
    if (inPatches && !opts.talosPatches) return { talosPatch: true, label };
    const t = loadTalos();
    if (!t) return { missing: talosMissing };
    const def = talosMulti ? t.byKind.get(kind) : t.legacy;
    if (!def) {
      return {
        label,
        file: t.file,
        talosUnknown: talosMulti ? `"${kind}" is not a document kind in this schema${talosKindHint(kind)}`
          : 'this schema has no v1alpha1 Config document',
      };
    }
    return { file: t.file, show: `${t.file}#${def}`, def, talos: true, legacy: def === t.legacy, partial: inPatches, config: true, label };
  }
  if (!apiVersion || !kind) return { missing: 'no apiVersion/kind' };
  const hit = index.get(`${apiVersion}|${kind.toLowerCase()}`);
  if (hit) return hit;
  const withheld = WITHHELD.get(`${apiVersion}|${kind.toLowerCase()}`);
  if (withheld) return { withheld };
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '';
  const others = [...index.keys()]
    .filter((k) => k.endsWith(`|${kind.toLowerCase()}`) && (k.includes('/') ? k.slice(0, k.lastIndexOf('/')) : '') === group)
    .map((k) => k.split('|')[0]);
  return { missing: others.length ? `schemas exist only for ${others.join(', ')}` : 'unknown kind' };
}

function report(line) {
  console.log(line);
}

// talhelper runs envsubst (github.com/a8m/envsubst: ${VAR}, ${VAR:-default}, $VAR) over talconfig.yaml
// and the patches it applies, with talenv.yaml as the environment, before it parses them
const ENVSUBST_RE = /\$(\{[^}]*\}|[A-Za-z_][A-Za-z0-9_]*)/;
function placeholderPaths(node, segs, out) {
  if (typeof node === 'string') {
    if (ENVSUBST_RE.test(node)) out.push(pointerOf(segs));
  } else if (Array.isArray(node)) {
    node.forEach((v, i) => placeholderPaths(v, [...segs, String(i)], out));
  } else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) placeholderPaths(v, [...segs, k], out);
  }
  return out;
}

// Flux postBuild substitution (Kustomization spec.postBuild) replaces ${VAR}, ${VAR:=default} and
// ${VAR/a/b} in every manifest before it is applied; `$${` escapes. Such values are checked after
// substitution by Flux, so here their pattern/format/type is not checked.
const FLUX_SUBST_RE = /(^|[^$])\$\{[A-Za-z_][A-Za-z0-9_]*[^}]*\}/;
function fluxSubstPaths(node, segs, out) {
  if (typeof node === 'string') {
    if (FLUX_SUBST_RE.test(node)) out.push(pointerOf(segs));
  } else if (Array.isArray(node)) {
    node.forEach((v, i) => fluxSubstPaths(v, [...segs, String(i)], out));
  } else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) fluxSubstPaths(v, [...segs, k], out);
  }
  return out;
}

// Talos strategic-merge patches: a mapping with `$patch: delete` removes the node it sits in
function patchDeletePaths(node, segs, out) {
  if (Array.isArray(node)) {
    node.forEach((v, i) => patchDeletePaths(v, [...segs, String(i)], out));
  } else if (node && typeof node === 'object') {
    if (node.$patch === 'delete') {
      out.push(pointerOf(segs));
      return out;
    }
    for (const [k, v] of Object.entries(node)) patchDeletePaths(v, [...segs, k], out);
  }
  return out;
}

// Written by Talos's own generator (`talosctl gen config`, machinery's generate package) but missing
// from the published schema; tolerated on the v1alpha1 config only, with a NOTE, still type-checked.
const TALOS_TOLERATED = [
  {
    parent: '', key: 'persist', what: 'top-level "persist"',
    check: (v) => (typeof v === 'boolean' ? [] : [{ at: '/persist', type: 'boolean' }]),
  },
  {
    parent: '/machine/install', key: 'extraKernelArgs', what: '"machine.install.extraKernelArgs"',
    check: (v) => (Array.isArray(v)
      ? v.flatMap((x, i) => (typeof x === 'string' ? [] : [{ at: `/machine/install/extraKernelArgs/${i}`, type: 'string' }]))
      : [{ at: '/machine/install/extraKernelArgs', type: 'array' }]),
  },
];

for (const target of opts.targets) {
  if (!fs.existsSync(target)) usage(`no such file or directory: ${target}`);
  const isDir = fs.statSync(target).isDirectory();
  for (const file of walk(target)) {
    const rel = isDir ? path.relative(target, file) : file;
    if (opts.ignore.some((re) => re.test(rel))) continue;
    const inPatches = path.resolve(file).split(path.sep).slice(0, -1).includes('patches');
    let text;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      report(`FAIL ${rel}: cannot read: ${err.message}`);
      failed++;
      continue;
    }
    const lineOf = lineCounter(text);
    const docs = parseAllDocuments(text, { version: opts.yamlVersion, merge: true, uniqueKeys: true, prettyErrors: false });
    const list = Array.isArray(docs) ? docs : []; // an EmptyStream has no documents
    for (const ydoc of list) {
      const where = `${rel}:${lineOf(ydoc.contents?.range?.[0] ?? ydoc.range?.[0] ?? 0)}`;
      if (ydoc.errors.length) {
        for (const e of ydoc.errors.slice(0, 3)) {
          const ln = e.pos ? lineOf(e.pos[0]) : '?';
          report(`FAIL ${rel}:${ln} YAML: ${e.message.split('\n')[0]}`);
        }
        if (ydoc.errors.length > 3) report(`FAIL ${where} YAML: ... ${ydoc.errors.length - 3} more YAML error(s) not shown`);
        failed++;
        continue;
      }
      let data;
      try {
        data = ydoc.toJS({ maxAliasCount: 1000 });
      } catch (err) {
        report(`FAIL ${where} YAML: ${err.message}`);
        failed++;
        continue;
      }
      if (data === null || data === undefined) continue; // empty document (e.g. trailing ---)
      if (typeof data !== 'object' || Array.isArray(data)) {
        noSchema++;
        if (!opts.quiet) report(`NO SCHEMA ${where}: top level is ${jsonType(data) === 'array' ? 'a list' : `a ${jsonType(data)}`}, not a mapping (JSON patch file?)`);
        continue;
      }

      // SOPS
      let enc = null;
      if (data.sops && typeof data.sops === 'object' && !Array.isArray(data.sops)) {
        enc = new Map();
        const { sops: _meta, ...rest } = data;
        data = unsops(rest, [], enc);
        if (enc.has('/apiVersion') || enc.has('/kind')) {
          skipped++;
          if (!opts.quiet) report(`SKIP ${where}: SOPS-encrypted apiVersion/kind, cannot pick a schema (encrypt only data/stringData, e.g. encrypted_regex: ^(data|stringData)$)`);
          continue;
        }
      }

      const r = route(rel, data, inPatches);
      const label = r.label ?? (r.config ? path.basename(rel)
        : `${data.kind}/${data.metadata?.namespace ? `${data.metadata.namespace}/` : ''}${data.metadata?.name ?? '?'}`);
      if (r.withheld) {
        const w = r.withheld;
        skippedWithheld.set(w.kind, (skippedWithheld.get(w.kind) ?? 0) + 1);
        report(`SKIP ${where} ${label}: schema withheld: ${w.file} is not in ${opts.schemas}: ${w.why}`);
        continue;
      }
      if (r.missing) {
        noSchema++;
        if (!opts.quiet) report(`NO SCHEMA ${where} ${data.apiVersion ?? '-'} ${data.kind ?? '-'}: ${r.missing}`);
        continue;
      }
      if (r.talosPatch) {
        skippedPatches++;
        if (!opts.quiet) report(`NOTE ${where} ${label}: in a patches/ folder, not validated (--talos-patches checks it as a partial config)`);
        continue;
      }
      if (r.talosUnknown) {
        failed++;
        report(`FAIL ${rel}:${lineFor(ydoc, ['kind'], lineOf)} ${label} [${r.file}] kind: ${r.talosUnknown}`);
        continue;
      }

      const validate = r.talos ? talosValidator(r.def, r.partial) : validatorFor(r.file);
      let errors = validate(data) ? [] : [...validate.errors];
      const notes = [];
      if (r.talos && r.legacy) {
        for (const t of TALOS_TOLERATED) {
          const hit = errors.filter((e) => e.keyword === 'additionalProperties' && e.instancePath === t.parent &&
            e.params.additionalProperty === t.key);
          if (!hit.length) continue;
          errors = errors.filter((e) => !hit.includes(e));
          const segs = pointerSegments(t.parent);
          notes.push(`NOTE ${rel}:${lineFor(ydoc, segs, lineOf, t.key)} ${label}: ${t.what} is not in ${r.file} ` +
            'but Talos\'s own generator writes it; allowed (only its type is checked)');
          for (const x of t.check(valueAt(data, [...segs, t.key]))) {
            errors.push({ keyword: 'type', instancePath: x.at, schemaPath: '#talos-tolerated', params: { type: x.type } });
          }
        }
      }
      if (r.partial) {
        // `$patch: delete` removes the node it is in: nothing at or below it is checked
        const deletes = patchDeletePaths(data, [], []);
        errors = errors.filter((e) => !deletes.some((d) => e.instancePath === d || e.instancePath.startsWith(`${d}/`)));
      }
      if (r.talconfig || r.partial) {
        const ph = placeholderPaths(data, [], []);
        if (ph.length) {
          errors = errors.filter((e) => !ph.includes(e.instancePath));
          const shown = ph.slice(0, 5).map((p) => displayPath(pointerSegments(p))).join(', ');
          notes.push(`NOTE ${where} ${label}: ${ph.length} value(s) hold talhelper \${...} placeholders filled from talenv.yaml ` +
            `(${shown}${ph.length > 5 ? ', ...' : ''}); their type/enum/format is not checked`);
        }
      }
      if (!r.talconfig && !r.partial) {
        const fx = fluxSubstPaths(data, [], []);
        const before = errors.length;
        errors = errors.filter((e) => !fx.includes(e.instancePath));
        if (errors.length < before) {
          notes.push(`NOTE ${where} ${label}: ${before - errors.length} finding(s) on values holding Flux \${...} ` +
            'substitutions not reported (Flux substitutes them before applying)');
        }
      }
      if (!opts.quiet) notes.forEach((n) => report(n));
      if (!r.config) {
        if (r.crd && data.metadata !== undefined) errors.push(...validateObjectMeta(data.metadata));
        const nameEncrypted = enc && (enc.has('/metadata/name') || enc.has('/metadata/generateName'));
        if (!data.metadata?.name && !data.metadata?.generateName && !nameEncrypted) {
          errors.push({ keyword: 'required', instancePath: '/metadata', schemaPath: '#k8s', params: { missingProperty: 'name' } });
        }
      }
      if (enc) {
        // keep only type errors on encrypted values (their original type is recorded by SOPS)
        errors = errors.filter((e) => !enc.has(e.instancePath) || e.keyword === 'type');
        if (!opts.quiet) report(`NOTE ${where} ${label}: SOPS file, ${enc.size} encrypted value(s) checked for type only`);
      }
      const shaped = shapeErrors(errors, data);
      if (!shaped.length) {
        passed++;
        continue;
      }
      failed++;
      const located = shaped.map((x) => ({ ...x, line: lineFor(ydoc, x.segs, lineOf, x.extraKey) }))
        .sort((a, b) => a.line - b.line);
      for (const x of located.slice(0, opts.maxErrors)) {
        report(`FAIL ${rel}:${x.line} ${label} [${r.show ?? r.file}] ${displayPath(x.at)}: ${x.msg}`);
      }
      if (shaped.length > opts.maxErrors) {
        report(`FAIL ${where} ${label}: ... ${shaped.length - opts.maxErrors} more error(s) not shown`);
      }
    }
  }
}

for (const c of skippedCharts) {
  if (!opts.quiet) report(`NOTE ${c}: Helm chart folder (has Chart.yaml), not validated`);
}
if (opts.failOnNoSchema) {
  failed += noSchema;
}
console.log(`no schema: ${noSchema} document(s)${opts.failOnNoSchema ? ' (counted as failed)' : ' (not counted as failures)'}` +
  `, skipped (SOPS): ${skipped}${skippedPatches ? `, skipped (Talos patches): ${skippedPatches}` : ''}` +
  `${skippedWithheld.size ? `, skipped (schema withheld): ${[...skippedWithheld].map(([k, n]) => `${n} ${k}`).join(', ')}` : ''}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
