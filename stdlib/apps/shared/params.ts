import type { ParamValue, SecretRef } from "../../../compiler/model/model.js";

/** Typed reads of params. The checker has already enforced types, so a mismatch is a bug here. */
export function stringParam(params: Readonly<Record<string, ParamValue>>, name: string): string {
  const v = params[name];
  if (typeof v !== "string") throw new Error(`param "${name}": expected a string, got ${JSON.stringify(v)}`);
  return v;
}

export function optionalStringParam(params: Readonly<Record<string, ParamValue>>, name: string): string | undefined {
  const v = params[name];
  return v === undefined ? undefined : stringParam(params, name);
}

export function optionalIntegerParam(params: Readonly<Record<string, ParamValue>>, name: string): number | undefined {
  const v = params[name];
  if (v === undefined) return undefined;
  if (typeof v !== "number" || !Number.isInteger(v)) throw new Error(`param "${name}": expected an integer, got ${JSON.stringify(v)}`);
  return v;
}

export function secretParam(params: Readonly<Record<string, ParamValue>>, name: string): SecretRef {
  const v = params[name];
  if (v === null || typeof v !== "object" || Array.isArray(v) || typeof (v as SecretRef).secret !== "string") {
    throw new Error(`param "${name}": expected a secret reference, got ${JSON.stringify(v)}`);
  }
  return v as SecretRef;
}
