// How `recipients` and `shamir-threshold` reach the model: the shapes the build, the store and the
// generated .sops.yaml encrypt to. (The diagnostics are in the error corpus, key-group-*.lab.)
import assert from "node:assert/strict";
import { test } from "node:test";
import { parse } from "../../../lang/parser/parse.js";
import { check } from "../../../compiler/check/check.js";
import { stdlib } from "../../../stdlib/index.js";
import type { ClusterModel } from "../../../compiler/model/model.js";

const A = "age1m4acj4mjupv5wgxtruey44wpq34tqkk7hkkj77566vy0t80gqfmsdmpcvk";
const B = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p";
const C = "age1lggyhqrw2nlhcxprm67z43rta597azn8gknawjehu9d9dl0jq3yqqvfafg";

function model(recipients: string, extra = ""): ClusterModel {
  const text = `cluster home {
  talos      = v1.10.7
  kubernetes = v1.33.4
  endpoint   = 192.168.31.240
  domain     = "example.com"
  repository = github("owner/home-ops")
  recipients = ${recipients}
  ${extra}
}
network lan { cidr = 192.168.31.0/24 }
node cp-01 { role = controlplane  address = 192.168.31.252  mac = 00:11:22:33:44:55  disk = "/dev/sdb"  schematic = "376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba" }
`;
  const parsed = parse(text, "cluster.lab");
  const result = check([parsed.ast], stdlib);
  const errors = [...parsed.diagnostics, ...result.diagnostics].filter((d) => d.severity === "error");
  assert.deepEqual(errors.map((d) => d.message), []);
  return result.model!;
}

const keys = (m: ClusterModel) => ({ keyGroups: m.keyGroups, shamirThreshold: m.shamirThreshold, recipients: m.recipients });

test("a flat list is one key group", () => {
  assert.deepEqual(keys(model(`["${A}", "${B}", "${A}"]`)), { keyGroups: [[A, B]], shamirThreshold: 1, recipients: [A, B] });
});

test("a list of lists is key groups; the threshold defaults to every group", () => {
  assert.deepEqual(keys(model(`[["${A}", "${B}"], ["${C}"]]`)), { keyGroups: [[A, B], [C]], shamirThreshold: 2, recipients: [A, B, C] });
  assert.deepEqual(keys(model(`[["${A}"], ["${B}"], ["${C}"]]`, "shamir-threshold = 2")).shamirThreshold, 2);
});

test("threshold 1, or a single group, is what sops writes as one flat group", () => {
  assert.deepEqual(keys(model(`[["${A}"], ["${B}"], ["${C}"]]`, "shamir-threshold = 1")), { keyGroups: [[A, B, C]], shamirThreshold: 1, recipients: [A, B, C] });
  assert.deepEqual(keys(model(`[["${A}", "${B}"]]`)), { keyGroups: [[A, B]], shamirThreshold: 1, recipients: [A, B] });
});
