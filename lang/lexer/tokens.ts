import { createToken, Lexer, type TokenType } from "chevrotain";

/**
 * Token definitions. Order matters: chevrotain takes the first pattern that matches, so the
 * literals that start like numbers or identifiers (MAC, IPv6, CIDR, IPv4, version, duration,
 * quantity) come before plain numbers and identifiers. Each literal refuses to be followed by
 * a word character so that `10.0.0.1x` is one bad token, not two good ones.
 */

export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\r\n]+/, group: Lexer.SKIPPED, line_breaks: true });
export const LineComment = createToken({ name: "LineComment", pattern: /(?:\/\/|#)[^\n]*/, group: "comments" });
// Both also match when unterminated (to the end of the input, reported by the parser): failing
// instead would make the lexer rescan the rest of the file at every later `/*` or `"""`.
export const BlockComment = createToken({ name: "BlockComment", pattern: /\/\*[\s\S]*?(?:\*\/|$(?![\s\S]))/, group: "comments", line_breaks: true });

export const TripleString = createToken({ name: "TripleString", pattern: /"""[\s\S]*?(?:"""|$(?![\s\S]))/, line_breaks: true });
export const StringLit = createToken({ name: "String", pattern: /"(?:[^"\\\n]|\\.)*"/ });
/** Matched only when the closing quote is missing on the line; reported by the AST builder. */
export const UnterminatedString = createToken({ name: "UnterminatedString", pattern: /"(?:[^"\\\n]|\\.)*/ });

const END = "(?![0-9A-Za-z_:.\\/-])";
export const Mac = createToken({ name: "Mac", pattern: new RegExp(`[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5}${END}`) });
export const IPv6 = createToken({
  name: "IPv6",
  pattern: new RegExp(`(?:[0-9a-fA-F]{0,4}:){2,7}[0-9a-fA-F]{0,4}(?:\\/\\d{1,3})?${END}`),
});
// Octet and prefix ranges are checked later, so `10.0.0.256` gets a message about the 256.
export const Cidr4 = createToken({ name: "Cidr4", pattern: new RegExp(`\\d+(?:\\.\\d+){3}\\/\\d+${END}`) });
export const IPv4 = createToken({ name: "IPv4", pattern: new RegExp(`\\d+(?:\\.\\d+){3}${END}`) });
export const Version = createToken({
  name: "Version",
  pattern: new RegExp(`(?:v\\d+(?:\\.\\d+){1,2}|\\d+\\.\\d+\\.\\d+)(?:-[0-9A-Za-z.]+)?(?:\\+[0-9A-Za-z.]+)?${END}`),
});
export const Duration = createToken({
  name: "Duration",
  pattern: new RegExp(`\\d+(?:ms|s|m|h|d)(?:\\d+(?:ms|s|m|h))*${END}`),
});
export const Quantity = createToken({
  name: "Quantity",
  pattern: new RegExp(`\\d+(?:\\.\\d+)?(?:Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)${END}`),
});
export const NumberLit = createToken({ name: "Number", pattern: new RegExp(`-?\\d+(?:\\.\\d+)?${END}`) });

/**
 * Anything else that starts with a digit (`10.0.0.1x`, `1.2.3.4.5`), or a `v` and digits and a
 * dot that is no version (`v1.2.3.4.5`): one token, reported as one bad value, so the rest of the
 * line is not read as a reference that swallows the next line.
 */
export const BadLiteral = createToken({ name: "BadLiteral", pattern: /[0-9][0-9A-Za-z_.:\/-]*|v[0-9]+\.[0-9A-Za-z_.:\/+-]*/ });

export const Identifier = createToken({ name: "Identifier", pattern: /[A-Za-z_][A-Za-z0-9_]*(?:-+[A-Za-z0-9_]+)*/ });
/** Contextual keywords: they are identifiers too, so a field may still be called `in` or `from`. */
export const From = createToken({ name: "From", pattern: /from/, longer_alt: Identifier, categories: [Identifier] });
export const In = createToken({ name: "In", pattern: /in/, longer_alt: Identifier, categories: [Identifier] });
export const Import = createToken({ name: "Import", pattern: /import/, longer_alt: Identifier, categories: [Identifier] });

export const LBrace = createToken({ name: "LBrace", pattern: /{/, label: "'{'" });
export const RBrace = createToken({ name: "RBrace", pattern: /}/, label: "'}'" });
export const LBracket = createToken({ name: "LBracket", pattern: /\[/, label: "'['" });
export const RBracket = createToken({ name: "RBracket", pattern: /]/, label: "']'" });
export const LParen = createToken({ name: "LParen", pattern: /\(/, label: "'('" });
export const RParen = createToken({ name: "RParen", pattern: /\)/, label: "')'" });
export const Equals = createToken({ name: "Equals", pattern: /=/, label: "'='" });
export const Comma = createToken({ name: "Comma", pattern: /,/, label: "','" });
export const Colon = createToken({ name: "Colon", pattern: /:/, label: "':'" });
export const Dot = createToken({ name: "Dot", pattern: /\./, label: "'.'" });

export const allTokens: TokenType[] = [
  WhiteSpace,
  LineComment,
  BlockComment,
  TripleString,
  StringLit,
  UnterminatedString,
  Mac,
  IPv6,
  Cidr4,
  IPv4,
  Version,
  Duration,
  Quantity,
  NumberLit,
  BadLiteral,
  From,
  In,
  Import,
  Identifier,
  LBrace,
  RBrace,
  LBracket,
  RBracket,
  LParen,
  RParen,
  Equals,
  Comma,
  Colon,
  Dot,
];
