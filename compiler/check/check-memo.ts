import type * as ast from "../../lang/syntax/ast.js";
import type { Diagnostic } from "../../lang/diagnostics/diagnostic.js";
import { Reporter } from "../../lang/diagnostics/reporter.js";
import type { NamedDeclaration } from "./bind.js";
import type { Definitions } from "./app-definition.js";
import type { ReadContext } from "./fields/read-block.js";
import type { LoweredApp } from "./lower/lowered.js";
import { lowerApp } from "./lower/lower-apps.js";

interface Remembered {
  readonly definitions: Definitions;
  readonly context: string;
  readonly lowered: LoweredApp;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Work one check leaves for the next check of the same program. The language server checks the
 * program again after every keystroke, and most declarations are the very syntax nodes of the
 * last check (an unchanged file keeps its tree, an edited one the declarations before the edit).
 * An app is lowered again only when its node, the definitions or what its lowering reads from
 * the rest of the program changed; otherwise its lowered form is reused and its findings are
 * reported again, in the same place of the sequence, so the result is exactly a fresh check's.
 */
export class CheckMemo {
  private readonly apps = new WeakMap<ast.Declaration, Remembered>();
  /** Apps whose lowering was reused, over this memo's life (tests read it). */
  reused = 0;

  lowerApp(d: NamedDeclaration, definitions: Definitions, ctx: ReadContext, context: string): LoweredApp {
    const known = this.apps.get(d.decl);
    if (known && known.definitions === definitions && known.context === context) {
      this.reused++;
      ctx.reporter.diagnostics.push(...known.diagnostics);
      return known.lowered;
    }
    const own = new Reporter();
    const lowered = lowerApp(d, definitions, { ...ctx, reporter: own });
    ctx.reporter.diagnostics.push(...own.diagnostics);
    this.apps.set(d.decl, { definitions, context, lowered, diagnostics: own.diagnostics });
    return lowered;
  }
}

/**
 * What an app's lowering reads besides its own declaration: the declared names of every kind
 * (references resolve against them, suggestions list them in order), the lock's versions
 * (with their spans, which a pinned version points at) and the secret root.
 */
export function appLoweringContext(ctx: ReadContext): string {
  const names = [...ctx.symbols].map(([kind, table]) => `${kind}:${[...table.keys()].join(",")}`);
  const locked = [...(ctx.locked ?? [])].map(([name, v]) => `${name}@${v.version}@${v.span.file}:${v.span.start.offset}-${v.span.end.offset}`);
  return JSON.stringify([names, locked, ctx.secretRoot]);
}
