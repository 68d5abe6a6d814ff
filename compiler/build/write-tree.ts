import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, chmodSync, lstatSync } from "node:fs";
import { basename, dirname, join, relative, sep } from "node:path";

export interface FileToWrite {
  readonly path: string;
  readonly content: string;
  readonly mode: number;
}

/**
 * Paths labc owns in the output: on rebuild, files under these that are no longer generated are
 * removed. Everything else already in the output directory (`.git`, the machine configs written
 * by `labc talos config`, files the user added) is carried over untouched.
 */
const OWNED_ROOTS = ["kubernetes", "bootstrap", "talos"];
const NOT_OWNED = ["talos/clusterconfig"];

function owned(rel: string, generated: ReadonlySet<string>): boolean {
  if (generated.has(rel)) return true;
  const posix = rel.split(sep).join("/");
  if (NOT_OWNED.some((p) => posix === p || posix.startsWith(`${p}/`))) return false;
  return OWNED_ROOTS.some((p) => posix === p || posix.startsWith(`${p}/`));
}

export interface WriteResult {
  readonly written: number;
  readonly changed: readonly string[];
  readonly removed: readonly string[];
}

/**
 * Writes the whole tree into a temporary directory beside `out`, then swaps it in with two
 * renames. Until the swap nothing in `out` changes, so a failure leaves the previous output.
 */
export function writeTreeAtomically(out: string, files: readonly FileToWrite[]): WriteResult {
  const parent = dirname(out);
  mkdirSync(parent, { recursive: true });
  const stage = join(parent, `.${basename(out)}.labc-stage-${process.pid}`);
  const backup = join(parent, `.${basename(out)}.labc-old-${process.pid}`);
  rmSync(stage, { recursive: true, force: true });
  const generated = new Set(files.map((f) => f.path.split("/").join(sep)));
  const changed: string[] = [];
  try {
    for (const file of files) {
      const target = join(stage, file.path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, file.content, { mode: file.mode });
      chmodSync(target, file.mode);
      const old = join(out, file.path);
      if (!existsSync(old) || readFileSync(old, "utf8") !== file.content) changed.push(file.path);
    }
    const removed: string[] = [];
    if (existsSync(out)) carryOver(out, stage, "", generated, removed);
    if (existsSync(out)) renameSync(out, backup);
    renameSync(stage, out);
    rmSync(backup, { recursive: true, force: true });
    return { written: files.length, changed, removed };
  } catch (error) {
    rmSync(stage, { recursive: true, force: true });
    if (!existsSync(out) && existsSync(backup)) renameSync(backup, out);
    throw error;
  }
}

/** Moves what labc does not own from the old output into the staged one; lists stale owned files. */
function carryOver(oldRoot: string, stage: string, rel: string, generated: ReadonlySet<string>, removed: string[]): void {
  for (const name of readdirSync(join(oldRoot, rel)).sort()) {
    const childRel = rel ? join(rel, name) : name;
    const full = join(oldRoot, childRel);
    const isDir = lstatSync(full).isDirectory();
    if (!owned(childRel, generated) && !hasGeneratedBelow(childRel, generated)) {
      mkdirSync(dirname(join(stage, childRel)), { recursive: true });
      renameSync(full, join(stage, childRel));
      continue;
    }
    if (isDir) carryOver(oldRoot, stage, childRel, generated, removed);
    else if (!generated.has(childRel)) removed.push(relative(".", childRel).split(sep).join("/"));
  }
}

function hasGeneratedBelow(rel: string, generated: ReadonlySet<string>): boolean {
  const prefix = rel + sep;
  for (const g of generated) if (g.startsWith(prefix)) return true;
  return false;
}
