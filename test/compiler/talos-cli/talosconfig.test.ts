import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "yaml";
import { RENEW_BEFORE_DAYS, talosconfigFor } from "../../../compiler/talos-cli/index.js";
import { generateSecretsBundle } from "../../../compiler/talos/pki.js";
import { homelabCluster } from "../../support/homelab-model.js";
import { haVlanCluster } from "../emit/talhelper/support/ha-vlan-cluster.js";
import { vectorSecrets } from "./support/examples.js";

type Context = { endpoints: string[]; nodes: string[]; ca: string; crt: string; key: string };
function context(text: string, name: string): Context {
  return (parse(text) as { contexts: Record<string, Context> }).contexts[name]!;
}

const DAY = 86_400_000;

test("talosconfig: context = cluster name, endpoints = control planes, nodes = every node, CA = the OS CA", async () => {
  const cluster = haVlanCluster();
  const secrets = vectorSecrets();
  const { text, reused } = await talosconfigFor(cluster, secrets, undefined);
  assert.equal(reused, false);
  const root = parse(text) as { context: string };
  assert.equal(root.context, "home");
  const ctx = context(text, "home");
  assert.deepEqual(ctx.endpoints, ["192.168.31.11", "192.168.31.12", "192.168.31.13"]);
  assert.deepEqual(ctx.nodes, ["192.168.31.11", "192.168.31.12", "192.168.31.13", "192.168.31.21", "192.168.31.22"]);
  assert.equal(Buffer.from(ctx.ca, "base64").toString(), secrets.certs.os.crt);
});

test("a still-valid admin certificate is kept: the second run is byte-identical", async () => {
  const cluster = homelabCluster();
  const secrets = vectorSecrets();
  const first = await talosconfigFor(cluster, secrets, undefined);
  const second = await talosconfigFor(cluster, secrets, first.text);
  assert.equal(second.reused, true);
  assert.equal(second.text, first.text);
  // A new node changes the node list, not the credential.
  const grown = homelabCluster({ nodes: [...cluster.nodes, { ...cluster.nodes[0]!, name: "w-01", role: "worker", address: "192.168.31.20", mac: "00:11:22:33:44:66" }] });
  const third = await talosconfigFor(grown, secrets, first.text);
  assert.equal(third.reused, true);
  assert.equal(context(third.text, "home").crt, context(first.text, "home").crt);
  assert.deepEqual(context(third.text, "home").nodes, ["192.168.31.252", "192.168.31.20"]);
});

test(`a new certificate when the old one expires within ${RENEW_BEFORE_DAYS} days, comes from another CA, or is damaged`, async () => {
  const cluster = homelabCluster();
  const secrets = vectorSecrets();
  const old = await talosconfigFor(cluster, secrets, undefined, new Date(Date.now() - 340 * DAY));
  const renewed = await talosconfigFor(cluster, secrets, old.text);
  assert.equal(renewed.reused, false, "valid for under 30 more days");
  assert.notEqual(context(renewed.text, "home").crt, context(old.text, "home").crt);

  const other = await generateSecretsBundle();
  const foreign = await talosconfigFor(cluster, other, undefined);
  assert.equal((await talosconfigFor(cluster, secrets, foreign.text)).reused, false, "signed by another cluster's CA");

  const current = await talosconfigFor(cluster, secrets, undefined);
  const swapped = current.text.replace(context(current.text, "home").key, context(renewed.text, "home").key);
  assert.equal((await talosconfigFor(cluster, secrets, swapped)).reused, false, "key does not match the certificate");
  assert.equal((await talosconfigFor(cluster, secrets, "not: [yaml")).reused, false);
});
