// Runs one labc CLI invocation in this process and reports its peak RSS and CPU time on stderr as JSON.
import { main } from "../dist/bundle/labc.js";

const code = await main(process.argv.slice(2));
const cpu = process.cpuUsage();
process.stderr.write(`\n@@labc-bench ${JSON.stringify({ code, maxRssKiB: process.resourceUsage().maxRSS, cpuMs: (cpu.user + cpu.system) / 1000 })}\n`);
process.exitCode = code;
