import type * as ast from "../../lang/syntax/ast.js";
import type { Span } from "../../lang/diagnostics/span.js";
import type { AppDefinition } from "../../stdlib/types.js";
import type { FieldSpec, FieldType, SymbolKind } from "./fields/field-types.js";
import { appBodySchema, appDefinition, type Definitions } from "./app-definition.js";
import { clusterSchema, declarationKinds, networkSchema, nodeSchema, type DeclarationKind } from "./schemas.js";

/**
 * Where every name is declared and used, with spans: what the language server needs for hover,
 * go to definition, references and rename. It reads the same schemas as the checker, so a field
 * is a reference here exactly when the checker resolves it as one; resolution follows bind
 * (the first declaration of a kind and name wins).
 */

export interface DeclaredSymbol {
  readonly kind: DeclarationKind;
  readonly name: string;
  readonly nameSpan: Span;
  readonly decl: ast.Declaration;
}

export interface SymbolReference {
  readonly kind: SymbolKind;
  readonly name: string;
  /** The identifier written in the source. */
  readonly span: Span;
  /** The field the reference is the value of (`network`, `depends`, `token`). */
  readonly field: string;
  readonly owner: DeclaredSymbol;
  readonly target: DeclaredSymbol | undefined;
}

/** `from std.cert-manager`, `chart = std.app-template`: a stdlib definition named in source. */
export interface StdlibReference {
  readonly id: string;
  /** The span of the id after `std.`. */
  readonly span: Span;
  readonly definition: AppDefinition | undefined;
}

/** A field set directly in a declaration body, with the schema entry the checker reads it by. */
export interface FieldUse {
  readonly owner: DeclaredSymbol;
  readonly entry: ast.Entry;
  readonly spec: FieldSpec | undefined;
}

export interface SymbolIndex {
  readonly declarations: readonly DeclaredSymbol[];
  readonly references: readonly SymbolReference[];
  readonly stdlibReferences: readonly StdlibReference[];
  readonly fields: readonly FieldUse[];
  /** The declaration a name of a kind resolves to. */
  resolve(kind: SymbolKind, name: string): DeclaredSymbol | undefined;
  /** The schema of a declaration's body (an app's includes its definition's parameters). */
  schemaOf(symbol: DeclaredSymbol): Readonly<Record<string, FieldSpec>>;
  /** The stdlib definition an app starts from, as the checker resolves it. */
  definitionOf(symbol: DeclaredSymbol): AppDefinition | undefined;
}

const fixedSchemas: Partial<Record<DeclarationKind, Record<string, FieldSpec>>> = { cluster: clusterSchema, network: networkSchema, node: nodeSchema };

export function schemaFor(kind: DeclarationKind, definition: AppDefinition | undefined): Readonly<Record<string, FieldSpec>> {
  return kind === "app" ? appBodySchema(definition) : (fixedSchemas[kind] ?? {});
}

export function indexSymbols(files: readonly ast.SourceFile[], definitions: Definitions): SymbolIndex {
  const declarations: DeclaredSymbol[] = [];
  const first = new Map<string, DeclaredSymbol>();
  for (const file of files) {
    for (const decl of file.declarations) {
      if (!decl.name || !(declarationKinds as readonly string[]).includes(decl.keyword.name)) continue;
      const symbol: DeclaredSymbol = { kind: decl.keyword.name as DeclarationKind, name: decl.name.name, nameSpan: decl.name.span, decl };
      declarations.push(symbol);
      const key = `${symbol.kind}:${symbol.name}`;
      if (!first.has(key)) first.set(key, symbol);
    }
  }
  const resolve = (kind: SymbolKind, name: string) => first.get(`${kind}:${name}`);
  const definitionCache = new Map<DeclaredSymbol, AppDefinition | undefined>();
  const definitionOf = (s: DeclaredSymbol) => {
    if (s.kind !== "app") return undefined;
    if (!definitionCache.has(s)) definitionCache.set(s, appDefinition(s.decl, definitions));
    return definitionCache.get(s);
  };
  const schemaOf = (s: DeclaredSymbol) => schemaFor(s.kind, definitionOf(s));

  const references: SymbolReference[] = [];
  const stdlibReferences: StdlibReference[] = [];
  const fields: FieldUse[] = [];
  const stdRef = (ref: ast.Reference) => {
    const parts = ref.path;
    if (parts.length === 2 && parts[0]!.name === "std") stdlibReferences.push({ id: parts[1]!.name, span: parts[1]!.span, definition: definitions.get(parts[1]!.name) });
  };
  const collect = (owner: DeclaredSymbol, field: string, value: ast.Value, type: FieldType) => {
    if (type.kind === "ref" && value.kind === "Reference" && value.path.length === 1) {
      const id = value.path[0]!;
      references.push({ kind: type.target, name: id.name, span: id.span, field, owner, target: resolve(type.target, id.name) });
    } else if (type.kind === "list" && value.kind === "List") {
      for (const item of value.items) collect(owner, field, item, type.item);
    } else if (type.kind === "chart" && value.kind === "Reference") {
      stdRef(value);
    } else if (type.kind === "record" && value.kind === "Block") {
      // Nested blocks refer too: `nics { storage { network = san } }`, a route inside a list.
      for (const entry of value.entries) {
        const spec = Object.hasOwn(type.schema, entry.key.name) ? type.schema[entry.key.name] : undefined;
        if (spec) collect(owner, field, entry.value, spec.type);
      }
    } else if (type.kind === "named-records" && value.kind === "Block") {
      for (const entry of value.entries) collect(owner, field, entry.value, { kind: "record", what: type.what, schema: type.schema });
    }
  };
  for (const symbol of declarations) {
    if (symbol.decl.from) stdRef(symbol.decl.from);
    const schema = schemaOf(symbol);
    for (const entry of symbol.decl.body?.entries ?? []) {
      // Own keys only: a field written `toString` is unknown, not Object.prototype's.
      const spec = Object.hasOwn(schema, entry.key.name) ? schema[entry.key.name] : undefined;
      fields.push({ owner: symbol, entry, spec });
      if (spec) collect(symbol, entry.key.name, entry.value, spec.type);
    }
  }
  return { declarations, references, stdlibReferences, fields, resolve, schemaOf, definitionOf };
}
