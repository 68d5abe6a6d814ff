import { test } from "node:test";
import assert from "node:assert/strict";
import { X509Certificate, createPrivateKey } from "node:crypto";
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { renderTalosconfig } from "../../../../compiler/talos/talosconfig/render.js";
import { generateSecretsBundle } from "../../../../compiler/talos/secrets/generate.js";
import { parseSecretsBundle } from "../../../../compiler/talos/secrets/yaml-io.js";
import { decodePem } from "../../../../compiler/talos/secrets/pem.js";
import type { SecretsBundle } from "../../../../compiler/talos/secrets/bundle.js";
import { upstreamPath } from "../../../support/paths.js";

const YEAR_MS = 8760 * 3_600_000;

interface Context {
  endpoints: string[];
  nodes?: string[];
  ca: string;
  crt: string;
  key: string;
}

async function check(secrets: SecretsBundle): Promise<void> {
  const now = new Date("2026-03-04T05:06:07Z");
  const text = await renderTalosconfig({ contextName: "homelab", endpoints: ["192.168.31.252"], nodes: ["192.168.31.252", "192.168.31.253"], secrets, now });
  assert.match(text, /^context: homelab\ncontexts:\n {4}homelab:\n {8}endpoints:\n {12}- 192\.168\.31\.252\n {8}nodes:\n/);
  const config = parse(text) as { context: string; contexts: Record<string, Context> };
  const ctx = config.contexts["homelab"] as Context;
  assert.equal(Buffer.from(ctx.ca, "base64").toString(), secrets.certs.os.crt);

  const crtPem = Buffer.from(ctx.crt, "base64").toString();
  const keyPem = Buffer.from(ctx.key, "base64").toString();
  const cert = new X509Certificate(crtPem);
  const ca = new X509Certificate(secrets.certs.os.crt);
  assert.ok(cert.verify(ca.publicKey), "client certificate is signed by the OS CA");
  assert.ok(cert.checkIssued(ca), "issuer matches the OS CA subject");
  assert.equal(cert.subject, "O=os:admin");
  assert.equal(cert.ca, false);
  assert.equal(cert.publicKey.asymmetricKeyType, "ed25519");
  assert.deepEqual(cert.keyUsage, ["1.3.6.1.5.5.7.3.2"], "client auth only");
  assert.equal(new Date(cert.validTo).getTime() - new Date(cert.validFrom).getTime(), YEAR_MS);
  assert.equal(new Date(cert.validFrom).getTime(), now.getTime());
  assert.equal(decodePem(keyPem).label, "ED25519 PRIVATE KEY");
  const privateKey = createPrivateKey({ key: decodePem(keyPem).der, format: "der", type: "pkcs8" });
  assert.ok(cert.checkPrivateKey(privateKey), "key matches the certificate");
}

test("talosconfig admin cert from the fixture bundle verifies against its OS CA", async () => {
  const parsed = parseSecretsBundle(readFileSync(upstreamPath("vectors", "talos", "secrets.yaml"), "utf8"));
  assert.ok(parsed.ok);
  await check(parsed.value);
});

test("talosconfig admin cert from a generated bundle verifies against its OS CA", async () => {
  await check(await generateSecretsBundle());
});
