import { test } from "node:test";
import assert from "node:assert/strict";
import { compileText } from "../../../../compiler/pipeline/compile.js";
import { nodeLinkSpecs } from "../../../../compiler/talos/cluster/link-specs.js";

const base = `cluster home {
  talos      = v1.12.0
  kubernetes = v1.34.1
  endpoint   = 10.20.0.240
  domain     = "example.com"
  repository = github("owner/home-ops")
  recipients = ["age1m4acj4mjupv5wgxtruey44wpq34tqkk7hkkj77566vy0t80gqfmsdmpcvk"]
}
`;

function compile(network: string, node: string) {
  const text = `${base}network lan {\n${network}\n}\nnode cp-01 {\n  role = controlplane\n  address = 10.20.0.10\n  network = lan\n  disk = "/dev/sda"\n  schematic = "376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba"\n${node}\n}\n`;
  const result = compileText(text, "cluster.lab");
  return { result, errors: result.diagnostics.filter((d) => d.severity === "error") };
}

test("a VLAN carries its parent's MTU, whether mtu is set on the network or on the node", () => {
  const onNetwork = compile("  cidr = 10.20.0.0/24\n  vlan = 20\n  mtu = 9000", "  mac = 00:11:22:33:44:55");
  const onNode = compile("  cidr = 10.20.0.0/24\n  vlan = 20", "  mac = 00:11:22:33:44:55\n  mtu = 9000");
  assert.deepEqual(onNetwork.errors, []);
  assert.deepEqual(onNode.errors, [], "the same MTU on the node is no more than on the network");
  const specs = (r: typeof onNode) => nodeLinkSpecs(r.result.model!, r.result.model!.nodes[0]!);
  assert.deepEqual(specs(onNode), specs(onNetwork));
  assert.equal(specs(onNode)[0]!.mtu, 9000);
  assert.equal(specs(onNode)[0]!.vlans![0]!.mtu, 9000);
});

const bond = (extra: string) => `  bond {\n    macs = [00:11:22:33:44:60, 00:11:22:33:44:61]\n    mode = \"802.3ad\"\n${extra}\n  }`;

test("an 802.3ad bond gets updelay and downdelay of two link checks unless set", () => {
  const defaults = compile("  cidr = 10.20.0.0/24", bond(""));
  assert.deepEqual(defaults.errors, []);
  const spec = nodeLinkSpecs(defaults.result.model!, defaults.result.model!.nodes[0]!)[0]!;
  assert.deepEqual([spec.bond!.miimon, spec.bond!.updelay, spec.bond!.downdelay], [100, 200, 200]);
  const slower = compile("  cidr = 10.20.0.0/24", bond("    miimon = 250\n    downdelay = 1000"));
  const slow = nodeLinkSpecs(slower.result.model!, slower.result.model!.nodes[0]!)[0]!.bond!;
  assert.deepEqual([slow.miimon, slow.updelay, slow.downdelay], [250, 500, 1000]);
  const backup = compile("  cidr = 10.20.0.0/24", "  bond {\n    macs = [00:11:22:33:44:60, 00:11:22:33:44:61]\n    mode = active-backup\n  }");
  const ab = nodeLinkSpecs(backup.result.model!, backup.result.model!.nodes[0]!)[0]!.bond!;
  assert.deepEqual([ab.updelay, ab.downdelay], [undefined, undefined], "other modes keep the kernel's default");
});

test("a bond delay must be a multiple of miimon, and needs link checks at all", () => {
  const odd = compile("  cidr = 10.20.0.0/24", bond("    updelay = 250"));
  assert.equal(odd.errors.length, 1);
  assert.match(odd.errors[0]!.message, /updelay 250 of the bond of node 'cp-01'.* not a multiple of miimon 100/);
  assert.equal(odd.errors[0]!.fix?.edits[0]?.newText, "200");
  const off = compile("  cidr = 10.20.0.0/24", bond("    miimon = 0\n    downdelay = 200"));
  assert.equal(off.errors.length, 1);
  assert.match(off.errors[0]!.message, /downdelay of the bond .* needs link checks; set miimon/);
});
