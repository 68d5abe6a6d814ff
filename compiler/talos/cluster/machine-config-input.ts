import type { ClusterModel, InstallDisk, NodeModel } from "../../model/model.js";
import type { InstallDiskTarget, MachineConfigInput } from "../config/input.js";
import { contractFromTalosVersion, type TalosContract } from "../releases.js";
import type { SecretsBundle } from "../secrets/bundle.js";
import { installerImageRef } from "./install-image.js";
import { nodeInterfaces } from "./node-interface.js";
import { templatePatches } from "./template-patches.js";

/** The cluster's Talos version is outside the contracts labc can generate. */
export class UnsupportedTalosVersionError extends Error {
  override readonly name = "UnsupportedTalosVersionError";
}

/** The config layout follows the cluster's Talos version; a version labc can't generate is an error, never a guess. */
export function clusterContract(cluster: ClusterModel): TalosContract {
  const result = contractFromTalosVersion(cluster.talosVersion);
  if (!result.ok) throw new UnsupportedTalosVersionError(result.error);
  return result.contract;
}

function installDisk(disk: InstallDisk): InstallDiskTarget {
  if (disk.kind === "path") return { path: disk.path };
  return {
    selector: {
      ...(disk.serial !== undefined ? { serial: disk.serial } : {}),
      ...(disk.model !== undefined ? { model: disk.model } : {}),
      ...(disk.busPath !== undefined ? { busPath: disk.busPath } : {}),
    },
  };
}

/**
 * One node's generator input, built from the model the way talhelper turns labc's talconfig.yaml
 * into a machine config: the cluster fields feed Talos's generator, the node entry (hostname,
 * disk, installer, NIC) is layered on top, then the patches. Nameservers, NTP servers and the
 * kubelet node-IP subnets are deliberately not node settings here: talconfig.yaml carries them
 * in the global patches (machine-network, machine-time, machine-kubelet), and setting them twice
 * would append every list a second time under Talos's merge rules.
 */
export function machineConfigInput(cluster: ClusterModel, node: NodeModel, secrets: SecretsBundle): MachineConfigInput {
  const contract = clusterContract(cluster);
  return {
    contract,
    machineType: node.role,
    clusterName: cluster.name,
    endpoint: cluster.apiServerUrl,
    kubernetesVersion: cluster.kubernetesVersion,
    secrets,
    // talconfig.yaml anchors one list for additionalApiServerCertSans and additionalMachineCertSans.
    additionalSans: [...cluster.certSans],
    podSubnets: [cluster.podCidr.text],
    serviceSubnets: [cluster.serviceCidr.text],
    // Cilium is installed by the bootstrap helmfile; Talos must not deploy flannel first.
    cni: { name: "none" },
    node: {
      hostname: node.name,
      installDisk: installDisk(node.disk),
      installImage: installerImageRef(cluster, node),
      interfaces: nodeInterfaces(cluster, node),
    },
    patches: templatePatches(cluster, node),
  };
}
