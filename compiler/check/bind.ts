import type * as ast from "../../lang/syntax/ast.js";
import type { Reporter } from "../../lang/diagnostics/reporter.js";
import type { Span } from "../../lang/diagnostics/span.js";
import type { SymbolKind } from "./fields/field-types.js";
import { declarationKinds, type DeclarationKind } from "./schemas.js";
import { didYouMean } from "./util/suggest.js";

export interface NamedDeclaration {
  readonly name: string;
  readonly decl: ast.Declaration;
  readonly nameSpan: Span;
}

/** Declarations grouped by kind, in source order, with duplicates and bad names reported. */
export interface Bound {
  readonly clusters: readonly NamedDeclaration[];
  readonly byKind: ReadonlyMap<SymbolKind, ReadonlyMap<string, NamedDeclaration>>;
  readonly symbols: ReadonlyMap<SymbolKind, ReadonlyMap<string, Span>>;
}

const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
/** Node names that would clash with talos/patches/{global,controller,worker}. */
const RESERVED_NODE_NAMES = new Set(["global", "controller", "worker"]);

export function bind(files: readonly ast.SourceFile[], r: Reporter): Bound {
  const clusters: NamedDeclaration[] = [];
  const tables = new Map<SymbolKind, Map<string, NamedDeclaration>>(
    (["network", "node", "app", "secret"] as const).map((k) => [k, new Map<string, NamedDeclaration>()]),
  );
  for (const file of files) {
    for (const decl of file.declarations) {
      const keyword = decl.keyword.name;
      if (!(declarationKinds as readonly string[]).includes(keyword)) {
        const hint = didYouMean(keyword, declarationKinds);
        const s = hint ? hint.slice(hint.indexOf("'") + 1, hint.lastIndexOf("'")) : undefined;
        r.report("unknownDeclaration", decl.keyword.span, `'${keyword}' is not a declaration; expected one of ${declarationKinds.join(", ")}${hint}`, {
          ...(s ? { fix: { message: `replace with '${s}'`, edits: [{ span: decl.keyword.span, newText: s }] } } : {}),
        });
        continue;
      }
      const kind = keyword as DeclarationKind;
      if (!decl.name) {
        r.report("missingName", decl.keyword.span, `this ${kind} has no name; write '${kind} <name> ${kind === "secret" ? "= …" : "{ … }"}'`);
        continue;
      }
      checkClauses(kind, decl, r);
      const named: NamedDeclaration = { name: decl.name.name, decl, nameSpan: decl.name.span };
      if (kind === "cluster") {
        clusters.push(named);
        checkLabel(named, "cluster", r);
        continue;
      }
      checkLabel(named, kind, r);
      if (kind === "node" && RESERVED_NODE_NAMES.has(named.name)) {
        r.report("reservedName", named.nameSpan, `'${named.name}' is reserved for the talos/patches/${named.name} directory; choose another node name`);
      }
      const table = tables.get(kind)!;
      const earlier = table.get(named.name);
      if (earlier) {
        r.report("duplicateName", named.nameSpan, `${kind} '${named.name}' is declared twice`, {
          related: [{ span: earlier.nameSpan, message: "first declared here" }],
        });
        continue;
      }
      table.set(named.name, named);
    }
  }
  if (clusters.length === 0) {
    const first = files[0];
    if (first) {
      const at = first.declarations[0]?.span ?? first.span;
      r.report("clusterCount", { ...at, end: at.start }, "no cluster declaration; add 'cluster <name> { talos = … kubernetes = … endpoint = … }'");
    }
  } else {
    for (const extra of clusters.slice(1)) {
      r.report("clusterCount", extra.nameSpan, "a workspace has exactly one cluster declaration", {
        related: [{ span: clusters[0]!.nameSpan, message: "the cluster is declared here" }],
      });
    }
  }
  const symbols = new Map<SymbolKind, ReadonlyMap<string, Span>>();
  for (const [kind, table] of tables) symbols.set(kind, new Map([...table].map(([n, d]) => [n, d.nameSpan])));
  return { clusters, byKind: tables, symbols };
}

function checkLabel(named: NamedDeclaration, kind: string, r: Reporter): void {
  if (DNS_LABEL.test(named.name)) return;
  const fixed = trimDashes(trimDashes(named.name.toLowerCase().replace(/[^a-z0-9-]/g, "-")).slice(0, 63));
  r.report("notDnsLabel", named.nameSpan, `${kind} name '${named.name}' is not a DNS-1123 label (lower-case letters, digits and '-', at most 63, starting and ending with a letter or digit)`, {
    ...(fixed && DNS_LABEL.test(fixed) ? { fix: { message: `rename to '${fixed}'`, edits: [{ span: named.nameSpan, newText: fixed }] } } : {}),
  });
}

/** Without leading and trailing '-'. A loop: the regex /^-+|-+$/ is quadratic on a long run of dashes. */
export function trimDashes(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) === 45) start++;
  while (end > start && s.charCodeAt(end - 1) === 45) end--;
  return s.slice(start, end);
}

function checkClauses(kind: DeclarationKind, decl: ast.Declaration, r: Reporter): void {
  if (kind !== "app") {
    if (decl.from) r.report("malformedDeclaration", decl.from.span, `only apps take 'from'; a ${kind} does not`);
    if (decl.namespace) r.report("malformedDeclaration", decl.namespace.span, `only apps take 'in <namespace>'; a ${kind} does not`);
  }
  if (kind === "secret") {
    if (decl.body) r.report("malformedDeclaration", decl.body.span, "a secret is declared with '=': secret name = env(\"VAR\")");
    else if (!decl.value) r.report("malformedDeclaration", decl.span, 'a secret needs a source: secret name = env("VAR"), file("path"), generate(token, 32) or store()');
  } else if (decl.value) {
    r.report("malformedDeclaration", decl.value.span, `a ${kind} is declared with a block: ${kind} ${decl.name?.name ?? "name"} { … }`);
  }
}
