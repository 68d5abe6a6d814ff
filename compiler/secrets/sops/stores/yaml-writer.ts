// Writes a sops tree the way sops' YAML store does through go-yaml v3 (v3.0.1): block style,
// sequences indented under their key, "- " items with mappings continuing on the dash line, empty
// collections as {} / [], no line wrapping, and go-yaml's rules for choosing plain, 'single',
// "double" or |literal scalars. The emitter primitives (write_indent, write_indicator, the
// scalar writers) are ported one to one so that spacing decisions come out the same.
import { formatFloatG } from "../go-float.js";
import { formatRfc3339Nano } from "../go-time.js";
import type { SopsLeaf, SopsMapping, SopsNode, SopsSequence } from "../tree.js";
import { stringCanBePlain } from "./yaml-resolve.js";

type Style = "plain" | "single" | "double" | "literal";

const isBreak = (cp: number) => cp === 0x0a || cp === 0x0d || cp === 0x85 || cp === 0x2028 || cp === 0x2029;
const isBlank = (cp: number | undefined) => cp === 0x20 || cp === 0x09;
// libyaml's is_printable, expressed on code points (it excludes everything above U+FFFF).
const isPrintable = (cp: number) =>
  cp === 0x0a ||
  (cp >= 0x20 && cp <= 0x7e) ||
  (cp >= 0xa0 && cp <= 0xd7ff) ||
  (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff);

interface ScalarAnalysis {
  multiline: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

/** yaml_emitter_analyze_scalar (block context). */
function analyzeScalar(value: string): ScalarAnalysis {
  if (value.length === 0) {
    return { multiline: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  }
  const cps = [...value].map((c) => c.codePointAt(0)!);
  let blockIndicators = value.startsWith("---") || value.startsWith("...");
  let lineBreaks = false, special = false, tabs = false;
  let leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false;
  let breakSpace = false, spaceBreak = false;
  let precededByWhitespace = true, previousSpace = false, previousBreak = false;
  for (let i = 0; i < cps.length; i++) {
    const cp = cps[i]!;
    const c = String.fromCodePoint(cp);
    const followedByWhitespace = i + 1 >= cps.length || isBlank(cps[i + 1]);
    if (i === 0) {
      if ("#,[]{}&*!|>'\"%@`".includes(c)) blockIndicators = true;
      else if ((c === "?" || c === ":" || c === "-") && followedByWhitespace) blockIndicators = true;
    } else if (c === ":" && followedByWhitespace) blockIndicators = true;
    else if (c === "#" && precededByWhitespace) blockIndicators = true;

    if (cp === 0x09) tabs = true;
    else if (!isPrintable(cp)) special = true;
    if (cp === 0x20) {
      if (i === 0) leadingSpace = true;
      if (i === cps.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(cp)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === cps.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlank(cp) || isBreak(cp) || cp === 0;
  }
  let blockPlainAllowed = true, singleQuotedAllowed = true, blockAllowed = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) blockPlainAllowed = false;
  if (trailingSpace) blockAllowed = false;
  if (breakSpace) blockPlainAllowed = singleQuotedAllowed = false;
  if (spaceBreak || tabs || special) blockPlainAllowed = singleQuotedAllowed = false;
  if (spaceBreak || special) blockAllowed = false;
  if (lineBreaks) blockPlainAllowed = false;
  if (blockIndicators) blockPlainAllowed = false;
  return { multiline: lineBreaks, blockPlainAllowed, singleQuotedAllowed, blockAllowed };
}

/** yaml_emitter_select_scalar_style, block context, no tags. */
function selectStyle(requested: Style, value: string, a: ScalarAnalysis, simpleKey: boolean): Style {
  let style = requested;
  if (simpleKey && a.multiline) style = "double";
  if (style === "plain" && (!a.blockPlainAllowed || (value.length === 0 && simpleKey))) style = "single";
  if (style === "single" && !a.singleQuotedAllowed) style = "double";
  if (style === "literal" && (!a.blockAllowed || simpleKey)) style = "double";
  return style;
}

/** The scalar text and requested style go-yaml's encoder picks for a Go value. */
function scalarFor(leaf: SopsLeaf): { text: string; style: Style } {
  switch (leaf.kind) {
    case "str":
      return stringScalar(leaf.value);
    case "bytes":
      return stringScalar(new TextDecoder().decode(leaf.value));
    case "int":
      return { text: leaf.value.toString(), style: "plain" };
    case "float": {
      const g = formatFloatG(leaf.value);
      return { text: g === "+Inf" ? ".inf" : g === "-Inf" ? "-.inf" : g === "NaN" ? ".nan" : g, style: "plain" };
    }
    case "bool":
      return { text: leaf.value ? "true" : "false", style: "plain" };
    case "time":
      return { text: formatRfc3339Nano(leaf.value), style: "plain" };
    case "null":
      return { text: "null", style: "plain" };
  }
}

function stringScalar(value: string): { text: string; style: Style } {
  if (value.includes("\n")) return { text: value, style: "literal" };
  return { text: value, style: stringCanBePlain(value) ? "plain" : "double" };
}

const ESCAPES: Record<number, string> = {
  0x00: "0", 0x07: "a", 0x08: "b", 0x09: "t", 0x0a: "n", 0x0b: "v", 0x0c: "f", 0x0d: "r",
  0x1b: "e", 0x22: '"', 0x5c: "\\", 0x85: "N", 0xa0: "_", 0x2028: "L", 0x2029: "P",
};

function utf8Length(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

class Emitter {
  private readonly out: string[] = [];
  private column = 0;
  private whitespace = true;
  private indention = true;
  private indent = -1;
  private readonly indents: number[] = [];
  private footIndent = -1;

  constructor(private readonly best: number) {}

  result(): string {
    return this.out.join("");
  }

  private write(text: string): void {
    this.out.push(text);
    for (const _ of text) this.column++;
  }

  private putBreak(): void {
    this.out.push("\n");
    this.column = 0;
    this.indention = true;
  }

  private writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    if (this.footIndent === indent) this.putBreak();
    while (this.column < indent) this.write(" ");
    this.whitespace = true;
    this.footIndent = -1;
  }

  private writeIndicator(indicator: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.write(" ");
    this.write(indicator);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  /** go-yaml v3.0.1: +2 right after a "- ", otherwise the next multiple of the indent width. */
  private increaseIndent(flow: boolean, inSequenceItem: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? this.best : 0;
    else if (inSequenceItem) this.indent += 2;
    else this.indent = this.best * Math.floor((this.indent + this.best) / this.best);
  }

  private popIndent(): void {
    this.indent = this.indents.pop()!;
  }

  private writeComments(comments: readonly string[], foot: boolean): void {
    if (comments.length === 0) return;
    for (const comment of comments) {
      this.writeIndent();
      this.write("#" + comment);
      this.putBreak();
      this.whitespace = true;
    }
    if (foot) this.footIndent = Math.max(this.indent, 0);
  }

  private scalar(leaf: SopsLeaf | { text: string; style: Style }, simpleKey: boolean, inSequenceItem: boolean): void {
    const { text, style: requested } = "kind" in leaf ? scalarFor(leaf) : leaf;
    const style = selectStyle(requested, text, analyzeScalar(text), simpleKey);
    this.increaseIndent(true, inSequenceItem);
    switch (style) {
      case "plain":
        if (text.length > 0 && !this.whitespace) this.write(" ");
        this.write(text);
        if (text.length > 0) this.whitespace = false;
        this.indention = false;
        break;
      case "single":
        this.writeIndicator("'", true, false, false);
        this.write(text.replaceAll("'", "''"));
        this.writeIndicator("'", false, false, false);
        this.whitespace = false;
        this.indention = false;
        break;
      case "double":
        this.writeDoubleQuoted(text);
        break;
      case "literal":
        this.writeLiteral(text);
        break;
    }
    this.popIndent();
  }

  private writeDoubleQuoted(text: string): void {
    this.writeIndicator('"', true, false, false);
    let body = "";
    for (const c of text) {
      const cp = c.codePointAt(0)!;
      if (!isPrintable(cp) || cp === 0xfeff || isBreak(cp) || cp === 0x22 || cp === 0x5c) {
        const named = ESCAPES[cp];
        if (named !== undefined) body += "\\" + named;
        else if (cp <= 0xff) body += "\\x" + cp.toString(16).toUpperCase().padStart(2, "0");
        else if (cp <= 0xffff) body += "\\u" + cp.toString(16).toUpperCase().padStart(4, "0");
        else body += "\\U" + cp.toString(16).toUpperCase().padStart(8, "0");
      } else {
        body += c;
      }
    }
    this.write(body);
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeLiteral(text: string): void {
    this.writeIndicator("|", true, false, false);
    const cps = [...text].map((c) => c.codePointAt(0)!);
    if (cps[0] === 0x20 || isBreak(cps[0]!)) this.writeIndicator(String(this.best), false, false, false);
    const last = cps.length - 1;
    let chomp = "";
    if (!isBreak(cps[last]!)) chomp = "-";
    else if (last === 0 || isBreak(cps[last - 1]!)) chomp = "+";
    if (chomp) this.writeIndicator(chomp, false, false, false);
    // go.yaml.in/yaml (the go-yaml fork sops uses) breaks the line right after the header, so a
    // leading newline in the value survives (go-yaml issue 755); older go-yaml dropped it.
    this.putBreak();
    this.whitespace = true;
    let breaks = true;
    for (const cp of cps) {
      if (isBreak(cp)) {
        if (cp === 0x0a) this.putBreak();
        else {
          this.out.push(String.fromCodePoint(cp));
          this.column = 0;
          this.indention = true;
        }
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.write(String.fromCodePoint(cp));
        this.indention = false;
        breaks = false;
      }
    }
  }

  private emptyCollection(open: string, close: string): void {
    this.writeIndicator(open, true, true, false);
    this.writeIndicator(close, false, false, false);
  }

  private key(key: string): boolean {
    const scalar = stringScalar(key);
    const simple = !analyzeScalar(key).multiline && utf8Length(key) <= 128;
    if (simple) {
      this.scalar(scalar, true, false);
      this.writeIndicator(":", false, false, false);
    } else {
      this.writeIndicator("?", true, false, true);
      this.scalar(scalar, false, false);
    }
    return simple;
  }

  /** Leading comments of a collection, which go-yaml writes before a sequence item's dash. */
  private static leadingComments(node: SopsNode): string[] {
    if (node.kind !== "map" && node.kind !== "seq") return [];
    const out: string[] = [];
    for (const item of node.items) {
      if (item.kind !== "comment") break;
      out.push(item.value);
    }
    return out;
  }

  mapping(node: SopsMapping, inSequenceItem: boolean, leadingWritten: boolean): void {
    if (!node.items.some((i) => i.kind === "pair")) return this.emptyCollection("{", "}");
    this.increaseIndent(false, inSequenceItem);
    let pending: string[] = [];
    let first = true;
    for (const item of node.items) {
      if (item.kind === "comment") {
        pending.push(item.value);
        continue;
      }
      if (!(first && leadingWritten)) this.writeComments(pending, false);
      pending = [];
      first = false;
      this.writeIndent();
      const simple = this.key(item.key);
      if (!simple) {
        this.writeIndent();
        this.writeIndicator(":", true, false, true);
      }
      this.value(item.value);
    }
    this.writeComments(pending, true);
    this.popIndent();
  }

  sequence(node: SopsSequence, inSequenceItem: boolean, leadingWritten: boolean): void {
    if (!node.items.some((i) => i.kind !== "comment")) return this.emptyCollection("[", "]");
    this.increaseIndent(false, inSequenceItem);
    let pending: string[] = [];
    let first = true;
    for (const item of node.items) {
      if (item.kind === "comment") {
        pending.push(item.value);
        continue;
      }
      const hoisted = Emitter.leadingComments(item);
      this.writeComments([...(first && leadingWritten ? [] : pending), ...hoisted], false);
      pending = [];
      first = false;
      this.writeIndent();
      this.writeIndicator("-", true, false, true);
      if (item.kind === "map") this.mapping(item, true, hoisted.length > 0);
      else if (item.kind === "seq") this.sequence(item, true, hoisted.length > 0);
      else this.scalar(item, false, true);
    }
    this.writeComments(pending, true);
    this.popIndent();
  }

  private value(node: SopsNode): void {
    if (node.kind === "map") this.mapping(node, false, false);
    else if (node.kind === "seq") this.sequence(node, false, false);
    else this.scalar(node, false, false);
  }

  document(root: SopsMapping, first: boolean): void {
    if (!first) {
      this.writeIndent();
      this.writeIndicator("---", true, false, false);
      this.writeIndent();
    }
    this.mapping(root, false, false);
    // Document end: go-yaml resets foot_indent first, so trailing comments add no blank line.
    this.footIndent = -1;
    this.writeIndent();
  }
}

/** Serializes documents as sops' YAML store writes them (documents separated by "---"). */
export function emitYamlDocuments(documents: readonly SopsMapping[], indent = 2): string {
  if (!Number.isInteger(indent) || indent < 2 || indent > 9) throw new RangeError("YAML indent must be 2–9");
  const emitter = new Emitter(indent);
  documents.forEach((doc, i) => emitter.document(doc, i === 0));
  return emitter.result();
}
