#!/usr/bin/env node
// The CLI entry; everything else loads lazily from the compiled tree.
import { main } from "../dist/bundle/labc.js";

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    // Reaching here is a bug in labc: say so plainly, without a stack that could echo input.
    process.stderr.write(`labc: internal error: ${error && error.message ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
