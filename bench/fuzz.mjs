// The hostile-input fuzzer at scale: 100,000 inputs (FUZZ_RUNS to change, FUZZ_SEED to vary),
// each loaded, checked, rendered and formatted in a worker; a watchdog counts an input that
// takes more than 10 s as a hang and restarts the worker past it. Prints the counts of crashes,
// hangs and inputs over one second, and the slowest inputs. Exit 1 if any crash, hang or slow input.
// FUZZ_SAVE=dir writes each crashing, hanging or slow input there as <index>.lab, to reproduce.
// Usage: npm run build && node bench/fuzz.mjs
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { fileURLToPath } from "node:url";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = fileURLToPath(new URL("..", import.meta.url));
const RUNS = Number(process.env.FUZZ_RUNS ?? 100_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261203);
const MAX_REPEAT = Number(process.env.FUZZ_MAX_REPEAT ?? 15_000);
const HANG_MS = 10_000;
const SAVE = process.env.FUZZ_SAVE;
// FUZZ_ONLY=<index> runs (and, with FUZZ_SAVE, saves) that one input of the stream: how to get a hang's input.
const ONLY = process.env.FUZZ_ONLY === undefined ? undefined : Number(process.env.FUZZ_ONLY);

if (isMainThread) {
  const started = Date.now();
  const slowest = [];
  const crashes = [];
  const hangs = [];
  let done = 0;
  let over = 0;
  let largest = 0;
  const remember = (entry) => {
    slowest.push(entry);
    slowest.sort((a, b) => b.ms - a.ms);
    slowest.length = Math.min(slowest.length, 10);
  };
  const runFrom = (from) =>
    new Promise((resolve) => {
      const worker = new Worker(fileURLToPath(import.meta.url), { workerData: { from, runs: RUNS, seed: SEED, maxRepeat: MAX_REPEAT, root } });
      let current = from;
      let last = Date.now();
      const watchdog = setInterval(() => {
        if (Date.now() - last < HANG_MS) return;
        hangs.push({ index: current });
        clearInterval(watchdog);
        void worker.terminate().then(() => resolve(current + 1));
      }, 500);
      worker.on("message", (m) => {
        last = Date.now();
        if (m.kind === "start") current = m.index;
        else if (m.kind === "done") {
          done++;
          largest = Math.max(largest, m.length);
          if (m.ms >= 1000) over++;
          if (!slowest.length || slowest.length < 10 || m.ms > slowest[slowest.length - 1].ms) remember(m);
          if (done % 10_000 === 0) process.stderr.write(`${done} inputs…\n`);
        } else if (m.kind === "crash") {
          done++;
          crashes.push(m);
        }
      });
      worker.on("exit", () => {
        clearInterval(watchdog);
        resolve(RUNS);
      });
      worker.on("error", (e) => {
        crashes.push({ index: current, error: String(e && e.message), preview: "(worker died)" });
        clearInterval(watchdog);
        resolve(current + 1);
      });
    });
  let next = ONLY ?? 0;
  while (next < RUNS && (ONLY === undefined || next <= ONLY)) next = await runFrom(next);
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`inputs: ${done} in ${secs}s (seed ${SEED}, largest ${largest} characters)`);
  console.log(`crashes: ${crashes.length}`);
  console.log(`hangs (> ${HANG_MS / 1000}s): ${hangs.length}`);
  console.log(`inputs over one second: ${over}`);
  for (const c of crashes.slice(0, 10)) console.log(`  crash #${c.index}: ${c.error}\n    ${c.preview}`);
  for (const h of hangs.slice(0, 10)) console.log(`  hang #${h.index} (FUZZ_ONLY=${h.index} FUZZ_SAVE=dir writes it)`);
  console.log("slowest inputs:");
  for (const s of slowest) console.log(`  #${s.index}  ${s.ms.toFixed(1)} ms  ${s.length} chars  ${s.diagnostics} diagnostics  ${s.preview}`);
  process.exitCode = crashes.length || hangs.length || over ? 1 : 0;
} else {
  const { from, runs, seed, maxRepeat, root: repo } = workerData;
  const fc = (await import("fast-check")).default;
  const { hostileInput, runHostile } = await import(`${repo}/dist/test/support/hostile-inputs.js`);
  // Input i comes from its own seed, so it is the same whichever worker (after a restart) draws
  // it, and no worker holds the whole stream in memory (100,000 inputs of up to ~80 KB did not
  // fit, and the garbage collector's thrashing was counted as a hang).
  const arbitrary = hostileInput(maxRepeat);
  const inputs = { at: (index) => fc.sample(arbitrary, { numRuns: 1, seed: (seed + index) | 0 })[0] };
  const preview = (s) => JSON.stringify(s.length > 60 ? `${s.slice(0, 40)}…(${s.length})` : s);
  const save = (index) => {
    if (!SAVE) return;
    mkdirSync(SAVE, { recursive: true });
    writeFileSync(join(SAVE, `${index}.lab`), inputs.at(index));
  };
  for (let index = ONLY ?? from; index < (ONLY === undefined ? runs : ONLY + 1); index++) {
    const input = inputs.at(index);
    parentPort.postMessage({ kind: "start", index });
    if (ONLY !== undefined) save(index); // before running it: a hang leaves it behind too
    const t0 = performance.now();
    try {
      const r = runHostile(input);
      const ms = performance.now() - t0;
      if (ms >= 1000) save(index);
      parentPort.postMessage({ kind: "done", index, ms: performance.now() - t0, length: input.length, diagnostics: r.diagnostics, preview: preview(input) });
    } catch (error) {
      save(index);
      parentPort.postMessage({ kind: "crash", index, error: String(error && error.message).slice(0, 200), preview: preview(input) });
    }
  }
}
