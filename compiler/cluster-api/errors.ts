/**
 * What can go wrong talking to a cluster, worded for the person at the terminal. Messages name
 * the server and the kubeconfig, never request or response bodies: a Secret body is a secret.
 */

/** No kubeconfig, a broken one, or an API server that cannot be reached or refuses us: exit 2. */
export class ClusterAccessError extends Error {}

/** The API answered with an error Status. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    /** `details.causes[].field` of a conflict: which fields another manager owns. */
    readonly fields: readonly string[] = [],
  ) {
    super(message);
  }
}

/** Reads an API Status body without trusting its shape. */
export function apiErrorFrom(code: number, body: unknown, what: string): ApiError {
  const s = (typeof body === "object" && body !== null ? body : {}) as { reason?: unknown; message?: unknown; details?: { causes?: { field?: unknown }[] } };
  const reason = typeof s.reason === "string" ? s.reason : httpReason(code);
  const message = typeof s.message === "string" ? s.message : `${code} ${reason}`;
  const fields = (s.details?.causes ?? []).map((c) => (typeof c.field === "string" ? c.field : "")).filter(Boolean);
  return new ApiError(code, reason, `${what}: ${message}`, fields);
}

function httpReason(code: number): string {
  return ({ 400: "BadRequest", 401: "Unauthorized", 403: "Forbidden", 404: "NotFound", 409: "Conflict", 410: "Gone", 415: "UnsupportedMediaType", 422: "Invalid", 500: "InternalError", 503: "ServiceUnavailable" } as Record<number, string>)[code] ?? "Unknown";
}
