import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "../../../compiler/build/build.js";
import { removeDir, tempDir } from "../../support/tree.js";
import { repoPath } from "../../support/paths.js";

/** A secret an app needs in a format (cloudflared credentials JSON) is checked where it is declared. */
const demoKey = repoPath("examples", "homelab", "age.key");

async function buildWithCredentials(content: string) {
  const dir = tempDir("tunnel");
  try {
    for (const f of ["cluster.lab", "secrets.sops.yaml", "talsecret.sops.yaml"]) copyFileSync(repoPath("examples", "homelab", f), join(dir, f));
    const lab = readFileSync(join(dir, "cluster.lab"), "utf8").replace("secret tunnel-credentials = store()", 'secret tunnel-credentials = file("tunnel.json")');
    writeFileSync(join(dir, "cluster.lab"), lab);
    writeFileSync(join(dir, "tunnel.json"), content);
    const report = await build({ entry: join(dir, "cluster.lab"), out: join(dir, "out"), cwd: dir, env: { PATH: process.env["PATH"], SOPS_AGE_KEY_FILE: demoKey } });
    return { report, line: lab.split("\n").findIndex((l) => l.startsWith("secret tunnel-credentials")) + 1 };
  } finally {
    removeDir(dir);
  }
}

test("non-JSON tunnel credentials are LAB4001 at the secret, never quoting the value", async () => {
  const { report, line } = await buildWithCredentials("SECRET-NOT-JSON\n");
  const errors = report.diagnostics.filter((d) => d.severity === "error");
  assert.deepEqual(errors.map((d) => `${d.code}@${d.span.start.line}`), [`LAB4001@${line}`], errors.map((d) => d.message).join("\n"));
  assert.match(errors[0]!.message, /^secret 'tunnel-credentials' \(the credentials of app 'cloudflare-tunnel'\) is not JSON; expected the cloudflared credentials file/);
  assert.doesNotMatch(errors[0]!.message, /SECRET-NOT-JSON/);
  assert.equal(report.written, undefined);
});

test("JSON without the fields cloudflared writes is LAB4001 too", async () => {
  const { report, line } = await buildWithCredentials('{"AccountTag":"a"}');
  const errors = report.diagnostics.filter((d) => d.severity === "error");
  assert.deepEqual(errors.map((d) => `${d.code}@${d.span.start.line}`), [`LAB4001@${line}`]);
  assert.match(errors[0]!.message, /field TunnelSecret missing/);
});
