import { test } from "node:test";
import assert from "node:assert/strict";
import { parseAllDocuments } from "yaml";
import { parseConfigPatch, renderMachineConfig, type MachineConfigInput } from "../../../../compiler/talos/index.js";
import { vectorSecrets } from "../../talos-cli/support/examples.js";

function input(contract: MachineConfigInput["contract"], patch: string): MachineConfigInput {
  return {
    contract,
    machineType: "worker",
    clusterName: "base",
    endpoint: "https://base:6443",
    kubernetesVersion: "1.28.0",
    secrets: vectorSecrets(),
    patches: [parseConfigPatch(patch)],
  };
}

test("machine.files permissions come out as 0o644, as Talos's FileMode.MarshalYAML writes them", () => {
  const patch = "machine:\n  files:\n    - op: create\n      path: /var/etc/x\n      permissions: 0o644\n      content: x\n";
  const text = renderMachineConfig(input("1.13", patch));
  assert.match(text, /\n {10}permissions: 0o644\n/);
  assert.doesNotMatch(text, /permissions: 420/);
  // Still the number 420 for any YAML reader.
  const root = parseAllDocuments(text)[0]!.toJS() as { machine: { files: { permissions: number }[] } };
  assert.equal(root.machine.files[0]!.permissions, 0o644);
});

test("EtcFileConfig mode (1.14) is written in octal too; other integers stay decimal", () => {
  const patch = "apiVersion: v1alpha1\nkind: EtcFileConfig\nname: nfsmount.conf\nmode: 0o600\ncontents: |\n  [NFSMount_Global_Options]\n";
  const text = renderMachineConfig(input("1.14", patch));
  assert.match(text, /\nkind: EtcFileConfig\nname: nfsmount.conf\nmode: 0o600\n/);
  assert.match(text, /\nport: 7445\n/);
});

test("patches read integers as Talos's yaml.v3 does: 0644 is octal, 0b and _ separators are numbers", () => {
  const patch = parseConfigPatch("a: 0644\nb: 0o644\nc: 0b101\nd: 1_000\ne: 09\nf: 644\ng: -010\nh: '0644'\n");
  assert.deepEqual(patch, { kind: "strategic", documents: [{ a: 420, b: 420, c: 5, d: 1000, e: 9, f: 644, g: -8, h: "0644" }] });
});
