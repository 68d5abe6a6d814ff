// Key files and SOPS_AGE_KEY hold one identity per line; `#` lines and blank lines are ignored
// (age-keygen writes "# created:" and "# public key:" comments above the key).

export interface IdentityLine {
  readonly line: number;
  readonly text: string;
}

export function identityLines(text: string): IdentityLine[] {
  return text
    .split(/\r?\n/)
    .map((raw, i) => ({ line: i + 1, text: raw.trim() }))
    .filter((l) => l.text !== "" && !l.text.startsWith("#"));
}
