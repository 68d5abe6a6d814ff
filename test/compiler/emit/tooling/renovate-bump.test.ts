// Renovate's view of a generated repository: the managers of the generated .renovaterc.json5,
// applied to the committed files as Renovate's regex manager applies them, bump every version
// they find; a rebuild must carry each bump into every generated file, and the generated
// workflow's checks must pass on the result. (Renovate itself needs a GitHub repository and a
// token, so its regex manager is played here: JavaScript named groups, as Renovate compiles them.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import JSON5 from "json5";
import { parse } from "yaml";
import { removeDir } from "../../../support/tree.js";
import { copyExample, demoKeyFile, labc } from "../../secrets-store/support/secret-project.js";
import { labcOnPath } from "../../../support/labc-on-path.js";
import { userCacheHome } from "../../../support/paths.js";

interface Manager {
  readonly managerFilePatterns: readonly string[];
  readonly matchStrings: readonly string[];
  readonly datasourceTemplate?: string;
}

interface Found {
  readonly file: string;
  readonly datasource: string;
  readonly depName: string;
  readonly currentValue: string;
  /** Offset of currentValue in the file. */
  readonly at: number;
}

const env = { SOPS_AGE_KEY_FILE: demoKeyFile };

function git(dir: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd: dir, encoding: "utf8" });
}

/** What Renovate's regex managers find in the repository's committed files, ignorePaths aside. */
function findDependencies(dir: string, config: { customManagers: Manager[]; ignorePaths: string[] }): Found[] {
  const files = git(dir, "ls-files").split("\n").filter((f) => f !== "");
  const ignored = (file: string) =>
    config.ignorePaths.some((glob) => new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*\*\//g, "(.*/)?").replace(/\*\*/g, ".*").replace(/\*/g, "[^/]*")}$`).test(file));
  const found: Found[] = [];
  for (const manager of config.customManagers) {
    const fileRegexes = manager.managerFilePatterns.map((p) => new RegExp(p.slice(1, -1)));
    for (const file of files) {
      if (ignored(file) || !fileRegexes.some((r) => r.test(file))) continue;
      const text = readFileSync(join(dir, file), "utf8");
      for (const pattern of manager.matchStrings) {
        for (const m of text.matchAll(new RegExp(pattern, "gd"))) {
          const groups = m.groups!;
          found.push({ file, datasource: groups["datasource"] ?? manager.datasourceTemplate!, depName: groups["depName"]!, currentValue: groups["currentValue"]!, at: m.indices!.groups!["currentValue"]![0] });
        }
      }
    }
  }
  return found;
}

/** A newer version of the same shape: the last number becomes 99 (v1.18.2 → v1.18.99, v4 → v99, 37 → 99). */
function bump(version: string): string {
  return version.replace(/\d+(?!.*\d)/, "99");
}

test("every version Renovate can bump is a source line; a rebuild carries each bump everywhere and the workflow's checks pass", () => {
  const dir = copyExample("homelab");
  try {
    const first = labc(["build", "cluster.lab", "--out", "."], { cwd: dir, env });
    assert.equal(first.code, 0, first.stderr);
    git(dir, "init", "-q");
    git(dir, "add", "-A");
    git(dir, "commit", "-qm", "cluster");
    const config = JSON5.parse(readFileSync(join(dir, ".renovaterc.json5"), "utf8")) as { customManagers: Manager[]; ignorePaths: string[] };

    const deps = findDependencies(dir, config);
    const sources = new Set(deps.map((d) => d.file));
    assert.deepEqual([...sources].sort(), [".mise.toml", "cluster.lab", "versions.lock.yaml"], "Renovate reads the source and the lock, and labc's own pin");
    for (const name of ["ghcr.io/siderolabs/installer", "quay.io/jetstack/charts/cert-manager", "ghcr.io/home-operations/charts-mirror/cilium", "docker.io/cloudflare/cloudflared", "controlplaneio-fluxcd/distribution", "helm/helm", "actions/checkout", "labc"]) {
      assert.ok(deps.some((d) => d.depName === name), `${name} is found`);
    }
    const before = new Map(git(dir, "ls-files").split("\n").filter((f) => f && !f.includes(".sops.")).map((f) => [f, readFileSync(join(dir, f), "utf8")]));

    // Renovate's bump of each (labc aside: a bump of labc is a different compiler, which CI installs).
    const bumped = deps.filter((d) => d.depName !== "labc");
    const byFile = new Map<string, Found[]>();
    for (const d of bumped) byFile.set(d.file, [...(byFile.get(d.file) ?? []), d]);
    for (const [file, found] of byFile) {
      let text = readFileSync(join(dir, file), "utf8");
      for (const d of [...found].sort((a, b) => b.at - a.at)) text = text.slice(0, d.at) + bump(d.currentValue) + text.slice(d.at + d.currentValue.length);
      writeFileSync(join(dir, file), text);
    }

    const rebuilt = labc(["build", "cluster.lab", "--out", "."], { cwd: dir, env });
    assert.equal(rebuilt.code, 0, rebuilt.stderr);
    assert.deepEqual(findDependencies(dir, config).filter((d) => d.depName !== "labc").map((d) => `${d.depName}@${d.currentValue}`).sort(), bumped.map((d) => `${d.depName}@${bump(d.currentValue)}`).sort(), "the rebuild keeps every bump in its source line");

    // Every generated file that named an old version names the new one, and none names the old one.
    const changed = new Set<string>();
    for (const d of bumped) {
      const old = d.currentValue.replace(/^v/, "");
      const next = bump(d.currentValue).replace(/^v/, "");
      let seen = 0;
      for (const [file, text] of before) {
        if (file === "cluster.lab" || file === "versions.lock.yaml") continue;
        const lines = text.split("\n");
        lines.forEach((line, i) => {
          const marked = (lines[i - 1] ?? "").includes(`depName=${d.depName}`);
          const tool = file === ".mise.toml" && line.startsWith(`"aqua:${d.depName}" = `) || (file === ".mise.toml" && d.depName === "node" && line.startsWith("node = "));
          const action = file.startsWith(".github/") && line.includes(`uses: ${d.depName}@`);
          if (!(marked || tool || action) || !line.includes(old)) return;
          seen++;
          const now = readFileSync(join(dir, file), "utf8").split("\n");
          assert.ok(now.some((l) => l === line.replace(old, next)), `${file}: '${line.trim()}' became '${line.replace(old, next).trim()}' after bumping ${d.depName}`);
          changed.add(file);
        });
      }
      if (d.file === "versions.lock.yaml" || d.file === "cluster.lab") assert.ok(seen > 0, `${d.depName} reaches some generated file`);
    }
    for (const file of ["bootstrap/helmfile.yaml", ".mise.toml", ".github/workflows/labc.yaml", "kubernetes/apps/kube-system/cilium/app/helmrelease.yaml", "kubernetes/apps/network/cloudflare-tunnel/app/helmrelease.yaml"]) assert.ok(changed.has(file), `${file} followed a bump`);

    // The workflow's own checks, as CI runs them on the rebuilt branch.
    git(dir, "add", "-A");
    git(dir, "commit", "-qm", "rebuild");
    assert.equal(labc(["check", "cluster.lab"], { cwd: dir, env }).code, 0);
    const workflow = parse(readFileSync(join(dir, ".github/workflows/labc.yaml"), "utf8")) as { jobs: { check: { steps: { name: string; run?: string }[] } } };
    const upToDate = workflow.jobs.check.steps.find((s) => s.name === "The committed tree is what cluster.lab builds to")!.run!;
    const bin = labcOnPath(join(dir, ".bin"));
    const ci = spawnSync("bash", ["-c", `git update-index -q --assume-unchanged .bin/labc 2>/dev/null; echo .bin/ >> .git/info/exclude\n${upToDate}`], {
      cwd: dir,
      env: { PATH: `${bin}:${process.env["PATH"]}`, HOME: dir, XDG_CACHE_HOME: userCacheHome, LABC_FILE: "cluster.lab", ...env },
      encoding: "utf8",
    });
    assert.equal(ci.status, 0, `${ci.stdout}\n${ci.stderr}`);
  } finally {
    removeDir(dir);
  }
});
