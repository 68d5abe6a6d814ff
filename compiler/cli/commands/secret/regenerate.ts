import { relative } from "node:path";
import { CLUSTER_AGE_KEY, DEPLOY_KEY_SECRET } from "../../../model/well-known.js";
import { describeSource } from "../../../secrets-store/project.js";
import { generateValue } from "../../../secrets-store/generate-value.js";
import { openProjectStore, projectIdentities, saveProjectStore } from "../../../secrets-store/store-file.js";
import { parseCommandArgs } from "../../args.js";
import { secretRegenerate as spec } from "../../usage/command-table.js";
import { checkName, openProject, reportFailures } from "./common.js";

const USAGE = "labc secret regenerate NAME [-f cluster.lab]";

/**
 * `labc secret regenerate NAME`: a new value for a generate(…) secret (or the private repository's
 * deploy key), on purpose. A build never replaces a generated value it finds missing while Git
 * still holds it; this is the way to do it deliberately.
 */
export async function runSecretRegenerate(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, spec);
  const name = checkName(positionals[0], USAGE);
  const project = await openProject(values.file);
  const source = project.declared.get(name)?.source;
  const deployKey = !project.declared.has(name) && name === DEPLOY_KEY_SECRET && project.repository?.private === true;
  if (name === CLUSTER_AGE_KEY) {
    process.stderr.write(`labc secret regenerate: ${CLUSTER_AGE_KEY} is the key Flux decrypts the cluster's secrets with; a new one locks the running cluster out until the new sops-age Secret is applied. To do that on purpose, see "The cluster's own age key (Flux's)" in docs/secrets.md\n`);
    return 1;
  }
  if (!deployKey && source?.kind !== "generate") {
    const what = source ? `is ${describeSource(source)}` : "is not declared";
    process.stderr.write(`labc secret regenerate: '${name}' ${what} in ${project.entry}; only generate(…) secrets and a private repository's deploy key are made by labc (set a value with 'labc secret set ${name}')\n`);
    return 1;
  }
  return reportFailures("regenerate", async () => {
    const keys = await projectIdentities(project);
    const store = await openProjectStore(project, keys);
    const existed = store.values.has(name);
    store.values.set(name, source?.kind === "generate" ? generateValue(name, source.generator, source.length) : generateValue(name, "ssh-ed25519", 0));
    await saveProjectStore(project, store, keys);
    const shown = relative(process.cwd(), project.storePath) || project.storePath;
    process.stdout.write(`${existed ? "replaced" : "made"} ${name} with a new value in ${shown}; run 'labc build', commit both, and let Flux apply it\n`);
    if (deployKey) process.stdout.write(`note: give GitHub the new deploy key: labc secret get ${name}.pub\n`);
    return 0;
  }, project.root);
}
