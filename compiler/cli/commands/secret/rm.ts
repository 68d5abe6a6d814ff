import { relative } from "node:path";
import { DEPLOY_KEY_SECRET } from "../../../model/well-known.js";
import { openProjectStore, projectIdentities, saveProjectStore } from "../../../secrets-store/store-file.js";
import { removeStoreEntry } from "../../../secrets-store/store.js";
import { parseCommandArgs } from "../../args.js";
import { checkName, openProject, PROJECT_OPTION, reportFailures } from "./common.js";

/** `labc secret rm NAME`: drops one value; the others keep their ciphertext. */
export async function runSecretRm(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { ...PROJECT_OPTION }, 1);
  const name = checkName(positionals[0], "labc secret rm NAME [-f cluster.lab]");
  const project = await openProject(values.file);
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
    const source = project.declared.get(name)?.source;
    if (source?.kind === "store") {
      process.stdout.write(`note: ${project.entry} still reads ${name} from the store; 'labc build' fails until it is set again or the declaration changes\n`);
    } else if (source?.kind === "generate") {
      process.stdout.write(`note: the next 'labc build' generates a new ${name}\n`);
    } else if (!source && name === DEPLOY_KEY_SECRET && project.repository?.private) {
      process.stdout.write(`note: the next 'labc build' makes a new deploy key; replace the old one on GitHub with 'labc secret get ${name}.pub'\n`);
    }
    return 0;
  }, project.root);
}
