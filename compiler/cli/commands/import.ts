import { existsSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { parseCommandArgs } from "../args.js";
import { importRepo as spec } from "../usage/command-table.js";
import { UsageError } from "../usage-error.js";
import { writeFileAtomically } from "../../files/write-file.js";
import { STORE_FILE } from "../../secrets-store/store.js";
import { CLUSTER_AGE_KEY } from "../../model/well-known.js";

/**
 * `labc import <repo-dir> [--out cluster.lab] [--force]`: writes the cluster.lab of an existing
 * cluster-template-style repository, brings its Talos secrets bundle along and, when an age key
 * opens the repository, its secret values into the store; reports what it could not map and how
 * close a build of the result comes to the repository.
 */
export async function runImport(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, spec);
  const dir = positionals[0];
  if (dir === undefined) throw new UsageError("missing the repository to import: labc import <repo-dir> [--out cluster.lab]");
  if (!existsSync(join(dir, "talos", "talconfig.yaml"))) throw new UsageError(`${dir} has no talos/talconfig.yaml; labc import reads cluster-template-style repositories`);
  const out = resolve(values.out ?? "cluster.lab");
  const show = (p: string) => relative(process.cwd(), p) || p;
  if (existsSync(out) && !values.force) throw new UsageError(`${show(out)} already exists; pass --force to overwrite it`);

  const { importRepository, ImportError } = await import("../../import/index.js");
  let result;
  try {
    result = await importRepository(dir, { targetDir: dirname(out) });
  } catch (error) {
    if (error instanceof ImportError) {
      process.stderr.write(`labc import: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  writeFileSync(out, result.text);
  process.stdout.write(`wrote ${show(out)}\n`);
  const bundle = join(dirname(out), "talsecret.sops.yaml");
  if (result.talsecret !== undefined && !existsSync(bundle)) {
    writeFileSync(bundle, result.talsecret, { mode: 0o600 });
    process.stdout.write(`copied talos/talsecret.sops.yaml to ${show(bundle)}: the cluster keeps its identity\n`);
  }
  const { store } = result;
  const storePath = join(dirname(out), STORE_FILE);
  if (store.storeText !== undefined) writeFileAtomically(storePath, store.storeText, 0o600);
  if (store.imported.length > 0) {
    process.stdout.write(`${show(storePath)} holds the repository's values of ${store.imported.join(", ")} (read with your age key, encrypted to the cluster's recipients): labc build needs no further step\n`);
  }
  if (store.kept.length > 0) process.stdout.write(`kept what ${show(storePath)} already held for ${store.kept.join(", ")} (the repository's values differ)\n`);
  const reasons = new Map<string, string[]>();
  for (const m of store.missing) reasons.set(m.why, [...(reasons.get(m.why) ?? []), m.name]);
  for (const [why, names] of reasons) process.stdout.write(`could not read ${names.join(", ")} from the repository: ${why}\n`);
  const toSet = store.missing.map((m) => m.name).filter((n) => n !== CLUSTER_AGE_KEY);
  if (toSet.length > 0) {
    process.stdout.write(`secrets to put in the store (their values are encrypted in the repository):\n${toSet.map((s) => `  labc secret set ${s}\n`).join("")}`);
  }
  if (result.fluxKey && store.missing.some((m) => m.name === CLUSTER_AGE_KEY)) {
    // Without it the first build would make a new Flux key, which the running cluster cannot open.
    process.stdout.write(`keep the cluster's Flux key (${result.fluxKey}) before the first build:\n  sops -d --extract '["stringData"]["age.agekey"]' kubernetes/components/common/sops/sops-age.sops.yaml | labc secret set ${CLUSTER_AGE_KEY}\n`);
  }
  if (result.unmapped.length > 0) process.stdout.write(`could not map:\n${result.unmapped.map((u) => `  ${u}\n`).join("")}`);
  const v = result.verification;
  process.stdout.write(`a build reproduces ${v.identical.length} of ${v.identical.length + v.differing.length} manifests byte for byte (encrypted files are not compared)\n`);
  for (const p of v.differing) process.stdout.write(`  differs: ${p}\n`);
  for (const p of v.notGenerated) process.stdout.write(`  not generated: ${p}\n`);
  const check = store.check;
  if (check && check.same.length + check.differing.length > 0) {
    process.stdout.write(`with the imported values, ${check.same.length} of ${check.same.length + check.differing.length} encrypted Secrets decrypt to the repository's plaintext\n`);
    for (const p of check.differing) process.stdout.write(`  differs once decrypted: ${p}\n`);
  }
  return 0;
}
