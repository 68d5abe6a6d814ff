import { test } from "node:test";
import assert from "node:assert/strict";
import { TalosctlSelectionError, shellQuote, talosctlCommands, type TalosctlOptions } from "../../../compiler/talos-cli/index.js";
import { homelabCluster } from "../../support/homelab-model.js";
import { loadExample } from "./support/examples.js";

const paths: TalosctlOptions = { configDir: "out/talos/clusterconfig", kubeconfigPath: "out/kubeconfig" };
const tc = "--talosconfig=out/talos/clusterconfig/talosconfig";

test("HA apply --insecure: five nodes, control planes first, each with its own machine config", async () => {
  const { model } = await loadExample("ha");
  assert.deepEqual(talosctlCommands(model, "apply", { ...paths, insecure: true }), [
    `talosctl apply-config ${tc} --nodes=10.20.0.11 --file=out/talos/clusterconfig/lab-cp-1.yaml --insecure`,
    `talosctl apply-config ${tc} --nodes=10.20.0.12 --file=out/talos/clusterconfig/lab-cp-2.yaml --insecure`,
    `talosctl apply-config ${tc} --nodes=10.20.0.13 --file=out/talos/clusterconfig/lab-cp-3.yaml --insecure`,
    `talosctl apply-config ${tc} --nodes=10.20.0.21 --file=out/talos/clusterconfig/lab-worker-1.yaml --insecure`,
    `talosctl apply-config ${tc} --nodes=10.20.0.22 --file=out/talos/clusterconfig/lab-worker-2.yaml --insecure`,
  ]);
  assert.ok(talosctlCommands(model, "apply", paths).every((l) => !l.includes("--insecure")), "a running node is applied through its Talos API");
});

test("HA bootstrap, kubeconfig and upgrade-k8s: once, on the first control plane", async () => {
  const { model } = await loadExample("ha");
  assert.deepEqual(talosctlCommands(model, "bootstrap", paths), [`talosctl bootstrap ${tc} --nodes=10.20.0.11`]);
  assert.deepEqual(talosctlCommands(model, "kubeconfig", paths), [`talosctl kubeconfig ${tc} --nodes=10.20.0.11 --force out/kubeconfig`]);
  assert.deepEqual(talosctlCommands(model, "upgrade-k8s", paths), [`talosctl upgrade-k8s ${tc} --nodes=10.20.0.11 --to=v1.33.4`]);
  const cp2 = model.nodes.find((n) => n.name === "cp-2")!;
  assert.deepEqual(talosctlCommands(model, "bootstrap", { ...paths, node: cp2 }), [`talosctl bootstrap ${tc} --nodes=10.20.0.12`]);
  const worker = model.nodes.find((n) => n.name === "worker-1")!;
  assert.throws(() => talosctlCommands(model, "bootstrap", { ...paths, node: worker }), TalosctlSelectionError);
  assert.throws(() => talosctlCommands(model, "upgrade-k8s", { ...paths, node: worker }), TalosctlSelectionError);
});

test("HA upgrade: each node gets the installer of its own schematic, secure-boot variant included", async () => {
  const { model } = await loadExample("ha");
  const lines = talosctlCommands(model, "upgrade", paths);
  assert.equal(lines.length, 5);
  const schematic = "376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba";
  assert.equal(lines[3], `talosctl upgrade ${tc} --nodes=10.20.0.21 --image=factory.talos.dev/installer-secureboot/${schematic}:v1.10.7`);
  assert.equal(lines[4], `talosctl upgrade ${tc} --nodes=10.20.0.22 --image=factory.talos.dev/installer-secureboot/${schematic}:v1.10.7`, "a TPM-sealed disk needs the secure-boot image");
});

test("reset: the whole cluster workers first and not gracefully; one node of a live cluster gracefully", async () => {
  const { model } = await loadExample("ha");
  const wipe = "--reboot --system-labels-to-wipe=STATE --system-labels-to-wipe=EPHEMERAL --wait=false";
  const all = talosctlCommands(model, "reset", paths);
  assert.deepEqual(all.map((l) => /--nodes=(\S+)/.exec(l)?.[1]), ["10.20.0.22", "10.20.0.21", "10.20.0.13", "10.20.0.12", "10.20.0.11"]);
  assert.ok(all.every((l) => l.endsWith(`--graceful=false ${wipe}`)), all.join("\n"));
  const cp2 = model.nodes.find((n) => n.name === "cp-2")!;
  assert.deepEqual(talosctlCommands(model, "reset", { ...paths, node: cp2 }), [`talosctl reset ${tc} --nodes=10.20.0.12 ${wipe}`]);
  // The only control plane can't leave etcd gracefully: there is nobody to hand over to.
  const single = homelabCluster();
  assert.deepEqual(talosctlCommands(single, "reset", { ...paths, node: single.nodes[0]! }), [`talosctl reset ${tc} --nodes=192.168.31.252 --graceful=false ${wipe}`]);
});

test("--insecure belongs to apply only", async () => {
  const { model } = await loadExample("homelab");
  assert.throws(() => talosctlCommands(model, "upgrade", { ...paths, insecure: true }), /only apply takes --insecure/);
});

test("paths that need it are quoted for the shell", () => {
  assert.equal(shellQuote("out/talos/clusterconfig"), "out/talos/clusterconfig");
  assert.equal(shellQuote("--file=my dir/x.yaml"), "'--file=my dir/x.yaml'");
  assert.equal(shellQuote("it's"), `'it'\\''s'`);
  const cluster = homelabCluster();
  const [line] = talosctlCommands(cluster, "bootstrap", { configDir: "my cluster/talos/clusterconfig", kubeconfigPath: "k" });
  assert.equal(line, "talosctl bootstrap '--talosconfig=my cluster/talos/clusterconfig/talosconfig' --nodes=192.168.31.252");
});
