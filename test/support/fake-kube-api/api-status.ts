/** `Status` bodies, the API server's error shape (k8s.io/apimachinery metav1.Status). */
export interface StatusBody {
  kind: "Status";
  apiVersion: "v1";
  metadata: Record<string, never>;
  status: "Failure";
  message: string;
  reason: string;
  code: number;
  details?: Record<string, unknown>;
}

export function failure(code: number, reason: string, message: string, details?: Record<string, unknown>): StatusBody {
  return { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, code, ...(details ? { details } : {}) };
}

export const notFound = (resource: string, name: string, group = ""): StatusBody =>
  failure(404, "NotFound", `${resource}${group ? `.${group}` : ""} "${name}" not found`, { name, ...(group ? { group } : {}), kind: resource });
