// Which leaves get encrypted: sops' shouldBeEncrypted, driven by the one selector in the metadata.
// Regexes are Go RE2 in sops; the patterns people use (`^(data|stringData)$`) mean the same in JS.
// Matching is unanchored, as Go's regexp.Match is.
import { SopsFormatError, SopsInputError } from "../errors.js";

export const SELECTOR_KINDS = [
  "unencrypted_suffix",
  "encrypted_suffix",
  "unencrypted_regex",
  "encrypted_regex",
  "unencrypted_comment_regex",
  "encrypted_comment_regex",
] as const;

export type SelectorKind = (typeof SELECTOR_KINDS)[number];

/** The single selector a SOPS file carries, named as in its metadata. */
export interface SopsSelector {
  readonly kind: SelectorKind;
  readonly value: string;
}

export const DEFAULT_SELECTOR: SopsSelector = { kind: "unencrypted_suffix", value: "_unencrypted" };

export function selectorsEqual(a: SopsSelector, b: SopsSelector): boolean {
  return a.kind === b.kind && a.value === b.value;
}

function compile(selector: SopsSelector): RegExp | undefined {
  if (!selector.kind.endsWith("_regex")) return undefined;
  try {
    return new RegExp(selector.value, "u");
  } catch {
    try {
      return new RegExp(selector.value);
    } catch {
      throw new SopsInputError(`${selector.kind} is not a valid regular expression: ${selector.value}`);
    }
  }
}

/** Compiled form of a selector: answers "is the leaf at this path (with these comments) encrypted?" */
export class LeafSelector {
  private readonly regex: RegExp | undefined;

  constructor(readonly selector: SopsSelector) {
    if (selector.value === "") throw new SopsFormatError(`${selector.kind} must not be empty`);
    this.regex = compile(selector);
  }

  /**
   * `path` holds the mapping keys from the root (no list indices). `commentsStack` holds, per
   * enclosing collection, the comments seen since its last non-comment item. For a comment leaf,
   * its own text is the last entry of the last frame.
   */
  shouldEncrypt(path: readonly string[], commentsStack: readonly (readonly string[])[], isComment: boolean): boolean {
    const { kind, value } = this.selector;
    const re = this.regex;
    switch (kind) {
      case "unencrypted_suffix":
        return !path.some((p) => p.endsWith(value));
      case "encrypted_suffix":
        return path.some((p) => p.endsWith(value));
      case "unencrypted_regex":
        return !path.some((p) => re!.test(p));
      case "encrypted_regex":
        return path.some((p) => re!.test(p));
      case "unencrypted_comment_regex":
        return !commentsStack.some((frame) => frame.some((c) => re!.test(c)));
      case "encrypted_comment_regex": {
        const last = commentsStack.length - 1;
        return commentsStack.some((frame, i) =>
          frame.some((c, j) => {
            // The comment line that matches is itself left in cleartext.
            if (isComment && i === last && j === frame.length - 1) return false;
            return re!.test(c);
          }),
        );
      }
    }
  }
}
