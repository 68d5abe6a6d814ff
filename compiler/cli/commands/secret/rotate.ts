import { applyRotation, planRotation } from "../../../secrets-store/rotate-files.js";
import { projectIdentities } from "../../../secrets-store/store-file.js";
import { recipientsPhrase } from "../../../secrets-store/recipients-phrase.js";
import { formatFlag, parseCommandArgs } from "../../args.js";
import { secretRotate as spec } from "../../usage/command-table.js";
import { findOutput, openProject, reportFailures } from "./common.js";
import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { MANIFEST_PATH } from "../../../build/output-manifest.js";
import { outputSecretFiles } from "../../../secrets-store/output-secret-files.js";

/**
 * `labc secret rotate`: a fresh data key for every SOPS file of the project, wrapped for the
 * cluster's current recipients and key groups (so this is also how a removed recipient is locked out of later
 * versions). Values stay the same; all files are rotated, or none. An output it cannot find, or
 * one that holds no build, is said out loud: its files would keep their old data keys.
 */
export async function runSecretRotate(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(args, spec);
  const json = formatFlag(values, ["text", "json"]) === "json";
  const project = await openProject(values.file);
  if (project.recipients.length === 0) {
    process.stderr.write(`labc secret rotate: ${project.entry} declares no age recipients to rotate to\n`);
    return 1;
  }
  return reportFailures("rotate", async () => {
    const keys = await projectIdentities(project);
    const found = await findOutput(values.out, values.file, project.root);
    const outDir = found.dir;
    const plan = await planRotation(project, outDir, keys.identities, keys.searched);
    const missed = missedOutput(outDir, found.looked);
    if (json) {
      const ok = plan.failed.length === 0;
      if (ok) applyRotation(plan);
      const report = { ok, rotated: ok ? plan.files.map((f) => f.display) : [], failed: plan.failed.map((f) => ({ file: f.display, message: f.message })), ...(missed ? { warning: missed } : {}) };
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      return ok ? 0 : 1;
    }
    if (plan.failed.length > 0) {
      for (const f of plan.failed) process.stderr.write(`labc secret rotate: ${f.display}: ${f.message}\n`);
      process.stderr.write("labc secret rotate: nothing was rotated\n");
      return 1;
    }
    if (plan.files.length === 0) {
      process.stdout.write("no SOPS files to rotate (no store, Talos bundle or built output yet)\n");
      if (missed) process.stderr.write(`labc secret rotate: warning: ${missed}\n`);
      return 0;
    }
    applyRotation(plan);
    process.stdout.write(
      `rotated ${plan.files.length} file${plan.files.length === 1 ? "" : "s"} to fresh data keys for ${recipientsPhrase(project.keys)}:\n` +
        plan.files.map((f) => `  ${f.display}\n`).join("") +
        "commit them. The values are unchanged: if one leaked, change the value itself, then rebuild\n",
    );
    if (missed) process.stderr.write(`labc secret rotate: warning: ${missed}\n`);
    return 0;
  }, project.root);
}

/**
 * Why the built output's SOPS files were not rotated, when they were not: a rebuild keeps their
 * ciphertext (the values did not change), so without this they would keep the old data keys.
 */
function missedOutput(outDir: string | undefined, looked: readonly string[]): string | undefined {
  const how = "run 'labc secret rotate --out DIR' with the folder 'labc build' writes to, so its SOPS files (kubernetes/**/*.sops.yaml, talos/talsecret.sops.yaml) get fresh data keys too";
  if (outDir === undefined) return `found no built output (looked for ${looked.join(", ")}), so only the files beside cluster.lab were rotated; the generated repository's SOPS files keep their old data keys: ${how}`;
  if (outputSecretFiles(outDir).length > 0 || existsSync(join(outDir, MANIFEST_PATH))) return undefined;
  const shown = relative(process.cwd(), outDir) || ".";
  return `${shown} holds no build (no ${MANIFEST_PATH}, no SOPS files), so only the files beside cluster.lab were rotated; if the generated repository is elsewhere, ${how}`;
}
