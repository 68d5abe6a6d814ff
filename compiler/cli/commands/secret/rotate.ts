import { applyRotation, planRotation } from "../../../secrets-store/rotate-files.js";
import { projectIdentities } from "../../../secrets-store/store-file.js";
import { recipientsPhrase } from "../../../secrets-store/recipients-phrase.js";
import { parseCommandArgs } from "../../args.js";
import { openProject, outputDir, PROJECT_OPTION, reportFailures } from "./common.js";

/**
 * `labc secret rotate`: a fresh data key for every SOPS file of the project, wrapped for the
 * cluster's current recipients and key groups (so this is also how a removed recipient is locked out of later
 * versions). Values stay the same; all files are rotated, or none.
 */
export async function runSecretRotate(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(args, { ...PROJECT_OPTION, out: { type: "string", short: "o" } }, 0);
  const project = await openProject(values.file);
  if (project.recipients.length === 0) {
    process.stderr.write(`labc secret rotate: ${project.entry} declares no age recipients to rotate to\n`);
    return 1;
  }
  return reportFailures("rotate", async () => {
    const keys = await projectIdentities(project);
    const outDir = await outputDir(values.out, values.file);
    const plan = await planRotation(project, outDir, keys.identities, keys.searched);
    if (plan.failed.length > 0) {
      for (const f of plan.failed) process.stderr.write(`labc secret rotate: ${f.display}: ${f.message}\n`);
      process.stderr.write("labc secret rotate: nothing was rotated\n");
      return 1;
    }
    if (plan.files.length === 0) {
      process.stdout.write("no SOPS files to rotate (no store, Talos bundle or built output yet)\n");
      return 0;
    }
    applyRotation(plan);
    process.stdout.write(
      `rotated ${plan.files.length} file${plan.files.length === 1 ? "" : "s"} to fresh data keys for ${recipientsPhrase(project.keys)}:\n` +
        plan.files.map((f) => `  ${f.display}\n`).join("") +
        "commit them. The values are unchanged: if one leaked, change the value itself, then rebuild\n",
    );
    return 0;
  }, project.root);
}
