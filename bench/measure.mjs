// Runs one labc CLI invocation in this process and reports its peak RSS on stderr as JSON.
import { main } from "../dist/bundle/labc.js";

const code = await main(process.argv.slice(2));
process.stderr.write(`\n@@labc-bench ${JSON.stringify({ code, maxRssKiB: process.resourceUsage().maxRSS })}\n`);
process.exitCode = code;
