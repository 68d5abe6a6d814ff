import type * as ast from "../../lang/syntax/ast.js";
import type { LockedVersions } from "../model/version-pins.js";
import type { Diagnostic } from "../../lang/diagnostics/diagnostic.js";
import { hasErrors } from "../../lang/diagnostics/diagnostic.js";
import { Reporter } from "../../lang/diagnostics/reporter.js";
import type { ClusterModel } from "../model/model.js";
import type { Declarations } from "../model/declarations.js";
import { declarationsOf } from "./declarations.js";
import { bind } from "./bind.js";
import { loweringContext, type CheckMemo } from "./check-memo.js";
import type { ReadContext } from "./fields/read-block.js";
import type { Lowered, LoweredNetwork } from "./lower/lowered.js";
import { lowerCluster, lowerNetwork, lowerNode } from "./lower/lower-infra.js";
import { lowerApp, lowerSecret } from "./lower/lower-apps.js";
import type { Definitions } from "./app-definition.js";
import { checkAddresses, type LoadBalancerAddress } from "./rules/addresses.js";
import { checkNodes } from "./rules/nodes.js";
import { checkNics } from "./rules/nics.js";
import { buildGraph } from "./rules/graph.js";
import { declareContext } from "./rules/declare-app-fix.js";
import { checkKubernetesVersion, checkTalosVersion } from "./rules/versions.js";
import { checkApps } from "./rules/apps.js";
import { checkHelmValues } from "./rules/helm-values.js";
import { buildModel } from "./build-model.js";
import { checkModel } from "./rules/model-rules.js";
import { checkTalos } from "./rules/talos.js";
import { checkTalosPatches } from "./rules/talos-patches.js";
import { sourceFiles, type ReadText } from "./source-files.js";
import { addressRole, announcedParams } from "../model/load-balancers.js";
import type { Confinement } from "../files/confine.js";
import { dirname, resolve } from "node:path";

export interface CheckOptions {
  /**
   * Set when parsing reported errors: the tree is then a recovery guess, good enough for
   * diagnostics and the editor but not for building a model (and so not for writing files).
   */
  readonly syntaxErrors?: boolean;
  /**
   * Where each parsed file was read from (its span file name → absolute path): the paths a .lab
   * file names with file("…") are relative to its own directory. Spans name files as the loader
   * shows them, relative to its working directory, so the checker is told rather than guessing.
   */
  readonly sourcePaths?: ReadonlyMap<string, string>;
  /** For a file missing from `sourcePaths`: the directory its span file name is relative to; default the process's working directory. */
  readonly cwd?: string;
  /** Reads those files; default the file system (regular files only, size-capped). */
  readonly readText?: ReadText;
  /** Where file(…) may lead; default anywhere (the pipeline always passes the workspace's). */
  readonly confinement?: Confinement;
  /** versions.lock.yaml's versions: where cluster.lab sets none, they win over this labc's defaults. */
  readonly lockedVersions?: LockedVersions;
  /** Kept by a caller that checks the same program again and again (the language server). */
  readonly memo?: CheckMemo;
}

export interface CheckResult {
  /** The model, when there are no errors (warnings allowed). */
  readonly model: ClusterModel | undefined;
  readonly diagnostics: readonly Diagnostic[];
  /** What the file declares, also when it has errors: the secret commands and report spans read this. */
  readonly declarations: Declarations;
}

/**
 * Binds, reads and checks the parsed files of a workspace, then builds the model. Phases run in
 * order; each only reports what the earlier ones could not see.
 */
export function check(files: readonly ast.SourceFile[], definitions: Definitions, options: CheckOptions = {}): CheckResult {
  const r = new Reporter();
  const bound = bind(files, r);
  const known = options.sourcePaths ?? new Map<string, string>();
  const sources = sourceFiles({
    known,
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
    ...(options.readText ? { readText: options.readText } : {}),
    ...(options.confinement ? { confinement: options.confinement } : {}),
  });
  // Secret file("…") paths are relative to the entry file, which the loader lists last.
  const entry = files[files.length - 1];
  const entryPath = entry && (known.get(entry.file) ?? resolve(options.cwd ?? process.cwd(), entry.file));
  const ctx: ReadContext = { reporter: r, symbols: bound.symbols, files: sources, secretRoot: entryPath ? dirname(entryPath) : (options.cwd ?? process.cwd()), ...(options.lockedVersions ? { locked: options.lockedVersions } : {}) };

  const memo = options.memo;
  const context = memo ? loweringContext(ctx) : "";
  const networks = new Map<string, LoweredNetwork>();
  for (const [name, d] of bound.byKind.get("network")!) networks.set(name, memo ? memo.lowerNetwork(d, ctx, context) : lowerNetwork(d, ctx));
  const clusterDecl = bound.clusters[0];
  const lowered: Lowered = {
    ...(clusterDecl ? { cluster: memo ? memo.lowerCluster(clusterDecl, ctx, context) : lowerCluster(clusterDecl, ctx) } : {}),
    networks: [...networks.values()],
    nodes: [...bound.byKind.get("node")!.values()].map((d) => (memo ? memo.lowerNode(d, ctx, networks, context) : lowerNode(d, ctx, networks))),
    apps: [...bound.byKind.get("app")!.values()].map((d) => (memo ? memo.lowerApp(d, definitions, ctx, context) : lowerApp(d, definitions, ctx))),
    secrets: [...bound.byKind.get("secret")!.values()].map((d) => lowerSecret(d, ctx)),
  };

  checkTalosVersion(lowered.cluster?.talos, r);
  checkKubernetesVersion(lowered.cluster?.kubernetes, r);
  checkNodes(lowered, r);
  checkNics(lowered, r);
  checkAddresses(lowered, loadBalancerClaims(lowered), r);
  checkApps(lowered, r);
  checkHelmValues(lowered, r);
  checkTalos(lowered, r);
  const graph = buildGraph(lowered.apps, r, declareContext(lowered, definitions));

  let model: ClusterModel | undefined;
  if (!options.syntaxErrors && !hasErrors(r.diagnostics) && graph.order) {
    model = buildModel(lowered, graph.edges, graph.order, r, options.lockedVersions, memo && { memo, context });
    if (model) {
      checkModel(model, lowered, r);
      checkTalosPatches(model, r);
    }
    if (hasErrors(r.diagnostics)) model = undefined;
  }
  return { model, diagnostics: r.diagnostics, declarations: declarationsOf(lowered) };
}

function loadBalancerClaims(l: Lowered): LoadBalancerAddress[] {
  const out: LoadBalancerAddress[] = [];
  for (const app of l.apps) {
    for (const name of announcedParams(app.definition)) {
      const value = app.params[name];
      if (value && typeof value.value === "string") {
        out.push({ address: { value: value.value, span: value.span }, role: addressRole(name, app.name) });
      }
    }
  }
  return out;
}
