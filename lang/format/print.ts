import type * as ast from "../syntax/ast.js";
import type { SourceFacts } from "./source-facts.js";
import { Writer } from "./writer.js";
import { alignRuns, expanded, flat, type Alignment } from "./layout.js";

/** Thrown when the tree holds something the printer cannot write back (a recovered node). */
export class UnprintableError extends Error {}

const NO_ALIGNMENT: Alignment = { pad: 0, group: undefined };

/**
 * Prints a syntax tree in labc's one style: two-space indentation, one statement per line in
 * expanded blocks, `=` aligned in runs of one-line fields, `, ` between list items and call
 * arguments, two spaces between the fields of a block kept on one line. Literals are written
 * exactly as the author wrote them (the checker gives them meaning, not the formatter).
 */
export function printFile(file: ast.SourceFile, src: SourceFacts): string {
  return new Printer(src).file(file);
}

class Printer {
  private readonly w: Writer;
  private groups = 0;

  constructor(private readonly src: SourceFacts) {
    this.w = new Writer(src);
  }

  file(file: ast.SourceFile): string {
    const items: (ast.Import | ast.Declaration)[] = [...file.imports, ...file.declarations].sort((a, b) => a.span.start.offset - b.span.start.offset);
    // Only `name = value` declarations (secrets) align with each other; `{` of blocks never does.
    const align = alignRuns(
      items,
      (d) => (d.kind === "Declaration" && d.value !== undefined && !d.body && flat(d.value, this.src) ? "=" : undefined),
      (d) => (d.kind === "Declaration" ? this.headerWidth(d) : 0),
      this.src,
      () => this.groups++,
    );
    for (const item of items) {
      this.w.statement(item.span.start.offset);
      const alignment = align.get(item) ?? NO_ALIGNMENT;
      this.w.group = alignment.group;
      if (item.kind === "Import") this.importDecl(item);
      else this.declaration(item, alignment.pad);
    }
    return this.w.finish();
  }

  private importDecl(node: ast.Import): void {
    this.w.token("import", node.span.start.offset, node.span.start.offset + "import".length);
    this.w.space();
    this.literal(node.path);
  }

  private clauses(d: ast.Declaration): { word: string; node: ast.Reference | ast.Identifier }[] {
    const out: { word: string; node: ast.Reference | ast.Identifier }[] = [];
    if (d.from) out.push({ word: "from", node: d.from });
    if (d.namespace) out.push({ word: "in", node: d.namespace });
    return out.sort((a, b) => a.node.span.start.offset - b.node.span.start.offset);
  }

  private headerWidth(d: ast.Declaration): number {
    let width = d.keyword.name.length + (d.name ? 1 + d.name.name.length : 0);
    for (const clause of this.clauses(d)) width += 2 + clause.word.length + this.nameText(clause.node).length;
    return width;
  }

  private nameText(node: ast.Reference | ast.Identifier): string {
    return node.kind === "Reference" ? node.path.map((p) => p.name).join(".") : node.name;
  }

  private declaration(d: ast.Declaration, pad: number): void {
    this.identifier(d.keyword);
    if (d.name) {
      this.w.space();
      this.identifier(d.name);
    }
    for (const clause of this.clauses(d)) {
      this.w.space();
      this.w.punct(clause.word);
      this.w.space();
      if (clause.node.kind === "Reference") this.reference(clause.node);
      else this.identifier(clause.node);
    }
    if (d.body) {
      this.w.space();
      this.block(d.body);
    } else if (d.value) {
      this.w.space();
      this.w.punct(`${" ".repeat(pad)}=`);
      this.w.space();
      this.value(d.value);
    }
  }

  private entry(e: ast.Entry, pad: number): void {
    this.w.token(this.src.raw(e.key.span), e.key.span.start.offset, e.key.span.end.offset);
    this.w.space();
    if (e.assign) {
      this.w.punct(`${" ".repeat(pad)}=`);
      this.w.space();
    } else if (pad > 0) {
      this.w.punct(" ".repeat(pad));
    }
    this.value(e.value);
  }

  private value(v: ast.Value): void {
    switch (v.kind) {
      case "Block":
        return this.block(v);
      case "List":
        return this.list(v);
      case "Call":
        return this.call(v);
      case "Reference":
        return this.reference(v);
      case "Missing":
        throw new UnprintableError(`a value is missing at ${v.span.start.line}:${v.span.start.column}`);
      default:
        return this.literal(v);
    }
  }

  private literal(v: ast.Literal): void {
    this.w.token(this.src.raw(v.span), v.span.start.offset, v.span.end.offset);
  }

  private identifier(id: ast.Identifier): void {
    this.w.token(id.name, id.span.start.offset, id.span.end.offset);
  }

  private reference(r: ast.Reference): void {
    this.w.token(this.nameText(r), r.span.start.offset, r.span.end.offset);
  }

  private block(b: ast.Block): void {
    const open = b.span.start.offset;
    const close = b.span.end.offset - 1;
    this.w.token("{", open, open + 1);
    if (!expanded(b, this.src)) {
      b.entries.forEach((e, i) => {
        if (i === 0) this.w.space();
        else this.w.wide();
        this.entry(e, 0);
      });
      if (b.entries.length > 0) this.w.space();
      this.w.token("}", close, close + 1);
      return;
    }
    this.w.open();
    const align = alignRuns(b.entries, (e) => (flat(e.value, this.src) ? (e.assign ? "=" : "{") : undefined), (e) => e.key.span.end.offset - e.key.span.start.offset, this.src, () => this.groups++);
    for (const e of b.entries) {
      this.w.statement(e.span.start.offset);
      const alignment = align.get(e) ?? NO_ALIGNMENT;
      this.w.group = alignment.group;
      this.entry(e, alignment.pad);
    }
    this.w.group = undefined;
    this.w.close("}", close);
  }

  /** Items of a list or arguments of a call, one per line with a trailing comma. */
  private expandedItems<T extends { readonly span: ast.Block["span"] }>(items: readonly T[], print: (item: T) => void, closer: string, close: number): void {
    this.w.open();
    const group = this.groups++;
    for (const item of items) {
      this.w.statement(item.span.start.offset);
      this.w.group = group;
      print(item);
      this.w.punct(",");
    }
    this.w.group = undefined;
    this.w.close(closer, close);
  }

  private list(l: ast.List): void {
    const open = l.span.start.offset;
    const close = l.span.end.offset - 1;
    this.w.token("[", open, open + 1);
    if (expanded(l, this.src)) return this.expandedItems(l.items, (v) => this.value(v), "]", close);
    l.items.forEach((v, i) => {
      if (i > 0) {
        this.w.punct(",");
        this.w.space();
      }
      this.value(v);
    });
    this.w.token("]", close, close + 1);
  }

  private call(c: ast.Call): void {
    this.reference(c.callee);
    this.w.punct("(");
    const close = c.span.end.offset - 1;
    if (expanded(c, this.src)) return this.expandedItems(c.args, (a) => this.argument(a), ")", close);
    c.args.forEach((a, i) => {
      if (i > 0) {
        this.w.punct(",");
        this.w.space();
      }
      this.argument(a);
    });
    this.w.token(")", close, close + 1);
  }

  private argument(a: ast.Argument): void {
    if (a.name) {
      this.identifier(a.name);
      this.w.punct(":");
      this.w.space();
    }
    this.value(a.value);
  }
}
