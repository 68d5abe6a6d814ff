import { BOND_MODES, DISK_KEYS } from "../model/model.js";
import { T, type FieldSpec } from "./fields/field-types.js";

/** The fields each declaration kind takes. `doc` is shown in hover and in missing-field messages. */

export const clusterSchema: Record<string, FieldSpec> = {
  talos: { type: T.version, required: true, doc: "the Talos Linux version, e.g. v1.10.7" },
  kubernetes: { type: T.version, required: true, doc: "the Kubernetes version, e.g. v1.33.4" },
  endpoint: { type: T.ipv4, required: true, doc: "the API server VIP shared by the control planes; the API is https://<endpoint>:6443" },
  pods: { type: T.cidr, doc: "the pod network (default 10.42.0.0/16)" },
  services: { type: T.cidr, doc: "the service network (default 10.43.0.0/16); CoreDNS gets its 10th address" },
  domain: { type: T.dnsName, required: true, doc: "the public DNS domain apps are published under, e.g. \"example.com\"" },
  repository: { type: T.repository, required: true, doc: 'the Git repository Flux syncs from, e.g. github("owner/home-ops", branch: "main")' },
  sans: { type: T.list(T.address), doc: "extra names or addresses for the API server and Talos certificates" },
  recipients: { type: T.recipients, required: true, doc: 'age public keys every secret is encrypted to, e.g. ["age1…"]; a list of lists makes key groups, [["age1…", "age1…"], ["age1…"]], whose keys are needed together' },
  "shamir-threshold": { type: T.integer(), doc: "with key groups: how many groups' keys it takes to decrypt (default: every group)" },
  patches: { type: T.list(T.file), doc: 'Talos config patches for every node, e.g. [file("patches/all/dns.yaml")]: strategic merge or RFC 6902, applied last, as talhelper applies its top-level patches' },
  "controlplane-patches": { type: T.list(T.file), doc: "Talos config patches for the control planes, applied first, after labc's controller patches" },
  "worker-patches": { type: T.list(T.file), doc: "Talos config patches for the workers, applied first" },
};

export const networkSchema: Record<string, FieldSpec> = {
  cidr: { type: T.cidr, required: true, doc: "the network's range, e.g. 192.168.1.0/24" },
  gateway: { type: T.ipv4, doc: "the default gateway (default: the first host of the network)" },
  nameservers: { type: T.list(T.ipv4), doc: "DNS servers for the nodes (default [1.1.1.1, 1.0.0.1])" },
  ntp: { type: T.list(T.address), doc: "NTP servers for the nodes (default Cloudflare's 162.159.200.1 and 162.159.200.123)" },
  vlan: { type: T.integer(1, 4094), doc: "802.1Q VLAN tag the node addresses live on" },
  mtu: { type: T.integer(1280, 9000), doc: "interface MTU (default 1500)" },
};

export const schematicSchema: Record<string, FieldSpec> = {
  extensions: { type: T.list(T.string), doc: 'official system extensions, e.g. ["siderolabs/i915", "siderolabs/intel-ucode"]' },
  "kernel-args": { type: T.list(T.string), doc: 'extra kernel arguments baked into the image, e.g. ["net.ifnames=0"]' },
};

export const bondSchema: Record<string, FieldSpec> = {
  macs: { type: T.list(T.mac), required: true, doc: "the MAC addresses of the NICs to bond" },
  mode: { type: T.enumOf(...BOND_MODES), required: true, doc: 'the bonding mode: "802.3ad" (LACP, needs a switch that speaks it), active-backup, balance-rr, balance-xor, broadcast, balance-tlb or balance-alb' },
  "lacp-rate": { type: T.enumOf("slow", "fast"), doc: "how often 802.3ad partners exchange LACP frames (default slow)" },
  "xmit-hash-policy": { type: T.enumOf("layer2", "layer2+3", "layer3+4", "encap2+3", "encap3+4"), doc: 'how traffic is spread over the members, e.g. "layer3+4" (default layer2)' },
  miimon: { type: T.integer(0, 60000), doc: "how often, in milliseconds, the members' links are checked (default 100; 0 turns it off)" },
  updelay: { type: T.integer(0, 60000), doc: "milliseconds a member's link must stay up before it carries traffic again, a multiple of miimon (default on 802.3ad: twice miimon)" },
  downdelay: { type: T.integer(0, 60000), doc: "milliseconds a member's link must stay down before it is taken out, a multiple of miimon (default on 802.3ad: twice miimon)" },
};

export const routeSchema: Record<string, FieldSpec> = {
  to: { type: T.cidr, required: true, doc: "the destination network, e.g. 10.50.0.0/16" },
  via: { type: T.ipv4, required: true, doc: "the gateway: an address inside one of the node's networks" },
  metric: { type: T.integer(1, 65535), doc: "the route's priority; the lowest wins (default Talos's 1024)" },
};

export const nicSchema: Record<string, FieldSpec> = {
  network: { type: T.ref("network"), required: true, doc: "the declared network this NIC is on" },
  address: { type: T.ipv4, required: true, doc: "the NIC's static address inside its network" },
  mac: { type: T.mac, doc: "the MAC address that selects the NIC (or bond { … })" },
  bond: { type: T.record("a bond", bondSchema), doc: 'several NICs as one link: bond { macs = [aa:…, bb:…]  mode = "802.3ad" } (instead of mac)' },
  mtu: { type: T.integer(1280, 9000), doc: "interface MTU (default: the network's)" },
  routes: { type: T.list(T.record("a route", routeSchema)), doc: "static routes through a gateway on this NIC's network, e.g. [{ to = 10.50.0.0/16  via = 10.10.0.1 }]" },
};

export const nodeSchema: Record<string, FieldSpec> = {
  role: { type: T.enumOf("controlplane", "worker"), required: true, doc: "controlplane or worker" },
  address: { type: T.ipv4, required: true, doc: "the node's static address inside its network" },
  network: { type: T.ref("network"), doc: "the network the node lives on (default: the only network)" },
  mac: { type: T.mac, doc: "the MAC address that selects the node's network interface (or bond { … })" },
  bond: { type: T.record("a bond", bondSchema), doc: 'several NICs as the node\'s link: bond { macs = [aa:…, bb:…]  mode = "802.3ad" } (instead of mac)' },
  nics: { type: T.namedRecords("a NIC", nicSchema), doc: "NICs on other networks: nics { storage { mac = …  network = san  address = … } }" },
  routes: { type: T.list(T.record("a route", routeSchema)), doc: "static routes besides the default one, each through a gateway on one of the node's networks: [{ to = 10.50.0.0/16  via = 10.10.0.1 }]" },
  disk: { type: T.disk, required: true, doc: 'the install disk: a path such as "/dev/sda" or disk { serial = "…" }' },
  schematic: { type: T.schematic(schematicSchema), required: true, doc: 'the Talos image factory schematic: its ID (64 hex characters), or schematic { extensions = ["siderolabs/…"]  kernel-args = […] } from which labc computes the ID' },
  secureboot: { type: T.boolean, doc: "install the secure-boot image (default false)" },
  "encrypt-disk": { type: T.boolean, doc: "encrypt STATE and EPHEMERAL with LUKS2 (default false); the key is the disk-key's" },
  "disk-key": { type: T.enumOf(...DISK_KEYS), doc: "what unlocks the encrypted disk: tpm (sealed to the TPM; needs secureboot = true) or node-id (derived from the node's identity: no TPM needed, but it only protects a disk taken away alone) (default tpm)" },
  mtu: { type: T.integer(1280, 9000), doc: "interface MTU (default: the network's)" },
  "kernel-modules": { type: T.list(T.string), doc: "kernel modules to load, e.g. for system extensions" },
  patches: { type: T.list(T.file), doc: 'Talos config patches for this node, e.g. [file("patches/cp-01/extra.yaml")]: applied after the role\'s patches, before the cluster-wide ones' },
};

/** Fields every app takes; a stdlib definition adds its own parameters. */
export const appSchema: Record<string, FieldSpec> = {
  chart: { type: T.chart, doc: 'the chart: std.app-template or oci("oci://…", version)' },
  version: { type: T.version, doc: "the chart version (default: the version labc pins)" },
  values: { type: T.values, doc: "Helm values merged over the definition's defaults" },
  "values-unchecked": { type: T.list(T.string), doc: 'value paths the chart table check skips, e.g. ["controllers.*.pod"]' },
  depends: { type: T.list(T.ref("app")), doc: "apps that must be ready first" },
  route: { type: T.route, doc: 'publish the app: external("host") through the tunnel, or internal("host")' },
};

export { declarationKinds, type DeclarationKind } from "../../lang/syntax/declaration-kinds.js";
