import type { GoValue } from "../yaml/go-encode.js";
import { FREE, documentRootType, parseShape, structFields, type Shape } from "./shape.js";

/**
 * Fields whose Go type is a file mode with its own MarshalYAML (v1alpha1.FileMode and
 * runtime.EtcFileMode): Talos writes them as `0o644`, not as the decimal `420` yaml.v3 gives a
 * plain integer. The schemas only say `type: integer`, so the list is kept by hand from
 * v1alpha1_types.go and runtime/etc_file.go.
 */
const FILE_MODE_FIELDS: ReadonlySet<string> = new Set(["v1alpha1.MachineFile.permissions", "runtime.EtcFileConfigV1Alpha1.mode"]);

type GoObject = { readonly [key: string]: GoValue };

function isObject(value: GoValue | undefined): value is GoObject {
  return value !== null && value !== undefined && typeof value === "object" && !Array.isArray(value);
}

function collect(value: GoValue, shape: Shape, out: Map<object, Set<string>>): void {
  if (Array.isArray(value)) {
    const item = shape.kind === "list" ? shape.item : FREE;
    for (const v of value as readonly GoValue[]) collect(v, item, out);
    return;
  }
  if (!isObject(value)) return;
  if (shape.kind === "struct") {
    for (const [name, spec] of structFields(shape.type)) {
      const child = value[name];
      if (child === undefined) continue;
      if (FILE_MODE_FIELDS.has(`${shape.type}.${name}`)) {
        const keys = out.get(value) ?? new Set<string>();
        keys.add(name);
        out.set(value, keys);
      }
      collect(child, parseShape(spec), out);
    }
    return;
  }
  if (shape.kind === "map") for (const v of Object.values(value)) collect(v, shape.value, out);
}

/** For the Go encoder: the (object, key) pairs of these documents that hold a file mode. */
export function fileModeKeys(documents: readonly GoObject[]): (owner: object, key: string) => boolean {
  const found = new Map<object, Set<string>>();
  for (const doc of documents) {
    const root = documentRootType(doc);
    if (root !== undefined) collect(doc, { kind: "struct", type: root }, found);
  }
  return (owner, key) => found.get(owner)?.has(key) ?? false;
}
