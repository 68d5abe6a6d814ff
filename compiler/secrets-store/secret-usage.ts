import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { ParamValue } from "../model/model.js";
import { CLUSTER_AGE_KEY, DEPLOY_KEY_SECRET } from "../model/well-known.js";
import { DEPLOY_KEY_FILE } from "../emit/bootstrap/deploy-key.js";
import { APPS_ROOT } from "../emit/flux/layout.js";
import type { SecretProject } from "./project.js";

export interface SecretUse {
  /** Who reads the value: `app cert-manager (token)`. */
  readonly by: string;
  /** Output files that carry it, or the app's folder when no output exists yet. */
  readonly outputs: readonly string[];
}

function referencedSecrets(value: ParamValue | undefined, out: Set<string>): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    for (const v of value) referencedSecrets(v, out);
  } else if (typeof value === "object" && typeof (value as { secret?: unknown }).secret === "string") {
    out.add((value as { secret: string }).secret);
  }
}

/** Every `*.sops.yaml` below `dir` in the output, as output-relative paths. */
function secretFilesUnder(outDir: string | undefined, dir: string): string[] {
  if (outDir === undefined || !existsSync(join(outDir, dir))) return [];
  const found: string[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(join(outDir, rel)).sort()) {
      const child = `${rel}/${name}`;
      if (statSync(join(outDir, child)).isDirectory()) walk(child);
      else if (name.endsWith(".sops.yaml")) found.push(child);
    }
  };
  walk(dir);
  return found;
}

/**
 * Which outputs read each secret, from the declarations alone (no value is needed): the apps
 * whose parameters name it, located by the output layout, plus the deploy key of a private
 * repository. With a built output directory the exact files are listed.
 */
export function secretUses(project: SecretProject, outDir: string | undefined): Map<string, SecretUse[]> {
  const uses = new Map<string, SecretUse[]>();
  const add = (name: string, use: SecretUse) => uses.set(name, [...(uses.get(name) ?? []), use]);
  for (const app of project.apps) {
    for (const [param, value] of Object.entries(app.params)) {
      const names = new Set<string>();
      referencedSecrets(value, names);
      const folder = `${APPS_ROOT}/${app.namespace}/${app.name}`;
      const files = secretFilesUnder(outDir, folder);
      for (const name of names) add(name, { by: `app ${app.name} (${param})`, outputs: files.length > 0 ? files : [`${folder}/`] });
    }
  }
  add(CLUSTER_AGE_KEY, { by: "Flux (the sops-age Secret it decrypts with)", outputs: ["kubernetes/components/common/sops/sops-age.sops.yaml"] });
  if (project.repository?.private) add(DEPLOY_KEY_SECRET, { by: "flux-instance (pullSecret of the private repository)", outputs: [DEPLOY_KEY_FILE] });
  return uses;
}
