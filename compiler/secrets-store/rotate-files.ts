import { readProjectFile } from "../files/read-project-file.js";
import { join, relative } from "node:path";
import { SopsError } from "../secrets/errors.js";
import { rotateSops } from "../secrets/sops/index.js";
import { writeFileAtomically } from "../files/write-file.js";
import { TALOS_SECRETS_FILE } from "../model/well-known.js";
import type { SecretProject } from "./project.js";
import { outputSecretFiles } from "./output-secret-files.js";
import { yamlIndentOf } from "./reencrypt-edited.js";
import { clusterRecipientOf, withRecipient } from "./cluster-key.js";
import { kubernetesRule } from "../model/sops-rules.js";

export interface RotationPlan {
  readonly files: readonly { readonly path: string; readonly display: string; readonly text: string }[];
  readonly failed: readonly { readonly display: string; readonly message: string }[];
}

/**
 * A fresh data key for every SOPS file of the project, wrapped for the cluster's recipients (split
 * over its key groups, if it has several):
 * the store, the Talos bundle and the SOPS files of the built output. Values are unchanged, so
 * the next build finds them equal and keeps these bytes. The output's copy of the Talos bundle
 * gets the same bytes as the original, as the build would copy it.
 */
export async function planRotation(project: SecretProject, outDir: string | undefined, identities: readonly string[], searched: readonly string[], cwd = process.cwd()): Promise<RotationPlan> {
  const files: { path: string; display: string; text: string }[] = [];
  const failed: { display: string; message: string }[] = [];
  // Kubernetes files keep the cluster's own key (Flux's) among their recipients, as the build wrote them.
  const clusterRecipient = clusterRecipientOf(outDir, project.keys.keyGroups.flat(), kubernetesRule);
  const rotate = async (path: string, text: string, forFlux = false): Promise<string | undefined> => {
    const display = relative(cwd, path) || path;
    const keys = forFlux && clusterRecipient ? withRecipient(project.keys, clusterRecipient) : project.keys;
    try {
      const rotated = await rotateSops(text, { identities, ...keys, searched, indent: yamlIndentOf(text) });
      files.push({ path, display, text: rotated });
      return rotated;
    } catch (error) {
      if (!(error instanceof SopsError)) throw error;
      failed.push({ display, message: error.message });
      return undefined;
    }
  };
  // Regular files only (a FIFO would hang the read); anything else there is reported, not rotated.
  const readOrReport = (path: string): string | undefined => {
    const read = readProjectFile(path);
    if (read.kind === "unreadable") failed.push({ display: relative(cwd, path) || path, message: read.why });
    return read.kind === "file" ? read.text : undefined;
  };
  const store = readOrReport(project.storePath);
  if (store !== undefined) await rotate(project.storePath, store);
  let talos: { before: string; after: string | undefined } | undefined;
  const bundle = readOrReport(project.talosBundlePath);
  if (bundle !== undefined) talos = { before: bundle, after: await rotate(project.talosBundlePath, bundle) };
  for (const rel of outputSecretFiles(outDir)) {
    const path = join(outDir!, rel);
    const text = readOrReport(path);
    if (text === undefined) continue;
    if (rel === `talos/${TALOS_SECRETS_FILE}` && talos?.after !== undefined && text === talos.before) {
      files.push({ path, display: relative(cwd, path) || path, text: talos.after });
      continue;
    }
    await rotate(path, text, new RegExp(kubernetesRule).test(rel));
  }
  return { files, failed };
}

/** Writes a plan (all files 0600); call only when nothing failed, so the project never ends up half-rotated. */
export function applyRotation(plan: RotationPlan): void {
  for (const file of plan.files) writeFileAtomically(file.path, file.text, 0o600);
}
