import { relative } from "node:path";
import { DEPLOY_KEY_SECRET } from "../../../model/well-known.js";
import { describeSource } from "../../../secrets-store/project.js";
import { PromptAborted, readSecretValue, ValueInputError } from "../../../secrets-store/read-value.js";
import { openProjectStore, projectIdentities, saveProjectStore } from "../../../secrets-store/store-file.js";
import { parseCommandArgs } from "../../args.js";
import { secretSet as spec } from "../../usage/command-table.js";
import { UsageError } from "../../usage-error.js";
import { checkName, openProject, reportFailures } from "./common.js";

const USAGE = "labc secret set NAME [-f cluster.lab] < value-file";

/**
 * `labc secret set NAME`: the value comes from stdin or a hidden prompt, never from argv (shell
 * history, /proc). The store is re-encrypted quietly: other values keep their ciphertext.
 */
export async function runSecretSet(args: string[]): Promise<number> {
  // Any extra word may be the value itself, so it is refused without being echoed.
  const { values, positionals } = parseCommandArgs(args, spec);
  if (positionals.length > 1) {
    throw new UsageError(`values are never taken from the command line, where shell history and other users can see them; pipe it instead: ${USAGE}`);
  }
  const name = checkName(positionals[0], USAGE);
  const project = await openProject(values.file);
  return reportFailures("set", async () => {
    const keys = await projectIdentities(project);
    const store = await openProjectStore(project, keys);
    let value: string;
    try {
      value = await readSecretValue(name);
    } catch (error) {
      if (error instanceof PromptAborted) return 130;
      if (error instanceof ValueInputError) {
        process.stderr.write(`labc secret set: ${error.message}\n`);
        return 1;
      }
      throw error;
    }
    const existed = store.values.has(name);
    store.values.set(name, value);
    const outcome = await saveProjectStore(project, store, keys);
    const shown = relative(process.cwd(), project.storePath) || project.storePath;
    process.stdout.write(
      outcome === "unchanged"
        ? `${name}: ${shown} already holds this value; nothing changed\n`
        : `${existed ? "updated" : "added"} ${name} in ${shown}; commit it\n`,
    );
    const declared = project.declared.get(name);
    if (declared?.source && (declared.source.kind === "env" || declared.source.kind === "file")) {
      process.stdout.write(`note: ${project.entry} reads ${name} from ${describeSource(declared.source)}; the stored value is used once the declaration says store()\n`);
    } else if (!declared && !(name === DEPLOY_KEY_SECRET && project.repository?.private)) {
      process.stdout.write(`note: ${project.entry} does not declare ${name}; add: secret ${name} = store()\n`);
    }
    return 0;
  }, project.root);
}
