import { isMap, isScalar, isSeq, parseAllDocuments, type Document } from "yaml";
import type { Reporter } from "../../lang/diagnostics/reporter.js";
import type { Span } from "../../lang/diagnostics/span.js";

/** Values shorter than this are too common to scan for without false alarms ("true", "main"). */
const MIN_LENGTH = 6;

/** A file as it will be written: SOPS files already encrypted. */
export interface ScannedFile {
  readonly path: string;
  readonly content: string;
}

const YAML_FILE = /\.ya?ml$/;
/** A value sops encrypted: `ENC[AES256_GCM,data:…,iv:…,tag:…,type:str]`. */
const SOPS_CIPHERTEXT = /^ENC\[[A-Z0-9_]+,data:/;
/** Joins the strings of one file; no secret holds it, so a match never spans two strings. */
const SEPARATOR = "\u0000";

interface Needle {
  readonly name: string;
  readonly text: string;
  /** The needle with its whitespace loosened (see loosen), as YAML strings are compared. */
  readonly loose: string;
  /** The needle as JSON (and TOML, JSON5) would escape it inside a string. */
  readonly escaped: string;
  /** The needle cut at every character YAML may write differently without a backslash (see mayHold). */
  readonly pieces: readonly string[];
}

/**
 * Whitespace and line breaks (folded, indented or chomped in block and multi-line scalars) and
 * `'` (doubled in single quotes): without a `\` in the file, every other character of a scalar's
 * value is in the text as it is.
 */
const REWRITTEN_WITHOUT_ESCAPES = /[\s'\u0085]+/;

const WHITESPACE_RUN = /[\s\u0085]+/g;
/**
 * A writer that puts NEL, LS or PS into a block scalar hands the reader a line break there, which
 * folding may then turn into a space: the value read back is not the value written, though its
 * text is in the file. Comparing with every whitespace run as one space finds it either way.
 */
function loosen(text: string): string {
  return text.replace(WHITESPACE_RUN, " ");
}

/**
 * Refuses a build in which a file holds a declared secret's plaintext (or a line of a multi-line
 * one) anywhere but inside sops ciphertext. Names the file and the secret, never the value.
 *
 * YAML files are scanned as a YAML reader sees them, not as text: every key, value and comment
 * of every document, after parsing, so a value the writer escaped or quoted (`"x\" # y'z"`,
 * `"\x01"`, `"\u2028"`), folded or indented into a block scalar is still found. In a SOPS
 * document the ciphertext (`ENC[…]` values, the data keys' `enc` blocks) is skipped and all the
 * rest (keys, metadata, unencrypted values) is scanned. Other files are searched as text.
 */
export function scanForLeaks(files: readonly ScannedFile[], secrets: ReadonlyMap<string, string>, spans: ReadonlyMap<string, Span>, fallback: Span, r: Reporter): void {
  const needles = needlesOf(secrets);
  if (needles.length === 0) return;
  for (const file of files) {
    const hit = YAML_FILE.test(file.path) ? yamlHit(file.content, needles) : needles.find((n) => file.content.includes(n.text) || file.content.includes(n.escaped));
    if (!hit) continue;
    r.report("plaintextLeak", spans.get(hit.name) ?? fallback, `the plaintext of secret '${hit.name}' would be written to ${file.path}, which is not encrypted; nothing was written. Move the value into a secret and reference it instead`);
  }
}

/**
 * Parsing is the cost of the scan, so a YAML file is parsed only when it may hold a needle: when
 * it has a `\` (a double-quoted escape can spell any character), or when every piece of a needle
 * is in its text. This skips no file that holds one: without escapes, the only characters YAML
 * writes differently from the value are the ones the pieces are cut at.
 */
function yamlHit(content: string, needles: readonly Needle[]): Needle | undefined {
  const escapes = content.includes("\\");
  const candidates = escapes ? needles : needles.filter((n) => n.pieces.every((p) => content.includes(p)));
  if (candidates.length === 0) return undefined;
  const strings = loosen(yamlStrings(content));
  return candidates.find((n) => strings.includes(n.loose));
}

function needlesOf(secrets: ReadonlyMap<string, string>): Needle[] {
  const needles: Needle[] = [];
  for (const [name, value] of secrets) {
    for (const piece of [value, ...value.split("\n")]) {
      const text = piece.trim();
      if (text.length < MIN_LENGTH || text.includes(SEPARATOR) || needles.some((n) => n.text === text)) continue;
      const pieces = text.split(REWRITTEN_WITHOUT_ESCAPES).filter((p) => p.length > 0);
      needles.push({ name, text, loose: loosen(text), escaped: JSON.stringify(text).slice(1, -1), pieces });
    }
  }
  return needles;
}

/**
 * Every string a reader gets from a YAML stream, joined. The failsafe schema keeps each scalar's
 * text as written (`0x1F` stays `0x1F`, not 31). A stream that does not parse cleanly is also
 * searched as text, and so is any stream without a SOPS document (that covers stray comments).
 */
function yamlStrings(content: string): string {
  const docs = parseAllDocuments(content, { schema: "failsafe", uniqueKeys: false, prettyErrors: false, strict: false });
  const strings: string[] = [];
  let sops = false;
  let clean = true;
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    if (doc.errors.length > 0) clean = false;
    const isSops = isSopsDocument(doc);
    sops ||= isSops;
    pushComments(doc, strings);
    collect(doc.contents, strings, isSops, "root");
  }
  if (!sops || !clean) strings.push(content);
  return strings.join(SEPARATOR);
}

function isSopsDocument(doc: Document): boolean {
  const root = doc.contents;
  return isMap(root) && root.items.some((p) => isScalar(p.key) && p.key.value === "sops" && isMap(p.value));
}

function pushComments(node: { commentBefore?: string | null; comment?: string | null }, strings: string[]): void {
  if (node.commentBefore) strings.push(node.commentBefore);
  if (node.comment) strings.push(node.comment);
}

/** Where a node sits: a document's root, its data, or (in a SOPS document) the `sops` metadata. */
type Place = "root" | "data" | "metadata";

/** In a SOPS document, `ENC[…]` values and the metadata's `enc` (encrypted data keys) are ciphertext. */
function collect(node: unknown, strings: string[], sops: boolean, place: Place): void {
  if (isScalar(node)) {
    pushComments(node, strings);
    const text = String(node.value);
    if (!(sops && SOPS_CIPHERTEXT.test(text))) strings.push(text);
    return;
  }
  if (isMap(node)) {
    pushComments(node, strings);
    for (const pair of node.items) {
      collect(pair.key, strings, sops, "data");
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      const child: Place = place === "metadata" || (sops && place === "root" && key === "sops") ? "metadata" : "data";
      if (child === "metadata" && key === "enc") continue;
      collect(pair.value, strings, sops, child);
    }
    return;
  }
  if (isSeq(node)) {
    pushComments(node, strings);
    for (const item of node.items) collect(item, strings, sops, place === "metadata" ? "metadata" : "data");
  }
}
