import { readFileSync } from "node:fs";
import type { ClusterModel } from "../../../../compiler/model/model.js";
import type { SecretsBundle } from "../../../../compiler/talos/index.js";
import { loadCluster, readClusterBundle } from "../../../../compiler/talos-cli/index.js";
import { discoverAgeIdentities } from "../../../../compiler/secrets/age/index.js";
import { parseSecretsBundle } from "../../../../compiler/talos/index.js";
import { repoPath, upstreamPath } from "../../../support/paths.js";

export interface Example {
  readonly model: ClusterModel;
  readonly secrets: SecretsBundle;
}

/** An example's checked model and its committed Talos bundle, decrypted with the example's demo key. */
export async function loadExample(name: "homelab" | "ha"): Promise<Example> {
  const loaded = loadCluster(repoPath("examples", name, "cluster.lab"), repoPath());
  if (!loaded.model) throw new Error(`examples/${name} has errors: ${loaded.diagnostics.map((d) => d.message).join("; ")}`);
  const found = await discoverAgeIdentities({ projectDir: loaded.root, env: {} });
  const bundle = await readClusterBundle(loaded.root, found.identities);
  if (!bundle.ok) throw new Error(`examples/${name}: ${bundle.message}`);
  return { model: loaded.model, secrets: bundle.bundle };
}

/** Talos's own fixed bundle (test/upstream/vectors/talos/secrets.yaml). */
export function vectorSecrets(): SecretsBundle {
  const parsed = parseSecretsBundle(readFileSync(upstreamPath("vectors", "talos", "secrets.yaml"), "utf8"));
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}
