// sops' walkBranch/walkSlice: visits every non-null leaf and every comment depth-first in document
// order, with the path of mapping keys (list indices are not part of it) and the stack of comments
// that precede the current item in each enclosing collection.
import type { SopsBranch, SopsComment, SopsLeaf, SopsMapping, SopsNode, SopsSequence } from "./tree.js";

export type VisitedLeaf = Exclude<SopsLeaf, { kind: "null" }> | SopsComment;

export type LeafVisitor = (
  leaf: VisitedLeaf,
  path: readonly string[],
  commentsStack: readonly (readonly string[])[],
) => VisitedLeaf;

function walkMapping(node: SopsMapping, path: string[], stack: string[][], visit: LeafVisitor): SopsMapping {
  const frame: string[] = [];
  const inner = [...stack, frame];
  const items = node.items.map((item) => {
    if (item.kind === "comment") {
      frame.push(item.value);
      return asComment(visit(item, path, inner));
    }
    const value = walkNode(item.value, [...path, item.key], inner, visit);
    frame.length = 0;
    return { kind: "pair" as const, key: item.key, value };
  });
  return { kind: "map", items };
}

/**
 * sops' walkSlice stores whatever the visitor returns, unlike walkBranch, which wraps an encrypted
 * comment back into a comment key. So sops writes an encrypted comment in a list as an ordinary
 * `- ENC[…,type:comment]` item, and that item decrypts back to a comment.
 */
function walkSequence(node: SopsSequence, path: string[], stack: string[][], visit: LeafVisitor): SopsSequence {
  const frame: string[] = [];
  const inner = [...stack, frame];
  const items = node.items.map((item): SopsNode | SopsComment => {
    if (item.kind === "comment") {
      frame.push(item.value);
      const out = visit(item, path, inner);
      return out.kind === "str" ? out : asComment(out);
    }
    const value = item.kind === "map" || item.kind === "seq" || item.kind === "null" ? walkNode(item, path, inner, visit) : visit(item, path, inner);
    frame.length = 0;
    return value;
  });
  return { kind: "seq", items };
}

function asComment(leaf: VisitedLeaf): SopsComment {
  return leaf.kind === "comment" ? leaf : { kind: "comment", value: leaf.kind === "str" ? leaf.value : "" };
}

function walkNode(node: SopsNode, path: string[], stack: string[][], visit: LeafVisitor): SopsNode {
  switch (node.kind) {
    case "map":
      return walkMapping(node, path, stack, visit);
    case "seq":
      return walkSequence(node, path, stack, visit);
    case "null":
      return node; // never encrypted, never in the MAC
    default: {
      const out = visit(node, path, stack);
      // A value visitor never turns a value into a comment; keep the tree well-typed regardless.
      return out.kind === "comment" ? { kind: "str", value: out.value } : out;
    }
  }
}

/** Walks one document; returns a new tree with each leaf replaced by what `visit` returned. */
export function walkBranch(branch: SopsBranch, visit: LeafVisitor): SopsBranch {
  return walkMapping(branch, [], [], visit);
}

/** The AAD sops authenticates a value with: keys joined by ":" plus a trailing ":". */
export function aadFor(path: readonly string[]): string {
  return path.join(":") + ":";
}
