import { CstParser, type CstNode, type IToken } from "chevrotain";
import * as t from "../lexer/tokens.js";
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
 *   block       := '{' entry* '}'
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

  /**
   * chevrotain resynchronises inside a repetition by calling the repetition again, one stack
   * frame deeper per recovered error, so `li.x.x.x…` ten thousand times overflows the stack.
   * Past MAX_RECOVERIES errors the parser stops recovering: the rest of the file is reported
   * once as not parsed (and the pipeline shows at most 100 diagnostics per file anyway).
   */
  shouldInRepetitionRecoveryBeTried(expected: unknown, nextTokenIndex: number, notStuck: boolean | undefined): boolean {
    if (this.errors.length >= MAX_RECOVERIES) return false;
    const base = CstParser.prototype as unknown as { shouldInRepetitionRecoveryBeTried(this: LabParser, a: unknown, b: number, c: boolean | undefined): boolean };
    return base.shouldInRepetitionRecoveryBeTried.call(this, expected, nextTokenIndex, notStuck);
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
    this.CONSUME(t.LBrace);
    this.MANY(() => this.SUBRULE(this.entry));
    this.CONSUME(t.RBrace);
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
      { GATE: () => this.LA(2).tokenType !== t.Equals, ALT: () => this.SUBRULE(this.referenceOrCall) },
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

/** More than the diagnostics shown per file, so the cap, not this, decides what is shown. */
export const MAX_RECOVERIES = 200;

let parser: LabParser | undefined;

export function grammar(): LabParser {
  parser ??= new LabParser();
  return parser;
}

export type { CstNode, IToken };
