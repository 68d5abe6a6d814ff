import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { repoRoot, sharedRoot } from "./paths.js";

test("repo root holds package.json and shared/ sits beside it", () => {
  assert.ok(existsSync(join(repoRoot, "package.json")));
  assert.ok(existsSync(join(repoRoot, "tsconfig.json")));
  assert.ok(existsSync(join(sharedRoot, "schemas")));
});
