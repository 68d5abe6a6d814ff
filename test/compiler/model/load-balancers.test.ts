import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { compileText } from "../../../compiler/pipeline/compile.js";
import { addressRole } from "../../../compiler/model/load-balancers.js";
import { repoPath } from "../../support/paths.js";

const base = readFileSync(repoPath("test/errors/cases/_base.lab"), "utf8");

test("a parameter named for an address is not followed by the word again", () => {
  assert.equal(addressRole("address", "k8s-gateway"), "the address of app 'k8s-gateway'");
  assert.equal(addressRole("dns-address", "x"), "the dns-address of app 'x'");
  assert.equal(addressRole("internal-gateway", "cilium"), "the internal-gateway address of app 'cilium'");
});

test("an address collision with k8s-gateway reads each name once", () => {
  const apps = "app cilium {\n  internal-gateway = 192.168.31.242\n  external-gateway = 192.168.31.243\n}\napp coredns {}\napp k8s-gateway { address = 192.168.31.242 }\n";
  const d = compileText(`${base}${apps}`, "cluster.lab").diagnostics.find((x) => x.code === "LAB2006");
  assert.equal(d?.message, "192.168.31.242 is the internal-gateway address of app 'cilium' already, so it cannot also be the address of app 'k8s-gateway'");
  assert.doesNotMatch(d!.message, /address address/);
});
