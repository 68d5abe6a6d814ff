import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { EMPTY_SCHEMATIC_ID, schematicId, schematicYaml } from "../../../../compiler/talos/index.js";

/**
 * Published schematic IDs with their contents: siderolabs/image-factory pkg/schematic
 * schematic_test.go (TestID, TestUnmarshalID) and budimanjojo/talhelper pkg/talos
 * schematic_test.go (TestGetInstallerURL). labc must compute the same IDs offline.
 */
const vectors: readonly { name: string; extensions: string[]; kernelArgs: string[]; id: string; source: string }[] = [
  { name: "empty", extensions: [], kernelArgs: [], id: "376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba", source: "image-factory TestID empty" },
  { name: "kernel args", extensions: [], kernelArgs: ["noapic", "nolapic"], id: "9cba8e32753f91a16c1837ab8abf356af021706ef284aef07380780177d9a06c", source: "image-factory TestID config1" },
  { name: "two extensions", extensions: ["siderolabs/drbd", "siderolabs/zfs"], kernelArgs: [], id: "98442b5bb4e8d050f30978ce3e6ec22e7bf534d57cafcd51313235128057e612", source: "talhelper TestGetInstallerURL withExts" },
  { name: "kernel args 2", extensions: [], kernelArgs: ["hihi", "hehe"], id: "ff5083b14ccb03821ea738d712ac08a82b44d2693013622059edaae286665239", source: "talhelper TestGetInstallerURL withKernelArgs" },
  { name: "extension and kernel arg", extensions: ["siderolabs/tailscale"], kernelArgs: ["net.ifnames=0"], id: "104c23dfe7c5bfeff6a4cc7e166d8b3bba0f371760592c7677c90c822bb1d109", source: "talhelper TestGetInstallerURL withBoth" },
];

for (const v of vectors) {
  test(`schematic ID: ${v.name} (${v.source})`, () => {
    assert.equal(schematicId({ extensions: v.extensions, kernelArgs: v.kernelArgs }), v.id);
  });
}

test("the empty schematic is `customization: {}`, the ID the factory serves stock Talos under", () => {
  assert.equal(schematicYaml({ extensions: [], kernelArgs: [] }), "customization: {}\n");
  assert.equal(schematicId({ extensions: [], kernelArgs: [] }), EMPTY_SCHEMATIC_ID);
});

test("canonical text: yaml.v3 at 4 spaces, extraKernelArgs before systemExtensions, sequences indented", () => {
  const text = schematicYaml({ extensions: ["siderolabs/i915", "siderolabs/intel-ucode"], kernelArgs: ["net.ifnames=0"] });
  assert.equal(text, [
    "customization:",
    "    extraKernelArgs:",
    "        - net.ifnames=0",
    "    systemExtensions:",
    "        officialExtensions:",
    "            - siderolabs/i915",
    "            - siderolabs/intel-ucode",
    "",
  ].join("\n"));
  assert.equal(schematicId({ extensions: ["siderolabs/i915", "siderolabs/intel-ucode"], kernelArgs: ["net.ifnames=0"] }), createHash("sha256").update(text).digest("hex"));
});

test("order matters and nothing is sorted: the factory hashes the lists as sent", () => {
  const ab = schematicId({ extensions: ["siderolabs/drbd", "siderolabs/zfs"], kernelArgs: [] });
  const ba = schematicId({ extensions: ["siderolabs/zfs", "siderolabs/drbd"], kernelArgs: [] });
  assert.notEqual(ab, ba);
});

test("kernel arguments YAML would read as another type are quoted, as Go's yaml.v3 quotes them", () => {
  assert.match(schematicYaml({ extensions: [], kernelArgs: ["yes", "1", "quiet"] }), /- "yes"\n {8}- "1"\n {8}- quiet\n/);
});
