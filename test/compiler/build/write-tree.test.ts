import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeTreeAtomically, type FileToWrite } from "../../../compiler/build/write-tree.js";
import { recoverOutput } from "../../../compiler/build/recover-output.js";
import { WriteError } from "../../../compiler/files/write-error.js";
import { realWriterFs } from "../../../compiler/build/writer-fs.js";
import { listFiles, removeDir, tempDir } from "../../support/tree.js";
import { errno, failingFs, steppedFs } from "./support/faulty-fs.js";

/**
 * The output writer under failure: an errno or a SIGKILL at every file-system step of a rebuild
 * that changes, adds and removes files. Whatever the step, the user's files are all there, the
 * output is the old tree or the new one (once the next run has undone an interrupted write), and
 * no stage, backup or journal is left behind.
 */
const OLD: FileToWrite[] = [
  { path: "kubernetes/a.yaml", content: "a: 1\n", mode: 0o644 },
  { path: "kubernetes/b.yaml", content: "b: 1\n", mode: 0o644 },
  { path: "kubernetes/sub/c.yaml", content: "c: 1\n", mode: 0o644 },
  { path: "talos/talsecret.sops.yaml", content: "sops: old\n", mode: 0o600 },
];
const NEW: FileToWrite[] = [
  { path: "kubernetes/a.yaml", content: "a: 2\n", mode: 0o644 },
  { path: "kubernetes/new/d.yaml", content: "d: 1\n", mode: 0o644 },
  { path: "kubernetes/sub/c.yaml", content: "c: 1\n", mode: 0o644 },
  { path: "talos/talsecret.sops.yaml", content: "sops: new\n", mode: 0o600 },
];
const USER: Record<string, string> = {
  ".git/HEAD": "ref: refs/heads/main\n",
  "NOTES.md": "mine\n",
  "kubernetes/my-extra.yaml": "mine: true\n",
  "talos/clusterconfig/node-1.yaml": "machine: {}\n",
};

/** path → "mode content", labc's transient files aside (they are checked on their own). */
function snapshot(out: string): Map<string, string> {
  const files = listFiles(out).filter((f) => !/^\.labc\/(stage|backup)-\d+\//.test(f) && f !== ".labc/journal.json" && f !== ".labc/journal.json.tmp");
  return new Map(files.map((f) => [f, `${(lstatSync(join(out, f)).mode & 0o777).toString(8)} ${readFileSync(join(out, f), "utf8")}`]));
}

function setUp(): { dir: string; out: string } {
  const dir = tempDir("write-tree");
  const out = join(dir, "out");
  writeTreeAtomically(out, OLD);
  for (const [path, text] of Object.entries(USER)) {
    mkdirSync(dirname(join(out, path)), { recursive: true });
    writeFileSync(join(out, path), text);
  }
  return { dir, out };
}

let expected: { old: Map<string, string>; new: Map<string, string>; steps: number } | undefined;
function trees(): { old: Map<string, string>; new: Map<string, string>; steps: number } {
  if (expected) return expected;
  const { dir, out } = setUp();
  try {
    const old = snapshot(out);
    const fs = steppedFs(() => {});
    writeTreeAtomically(out, NEW, { fs });
    expected = { old, new: snapshot(out), steps: fs.steps.length };
    return expected;
  } finally {
    removeDir(dir);
  }
}

function assertUserFiles(out: string, context: string): void {
  for (const [path, text] of Object.entries(USER)) assert.equal(readFileSync(join(out, path), "utf8"), text, `${context}: ${path} lost`);
}

function assertNoLeftovers(dir: string, out: string, context: string): void {
  assert.deepEqual(readdirSync(join(out, ".labc")), ["manifest.json"], `${context}: stage, backup or journal left in .labc/`);
  assert.deepEqual(readdirSync(dir).filter((n) => n !== "out"), [], `${context}: something left beside the output`);
}

function isOldOrNew(tree: Map<string, string>): "old" | "new" | undefined {
  const { old, new: next } = trees();
  const same = (a: Map<string, string>, b: Map<string, string>) => a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
  return same(tree, old) ? "old" : same(tree, next) ? "new" : undefined;
}

test("a rebuild changes, adds and removes labc's files and leaves the user's alone", () => {
  const { old, new: next, steps } = trees();
  assert.ok(steps > 10, `only ${steps} steps`);
  assert.equal(old.get("kubernetes/b.yaml"), "644 b: 1\n");
  assert.equal(next.has("kubernetes/b.yaml"), false, "the stale file labc wrote is removed");
  assert.equal(next.get("kubernetes/new/d.yaml"), "644 d: 1\n");
  assert.equal(next.get("talos/talsecret.sops.yaml"), "600 sops: new\n");
  for (const [path, text] of Object.entries(USER)) assert.equal(next.get(path), `644 ${text}`, path);
  assert.deepEqual(JSON.parse(next.get(".labc/manifest.json")!.slice(4)).files, NEW.map((f) => f.path));
});

for (const mode of ["once", "from"] as const) {
  test(`an errno at every step (${mode === "once" ? "that step only" : "that step and every later one"}): old tree or new, no user file lost, the next run recovers`, () => {
    const { steps } = trees();
    for (let at = 1; at <= steps; at++) {
      const { dir, out } = setUp();
      const context = `step ${at} (${mode})`;
      try {
        const fs = failingFs(at, mode);
        let failed: unknown;
        try {
          writeTreeAtomically(out, NEW, { fs });
        } catch (error) {
          failed = error;
        }
        if (failed) assert.ok(failed instanceof WriteError, `${context}: ${String(failed)}`);
        assertUserFiles(out, context);
        const journal = existsSync(join(out, ".labc", "journal.json"));
        if (!journal) {
          const state = isOldOrNew(snapshot(out));
          assert.ok(state, `${context}: the output is neither the old tree nor the new one`);
          if (failed) assert.equal(state, "old", `${context}: a failed write must leave the old tree`);
        } else {
          assert.equal(mode, "from", `${context}: a single failure is undone at once`);
          assert.match((failed as Error).message, /next labc run/);
          // The next run undoes the interrupted write first.
          recoverOutput(realWriterFs, out);
          assert.equal(isOldOrNew(snapshot(out)), "old", `${context}: recovery gives the old tree`);
        }
        writeTreeAtomically(out, NEW);
        assert.equal(isOldOrNew(snapshot(out)), "new", `${context}: the next run writes the new tree`);
        assertUserFiles(out, context);
        assertNoLeftovers(dir, out, context);
      } finally {
        removeDir(dir);
      }
    }
  });
}

test("a SIGKILL at every step: old tree or new after the next run's recovery, no user file lost, nothing left behind", () => {
  const { steps } = trees();
  const child = fileURLToPath(new URL("./support/kill-writer.js", import.meta.url));
  for (let at = 1; at <= steps + 1; at++) {
    const { dir, out } = setUp();
    const context = `kill at step ${at}`;
    try {
      const filesJson = join(dir, "files.json");
      writeFileSync(filesJson, JSON.stringify(NEW));
      const run = spawnSync(process.execPath, [child, out, filesJson, String(at)], { encoding: "utf8" });
      if (at <= steps) assert.equal(run.signal, "SIGKILL", `${context}: ${run.stderr}`);
      else assert.equal(run.status, 0, run.stderr);
      removeDir(filesJson);
      assertUserFiles(out, context);
      if (!existsSync(join(out, ".labc", "journal.json"))) assert.ok(isOldOrNew(snapshot(out)), `${context}: neither old nor new, and no journal to undo it`);
      const notes = recoverOutput(realWriterFs, out);
      const state = isOldOrNew(snapshot(out));
      assert.ok(state, `${context}: after recovery the output is neither old nor new (${notes.join("; ")})`);
      writeTreeAtomically(out, NEW);
      assert.equal(isOldOrNew(snapshot(out)), "new", context);
      assertUserFiles(out, context);
      assertNoLeftovers(dir, out, context);
    } finally {
      removeDir(dir);
    }
  }
});

test("a SIGKILL while the next run undoes an interrupted write, at every step of that undo: a third run still recovers the old tree", () => {
  const child = fileURLToPath(new URL("./support/kill-writer.js", import.meta.url));
  const { steps } = trees();
  let undone = 0;
  // Killed just before the commit, where the undo has every step to do; each undo step is
  // killed in turn. Every write step as well would take a minute of child processes.
  let tried = 0;
  for (let at = steps; at >= 1 && tried < 1; at--) {
    let journal = false;
    for (let k = 1; ; k++) {
      const { dir, out } = setUp();
      const context = `kill at write step ${at}, then at undo step ${k}`;
      try {
        const filesJson = join(dir, "files.json");
        writeFileSync(filesJson, JSON.stringify(NEW));
        spawnSync(process.execPath, [child, out, filesJson, String(at)]);
        removeDir(filesJson);
        if (!existsSync(join(out, ".labc", "journal.json"))) break; // nothing to undo at this step
        journal = true;
        const undo = spawnSync(process.execPath, [child, out, "-", String(k), "recover"], { encoding: "utf8" });
        assertUserFiles(out, context);
        recoverOutput(realWriterFs, out);
        assert.equal(isOldOrNew(snapshot(out)), "old", context);
        assertUserFiles(out, context);
        writeTreeAtomically(out, NEW);
        assertNoLeftovers(dir, out, context);
        undone++;
        if (undo.status === 0) break; // the undo ran to its end before step k
      } finally {
        removeDir(dir);
      }
    }
    if (journal) tried++;
  }
  assert.ok(undone > 5, `only ${undone} interrupted undos tried`);
});

test("an output folder that is itself a link is written through, and an interrupted write there is undone too", () => {
  const { dir, out } = setUp();
  try {
    const link = join(dir, "link");
    symlinkSync(out, link);
    const died = failingFs(trees().steps - 2, "from");
    assert.throws(() => writeTreeAtomically(link, NEW, { fs: died }), WriteError);
    assert.ok(existsSync(join(out, ".labc", "journal.json")), "left for the next run");
    writeTreeAtomically(link, NEW);
    assert.equal(isOldOrNew(snapshot(out)), "new");
    assertUserFiles(out, "linked output");
    assert.deepEqual(readdirSync(join(out, ".labc")), ["manifest.json"]);
  } finally {
    removeDir(dir);
  }
});

test("the output folder is never renamed, so a mount point or the working directory can be rebuilt (EXDEV/EBUSY)", () => {
  const { dir, out } = setUp();
  try {
    // A mount point refuses to be renamed: any rename of the output folder itself, or across its edge, fails.
    const inside = (p: unknown) => String(p).startsWith(`${out}/`);
    const fs = steppedFs((s) => {
      if (s.call === "rename" && (!inside(s.args[0]) || !inside(s.args[1]))) throw errno(s.n % 2 ? "EXDEV" : "EBUSY");
    });
    const result = writeTreeAtomically(out, NEW, { fs });
    assert.deepEqual(result.removed, ["kubernetes/b.yaml"]);
    assert.equal(isOldOrNew(snapshot(out)), "new");
    assertNoLeftovers(dir, out, "mount point");
  } finally {
    removeDir(dir);
  }
});

test("a symbolic link inside the output is refused with LAB5001's message: path, target, fix; nothing is written through it", () => {
  for (const link of ["kubernetes", "kubernetes/a.yaml", ".labc"]) {
    const { dir, out } = setUp();
    try {
      const elsewhere = join(dir, "elsewhere");
      mkdirSync(elsewhere);
      removeDir(join(out, link));
      symlinkSync(elsewhere, join(out, link));
      const before = snapshot(join(dir));
      assert.throws(
        () => writeTreeAtomically(out, NEW),
        (e: unknown) => e instanceof WriteError && e.path === join(out, link) && e.message.includes(`symbolic link (to ${elsewhere})`) && /rm /.test(e.message),
      );
      assert.deepEqual(readdirSync(elsewhere), [], `${link}: nothing written through the link`);
      assert.equal(readlinkSync(join(out, link)), elsewhere, `${link}: the link stays`);
      assert.deepEqual(snapshot(dir), before, `${link}: nothing changed`);
    } finally {
      removeDir(dir);
    }
  }
});

test("a folder or FIFO where labc writes a file, and EACCES on a previous file, are WriteErrors naming the path; a FIFO does not hang", () => {
  const { dir, out } = setUp();
  try {
    const target = join(out, "kubernetes", "a.yaml");
    removeDir(target);
    mkdirSync(target);
    assert.throws(() => writeTreeAtomically(out, NEW), (e: unknown) => e instanceof WriteError && e.path === target && /is a folder where labc writes a file/.test(e.message));
    removeDir(target);
    const fifo = spawnSync("mkfifo", [target]);
    assert.equal(fifo.status, 0, "mkfifo is needed for this test");
    assert.throws(() => writeTreeAtomically(out, NEW), (e: unknown) => e instanceof WriteError && e.path === target && /FIFO/.test(e.message));
    removeDir(target);
    writeFileSync(target, "a: 1\n");
    const denied = {
      ...realWriterFs,
      readFile: (p: string) => {
        if (p === target) throw errno("EACCES");
        return realWriterFs.readFile(p);
      },
    };
    assert.throws(() => writeTreeAtomically(out, NEW, { fs: denied }), (e: unknown) => e instanceof WriteError && e.path === target && /permission denied/.test(e.message));
    assertUserFiles(out, "errors");
  } finally {
    removeDir(dir);
  }
});

test("a file of the user's at a path labc now generates is refused, not replaced", () => {
  const { dir, out } = setUp();
  try {
    mkdirSync(join(out, "kubernetes", "new"));
    writeFileSync(join(out, "kubernetes", "new", "d.yaml"), "hand: written\n");
    const before = snapshot(out);
    assert.throws(() => writeTreeAtomically(out, NEW), (e: unknown) => e instanceof WriteError && e.path === join(out, "kubernetes/new/d.yaml") && /not a file labc wrote/.test(e.message));
    assert.deepEqual(snapshot(out), before);
  } finally {
    removeDir(dir);
  }
});

test("an output built before the manifest: files labc cannot tell from the user's are kept, with a note", () => {
  const { dir, out } = setUp();
  try {
    removeDir(join(out, ".labc"));
    const result = writeTreeAtomically(out, NEW);
    assert.deepEqual(result.removed, []);
    assert.equal(readFileSync(join(out, "kubernetes", "b.yaml"), "utf8"), "b: 1\n");
    assert.match(result.notes.join("\n"), /kept 2 files .*kubernetes\/b\.yaml, kubernetes\/my-extra\.yaml; delete them if they are leftovers/);
    assert.ok(existsSync(join(out, ".labc", "manifest.json")));
    // From now on the manifest knows: b.yaml is not labc's, so it stays for good.
    assert.deepEqual(writeTreeAtomically(out, NEW).removed, []);
  } finally {
    removeDir(dir);
  }
});

test("an interrupted swap of an earlier labc: the old tree comes back, stranded user files are moved home, the hidden folders go", () => {
  const dead = spawnSync(process.execPath, ["-e", ""]).pid!;
  const dir = tempDir("write-tree-legacy");
  try {
    const out = join(dir, "out");
    // Killed between `out → .out.labc-old-PID` and `stage → out`: the output folder is missing.
    const old = join(dir, `.out.labc-old-${dead}`);
    const stage = join(dir, `.out.labc-stage-${dead}`);
    mkdirSync(join(old, "kubernetes"), { recursive: true });
    writeFileSync(join(old, "kubernetes", "a.yaml"), "a: 1\n");
    mkdirSync(join(stage, ".git"), { recursive: true });
    writeFileSync(join(stage, ".git", "HEAD"), USER[".git/HEAD"]!);
    writeFileSync(join(stage, "NOTES.md"), USER["NOTES.md"]!);
    mkdirSync(join(stage, "kubernetes"));
    writeFileSync(join(stage, "kubernetes", "a.yaml"), "a: 0\n");
    const notes = recoverOutput(realWriterFs, out);
    assert.equal(notes.length, 2, notes.join("\n"));
    assert.equal(readFileSync(join(out, ".git", "HEAD"), "utf8"), USER[".git/HEAD"]);
    assert.equal(readFileSync(join(out, "NOTES.md"), "utf8"), USER["NOTES.md"]);
    assert.equal(readFileSync(join(out, "kubernetes", "a.yaml"), "utf8"), "a: 1\n");
    assert.deepEqual(readdirSync(dir), ["out"]);
  } finally {
    removeDir(dir);
  }
});

test("a journal that no interrupted write left (committed with the tree, or pointing outside it) is not acted on", () => {
  const { dir, out } = setUp();
  try {
    const victim = join(dir, "victim.txt");
    writeFileSync(victim, "keep me\n");
    const before = snapshot(out);
    const journal = join(out, ".labc", "journal.json");
    for (const writes of [[{ path: "../victim.txt", existed: false }], [{ path: "NOTES.md", existed: false }]]) {
      writeFileSync(journal, JSON.stringify({ version: 1, pid: 1, stage: "stage-1", backup: "backup-1", dirs: [], writes, removes: [] }));
      const notes = recoverOutput(realWriterFs, out);
      assert.match(notes.join("\n"), /is not the journal of an interrupted write/);
      assert.equal(readFileSync(victim, "utf8"), "keep me\n");
      assert.deepEqual(snapshot(out), new Map([...before, [".labc/journal.json.ignored", snapshot(out).get(".labc/journal.json.ignored")!]]));
      assertUserFiles(out, "bogus journal");
    }
  } finally {
    removeDir(dir);
  }
});

test("a stage of a live labc is left alone", () => {
  const dir = tempDir("write-tree-live");
  try {
    const stage = join(dir, `.out.labc-stage-${process.ppid}`);
    mkdirSync(stage);
    writeFileSync(join(stage, "NOTES.md"), "mine\n");
    writeTreeAtomically(join(dir, "out"), NEW);
    assert.equal(readFileSync(join(stage, "NOTES.md"), "utf8"), "mine\n");
  } finally {
    removeDir(dir);
  }
});

test("the folders an app's files lived in go with them, even files deleted by hand first; a folder holding anything of the user's stays", () => {
  const dir = tempDir("write-tree-folders");
  try {
    const out = join(dir, "out");
    const app = (name: string) => [`kubernetes/apps/network/${name}/ks.yaml`, `kubernetes/apps/network/${name}/app/helmrelease.yaml`];
    const files = (...names: string[]): FileToWrite[] => ["kubernetes/kustomization.yaml", ...names.flatMap(app)].map((path) => ({ path, content: `${path}\n`, mode: 0o644 }));
    writeTreeAtomically(out, files("gone", "by-hand", "kept", "stays"));
    // The user deleted one app's files before removing it from cluster.lab; Git keeps no empty folders either.
    for (const path of app("by-hand")) rmSync(join(out, path));
    writeFileSync(join(out, "kubernetes/apps/network/kept/app/notes.md"), "mine\n");
    mkdirSync(join(out, "kubernetes/apps/network/kept/empty-of-mine"));
    mkdirSync(join(out, "scratch"));
    const result = writeTreeAtomically(out, files("stays"));
    assert.deepEqual(result.removed, [...app("gone"), ...app("kept")].sort());
    const folders = readdirSync(join(out, "kubernetes/apps/network")).sort();
    assert.deepEqual(folders, ["kept", "stays"]);
    assert.deepEqual(readdirSync(join(out, "kubernetes/apps/network/kept")).sort(), ["app", "empty-of-mine"]);
    assert.equal(readFileSync(join(out, "kubernetes/apps/network/kept/app/notes.md"), "utf8"), "mine\n");
    assert.ok(existsSync(join(out, "scratch")), "a folder labc never wrote into is the user's");
    // A folder labc never listed a file in stays, though it lies among labc's.
    mkdirSync(join(out, "kubernetes/apps/network/stays/app/old"), { recursive: true });
    writeTreeAtomically(out, files("stays"));
    assert.ok(existsSync(join(out, "kubernetes/apps/network/stays/app/old")), "a folder labc never listed a file in is not labc's");
  } finally {
    removeDir(dir);
  }
});

test("a file whose bytes are right and only its permissions not (a fresh clone's 0644) is set back, not counted as changed", () => {
  const dir = tempDir("write-tree-modes");
  try {
    const out = join(dir, "out");
    const files: FileToWrite[] = [
      { path: "talos/talsecret.sops.yaml", content: "sops: x\n", mode: 0o600 },
      { path: "kubernetes/a.yaml", content: "a: 1\n", mode: 0o644 },
    ];
    writeTreeAtomically(out, files);
    chmodSync(join(out, "talos/talsecret.sops.yaml"), 0o644);
    const result = writeTreeAtomically(out, files);
    assert.deepEqual(result.changed, []);
    assert.deepEqual(result.modesSet, ["talos/talsecret.sops.yaml"]);
    assert.equal(lstatSync(join(out, "talos/talsecret.sops.yaml")).mode & 0o777, 0o600, "the permissions are still put right");
    // The executable bit is a change Git shows, so it counts as one.
    chmodSync(join(out, "kubernetes/a.yaml"), 0o755);
    const again = writeTreeAtomically(out, files);
    assert.deepEqual([again.changed, again.modesSet], [["kubernetes/a.yaml"], []]);
  } finally {
    removeDir(dir);
  }
});
