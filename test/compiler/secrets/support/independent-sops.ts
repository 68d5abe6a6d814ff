// A deliberately separate, minimal SOPS checker for tests: parses with the `yaml` package, walks
// plain objects, decrypts with node:crypto and recomputes the MAC from the rules in
// shared/research/sops-format.md. It shares no code with compiler/secrets, so a bug there cannot
// hide itself here.
import { createDecipheriv, createHash } from "node:crypto";
import { parse } from "yaml";

interface Meta {
  lastmodified: string;
  mac: string;
  encrypted_regex?: string;
  unencrypted_suffix?: string;
  encrypted_suffix?: string;
  unencrypted_regex?: string;
  mac_only_encrypted?: boolean;
}

function gcmOpen(value: string, key: Uint8Array, aad: string): { type: string; bytes: Buffer } {
  const m = /^ENC\[AES256_GCM,data:([^,]*),iv:([^,]+),tag:([^,]+),type:([a-z]+)\]$/.exec(value);
  if (!m) throw new Error("not an ENC value");
  const iv = Buffer.from(m[2]!, "base64");
  if (iv.length !== 32) throw new Error(`IV is ${iv.length} bytes, not 32`);
  const tag = Buffer.from(m[3]!, "base64");
  if (tag.length !== 16) throw new Error(`tag is ${tag.length} bytes, not 16`);
  const d = createDecipheriv("aes-256-gcm", key, iv);
  d.setAAD(Buffer.from(aad, "utf8"));
  d.setAuthTag(tag);
  return { type: m[4]!, bytes: Buffer.concat([d.update(Buffer.from(m[1]!, "base64")), d.final()]) };
}

function selector(meta: Meta): (path: string[]) => boolean {
  if (meta.encrypted_regex) {
    const re = new RegExp(meta.encrypted_regex);
    return (path) => path.some((p) => re.test(p));
  }
  if (meta.unencrypted_regex) {
    const re = new RegExp(meta.unencrypted_regex);
    return (path) => !path.some((p) => re.test(p));
  }
  if (meta.encrypted_suffix) return (path) => path.some((p) => p.endsWith(meta.encrypted_suffix!));
  const suffix = meta.unencrypted_suffix ?? "_unencrypted";
  return (path) => !path.some((p) => p.endsWith(suffix));
}

function typed(type: string, text: string): unknown {
  switch (type) {
    case "str":
      return text;
    case "int":
      return Number.parseInt(text, 10);
    case "float":
      return Number.parseFloat(text);
    case "bool":
      return text === "True";
    default:
      throw new Error(`unexpected type ${type}`);
  }
}

export interface IndependentResult {
  readonly documents: unknown[];
  readonly mac: string;
}

/** Decrypts every value of a sops YAML document (single or multi) with `dataKey` and checks the MAC. */
export function independentDecrypt(text: string, dataKey: Uint8Array): IndependentResult {
  const docs = text.split(/^---\n/m).map((d) => parse(d) as Record<string, unknown>);
  const meta = docs[0]!.sops as Meta;
  const encrypted = selector(meta);
  const hash = createHash("sha512");
  if (meta.mac_only_encrypted) hash.update(createHash("sha256").update("sops").digest());
  const walk = (value: unknown, path: string[]): unknown => {
    if (value === null) return null;
    if (Array.isArray(value)) return value.map((v) => walk(v, path));
    if (typeof value === "object") {
      return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, walk(v, [...path, k])]));
    }
    const enc = encrypted(path);
    if (!enc) {
      if (!meta.mac_only_encrypted) hash.update(typeof value === "boolean" ? (value ? "True" : "False") : String(value));
      return value;
    }
    if (value === "") return "";
    const { type, bytes } = gcmOpen(String(value), dataKey, path.join(":") + ":");
    hash.update(bytes);
    return typed(type, bytes.toString("utf8"));
  };
  const documents = docs.map((doc) => {
    const { sops: _sops, ...rest } = doc;
    return walk(rest, []);
  });
  const computed = hash.digest("hex").toUpperCase();
  const stored = gcmOpen(meta.mac, dataKey, meta.lastmodified).bytes.toString("utf8");
  if (stored !== computed) throw new Error(`MAC mismatch: stored ${stored}, computed ${computed}`);
  return { documents, mac: computed };
}
