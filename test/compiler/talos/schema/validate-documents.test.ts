import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { renderNodeConfigs } from "../../../../compiler/emit/talos/index.js";
import { TALOS_CONTRACTS, type GoObject, type TalosContract } from "../../../../compiler/talos/index.js";
import { validateTalosDocuments } from "../../../../compiler/talos/schema/validate-documents.js";
import { homelabCluster } from "../../../support/homelab-model.js";
import { haVlanCluster } from "../../emit/talhelper/support/ha-vlan-cluster.js";
import { vectorSecrets } from "../../talos-cli/support/examples.js";
import { upstreamPath } from "../../../support/paths.js";
import { removeDir, tempDir } from "../../../support/tree.js";
import { validateTalosTree } from "../../../support/validate-tree.js";

function documents(text: string): GoObject[] {
  return parseAllDocuments(text).map((d) => d.toJS() as GoObject);
}

const line = (c: TalosContract) => (c === "1.14" ? "newest" : c);

for (const contract of TALOS_CONTRACTS) {
  test(`Talos ${contract}: Talos's own vectors and labc's example configs have no schema problems`, () => {
    const dir = upstreamPath("vectors", "talos", `v${contract}`);
    for (const file of readdirSync(dir)) {
      assert.deepEqual(validateTalosDocuments(contract, documents(readFileSync(join(dir, file), "utf8"))), [], file);
    }
    const version = `v${contract}.0`;
    for (const cluster of [homelabCluster({ talosVersion: version }), haVlanCluster({ talosVersion: version })]) {
      for (const f of renderNodeConfigs(cluster, vectorSecrets())) assert.deepEqual(validateTalosDocuments(contract, documents(f.content)), [], f.name);
    }
  });
}

/** Broken documents, each with what labc says; validate-tree must fail every one of them too. */
const broken: readonly { contract: TalosContract; yaml: string; problem: RegExp }[] = [
  { contract: "1.13", yaml: "version: v1alpha1\nmachine:\n  kubelet:\n    extraConfigz: {}\n", problem: /the v1alpha1 document: machine\.kubelet\.extraConfigz is not a field Talos knows here/ },
  { contract: "1.13", yaml: "version: v1alpha1\nmachine:\n  install:\n    wipe: \"yes\"\n", problem: /machine\.install\.wipe must be a boolean, not a string/ },
  { contract: "1.14", yaml: "version: v1alpha1\nmachine:\n  kubelet:\n    image: x\n", problem: /machine\.kubelet is not a field Talos knows here/ },
  { contract: "1.11", yaml: "version: v1alpha1\nmachine:\n  systemDiskEncryption:\n    state:\n      provider: luks2\n", problem: /machine\.systemDiskEncryption is not a field/ },
  { contract: "1.12", yaml: "apiVersion: v1alpha1\nkind: KubeletConfig\nimage: x\n", problem: /kind is not a document kind of Talos 1\.12/ },
  { contract: "1.14", yaml: "apiVersion: v1alpha1\nkind: KernelModuleConfig\nparameters: [a]\n", problem: /KernelModuleConfig: is missing the required field 'name'/ },
  { contract: "1.14", yaml: "apiVersion: v1alpha1\nkind: VolumeConfig\nname: STATE\nencryption:\n  provider: luks3\n", problem: /VolumeConfig STATE: encryption\.provider must be one of "luks2"$/ },
  { contract: "1.14", yaml: "apiVersion: v1alpha1\nkind: KubeAPIServerConfig\nimage: x\nextraArgs:\n  foo: 1\n", problem: /extraArgs\.foo matches none of the forms/ },
];

test("broken documents: labc names the problem, and validate-tree rejects the same documents", () => {
  for (const b of broken) {
    const problems = validateTalosDocuments(b.contract, documents(b.yaml)).map((p) => `${p.document}: ${p.path}${p.path ? " " : ""}${p.message}`);
    assert.ok(problems.some((p) => b.problem.test(p)), `${b.yaml}\n${problems.join("\n")}`);
    const dir = tempDir("talos-schema");
    try {
      writeFileSync(join(dir, "config.yaml"), b.yaml);
      const result = validateTalosTree(dir, line(b.contract));
      assert.equal(result.status, 1, `${b.yaml}\n${result.output}`);
    } finally {
      removeDir(dir);
    }
  }
});
