import type { AppModel, ClusterModel } from "../../model/model.js";
import type { OutputFile } from "../../model/output.js";
import type { AppExtras, AppFile } from "../../../stdlib/types.js";
import { annotate, schemaComment } from "../../yaml/annotated.js";
import { fluxKustomization } from "./flux-kustomization.js";
import { helmReleaseFile } from "./helmrelease.js";
import { kustomizeFile } from "./kustomize-file.js";
import { appRoot } from "./layout.js";
import { secretFile, textFile, withoutFluxSubstitution } from "./outputs.js";
import type { SecretTracker } from "./secret-tracker.js";

/** Everything under `kubernetes/apps/<ns>/<app>/`. */

function extrasOf(cluster: ClusterModel, app: AppModel, secrets: SecretTracker): AppExtras {
  const hook = app.definition.flux?.extras;
  return hook ? hook({ cluster, app, secret: (ref) => secrets.get(ref) }) : {};
}

/** `ks.yaml`: the app's Flux Kustomization (path `app/`) and any further ones (cilium-gateway). */
function ksFile(cluster: ClusterModel, app: AppModel, extras: AppExtras): OutputFile {
  const root = appRoot(app);
  const overrides = app.definition.flux?.kustomization?.({ cluster, app }) ?? {};
  const docs = [
    // cluster-template era A pointed the network/* apps at the app root instead of app/
    // (section 6.2); every app here reconciles exactly its app/ folder.
    fluxKustomization({ name: app.name, namespace: app.namespace, dir: `${root}/app`, dependsOn: app.dependsOn, overrides }),
    ...(extras.kustomizations ?? []).map((k) =>
      fluxKustomization({
        name: k.name,
        namespace: app.namespace,
        dir: `${root}/${k.dir}`,
        dependsOn: k.dependsOn ?? [],
        ...(k.spec ? { overrides: k.spec } : {}),
      }),
    ),
  ];
  return textFile(`${root}/ks.yaml`, docs);
}

function extraFile(root: string, file: AppFile): OutputFile {
  const path = `${root}/${file.path}`;
  if (file.secret) {
    if (file.documents.length !== 1) throw new Error(`${path}: a secret file holds exactly one Secret`);
    // Every app folder is reconciled by a Kustomization with postBuild substitution.
    return secretFile(path, withoutFluxSubstitution(file.documents[0]));
  }
  const docs = file.documents.map((d, i) => {
    const schema = file.schemas?.[i];
    return annotate(d, schema ? { header: [schemaComment(schema)] } : {});
  });
  return textFile(path, docs);
}

/** The folder (first path segment) a file belongs to, and its path inside that folder. */
function ordered(files: readonly string[], order: readonly string[]): string[] {
  const rank = (f: string) => (order.includes(f) ? order.indexOf(f) : order.length);
  return [...files].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

function splitFolder(path: string): { folder: string; rest: string } {
  const slash = path.indexOf("/");
  if (slash <= 0) throw new Error(`app file "${path}" must live in a folder such as app/`);
  return { folder: path.slice(0, slash), rest: path.slice(slash + 1) };
}

/** One kustomization.yaml per folder, listing its files (sorted, or in the definition's order for `app/`). */
function folderKustomizations(root: string, extras: AppExtras, resourceOrder: readonly string[]): OutputFile[] {
  const listed = new Map<string, string[]>([["app", ["helmrelease.yaml"]]]);
  for (const k of extras.kustomizations ?? []) if (!listed.has(k.dir)) listed.set(k.dir, []);
  for (const file of extras.files ?? []) {
    const { folder, rest } = splitFolder(file.path);
    const entries = listed.get(folder);
    if (!entries) throw new Error(`${root}/${file.path}: folder "${folder}" is reconciled by no Flux Kustomization`);
    if (!file.unlisted) entries.push(rest);
  }
  return [...listed.entries()].map(([folder, files]) =>
    textFile(`${root}/${folder}/kustomization.yaml`, [
      kustomizeFile({
        resources: ordered(files, folder === "app" ? resourceOrder : []).map((f) => `./${f}`),
        configMapGenerator: (extras.configMapGenerators ?? []).filter((g) => g.dir === folder),
      }),
    ]),
  );
}

export function appOutputs(cluster: ClusterModel, app: AppModel, secrets: SecretTracker): OutputFile[] {
  const root = appRoot(app);
  const extras = extrasOf(cluster, app, secrets);
  return [
    ksFile(cluster, app, extras),
    helmReleaseFile(cluster, app),
    ...folderKustomizations(root, extras, app.definition.flux?.resourceOrder ?? []),
    ...(extras.files ?? []).map((f) => extraFile(root, f)),
  ];
}
