import type { Reporter } from "../../../lang/diagnostics/reporter.js";
import type { Cidr } from "../../model/model.js";
import type { Lowered } from "../lower/lowered.js";
import { contains, networkOf, parseIPv4 } from "../net/ipv4.js";

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
 * talhelper v3.1.16, the newest release labc's output is checked against, pins Talos machinery
 * v1.14.0-alpha.2. That snapshot predates the final 1.14 documents that the 1.14 patches in
 * talos/patches/ are made of, so `talhelper genconfig` stops at the first one ("not registered"),
 * and even its unpatched 1.14 output is the alpha's layout. `labc talos config` is unaffected.
 */
const TALHELPER_UNKNOWN_1_14_KINDS = ["KubeletConfig", "KubeNodeConfig", "KubeCoreDNSConfig", "CRICustomizationConfig", "SecurityProfileConfig"];

function checkTalhelperReadsTalos(l: Lowered, r: Reporter): void {
  const talos = l.cluster?.talos;
  const t = talos ? minorOf(talos.value) : undefined;
  if (!talos || !t || t[0] !== 1 || t[1] < 14) return;
  r.report("talhelperCannotReadTalos", talos.span, `talhelper v3.1.16 and older cannot turn this cluster's talos/talconfig.yaml into Talos ${t[0]}.${t[1]} configs: their Talos machinery (v1.14.0-alpha.2) does not know ${TALHELPER_UNKNOWN_1_14_KINDS.join(", ")}, which the patches use; write the machine configs with \`labc talos config\`, or use a talhelper release built on Talos machinery v1.14.0 or later`);
}

/**
 * Kubernetes releases each Talos line supports, from siderolabs/talos
 * pkg/machinery/compatibility/talos1XX (MinimumKubernetesVersion, MaximumKubernetesVersion).
 * talosctl refuses to generate or upgrade to a pair outside this range.
 */
const KUBERNETES_BY_TALOS: Readonly<Record<string, readonly [number, number]>> = {
  "1.10": [28, 33],
  "1.11": [29, 34],
  "1.12": [30, 35],
  "1.13": [31, 36],
  "1.14": [32, 37],
};

function minorOf(version: string): [number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)\./.exec(version);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

function checkKubernetesSupported(l: Lowered, r: Reporter): void {
  const talos = l.cluster?.talos;
  const kubernetes = l.cluster?.kubernetes;
  if (!talos || !kubernetes) return;
  const t = minorOf(talos.value);
  const k = minorOf(kubernetes.value);
  if (!t || !k || k[0] !== 1) return; // malformed versions are reported by versions.ts
  const range = KUBERNETES_BY_TALOS[`${t[0]}.${t[1]}`];
  if (!range) return; // an unsupported Talos line is reported by versions.ts
  const [min, max] = range;
  if (k[1] >= min && k[1] <= max) return;
  r.report("kubernetesNotSupportedByTalos", kubernetes.span, `Talos ${t[0]}.${t[1]} runs Kubernetes 1.${min} to 1.${max}, not ${kubernetes.value}; pick a Kubernetes release in that range or a Talos release that supports ${kubernetes.value}`, {
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
 * `encrypt-disk` seals the LUKS key to the TPM. Talos binds it to the SecureBoot state (PCR 7)
 * and calls TPM encryption strong only together with SecureBoot: without it, a tampered boot
 * chain still unlocks the disk.
 */
function checkTpmEncryption(l: Lowered, r: Reporter): void {
  for (const node of l.nodes) {
    if (!node.encryptDisk || node.secureboot) continue;
    r.report("tpmWithoutSecureBoot", node.nameSpan, `node '${node.name}' seals its disk key to the TPM but does not boot with secure boot, so a tampered boot chain still unlocks the disk; add secureboot = true (and boot the secure-boot image)`);
  }
}
