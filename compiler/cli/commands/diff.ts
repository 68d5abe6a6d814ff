import { existsSync } from "node:fs";
import { join } from "node:path";
import { discoverAgeIdentities } from "../../secrets/index.js";
import { computeDrift } from "../../cluster-api/diff/drift.js";
import { chooseBackend } from "../../cluster-api/diff/kustomize-build.js";
import { KustomizeError } from "../../cluster-api/diff/mini-kustomize.js";
import { renderDrift } from "../../cluster-api/diff/render-drift.js";
import { renderTree } from "../../cluster-api/diff/render-tree.js";
import { SecretIndex } from "../../cluster-api/diff/secret-index.js";
import { FLUX_CLUSTER } from "../../emit/flux/layout.js";
import { formatFlag, parseCommandArgs } from "../args.js";
import { diff as spec } from "../usage/command-table.js";
import { openSession, runClusterCommand } from "./cluster-command.js";

/**
 * `labc diff`: what Flux would change if it applied the last build now, per app. Exit 0 in
 * sync, 1 drift, 2 when the build or the cluster cannot be read (as `kubectl diff`).
 */
export async function runDiff(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, spec);
  const json = formatFlag(values, ["text", "json"]) === "json";
  return runClusterCommand("diff", async () => {
    const session = await openSession(positionals[0], values);
    if (typeof session === "number") return session;
    const { client, model, target } = session;
    if (!existsSync(join(target.out, FLUX_CLUSTER))) {
      process.stderr.write(`labc diff: ${target.outDisplay} holds no build (${FLUX_CLUSTER} is missing); run \`labc build\` first\n`);
      return 2;
    }
    const backend = chooseBackend(process.env);
    const found = await discoverAgeIdentities({ projectDir: session.root, env: process.env });
    let rendered;
    try {
      rendered = await renderTree(target.out, backend, new SecretIndex(target.out, found.identities, found.searched), async (apiVersion, kind) => (await client.resource(apiVersion, kind))?.namespaced);
    } catch (error) {
      if (error instanceof KustomizeError) {
        process.stderr.write(`labc diff: ${error.message}\n`);
        return 2;
      }
      throw error;
    }
    const drift = await computeDrift(client, model, rendered);
    const drifting = drift.some((a) => a.objects.length > 0);
    if (json) {
      process.stdout.write(`${JSON.stringify({ schemaVersion: 1, cluster: model.name, server: client.server, drift: drifting, apps: drift }, null, 2)}\n`);
    } else {
      process.stdout.write(`labc diff: ${target.outDisplay} (${rendered.length} objects, ${backend.kind === "kubectl" ? "kubectl kustomize" : "built-in kustomize"}) against ${client.describe()}\n`);
      process.stdout.write(renderDrift(drift));
    }
    return drifting ? 1 : 0;
  });
}
