/**
 * The entry file could not be read. Not a diagnostic of the workspace: there is no file to
 * point into, so each command reports it (LAB5003, naming the path) before anything else.
 */
export class EntryReadError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
    readonly code: string | undefined,
  ) {
    super(`cannot read ${path}: ${reason}`);
  }
}
