import { test } from "node:test";
import assert from "node:assert/strict";
import { cidrContains, formatIPv4, networkOf, nthHost, parseIPv4 } from "../../../compiler/net/ipv4.js";

test("cidrContains: the network's own range, edges included; nothing outside; unparsable is false", () => {
  const lan = { address: "192.168.31.0", prefix: 24 };
  assert.equal(cidrContains(lan, "192.168.31.0"), true);
  assert.equal(cidrContains(lan, "192.168.31.255"), true);
  assert.equal(cidrContains(lan, "192.168.32.1"), false);
  assert.equal(cidrContains({ address: "0.0.0.0", prefix: 0 }, "203.0.113.7"), true);
  assert.equal(cidrContains({ address: "10.0.0.0", prefix: 32 }, "10.0.0.1"), false);
  assert.equal(cidrContains(lan, "192.168.31"), false);
});

test("networkOf and nthHost: the base of a network and its first host, as the importer writes them", () => {
  const ip = parseIPv4("10.30.0.11");
  assert.ok(ip.ok);
  const net = networkOf(ip.value, 24);
  assert.equal(formatIPv4(net.base), "10.30.0.0");
  assert.equal(formatIPv4(nthHost(net, 1)), "10.30.0.1");
});
