// Runs every compiled test file under dist/test with node's own test runner.
// FILTER=<substring> narrows to matching files; UPDATE_GOLDEN=1 is passed through to golden suites.
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const testRoot = join(root, "dist", "test");

function collect(dir, out) {
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) collect(full, out);
    else if (name.endsWith(".test.js")) out.push(full);
  }
  return out;
}

const filter = process.env.FILTER;
const files = collect(testRoot, []).filter((f) => !filter || relative(testRoot, f).includes(filter));
if (files.length === 0) {
  console.error(`no test files found under ${relative(root, testRoot)}${filter ? ` matching ${filter}` : ""}`);
  process.exit(1);
}
// Test files in parallel processes build the same examples in place; their builds wait for each
// other's project lock instead of failing (the tests of the lock itself set their own).
const env = { ...process.env, LABC_LOCK_WAIT: process.env.LABC_LOCK_WAIT ?? "180" };
const result = spawnSync(process.execPath, ["--test", "--test-concurrency=2", ...files], { stdio: "inherit", cwd: root, env });
process.exit(result.status ?? 1);
