import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { repoPath, repoRoot, upstreamPath, upstreamRoot } from "./paths.js";

function filesBelow(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (name === "node_modules") return [];
    const full = join(dir, name);
    return statSync(full).isDirectory() ? filesBelow(full) : [full];
  });
}

test("repo root holds package.json and the vendored upstream data sits in test/upstream", () => {
  assert.ok(existsSync(join(repoRoot, "package.json")));
  assert.ok(existsSync(join(repoRoot, "tsconfig.json")));
  assert.equal(upstreamRoot, join(repoRoot, "test", "upstream"));
  for (const part of [
    ["SOURCES.md"],
    ["schemas", "talos", "config.schema.json"],
    ["schemas", "talhelper", "talconfig.json"],
    ["schemas", "k8s", "v1.36-standalone-strict", "secret-v1.json"],
    ["schemas", "crds", "helm.toolkit.fluxcd.io", "helmrelease_v2.json"],
    ["vectors", "talos", "secrets.yaml"],
    ["sops-vectors", "getsops-sops", "age-keys.txt"],
    ["tools", "validate-tree.mjs"],
    ["tools", "package-lock.json"],
  ]) {
    assert.ok(existsSync(upstreamPath(...part)), `test/upstream/${part.join("/")} is missing`);
  }
});

test("upstreamPath never leaves test/upstream, even for files that are not vendored", () => {
  const missing = upstreamPath("schemas", "crds", "fluxcd.controlplane.io", "fluxinstance_v1.json");
  assert.equal(relative(upstreamRoot, missing), join("schemas", "crds", "fluxcd.controlplane.io", "fluxinstance_v1.json"));
  assert.ok(!existsSync(missing));
});

test("SOURCES.md names the origin of every vendored file", () => {
  const sources = readFileSync(upstreamPath("SOURCES.md"), "utf8");
  // Each entry names a file or a folder (ending in /) as `test/upstream/...` in backticks.
  const named = [...sources.matchAll(/`test\/upstream\/([^`\s]+)`/g)].map((m) => m[1]!);
  for (const file of filesBelow(upstreamRoot).map((f) => relative(upstreamRoot, f).split("\\").join("/"))) {
    if (file === "SOURCES.md") continue;
    assert.ok(named.some((n) => n === file || (n.endsWith("/") && file.startsWith(n))), `${file} has no entry in SOURCES.md`);
  }
});

test("no test reads the shared folder beside the repository", () => {
  const outside = ["..", "shared"].join("/");
  const helper = ["shared", "Path"].join("");
  for (const file of filesBelow(repoPath("test")).filter((f) => f.endsWith(".ts") || f.endsWith(".mjs"))) {
    const text = readFileSync(file, "utf8");
    assert.ok(!text.includes(outside) && !text.includes(helper), `${relative(repoRoot, file)} still reads ${outside}`);
  }
});
