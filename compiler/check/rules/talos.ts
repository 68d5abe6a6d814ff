import type { Reporter } from "../../../lang/diagnostics/reporter.js";
import type { Cidr } from "../../model/model.js";
import type { Lowered } from "../lower/lowered.js";
import { contains, networkOf, parseIPv4 } from "../../net/ipv4.js";
import { TALHELPER_UNKNOWN_KINDS, featuresOfLine, isTalosContract, parseVersion, releaseOf } from "../../talos/index.js";

/**
 * Talos rules that labc can decide from cluster.lab alone. Unique hostnames, addresses and MACs,
 * the control-plane count and the VIP's place on the LAN are checked elsewhere (bind.ts,
 * addresses.ts, nodes.ts). Two asks of issue 3 need no rule: the installer is derived from
 * `secureboot` (installer-secureboot/…), so it can't disagree with it, and the model has no
 * worker-only node option a control plane could be given.
 */
export function checkTalos(l: Lowered, r: Reporter): void {
  checkKubernetesSupported(l, r);
  checkControlPlanesCarryVip(l, r);
  checkTpmEncryption(l, r);
  checkTalhelperReadsTalos(l, r);
}

/**
 * `talhelper genconfig` cannot read every line's patches (see talhelperGenconfig in
 * compiler/talos/releases.ts); `labc talos config` is unaffected.
 */
function checkTalhelperReadsTalos(l: Lowered, r: Reporter): void {
  const talos = l.cluster?.talos;
  const t = talos && parseVersion(talos.value);
  if (!talos || !t || t.major !== 1 || featuresOfLine(t).talhelperGenconfig) return;
  r.report("talhelperCannotReadTalos", talos.span, `talhelper v3.1.16 and older cannot turn this cluster's talos/talconfig.yaml into Talos ${t.line} configs: their Talos machinery (v1.14.0-alpha.2) does not know ${TALHELPER_UNKNOWN_KINDS.join(", ")}, which the patches use; write the machine configs with \`labc talos config\`, or use a talhelper release built on Talos machinery v1.14.0 or later`);
}

function checkKubernetesSupported(l: Lowered, r: Reporter): void {
  const talos = l.cluster?.talos;
  const kubernetes = l.cluster?.kubernetes;
  if (!talos || !kubernetes) return;
  const t = parseVersion(talos.value);
  const k = parseVersion(kubernetes.value);
  if (!t || !k || k.major !== 1) return; // malformed versions are reported by versions.ts
  if (!isTalosContract(t.line)) return; // an unsupported Talos line is reported by versions.ts
  const [min, max] = releaseOf(t.line).kubernetes;
  if (k.minor >= min && k.minor <= max) return;
  r.report("kubernetesNotSupportedByTalos", kubernetes.span, `Talos ${t.line} runs Kubernetes 1.${min} to 1.${max}, not ${kubernetes.value}; pick a Kubernetes release in that range or a Talos release that supports ${kubernetes.value}`, {
    related: [{ span: talos.span, message: `the cluster runs Talos ${talos.value}` }],
  });
}

function holds(cidr: Cidr, address: number): boolean {
  const base = parseIPv4(cidr.address);
  return base.ok && contains(networkOf(base.value, cidr.prefix), address);
}

/**
 * Every control plane carries the API VIP on its NIC, and Talos moves a layer-2 VIP only between
 * nodes on the VIP's own network: a control plane elsewhere could never hold it, and would
 * announce an address its subnet doesn't route. Only judged when the VIP is on some declared
 * network; a VIP on none is addresses.ts's error.
 */
function checkControlPlanesCarryVip(l: Lowered, r: Reporter): void {
  const endpoint = l.cluster?.endpoint;
  if (!endpoint) return;
  const vip = parseIPv4(endpoint.value);
  if (!vip.ok) return;
  const home = l.networks.find((n) => n.cidr && holds(n.cidr.value, vip.value));
  if (!home) return;
  for (const node of l.nodes) {
    if (node.role?.value !== "controlplane" || !node.network?.cidr) continue;
    if (holds(node.network.cidr.value, vip.value)) continue;
    r.report("controlPlaneOffVipNetwork", node.address?.span ?? node.nameSpan, `control plane '${node.name}' is on network '${node.network.name}' (${node.network.cidr.value.text}), but the API VIP ${endpoint.value} is on '${home.name}' (${home.cidr!.value.text}); Talos only moves the VIP between control planes on its network, so put '${node.name}' on '${home.name}'`, {
      related: [{ span: endpoint.span, message: `the API VIP is ${endpoint.value}` }],
    });
  }
}

/**
 * A TPM-sealed disk key is bound to the PCR policy that only a signed (secure-boot) UKI carries:
 * without secure boot the node cannot seal it and never finishes installing. The way out is
 * secure boot, or a key that needs no TPM.
 */
function checkTpmEncryption(l: Lowered, r: Reporter): void {
  for (const node of l.nodes) {
    if (!node.encryptDisk || node.secureboot || (node.diskKey?.value ?? "tpm") !== "tpm") continue;
    const entry = node.encryptDiskEntry ?? node.nameSpan;
    const indent = " ".repeat(Math.max(0, entry.start.column - 1));
    const after = (line: string) => ({ span: { ...entry, start: entry.end }, newText: `\n${indent}${line}` });
    r.report(
      "tpmWithoutSecureBoot",
      entry,
      `node '${node.name}' seals its disk key to the TPM, which Talos can only do when the node boots the signed secure-boot image; without secureboot = true it never finishes installing`,
      {
        fix: { message: "add secureboot = true (and boot the node from the secure-boot image)", edits: [after("secureboot = true")] },
        alternatives: [{ message: "use a key that needs no TPM: disk-key = node-id (it only protects a disk taken away alone)", edits: [after("disk-key = node-id")] }],
      },
    );
  }
}
