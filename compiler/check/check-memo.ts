import type * as ast from "../../lang/syntax/ast.js";
import type { Diagnostic } from "../../lang/diagnostics/diagnostic.js";
import { Reporter } from "../../lang/diagnostics/reporter.js";
import type { NamedDeclaration } from "./bind.js";
import type { Definitions } from "./app-definition.js";
import type { ReadContext } from "./fields/read-block.js";
import type { LoweredApp, LoweredCluster, LoweredNetwork, LoweredNode } from "./lower/lowered.js";
import { lowerApp } from "./lower/lower-apps.js";
import { lowerCluster, lowerNetwork, lowerNode } from "./lower/lower-infra.js";

interface Remembered<T> {
  readonly context: string;
  /** Where the declaration started when it was lowered. */
  readonly at: number;
  readonly lowered: T;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Work one check leaves for the next check of the same program. The language server checks the
 * program again after every keystroke, and most declarations are the very syntax nodes of the
 * last check (an unchanged file keeps its tree, an edited one the declarations before the edit).
 * A network, node or app is lowered again only when its syntax node, the definitions or what its
 * lowering reads from the rest of the program changed; otherwise its lowered form is reused and
 * its findings are reported again, in the same place of the sequence, so the result is exactly
 * a fresh check's.
 */
export class CheckMemo {
  private readonly apps = new WeakMap<ast.Declaration, Remembered<LoweredApp> & { readonly definitions: Definitions }>();
  private readonly networks = new WeakMap<ast.Declaration, Remembered<LoweredNetwork>>();
  private readonly nodes = new WeakMap<ast.Declaration, Remembered<LoweredNode> & { readonly networks: number }>();
  private readonly clusters = new WeakMap<ast.Declaration, Remembered<LoweredCluster>>();
  /** Per lowered app: its part of the model, and the inputs it was built from. */
  private readonly appModels = new WeakMap<LoweredApp, { readonly inputs: readonly unknown[]; readonly built: unknown; readonly diagnostics: readonly Diagnostic[] }>();
  /** The networks of the last check, and a count bumped whenever a check's are not the same objects. */
  private lastNetworks: readonly LoweredNetwork[] = [];
  private networkGeneration = 0;
  /** Declarations whose lowering was reused, over this memo's life (tests read it). */
  reused = 0;

  lowerApp(d: NamedDeclaration, definitions: Definitions, ctx: ReadContext, context: string): LoweredApp {
    const known = this.apps.get(d.decl);
    if (known && known.definitions === definitions && known.context === context && replayable(known, d)) return this.replay(known, ctx);
    const { lowered, diagnostics } = this.capture(ctx, (own) => lowerApp(d, definitions, own));
    this.apps.set(d.decl, { definitions, context, at: at(d), lowered, diagnostics });
    return lowered;
  }

  lowerNetwork(d: NamedDeclaration, ctx: ReadContext, context: string): LoweredNetwork {
    const known = this.networks.get(d.decl);
    if (known && known.context === context && replayable(known, d)) return this.replay(known, ctx);
    const { lowered, diagnostics } = this.capture(ctx, (own) => lowerNetwork(d, own));
    this.networks.set(d.decl, { context, at: at(d), lowered, diagnostics });
    return lowered;
  }

  /**
   * A node holds its network's lowered form, so it is reused only while every network is the
   * same object as when it was lowered; and never when it read a file (a Talos patch), which
   * may have changed on disk since.
   */
  lowerNode(d: NamedDeclaration, ctx: ReadContext, networks: ReadonlyMap<string, LoweredNetwork>, context: string): LoweredNode {
    const current = [...networks.values()];
    if (current.length !== this.lastNetworks.length || current.some((n, i) => n !== this.lastNetworks[i])) {
      this.lastNetworks = current;
      this.networkGeneration++;
    }
    const known = this.nodes.get(d.decl);
    if (known && known.context === context && known.networks === this.networkGeneration && replayable(known, d)) return this.replay(known, ctx);
    const { lowered, diagnostics, readFile } = this.captureReading(ctx, (own) => lowerNode(d, own, networks));
    if (!readFile) this.nodes.set(d.decl, { context, at: at(d), networks: this.networkGeneration, lowered, diagnostics });
    else this.nodes.delete(d.decl);
    return lowered;
  }

  /** The inputs of the last check's app models when these are the same values, so apps compare them by identity. */
  appInputs(inputs: readonly unknown[]): readonly unknown[] {
    const last = this.lastAppInputs;
    if (last && last.length === inputs.length && last.every((x, i) => x === inputs[i])) return last;
    return (this.lastAppInputs = inputs);
  }
  private lastAppInputs: readonly unknown[] | undefined;

  /** Like a node, the cluster is reused only when it read no file (its Talos patches). */
  lowerCluster(d: NamedDeclaration, ctx: ReadContext, context: string): LoweredCluster {
    const known = this.clusters.get(d.decl);
    if (known && known.context === context && replayable(known, d)) return this.replay(known, ctx);
    const { lowered, diagnostics, readFile } = this.captureReading(ctx, (own) => lowerCluster(d, own));
    if (!readFile) this.clusters.set(d.decl, { context, at: at(d), lowered, diagnostics });
    else this.clusters.delete(d.decl);
    return lowered;
  }

  /**
   * An app's part of the model (its values from the definition's defaults and the user's, its
   * pins), built again only when the lowered app is another object or one of `inputs` (what the
   * definition may read of the cluster) is not the very value it was.
   */
  appModel<T>(app: LoweredApp, inputs: readonly unknown[], r: Reporter, build: (r: Reporter) => T): T {
    const known = this.appModels.get(app);
    if (known && known.inputs === inputs) {
      r.diagnostics.push(...known.diagnostics);
      return known.built as T;
    }
    const own = new Reporter();
    const built = build(own);
    r.diagnostics.push(...own.diagnostics);
    this.appModels.set(app, { inputs, built, diagnostics: own.diagnostics });
    return built;
  }

  private replay<T>(known: Remembered<T>, ctx: ReadContext): T {
    this.reused++;
    ctx.reporter.diagnostics.push(...known.diagnostics);
    return known.lowered;
  }

  /** As capture, and tells whether lowering read a file (which may change on disk, unlike the program's text). */
  private captureReading<T>(ctx: ReadContext, lower: (ctx: ReadContext) => T): { lowered: T; diagnostics: readonly Diagnostic[]; readFile: boolean } {
    let readFile = false;
    const files: ReadContext["files"] = {
      read: (path, from) => {
        readFile = true;
        return ctx.files.read(path, from);
      },
      secretOutside: (path, root) => ctx.files.secretOutside(path, root),
    };
    return { ...this.capture({ ...ctx, files }, lower), readFile };
  }

  /** Lowers with a reporter of its own, then reports what it found where the caller's run is. */
  private capture<T>(ctx: ReadContext, lower: (ctx: ReadContext) => T): { lowered: T; diagnostics: readonly Diagnostic[] } {
    const own = new Reporter();
    const lowered = lower({ ...ctx, reporter: own });
    ctx.reporter.diagnostics.push(...own.diagnostics);
    return { lowered, diagnostics: own.diagnostics };
  }
}

const at = (d: NamedDeclaration): number => d.decl.span.start.offset;

/**
 * An edit above a declaration moves its syntax tree in place, and with it every span its findings
 * share with the tree; but a fix may hold a position of its own (an insertion point before a
 * closing brace), which does not move. So findings are replayed only where they were made.
 */
function replayable(known: Remembered<unknown>, d: NamedDeclaration): boolean {
  return known.diagnostics.length === 0 || known.at === at(d);
}

/**
 * What lowering a declaration reads besides the declaration itself: the declared names of every
 * kind (references resolve against them, suggestions list them in order), the lock's versions
 * (with their spans, which a pinned version points at) and the secret root.
 */
export function loweringContext(ctx: ReadContext): string {
  const names = [...ctx.symbols].map(([kind, table]) => `${kind}:${[...table.keys()].join(",")}`);
  const locked = [...(ctx.locked ?? [])].map(([name, v]) => `${name}@${v.version}@${v.span.file}:${v.span.start.offset}-${v.span.end.offset}`);
  return JSON.stringify([names, locked, ctx.secretRoot]);
}
