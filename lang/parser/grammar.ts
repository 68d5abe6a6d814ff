import { CstParser, EOF, tokenMatcher, type CstNode, type IToken, type TokenType } from "chevrotain";
import * as t from "../lexer/tokens.js";
import { declarationKinds } from "../syntax/declaration-kinds.js";
import { messageProvider } from "./messages.js";

/**
 * The grammar, as a chevrotain CST parser with error recovery on, so that a file with several
 * mistakes still yields a tree (the language server needs one) and every mistake is reported.
 * Declaration keywords (`cluster`, `node`, …) are plain identifiers here; the AST builder
 * checks them, which gives better messages than a grammar alternative would.
 *
 *   file        := (import | declaration)*
 *   import      := 'import' String
 *   declaration := Identifier Identifier? ('from' reference | 'in' Identifier)* (block | '=' value)?
 *   block       := '{' entry* '}'     (entries stop where a declaration starts: see declarationAhead)
 *   entry       := (Identifier | String) ('=' value | block)
 *   value       := literal | list | block | reference ('(' arguments? ')')?
 *   arguments   := argument (',' argument)* ','?
 *   argument    := (Identifier ':')? value
 *   list        := '[' (value ','?)* ']'
 *   reference   := Identifier ('.' Identifier)*
 */
export class LabParser extends CstParser {
  constructor() {
    super(t.allTokens, { recoveryEnabled: true, maxLookahead: 3, skipValidations: true, errorMessageProvider: messageProvider });
    this.performSelfAnalysis();
  }

  /** In-repetition recoveries left for this parse, and tokens they may scan; parse() resets both before each file. */
  recoveryBudget = MAX_RECOVERIES;
  scanBudget = MAX_RECOVERY_SCAN;

  /**
   * chevrotain resynchronises inside a repetition by scanning ahead for a token to resume at
   * (to the end of the input when there is none) and by calling the repetition again, one stack
   * frame deeper per recovered error: `li.x.x.x…` ten thousand times overflowed the stack, and
   * `a.a.a.a…` took quadratic time. Past MAX_RECOVERIES attempts, or once they could have
   * scanned MAX_RECOVERY_SCAN tokens in all, the parser stops recovering: the rest of the file
   * is reported once as not parsed (the pipeline shows at most 100 diagnostics per file anyway).
   */
  shouldInRepetitionRecoveryBeTried(expected: unknown, nextTokenIndex: number, notStuck: boolean | undefined): boolean {
    const self = this as unknown as { currIdx: number; tokVectorLength: number };
    const remaining = Math.max(1, self.tokVectorLength - self.currIdx);
    if (this.recoveryBudget <= 0 || this.scanBudget < remaining) return false;
    const base = CstParser.prototype as unknown as { shouldInRepetitionRecoveryBeTried(this: LabParser, a: unknown, b: number, c: boolean | undefined): boolean };
    const tried = base.shouldInRepetitionRecoveryBeTried.call(this, expected, nextTokenIndex, notStuck);
    if (tried) {
      this.recoveryBudget--;
      this.scanBudget -= remaining;
    }
    return tried;
  }

  /** Syntax errors left for this parse; parse() resets it. At zero the parser skips to the end of the input. */
  errorBudget = MAX_SYNTAX_ERRORS;
  /** Where the parser gave up, when it did: the offset of the token it would have read next. */
  stoppedAt: number | undefined;

  /**
   * Every syntax error costs an exception object and a recovery; `.x.x.x…` in a block makes one
   * per token. Past MAX_SYNTAX_ERRORS the rest of the input is skipped (every lookahead is then
   * the end of the input, so the rules unwind at once) and parse() says where it stopped.
   */
  SAVE_ERROR(error: Error): Error {
    const self = this as unknown as { currIdx: number; tokVectorLength: number; tokVector: IToken[] };
    if (this.errorBudget <= 0) {
      if (this.stoppedAt === undefined) this.stoppedAt = self.tokVector[self.currIdx + 1]?.startOffset ?? -1;
      self.currIdx = self.tokVectorLength - 1;
      return error;
    }
    this.errorBudget--;
    const base = CstParser.prototype as unknown as { SAVE_ERROR(this: LabParser, e: Error): Error };
    return base.SAVE_ERROR.call(this, error);
  }

  /** Blocks whose `}` never came, in the order they were given up; parse() resets it. */
  unclosed: UnclosedBlock[] = [];

  /**
   * Whether the next tokens start a top-level declaration: `app coredns {`, `secret x =`,
   * `app echo in default`, `import "x.lab"`. No entry of a block starts so (an entry is a key
   * then `=` or `{`), so inside a block this means its `}` is missing: the block ends here and
   * the declaration is read as one, instead of as a run of bad fields to the end of the file.
   */
  declarationAhead(): boolean {
    const first = this.LA(1);
    const second = this.LA(2);
    if (first.tokenType === t.Import) return second.tokenType === t.StringLit;
    if (first.tokenType !== t.Identifier || !keywords.has(first.image) || !tokenMatcher(second, t.Identifier)) return false;
    const third = this.LA(3).tokenType;
    return third === t.LBrace || third === t.Equals || third === t.From || third === t.In;
  }

  /**
   * A `}` missing at the end of the input is put in, as one would be before a token that may
   * follow it: chevrotain does not count the end among those, and would instead unwind every
   * open rule with an error of its own.
   */
  canRecoverWithSingleTokenInsertion(expected: TokenType, follows: TokenType[]): boolean {
    if (this.closesBeforeHere(expected)) return true;
    const base = CstParser.prototype as unknown as { canRecoverWithSingleTokenInsertion(this: LabParser, e: TokenType, f: TokenType[]): boolean };
    return base.canRecoverWithSingleTokenInsertion.call(this, expected, follows);
  }

  /**
   * The tokens that may follow, for in-rule recovery: chevrotain works them out by walking the
   * grammar, at a cost per open block. A `}` put in before a declaration or the end needs none,
   * and an input of hundreds of unclosed blocks then costs no more than a closed one.
   */
  getFollowsForInRuleRecovery(expected: TokenType, idx: number): TokenType[] {
    if (this.closesBeforeHere(expected)) return [];
    const base = CstParser.prototype as unknown as { getFollowsForInRuleRecovery(this: LabParser, e: TokenType, i: number): TokenType[] };
    return base.getFollowsForInRuleRecovery.call(this, expected, idx);
  }

  /** A `}` expected where the input ends or a declaration starts: the block's `}` is missing. */
  private closesBeforeHere(expected: TokenType): boolean {
    return expected === t.RBrace && (this.LA(1).tokenType === EOF || this.declarationAhead());
  }

  file = this.RULE("file", () => {
    this.MANY(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.importDecl) },
        { ALT: () => this.SUBRULE(this.declaration) },
      ]);
    });
  });

  importDecl = this.RULE("importDecl", () => {
    this.CONSUME(t.Import);
    this.CONSUME(t.StringLit);
  });

  declaration = this.RULE("declaration", () => {
    this.CONSUME(t.Identifier, { LABEL: "keyword" });
    this.OPTION(() => this.CONSUME2(t.Identifier, { LABEL: "name" }));
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(t.From);
            this.SUBRULE(this.reference, { LABEL: "from" });
          },
        },
        {
          ALT: () => {
            this.CONSUME(t.In);
            this.CONSUME3(t.Identifier, { LABEL: "namespace" });
          },
        },
      ]);
    });
    this.OPTION2(() => {
      this.OR2([
        { ALT: () => this.SUBRULE(this.block, { LABEL: "body" }) },
        {
          ALT: () => {
            this.CONSUME(t.Equals);
            this.SUBRULE(this.value);
          },
        },
      ]);
    });
  });

  block = this.RULE("block", () => {
    const open = this.CONSUME(t.LBrace);
    this.MANY({ GATE: () => !this.declarationAhead(), DEF: () => this.SUBRULE(this.entry) });
    const close = this.CONSUME(t.RBrace);
    this.ACTION(() => {
      // Recovery inserted the `}` before a declaration or the end of the input: parse() reports
      // the block once, at its `{`, instead of chevrotain's "expected '}'" at each level.
      const next = this.LA(1);
      if (close.isInsertedInRecovery && (next.tokenType === EOF || this.declarationAhead())) this.unclosed.push({ open, next });
    });
  });

  entry = this.RULE("entry", () => {
    this.OR([{ ALT: () => this.CONSUME(t.Identifier, { LABEL: "key" }) }, { ALT: () => this.CONSUME(t.StringLit, { LABEL: "key" }) }]);
    this.OR2([
      {
        ALT: () => {
          this.CONSUME(t.Equals);
          this.SUBRULE(this.value);
        },
      },
      { ALT: () => this.SUBRULE(this.block) },
    ]);
  });

  value = this.RULE("value", () => {
    this.OR([
      { ALT: () => this.CONSUME(t.TripleString, { LABEL: "literal" }) },
      { ALT: () => this.CONSUME(t.StringLit, { LABEL: "literal" }) },
      { ALT: () => this.CONSUME(t.UnterminatedString, { LABEL: "literal" }) },
      { ALT: () => this.CONSUME(t.Mac, { LABEL: "literal" }) },
      { ALT: () => this.CONSUME(t.IPv6, { LABEL: "literal" }) },
      { ALT: () => this.CONSUME(t.Cidr4, { LABEL: "literal" }) },
      { ALT: () => this.CONSUME(t.IPv4, { LABEL: "literal" }) },
      { ALT: () => this.CONSUME(t.Version, { LABEL: "literal" }) },
      { ALT: () => this.CONSUME(t.Duration, { LABEL: "literal" }) },
      { ALT: () => this.CONSUME(t.Quantity, { LABEL: "literal" }) },
      { ALT: () => this.CONSUME(t.NumberLit, { LABEL: "literal" }) },
      { ALT: () => this.CONSUME(t.BadLiteral, { LABEL: "literal" }) },
      { ALT: () => this.SUBRULE(this.list) },
      { ALT: () => this.SUBRULE(this.block) },
      // `name =` on the next line is the next field, not this value: `address =` left empty.
      // Nor is `app x {` the value: the block holding `address =` lost its `}`.
      { GATE: () => this.LA(2).tokenType !== t.Equals && !this.declarationAhead(), ALT: () => this.SUBRULE(this.referenceOrCall) },
    ]);
  });

  referenceOrCall = this.RULE("referenceOrCall", () => {
    this.SUBRULE(this.reference);
    this.OPTION(() => {
      this.CONSUME(t.LParen);
      this.OPTION2(() => this.SUBRULE(this.argumentList));
      this.CONSUME(t.RParen);
    });
  });

  argumentList = this.RULE("argumentList", () => {
    this.SUBRULE(this.argument);
    this.MANY(() => {
      this.CONSUME(t.Comma);
      this.OPTION(() => this.SUBRULE2(this.argument));
    });
  });

  argument = this.RULE("argument", () => {
    this.OPTION({
      GATE: () => this.LA(2).tokenType === t.Colon,
      DEF: () => {
        this.CONSUME(t.Identifier, { LABEL: "name" });
        this.CONSUME(t.Colon);
      },
    });
    this.SUBRULE(this.value);
  });

  list = this.RULE("list", () => {
    this.CONSUME(t.LBracket);
    this.MANY(() => {
      this.SUBRULE(this.value);
      this.OPTION(() => this.CONSUME(t.Comma));
    });
    this.CONSUME(t.RBracket);
  });

  reference = this.RULE("reference", () => {
    this.CONSUME(t.Identifier, { LABEL: "part" });
    this.MANY(() => {
      this.CONSUME(t.Dot);
      this.CONSUME2(t.Identifier, { LABEL: "part" });
    });
  });
}

const keywords = new Set<string>(declarationKinds);

/** A `{` the parser closed for the writer, and the token it stopped before (a declaration or the end of the input). */
export interface UnclosedBlock {
  readonly open: IToken;
  readonly next: IToken;
}

/** More than the pipeline shows per file (100), so the cap, not the parser, says how many more there were. */
export const MAX_SYNTAX_ERRORS = 300;
/** Enough for every mistake the pipeline shows (100 per file), few enough to keep the stack shallow. */
export const MAX_RECOVERIES = 200;
/** Each attempt may scan to the end of the input: this bounds a parse's recovery work to linear time. */
export const MAX_RECOVERY_SCAN = 400_000;

let parser: LabParser | undefined;

export function grammar(): LabParser {
  parser ??= new LabParser();
  return parser;
}

export type { CstNode, IToken };
