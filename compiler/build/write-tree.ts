import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, chmodSync, lstatSync, statSync } from "node:fs";
import { ensureDir } from "./ensure-dir.js";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";

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
  const generated = new Set(files.map((f) => f.path.split("/").join(sep)));
  const changed = files.filter((f) => !sameFile(join(out, f.path), f)).map((f) => f.path);
  const stale: string[] = [];
  if (existsSync(out)) findStale(out, "", generated, stale);
  // The usual rebuild changes nothing: then touch nothing, not even timestamps.
  if (changed.length === 0 && stale.length === 0) return { written: files.length, changed, removed: [] };
  if (containsWorkingDirectory(out)) return replaceInPlace(out, files, changed, stale);
  const parent = dirname(out);
  ensureDir(parent);
  const stage = join(parent, `.${basename(out)}.labc-stage-${process.pid}`);
  const backup = join(parent, `.${basename(out)}.labc-old-${process.pid}`);
  rmSync(stage, { recursive: true, force: true });
  const made = new Set<string>();
  try {
    for (const file of files) {
      const target = join(stage, file.path);
      ensureDir(dirname(target), made);
      writeFileSync(target, file.content, { mode: file.mode });
      chmodSync(target, file.mode);
    }
    if (existsSync(out)) carryOver(out, stage, "", generated);
    if (existsSync(out)) renameSync(out, backup);
    renameSync(stage, out);
    rmSync(backup, { recursive: true, force: true });
    return { written: files.length, changed, removed: stale };
  } catch (error) {
    rmSync(stage, { recursive: true, force: true });
    if (!existsSync(out) && existsSync(backup)) renameSync(backup, out);
    throw error;
  }
}

/** `labc build --out .` in a repository root: renaming that directory would pull it out from under the shell. */
function containsWorkingDirectory(out: string): boolean {
  const rel = relative(resolve(out), process.cwd());
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

/**
 * The fallback when the output holds the working directory: every changed file is written to a
 * stage inside `out` first (a failure there changes nothing), then renamed over its target one
 * by one, so each file is replaced atomically though the tree as a whole is not.
 */
function replaceInPlace(out: string, files: readonly FileToWrite[], changed: readonly string[], stale: readonly string[]): WriteResult {
  const stage = join(out, `.labc-stage-${process.pid}`);
  const byPath = new Map(files.map((f) => [f.path, f]));
  rmSync(stage, { recursive: true, force: true });
  ensureDir(stage);
  try {
    changed.forEach((path, i) => {
      const file = byPath.get(path)!;
      writeFileSync(join(stage, String(i)), file.content, { mode: file.mode, flag: "w" });
    });
  } catch (error) {
    rmSync(stage, { recursive: true, force: true });
    throw error;
  }
  changed.forEach((path, i) => {
    const target = join(out, path);
    ensureDir(dirname(target));
    renameSync(join(stage, String(i)), target);
    chmodSync(target, byPath.get(path)!.mode);
  });
  for (const path of stale) rmSync(join(out, path), { force: true });
  rmSync(stage, { recursive: true, force: true });
  return { written: files.length, changed, removed: stale };
}

function sameFile(path: string, file: FileToWrite): boolean {
  try {
    return (statSync(path).mode & 0o777) === file.mode && readFileSync(path, "utf8") === file.content;
  } catch {
    return false;
  }
}

/** Owned files in the old output that the new build no longer generates. */
function findStale(root: string, rel: string, generated: ReadonlySet<string>, out: string[]): void {
  for (const entry of readdirSync(join(root, rel), { withFileTypes: true })) {
    const childRel = rel ? join(rel, entry.name) : entry.name;
    if (!owned(childRel, generated) && !hasGeneratedBelow(childRel, generated)) continue;
    if (entry.isDirectory()) findStale(root, childRel, generated, out);
    else if (!generated.has(childRel)) out.push(childRel.split(sep).join("/"));
  }
}

/** Moves what labc does not own from the old output into the staged one. */
function carryOver(oldRoot: string, stage: string, rel: string, generated: ReadonlySet<string>): void {
  for (const name of readdirSync(join(oldRoot, rel)).sort()) {
    const childRel = rel ? join(rel, name) : name;
    const full = join(oldRoot, childRel);
    const isDir = lstatSync(full).isDirectory();
    if (!owned(childRel, generated) && !hasGeneratedBelow(childRel, generated)) {
      ensureDir(dirname(join(stage, childRel)));
      renameSync(full, join(stage, childRel));
      continue;
    }
    if (isDir) carryOver(oldRoot, stage, childRel, generated);
  }
}

function hasGeneratedBelow(rel: string, generated: ReadonlySet<string>): boolean {
  const prefix = rel + sep;
  for (const g of generated) if (g.startsWith(prefix)) return true;
  return false;
}
