/**
 * Phase timings for `LABC_TIMINGS=1 labc build`, printed to stderr: the benchmark and anyone
 * chasing a slow build can see where the time goes without a profiler.
 */
const enabled = process.env["LABC_TIMINGS"] === "1";
let last = performance.now();

export function mark(label: string): void {
  if (!enabled) return;
  const now = performance.now();
  process.stderr.write(`[labc] ${label.padEnd(28)} ${(now - last).toFixed(1).padStart(7)} ms  (t=${now.toFixed(0)} ms)\n`);
  last = now;
}
