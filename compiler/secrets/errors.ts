// Every error thrown by the secrets library is one of these classes, so callers can branch on
// `instanceof` instead of parsing messages. Messages name paths, recipients and key locations,
// never plaintext values or private keys.

/** Base class of every error from compiler/secrets. */
export class SopsError extends Error {
  override name = "SopsError";
}

/** The input is not a readable SOPS file (bad syntax, missing or invalid `sops` metadata). */
export class SopsFormatError extends SopsError {
  override name = "SopsFormatError";
}

/** The data key could not be recovered: no given age identity matches any recipient of the file. */
export class SopsNoMatchingKeyError extends SopsError {
  override name = "SopsNoMatchingKeyError";
  constructor(
    /** Recipients (age) and other master key ids the file is encrypted for. */
    readonly recipients: readonly string[],
    /** Where identities were looked for (env variables, files), if the caller said. */
    readonly searched: readonly string[],
    readonly identityCount: number,
    detail?: string,
  ) {
    super(noMatchingKeyMessage(recipients, searched, identityCount, detail));
  }
}

function noMatchingKeyMessage(
  recipients: readonly string[],
  searched: readonly string[],
  identityCount: number,
  detail: string | undefined,
): string {
  const parts = [
    identityCount === 0
      ? "no age identity was available to decrypt the SOPS data key"
      : `none of the ${identityCount} age identit${identityCount === 1 ? "y" : "ies"} given can decrypt the SOPS data key`,
    `the file is encrypted for: ${recipients.length > 0 ? recipients.join(", ") : "(no recipients)"}`,
  ];
  if (searched.length > 0) parts.push(`looked for keys in: ${searched.join(", ")}`);
  if (detail) parts.push(detail);
  return parts.join("; ");
}

/** A value (or comment) failed AES-GCM authentication: its ciphertext or its key path was altered. */
export class SopsValueAuthError extends SopsError {
  override name = "SopsValueAuthError";
  constructor(readonly path: string) {
    super(`value at "${path}" failed authentication: its ciphertext or its key path was altered, or the data key is wrong`);
  }
}

/** The MAC stored in the file does not match the one computed over its values. */
export class SopsMacMismatchError extends SopsError {
  override name = "SopsMacMismatchError";
  constructor(
    readonly stored: string | undefined,
    readonly computed: string,
    reason?: string,
  ) {
    // Neither MAC goes into the message: they are hashes of the plaintext, and a hash of a weak
    // value is a dictionary-attack oracle. Callers that need them have the fields.
    super(
      reason ??
        (stored === undefined || stored === ""
          ? "MAC mismatch: the file has no MAC"
          : "MAC mismatch: a value, a key path or the MAC itself was changed outside sops"),
    );
  }
}

/** A caller-supplied value cannot be represented in a SOPS tree (e.g. a non-string key, a function). */
export class SopsInputError extends SopsError {
  override name = "SopsInputError";
}

/** Age key handling failed: unparsable identity or recipient, unreadable key file, failed wrap. */
export class AgeKeyError extends SopsError {
  override name = "AgeKeyError";
}
