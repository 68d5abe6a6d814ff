import type { IParserErrorMessageProvider, IToken, TokenType } from "chevrotain";

const labels: Record<string, string> = {
  Identifier: "a name",
  From: "'from'",
  In: "'in'",
  Import: "'import'",
  String: "a string",
  TripleString: "a string",
  Number: "a number",
  Mac: "a MAC address",
  IPv6: "an IPv6 address",
  Cidr4: "a CIDR",
  IPv4: "an IPv4 address",
  Version: "a version",
  Duration: "a duration",
  Quantity: "a quantity",
};

export function describeExpected(type: TokenType): string {
  return labels[type.name] ?? (type.LABEL ?? type.name);
}

export function describeFound(token: IToken): string {
  if (token.tokenType.name === "EOF") return "the end of the file";
  const image = token.image.length > 24 ? `${token.image.slice(0, 21)}...` : token.image;
  return `'${image}'`;
}

const ruleWords: Record<string, string> = {
  value: "a value",
  entry: "a field",
  declaration: "a declaration",
  file: "a declaration",
  argument: "an argument",
};

const closers = new Set(["RBrace", "RBracket", "RParen"]);

/** The message for a `}`, `]` or `)` outside any declaration; parse() adds the fix that removes it. */
export function unmatchedCloser(image: string): string {
  return `unmatched '${image}': nothing is open here for it to close`;
}

/** Messages for chevrotain's recognition errors, in labc's words ("expected X, found Y"). */
export const messageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual }) {
    if (actual.tokenType.name === "Colon" && expected.name === "Equals") return "expected '=', found ':' (fields are set with '=')";
    // Only the file's repetition expects the end: what stopped it is no declaration.
    if (expected.name === "EOF") return closers.has(actual.tokenType.name) ? unmatchedCloser(actual.image) : `expected a declaration such as 'node name { … }', found ${describeFound(actual)}`;
    return `expected ${describeExpected(expected)}, found ${describeFound(actual)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `unexpected ${describeFound(firstRedundant)}; expected a declaration such as 'node name { … }'`;
  },
  buildNoViableAltMessage({ actual, ruleName }) {
    const found = actual[0];
    const what = ruleWords[ruleName] ?? "something else";
    if (ruleName === "entry" && found?.tokenType.name === "Colon") return "expected '=' or '{' after the field name, found ':' (fields are set with '=')";
    if (ruleName === "entry") return `expected '=' or '{' after the field name, found ${found ? describeFound(found) : "nothing"}`;
    return `expected ${what}, found ${found ? describeFound(found) : "nothing"}`;
  },
  buildEarlyExitMessage({ actual, ruleName }) {
    const found = actual[0];
    return `expected ${ruleWords[ruleName] ?? "more input"}, found ${found ? describeFound(found) : "nothing"}`;
  },
};
