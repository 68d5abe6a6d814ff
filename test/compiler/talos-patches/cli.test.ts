import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { fixtureEnv } from "../../golden/cases.js";
import { repoPath } from "../../support/paths.js";
import { removeDir, tempDir } from "../../support/tree.js";
import { labc } from "../talos-cli/support/run-cli.js";

const env = { LABC_FIXTURE_CLOUDFLARE_TOKEN: fixtureEnv["LABC_FIXTURE_CLOUDFLARE_TOKEN"], LABC_FIXTURE_TUNNEL: fixtureEnv["LABC_FIXTURE_TUNNEL"] };

/** The homelab example with a cluster-wide and a node patch, the node one holding a `$patch: delete`. */
function scratch(): string {
  const dir = tempDir("talos-patches-cli");
  const lab = join(dir, "lab");
  cpSync(repoPath("examples", "homelab"), lab, { recursive: true });
  const text = readFileSync(join(lab, "cluster.lab"), "utf8")
    .replace(/^(\s*recipients\s*=.*)$/m, '$1\n  patches    = [file("patches/all/zone.yaml")]')
    .replace(/^(\s*schematic\s*=.*)$/m, '$1\n  patches   = [file("patches/cp-01/no-host-dns.yaml")]');
  writeFileSync(join(lab, "cluster.lab"), text);
  mkdirSync(join(lab, "patches", "all"), { recursive: true });
  mkdirSync(join(lab, "patches", "cp-01"), { recursive: true });
  writeFileSync(join(lab, "patches", "all", "zone.yaml"), "machine:\n  nodeLabels:\n    topology.kubernetes.io/zone: attic\n");
  writeFileSync(join(lab, "patches", "cp-01", "no-host-dns.yaml"), "machine:\n  features:\n    hostDNS:\n      $patch: delete\n");
  return dir;
}

test("labc build copies the patches into talos/patches/ and talconfig.yaml; labc talos config applies them", () => {
  const dir = scratch();
  try {
    const check = labc(["check", "lab/cluster.lab"], { cwd: dir, env });
    assert.equal(check.code, 0, check.stderr + check.stdout);
    const build = labc(["build", "lab/cluster.lab", "--out", "repo"], { cwd: dir, env });
    assert.equal(build.code, 0, build.stderr);
    const talos = join(dir, "repo", "talos");
    assert.equal(readFileSync(join(talos, "patches", "global", "zone.yaml"), "utf8"), "machine:\n  nodeLabels:\n    topology.kubernetes.io/zone: attic\n");
    assert.match(readFileSync(join(talos, "patches", "cp-01", "no-host-dns.yaml"), "utf8"), /\$\$patch: delete/);
    const talconfig = parse(readFileSync(join(talos, "talconfig.yaml"), "utf8")) as { patches: string[]; nodes: { patches?: string[] }[] };
    assert.equal(talconfig.patches.at(-1), "@./patches/global/zone.yaml");
    assert.deepEqual(talconfig.nodes[0]!.patches, ["@./patches/cp-01/no-host-dns.yaml"]);

    const config = labc(["talos", "config", "lab/cluster.lab", "--out", "repo"], { cwd: dir, env });
    assert.equal(config.code, 0, config.stderr);
    const machine = readFileSync(join(talos, "clusterconfig", "home-cp-01.yaml"), "utf8");
    assert.match(machine, /\n {4}topology\.kubernetes\.io\/zone: attic\n/);
    assert.doesNotMatch(machine, /hostDNS/);
  } finally {
    removeDir(dir);
  }
});

test("labc check points at a patch Talos would reject, and exits 1", () => {
  const dir = scratch();
  try {
    writeFileSync(join(dir, "lab", "patches", "all", "zone.yaml"), "machine:\n  nodeLabelz:\n    zone: attic\n");
    const check = labc(["check", "lab/cluster.lab"], { cwd: dir, env });
    assert.equal(check.code, 1);
    assert.match(check.stdout + check.stderr, /LAB2026: patches\/all\/zone.yaml leaves the Talos 1\.10 machine config of cp-01 invalid: the v1alpha1 document: machine\.nodeLabelz is not a field Talos knows here/);
  } finally {
    removeDir(dir);
  }
});
