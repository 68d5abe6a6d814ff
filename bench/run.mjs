// labc benchmark: wall time, CPU time and peak memory of `labc build` and `labc check` on the
// homelab example and generated clusters, each as a fresh process, with the ratio of each to a
// bare `node -e 0` run beside it (the ratios are what the targets are stated in, so they hold on
// a loaded machine). Usage: npm run bench  (BENCH_RUNS=5 to change the repetitions,
// BENCH_SIZES=10,100 to pick the generated clusters; 10000 is measured only when named; BENCH_README=1
// to write the table into README.md).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeCluster, benchEnv } from "./generate.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 3);
const demoKey = join(root, "examples", "homelab", "age.key");
const REPORT = /@@labc-bench (.*)/;

/**
 * Median wall and CPU time (ms) and peak RSS of `runs` fresh processes; `before(i)` runs untimed
 * before each. Each run is paired with a run of the floor (`node -e 0`) just before it, and the
 * row's ratios are to the floor of its own runs: on a shared machine the load, and the CPU the
 * host steals, change within minutes, and a floor measured once at the start would go stale.
 */
function time(args, env = {}, before = () => {}, repetitions = runs) {
  const walls = [];
  const cpus = [];
  const floorWalls = [];
  const floorCpus = [];
  let rss = 0;
  for (let i = 0; i < repetitions; i++) {
    before(i);
    if (args !== floorArgs) {
      const f = once(floorArgs, {});
      floorWalls.push(f.wall);
      floorCpus.push(f.cpu);
    }
    const r = once(args, env);
    rss = Math.max(rss, r.rss);
    walls.push(r.wall);
    cpus.push(r.cpu);
  }
  const own = { wall: median(walls), cpu: median(cpus) };
  return { ...own, rssMiB: rss / 1024, floor: floorWalls.length > 0 ? { wall: median(floorWalls), cpu: median(floorCpus) } : own };
}

function once(args, env) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, encoding: "utf8", maxBuffer: 64 << 20 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(" ")} failed:\n${r.stderr}`);
  const m = REPORT.exec(r.stderr ?? "");
  if (!m) throw new Error(`${args.join(" ")} reported no figures:\n${r.stderr}`);
  const report = JSON.parse(m[1]);
  return { wall, cpu: report.cpuMs, rss: report.maxRssKiB ?? 0 };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

// The floor: a process that loads nothing, reporting its CPU time the way measure.mjs does.
const floorScript = `process.on("exit", () => { const c = process.cpuUsage(); process.stderr.write("@@labc-bench " + JSON.stringify({ cpuMs: (c.user + c.system) / 1000 })); })`;
const floorArgs = ["-e", floorScript];
const floor = time(floorArgs);
const rows = [];
/** `target`: the most the issue allows, as a ratio to the floor of the row's own runs (CPU and wall), or in MiB. */
function row(name, r, target = {}) {
  const cpuX = r.cpu / r.floor.cpu;
  const wallX = r.wall / r.floor.wall;
  const verdicts = [];
  if (target.ratio !== undefined) verdicts.push(cpuX <= target.ratio && wallX <= target.ratio ? `≤ ${target.ratio}×: met` : `≤ ${target.ratio}×: missed`);
  if (target.seconds !== undefined) verdicts.push(r.wall / 1000 <= target.seconds ? `≤ ${target.seconds} s: met` : `≤ ${target.seconds} s: missed`);
  if (target.mib !== undefined) verdicts.push(r.rssMiB <= target.mib ? `≤ ${target.mib} MiB: met` : `≤ ${target.mib} MiB: missed`);
  if (target.linearOf !== undefined) {
    const base = target.linearOf;
    verdicts.push(r.cpu <= 10 * base.cpu && r.wall <= 10 * base.wall ? `≤ 10× 1,000 apps: met (${(r.cpu / base.cpu).toFixed(1)}×)` : `≤ 10× 1,000 apps: missed (${(r.cpu / base.cpu).toFixed(1)}× CPU)`);
  }
  rows.push({
    case: name,
    "wall s": (r.wall / 1000).toFixed(3),
    "CPU s": (r.cpu / 1000).toFixed(3),
    "× node -e 0 (wall)": wallX.toFixed(1),
    "× node -e 0 (CPU)": cpuX.toFixed(1),
    "node -e 0 s (wall / CPU)": `${(r.floor.wall / 1000).toFixed(3)} / ${(r.floor.cpu / 1000).toFixed(3)}`,
    "peak MiB": r.rssMiB ? r.rssMiB.toFixed(0) : "-",
    target: verdicts.join("; "),
  });
  return r;
}

row("node -e 0", floor);
const scratch = mkdtempSync(join(tmpdir(), "labc-bench-"));
try {
  // The bundled example, warm (a second build over its own output: the common case).
  const out = join(scratch, "homelab-out");
  time(["bench/measure.mjs", "build", "examples/homelab/cluster.lab", "--out", out], { SOPS_AGE_KEY_FILE: demoKey }, () => {}, 1);
  row("homelab build (rebuild)", time(["bench/measure.mjs", "build", "examples/homelab/cluster.lab", "--out", out], { SOPS_AGE_KEY_FILE: demoKey }), { ratio: 2.5 });
  row("homelab check", time(["bench/measure.mjs", "check", "examples/homelab/cluster.lab"]), { ratio: 2 });
  const wanted = process.env.BENCH_SIZES?.split(",");
  const sizes = [[10, 3], [100, 10], [1000, 50], [10000, 50]].filter(([apps]) => (wanted ? wanted.includes(String(apps)) : apps <= 1000));
  const byApps = new Map();
  for (const [apps, nodes] of sizes) {
    const dir = join(scratch, `c-${apps}-${nodes}`);
    const entry = writeCluster(dir, { apps, nodes }, demoKey);
    const o = join(dir, "out");
    const env = { ...benchEnv, SOPS_AGE_KEY_FILE: demoKey };
    const label = `${apps.toLocaleString("en")} apps, ${nodes} nodes`;
    const big = apps >= 10000;
    const reps = big ? 1 : runs;
    const figures = {};
    // The Talos PKI is made once per cluster (RSA-4096 dominates); timed on its own.
    if (!big) {
      row(`${label}: first build ever (new PKI)`, time(["bench/measure.mjs", "build", entry, "--out", o, "--new-cluster"], env, () => {
        rmSync(join(dir, "talsecret.sops.yaml"), { force: true });
        rmSync(o, { recursive: true, force: true });
      }));
    } else {
      time(["bench/measure.mjs", "build", entry, "--out", o, "--new-cluster"], env, () => {}, 1);
    }
    figures.check = row(`${label}: check`, time(["bench/measure.mjs", "check", entry], env, () => {}, reps), big ? { seconds: 0.6 } : {});
    figures.empty = row(`${label}: build into an empty dir`, time(["bench/measure.mjs", "build", entry, "--out", o], env, () => rmSync(o, { recursive: true, force: true }), reps), big ? { linearOf: byApps.get(1000)?.empty, mib: 300 } : {});
    figures.rebuild = row(`${label}: rebuild, nothing changed`, time(["bench/measure.mjs", "build", entry, "--out", o], env, () => {}, reps), big ? { linearOf: byApps.get(1000)?.rebuild } : {});
    // Each repetition changes something against the output it builds over: one app's image tag,
    // or every app's, toggled between two versions.
    const one = Math.floor(apps / 2);
    figures.one = row(
      `${label}: rebuild after changing one app`,
      time(["bench/measure.mjs", "build", entry, "--out", o], env, (i) => writeCluster(dir, { apps, nodes, variant: i % 2 === 0 ? 9 : 0, changedApp: one }, demoKey), reps),
      apps === 1000 ? { ratio: 4, mib: 100 } : big ? { linearOf: byApps.get(1000)?.one } : {},
    );
    writeCluster(dir, { apps, nodes }, demoKey);
    time(["bench/measure.mjs", "build", entry, "--out", o], env, () => {}, 1);
    figures.all = row(
      `${label}: rebuild with every app changed`,
      time(["bench/measure.mjs", "build", entry, "--out", o], env, (i) => writeCluster(dir, { apps, nodes, variant: i % 2 === 0 ? 9 : 0 }, demoKey), reps),
      apps === 1000 ? { ratio: 12, mib: 100 } : big ? { linearOf: byApps.get(1000)?.all, mib: 300 } : {},
    );
    byApps.set(apps, figures);
    rmSync(dir, { recursive: true, force: true });
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
console.table(rows);
const load = loadavg().map((l) => l.toFixed(2)).join(", ");
console.log(`load average (1, 5, 15 min) at the end: ${load}`);
if (process.env.BENCH_README === "1") {
  const { writeReadmeTable } = await import("./readme-table.mjs");
  const about = `Measured ${new Date().toISOString().slice(0, 10)} by \`BENCH_README=1${process.env.BENCH_SIZES ? ` BENCH_SIZES=${process.env.BENCH_SIZES}` : ""} npm run bench\` on ${cpus().length} cores, Node ${process.version}, load average ${load} at the end; medians of ${runs} runs (one for 10,000 apps).`;
  writeReadmeTable(join(root, "README.md"), rows, about);
  console.log("wrote the table into README.md");
}
