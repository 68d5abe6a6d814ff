import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { findKubeconfig } from "../../../compiler/cluster-api/kubeconfig.js";
import { removeDir, tempDir } from "../../support/tree.js";
import { freePort } from "../../interop/support/http.js";
import { BOOTSTRAP, controlPlaneOptions, labc, project } from "./support/harness.js";

const COMMANDS = [BOOTSTRAP, ["status", "lab/cluster.lab", "--out", "repo"], ["diff", "lab/cluster.lab", "--out", "repo"]];


test("no API server, wrong credentials, no kubeconfig: every cluster command says so and exits 2", controlPlaneOptions(), async () => {
  const p = await project();
  try {
    p.cluster.writeKubeconfig(join(p.dir, "repo"), { server: `https://127.0.0.1:${await freePort()}`, token: "whatever" });
    for (const args of COMMANDS) {
      const r = await labc(p, args);
      assert.equal(r.code, 2, `${args[0]}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, new RegExp(`^labc ${args[0]}.*: cannot reach the Kubernetes API at https://127\\.0\\.0\\.1:\\d+: connection refused`, "m"));
    }
    p.cluster.writeKubeconfig(join(p.dir, "repo"), { token: "not-the-token" });
    for (const args of COMMANDS) {
      const r = await labc(p, args);
      assert.equal(r.code, 2, `${args[0]}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, /rejected the credentials of context 'admin@lab' \(401 Unauthorized\)/);
    }
    removeDir(join(p.dir, "repo", "kubeconfig"));
    const none = await labc(p, COMMANDS[1]!);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no kubeconfig found; looked in .*repo\/kubeconfig, .*home\/\.kube\/config/);
    const missing = await labc(p, [...COMMANDS[1]!, "--kubeconfig", "nope.yaml"]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--kubeconfig nope\.yaml: no such file/);
    const help = await labc(p, ["--help"]);
    for (const cmd of ["bootstrap apps", "status", "diff"]) assert.match(help.stdout, new RegExp(`labc ${cmd} \\[file\\]`));
    const usage = await labc(p, ["bootstrap", "talos"]);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /labc talos commands bootstrap/);
  } finally {
    await p.close();
  }
});

test("kubeconfig discovery: --kubeconfig, then $KUBECONFIG (missing entries skipped), then the repository's, then ~/.kube/config", () => {
  const dir = tempDir("kubeconfig");
  try {
    const file = (path: string) => {
      mkdirSync(join(dir, path, ".."), { recursive: true });
      writeFileSync(join(dir, path), "apiVersion: v1\n");
      return join(dir, path);
    };
    const home = file("home/.kube/config");
    const repo = file("repo/kubeconfig");
    const a = file("a.yaml");
    const b = file("b.yaml");
    const base = { cwd: dir, home: join(dir, "home"), repoDir: join(dir, "repo") };
    assert.deepEqual(findKubeconfig({ ...base, flag: "a.yaml", env: { KUBECONFIG: b } }), { files: [a], source: "--kubeconfig" });
    assert.deepEqual(findKubeconfig({ ...base, env: { KUBECONFIG: `${b}::${join(dir, "gone")}:${a}` } }), { files: [b, a], source: "KUBECONFIG" });
    assert.deepEqual(findKubeconfig({ ...base, env: {} }), { files: [repo], source: "repository" });
    assert.deepEqual(findKubeconfig({ ...base, repoDir: join(dir, "elsewhere"), env: {} }), { files: [home], source: "home" });
    assert.throws(() => findKubeconfig({ ...base, env: { KUBECONFIG: join(dir, "gone") } }), /none of the files in \$KUBECONFIG exist/);
  } finally {
    removeDir(dir);
  }
});
