import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { removeDir } from "../../support/tree.js";
import { copyExample, demoKeyFile, labc } from "../secrets-store/support/secret-project.js";

const env = { SOPS_AGE_KEY_FILE: demoKeyFile };
const CILIUM = "ghcr.io/home-operations/charts-mirror/cilium";

function edit(path: string, from: string | RegExp, to: string): void {
  const text = readFileSync(path, "utf8");
  const next = text.replace(from, to);
  assert.notEqual(next, text, `${path}: nothing to replace`);
  writeFileSync(path, next);
}

test("versions.lock.yaml: written on the first build, read on the next; cluster.lab wins; an app's entry goes with it", () => {
  const dir = copyExample("homelab");
  const lockPath = join(dir, "versions.lock.yaml");
  const out = join(dir, "out");
  try {
    const first = labc(["build", "cluster.lab", "--out", "out"], { cwd: dir, env });
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr + first.stdout, /wrote versions\.lock\.yaml beside cluster\.lab/);
    const lock = readFileSync(lockPath, "utf8");
    assert.match(lock, new RegExp(`# renovate: datasource=docker depName=${CILIUM}\\n  ${CILIUM}: 1\\.18\\.1\\n`));
    assert.doesNotMatch(lock, /cert-manager/, "cluster.lab sets cert-manager's version, so the lock has no say");

    // A version changed in the lock reaches the helmfile and the Flux tree.
    edit(lockPath, `${CILIUM}: 1.18.1`, `${CILIUM}: 1.18.4`);
    edit(lockPath, "docker.io/cloudflare/cloudflared: 2025.8.1", "docker.io/cloudflare/cloudflared: 2025.9.0");
    edit(lockPath, "controlplaneio-fluxcd/distribution: 2.6.4", "controlplaneio-fluxcd/distribution: 2.7.0");
    const second = labc(["build", "cluster.lab", "--out", "out"], { cwd: dir, env });
    assert.equal(second.code, 0, second.stderr);
    const helmfile = readFileSync(join(out, "bootstrap/helmfile.yaml"), "utf8");
    assert.match(helmfile, /version: 1\.18\.4/);
    assert.doesNotMatch(helmfile, /1\.18\.1/);
    assert.match(readFileSync(join(out, "kubernetes/apps/kube-system/cilium/app/helmrelease.yaml"), "utf8"), /tag: 1\.18\.4/);
    assert.match(readFileSync(join(out, "kubernetes/apps/network/cloudflare-tunnel/app/helmrelease.yaml"), "utf8"), /tag: 2025\.9\.0/);
    assert.match(readFileSync(join(out, "kubernetes/apps/flux-system/flux-instance/app/helmrelease.yaml"), "utf8"), /version: 2\.7\.0/);
    assert.match(readFileSync(join(out, ".mise.toml"), "utf8"), /^"aqua:fluxcd\/flux2" = "2\.7\.0"$/m, "the flux CLI follows the distribution");
    assert.match(readFileSync(lockPath, "utf8"), /1\.18\.4/, "the lock keeps what it said");

    // cluster.lab's own version wins, and the lock then drops its entry.
    edit(join(dir, "cluster.lab"), /app cilium \{/, "app cilium {\n  version = 1.18.6");
    const third = labc(["build", "cluster.lab", "--out", "out"], { cwd: dir, env });
    assert.equal(third.code, 0, third.stderr);
    assert.match(readFileSync(join(out, "bootstrap/helmfile.yaml"), "utf8"), /version: 1\.18\.6/);
    assert.doesNotMatch(readFileSync(lockPath, "utf8"), /charts-mirror\/cilium/);
  } finally {
    removeDir(dir);
  }
});

test("a lock version in the wrong tag scheme is LAB2035 at its line in versions.lock.yaml; a broken lock stops the build, nothing written", () => {
  const dir = copyExample("homelab");
  const lockPath = join(dir, "versions.lock.yaml");
  try {
    assert.equal(labc(["build", "cluster.lab", "--out", "out"], { cwd: dir, env }).code, 0);
    const good = readFileSync(lockPath, "utf8");
    const line = good.split("\n").findIndex((l) => l.includes(`${CILIUM}:`)) + 1;
    edit(lockPath, `${CILIUM}: 1.18.1`, `${CILIUM}: v1.18.1`);
    const refused = labc(["check", "cluster.lab"], { cwd: dir, env });
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stderr, new RegExp(`versions\\.lock\\.yaml:${line}:\\d+: error LAB2035: the cilium chart's tags have no leading v`));

    writeFileSync(lockPath, "charts: [\n");
    const before = readFileSync(join(dir, "out", "bootstrap/helmfile.yaml"), "utf8");
    const broken = labc(["build", "cluster.lab", "--out", "out"], { cwd: dir, env });
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, /versions\.lock\.yaml:\d+:\d+: error LAB1020: versions\.lock\.yaml is not valid YAML/);
    assert.equal(readFileSync(join(dir, "out", "bootstrap/helmfile.yaml"), "utf8"), before);
    assert.equal(readFileSync(lockPath, "utf8"), "charts: [\n", "the user's file is not overwritten");
    assert.ok(existsSync(lockPath));
  } finally {
    removeDir(dir);
  }
});
