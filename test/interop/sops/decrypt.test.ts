// The real sops opens every SOPS file labc writes — built fresh for both examples and every golden
// fixture, and as committed — and prints exactly what labc's decrypter does; its MAC check
// passes on labc's files and fails on a forged MAC or a dropped value, as labc's does.
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { KUBERNETES_ENCRYPTED_REGEX } from "../../../compiler/model/sops-rules.js";
import { SopsMacMismatchError } from "../../../compiler/secrets/errors.js";
import { decryptSops, encryptYaml } from "../../../compiler/secrets/sops/index.js";
import { lastModifiedAad } from "../../../compiler/secrets/sops/metadata.js";
import { encryptMac } from "../../../compiler/secrets/sops/tree-crypt.js";
import { fixtureEnv } from "../../golden/cases.js";
import { goldenCases } from "../../golden/cases.js";
import { listFiles, removeDir, tempDir } from "../../support/tree.js";
import { toolOptions } from "../support/tools.js";
import {
  assertSamePlaintext,
  assertSopsOk,
  buildProject,
  ciIdentity,
  copyProject,
  demoIdentity,
  demoKeyFile,
  labcPlaintext,
  projectCases,
  sops,
  sopsFilesOf,
  sopsPlace,
  writeProjectSopsConfig,
  yamlDocuments,
} from "./support.js";

const demoRecipient = "age1m4acj4mjupv5wgxtruey44wpq34tqkk7hkkj77566vy0t80gqfmsdmpcvk";

type Secret = { stringData?: Record<string, string> };

for (const c of projectCases()) {
  test(`sops -d opens every SOPS file of a fresh ${c.name} build and prints labc's plaintext byte for byte`, toolOptions("sops"), async () => {
    const p = copyProject(c);
    try {
      const report = await buildProject(p);
      writeProjectSopsConfig(p, report);
      const files = sopsFilesOf(p);
      assert.ok(files.includes("talsecret.sops.yaml") && files.includes("out/talos/talsecret.sops.yaml"), files.join(", "));
      assert.ok(files.filter((f) => f.startsWith("out/kubernetes/")).length >= 3, files.join(", "));
      const opened = new Map<string, unknown[]>();
      for (const path of files) {
        const labc = await labcPlaintext(readFileSync(join(p.dir, path), "utf8"), p.identities);
        const { cwd, file } = sopsPlace(p, path);
        const run = sops(["-d", file], { cwd, keyFile: p.keyFile });
        assertSopsOk(run, `-d ${c.name}/${path}`);
        assertSamePlaintext(yamlDocuments(run.stdout), labc.documents, `${c.name}/${path}`);
        assert.ok(run.stdout === labc.rendered, `${c.name}/${path}: sops -d and labc secret decrypt print different text`);
        opened.set(path, yamlDocuments(run.stdout));
      }
      // Known values, as sops reads them: the token the cert-manager Secret carries is the one
      // labc was given, and the cluster's sops-age Secret holds the cluster's own key from the
      // store (never an operator's), which sops itself then opens the Kubernetes secrets with.
      const store = opened.get("secrets.sops.yaml")?.[0] as Record<string, string> | undefined;
      const token = c.name === "homelab" ? store?.["cloudflare-token"] : fixtureEnv["LABC_FIXTURE_CLOUDFLARE_TOKEN"];
      const certManager = opened.get("out/kubernetes/apps/cert-manager/cert-manager/app/secret.sops.yaml")?.[0] as Secret | undefined;
      assert.ok(token !== undefined && certManager?.stringData?.["api-token"] === token, `${c.name}: cert-manager's Secret holds the Cloudflare token`);
      const sopsAge = opened.get("out/kubernetes/components/common/sops/sops-age.sops.yaml")?.[0] as Secret;
      const clusterKey = sopsAge.stringData?.["age.agekey"];
      assert.ok(clusterKey !== undefined && clusterKey === store?.["cluster-age-key"], `${c.name}: sops-age holds the store's cluster-age-key`);
      assert.ok(clusterKey !== demoIdentity && clusterKey !== ciIdentity, `${c.name}: no operator key goes into the cluster`);
      const fluxKeyFile = join(p.dir, "flux.agekey");
      writeFileSync(fluxKeyFile, `${clusterKey}\n`, { mode: 0o600 });
      const asFlux = sopsPlace(p, "out/kubernetes/components/common/sops/cluster-secrets.sops.yaml");
      assertSopsOk(sops(["-d", asFlux.file], { cwd: asFlux.cwd, keyFile: fluxKeyFile }), `${c.name}: sops -d with the cluster key alone`);
    } finally {
      removeDir(p.dir);
    }
  });
}

test("sops -d opens every committed SOPS file of the golden trees (out/ and test/fixtures/*/expected) as labc does", toolOptions("sops"), async () => {
  const keyFile = join(tempDir("sops-golden-keys"), "keys.txt");
  writeFileSync(keyFile, `${demoIdentity}\n${ciIdentity}\n`, { mode: 0o600 });
  let count = 0;
  for (const c of goldenCases()) {
    if (!existsSync(c.expected)) continue;
    for (const path of listFiles(c.expected).filter((f) => f.endsWith(".sops.yaml") && !f.endsWith("/.sops.yaml") && f !== ".sops.yaml")) {
      const labc = await labcPlaintext(readFileSync(join(c.expected, path), "utf8"), [demoIdentity, ciIdentity]);
      const run = sops(["-d", path], { cwd: c.expected, keyFile });
      assertSopsOk(run, `-d ${c.name}/${path}`);
      assert.ok(run.stdout === labc.rendered, `${c.name}/${path}: sops -d and labc print different text`);
      count++;
    }
  }
  assert.ok(count >= 40, `only ${count} committed SOPS files were found`);
});

/** Replaces the file's `sops.mac` with a correctly encrypted MAC of other content. */
async function forgeMac(text: string): Promise<string> {
  const file = await decryptSops(text, { format: "yaml", identities: [demoIdentity] });
  const forged = encryptMac("0".repeat(128), file.dataKey, lastModifiedAad(file.metadata));
  const out = text.replace(/^( {2}mac: ).*$/m, `$1${forged}`);
  assert.notEqual(out, text);
  return out;
}

/** Drops the line of one encrypted value (`key: ENC[…]`) that has siblings, so every other value still decrypts. */
function dropOneValue(text: string, key: string): string {
  const out = text.replace(new RegExp(`^ *${key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: ENC\\[.*\\n`, "m"), "");
  assert.notEqual(out, text, `no encrypted value ${key}`);
  return out;
}

/** Every kind of file labc writes, plus a Secret with `data` (labc writes stringData; others may use data). */
async function fileKinds(dir: string): Promise<{ name: string; text: string; drop: string }[]> {
  const secret = await encryptYaml(
    { apiVersion: "v1", kind: "Secret", metadata: { name: "mixed", labels: { app: "x" } }, type: "Opaque", data: { "ca.crt": "Y2VydA==", key: "a2V5" }, stringData: { user: "admin", note: "multi\nline ✓\n" } },
    { recipients: [demoRecipient], encryptedRegex: KUBERNETES_ENCRYPTED_REGEX, macOnlyEncrypted: true },
  );
  return [
    { name: "Kubernetes Secret (stringData, labc build)", text: readFileSync(join(dir, "out/kubernetes/apps/network/cloudflare-tunnel/app/secret.sops.yaml"), "utf8"), drop: "" },
    { name: "GitHub deploy key Secret (three stringData entries)", text: readFileSync(join(dir, "out/bootstrap/github-deploy-key.sops.yaml"), "utf8"), drop: "known_hosts" },
    { name: "Kubernetes Secret with data and stringData", text: secret, drop: "ca.crt" },
    { name: "secret store", text: readFileSync(join(dir, "secrets.sops.yaml"), "utf8"), drop: "webhook-token" },
    { name: "Talos secrets bundle", text: readFileSync(join(dir, "talsecret.sops.yaml"), "utf8"), drop: "bootstraptoken" },
  ];
}

test("sops verifies labc's MAC on every kind of file: intact it decrypts, a forged MAC or a dropped value fails in sops and in labc", toolOptions("sops"), async () => {
  const ha = projectCases().find((c) => c.name === "ha")!;
  const p = copyProject(ha);
  try {
    await buildProject(p);
    for (const kind of await fileKinds(p.dir)) {
      const check = async (text: string, label: string, ok: boolean) => {
        const path = join(p.dir, "probe.sops.yaml");
        writeFileSync(path, text);
        const run = sops(["-d", "probe.sops.yaml"], { cwd: p.dir, keyFile: demoKeyFile });
        if (ok) {
          assertSopsOk(run, `-d ${kind.name} (${label})`);
          assertSamePlaintext(yamlDocuments(run.stdout), (await labcPlaintext(text, [demoIdentity])).documents, `${kind.name} (${label})`);
        } else {
          assert.notEqual(run.status, 0, `${kind.name} (${label}): sops must refuse it`);
          assert.match(run.stderr, /MAC mismatch/, `${kind.name} (${label})`);
          assert.equal(run.stdout, "", "sops printed nothing");
          await assert.rejects(decryptSops(text, { format: "yaml", identities: [demoIdentity] }), SopsMacMismatchError, `${kind.name} (${label}): labc must refuse it too`);
        }
      };
      await check(kind.text, "intact", true);
      await check(await forgeMac(kind.text), "forged MAC", false);
      if (kind.drop) await check(dropOneValue(kind.text, kind.drop), `without ${kind.drop}`, false);
      // mac_only_encrypted: cleartext fields are outside the MAC, for sops as for labc.
      if (kind.text.includes("\n  name: ")) await check(kind.text.replace("\n  name: ", "\n  name: renamed-"), "renamed metadata", true);
    }
  } finally {
    removeDir(p.dir);
  }
});

test("typed values labc encrypts (ints, floats, bools, null, times, lists, unicode, empty) pass sops' MAC and read back identically", toolOptions("sops"), async () => {
  const dir = tempDir("sops-typed");
  try {
    const tree = {
      int: 42, negative: -7, big: 9007199254740993n, zero: 0, float: 3.5, small: 1e-7, large: 1e21, third: 0.1 + 0.2, negzero: -0,
      yes: true, no: false, nothing: null, when: new Date("2026-12-02T10:11:12.5Z"), empty: "", spaces: "  both  ", unicode: "héllo ✓ 日本",
      multiline: "one\ntwo\n", numeric: "0042", boolish: "yes", list: ["a", 1, { deep: "x" }], nested: { a: { b: "c" } },
    };
    const text = await encryptYaml(tree, { recipients: [demoRecipient], macOnlyEncrypted: true });
    writeFileSync(join(dir, "typed.sops.yaml"), text);
    const run = sops(["-d", "typed.sops.yaml"], { cwd: dir, keyFile: demoKeyFile });
    assertSopsOk(run, "-d typed.sops.yaml");
    assertSamePlaintext(yamlDocuments(run.stdout), yamlDocuments((await labcPlaintext(text, [demoIdentity])).rendered), "typed values");
    const full = await encryptYaml(tree, { recipients: [demoRecipient], macOnlyEncrypted: false });
    writeFileSync(join(dir, "full.sops.yaml"), full);
    assertSopsOk(sops(["-d", "full.sops.yaml"], { cwd: dir, keyFile: demoKeyFile }), "-d full.sops.yaml (MAC over every value)");
  } finally {
    removeDir(dir);
  }
});
