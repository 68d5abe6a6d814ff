// One value ↔ `ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]`, as sops' aes/cipher.go does it:
// AES-256-GCM with a 32-byte IV, the 16-byte tag split off, standard padded base64, and the
// value's Go type recorded so decryption gives back an int, float, bool, time or comment.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { SopsFormatError, SopsValueAuthError } from "../errors.js";
import { formatFloatF, parseGoFloat } from "./go-float.js";
import { formatRfc3339Nano, parseRfc3339 } from "./go-time.js";
import type { SopsComment, SopsLeaf } from "./tree.js";

const IV_BYTES = 32;
const TAG_BYTES = 16;
const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder();
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

export type EncryptableValue = Exclude<SopsLeaf, { kind: "null" }> | SopsComment;

/** sops' ToBytes: the exact bytes that are encrypted and hashed into the MAC for a value. */
export function valueBytes(value: EncryptableValue): Uint8Array {
  switch (value.kind) {
    case "str":
    case "comment":
      return utf8.encode(value.value);
    case "int":
      return utf8.encode(value.value.toString());
    case "float":
      return utf8.encode(formatFloatF(value.value));
    case "bool":
      return utf8.encode(value.value ? "True" : "False");
    case "time":
      return utf8.encode(formatRfc3339Nano(value.value));
    case "bytes":
      return value.value;
  }
}

/** The `type:` tag written for a value. Go's walker turns []byte into a string before encrypting. */
function typeTag(value: EncryptableValue): string {
  return value.kind === "bytes" ? "str" : value.kind;
}

function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}

/** base64.StdEncoding: standard alphabet, padding required; Node's decoder alone is too lenient. */
function fromBase64Strict(text: string, field: string, path: string): Buffer {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) {
    throw new SopsFormatError(`value at "${path}": ${field} is not valid base64`);
  }
  return Buffer.from(text, "base64");
}

/**
 * Remembers the IV of every (type, plaintext, AAD) triple seen while decrypting, so that
 * re-encrypting an unchanged value with the same data key gives the same ciphertext (sops' stash).
 */
export class IvStash {
  private readonly ivs = new Map<string, Uint8Array>();

  private static key(tag: string, plaintext: Uint8Array, aad: string): string {
    return `${tag}\u0000${aad}\u0000${toBase64(plaintext)}`;
  }

  remember(tag: string, plaintext: Uint8Array, aad: string, iv: Uint8Array): void {
    this.ivs.set(IvStash.key(tag, plaintext, aad), iv);
  }

  lookup(tag: string, plaintext: Uint8Array, aad: string): Uint8Array | undefined {
    return this.ivs.get(IvStash.key(tag, plaintext, aad));
  }

  get size(): number {
    return this.ivs.size;
  }
}

function isEmpty(value: EncryptableValue): boolean {
  if (value.kind === "str" || value.kind === "comment") return value.value === "";
  return value.kind === "bytes" && value.value.length === 0;
}

/** Encrypts one value; empty strings and empty comments stay "" as in sops. */
export function encryptValue(
  value: EncryptableValue,
  dataKey: Uint8Array,
  aad: string,
  stash?: IvStash,
): string {
  if (isEmpty(value)) return "";
  const tag = typeTag(value);
  const plaintext = valueBytes(value);
  const iv = stash?.lookup(tag, plaintext, aad) ?? randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", dataKey, iv);
  cipher.setAAD(utf8.encode(aad));
  const data = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return `ENC[AES256_GCM,data:${toBase64(data)},iv:${toBase64(iv)},tag:${toBase64(cipher.getAuthTag())},type:${tag}]`;
}

const ENC_PATTERN = /^ENC\[AES256_GCM,data:(.+),iv:(.+),tag:(.+),type:(.+)\]/s;

function parseInt64(text: string): bigint | undefined {
  if (!/^[+-]?\d+$/.test(text)) return undefined;
  const value = BigInt(text);
  return value >= -(2n ** 63n) && value < 2n ** 63n ? value : undefined;
}

function parseGoBool(text: string): boolean | undefined {
  if (["1", "t", "T", "TRUE", "true", "True"].includes(text)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(text)) return false;
  return undefined;
}

function validUtf8(bytes: Uint8Array): boolean {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function decodeTyped(tag: string, bytes: Buffer, path: string): EncryptableValue {
  const text = utf8Decoder.decode(bytes);
  const bad = (what: string): never => {
    throw new SopsFormatError(`value at "${path}": decrypted ${what} does not parse`);
  };
  switch (tag) {
    case "str":
      // A Go string is any bytes: sops' binary store encrypts a file's raw content as one
      // `type:str` value. Decoding invalid UTF-8 would replace bytes and break the MAC over them.
      return validUtf8(bytes) ? { kind: "str", value: text } : { kind: "bytes", value: new Uint8Array(bytes) };
    case "int":
    case "int64":
      return { kind: "int", value: parseInt64(text) ?? bad("int") };
    case "float":
      return { kind: "float", value: parseGoFloat(text) ?? bad("float") };
    case "bool":
      return { kind: "bool", value: parseGoBool(text) ?? bad("bool") };
    case "time":
      return { kind: "time", value: parseRfc3339(text) ?? bad("time") };
    case "bytes":
      return { kind: "bytes", value: new Uint8Array(bytes) };
    case "comment":
      return { kind: "comment", value: text };
    default:
      throw new SopsFormatError(`value at "${path}": unknown datatype "${tag}"`);
  }
}

/**
 * Decrypts one `ENC[…]` value with the given AAD. `path` only labels errors; messages never
 * include the value itself, which in a tampered file might be plaintext.
 */
export function decryptValue(
  text: string,
  dataKey: Uint8Array,
  aad: string,
  path: string,
  stash?: IvStash,
): EncryptableValue {
  if (text === "") return { kind: "str", value: "" };
  const m = ENC_PATTERN.exec(text);
  if (!m) throw new SopsFormatError(`value at "${path}" should be encrypted but does not match sops' data format`);
  const data = fromBase64Strict(m[1]!, "data", path);
  const iv = fromBase64Strict(m[2]!, "iv", path);
  const tagBytes = fromBase64Strict(m[3]!, "tag", path);
  const tag = m[4]!;
  // Go's gcm.Open gets data||tag and takes the last 16 bytes as the tag, whatever the split was.
  const sealed = Buffer.concat([data, tagBytes]);
  if (sealed.length < TAG_BYTES || iv.length === 0) throw new SopsValueAuthError(path);
  let plaintext: Buffer;
  try {
    const decipher = createDecipheriv("aes-256-gcm", dataKey, iv);
    decipher.setAAD(utf8.encode(aad));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    plaintext = Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new SopsValueAuthError(path);
  }
  const value = decodeTyped(tag, plaintext, path);
  if (stash && iv.length === IV_BYTES) stash.remember(typeTag(value), valueBytes(value), aad, new Uint8Array(iv));
  return value;
}
