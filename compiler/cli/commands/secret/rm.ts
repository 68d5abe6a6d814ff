import { relative } from "node:path";
import { DEPLOY_KEY_SECRET } from "../../../model/well-known.js";
import { openProjectStore, projectIdentities, saveProjectStore } from "../../../secrets-store/store-file.js";
import { removeStoreEntry } from "../../../secrets-store/store.js";
import { parseCommandArgs } from "../../args.js";
import { secretRm as spec } from "../../usage/command-table.js";
import { checkName, openProject, reportFailures } from "./common.js";

/** `labc secret rm NAME`: drops one value; the others keep their ciphertext. */
export async function runSecretRm(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, spec);
  const name = checkName(positionals[0], "labc secret rm NAME [-f cluster.lab]");
  const project = await openProject(values.file);
  const source = project.declared.get(name)?.source;
  const deployKey = !project.declared.has(name) && name === DEPLOY_KEY_SECRET && project.repository?.private === true;
  if (source?.kind === "generate" || deployKey) {
    // Removing it would make the next build refuse (Git still holds the value) or make a new one.
    process.stderr.write(`labc secret rm: ${project.entry} still makes ${name}${deployKey ? " (the private repository's deploy key)" : " with generate(…)"}; for a new value run 'labc secret regenerate ${name}', or ${deployKey ? `declare your own key (secret ${name} = store())` : "remove its declaration"} first\n`);
    return 1;
  }
  return reportFailures("rm", async () => {
    const keys = await projectIdentities(project);
    const store = await openProjectStore(project, keys);
    const shown = relative(process.cwd(), project.storePath) || project.storePath;
    if (!removeStoreEntry(store, name)) {
      process.stderr.write(`labc secret rm: ${shown} holds no ${name}\n`);
      return 1;
    }
    await saveProjectStore(project, store, keys);
    process.stdout.write(`removed ${name} from ${shown}; commit it\n`);
    if (source?.kind === "store") {
      process.stdout.write(`note: ${project.entry} still reads ${name} from the store; 'labc build' fails until it is set again or the declaration changes\n`);
    }
    return 0;
  }, project.root);
}
