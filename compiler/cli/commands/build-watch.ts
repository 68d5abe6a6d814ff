import { lockWait } from "./build.js";
import { existsSync, readdirSync, statSync, watch, type FSWatcher } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { hasErrors } from "../../../lang/diagnostics/diagnostic.js";
import { diffSnapshots, findLabFiles, hasChanges, snapshot, type LabChanges, type LabSnapshot } from "../../build/lab-sources.js";
import { printDiagnostics } from "../terminal.js";
import type { Target } from "../target.js";

/** Quiet time after the last file event before rebuilding: editors write a file in several steps. */
const DEBOUNCE_MS = 150;
/** fs.watch holds one inotify watch per folder; a project of .lab files needs far fewer. */
const MAX_WATCHED = 256;

/**
 * `labc build --watch`: builds once, then rebuilds whenever a `.lab` file under the entry's
 * directory is added, changed or removed, printing which sources and which output paths
 * changed. A failed build prints its diagnostics and leaves the previous tree (the build is
 * atomic); the next save tries again. SIGINT/SIGTERM end it with exit code 0.
 */
export async function watchBuild(target: Target): Promise<number> {
  const cwd = process.cwd();
  const entry = resolve(cwd, target.entry);
  const out = resolve(cwd, target.out);
  const root = dirname(entry);
  const { build } = await import("../../build/build.js");
  // Paths are shown relative to where labc started, even after `--out .` renames that folder.
  const show = (path: string) => relative(cwd, path) || ".";

  let sources: LabSnapshot = snapshot(root, findLabFiles(root, [out]));
  const watchers = new Map<string, FSWatcher>();
  let timer: NodeJS.Timeout | undefined;
  let building = false;
  let again = false;

  const runBuild = async (changes: LabChanges | undefined): Promise<void> => {
    building = true;
    if (changes) {
      for (const f of changes.added) process.stdout.write(`added   ${show(join(root, f))}\n`);
      for (const f of changes.changed) process.stdout.write(`changed ${show(join(root, f))}\n`);
      for (const f of changes.removed) process.stdout.write(`removed ${show(join(root, f))}\n`);
    }
    const before = outputFiles(out);
    try {
      const report = await build({ entry, out, cwd, lockWaitMs: lockWait(undefined) });
      // Watch the folders as they are now before saying so: a save right after "built" is seen.
      rewatch();
      printDiagnostics(report.diagnostics, report.sources);
      if (hasErrors(report.diagnostics) || !report.written) {
        process.stdout.write(`build failed; ${target.outDisplay} was left as it was; waiting for the next change\n`);
      } else {
        for (const note of report.notes) process.stdout.write(`note: ${note}\n`);
        const w = report.written;
        // The first build of an empty folder would list every file: only the count then.
        if (before.size > 0) {
          for (const p of w.changed) process.stdout.write(`  ${before.has(p) ? "changed" : "added  "} ${p}\n`);
          for (const p of w.removed) process.stdout.write(`  removed ${p}\n`);
        }
        process.stdout.write(`built ${target.outDisplay}: ${w.changed.length + w.removed.length === 0 ? "nothing changed" : `${w.changed.length} written, ${w.removed.length} removed`}\n`);
      }
    } catch (error) {
      process.stdout.write(`build failed: ${(error as Error).message}; waiting for the next change\n`);
    }
    // A build into the watched folder replaces it: watch the new directories.
    rewatch();
    building = false;
    if (again) {
      again = false;
      check();
    }
  };

  const check = (): void => {
    if (building) {
      again = true;
      return;
    }
    const next = snapshot(root, findLabFiles(root, [out]));
    const changes = diffSnapshots(sources, next);
    sources = next;
    if (hasChanges(changes)) void runBuild(changes);
    else rewatch(); // a new folder may have appeared
  };

  const onEvent = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(check, DEBOUNCE_MS);
  };

  /**
   * Watches the entry's folder and its subfolders (not the output): new .lab files show up
   * anywhere. Existing watchers are kept, so no event falls into a gap between closing one
   * watcher and opening its replacement (a save right after a build would be lost).
   */
  const rewatch = (): void => {
    const wanted = new Set([root, ...subdirectories(root, out)].slice(0, MAX_WATCHED));
    for (const [dir, w] of watchers) {
      if (wanted.has(dir)) continue;
      w.close();
      watchers.delete(dir);
    }
    for (const dir of wanted) {
      if (watchers.has(dir)) continue;
      try {
        const w = watch(dir, { persistent: true }, onEvent);
        w.on("error", () => {
          // The folder went away or was replaced: forget it and look again.
          w.close();
          watchers.delete(dir);
          onEvent();
        });
        watchers.set(dir, w);
      } catch {
        // Gone already; the next event lists the folders again.
      }
    }
  };

  rewatch();
  process.stdout.write(`watching ${sources.size} .lab file${sources.size === 1 ? "" : "s"} under ${show(root)}; Ctrl-C to stop\n`);
  await runBuild(undefined);

  return await new Promise<number>((done) => {
    const stop = () => {
      if (timer) clearTimeout(timer);
      for (const w of watchers.values()) w.close();
      process.stdout.write("stopped watching\n");
      done(0);
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}

/** Every file below `out`, relative with `/` (to tell added output files from changed ones). */
function outputFiles(out: string): Set<string> {
  const files = new Set<string>();
  const walk = (dir: string, rel: string) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      if (name === ".git") continue;
      const full = join(dir, name);
      const childRel = rel ? `${rel}/${name}` : name;
      if (statSync(full, { throwIfNoEntry: false })?.isDirectory()) walk(full, childRel);
      else files.add(childRel);
    }
  };
  if (existsSync(out)) walk(out, "");
  return files;
}

/** Folders below `root` worth watching for new .lab files: not hidden, not dependencies, not the output. */
function subdirectories(root: string, out: string): string[] {
  const found: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > 4) return;
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      if (name.startsWith(".") || name === "node_modules") continue;
      const full = join(dir, name);
      if (full === out || !statSync(full, { throwIfNoEntry: false })?.isDirectory()) continue;
      found.push(full);
      walk(full, depth + 1);
    }
  };
  walk(root, 0);
  return found;
}
