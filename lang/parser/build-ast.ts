import type { CstNode, IToken } from "chevrotain";
import type * as ast from "../syntax/ast.js";
import { LineIndex, type Span } from "../diagnostics/span.js";
import type { Reporter } from "../diagnostics/reporter.js";
import { unescapeString, dedentTripleString } from "./strings.js";

type Children = Record<string, (CstNode | IToken)[] | undefined>;

function isToken(x: CstNode | IToken): x is IToken {
  return (x as IToken).image !== undefined;
}

// Accessors written as loops: this runs once per syntax node, and filter chains allocate.
function tokens(children: Children, name: string): IToken[] {
  const list = children[name];
  if (!list) return [];
  const out: IToken[] = [];
  for (const x of list) if (isToken(x) && !x.isInsertedInRecovery) out.push(x);
  return out;
}

function token(children: Children, name: string): IToken | undefined {
  const list = children[name];
  if (list) for (const x of list) if (isToken(x) && !x.isInsertedInRecovery) return x;
  return undefined;
}

function nodes(children: Children, name: string): CstNode[] {
  return (children[name] as CstNode[] | undefined) ?? [];
}

function child(children: Children, name: string): CstNode | undefined {
  return children[name]?.[0] as CstNode | undefined;
}

const literalKinds: Record<string, ast.TypedLiteralKind | undefined> = {
  Mac: "Mac",
  IPv6: "IPv6",
  Cidr4: "Cidr",
  IPv4: "IPv4",
  Version: "Version",
  Duration: "Duration",
  Quantity: "Quantity",
};

/** Turns chevrotain's concrete syntax tree into the AST, reporting what only the tree can tell. */
export class AstBuilder {
  private readonly lines: LineIndex;

  constructor(
    private readonly fileName: string,
    private readonly text: string,
    private readonly reporter: Reporter,
    lines?: LineIndex,
  ) {
    this.lines = lines ?? new LineIndex(text);
  }

  span(start: number, end: number): Span {
    return this.lines.span(this.fileName, start, end);
  }

  tokenSpan(token: IToken): Span {
    return this.span(token.startOffset, (token.endOffset ?? token.startOffset) + 1);
  }

  /**
   * From the start of `first` to the end of `last`. Spans are built from the tokens and child
   * spans each node already has, so the parser need not track node locations (a third of its
   * time on large files); a node recovery left without either end falls back to a token scan.
   */
  private between(first: Span | IToken | undefined, last: Span | IToken | undefined, node: CstNode): Span {
    const start = first === undefined ? undefined : "image" in first ? first.startOffset : first.start.offset;
    const end = last === undefined ? undefined : "image" in last ? (last.endOffset ?? last.startOffset) + 1 : last.end.offset;
    if (start === undefined || end === undefined || !Number.isFinite(start) || !Number.isFinite(end) || end < start) return this.nodeSpan(node);
    return this.span(start, end);
  }

  /** The span of a CST node: from its first real token to its last. */
  nodeSpan(node: CstNode): Span {
    const loc = node.location;
    if (loc && Number.isFinite(loc.startOffset) && loc.endOffset !== undefined && Number.isFinite(loc.endOffset)) {
      return this.span(loc.startOffset, loc.endOffset + 1);
    }
    const all = this.collectTokens(node);
    if (all.length === 0) return this.span(0, 0);
    return this.span(all[0]!.startOffset, (all[all.length - 1]!.endOffset ?? all[all.length - 1]!.startOffset) + 1);
  }

  private collectTokens(node: CstNode): IToken[] {
    const out: IToken[] = [];
    for (const list of Object.values(node.children)) {
      for (const child of list ?? []) {
        if (isToken(child)) {
          if (!child.isInsertedInRecovery && Number.isFinite(child.startOffset)) out.push(child);
        } else out.push(...this.collectTokens(child));
      }
    }
    return out.sort((a, b) => a.startOffset - b.startOffset);
  }

  identifier(token: IToken): ast.Identifier {
    return { kind: "Identifier", name: token.image, span: this.tokenSpan(token) };
  }

  sourceFile(node: CstNode, comments: ast.Comment[]): ast.SourceFile {
    const children = node.children as Children;
    const imports = nodes(children, "importDecl").map((n) => this.importDecl(n)).filter((x): x is ast.Import => !!x);
    const declarations = nodes(children, "declaration").map((n) => this.declaration(n)).filter((x): x is ast.Declaration => !!x);
    return {
      kind: "SourceFile",
      file: this.fileName,
      text: this.text,
      imports,
      declarations,
      comments,
      span: this.span(0, this.text.length),
    };
  }

  private importDecl(node: CstNode): ast.Import | undefined {
    const children = node.children as Children;
    const str = token(children, "String");
    if (!str) return undefined;
    return { kind: "Import", path: this.stringLiteral(str), span: this.between(token(children, "Import"), str, node) };
  }

  private declaration(node: CstNode): ast.Declaration | undefined {
    const c = node.children as Children;
    const keyword = token(c, "keyword");
    if (!keyword) return undefined;
    const name = token(c, "name");
    const from = child(c, "from");
    const namespace = token(c, "namespace");
    const body = child(c, "body");
    const value = child(c, "value");
    const fromRef = from ? this.reference(from) : undefined;
    const bodyBlock = body ? this.block(body) : undefined;
    const valueNode = value ? this.value(value) : undefined;
    // The clauses can come in either order (`in ns from std.x`): the last one ends the declaration.
    const ends = [name && this.tokenSpan(name), fromRef?.span, namespace && this.tokenSpan(namespace), bodyBlock?.span, valueNode?.span];
    const last = ends.reduce<Span | undefined>((a, b) => (b && (!a || b.end.offset > a.end.offset) ? b : a), undefined);
    return {
      kind: "Declaration",
      keyword: this.identifier(keyword),
      name: name ? this.identifier(name) : undefined,
      from: fromRef,
      namespace: namespace ? this.identifier(namespace) : undefined,
      body: bodyBlock,
      value: valueNode,
      span: this.between(keyword, last ?? keyword, node),
    };
  }

  block(node: CstNode): ast.Block {
    const c = node.children as Children;
    const entries = nodes(c, "entry").map((e) => this.entry(e)).filter((e): e is ast.Entry => !!e);
    const last = token(c, "RBrace") ?? entries[entries.length - 1]?.span ?? token(c, "LBrace");
    return { kind: "Block", entries, span: this.between(token(c, "LBrace") ?? entries[0]?.span, last, node) };
  }

  private entry(node: CstNode): ast.Entry | undefined {
    const c = node.children as Children;
    const keyToken = token(c, "key");
    if (!keyToken) return undefined;
    const quoted = keyToken.tokenType.name === "String";
    const key: ast.Key = {
      kind: "Key",
      name: quoted ? unescapeString(keyToken.image.slice(1, -1)).value : keyToken.image,
      quoted,
      span: this.tokenSpan(keyToken),
    };
    const valueNode = child(c, "value");
    const blockNode = child(c, "block");
    const assign = token(c, "Equals") !== undefined || !blockNode;
    const value: ast.Value = valueNode ? this.value(valueNode, this.missingAfter(keyToken)) : blockNode ? this.block(blockNode) : this.missingAfter(keyToken);
    return { kind: "Entry", key, value, assign, span: this.between(keyToken, value.span.end.offset >= key.span.end.offset ? value.span : key.span, node) };
  }

  private missingAfter(token: IToken): ast.Missing {
    const end = (token.endOffset ?? token.startOffset) + 1;
    return { kind: "Missing", span: this.span(end, end) };
  }

  value(node: CstNode, fallback?: ast.Missing): ast.Value {
    const c = node.children as Children;
    const literal = token(c, "literal");
    if (literal) return this.literal(literal);
    const list = child(c, "list");
    if (list) return this.list(list);
    const block = child(c, "block");
    if (block) return this.block(block);
    const refOrCall = child(c, "referenceOrCall");
    if (refOrCall) return this.referenceOrCall(refOrCall);
    return fallback ?? { kind: "Missing", span: this.nodeSpan(node) };
  }

  private literal(token: IToken): ast.Value {
    const span = this.tokenSpan(token);
    const type = token.tokenType.name;
    if (type === "String") return this.stringLiteral(token);
    if (type === "TripleString") {
      if (token.image.length < 6 || !token.image.endsWith('"""')) {
        this.reporter.report("unterminatedString", span, 'this """ string has no closing """', {
          fix: { message: 'add the closing """', edits: [{ span: { ...span, start: span.end }, newText: '"""' }] },
        });
        return { kind: "String", value: dedentTripleString(token.image.slice(3)), multiline: true, span };
      }
      return { kind: "String", value: dedentTripleString(token.image.slice(3, -3)), multiline: true, span };
    }
    if (type === "UnterminatedString") {
      this.reporter.report("unterminatedString", span, "this string has no closing quote", {
        fix: { message: 'add the closing "', edits: [{ span: { ...span, start: span.end }, newText: '"' }] },
      });
      return { kind: "String", value: unescapeString(token.image.slice(1)).value, multiline: false, span };
    }
    if (type === "BadLiteral") {
      const shown = token.image.length > 40 ? `${token.image.slice(0, 37)}...` : token.image;
      this.reporter.report("invalidLiteral", span, /^v\d/.test(token.image) ? `'${shown}' is not a version; write vMAJOR.MINOR.PATCH, e.g. v1.10.7` : `'${shown}' is not a valid value`);
      return { kind: "Missing", span };
    }
    if (type === "Number") return { kind: "Number", value: Number(token.image), raw: token.image, span };
    const kind = literalKinds[type];
    if (kind) return { kind, raw: token.image, span };
    return { kind: "Missing", span };
  }

  private stringLiteral(token: IToken): ast.StringLiteral {
    const span = this.tokenSpan(token);
    const { value, badEscapes } = unescapeString(token.image.slice(1, -1));
    for (const offset of badEscapes) {
      const at = this.span(token.startOffset + 1 + offset, token.startOffset + 3 + offset);
      this.reporter.report("invalidEscape", at, `unknown escape sequence ${this.text.slice(at.start.offset, at.end.offset)}`, {
        fix: { message: "escape the backslash", edits: [{ span: at, newText: "\\" + this.text.slice(at.start.offset, at.end.offset) }] },
      });
    }
    return { kind: "String", value, multiline: false, span };
  }

  private list(node: CstNode): ast.List {
    const c = node.children as Children;
    const items = nodes(c, "value").map((v) => this.value(v));
    const last = token(c, "RBracket") ?? items[items.length - 1]?.span ?? token(c, "LBracket");
    return { kind: "List", items, span: this.between(token(c, "LBracket") ?? items[0]?.span, last, node) };
  }

  reference(node: CstNode): ast.Reference {
    const c = node.children as Children;
    const parts = tokens(c, "part").map((p) => this.identifier(p));
    return { kind: "Reference", path: parts, span: this.between(parts[0]?.span, parts[parts.length - 1]?.span, node) };
  }

  private referenceOrCall(node: CstNode): ast.Value {
    const c = node.children as Children;
    const refNode = child(c, "reference")!;
    const reference = this.reference(refNode);
    if (token(c, "LParen") === undefined) {
      const only = reference.path.length === 1 ? reference.path[0]!.name : undefined;
      if (only === "true" || only === "false") return { kind: "Boolean", value: only === "true", span: reference.span };
      return reference;
    }
    const argList = child(c, "argumentList");
    const args = argList ? nodes(argList.children as Children, "argument").map((a) => this.argument(a)) : [];
    return { kind: "Call", callee: reference, args, span: this.between(reference.span, token(c, "RParen") ?? args[args.length - 1]?.span ?? token(c, "LParen"), node) };
  }

  private argument(node: CstNode): ast.Argument {
    const c = node.children as Children;
    const name = token(c, "name");
    const valueNode = child(c, "value");
    const value = valueNode ? this.value(valueNode) : ({ kind: "Missing", span: this.nodeSpan(node) } as ast.Missing);
    return { ...(name ? { name: this.identifier(name) } : {}), value, span: this.between(name ?? value.span, value.span, node) };
  }
}
