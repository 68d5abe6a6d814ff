import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { renderMachineConfig } from "../../../../compiler/talos/config/render.js";
import { TALOS_CONTRACTS, type TalosContract } from "../../../../compiler/talos/releases.js";
import type { MachineConfigInput, MachineType } from "../../../../compiler/talos/config/input.js";
import { parseConfigPatch } from "../../../../compiler/talos/patch/patch.js";
import { parseSecretsBundle } from "../../../../compiler/talos/secrets/yaml-io.js";
import { upstreamPath } from "../../../support/paths.js";

// The oracle: Talos's own generator output (v1alpha1 stability fixtures), see test/upstream/SOURCES.md.
const dir = upstreamPath("vectors", "talos");
const parsed = parseSecretsBundle(readFileSync(`${dir}/secrets.yaml`, "utf8"));
if (!parsed.ok) throw new Error(parsed.error);
const secrets = parsed.value;

function baseInput(contract: TalosContract, machineType: MachineType): MachineConfigInput {
  return { contract, machineType, clusterName: "base", endpoint: "https://base:6443", kubernetesVersion: "1.28.0", secrets };
}

function overridesInput(contract: TalosContract, machineType: MachineType): MachineConfigInput {
  const patchFile = contract === "1.14" ? "patch.yaml" : "patch-pre14.yaml";
  return {
    ...baseInput(contract, machineType),
    additionalSans: ["foo", "bar"],
    allowSchedulingOnControlPlanes: true,
    dnsDomain: "example.com",
    installDisk: "/dev/vda",
    installExtraKernelArgs: ["foo=bar", "bar=baz"],
    localApiServerPort: 5443,
    sysctls: { foo: "bar" },
    cni: { name: "custom", urls: ["https://example.com/cni.yaml"] },
    registryMirrors: [{ registry: "ghcr.io", endpoints: ["https://ghcr.io.my-mirror.com"] }],
    patches: [parseConfigPatch(readFileSync(`${dir}/${patchFile}`, "utf8"))],
  };
}

for (const contract of TALOS_CONTRACTS) {
  for (const variant of ["base", "overrides"] as const) {
    for (const machineType of ["controlplane", "worker"] as const) {
      test(`v${contract}/${variant}-${machineType}.yaml is byte-identical`, () => {
        const expected = readFileSync(`${dir}/v${contract}/${variant}-${machineType}.yaml`, "utf8");
        const input = variant === "base" ? baseInput(contract, machineType) : overridesInput(contract, machineType);
        assert.equal(renderMachineConfig(input), expected);
      });
    }
  }
}
