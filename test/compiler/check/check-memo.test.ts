import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "../../../lang/parser/parse.js";
import { check } from "../../../compiler/check/check.js";
import { CheckMemo } from "../../../compiler/check/check-memo.js";
import { stdlib } from "../../../stdlib/index.js";
import { CLUSTER, APPS } from "../lsp/support/workspace.js";

const NODE_WITH_PATCH = `node wk-01 {
  role      = worker
  address   = 192.168.31.20
  mac       = 00:11:22:33:44:66
  disk      = "/dev/sda"
  schematic = "376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba"
  patches   = [file("wk-01.yaml")]
}
`;

/** Everything a diagnostic says, for comparing a memoised check with a fresh one. */
const said = (r: ReturnType<typeof check>) => r.diagnostics.map((d) => JSON.stringify(d));

test("a check with a memo reports exactly what a fresh check reports, reusing unchanged declarations", () => {
  const dir = mkdtempSync(join(tmpdir(), "labc-memo-"));
  try {
    writeFileSync(join(dir, "wk-01.yaml"), "machine:\n  nodeLabels:\n    disk: nvme\n");
    const apps = parse(`${APPS}app extra {}\n`, join(dir, "apps.lab")).ast; // extra: a finding to replay
    const cluster = (text: string) => parse(text, join(dir, "cluster.lab")).ast;
    const options = { cwd: dir };
    const memo = new CheckMemo();
    const first = cluster(`${CLUSTER}${NODE_WITH_PATCH}`);
    assert.deepEqual(said(check([apps, first], stdlib, { ...options, memo })), said(check([apps, first], stdlib, options)));
    const lowered = memo.reused;
    // The same trees again: every network, app and patch-free node is reused, findings included.
    const again = check([apps, first], stdlib, { ...options, memo });
    assert.deepEqual(said(again), said(check([apps, first], stdlib, options)));
    assert.ok(again.diagnostics.some((d) => d.message.includes("'extra'")), "the replayed finding is there");
    assert.ok(memo.reused - lowered >= 6, `reused ${memo.reused - lowered}`);
    // A node that reads a patch is lowered again: the file changed on disk, the tree did not.
    writeFileSync(join(dir, "wk-01.yaml"), "- op: bad\n");
    const changed = check([apps, first], stdlib, { ...options, memo });
    assert.deepEqual(said(changed), said(check([apps, first], stdlib, options)));
    assert.ok(changed.diagnostics.some((d) => d.message.includes("wk-01.yaml")), "the broken patch is reported");
    // A declared name disappears: references to it are resolved again, not replayed as valid.
    const renamed = cluster(`${CLUSTER.replace("secret token", "secret tokens")}${NODE_WITH_PATCH}`);
    const after = check([apps, renamed], stdlib, { ...options, memo });
    assert.deepEqual(said(after), said(check([apps, renamed], stdlib, options)));
    assert.ok(after.diagnostics.some((d) => d.code === "LAB1002" && d.message.includes("'token'")));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a memoised check builds the model a fresh check builds, again only where its inputs changed", () => {
  const dir = mkdtempSync(join(tmpdir(), "labc-memo-model-"));
  try {
    writeFileSync(join(dir, "all.yaml"), "machine:\n  nodeLabels:\n    site: home\n");
    const apps = parse(`${APPS}`, join(dir, "apps.lab")).ast;
    const cluster = (text: string) => parse(text, join(dir, "cluster.lab")).ast;
    const withPatch = (text: string, pods = "10.42.0.0/16") => text.replace('  domain     = "example.com"\n', `  domain     = "example.com"\n  pods       = ${pods}\n  patches    = [file("all.yaml")]\n`);
    const options = { cwd: dir };
    const memo = new CheckMemo();
    const same = (files: ReturnType<typeof cluster>[]) => {
      const memoised = check(files, stdlib, { ...options, memo });
      const fresh = check(files, stdlib, options);
      assert.deepEqual(said(memoised), said(fresh));
      assert.deepStrictEqual(memoised.model, fresh.model);
      return memoised;
    };
    const first = cluster(withPatch(CLUSTER));
    const one = same([apps, first]);
    assert.ok(one.model, JSON.stringify(one.diagnostics));
    const cilium = (files: ReturnType<typeof cluster>[]) => JSON.stringify(same(files).model!.apps.find((a) => a.name === "cilium")!.values);
    assert.match(cilium([apps, first]), /10\.42\.0\.0\/16/);
    // The cluster's Talos patch is read again each time: a file changed on disk is seen.
    writeFileSync(join(dir, "all.yaml"), "- op: bad\n");
    const broken = same([apps, first]);
    assert.ok(broken.diagnostics.some((d) => d.message.includes("all.yaml")), "the broken cluster patch is reported");
    writeFileSync(join(dir, "all.yaml"), "machine:\n  nodeLabels:\n    site: home\n");
    // What a definition reads of the cluster (its pod network) changes: the app's values are built again.
    const values = cilium([apps, cluster(withPatch(CLUSTER, "10.52.0.0/16"))]);
    assert.match(values, /10\.52\.0\.0\/16/);
    assert.doesNotMatch(values, /10\.42\.0\.0/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
