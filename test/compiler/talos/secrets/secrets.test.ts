import { test } from "node:test";
import assert from "node:assert/strict";
import { X509Certificate, createPublicKey } from "node:crypto";
import { readFileSync } from "node:fs";
import { generateSecretsBundle } from "../../../../compiler/talos/secrets/generate.js";
import { parseSecretsBundle, serializeSecretsBundle } from "../../../../compiler/talos/secrets/yaml-io.js";
import { decodePem } from "../../../../compiler/talos/secrets/pem.js";
import type { SecretsBundle } from "../../../../compiler/talos/secrets/bundle.js";
import { upstreamPath } from "../../../support/paths.js";

const fixture = readFileSync(upstreamPath("vectors", "talos", "secrets.yaml"), "utf8");

function mustParse(text: string): SecretsBundle {
  const parsed = parseSecretsBundle(text);
  assert.ok(parsed.ok, parsed.ok ? "" : parsed.error);
  return parsed.value;
}

test("round-trips the Talos fixture bundle in talosctl's layout (indent 4)", () => {
  const bundle = mustParse(fixture);
  const withoutComment = fixture.replace(/^#.*\n/, "");
  assert.equal(serializeSecretsBundle(bundle, { indent: 4 }), withoutComment);
});

test("writes talhelper's layout (indent 2) that parses back to the same bundle", () => {
  const bundle = mustParse(fixture);
  const text = serializeSecretsBundle(bundle);
  assert.match(text, /^cluster:\n  id: /);
  assert.match(text, /\ncerts:\n  etcd:\n    crt: LS0t/);
  assert.deepEqual(mustParse(text), bundle);
});

test("rejects unknown fields and missing secrets", () => {
  const unknown = parseSecretsBundle(fixture.replace("trustdinfo:", "trustdinfo:\n    extra: 1"));
  assert.equal(unknown.ok, false);
  const missing = parseSecretsBundle(fixture.replace(/ {4}secretboxencryptionsecret: .*\n/, ""));
  assert.equal(missing.ok, false);
  assert.equal(parseSecretsBundle("cluster: [").ok, false);
});

function cert(pem: string): X509Certificate {
  return new X509Certificate(pem);
}

const TEN_YEARS_MS = 87600 * 3_600_000;

test("generates a bundle with Talos's key types, CA profile and token formats", async () => {
  const now = new Date("2026-01-02T03:04:05.678Z");
  const bundle = await generateSecretsBundle({ now });
  const again = mustParse(serializeSecretsBundle(bundle));
  assert.deepEqual(again, bundle);

  assert.match(bundle.secrets.bootstrapToken, /^[a-z0-9]{6}\.[a-z0-9]{16}$/);
  assert.match(bundle.trustdInfo.token, /^[a-z0-9]{6}\.[a-z0-9]{16}$/);
  assert.equal(Buffer.from(bundle.cluster.id, "base64url").length, 32);
  assert.match(bundle.cluster.id, /^[A-Za-z0-9_-]{43}=$/);
  assert.equal(Buffer.from(bundle.cluster.secret, "base64").length, 32);
  assert.equal(Buffer.from(bundle.secrets.secretboxEncryptionSecret ?? "", "base64").length, 32);

  const cas = {
    etcd: { ...bundle.certs.etcd, subject: "O=etcd", type: "ec", label: "EC PRIVATE KEY" },
    k8s: { ...bundle.certs.k8s, subject: "O=kubernetes", type: "ec", label: "EC PRIVATE KEY" },
    k8sAggregator: { ...bundle.certs.k8sAggregator, subject: "", type: "ec", label: "EC PRIVATE KEY" },
    os: { ...bundle.certs.os, subject: "O=talos", type: "ed25519", label: "ED25519 PRIVATE KEY" },
  };
  const serials = new Set<string>();
  for (const [name, ca] of Object.entries(cas)) {
    const c = cert(ca.crt);
    assert.equal(c.subject ?? "", ca.subject, name);
    assert.equal(c.issuer ?? "", ca.subject, name);
    assert.ok(c.ca, `${name} is a CA`);
    assert.ok(c.verify(c.publicKey), `${name} is self-signed`);
    assert.equal(c.publicKey.asymmetricKeyType, ca.type, name);
    if (ca.type === "ec") assert.equal(c.publicKey.asymmetricKeyDetails?.namedCurve, "prime256v1", name);
    assert.equal(decodePem(ca.key).label, ca.label, name);
    const notBefore = new Date(c.validFrom).getTime();
    assert.equal(notBefore, Math.floor(now.getTime() / 1000) * 1000, `${name} NotBefore`);
    assert.equal(new Date(c.validTo).getTime() - notBefore, TEN_YEARS_MS, `${name} validity`);
    // Node reports the extended key usages here: server and client auth, as Talos sets them.
    assert.deepEqual(c.keyUsage, ["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"], `${name} EKU`);
    serials.add(c.serialNumber);
  }
  assert.equal(serials.size, 4, "serial numbers are random");

  const sa = decodePem(bundle.certs.k8sServiceAccount.key);
  assert.equal(sa.label, "RSA PRIVATE KEY");
  const saPublic = createPublicKey(bundle.certs.k8sServiceAccount.key);
  assert.equal(saPublic.asymmetricKeyDetails?.modulusLength, 4096);
});
