// The typed tree sops works on (its TreeBranch): ordered mappings with string keys, sequences,
// comments as items, and scalars that remember their Go type, because the type decides both the
// `type:` tag of an encrypted value and the bytes that go into the MAC.
import { SopsInputError } from "../errors.js";
import { goTimeFromDate, goTimeToDate, type GoTime } from "./go-time.js";

export type SopsLeaf =
  | { readonly kind: "str"; readonly value: string }
  | { readonly kind: "int"; readonly value: bigint }
  | { readonly kind: "float"; readonly value: number }
  | { readonly kind: "bool"; readonly value: boolean }
  | { readonly kind: "time"; readonly value: GoTime }
  | { readonly kind: "bytes"; readonly value: Uint8Array }
  | { readonly kind: "null" };

export interface SopsComment {
  readonly kind: "comment";
  /** Text after the `#`, leading space included. */
  readonly value: string;
}

export interface SopsPair {
  readonly kind: "pair";
  readonly key: string;
  readonly value: SopsNode;
}

export interface SopsMapping {
  readonly kind: "map";
  readonly items: readonly (SopsPair | SopsComment)[];
}

export interface SopsSequence {
  readonly kind: "seq";
  readonly items: readonly (SopsNode | SopsComment)[];
}

export type SopsNode = SopsLeaf | SopsMapping | SopsSequence;

/** One YAML document (or the whole JSON/dotenv file): always a mapping at the top. */
export type SopsBranch = SopsMapping;

export const str = (value: string): SopsLeaf => ({ kind: "str", value });

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Converts a plain JS value the way sops types a freshly parsed YAML document: safe integers
 * become `int`, other numbers `float`, Date becomes `time`. Map keys must be strings.
 */
export function fromPlain(value: unknown, where = "$"): SopsNode {
  if (value === null || value === undefined) return { kind: "null" };
  switch (typeof value) {
    case "string":
      return { kind: "str", value };
    case "boolean":
      return { kind: "bool", value };
    case "bigint":
      return { kind: "int", value };
    case "number":
      // -0 is kept as a float so it survives the round trip ("-0" rather than int 0).
      return Number.isSafeInteger(value) && !Object.is(value, -0)
        ? { kind: "int", value: BigInt(value) }
        : { kind: "float", value };
    case "object":
      break;
    default:
      throw new SopsInputError(`${where}: cannot store a ${typeof value} in a SOPS tree`);
  }
  if (value instanceof Date) return { kind: "time", value: goTimeFromDate(value) };
  if (Array.isArray(value)) {
    return { kind: "seq", items: value.map((item, i) => fromPlain(item, `${where}[${i}]`)) };
  }
  if (value instanceof Map) {
    const items: SopsPair[] = [];
    for (const [key, item] of value) {
      if (typeof key !== "string") throw new SopsInputError(`${where}: SOPS trees only support string keys`);
      items.push({ kind: "pair", key, value: fromPlain(item, `${where}.${key}`) });
    }
    return { kind: "map", items };
  }
  if (ArrayBuffer.isView(value)) {
    throw new SopsInputError(`${where}: binary values must be encoded as strings (e.g. base64) before encryption`);
  }
  if (!isPlainObject(value)) {
    throw new SopsInputError(`${where}: cannot store a ${value.constructor?.name ?? "object"} in a SOPS tree`);
  }
  const items: SopsPair[] = [];
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue; // as JSON.stringify does
    items.push({ kind: "pair", key, value: fromPlain(item, `${where}.${key}`) });
  }
  return { kind: "map", items };
}

/** A top-level document: must be a mapping. */
export function branchFromPlain(value: unknown): SopsBranch {
  const node = fromPlain(value);
  if (node.kind !== "map") throw new SopsInputError("a SOPS document must be a mapping at the top level");
  return node;
}

function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
  // defineProperty keeps a "__proto__" key as data instead of changing the prototype.
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The reverse of fromPlain; comments are dropped, big ints stay bigint, times become Date. */
export function toPlain(node: SopsNode): unknown {
  switch (node.kind) {
    case "str":
    case "bool":
    case "float":
    case "bytes":
      return node.value;
    case "int":
      return node.value >= BigInt(Number.MIN_SAFE_INTEGER) && node.value <= BigInt(Number.MAX_SAFE_INTEGER)
        ? Number(node.value)
        : node.value;
    case "time":
      return goTimeToDate(node.value);
    case "null":
      return null;
    case "seq":
      return node.items.filter((item) => item.kind !== "comment").map((item) => toPlain(item as SopsNode));
    case "map": {
      const out: Record<string, unknown> = {};
      for (const item of node.items) if (item.kind === "pair") setKey(out, item.key, toPlain(item.value));
      return out;
    }
  }
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function leafEqual(a: SopsLeaf, b: SopsLeaf): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case "null":
      return true;
    case "float":
      return Object.is(a.value, (b as typeof a).value);
    case "bytes":
      return bytesEqual(a.value, (b as typeof a).value);
    case "time":
      return JSON.stringify(a.value) === JSON.stringify((b as typeof a).value);
    default:
      return a.value === (b as { value: unknown }).value;
  }
}

/** Structural equality including order, types and comments. */
export function nodesEqual(a: SopsNode | SopsComment, b: SopsNode | SopsComment): boolean {
  if (a.kind === "comment" || b.kind === "comment") {
    return a.kind === "comment" && b.kind === "comment" && a.value === b.value;
  }
  if (a.kind === "map" || b.kind === "map") {
    if (a.kind !== "map" || b.kind !== "map" || a.items.length !== b.items.length) return false;
    return a.items.every((item, i) => {
      const other = b.items[i]!;
      if (item.kind === "pair") {
        return other.kind === "pair" && item.key === other.key && nodesEqual(item.value, other.value);
      }
      return nodesEqual(item, other as SopsComment);
    });
  }
  if (a.kind === "seq" || b.kind === "seq") {
    if (a.kind !== "seq" || b.kind !== "seq" || a.items.length !== b.items.length) return false;
    return a.items.every((item, i) => nodesEqual(item, b.items[i]!));
  }
  return leafEqual(a, b);
}

export function branchesEqual(a: readonly SopsBranch[], b: readonly SopsBranch[]): boolean {
  return a.length === b.length && a.every((branch, i) => nodesEqual(branch, b[i]!));
}
