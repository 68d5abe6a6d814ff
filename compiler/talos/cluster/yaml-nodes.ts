import { Document, isMap, isScalar, Scalar, YAMLMap, YAMLSeq } from "yaml";
import type { Node } from "yaml";
import { toYaml } from "../../yaml/to-yaml.js";

/**
 * Small builders over the `yaml` Document model. The talhelper files mirror cluster-template's
 * hand-written layout (quoted addresses, an anchor for the cert SANs, blank lines between
 * sections), which plain data cannot express; the shared writer in compiler/yaml prints them.
 */

/** A double-quoted string. Used where YAML 1.1 readers could mistype the value (MACs, IPs, versions). */
export function quoted(value: string): Scalar<string> {
  const node = new Scalar(value);
  node.type = Scalar.QUOTE_DOUBLE;
  return node;
}

/** A `|-` block scalar, for embedded files and inline patches. */
export function literal(value: string): Scalar<string> {
  const node = new Scalar(value);
  node.type = Scalar.BLOCK_LITERAL;
  return node;
}

/** An integer printed as `0o644`, the way Talos file permissions are written. */
export function octal(value: number): Scalar<number> {
  const node = new Scalar(value);
  node.format = "OCT";
  return node;
}

/** A one-line `[a, b]` sequence. */
export function flowSeq(items: readonly unknown[]): YAMLSeq {
  const seq = new YAMLSeq();
  seq.flow = true;
  for (const item of items) seq.items.push(item);
  return seq;
}

export function withComment<T extends Node>(node: T, comment: string): T {
  node.commentBefore = ` ${comment}`;
  return node;
}

/** Marks a map key so the printer puts a blank line (and optionally a comment) above it. */
export function separate(map: YAMLMap, key: string, comment?: string): void {
  const node = keyNode(map, key);
  node.spaceBefore = true;
  if (comment !== undefined) node.commentBefore = ` ${comment}`;
}

/** A `# comment` line directly above a map key. */
export function commentKey(map: YAMLMap, key: string, comment: string): void {
  keyNode(map, key).commentBefore = ` ${comment}`;
}

function keyNode(map: YAMLMap, key: string): Scalar {
  const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key);
  if (!pair || !isScalar(pair.key)) throw new Error(`no key ${key} in map`);
  return pair.key;
}

/** Builds a document from a value tree that may already contain `yaml` nodes (they are kept). */
export function documentOf(value: unknown, options: { header?: string } = {}): Document {
  // No automatic anchors: a repeated sub-tree (the same LUKS settings twice) must print twice.
  const doc = new Document(value, { aliasDuplicateObjects: false });
  // The shared writer prints a document comment as header lines right below `---`.
  if (options.header !== undefined) doc.commentBefore = ` ${options.header}`;
  return doc;
}

export function rootMap(doc: Document): YAMLMap {
  if (!isMap(doc.contents)) throw new Error("document root is not a map");
  return doc.contents;
}

/** Several documents as one patch file, `---` between them (Talos reads multi-document patches). */
export function printAll(docs: readonly Document[]): string {
  return toYaml(docs, { documentStart: false });
}

/** One YAML file; `documentStart` writes the leading `---` (talconfig.yaml has one, patches do not). */
export function print(doc: Document, options: { documentStart?: boolean } = {}): string {
  return toYaml([doc], { documentStart: options.documentStart ?? false });
}
