// The value cipher and the Go formatting it depends on.
import assert from "node:assert/strict";
import { createDecipheriv, randomBytes } from "node:crypto";
import { test } from "node:test";
import { SopsFormatError, SopsValueAuthError } from "../../../compiler/secrets/index.js";
import { formatFloatF, formatFloatG, parseGoFloat } from "../../../compiler/secrets/sops/go-float.js";
import { formatRfc3339Nano, parseRfc3339, parseYamlTimestamp } from "../../../compiler/secrets/sops/go-time.js";
import { decryptValue, encryptValue, IvStash, valueBytes, type EncryptableValue } from "../../../compiler/secrets/sops/value-cipher.js";

const key = randomBytes(32);

/** Opens an ENC[…] value with node:crypto directly, checking the field encodings on the way. */
function open(enc: string, aad: string): { plaintext: string; type: string } {
  const m = /^ENC\[AES256_GCM,data:([A-Za-z0-9+/]*={0,2}),iv:([A-Za-z0-9+/]{43}=),tag:([A-Za-z0-9+/]{22}==),type:(\w+)\]$/.exec(enc);
  assert.ok(m, `bad format: ${enc}`);
  const d = createDecipheriv("aes-256-gcm", key, Buffer.from(m[2]!, "base64"));
  d.setAAD(Buffer.from(aad));
  d.setAuthTag(Buffer.from(m[3]!, "base64"));
  return { plaintext: Buffer.concat([d.update(Buffer.from(m[1]!, "base64")), d.final()]).toString("utf8"), type: m[4]! };
}

test("Go's FormatFloat 'f' (sops plaintext and MAC bytes) and 'g' (yaml.v3 scalars)", () => {
  const f: [number, string][] = [
    [1, "1"], [3.14, "3.14"], [25.4, "25.4"], [1234568000, "1234568000"], [1e21, "1000000000000000000000"],
    [1e-7, "0.0000001"], [-2.5, "-2.5"], [0, "0"], [-0, "-0"], [NaN, "NaN"], [Infinity, "+Inf"], [-Infinity, "-Inf"],
    [0.1 + 0.2, "0.30000000000000004"], [Number.MAX_VALUE, "17976931348623157" + "0".repeat(292)],
  ];
  for (const [value, text] of f) assert.equal(formatFloatF(value), text, String(value));
  const g: [number, string][] = [
    [1234568000, "1.234568e+09"], [1e6, "1e+06"], [100000, "100000"], [123456.7, "123456.7"], [0.0001, "0.0001"],
    [0.00001, "1e-05"], [1.5e300, "1.5e+300"], [-3.25, "-3.25"], [5e-324, "5e-324"],
  ];
  for (const [value, text] of g) assert.equal(formatFloatG(value), text, String(value));
  assert.equal(parseGoFloat("1e400"), undefined);
  assert.equal(parseGoFloat("+Inf"), Infinity);
  assert.equal(parseGoFloat("1_0"), undefined);
  assert.ok(Number.isNaN(parseGoFloat("NaN")));
});

test("Go times: RFC 3339 with nanoseconds, offsets kept, yaml.v3 timestamp layouts", () => {
  assert.equal(formatRfc3339Nano(parseRfc3339("2024-01-02T03:04:05.120000000+02:00")!), "2024-01-02T03:04:05.12+02:00");
  assert.equal(formatRfc3339Nano(parseRfc3339("2024-01-02T03:04:05+00:00")!), "2024-01-02T03:04:05Z");
  assert.equal(formatRfc3339Nano(parseYamlTimestamp("2024-1-2")!), "2024-01-02T00:00:00Z");
  assert.equal(formatRfc3339Nano(parseYamlTimestamp("2024-01-02 3:04:05.5")!), "2024-01-02T03:04:05.5Z");
  assert.equal(parseYamlTimestamp("2024-02-30"), undefined);
  assert.equal(parseRfc3339("2024-01-02T03:04:05"), undefined);
});

test("each type is encrypted with its type tag and sops' plaintext encoding", () => {
  const cases: [EncryptableValue, string, string][] = [
    [{ kind: "str", value: "grüße" }, "str", "grüße"],
    [{ kind: "int", value: 42n }, "int", "42"],
    [{ kind: "int", value: -(2n ** 63n) }, "int", "-9223372036854775808"],
    [{ kind: "float", value: 1e21 }, "float", "1000000000000000000000"],
    [{ kind: "bool", value: true }, "bool", "True"],
    [{ kind: "bool", value: false }, "bool", "False"],
    [{ kind: "time", value: parseRfc3339("2024-01-02T03:04:05.5Z")! }, "time", "2024-01-02T03:04:05.5Z"],
    [{ kind: "comment", value: " a comment" }, "comment", " a comment"],
  ];
  for (const [value, type, plaintext] of cases) {
    const enc = encryptValue(value, key, "a:b:");
    assert.deepEqual(open(enc, "a:b:"), { plaintext, type });
    assert.deepEqual(decryptValue(enc, key, "a:b:", "a:b:"), value);
  }
});

test("empty strings and empty comments stay empty (not encrypted)", () => {
  assert.equal(encryptValue({ kind: "str", value: "" }, key, "x:"), "");
  assert.equal(encryptValue({ kind: "comment", value: "" }, key, "x:"), "");
  assert.deepEqual(decryptValue("", key, "x:", "x:"), { kind: "str", value: "" });
});

test("every encryption uses a fresh 32-byte IV unless the stash has one for the same value and AAD", () => {
  const value: EncryptableValue = { kind: "str", value: "same" };
  assert.notEqual(encryptValue(value, key, "k:"), encryptValue(value, key, "k:"));
  const stash = new IvStash();
  const first = encryptValue(value, key, "k:");
  decryptValue(first, key, "k:", "k:", stash);
  assert.equal(encryptValue(value, key, "k:", stash), first);
  assert.notEqual(encryptValue(value, key, "other:", stash), first);
  assert.notEqual(encryptValue({ kind: "str", value: "changed" }, key, "k:", stash), first);
});

test("decryption reads older and rarer types: int64, bytes, Go's ParseBool spellings", () => {
  const raw = (type: string, plaintext: string) => encryptValue({ kind: "str", value: plaintext }, key, "p:").replace("type:str", `type:${type}`);
  assert.deepEqual(decryptValue(raw("int64", "-7"), key, "p:", "p:"), { kind: "int", value: -7n });
  assert.deepEqual(decryptValue(raw("bytes", "raw"), key, "p:", "p:"), { kind: "bytes", value: new Uint8Array(Buffer.from("raw")) });
  for (const t of ["1", "t", "T", "TRUE", "true", "True"]) assert.deepEqual(decryptValue(raw("bool", t), key, "p:", "p:"), { kind: "bool", value: true });
  assert.throws(() => decryptValue(raw("bool", "yes"), key, "p:", "p:"), SopsFormatError);
  assert.throws(() => decryptValue(raw("int", "9223372036854775808"), key, "p:", "p:"), SopsFormatError);
  assert.throws(() => decryptValue(raw("weird", "x"), key, "p:", "p:"), /unknown datatype "weird"/);
});

test("wrong AAD, wrong key and malformed values are typed errors that never echo the value", () => {
  const enc = encryptValue({ kind: "str", value: "s3cret" }, key, "right:");
  assert.throws(() => decryptValue(enc, key, "wrong:", "wrong:"), SopsValueAuthError);
  assert.throws(() => decryptValue(enc, randomBytes(32), "right:", "right:"), SopsValueAuthError);
  assert.throws(() => decryptValue("s3cret", key, "right:", "right:"), (e: unknown) => e instanceof SopsFormatError && !String(e).includes("s3cret"));
  assert.throws(() => decryptValue(enc.replace("iv:", "iv:*"), key, "right:", "right:"), /iv is not valid base64/);
});

test("a type:str value that is not UTF-8 (sops' binary store holds a file's raw bytes so) comes back byte for byte", () => {
  const raw = new Uint8Array([0x00, 0xff, 0xfe, 0x80, 0x41, 0xc3]);
  const enc = encryptValue({ kind: "bytes", value: raw }, key, "data:");
  assert.match(enc, /type:str\]$/);
  const back = decryptValue(enc, key, "data:", "data:");
  // These bytes go into the MAC: UTF-8 decoding would have replaced four of them with U+FFFD.
  assert.deepEqual(valueBytes(back), raw);
  assert.deepEqual(decryptValue(encryptValue({ kind: "str", value: "héllo" }, key, "s:"), key, "s:", "s:"), { kind: "str", value: "héllo" });
});
