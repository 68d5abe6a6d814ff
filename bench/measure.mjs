// Runs one labc CLI invocation in this process and reports its peak RSS and CPU time on stderr as
// JSON. The CPU time includes the processes it ran and waited for (git), from /proc where there is one.
import { readFileSync } from "node:fs";
import { main } from "../dist/bundle/labc.js";

/** CPU time of waited-for children, in ms (clock ticks of 10 ms on Linux); 0 without /proc. */
function childrenCpuMs() {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return 0;
  }
}

const code = await main(process.argv.slice(2));
const cpu = process.cpuUsage();
process.stderr.write(`\n@@labc-bench ${JSON.stringify({ code, maxRssKiB: process.resourceUsage().maxRSS, cpuMs: (cpu.user + cpu.system) / 1000 + childrenCpuMs() })}\n`);
process.exitCode = code;
