// A new user's path, followed literally: labc init, the two secrets it asks for, labc check, the
// first build; then every command of the generated README that needs no cluster, the Taskfile's
// labc tasks with its own variables, and the generated workflow's checks. One layout throughout:
// the repository root holds cluster.lab and is built in place.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { removeDir, tempDir } from "../../support/tree.js";
import { labcOnPath } from "../../support/labc-on-path.js";
import { userCacheHome } from "../../support/paths.js";

function git(dir: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd: dir, encoding: "utf8" });
}

test("from labc init to a pushable repository, following the generated README, Taskfile and workflow", () => {
  const dir = tempDir("walkthrough");
  // `labc` on PATH, as `mise install` (or npm install -g) puts it there.
  const bin = labcOnPath(join(dir, "..", `${dir.split("/").pop()}-bin`));
  const env = { PATH: `${bin}:${process.env["PATH"]}`, HOME: dir, XDG_CONFIG_HOME: join(dir, ".no-config"), XDG_CACHE_HOME: userCacheHome };
  const sh = (command: string, input = "") => {
    const run = spawnSync("bash", ["-c", `set -euo pipefail\n${command}`], { cwd: dir, env: { ...env, SOPS_AGE_KEY_FILE: join(dir, "age.key") }, encoding: "utf8", input, timeout: 60_000 });
    return { code: run.status, out: `${run.stdout}${run.stderr}` };
  };
  const ok = (command: string, input = "") => {
    const run = sh(command, input);
    assert.equal(run.code, 0, `${command}\n${run.out}`);
    return run.out;
  };
  try {
    git(dir, "init", "-q");
    const init = ok("labc init");
    // What init says to do next, in order.
    assert.match(init, /labc secret set cloudflare-token < token\.txt/);
    assert.match(init, /labc build --new-cluster' writes the repository here, beside cluster\.lab/);
    ok("labc check");
    ok("labc secret set cloudflare-token", "walkthrough-cloudflare-token\n");
    ok("labc secret set tunnel-credentials", `${JSON.stringify({ AccountTag: "a", TunnelSecret: "Zml4dHVyZS10dW5uZWwtc2VjcmV0", TunnelID: "00000000-0000-4000-8000-000000000000" })}\n`);
    const gitignoreBefore = readFileSync(join(dir, ".gitignore"), "utf8");
    const sopsBefore = readFileSync(join(dir, ".sops.yaml"), "utf8");
    ok("labc build --new-cluster");
    assert.ok(!existsSync(join(dir, "out")), "no nested out/: the root is the repository");
    for (const f of ["README.md", "Taskfile.yaml", ".mise.toml", "kubernetes/flux/cluster/ks.yaml", "talos/talconfig.yaml", "versions.lock.yaml", "talsecret.sops.yaml"]) assert.ok(existsSync(join(dir, f)), f);
    assert.equal(readFileSync(join(dir, ".gitignore"), "utf8"), gitignoreBefore, "the build keeps init's .gitignore: they are the same file");
    const sopsAfter = parse(readFileSync(join(dir, ".sops.yaml"), "utf8")) as { creation_rules: { path_regex: string }[] };
    assert.deepEqual(sopsAfter.creation_rules.map((r) => r.path_regex), (parse(sopsBefore) as typeof sopsAfter).creation_rules.map((r) => r.path_regex), "init's sops rules survive the build");
    assert.equal(git(dir, "status", "--porcelain", "--ignored", "age.key").trim(), "!! age.key", "the private key is ignored before the first commit");
    const check = ok("labc check");
    assert.doesNotMatch(check, /warning|error/, "a clean check: no drift, no warnings");
    const rebuild = ok("labc build");
    assert.doesNotMatch(rebuild, /warning|error/, "a rebuild in place: no drift warning for its own .sops.yaml");
    assert.match(rebuild, /wrote \.: \d+ files, 0 changed/);

    // The generated README's commands that need no cluster, as written (`<name>` is a node).
    const readme = readFileSync(join(dir, "README.md"), "utf8");
    const commands = new Set<string>();
    for (const m of readme.matchAll(/`(labc [^`]+)`|^(labc [^#\n]+?)\s*(?:#.*)?$/gm)) commands.add((m[1] ?? m[2]!).replace(/\\\|/g, "|").trim());
    const offline = [...commands].filter((c) => /^labc (build|check|talos config|talos commands)\b/.test(c));
    assert.ok(offline.length >= 6, [...commands].join("\n"));
    for (const command of offline) ok(command.replace(/<name>/g, "cp-01").replace(/\s*\|\s*bash$/, ""));
    assert.ok(existsSync(join(dir, "talos/clusterconfig/talosconfig")), "labc talos config wrote where the README says");
    assert.equal(git(dir, "status", "--porcelain", "--ignored", "talos/clusterconfig").trim(), "!! talos/clusterconfig/", "plaintext machine configs are ignored");

    // The Taskfile's labc tasks with its own defaults (ROOT_DIR is the repository root).
    const taskfile = parse(readFileSync(join(dir, "Taskfile.yaml"), "utf8")) as { tasks: Record<string, { cmds: string[] }> };
    const vars = { LABC_FILE: join(dir, "cluster.lab"), LABC_OUT: dir, ROOT_DIR: dir };
    for (const name of ["check", "build", "talos:generate-config"]) {
      for (const cmd of taskfile.tasks[name]!.cmds) ok(cmd.replace(/\{\{\.(\w+)\}\}/g, (_, v: string) => vars[v as keyof typeof vars]));
    }

    // The workflow, on a clean clone of what the user commits.
    git(dir, "add", "-A");
    assert.equal(git(dir, "status", "--porcelain").split("\n").filter((l) => /age\.key|clusterconfig/.test(l)).length, 0, "nothing private is staged");
    git(dir, "commit", "-qm", "cluster");
    const workflow = parse(readFileSync(join(dir, ".github/workflows/labc.yaml"), "utf8")) as { env: { LABC_FILE: string }; jobs: { check: { steps: { name: string; run?: string; if?: string }[] } } };
    // The repository has the SOPS_AGE_KEY secret and no variables (labc comes from .mise.toml).
    const runs = (condition: string | undefined) => {
      if (condition === undefined || condition === "env.SOPS_AGE_KEY != ''") return true;
      assert.match(condition, /^vars\.\w+ != ''$/, `a condition this test knows: ${condition}`);
      return false;
    };
    for (const step of workflow.jobs.check.steps.filter((s) => s.run && !s.run.includes("kubeconform") && runs(s.if))) {
      const run = sh(`export LABC_FILE=${workflow.env.LABC_FILE} SOPS_AGE_KEY="$(grep AGE-SECRET-KEY age.key)"\n${step.run!}`);
      assert.equal(run.code, 0, `${step.name}\n${run.out}`);
    }
  } finally {
    removeDir(dir);
    removeDir(bin);
  }
});
