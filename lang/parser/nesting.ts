import type { IToken, TokenType } from "chevrotain";
import * as t from "../lexer/tokens.js";

/**
 * How deep `[`, `{` and `(` may nest. Real files nest a handful of levels (a values block with
 * lists of maps inside, say 10); the parser, the tree builder, the checker and the formatter
 * all recurse once per level, so a hostile `[[[[…` of thousands must stop here, not overflow
 * the stack.
 */
export const MAX_NESTING = 64;

const partner = new Map<TokenType, TokenType>([
  [t.LBracket, t.RBracket],
  [t.LBrace, t.RBrace],
  [t.LParen, t.RParen],
]);
const closers = new Set<TokenType>(partner.values());

/**
 * The tokens with every bracket group that would open level MAX_NESTING + 1 emptied: the
 * opening token and its matching closer stay (so `x = […]` is still a value and recovery has
 * nothing to resynchronise), what lies between is dropped, and `tooDeep` is told once per group.
 */
export function limitNesting(tokens: readonly IToken[], tooDeep: (opening: IToken, max: number) => void, max = MAX_NESTING): IToken[] {
  const out: IToken[] = [];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const type = token.tokenType;
    if (partner.has(type)) {
      if (depth >= max) {
        tooDeep(token, max);
        let inner = 0;
        let j = i;
        for (; j < tokens.length; j++) {
          const k = tokens[j]!.tokenType;
          if (partner.has(k)) inner++;
          else if (closers.has(k) && --inner === 0) break;
        }
        out.push(token);
        if (j < tokens.length && tokens[j]!.tokenType === partner.get(type)) out.push(tokens[j]!);
        i = j;
        continue;
      }
      depth++;
    } else if (closers.has(type)) {
      depth = Math.max(0, depth - 1);
    }
    out.push(token);
  }
  return out;
}
