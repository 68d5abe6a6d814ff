import type * as ast from "../syntax/ast.js";
import type { SourceFacts } from "./source-facts.js";

/** What separates the next piece of output from the last one; a stronger request wins. */
const enum Gap {
  None,
  Space,
  /** Two spaces: between the entries of a block kept on one line. */
  Wide,
  Line,
  Blank,
}

interface OutputLine {
  text: string;
  /** Where the code ends and the trailing comment begins, for aligning comments. */
  trailing?: { readonly codeEnd: number; readonly group: number | undefined };
}

const INDENT = "  ";

/**
 * Builds the formatted text. The printer says what to write and where statements start; the
 * writer decides where each comment goes, so no comment can be lost:
 *
 * - a comment on its own line at a statement boundary stays on its own line, at the indentation
 *   of the statement that follows (after a blank line if the author left one);
 * - a comment after code on the same line trails that line;
 * - a line comment (or an own-line comment) in the middle of a statement moves to the end of
 *   the line, since a line break there would split the statement;
 * - a block comment in the middle of a line stays there.
 */
export class Writer {
  private readonly lines: OutputLine[] = [];
  private current = "";
  private currentGroup: number | undefined;
  private started = false;
  private gap = Gap.None;
  private depth = 0;
  private nextComment = 0;
  /** End offset (in the source) of the last thing written; blank lines are looked for after it. */
  private lastEnd = 0;
  /** Nothing written since the file or the last block started: blank lines here are dropped. */
  private fresh = true;
  private deferred: { readonly text: string; readonly depth: number }[] = [];
  /** The line being written is an own-line line comment: nothing may follow it on that line. */
  private inLineComment = false;
  /** The current line was already ended (by close); the next line break must not end it again. */
  private lineEnded = false;
  /** Alignment group of the statement being written; trailing comments align within one. */
  group: number | undefined;

  constructor(private readonly src: SourceFacts) {}

  space(): void {
    this.request(Gap.Space);
  }

  wide(): void {
    this.request(Gap.Wide);
  }

  /** Starts a statement (declaration, entry, list item) on its own line. */
  statement(offset: number): void {
    this.request(Gap.Line);
    this.flushComments(offset);
    this.request(Gap.Line);
    if (!this.fresh && this.src.blankIn(this.lastEnd, offset)) this.request(Gap.Blank);
  }

  /** Writes source text that starts at `start`; comments before it are written first. */
  token(text: string, start: number, end: number): void {
    this.flushComments(start);
    this.put(text);
    this.lastEnd = end;
  }

  /** Writes punctuation or keywords the tree keeps no position for. */
  punct(text: string): void {
    this.put(text);
  }

  /** After an opening bracket whose contents go on their own lines. */
  open(): void {
    this.depth++;
    this.fresh = true;
  }

  /** Closes an expanded bracket: comments before it stay inside, at the inner indentation. */
  close(text: string, offset: number): void {
    this.request(Gap.Line);
    this.flushComments(offset);
    if (this.deferred.length > 0 && this.started) {
      // Comments left over belong inside the bracket: end the line while still indented for it.
      this.endLine();
      this.lineEnded = true;
    }
    this.depth--;
    this.request(Gap.Line);
    this.gap = Gap.Line;
    this.token(text, offset, offset + 1);
  }

  finish(): string {
    this.request(Gap.Line);
    this.flushComments(Number.POSITIVE_INFINITY);
    if (this.started) this.endLine();
    if (this.lines.length === 0) return "";
    alignTrailingComments(this.lines);
    return this.lines.map((l) => l.text).join("\n") + "\n";
  }

  private request(gap: Gap): void {
    if (gap > this.gap) this.gap = gap;
  }

  private put(text: string): void {
    this.applyGap();
    if (this.current.length === this.depth * INDENT.length) this.currentGroup = this.group;
    this.current += text;
    this.started = true;
    this.fresh = false;
    this.inLineComment = false;
  }

  private applyGap(): void {
    if (!this.started) {
      this.current = INDENT.repeat(this.depth);
    } else if (this.gap >= Gap.Line) {
      if (!this.lineEnded) this.endLine();
      if (this.gap === Gap.Blank) this.lines.push({ text: "" });
      this.current = INDENT.repeat(this.depth);
    } else if (this.gap === Gap.Space) {
      this.current += " ";
    } else if (this.gap === Gap.Wide) {
      this.current += "  ";
    }
    this.gap = Gap.None;
    this.lineEnded = false;
  }

  private endLine(): void {
    const text = this.current.trimEnd();
    if (this.deferred.length === 0) {
      this.lines.push({ text });
      return;
    }
    // Comments share the line until a line comment, which must end it; the rest get lines of
    // their own, indented as the line that follows (where the next run will keep them).
    let trailing = this.deferred[0]!.text;
    let i = 1;
    while (i < this.deferred.length && trailing.startsWith("/*")) trailing += ` ${this.deferred[i++]!.text}`;
    this.lines.push({ text: `${text} ${trailing}`, trailing: { codeEnd: text.length, group: this.currentGroup } });
    for (const rest of this.deferred.slice(i)) this.lines.push({ text: INDENT.repeat(this.depth) + rest.text });
    this.deferred = [];
  }

  private flushComments(before: number): void {
    const comments = this.src.comments;
    while (this.nextComment < comments.length && comments[this.nextComment]!.span.start.offset < before) {
      const comment = comments[this.nextComment++]!;
      this.comment(comment);
      this.lastEnd = comment.span.end.offset;
    }
  }

  private comment(c: ast.Comment): void {
    const isLine = !c.text.startsWith("/*");
    const text = isLine ? c.text.trimEnd() : c.text;
    const ownLine = this.src.startsLine(c);
    if ((ownLine && this.gap >= Gap.Line) || (this.inLineComment && this.gap >= Gap.Line)) {
      if (!this.fresh && this.src.blankIn(this.lastEnd, c.span.start.offset)) this.request(Gap.Blank);
      this.put(text);
      this.inLineComment = isLine;
      this.gap = isLine || this.src.endsLine(c) ? Gap.Line : Gap.Space;
      return;
    }
    if (isLine || ownLine || this.gap >= Gap.Line) {
      // Trails the line being written (or the one just finished, when a statement is pending).
      this.deferred.push({ text, depth: this.depth });
      return;
    }
    if (this.gap === Gap.None && this.started && !/[\s([]$/.test(this.current)) this.gap = Gap.Space;
    this.put(text);
    this.request(Gap.Space);
  }
}

/** Trailing comments on consecutive lines of one alignment group start in the same column. */
function alignTrailingComments(lines: OutputLine[]): void {
  let i = 0;
  while (i < lines.length) {
    const first = lines[i]!.trailing;
    if (!first || first.group === undefined) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < lines.length && lines[j]!.trailing?.group === first.group) j++;
    if (j - i > 1) {
      const column = Math.max(...lines.slice(i, j).map((l) => l.trailing!.codeEnd)) + 1;
      for (const line of lines.slice(i, j)) {
        const { codeEnd } = line.trailing!;
        line.text = line.text.slice(0, codeEnd) + " ".repeat(column - codeEnd) + line.text.slice(codeEnd + 1);
      }
    }
    i = j;
  }
}
