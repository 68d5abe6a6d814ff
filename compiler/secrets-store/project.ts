import { join } from "node:path";
import type { Diagnostic } from "../../lang/diagnostics/diagnostic.js";
import type { LineIndex, Span } from "../../lang/diagnostics/span.js";
import { compileWorkspace } from "../pipeline/compile.js";
import type { ClusterModel, SecretSource } from "../model/model.js";
import type { DeclaredApp, DeclaredCluster, DeclaredSecret } from "../model/declarations.js";
import { STORE_FILE } from "./store.js";
import { TALOS_SECRETS_FILE } from "../model/well-known.js";

export type { DeclaredSecret } from "../model/declarations.js";

/**
 * What the `labc secret` commands need from cluster.lab. It is taken from the checked
 * declarations rather than the model, so managing secrets still works while an unrelated part
 * of the file has errors (often the very error is "secret X is not in the store").
 */
export interface SecretProject {
  /** cluster.lab as the user named it (for messages). */
  readonly entry: string;
  /** The folder of cluster.lab: the store, the Talos bundle and age.key live here. */
  readonly root: string;
  readonly storePath: string;
  readonly talosBundlePath: string;
  /** The cluster's age recipients, as declared (every key group's). */
  readonly recipients: readonly string[];
  /** The recipients as SOPS key groups and threshold: what files are encrypted to. */
  readonly keys: DeclaredCluster["keys"];
  readonly recipientsSpan: Span | undefined;
  /** Where to point project-wide diagnostics: the cluster declaration, else the file start. */
  readonly anchor: Span;
  readonly declared: ReadonlyMap<string, DeclaredSecret>;
  readonly apps: readonly DeclaredApp[];
  readonly repository: { readonly slug: string; readonly private: boolean } | undefined;
  readonly model: ClusterModel | undefined;
  readonly diagnostics: readonly Diagnostic[];
  readonly sources: ReadonlyMap<string, LineIndex>;
}

export function loadSecretProject(entry: string, cwd = process.cwd()): SecretProject {
  const compiled = compileWorkspace(entry, { cwd });
  const { workspace, checked } = compiled;
  const { cluster, secrets, apps } = checked.declarations;
  const first = workspace.files[0];
  const start = { line: 1, column: 1, offset: 0 };
  const anchor: Span = cluster?.span ?? { file: first?.displayPath ?? entry, start, end: start };
  const declared = new Map<string, DeclaredSecret>();
  for (const s of secrets) declared.set(s.name, s);
  return {
    entry,
    root: workspace.root,
    storePath: join(workspace.root, STORE_FILE),
    talosBundlePath: join(workspace.root, TALOS_SECRETS_FILE),
    recipients: cluster?.recipients ?? [],
    keys: cluster?.keys ?? { keyGroups: [], shamirThreshold: 1 },
    recipientsSpan: cluster?.recipientsSpan,
    anchor,
    declared,
    apps,
    repository: cluster?.repository,
    model: checked.model,
    diagnostics: compiled.diagnostics,
    sources: compiled.sources,
  };
}

/** `env("X")`, `file("p")`, `generate(token, 32)`, … as written in cluster.lab. */
export function describeSource(source: SecretSource | undefined): string {
  if (!source) return "(invalid source)";
  switch (source.kind) {
    case "env":
      return `env("${source.variable}")`;
    case "file":
      return `file("${source.path}")`;
    case "store":
      return "store()";
    case "generate":
      return source.generator === "token" ? `generate(token, ${source.length})` : "generate(ssh-ed25519)";
  }
}
