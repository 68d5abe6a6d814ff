// Writes a synthetic cluster.lab with N plain apps and M nodes (plus the stdlib core) for the benchmark.
import { writeFileSync, mkdirSync, copyFileSync } from "node:fs";
import { join } from "node:path";

/**
 * `variant` changes the image tag of every app (a rebuild with every app changed); `changedApp`
 * with it changes only that app's (a rebuild after changing one app).
 */
export function writeCluster(dir, { apps, nodes, variant = 0, changedApp }, demoKey) {
  mkdirSync(dir, { recursive: true });
  copyFileSync(demoKey, join(dir, "age.key"));
  const ns = (i) => `team-${i % 20}`;
  const minor = (i) => (changedApp === undefined || changedApp === i ? variant : 0);
  const lines = [
    "cluster bench {",
    "  talos = v1.10.7",
    "  kubernetes = v1.33.4",
    "  endpoint = 10.0.0.5",
    '  domain = "bench.example.com"',
    '  repository = github("owner/bench")',
    '  recipients = ["age1m4acj4mjupv5wgxtruey44wpq34tqkk7hkkj77566vy0t80gqfmsdmpcvk"]',
    "}",
    "network lan { cidr = 10.0.0.0/16 }",
  ];
  for (let i = 0; i < nodes; i++) {
    const role = i < Math.min(3, nodes) && (i < 1 || nodes >= 3) ? "controlplane" : "worker";
    const mac = `52:54:00:00:${String(Math.floor(i / 256).toString(16)).padStart(2, "0")}:${(i % 256).toString(16).padStart(2, "0")}`;
    lines.push(`node n-${i} { role = ${role} address = 10.0.1.${i + 10} mac = ${mac} disk = "/dev/sda" schematic = "376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba" }`);
  }
  lines.push(
    'secret cf = env("BENCH_TOKEN")',
    'secret tunnel = env("BENCH_TUNNEL")',
    "secret hook = env(\"BENCH_TOKEN\")",
    "app cilium { internal-gateway = 10.0.2.1 external-gateway = 10.0.2.2 }",
    "app coredns {}",
    ...(nodes > 1 ? ["app spegel {}"] : []),
    "app metrics-server {}",
    "app reloader {}",
    "app cert-manager { token = cf }",
    "app flux-operator {}",
    "app flux-instance { webhook-token = hook }",
    "app cloudflare-dns { token = cf }",
    "app cloudflare-tunnel { credentials = tunnel }",
    "app k8s-gateway { address = 10.0.2.3 }",
  );
  // labc reads at most 1 MiB from one file: beyond 1,000 apps they go in imported files of 1,000.
  const appLines = [];
  for (let i = 0; i < apps; i++) {
    appLines.push(
      `app svc-${i} in ${ns(i)} {`,
      "  chart = std.app-template",
      `  values { controllers { main { containers { app { image { repository = "ghcr.io/example/svc-${i}" tag = "1.${minor(i)}.${i}" } } } } } service { app { controller = "main" ports { http { port = 8080 } } } } }`,
      `  route = internal("svc-${i}")`,
      i > 0 && i % 10 === 0 ? `  depends = [svc-${i - 1}]` : "",
      "}",
    );
  }
  const perApp = 6;
  if (apps <= 1000) lines.push(...appLines);
  else {
    for (let f = 0; f * 1000 < apps; f++) {
      writeFileSync(join(dir, `apps-${f}.lab`), appLines.slice(f * 1000 * perApp, (f + 1) * 1000 * perApp).filter(Boolean).join("\n") + "\n");
      lines.unshift(`import "apps-${f}.lab"`);
    }
  }
  writeFileSync(join(dir, "cluster.lab"), lines.filter(Boolean).join("\n") + "\n");
  return join(dir, "cluster.lab");
}

export const benchEnv = {
  BENCH_TOKEN: "bench-token-not-secret",
  BENCH_TUNNEL: JSON.stringify({ AccountTag: "acct", TunnelSecret: "c2VjcmV0", TunnelID: "11111111-2222-4333-8444-555555555555" }),
};
