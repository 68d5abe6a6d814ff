import { Document, isDocument } from "yaml";
import { Annotated } from "./annotated.js";
import { commentAt } from "./comments.js";
import { withSafeStrings } from "./string-quoting.js";

/**
 * The one YAML writer for Flux, kustomize and helmfile output. Deterministic: key order is the
 * insertion order of the data (emitters build objects in a fixed order), no line folding, no
 * anchors, 2-space indent with indented sequences (cluster-template's style).
 */
export interface ToYamlOptions {
  /** Write `---` before every document, as cluster-template does (default true). */
  readonly documentStart?: boolean;
}

const STRINGIFY = {
  indent: 2,
  indentSeq: true,
  lineWidth: 0,
  minContentWidth: 0,
  // Shared objects must not turn into anchors/aliases: every document stands on its own.
  aliasDuplicateObjects: false,
  // `[a, b]`, not `[ a, b ]`: yamllint's default rules reject the padded form.
  flowCollectionPadding: false,
} as const;

function toDocument(item: unknown): { doc: Document; header: readonly string[] } {
  if (isDocument(item)) {
    // Header comments are printed by us (no blank line after them), so lift them off a copy.
    const doc = item.clone();
    doc.setSchema("1.2", { customTags: withSafeStrings });
    const header = doc.commentBefore ? doc.commentBefore.split("\n").map((l) => l.replace(/^ /, "")) : [];
    doc.commentBefore = null;
    return { doc, header };
  }
  const annotated = item instanceof Annotated ? item : undefined;
  const data = annotated ? annotated.data : item;
  const doc = new Document(data, { aliasDuplicateObjects: false, customTags: withSafeStrings });
  for (const comment of annotated?.comments ?? []) commentAt(doc, comment);
  return { doc, header: annotated?.header ?? [] };
}

function renderOne(item: unknown, documentStart: boolean): string {
  const { doc, header } = toDocument(item);
  const lines: string[] = [];
  if (documentStart) lines.push("---");
  for (const line of header) lines.push(line.length > 0 ? `# ${line}` : "#");
  const body = doc.toString(STRINGIFY);
  return (lines.length > 0 ? lines.join("\n") + "\n" : "") + body;
}

/** Serialises documents (plain data, `annotate(...)` results or `yaml` Documents) into one YAML stream. */
export function toYaml(docs: readonly unknown[] | readonly Document[], opts: ToYamlOptions = {}): string {
  const documentStart = opts.documentStart ?? true;
  if (docs.length === 0) return "";
  return docs
    .map((d, i) => renderOne(d, documentStart || i > 0))
    .join("");
}
