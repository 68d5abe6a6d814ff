/** Who the cluster's files are encrypted to, in words for command output (never key material). */
export function recipientsPhrase(keys: { readonly keyGroups: readonly (readonly string[])[]; readonly shamirThreshold: number }): string {
  const recipients = new Set(keys.keyGroups.flat()).size;
  const people = `${recipients} recipient${recipients === 1 ? "" : "s"}`;
  if (keys.keyGroups.length <= 1) return people;
  return `${keys.keyGroups.length} key groups (keys of ${keys.shamirThreshold} needed together; ${people})`;
}
