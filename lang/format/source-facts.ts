import type * as ast from "../syntax/ast.js";
import type { Span } from "../diagnostics/span.js";

/**
 * What the printer asks about the original text: where comments are and where the author
 * left blank lines. Every layout decision is a function of these and of the tree, never of the
 * author's spacing inside a line, which is what makes formatting idempotent.
 */
export class SourceFacts {
  private readonly starts: number[];

  constructor(
    readonly text: string,
    readonly comments: readonly ast.Comment[],
  ) {
    this.starts = comments.map((c) => c.span.start.offset);
  }

  /** Whether a comment starts inside [start, end). */
  hasCommentIn(start: number, end: number): boolean {
    const i = this.firstCommentAtOrAfter(start);
    return i < this.starts.length && this.starts[i]! < end;
  }

  firstCommentAtOrAfter(offset: number): number {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** A blank line in plain whitespace between two offsets (the caller skips comments). */
  blankIn(start: number, end: number): boolean {
    return /\n[ \t\r]*\n/.test(this.text.slice(start, end));
  }

  /** A blank line between two offsets outside any comment (a comment may contain blank lines). */
  blankOutsideComments(start: number, end: number): boolean {
    let from = start;
    for (let i = this.firstCommentAtOrAfter(start); i < this.comments.length; i++) {
      const c = this.comments[i]!;
      if (c.span.start.offset >= end) break;
      if (this.blankIn(from, c.span.start.offset)) return true;
      from = c.span.end.offset;
    }
    return this.blankIn(from, end);
  }

  /** Only whitespace precedes the comment on its line. */
  startsLine(comment: ast.Comment): boolean {
    const lineStart = this.text.lastIndexOf("\n", comment.span.start.offset - 1) + 1;
    return /^[ \t\r]*$/.test(this.text.slice(lineStart, comment.span.start.offset));
  }

  /** Only whitespace follows the comment on its line. */
  endsLine(comment: ast.Comment): boolean {
    const end = comment.span.end.offset;
    const next = this.text.indexOf("\n", end);
    return /^[ \t\r]*$/.test(this.text.slice(end, next === -1 ? this.text.length : next));
  }

  raw(span: Span): string {
    return this.text.slice(span.start.offset, span.end.offset);
  }
}

export function multiline(span: Span): boolean {
  return span.start.line !== span.end.line;
}
