/**
 * The words a top-level declaration starts with. The grammar reads them as plain identifiers
 * (the checker names an unknown one); the parser uses this list only to tell where a block that
 * lost its `}` must have ended, so the next declaration is read as one.
 */
export const declarationKinds = ["cluster", "network", "node", "app", "secret"] as const;
export type DeclarationKind = (typeof declarationKinds)[number];
