import { isMap, isPair, isScalar, isSeq, type Document, type Node } from "yaml";
import type { PathComment } from "./annotated.js";

function commentText(text: string): string {
  return text.startsWith(" ") ? text : ` ${text}`;
}

/**
 * Attaches `text` above the key at `path` (for a mapping entry) or above the item (for a sequence
 * index). Throws when the path does not exist: a comment that silently goes nowhere would hide
 * a Renovate marker.
 */
export function commentAt(doc: Document, comment: PathComment): void {
  const { path } = comment;
  if (path.length === 0) throw new Error("commentAt: empty path; use a document header instead");
  let node: Node | null | undefined = doc.contents as Node | null;
  for (let i = 0; i < path.length; i++) {
    const step = path[i]!;
    const last = i === path.length - 1;
    if (isMap(node) && typeof step === "string") {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === step);
      if (!pair) break;
      if (last) {
        const target = isScalar(pair.key) ? pair.key : null;
        if (!target) break;
        target.commentBefore = commentText(comment.text);
        return;
      }
      node = pair.value as Node;
    } else if (isSeq(node) && typeof step === "number") {
      const item = node.items[step] as Node | undefined;
      if (!item) break;
      if (last) {
        item.commentBefore = commentText(comment.text);
        return;
      }
      node = item;
    } else {
      break;
    }
  }
  throw new Error(`commentAt: no node at ${path.join(".")} for comment "${comment.text}"`);
}
