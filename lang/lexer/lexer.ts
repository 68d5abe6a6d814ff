import { Lexer, type IToken } from "chevrotain";
import { allTokens } from "./tokens.js";

export interface LexError {
  readonly offset: number;
  readonly length: number;
  readonly text: string;
}

export interface LexResult {
  readonly tokens: IToken[];
  readonly comments: IToken[];
  readonly errors: LexError[];
}

let lexer: Lexer | undefined;

function instance(): Lexer {
  // Built on first use: the self-analysis costs a few milliseconds that `labc --help` need not pay.
  lexer ??= new Lexer(allTokens, { positionTracking: "full", ensureOptimizations: false, skipValidations: true });
  return lexer;
}

export function tokenize(text: string): LexResult {
  // A UTF-8 byte order mark some editors write: lexed as a space, so every offset stays the text's.
  const result = instance().tokenize(text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text);
  return {
    tokens: result.tokens,
    comments: (result.groups["comments"] as IToken[] | undefined) ?? [],
    errors: result.errors.map((e) => ({ offset: e.offset, length: e.length, text: text.slice(e.offset, e.offset + e.length) })),
  };
}
