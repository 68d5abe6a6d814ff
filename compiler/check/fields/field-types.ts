/** The types a field of a declaration can have; the reader converts syntax to values by these. */
export type FieldType =
  | { readonly kind: "string" }
  | { readonly kind: "dns-name" }
  | { readonly kind: "version" }
  | { readonly kind: "ipv4" }
  | { readonly kind: "address" }
  | { readonly kind: "cidr" }
  | { readonly kind: "mac" }
  | { readonly kind: "integer"; readonly min?: number; readonly max?: number }
  | { readonly kind: "boolean" }
  | { readonly kind: "duration" }
  | { readonly kind: "enum"; readonly values: readonly string[] }
  | { readonly kind: "ref"; readonly target: SymbolKind }
  | { readonly kind: "list"; readonly item: FieldType }
  | { readonly kind: "values" }
  | { readonly kind: "repository" }
  | { readonly kind: "secret-source" }
  | { readonly kind: "route" }
  | { readonly kind: "disk" }
  | { readonly kind: "chart" }
  /** The cluster's `recipients`: a flat list of age keys, or a list of lists (SOPS key groups). */
  | { readonly kind: "recipients" }
  /** `file("path")`: a file beside the .lab file, read by the checker (Talos patches). */
  | { readonly kind: "file" }
  /** A nested block read against its own schema: `bond { macs = […]  mode = … }`, a route `{ to = …  via = … }`. */
  | { readonly kind: "record"; readonly what: string; readonly schema: Readonly<Record<string, FieldSpec>> }
  /** A block of named blocks, each read against `schema`: `nics { storage { … } }`. */
  | { readonly kind: "named-records"; readonly what: string; readonly schema: Readonly<Record<string, FieldSpec>> }
  /** An image factory schematic: its ID as a string, or `{ extensions = […]  kernel-args = […] }` labc hashes itself. */
  | { readonly kind: "schematic"; readonly schema: Readonly<Record<string, FieldSpec>> };

export type SymbolKind = "network" | "node" | "app" | "secret";

export interface FieldSpec {
  readonly type: FieldType;
  readonly doc: string;
  readonly required?: boolean;
}

export const T = {
  string: { kind: "string" },
  dnsName: { kind: "dns-name" },
  version: { kind: "version" },
  ipv4: { kind: "ipv4" },
  address: { kind: "address" },
  cidr: { kind: "cidr" },
  mac: { kind: "mac" },
  boolean: { kind: "boolean" },
  duration: { kind: "duration" },
  values: { kind: "values" },
  repository: { kind: "repository" },
  secretSource: { kind: "secret-source" },
  route: { kind: "route" },
  disk: { kind: "disk" },
  chart: { kind: "chart" },
  file: { kind: "file" },
  recipients: { kind: "recipients" },
  integer: (min?: number, max?: number): FieldType => ({ kind: "integer", ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) }),
  enumOf: (...values: string[]): FieldType => ({ kind: "enum", values }),
  ref: (target: SymbolKind): FieldType => ({ kind: "ref", target }),
  list: (item: FieldType): FieldType => ({ kind: "list", item }),
  record: (what: string, schema: Readonly<Record<string, FieldSpec>>): FieldType => ({ kind: "record", what, schema }),
  namedRecords: (what: string, schema: Readonly<Record<string, FieldSpec>>): FieldType => ({ kind: "named-records", what, schema }),
  schematic: (schema: Readonly<Record<string, FieldSpec>>): FieldType => ({ kind: "schematic", schema }),
} as const satisfies Record<string, FieldType | ((...a: never[]) => FieldType)>;

export function describeType(type: FieldType): string {
  switch (type.kind) {
    case "string":
      return "a string";
    case "dns-name":
      return "a domain name string";
    case "version":
      return "a version such as v1.10.7";
    case "ipv4":
      return "an IPv4 address";
    case "address":
      return "an IP address or a quoted host name";
    case "cidr":
      return "a CIDR such as 10.42.0.0/16";
    case "mac":
      return "a MAC address such as 00:11:22:33:44:55";
    case "integer":
      return "a whole number";
    case "boolean":
      return "true or false";
    case "duration":
      return "a duration such as 5m";
    case "enum":
      return `one of ${type.values.join(", ")}`;
    case "ref":
      return `the name of a ${type.target}`;
    case "list":
      if (type.item.kind === "record") return `a list of ${type.item.what.replace(/^an? /, "")}s, each ${fieldsHint(type.item.schema)}`;
      return `a list of ${describeType(type.item).replace(/^an? /, "")}s`;
    case "values":
      return "a block of values";
    case "repository":
      return 'github("owner/repo")';
    case "secret-source":
      return 'env("VAR"), file("path"), generate(token, 32), generate(ssh-ed25519) or store()';
    case "route":
      return 'external("host") or internal("host")';
    case "disk":
      return 'a device path such as "/dev/sda" or a block such as { serial = "…" }';
    case "chart":
      return 'std.app-template or oci("oci://…", version)';
    case "file":
      return 'file("path/relative/to/this.lab")';
    case "recipients":
      return 'a list of age recipients ["age1…", …] or of key groups [["age1…", …], ["age1…"]]';
    case "record":
      return `${type.what} ${fieldsHint(type.schema)}`;
    case "named-records":
      return `a block of named ${type.what.replace(/^an? /, "")}s, each ${fieldsHint(type.schema)}`;
    case "schematic":
      return 'a schematic ID "<64 hex>" or a block { extensions = ["siderolabs/…"]  kernel-args = ["…"] }';
  }
}

/** `{ to = …  via = … }`: the required fields of a nested block, or all of them if none is required. */
function fieldsHint(schema: Readonly<Record<string, FieldSpec>>): string {
  const required = Object.entries(schema).filter(([, spec]) => spec.required).map(([name]) => name);
  const names = required.length > 0 ? required : Object.keys(schema);
  return `{ ${names.map((k) => `${k} = …`).join("  ")} }`;
}
