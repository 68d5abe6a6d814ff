import { test } from "node:test";
import assert from "node:assert/strict";
import { ApiError, ClusterAccessError } from "../../../compiler/cluster-api/errors.js";
import { isTransient } from "../../../compiler/cluster-api/list-watch.js";

test("list-watch retries an unreachable server and a server that cannot serve yet, and nothing else", () => {
  assert.equal(isTransient(new ClusterAccessError("cannot reach the Kubernetes API")), true);
  // What a restarted kube-apiserver answers for custom resources until it has read the CRDs again.
  assert.equal(isTransient(new ApiError(503, "ServiceUnavailable", "the request has been made before all known HTTP paths have been installed, please try again")), true);
  assert.equal(isTransient(new ApiError(429, "TooManyRequests", "too many requests")), true);
  for (const code of [400, 403, 404, 409, 410, 422]) assert.equal(isTransient(new ApiError(code, "x", "y")), false, String(code));
  assert.equal(isTransient(new Error("a bug")), false);
});
