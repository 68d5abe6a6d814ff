import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import JSON5 from "json5";

import { emitTooling, LAB_OCI_CHART_PATTERN, LAB_RENOVATE_PATTERN, LOCK_RENOVATE_PATTERN, MISE_LABC_PATTERN } from "../../../../compiler/emit/tooling/index.js";
import { LABC_VERSION } from "../../../../compiler/version.js";
import { exampleModel } from "../../../support/example-model.js";
import { repoPath } from "../../../support/paths.js";
import { readTree } from "../../../support/tree.js";

const files = new Map(emitTooling(exampleModel("homelab"), { labcVersion: LABC_VERSION }).map((f) => [f.path, f.kind === "text" ? f.content : ""]));

/** YAML 1.2, strict: a syntax error, a duplicate key or a second document fails. */
function parseYaml(path: string): Record<string, unknown> {
  const text = files.get(path);
  assert.ok(text, `${path} was not emitted`);
  const docs = parseAllDocuments(text, { uniqueKeys: true, strict: true });
  assert.equal(docs.length, 1, `${path}: one document`);
  const doc = docs[0]!;
  assert.deepEqual([...doc.errors, ...doc.warnings].map((e) => e.message), [], `${path} is not clean YAML`);
  return doc.toJS() as Record<string, unknown>;
}

/** Renovate's regex manager: every match of a pattern, as {depName, currentValue}. */
function extract(pattern: string, text: string): { datasource: string; depName: string; currentValue: string }[] {
  return [...text.matchAll(new RegExp(pattern, "g"))].map((m) => ({ datasource: m.groups!["datasource"]!, depName: m.groups!["depName"]!, currentValue: m.groups!["currentValue"]! }));
}

test("Taskfile.yaml: cluster-template's task names, each calling labc or a standard CLI", () => {
  const taskfile = parseYaml("Taskfile.yaml") as { version: string; set: string[]; tasks: Record<string, { cmds: string[]; requires?: { vars: string[] } }> };
  assert.equal(taskfile.version, "3");
  assert.deepEqual(taskfile.set, ["pipefail"]);
  for (const name of ["reconcile", "bootstrap:talos", "bootstrap:apps", "talos:generate-config", "talos:apply-node", "talos:upgrade-node", "talos:upgrade-k8s", "talos:reset", "build", "check"]) {
    assert.ok(taskfile.tasks[name], `task ${name}`);
  }
  assert.deepEqual(taskfile.tasks["reconcile"]!.cmds, ["flux --namespace flux-system reconcile kustomization flux-system --with-source"]);
  assert.deepEqual(taskfile.tasks["bootstrap:apps"]!.cmds, ['labc bootstrap apps "{{.LABC_FILE}}" --out "{{.LABC_OUT}}"']);
  const talos = taskfile.tasks["bootstrap:talos"]!.cmds;
  assert.match(talos[0]!, /^labc talos config /);
  assert.match(talos[1]!, /^labc talos commands apply .* --insecure \| bash$/);
  assert.match(talos[2]!, /^until labc talos commands bootstrap .* \| bash; do sleep 10; done$/);
  assert.match(talos[3]!, /^until labc talos commands kubeconfig .* \| bash; do sleep 10; done$/);
  assert.deepEqual(taskfile.tasks["talos:upgrade-node"]!.requires, { vars: ["NODE"] });
  for (const [name, task] of Object.entries(taskfile.tasks)) {
    for (const cmd of task.cmds) assert.match(cmd, /^(labc |until labc |flux |task )/, `${name}: ${cmd}`);
  }
});

test("workflow: runs labc check and validates the generated tree", () => {
  const wf = parseYaml(".github/workflows/labc.yaml") as { on: Record<string, unknown>; jobs: Record<string, { steps: { run?: string; uses?: string; if?: string }[] }> };
  assert.ok("pull_request" in wf.on && "push" in wf.on);
  const steps = wf.jobs["check"]!.steps;
  assert.ok(steps.some((s) => s.uses?.startsWith("jdx/mise-action@")), "tools come from .mise.toml");
  assert.ok(steps.some((s) => s.run === 'labc check "$LABC_FILE"'));
  assert.ok(steps.some((s) => s.run?.includes("kubectl kustomize") && s.run.includes("kubeconform")));
  const rebuild = steps.find((s) => s.run?.includes("labc build"));
  assert.equal(rebuild?.if, "env.SOPS_AGE_KEY != ''", "rebuilding needs the age key, so it is optional");
});

test(".mise.toml: every line is a comment, a table or a string entry; each tool says where its version is set", () => {
  const text = files.get(".mise.toml")!;
  for (const line of text.split("\n")) {
    assert.match(line, /^(|#.*|\[[a-z]+\]|([A-Za-z0-9_-]+|"[^"\\]+") = "[^"\\]*")$/, line);
  }
  assert.match(text, /^KUBECONFIG = "\{\{config_root\}\}\/kubeconfig"$/m);
  assert.match(text, /^SOPS_AGE_KEY_FILE = /m);
  assert.match(text, /^TALOSCONFIG = "\{\{config_root\}\}\/talos\/clusterconfig\/talosconfig"$/m);
  const lines = text.slice(text.indexOf("[tools]")).split("\n");
  const tools = lines.flatMap((l, i) => (/^\S.* = /.test(l) ? [{ line: l, comments: lines.slice(0, i).reverse().filter((_, j, all) => all.slice(0, j + 1).every((c) => c.startsWith("#"))) }] : []));
  assert.ok(tools.length >= 10);
  for (const tool of tools) assert.ok(tool.comments.some((c) => /; set by (versions\.lock\.yaml \(|talos in cluster\.lab|kubernetes in cluster\.lab|the labc that ran)/.test(c)), `${tool.line}: ${tool.comments.join(" | ")}`);
  assert.match(text, /^"aqua:siderolabs\/talos" = "1\.10\.7"$/m);
  assert.match(text, /^"aqua:kubernetes\/kubectl" = "1\.33\.4"$/m);
  assert.match(text, /^"aqua:helm\/helm" = "3\.18\.6"$/m, "mise's form: no v");
  // Renovate bumps only labc's line here: a rebuild by that labc writes it again.
  assert.deepEqual(extract(MISE_LABC_PATTERN, text), [{ datasource: "npm", depName: "labc", currentValue: LABC_VERSION }]);
});

test(".renovaterc.json5 is JSON5 whose managers read only the lines labc builds from", () => {
  const config = JSON5.parse(files.get(".renovaterc.json5")!) as { customManagers: { matchStrings: string[]; managerFilePatterns: string[]; datasourceTemplate?: string }[]; enabledManagers: string[]; ignorePaths: string[] };
  assert.deepEqual(config.enabledManagers, ["custom.regex", "github-actions"]);
  for (const p of ["**/*.sops.*", "kubernetes/**", "bootstrap/**", "talos/**", ".github/workflows/labc.yaml"]) assert.ok(config.ignorePaths.includes(p), p);
  const patterns = config.customManagers.map((m) => m.matchStrings[0]);
  assert.deepEqual(patterns, [LAB_RENOVATE_PATTERN, LAB_OCI_CHART_PATTERN, LOCK_RENOVATE_PATTERN, MISE_LABC_PATTERN]);
  assert.equal(config.customManagers[1]!.datasourceTemplate, "docker");
  // File patterns are /regex/ strings; they must select the files they are meant for.
  const fileRegex = (s: string) => new RegExp(s.slice(1, -1));
  const [lab, oci, lock, mise] = config.customManagers.map((m) => fileRegex(m.managerFilePatterns[0]!));
  assert.ok(lab!.test("cluster.lab") && lab!.test("clusters/home/apps.lab") && !lab!.test("cluster.lab.bak"));
  assert.ok(oci!.test("cluster.lab"));
  assert.ok(lock!.test("versions.lock.yaml") && !lock!.test("kubernetes/apps/x/versions.lock.yaml.bak"));
  assert.ok(mise!.test(".mise.toml"));
  assert.deepEqual(extract(LAB_OCI_CHART_PATTERN, 'app x in default { chart = oci("oci://ghcr.io/x/charts/y", 1.2.3) }').map((d) => [d.depName, d.currentValue]), [["ghcr.io/x/charts/y", "1.2.3"]]);
  assert.deepEqual(extract(LAB_OCI_CHART_PATTERN, 'chart = oci("oci://quay.io/a/b", "v0.4.0")').map((d) => [d.depName, d.currentValue]), [["quay.io/a/b", "v0.4.0"]]);
});

test("cluster.lab: the // renovate: comments of the example are found with their versions", () => {
  const deps = extract(LAB_RENOVATE_PATTERN, readFileSync(repoPath("examples", "homelab", "cluster.lab"), "utf8"));
  assert.deepEqual(deps, [
    { datasource: "docker", depName: "ghcr.io/siderolabs/installer", currentValue: "v1.10.7" },
    { datasource: "docker", depName: "ghcr.io/siderolabs/kubelet", currentValue: "v1.33.4" },
    { datasource: "docker", depName: "quay.io/jetstack/charts/cert-manager", currentValue: "v1.18.2" },
    { datasource: "docker", depName: "ghcr.io/mendhak/http-https-echo", currentValue: "37" },
  ]);
});

test("generated tree: every pinned version still says, in a renovate comment, what it is", () => {
  const tree = readTree(repoPath("out"));
  for (const [path, text] of tree) {
    if (!/^(bootstrap|kubernetes|talos)\/.*\.ya?ml$/.test(path) || path.includes(".sops.")) continue;
    const lines = text.split("\n");
    lines.forEach((line, i) => {
      // OCIRepository tags, helmfile chart versions, image tags, talenv versions.
      if (!/^\s*(tag|version|talosVersion|kubernetesVersion): \S/.test(line) || line.includes("${")) return;
      if (path.endsWith("talconfig.yaml")) return;
      assert.match(lines[i - 1] ?? "", /#\s*renovate: datasource=\S+ depName=\S+/, `${path}:${i + 1} ${line.trim()} has no renovate comment`);
    });
  }
});
