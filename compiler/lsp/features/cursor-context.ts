import type { IToken } from "chevrotain";
import { tokenize } from "../../../lang/lexer/lexer.js";

/**
 * Where the cursor is, in terms completion can act on. Worked out from tokens, not from the
 * tree: while typing, the text rarely parses, and a token walk with a stack of open brackets
 * still knows which block and which field the cursor is in.
 */
export type CursorContext =
  | { readonly kind: "top-level" }
  | { readonly kind: "declaration-name"; readonly keyword: string }
  | { readonly kind: "after-from" }
  | { readonly kind: "stdlib-id" }
  | { readonly kind: "declaration-value"; readonly keyword: string }
  | { readonly kind: "key"; readonly declaration: Header; readonly path: readonly string[]; readonly present: readonly string[] }
  | {
      readonly kind: "value";
      readonly declaration: Header;
      readonly path: readonly string[];
      readonly key: string;
      /** Inside `[…]`: the names already in the list (before and after the cursor). */
      readonly listed?: readonly string[];
    }
  | { readonly kind: "call-argument"; readonly callee: string }
  | { readonly kind: "none" };

export interface Header {
  readonly keyword: string;
  readonly name: string | undefined;
  readonly from: string | undefined;
}

export interface Cursor {
  readonly context: CursorContext;
  /** Start of the word being typed: completions replace [prefixStart, offset). */
  readonly prefixStart: number;
}

type State = "start" | "header" | "from" | "in" | "import" | "key" | "after-key" | "value" | "after-ref";

interface Frame {
  readonly open: "{" | "[" | "(";
  /** Keys from the declaration body down to this block. */
  readonly path: readonly string[];
  readonly keys: string[];
  /** In a `[…]`: the names written in it so far. */
  readonly items: string[];
  /** The state to return to when the bracket closes. */
  readonly resume: State;
  readonly callee?: string;
}

const WORD = new Set(["Identifier", "From", "In", "Import"]);

export function cursorAt(text: string, offset: number): Cursor {
  // A name being typed may end in a dash (`bgp-`), which no token does yet: lex it as a word.
  const typing = /[A-Za-z_][A-Za-z0-9_-]*-$/.test(text.slice(Math.max(0, offset - 128), offset));
  const lexed = typing ? text.slice(0, offset).replace(/-+$/, (dashes) => "_".repeat(dashes.length)) + text.slice(offset) : text;
  const all = tokenize(lexed).tokens;
  let prefixStart = offset;
  const before: IToken[] = [];
  for (const t of all) {
    const end = (t.endOffset ?? t.startOffset) + 1;
    if (end < offset || (end === offset && !WORD.has(t.tokenType.name))) before.push(t);
    else if (t.startOffset < offset) {
      if (!WORD.has(t.tokenType.name)) return { context: { kind: "none" }, prefixStart: offset };
      prefixStart = t.startOffset;
      break;
    } else break;
  }
  const context = walk(before);
  if (context.kind === "value" && context.listed) {
    return { context: { ...context, listed: [...context.listed, ...namesOfList(all.filter((t) => t.startOffset >= offset))] }, prefixStart };
  }
  if (context.kind !== "key") return { context, prefixStart };
  // Keys set further down the same block are present too (the cursor is often on a new line
  // between fields); the walk only saw the tokens before the cursor.
  const after = all.filter((t) => t.startOffset >= offset);
  return { context: { ...context, present: [...context.present, ...keysOfBlock(after)] }, prefixStart };
}

/** The keys of the block these tokens continue, up to its closing brace: `key =` and `key {`. */
function keysOfBlock(tokens: readonly IToken[]): string[] {
  const keys: string[] = [];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const type = tokens[i]!.tokenType.name;
    if (type === "LBrace" || type === "LBracket" || type === "LParen") depth++;
    else if (type === "RBrace" || type === "RBracket" || type === "RParen") {
      if (--depth < 0) break;
    } else if (depth === 0 && (WORD.has(type) || type === "String")) {
      const next = tokens[i + 1]?.tokenType.name;
      if (next === "Equals" || next === "LBrace") keys.push(type === "String" ? tokens[i]!.image.slice(1, -1) : tokens[i]!.image);
    }
  }
  return keys;
}

/** The names at the top level of the list these tokens continue, up to its closing bracket. */
function namesOfList(tokens: readonly IToken[]): string[] {
  const names: string[] = [];
  let depth = 0;
  for (const t of tokens) {
    const type = t.tokenType.name;
    if (type === "LBrace" || type === "LBracket" || type === "LParen") depth++;
    else if (type === "RBrace" || type === "RBracket" || type === "RParen") {
      if (--depth < 0) break;
    } else if (depth === 0 && WORD.has(type)) names.push(t.image);
  }
  return names;
}

function walk(tokens: readonly IToken[]): CursorContext {
  const stack: Frame[] = [];
  let state: State = "start";
  let header: { keyword: string; name?: string; from?: string } = { keyword: "" };
  let key = "";
  let ref: string[] = [];
  const top = () => stack[stack.length - 1];
  const afterValue = (): State => (stack.length === 0 ? "start" : top()!.open === "{" ? "key" : "value");

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const type = t.tokenType.name;
    if (type === "RBrace" || type === "RBracket" || type === "RParen") {
      const frame = stack.pop();
      state = frame ? frame.resume : "start";
      continue;
    }
    const word = WORD.has(type);
    switch (state) {
      case "start":
        if (type === "Import") state = "import";
        else if (word) {
          header = { keyword: t.image };
          state = "header";
        }
        break;
      case "import":
        state = "start";
        break;
      case "header":
      case "from":
      case "in":
        if (type === "From") state = "from";
        else if (type === "In") state = "in";
        else if (state === "from" && (word || type === "Dot")) header.from = (header.from ?? "") + t.image;
        else if (word && state === "header" && header.name === undefined) header.name = t.image;
        else if (word && state === "in") state = "header";
        else if (type === "LBrace") {
          stack.push({ open: "{", path: [], keys: [], items: [], resume: "start" });
          state = "key";
        } else if (type === "Equals") {
          key = "";
          state = "value";
        } else if (word) {
          // A new declaration: the previous one had no body.
          header = { keyword: t.image };
          state = "header";
        }
        if (state === "from" && type === "Identifier" && header.from?.includes(".")) state = "header";
        break;
      case "key":
        if (word || type === "String") {
          key = type === "String" ? t.image.slice(1, -1) : t.image;
          top()?.keys.push(key);
          state = "after-key";
        } else if (type === "LBrace") stack.push({ open: "{", path: [...(top()?.path ?? []), "?"], keys: [], items: [], resume: "key" });
        break;
      case "after-key":
        if (type === "Equals") state = "value";
        else if (type === "LBrace") {
          stack.push({ open: "{", path: [...(top()?.path ?? []), key], keys: [], items: [], resume: afterValue() });
          state = "key";
        } else state = "key";
        break;
      case "value":
        if (type === "LBrace") {
          stack.push({ open: "{", path: [...(top()?.path ?? []), key], keys: [], items: [], resume: afterValue() });
          state = "key";
        } else if (type === "LBracket") {
          stack.push({ open: "[", path: top()?.path ?? [], keys: [], items: [], resume: afterValue() });
        } else if (word) {
          if (top()?.open === "[") top()!.items.push(t.image);
          ref = [t.image];
          state = "after-ref";
        } else if (type !== "Comma" && type !== "Colon") state = afterValue();
        break;
      case "after-ref":
        if (type === "Dot") {
          ref.push(".");
          state = "value";
          // `std.` continues the same reference.
          const next = tokens[i + 1];
          if (next && WORD.has(next.tokenType.name)) {
            ref.push(next.image);
            i++;
            state = "after-ref";
          }
        } else if (type === "LParen") {
          stack.push({ open: "(", path: top()?.path ?? [], keys: [], items: [], resume: afterValue(), callee: ref.join("") });
          state = "value";
        } else {
          state = afterValue();
          i--; // the token starts the next statement
        }
        break;
    }
  }

  const last = tokens[tokens.length - 1];
  const beforeLast = tokens[tokens.length - 2];
  if (last?.tokenType.name === "Dot" && beforeLast?.image === "std") return { kind: "stdlib-id" };
  // A finished name before the cursor (`role = worker ⎸`) ends its value; one being typed is not in `tokens`.
  if (state === "after-ref") state = afterValue();
  const frame = top();
  const decl: Header = { keyword: header.keyword, name: header.name, from: header.from };
  if (!frame) {
    if (state === "start" || state === "import") return state === "start" ? { kind: "top-level" } : { kind: "none" };
    if (state === "from") return { kind: "after-from" };
    if (state === "header") return header.name === undefined ? { kind: "declaration-name", keyword: header.keyword } : { kind: "none" };
    if (state === "value") return { kind: "declaration-value", keyword: header.keyword };
    return { kind: "none" };
  }
  if (frame.open === "(") return { kind: "call-argument", callee: frame.callee ?? "" };
  if (frame.open === "[") return { kind: "value", declaration: decl, path: frame.path, key, listed: frame.items };
  if (state === "key") return { kind: "key", declaration: decl, path: frame.path, present: frame.keys };
  if (state === "value") return { kind: "value", declaration: decl, path: frame.path, key };
  return { kind: "none" };
}
