// Our YAML writer against real sops output: re-encrypting a vector's cleartext with its own data
// key and IVs and writing it with its own metadata must give the very same bytes.
import assert from "node:assert/strict";
import { test } from "node:test";
import { decryptSopsWithStash } from "../../../compiler/secrets/sops/decrypt.js";
import { metadataMapping } from "../../../compiler/secrets/sops/metadata.js";
import { emitYamlDocuments } from "../../../compiler/secrets/sops/stores/yaml-writer.js";
import type { SopsMapping } from "../../../compiler/secrets/sops/tree.js";
import { encryptBranches } from "../../../compiler/secrets/sops/tree-crypt.js";
import { readVector, vectorIdentities } from "./support/vectors.js";

async function reemit(file: string, keys: string, indent: number): Promise<{ ours: string; theirs: string }> {
  const theirs = readVector(file);
  const { file: decrypted, stash } = await decryptSopsWithStash(theirs, { format: "yaml", identities: vectorIdentities(keys) });
  const m = decrypted.metadata;
  const encrypted = encryptBranches(decrypted.branches, {
    dataKey: decrypted.dataKey,
    selector: m.selector,
    macOnlyEncrypted: m.macOnlyEncrypted,
    stash,
  });
  const sops = metadataMapping({
    keyGroups: m.keyGroups.map((g) => g.age),
    ...(m.shamirThreshold !== undefined ? { shamirThreshold: m.shamirThreshold } : {}),
    lastModified: m.lastModified,
    mac: m.mac,
    selector: m.selector,
    macOnlyEncrypted: m.macOnlyEncrypted,
    version: m.version,
  });
  const docs = encrypted.branches.map((b): SopsMapping => ({ kind: "map", items: [...b.items, { kind: "pair", key: "sops", value: sops }] }));
  return { ours: emitYamlDocuments(docs, indent), theirs };
}

const before = (text: string) => text.slice(0, text.indexOf("\nsops:\n") + 1);

for (const [file, keys] of [
  ["fluxcd-kustomize-controller/global-secret.yaml", "fluxcd-kustomize-controller/keys/age-global.txt"],
  ["fluxcd-kustomize-controller/algorithms-age-pq.yaml", "fluxcd-kustomize-controller/keys/age-pq.txt"],
] as const) {
  test(`byte-identical to sops 3.10–3.12 output: ${file}`, async () => {
    const { ours, theirs } = await reemit(file, keys, 2);
    assert.equal(ours, theirs);
  });
}

for (const [file, keys, indent] of [
  // indent 4 (sops' default), comments, literal block, float, bools, sequences, _unencrypted subtrees
  ["getsops-sops/pr1031-example.yaml", "getsops-sops/age-keys.txt", 4],
  ["humphd-sops-age/secret.enc.yaml", "humphd-sops-age/key.txt", 2],
  ["fluxcd-kustomize-controller/algorithms-age.yaml", "fluxcd-kustomize-controller/keys/age.txt", 2],
] as const) {
  test(`data part byte-identical to older sops output (whose metadata layout differs): ${file}`, async () => {
    const { ours, theirs } = await reemit(file, keys, indent);
    assert.equal(before(ours), before(theirs));
  });
}
