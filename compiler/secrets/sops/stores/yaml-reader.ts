// Reads a YAML stream into sops trees the way sops' YAML store does with go-yaml v3: every
// document must be a mapping, aliases are expanded, duplicate keys are errors, unquoted scalars are
// typed by go-yaml's resolver (not the `yaml` package's), and comments become comment items of the
// collection that holds them.
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseAllDocuments,
  type Document,
  type Node as YamlNode,
} from "yaml";
import { SopsFormatError } from "../../errors.js";
import type { SopsComment, SopsLeaf, SopsMapping, SopsNode, SopsPair } from "../tree.js";
import { resolvePlain } from "./yaml-resolve.js";

const TAG = "tag:yaml.org,2002:";
const MAX_DEPTH = 1000;

function commentItems(text: string | null | undefined): SopsComment[] {
  if (!text) return [];
  return text.split("\n").map((value) => ({ kind: "comment", value }));
}

function scalarLeaf(node: YamlNode & { value?: unknown; type?: string; tag?: string }): SopsLeaf {
  const text = String(node.value ?? "");
  const tag = node.tag;
  if (tag === `${TAG}str`) return { kind: "str", value: text };
  if (tag === `${TAG}binary`) return { kind: "str", value: Buffer.from(text.replace(/\s+/g, ""), "base64").toString("utf8") };
  const typed = tag === undefined ? node.type === "PLAIN" : tag.startsWith(TAG);
  if (!typed) return { kind: "str", value: text };
  return resolvePlain(text);
}

class Converter {
  constructor(private readonly doc: Document) {}

  private deref(node: YamlNode, depth: number): YamlNode {
    let current = node;
    for (let hops = 0; isAlias(current); hops++) {
      if (hops > MAX_DEPTH || depth > MAX_DEPTH) throw new SopsFormatError("YAML alias nesting is too deep");
      const target = current.resolve(this.doc);
      if (!target) throw new SopsFormatError(`YAML alias *${current.source} has no anchor`);
      current = target;
    }
    return current;
  }

  key(node: unknown): string {
    if (!isScalar(node) && !isAlias(node)) throw new SopsFormatError("YAML mapping keys must be scalars");
    const target = this.deref(node, 0);
    if (!isScalar(target)) throw new SopsFormatError("YAML mapping keys must be scalars");
    const leaf = scalarLeaf(target);
    if (leaf.kind !== "str") throw new SopsFormatError(`tree contains a non-string key (a YAML ${leaf.kind}); only string keys are supported`);
    return leaf.value;
  }

  node(source: unknown, depth: number): SopsNode {
    if (depth > MAX_DEPTH) throw new SopsFormatError("YAML nesting is too deep");
    if (source === null || source === undefined) return { kind: "null" };
    const node = this.deref(source as YamlNode, depth);
    if (isMap(node)) return this.mapping(node, depth);
    if (isSeq(node)) {
      const items: (SopsNode | SopsComment)[] = [...commentItems(node.commentBefore)];
      for (const item of node.items) {
        const itemNode = item as YamlNode | null;
        items.push(...commentItems(itemNode?.commentBefore));
        if (itemNode && !isMap(itemNode) && !isSeq(itemNode)) items.push(...commentItems(itemNode.comment));
        items.push(this.node(itemNode, depth + 1));
      }
      items.push(...commentItems(node.comment));
      return { kind: "seq", items };
    }
    if (isScalar(node)) return scalarLeaf(node);
    throw new SopsFormatError("unsupported YAML node");
  }

  mapping(node: YamlNode, depth: number, leading: SopsComment[] = []): SopsMapping {
    if (!isMap(node)) throw new SopsFormatError("YAML documents must be mappings at the top level");
    const items: (SopsPair | SopsComment)[] = [...leading, ...commentItems(node.commentBefore)];
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = pair.key as YamlNode | null;
      const value = pair.value as YamlNode | null;
      items.push(...commentItems(key?.commentBefore), ...commentItems(key?.comment));
      const valueIsCollection = value !== null && (isMap(value) || isSeq(value));
      if (value && !valueIsCollection) items.push(...commentItems(value.commentBefore), ...commentItems(value.comment));
      items.push({ kind: "pair", key: this.key(key), value: this.node(value, depth + 1) });
    }
    items.push(...commentItems(node.comment));
    return { kind: "map", items };
  }
}

/** Parses every document of a YAML stream into a sops branch (a mapping). */
export function readYamlDocuments(text: string): SopsMapping[] {
  const docs = parseAllDocuments(text, { schema: "failsafe", uniqueKeys: true, merge: false, prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [docs];
  return list.map((doc) => {
    const error = doc.errors[0];
    if (error) {
      const at = error.linePos?.[0];
      throw new SopsFormatError(`invalid YAML (${error.code}${at ? ` at line ${at.line}, column ${at.col}` : ""})`);
    }
    const converter = new Converter(doc);
    const contents = doc.contents as YamlNode | null;
    const leading = commentItems(doc.commentBefore);
    const trailing = commentItems(doc.comment);
    if (contents === null || (isScalar(contents) && contents.type === "PLAIN" && contents.value === "")) {
      return { kind: "map", items: [...leading, ...trailing] };
    }
    const root = converter.mapping(contents, 0, leading);
    return trailing.length > 0 ? { kind: "map", items: [...root.items, ...trailing] } : root;
  });
}
