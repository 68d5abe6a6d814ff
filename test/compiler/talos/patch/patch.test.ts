import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import { applyConfigPatches } from "../../../../compiler/talos/patch/apply.js";
import { TalosPatchError, parseConfigPatch, type GoObject } from "../../../../compiler/talos/patch/patch.js";
import { buildMachineConfigDocuments, renderMachineConfig } from "../../../../compiler/talos/config/render.js";
import type { MachineConfigInput } from "../../../../compiler/talos/config/input.js";
import { parseSecretsBundle } from "../../../../compiler/talos/secrets/yaml-io.js";
import { upstreamPath } from "../../../support/paths.js";

const parsed = parseSecretsBundle(readFileSync(upstreamPath("vectors", "talos", "secrets.yaml"), "utf8"));
if (!parsed.ok) throw new Error(parsed.error);
const secrets = parsed.value;

function docs(text: string): GoObject[] {
  return parseAllDocuments(text).map((d) => d.toJS() as GoObject);
}

// Talos configpatcher testdata/patchdelete: config.yaml + strategic1.yaml.
const config = docs(`version: v1alpha1
machine:
  network:
    hostname: hostname1
    interfaces:
      - interface: eth0
        dhcp: true
      - interface: eth1
        addresses: [10.3.5.4/32]
---
apiVersion: v1alpha1
kind: SideroLinkConfig
apiUrl: https://siderolink.api/join?jointoken=secret&user=alice
---
apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: foo
configFiles:
    - content: hello
      mountPath: /etc/foo
environment:
    - FOO=BAR
`);

const deletePatch = `apiVersion: v1alpha1
kind: SideroLinkConfig
$patch: delete
---
apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: foo
configFiles:
  - content: hello
    $patch: delete
  - content: hello2
    mountPath: /etc/foo2
---
version: v1alpha1
machine:
  network:
    hostname:
      $patch: delete
    interfaces:
      - interface: eth0
        $patch: delete
      - interface: eth1
        addresses: [10.3.5.5/32]
      - interface: eth0
        dummy: true
`;

test("$patch: delete removes documents, keys and list elements before merging (Talos patchdelete fixture)", () => {
  const out = applyConfigPatches(config, [parseConfigPatch(deletePatch)]);
  assert.deepEqual(out, [
    {
      version: "v1alpha1",
      machine: {
        network: {
          // NetworkDeviceList merges by interface name: eth1 gains an address, eth0 comes back new.
          interfaces: [
            { interface: "eth1", addresses: ["10.3.5.4/32", "10.3.5.5/32"] },
            { interface: "eth0", dummy: true },
          ],
        },
      },
    },
    { apiVersion: "v1alpha1", kind: "ExtensionServiceConfig", name: "foo", configFiles: [{ content: "hello2", mountPath: "/etc/foo2" }], environment: ["FOO=BAR"] },
  ]);
});

const cp113: MachineConfigInput = {
  contract: "1.13", machineType: "controlplane", clusterName: "base", endpoint: "https://base:6443", kubernetesVersion: "1.28.0", secrets,
};

test("deletes a map key and a keyed list element of the generated config (Talos strategic2 fixture)", () => {
  const patch = parseConfigPatch(`cluster:
  apiServer:
    admissionControl:
    - name: PodSecurity
      $patch: delete
machine:
  nodeLabels:
    node.kubernetes.io/exclude-from-external-load-balancers:
      $patch: delete
`);
  const [root] = buildMachineConfigDocuments({ ...cp113, patches: [patch] }) as [{ cluster: { apiServer: GoObject }; machine: GoObject }];
  // Both fields are omitempty in Go: emptied by the patch, they are no longer written.
  assert.equal(root.cluster.apiServer["admissionControl"], undefined);
  assert.equal(root.machine["nodeLabels"], undefined);
  assert.ok("auditPolicy" in root.cluster.apiServer);
});

test("strategic merge follows Talos rules: lists append, subnets replace, zero strings are ignored", () => {
  const patch = parseConfigPatch(`machine:
  certSANs: [extra.example]
  install:
    disk: ""
    image: ghcr.io/example/installer:v1
cluster:
  network:
    podSubnets: [10.42.0.0/16]
  apiServer:
    admissionControl:
      - name: PodSecurity
        configuration:
          defaults:
            enforce: restricted
`);
  const [root] = buildMachineConfigDocuments({ ...cp113, additionalSans: ["a"], installDisk: "/dev/sda", patches: [patch] }) as [
    { machine: GoObject; cluster: { network: GoObject; apiServer: { admissionControl: { configuration: { defaults: GoObject } }[] } } },
  ];
  assert.deepEqual(root.machine["certSANs"], ["a", "extra.example"]);
  assert.deepEqual(root.machine["install"], { disk: "/dev/sda", image: "ghcr.io/example/installer:v1", wipe: false, grubUseUKICmdline: true });
  assert.deepEqual(root.cluster.network["podSubnets"], ["10.42.0.0/16"]);
  const admission = root.cluster.apiServer.admissionControl;
  assert.equal(admission.length, 1, "admission plugins merge by name");
  assert.equal(admission[0]?.configuration.defaults["enforce"], "restricted");
  assert.equal(admission[0]?.configuration.defaults["audit"], "restricted");
});

test("new documents from a patch are appended in Talos field order", () => {
  const patch = parseConfigPatch(`apiVersion: v1alpha1
kind: RegistryMirrorConfig
endpoints:
  - url: https://mirror.example
name: docker.io
`);
  const text = renderMachineConfig({ ...cp113, patches: [patch] });
  assert.ok(text.endsWith("---\napiVersion: v1alpha1\nkind: RegistryMirrorConfig\nname: docker.io\nendpoints:\n    - url: https://mirror.example\n"));
});

test("RFC 6902 patches apply to single-document configs and are refused for multi-document ones", () => {
  const patch = parseConfigPatch(`- op: add
  path: /machine/network/hostname
  value: cp-01
- op: remove
  path: /machine/nodeLabels
- op: test
  path: /machine/type
  value: controlplane
`);
  assert.equal(patch.kind, "json6902");
  const [root] = buildMachineConfigDocuments({ ...cp113, contract: "1.11", patches: [patch] }) as [{ machine: GoObject }];
  assert.deepEqual(root.machine["network"], { hostname: "cp-01" });
  assert.equal(root.machine["nodeLabels"], undefined);
  assert.throws(() => buildMachineConfigDocuments({ ...cp113, patches: [patch] }), TalosPatchError);
  const failing = parseConfigPatch(`[{"op": "test", "path": "/machine/type", "value": "worker"}]`);
  assert.throws(() => buildMachineConfigDocuments({ ...cp113, contract: "1.11", patches: [failing] }), /test failed/);
});

test("a delete that matches nothing is an error, as in Talos", () => {
  const patch = parseConfigPatch(`machine:
  network:
    interfaces:
      - interface: eth9
        $patch: delete
`);
  assert.throws(() => buildMachineConfigDocuments({ ...cp113, contract: "1.11", patches: [patch] }), TalosPatchError);
});
