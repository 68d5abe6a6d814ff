// labc benchmark: wall time and peak memory of `labc build` on generated clusters, and the ratio
// to a bare `node -e 0`. Usage: npm run bench  (BENCH_RUNS=5 to change the repetitions,
// BENCH_SIZES=10,100 to pick the generated clusters).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeCluster, benchEnv } from "./generate.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 3);
const demoKey = join(root, "examples", "homelab", "age.key");

function time(args, env = {}, before = () => {}) {
  const samples = [];
  let rss = 0;
  for (let i = 0; i < runs; i++) {
    before();
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, encoding: "utf8" });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) throw new Error(`${args.join(" ")} failed:\n${r.stderr}`);
    const m = /@@labc-bench (.*)/.exec(r.stderr ?? "");
    if (m) rss = Math.max(rss, JSON.parse(m[1]).maxRssKiB);
    samples.push(ms);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)], rssMiB: rss / 1024 };
}

const baseline = time(["-e", "0"]).median;
const rows = [];
const row = (name, r) => rows.push({ case: name, "median s": (r.median / 1000).toFixed(3), "× node -e 0": (r.median / baseline).toFixed(1), "peak MiB": r.rssMiB ? r.rssMiB.toFixed(0) : "-" });

row("node -e 0", { median: baseline, rssMiB: 0 });
const scratch = mkdtempSync(join(tmpdir(), "labc-bench-"));
try {
  // The bundled example, warm (a second build over its own output: the common case).
  const out = join(scratch, "homelab-out");
  time(["bench/measure.mjs", "build", "examples/homelab/cluster.lab", "--out", out], { SOPS_AGE_KEY_FILE: demoKey });
  row("homelab build (rebuild)", time(["bench/measure.mjs", "build", "examples/homelab/cluster.lab", "--out", out], { SOPS_AGE_KEY_FILE: demoKey }));
  row("homelab check", time(["bench/measure.mjs", "check", "examples/homelab/cluster.lab"]));
  // BENCH_SIZES=10 (apps, comma-separated) limits the generated clusters; the smoke test uses it.
  const sizes = [[10, 3], [100, 10], [1000, 50]].filter(([apps]) => !process.env.BENCH_SIZES || process.env.BENCH_SIZES.split(",").includes(String(apps)));
  for (const [apps, nodes] of sizes) {
    const dir = join(scratch, `c-${apps}-${nodes}`);
    const entry = writeCluster(dir, { apps, nodes }, demoKey);
    const o = join(dir, "out");
    const env = { ...benchEnv, SOPS_AGE_KEY_FILE: demoKey };
    // The Talos PKI is made once per cluster (RSA-4096 dominates); timed on its own.
    row(`${apps} apps, ${nodes} nodes: first build ever (new PKI)`, time(["bench/measure.mjs", "build", entry, "--out", o, "--new-cluster"], env, () => {
      rmSync(join(dir, "talsecret.sops.yaml"), { force: true });
      rmSync(o, { recursive: true, force: true });
    }));
    row(`${apps} apps, ${nodes} nodes: build into an empty dir`, time(["bench/measure.mjs", "build", entry, "--out", o], env, () => rmSync(o, { recursive: true, force: true })));
    row(`${apps} apps, ${nodes} nodes: rebuild`, time(["bench/measure.mjs", "build", entry, "--out", o], env));
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
console.table(rows);
