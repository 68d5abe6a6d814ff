import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { compileText } from "../../../../compiler/pipeline/compile.js";
import { repoPath } from "../../../support/paths.js";

const base = readFileSync(repoPath("test/errors/cases/_base.lab"), "utf8");

function unknownNetwork(count: number): string {
  const networks = Array.from({ length: count }, (_, i) => `network vlan-${i + 10} {\n  cidr = 10.${i + 10}.0.0/24\n}\n`).join("");
  const node = 'node w-01 {\n  role = worker\n  address = 192.168.31.20\n  network = zzzz\n  mac = 00:11:22:33:44:66\n  disk = "/dev/sda"\n  schematic = "376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba"\n}\n';
  const d = compileText(`${base}${networks}${node}`, "cluster.lab").diagnostics.find((x) => x.code === "LAB1002");
  assert.ok(d, "LAB1002 reported");
  return d.message;
}

test("LAB1002 lists every declared name when there are few", () => {
  const message = unknownNetwork(11);
  const listed = message.replace(/^.*; declared: /, "").split(", ");
  assert.equal(listed.length, 12, message);
  assert.deepEqual(listed, ["lan", ...Array.from({ length: 11 }, (_, i) => `vlan-${i + 10}`)]);
});

test("LAB1002 shows the nearest names and counts the rest when there are many", () => {
  assert.match(unknownNetwork(30), /; declared: (?:[a-z0-9-]+, ){9}[a-z0-9-]+ and 21 more$/);
});
