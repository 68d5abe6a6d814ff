import { nodeNics, type ClusterModel, type LoadBalancerAddress } from "../model/model.js";
import { cidrContains } from "../net/ipv4.js";
import { diagramId, DIAGRAM_SCHEMA_VERSION, type Diagram, type DiagramEdge, type DiagramGroup, type DiagramNode } from "./diagram.js";

/**
 * The network picture of the seed guide's "IP address scheme": each node network with its
 * router, nodes, the API VIP and the load-balancer addresses Cilium announces there, then the
 * pod and service networks inside the cluster.
 */
export function architectureGraph(cluster: ClusterModel): Diagram {
  const groups: DiagramGroup[] = [];
  const nodes: DiagramNode[] = [];
  const edges: DiagramEdge[] = [];
  const used = cluster.networks.filter((n) => cluster.nodes.some((node) => nodeNics(node).some((nic) => nic.network.name === n.name)));

  for (const network of used) {
    const group = diagramId("net", network.name);
    groups.push({ id: group, label: `network ${network.name}: ${network.cidr.text}${network.vlan === undefined ? "" : `, VLAN ${network.vlan}`}` });
    // A network only extra NICs are on is no node's way out: its gateway serves static routes only.
    const isDefault = cluster.nodes.some((node) => node.network.name === network.name);
    nodes.push({ id: diagramId("router", network.name), label: [isDefault ? "router (default gateway)" : "gateway", network.gateway], group, role: "router" });
  }
  const vipNetwork = used.find((n) => cidrContains(n.cidr, cluster.endpoint)) ?? cluster.network;
  nodes.push({ id: "vip", label: ["Kubernetes API VIP", `${cluster.endpoint}:6443`], group: diagramId("net", vipNetwork.name), role: "vip" });

  for (const node of cluster.nodes) {
    const id = diagramId("node", node.name);
    const role = node.role === "controlplane" ? "control plane" : "worker";
    nodes.push({ id, label: [`${node.name} (${role})`, node.address], group: diagramId("net", node.network.name), role: node.role });
    edges.push({ from: id, to: diagramId("router", node.network.name), label: "default route", dashed: true });
    if (node.role === "controlplane") edges.push({ from: "vip", to: id, label: "held by one control plane", dashed: true });
    for (const nic of node.nics ?? []) {
      const nicId = diagramId("nic", `${node.name}-${nic.name}`);
      nodes.push({ id: nicId, label: [`${node.name}: NIC ${nic.name}`, nic.address], group: diagramId("net", nic.network.name), role: node.role });
      edges.push({ from: id, to: nicId, label: "also on" });
    }
  }

  for (const lb of cluster.loadBalancerAddresses) {
    const network = used.find((n) => cidrContains(n.cidr, lb.address)) ?? cluster.network;
    nodes.push({ id: lbId(lb), label: [describeBalancer(lb), lb.address], group: diagramId("net", network.name), role: "load-balancer" });
  }

  const clusterGroup = diagramId("cluster", cluster.name);
  groups.push({ id: clusterGroup, label: `Kubernetes ${cluster.kubernetesVersion} on Talos ${cluster.talosVersion}` });
  groups.push({ id: "pods", label: `pod network: ${cluster.podCidr.text}`, parent: clusterGroup });
  groups.push({ id: "services", label: `service network: ${cluster.serviceCidr.text}`, parent: clusterGroup });
  nodes.push({ id: "pod_ips", label: ["every pod gets an address here", "(Cilium IPAM)"], group: "pods", role: "network" });
  nodes.push({ id: "cluster_dns", label: ["cluster DNS (CoreDNS)", cluster.clusterDnsAddress], group: "services", role: "cluster-dns" });
  cluster.nodes.forEach((node, i) => edges.push({ from: diagramId("node", node.name), to: "pod_ips", ...(i === 0 ? { label: "runs pods" } : {}) }));

  const tunnel = cluster.apps.find((a) => a.definition.id === "cloudflare-tunnel");
  const cilium = cluster.apps.find((a) => a.definition.id === "cilium");
  const external = cluster.loadBalancerAddresses.find((lb) => lb.app === cilium?.name && lb.param === "external-gateway");
  if (tunnel && external) {
    nodes.push({ id: "internet", label: ["Internet", "Cloudflare tunnel"], role: "external" });
    edges.push({ from: "internet", to: lbId(external), label: `via ${tunnel.name}` });
  }
  return {
    schemaVersion: DIAGRAM_SCHEMA_VERSION,
    kind: "architecture",
    title: `Architecture of cluster ${cluster.name}`,
    legend: "boxes are networks; load-balancer addresses are announced by Cilium on the node network",
    direction: "TB",
    groups,
    nodes,
    edges,
  };
}

/** The label of a load-balancer address: what it is and which app announces it. */
function describeBalancer(lb: LoadBalancerAddress): string {
  return lb.param === "address" ? `${lb.app} (LoadBalancer)` : `${lb.param.replace(/-/g, " ")} (${lb.app})`;
}

function lbId(lb: LoadBalancerAddress): string {
  return diagramId("lb", `${lb.app}_${lb.param}`);
}
