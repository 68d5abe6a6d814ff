import type { Span } from "../diagnostics/span.js";

/**
 * The syntax tree of a `.lab` file. Every node keeps its exact source span so that the checker,
 * the formatter and the language server can point at it. Literals keep their raw text: the
 * checker decides what a literal means from the field it is assigned to.
 */

export interface Identifier {
  readonly kind: "Identifier";
  readonly name: string;
  readonly span: Span;
}

/** A block key: a bare identifier (`cidr`) or a quoted string (`"app.kubernetes.io/name"`). */
export interface Key {
  readonly kind: "Key";
  readonly name: string;
  readonly quoted: boolean;
  readonly span: Span;
}

export interface StringLiteral {
  readonly kind: "String";
  /** The unescaped value. */
  readonly value: string;
  readonly multiline: boolean;
  readonly span: Span;
}

export interface BooleanLiteral {
  readonly kind: "Boolean";
  readonly value: boolean;
  readonly span: Span;
}

/** Integers and decimals (`3`, `-1`, `0.5`). */
export interface NumberLiteral {
  readonly kind: "Number";
  readonly value: number;
  readonly raw: string;
  readonly span: Span;
}

export type TypedLiteralKind = "Duration" | "Version" | "IPv4" | "IPv6" | "Cidr" | "Mac" | "Quantity";

/** Literals whose meaning is checked later: `5m`, `v1.10.7`, `10.0.0.1`, `fd00::1`, `10.42.0.0/16`, `00:11:..`, `512Mi`. */
export interface TypedLiteral {
  readonly kind: TypedLiteralKind;
  readonly raw: string;
  readonly span: Span;
}

/** A name or dotted path: `lan`, `std.cert-manager`, `controlplane`. */
export interface Reference {
  readonly kind: "Reference";
  readonly path: readonly Identifier[];
  readonly span: Span;
}

export interface Argument {
  readonly name?: Identifier;
  readonly value: Value;
  readonly span: Span;
}

/** `env("X")`, `github("owner/repo", branch: "main")`, `generate(token, 32)`. */
export interface Call {
  readonly kind: "Call";
  readonly callee: Reference;
  readonly args: readonly Argument[];
  readonly span: Span;
}

export interface List {
  readonly kind: "List";
  readonly items: readonly Value[];
  readonly span: Span;
}

export interface Block {
  readonly kind: "Block";
  readonly entries: readonly Entry[];
  readonly span: Span;
}

/** Stands where the parser expected a value but recovered from a syntax error. */
export interface Missing {
  readonly kind: "Missing";
  readonly span: Span;
}

export type Literal = StringLiteral | BooleanLiteral | NumberLiteral | TypedLiteral;
export type Value = Literal | Reference | Call | List | Block | Missing;

/** `key = value` or `key { … }` (then `value` is a Block and `assign` is false). */
export interface Entry {
  readonly kind: "Entry";
  readonly key: Key;
  readonly value: Value;
  readonly assign: boolean;
  readonly span: Span;
}

/**
 * A top-level declaration: `cluster home { … }`, `node cp-01 { … }`,
 * `app echo in default from std.app-template { … }`, `secret token = env("X")`.
 */
export interface Declaration {
  readonly kind: "Declaration";
  readonly keyword: Identifier;
  readonly name: Identifier | undefined;
  /** `from std.cert-manager`: the stdlib (or user) definition an app starts from. */
  readonly from: Reference | undefined;
  /** `in default`: the namespace of an app. */
  readonly namespace: Identifier | undefined;
  readonly body: Block | undefined;
  /** `secret x = env("X")`: the value of a declaration written with `=`. */
  readonly value: Value | undefined;
  readonly span: Span;
}

/** `import "apps.lab"`: merges another file of the workspace. */
export interface Import {
  readonly kind: "Import";
  readonly path: StringLiteral;
  readonly span: Span;
}

export interface Comment {
  readonly kind: "Comment";
  /** The comment as written, including `//` or `/* … *\/` or `#`. */
  readonly text: string;
  readonly span: Span;
}

export interface SourceFile {
  readonly kind: "SourceFile";
  readonly file: string;
  readonly text: string;
  readonly imports: readonly Import[];
  readonly declarations: readonly Declaration[];
  readonly comments: readonly Comment[];
  readonly span: Span;
}
