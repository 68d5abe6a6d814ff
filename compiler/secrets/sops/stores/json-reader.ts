// Reads JSON into a sops tree. JSON.parse would reorder integer-like keys ("10" before "a"), and
// key order is part of the MAC, so this is a small order-preserving parser. Numbers are float64,
// as in sops' JSON store (a JSON 7 is encrypted as type:float).
import { SopsFormatError } from "../../errors.js";
import type { SopsMapping, SopsNode, SopsPair } from "../tree.js";

class JsonParser {
  private pos = 0;

  constructor(private readonly text: string) {}

  private fail(what: string): never {
    throw new SopsFormatError(`invalid JSON: ${what} at offset ${this.pos}`);
  }

  private skipWhitespace(): void {
    while (this.pos < this.text.length && " \t\n\r".includes(this.text[this.pos]!)) this.pos++;
  }

  private expect(literal: string): void {
    if (!this.text.startsWith(literal, this.pos)) this.fail(`expected ${literal}`);
    this.pos += literal.length;
  }

  document(): SopsNode {
    const value = this.value(0);
    this.skipWhitespace();
    if (this.pos !== this.text.length) this.fail("unexpected data after the top-level value");
    return value;
  }

  private value(depth: number): SopsNode {
    if (depth > 1000) this.fail("nesting too deep");
    this.skipWhitespace();
    const c = this.text[this.pos];
    switch (c) {
      case "{":
        return this.object(depth);
      case "[":
        return this.array(depth);
      case '"':
        return { kind: "str", value: this.string() };
      case "t":
        this.expect("true");
        return { kind: "bool", value: true };
      case "f":
        this.expect("false");
        return { kind: "bool", value: false };
      case "n":
        this.expect("null");
        return { kind: "null" };
      default:
        return this.number();
    }
  }

  private object(depth: number): SopsMapping {
    this.pos++;
    const items: SopsPair[] = [];
    this.skipWhitespace();
    if (this.text[this.pos] === "}") {
      this.pos++;
      return { kind: "map", items };
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.pos] !== '"') this.fail("expected a string key");
      const key = this.string();
      this.skipWhitespace();
      this.expect(":");
      items.push({ kind: "pair", key, value: this.value(depth + 1) });
      this.skipWhitespace();
      const next = this.text[this.pos++];
      if (next === "}") return { kind: "map", items };
      if (next !== ",") this.fail("expected , or }");
    }
  }

  private array(depth: number): SopsNode {
    this.pos++;
    const items: SopsNode[] = [];
    this.skipWhitespace();
    if (this.text[this.pos] === "]") {
      this.pos++;
      return { kind: "seq", items };
    }
    for (;;) {
      items.push(this.value(depth + 1));
      this.skipWhitespace();
      const next = this.text[this.pos++];
      if (next === "]") return { kind: "seq", items };
      if (next !== ",") this.fail("expected , or ]");
    }
  }

  private string(): string {
    const start = this.pos;
    const end = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
    end.lastIndex = start;
    if (!end.test(this.text)) this.fail("bad string");
    this.pos = end.lastIndex;
    return JSON.parse(this.text.slice(start, this.pos)) as string;
  }

  private number(): SopsNode {
    const re = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    re.lastIndex = this.pos;
    const m = re.exec(this.text);
    if (!m) this.fail("unexpected character");
    this.pos = re.lastIndex;
    const value = Number(m[0]);
    if (!Number.isFinite(value)) this.fail("number out of range");
    return { kind: "float", value };
  }
}

/** Parses a JSON document whose top level must be an object. */
export function readJsonDocument(text: string): SopsMapping {
  const root = new JsonParser(text).document();
  if (root.kind !== "map") throw new SopsFormatError("JSON documents must be objects at the top level");
  return root;
}
