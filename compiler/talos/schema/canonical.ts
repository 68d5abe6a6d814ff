import type { GoValue } from "../yaml/go-encode.js";
import { FREE, documentRootType, parseShape, structFields, type Shape } from "./shape.js";

type GoObject = { readonly [key: string]: GoValue };

function isObject(value: GoValue): value is GoObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Go's encoder walks maps in byte order of their keys (Talos encoder sorts them explicitly). */
/**
 * List/map fields Go writes even when empty (no `omitempty`, or talos:"omitonlyifnil"). Every
 * other list/map field of a struct is `omitempty`, so a patch that empties it makes it vanish.
 */
const KEEP_EMPTY = new Set([
  "v1alpha1.MachineConfig.certSANs",
  "v1alpha1.MachineConfig.seccompProfiles",
  "v1alpha1.ClusterConfig.extraManifests",
  "v1alpha1.ClusterConfig.inlineManifests",
  "v1alpha1.ClusterNetworkConfig.podSubnets",
  "v1alpha1.ClusterNetworkConfig.serviceSubnets",
  "v1alpha1.AdmissionPluginConfig.configuration",
  "v1alpha1.MachineSeccompProfile.value",
  "v1alpha1.Vlan.routes",
  "v1alpha1.Bond.interfaces",
  "v1alpha1.Bridge.interfaces",
  "v1alpha1.ExtraHost.aliases",
  "v1alpha1.RegistryMirrorConfig.endpoints",
  "v1alpha1.LoggingConfig.destinations",
  "k8s.KubeletConfigV1Alpha1.config",
  "k8s.KubeSchedulerConfigV1Alpha1.config",
  "k8s.KubeProxyConfigV1Alpha1.config",
]);

function isEmptyCollection(value: GoValue): boolean {
  if (Array.isArray(value)) return value.length === 0;
  return isObject(value) && Object.keys(value).length === 0;
}

function sortedKeys(obj: GoObject): string[] {
  return Object.keys(obj).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Re-orders a value the way Talos would write it after decoding it into its Go type: struct
 * fields in declaration order, map keys sorted. Keys unknown to the schema keep their place
 * after the known ones (Talos itself would reject them; the validator reports them).
 */
export function canonicalize(value: GoValue, shape: Shape, pruneEmpty = false): GoValue {
  if (Array.isArray(value)) {
    const item = shape.kind === "list" ? shape.item : shape.kind === "free" ? FREE : shape;
    return (value as readonly GoValue[]).map((v) => canonicalize(v, item, pruneEmpty));
  }
  if (!isObject(value)) return value;
  const out: { [key: string]: GoValue } = {};
  if (shape.kind === "struct") {
    const fields = structFields(shape.type);
    for (const [name, spec] of fields) {
      const v = value[name];
      if (v === undefined) continue;
      const fieldShape = parseShape(spec);
      if (pruneEmpty && fieldShape.kind !== "struct" && isEmptyCollection(v) && !KEEP_EMPTY.has(`${shape.type}.${name}`)) continue;
      out[name] = canonicalize(v, fieldShape, pruneEmpty);
    }
    for (const key of Object.keys(value)) {
      if (!(key in out) && !fields.some((f) => f[0] === key)) out[key] = canonicalize(value[key] as GoValue, FREE);
    }
    return out;
  }
  const inner = shape.kind === "map" ? shape.value : FREE;
  for (const key of sortedKeys(value)) out[key] = canonicalize(value[key] as GoValue, inner, pruneEmpty);
  return out;
}

/**
 * Canonical form of a whole Talos document (legacy v1alpha1 or a multi-doc kind). `pruneEmpty`
 * drops omitempty lists/maps left empty (by a patch), as decoding and re-encoding in Go would.
 */
export function canonicalizeDocument(doc: GoObject, pruneEmpty = false): GoObject {
  const root = documentRootType(doc);
  if (root === undefined) return doc;
  return canonicalize(doc, { kind: "struct", type: root }, pruneEmpty) as GoObject;
}
