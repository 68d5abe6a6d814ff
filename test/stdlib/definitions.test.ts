import { test } from "node:test";
import assert from "node:assert/strict";
import { lookupDefinition, stdlib } from "../../stdlib/index.js";
import { credentialsFromTunnelToken, parseTunnelCredentials, tunnelToken } from "../../stdlib/apps/cloudflare-tunnel.js";
import { homelabCluster } from "../support/homelab-model.js";

const PINNED: Record<string, string> = {
  cilium: "1.18.1",
  coredns: "1.43.3",
  spegel: "0.3.0",
  "metrics-server": "3.13.0",
  reloader: "2.2.2",
  "cert-manager": "v1.18.2",
  "flux-operator": "0.28.0",
  "flux-instance": "0.28.0",
  "cloudflare-dns": "1.18.0",
  "cloudflare-tunnel": "4.2.0",
  "k8s-gateway": "3.2.7",
  "app-template": "4.2.0",
};

test("the stdlib holds the era-A apps, keyed by id, pinned to era-A versions", () => {
  assert.deepEqual([...stdlib.keys()].sort(), Object.keys(PINNED).sort());
  for (const [id, def] of stdlib) {
    assert.equal(def.id, id);
    assert.equal(def.chart.version, PINNED[id], id);
    assert.ok(def.doc.length > 0, id);
    for (const [name, p] of Object.entries(def.params)) assert.ok(p.doc.length > 0, `${id}.${name}`);
  }
  assert.equal(lookupDefinition("nope"), undefined);
  assert.equal(lookupDefinition("cilium")?.id, "cilium");
});

test("installAfter/needs/after name stdlib apps and encode the bootstrap chain; only flux-instance needs another at run time", () => {
  for (const def of stdlib.values()) {
    for (const dep of [...def.installAfter, ...(def.needs ?? []), ...(def.after ?? [])]) assert.ok(stdlib.has(dep), `${def.id} → ${dep}`);
  }
  assert.deepEqual(lookupDefinition("coredns")?.installAfter, ["cilium"]);
  assert.deepEqual(lookupDefinition("spegel")?.installAfter, ["coredns"]);
  assert.deepEqual(lookupDefinition("cert-manager")?.installAfter, ["coredns"]);
  assert.deepEqual(lookupDefinition("cert-manager")?.after, ["spegel"]);
  assert.deepEqual(lookupDefinition("flux-operator")?.installAfter, ["cert-manager"]);
  assert.deepEqual(lookupDefinition("flux-instance")?.needs, ["flux-operator"]);
  // As cluster-template: Flux waits only where an object needs another app's CRDs.
  assert.deepEqual([...stdlib.values()].filter((d) => d.needs?.length).map((d) => d.id), ["flux-instance"]);
  const bootstrap = [...stdlib.values()].filter((d) => d.bootstrap).map((d) => d.id);
  assert.deepEqual(bootstrap, ["cilium", "coredns", "spegel", "cert-manager", "flux-operator", "flux-instance"]);
  assert.equal(lookupDefinition("spegel")?.minNodes, 2);
});

test("load-balancer params are marked for the address checks", () => {
  const cilium = lookupDefinition("cilium")!;
  assert.equal(cilium.params["internal-gateway"]?.loadBalancerAddress, true);
  assert.equal(cilium.params["external-gateway"]?.loadBalancerAddress, true);
  assert.deepEqual(cilium.params["lb-mode"]?.type, { enum: ["dsr", "snat"] });
  assert.equal(cilium.params["lb-mode"]?.default, "dsr");
  assert.equal(lookupDefinition("k8s-gateway")?.params["address"]?.loadBalancerAddress, true);
  for (const [id, param] of [["cert-manager", "token"], ["cloudflare-dns", "token"], ["cloudflare-tunnel", "credentials"], ["flux-instance", "webhook-token"]] as const) {
    assert.equal(lookupDefinition(id)?.params[param]?.type, "secret", `${id}.${param}`);
  }
});

const ctx = (params: Record<string, unknown>, cluster = homelabCluster()) =>
  ({ cluster, name: "x", namespace: "y", params }) as Parameters<NonNullable<ReturnType<typeof lookupDefinition>>["values"]>[0];

test("cilium values follow the cluster: pod CIDR, lb mode, BGP only with all three params", () => {
  const cilium = lookupDefinition("cilium")!;
  const base = { "internal-gateway": "192.168.31.242", "external-gateway": "192.168.31.243", "lb-mode": "snat" };
  const v = cilium.values(ctx(base));
  assert.equal(v["ipv4NativeRoutingCIDR"], "10.42.0.0/16");
  assert.deepEqual(v["loadBalancer"], { algorithm: "maglev", mode: "snat" });
  assert.equal(v["bgpControlPlane"], undefined);
  assert.equal(cilium.values(ctx({ ...base, "bgp-router": "192.168.31.1", "bgp-router-asn": 64513 }))["bgpControlPlane"], undefined);
  assert.deepEqual(
    cilium.values(ctx({ ...base, "bgp-router": "192.168.31.1", "bgp-router-asn": 64513, "bgp-node-asn": 64514 }))["bgpControlPlane"],
    { enabled: true },
  );
});

test("flux-instance syncs the repository; private repositories get the deploy key", () => {
  const def = lookupDefinition("flux-instance")!;
  const pub = def.values(ctx({}))["instance"] as Record<string, any>;
  assert.deepEqual(pub["sync"], { kind: "GitRepository", url: "https://github.com/owner/home-ops.git", ref: "refs/heads/main", path: "kubernetes/flux/cluster" });
  const cluster = homelabCluster({
    repository: { host: "github", owner: "o", name: "r", branch: "prod", visibility: "private", url: "ssh://git@github.com/o/r.git" },
  });
  const priv = def.values(ctx({}, cluster))["instance"] as Record<string, any>;
  // As cluster-template writes it, key order included (the .git suffix keeps Flux from seeing a new URL).
  assert.equal(JSON.stringify(priv["sync"]), JSON.stringify({ kind: "GitRepository", url: "ssh://git@github.com/o/r.git", pullSecret: "github-deploy-key", ref: "refs/heads/prod", path: "kubernetes/flux/cluster" }));
  assert.equal((priv["distribution"] as Record<string, unknown>)["version"], "2.6.4");
});

test("coredns serves at the cluster DNS address", () => {
  const v = lookupDefinition("coredns")!.values(ctx({}, homelabCluster({ clusterDnsAddress: "10.96.0.10" })));
  assert.deepEqual(v["service"], { name: "kube-dns", clusterIP: "10.96.0.10" });
});

test("tunnel token is base64 of compact {a,t,s}; bad credentials fail clearly", () => {
  const creds = parseTunnelCredentials("tunnel", JSON.stringify({ AccountTag: "acc", TunnelSecret: "sec", TunnelID: "id" }));
  assert.equal(Buffer.from(tunnelToken(creds), "base64").toString("utf8"), '{"a":"acc","t":"id","s":"sec"}');
  assert.throws(() => parseTunnelCredentials("tunnel", "not json"), /secret "tunnel": not JSON/);
  assert.throws(() => parseTunnelCredentials("tunnel", JSON.stringify({ AccountTag: "a", TunnelID: "i" })), /TunnelSecret missing/);
});

test("a tunnel token turns back into the credentials it was made from", () => {
  const json = JSON.stringify({ AccountTag: "acc", TunnelSecret: "c2VjcmV0", TunnelID: "6f1e0c56-8a62-4c32-9a3b-2f0c1d9e8b7a" });
  const token = tunnelToken(parseTunnelCredentials("tunnel", json));
  assert.equal(credentialsFromTunnelToken(token), json, "the credentials JSON, fields in the order cloudflared writes them");
  assert.equal(tunnelToken(parseTunnelCredentials("tunnel", credentialsFromTunnelToken(token)!)), token, "and back to the same token");
  // cloudflared's own token (fields in another order) gives the same credentials.
  const reordered = Buffer.from(JSON.stringify({ a: "acc", s: "c2VjcmV0", t: "6f1e0c56-8a62-4c32-9a3b-2f0c1d9e8b7a" })).toString("base64");
  assert.equal(credentialsFromTunnelToken(reordered), json);
  for (const bad of ["", "not base64!", Buffer.from("[1]").toString("base64"), Buffer.from('{"a":"x","t":"y"}').toString("base64"), Buffer.from("{").toString("base64")]) {
    assert.equal(credentialsFromTunnelToken(bad), undefined, bad);
  }
});
