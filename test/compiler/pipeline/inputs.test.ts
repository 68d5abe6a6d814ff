import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { compileWorkspace } from "../../../compiler/pipeline/compile.js";
import { EntryReadError } from "../../../compiler/pipeline/load-workspace.js";
import { repoPath } from "../../support/paths.js";
import { removeDir, tempDir } from "../../support/tree.js";

/** What the loader and the checker read from disk: regular files in the project, bounded, never hanging. */
const base = readFileSync(repoPath("test", "errors", "cases", "_base.lab"), "utf8");

function project(run: (dir: string) => void): void {
  const dir = tempDir("inputs");
  try {
    writeFileSync(join(dir, "base.lab"), base);
    run(dir);
  } finally {
    removeDir(dir);
  }
}

function diagnose(dir: string, text: string, options: { allowOutsideProject?: boolean } = {}): string[] {
  writeFileSync(join(dir, "cluster.lab"), text);
  return compileWorkspace(join(dir, "cluster.lab"), { cwd: dir, ...options })
    .diagnostics.filter((d) => d.severity === "error")
    .map((d) => `${d.code} ${d.span.start.line}:${d.span.start.column} ${d.message}`);
}

const withPatch = (path: string) =>
  base.replace('schematic = "376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba"', `schematic = "376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba"\n  patches = [file("${path}")]`);

test("importing a FIFO, a device or a directory is LAB1010 at the import, at once", () => {
  project((dir) => {
    execFileSync("mkfifo", [join(dir, "pipe.lab")]);
    symlinkSync("/dev/zero", join(dir, "zero.lab"));
    mkdirSync(join(dir, "dir.lab"));
    // The opt-out lets the link to /dev/zero (outside the project) through to the reader, which refuses it too.
    const got = diagnose(dir, 'import "base.lab"\nimport "pipe.lab"\nimport "zero.lab"\nimport "dir.lab"\n', { allowOutsideProject: true });
    assert.deepEqual(got, [
      "LAB1010 2:8 cannot import pipe.lab: it is a FIFO (named pipe), not a regular file",
      "LAB1010 3:8 cannot import zero.lab: it is a character device, not a regular file",
      "LAB1010 4:8 cannot import dir.lab: it is a directory",
    ]);
  });
});

test("an entry file that is a FIFO, or unreadable, is an EntryReadError naming it (LAB5003 in the CLI), not a hang", () => {
  project((dir) => {
    execFileSync("mkfifo", [join(dir, "cluster.lab")]);
    assert.throws(() => compileWorkspace(join(dir, "cluster.lab"), { cwd: dir }), (e: unknown) => e instanceof EntryReadError && e.path === "cluster.lab" && /FIFO/.test(e.message));
  });
});

test("imports outside the project are LAB1011 unless the user opts out", () => {
  project((dir) => {
    const inner = join(dir, "inner");
    mkdirSync(inner);
    writeFileSync(join(inner, "base.lab"), base);
    writeFileSync(join(dir, "common.lab"), "secret shared = env(\"SHARED\")\n");
    symlinkSync(join(dir, "common.lab"), join(inner, "link.lab"));
    const text = 'import "base.lab"\nimport "../common.lab"\nimport "link.lab"\n';
    writeFileSync(join(inner, "cluster.lab"), text);
    const codes = (allow: boolean) =>
      compileWorkspace(join(inner, "cluster.lab"), { cwd: inner, allowOutsideProject: allow })
        .diagnostics.filter((d) => d.severity === "error")
        .map((d) => `${d.code} ${d.span.start.line}:${d.span.start.column}`);
    assert.deepEqual(codes(false), ["LAB1011 2:8", "LAB1011 3:8"]);
    // With the opt-out both load; the same file twice declares `shared` twice.
    assert.deepEqual(codes(true), ["LAB1001 1:8"]);
  });
});

test("a Talos patch that is a FIFO, a device or too large is LAB5003 at its path, at once (a link out of the project is LAB1011)", () => {
  project((dir) => {
    execFileSync("mkfifo", [join(dir, "pipe.yaml")]);
    symlinkSync("/dev/zero", join(dir, "zero.yaml"));
    writeFileSync(join(dir, "big.yaml"), Buffer.alloc(1024 * 1024 + 1, 0x20));
    for (const [file, reason] of [["pipe.yaml", /FIFO/], ["zero.yaml", /character device/], ["big.yaml", /larger than 1 MiB/]] as const) {
      const got = diagnose(dir, withPatch(file), { allowOutsideProject: true });
      assert.equal(got.length, 1, got.join("\n"));
      assert.match(got[0]!, new RegExp(`^LAB5003 \\d+:\\d+ cannot read the Talos patch ${file}: `));
      assert.match(got[0]!, reason);
    }
    assert.match(diagnose(dir, withPatch("zero.yaml"))[0]!, /^LAB1011 .*symbolic link that leads outside the project directory/);
  });
});

test("a file() outside the project is LAB1011; a patch's diagnostics never quote its content", () => {
  project((dir) => {
    assert.deepEqual(diagnose(dir, withPatch("/etc/passwd")).map((l) => l.split(" ")[0]), ["LAB1011"]);
    assert.deepEqual(diagnose(dir, `${base}\nsecret s = file("/etc/shadow")\n`).map((l) => l.split(" ")[0]), ["LAB1011"]);
    writeFileSync(join(dir, "shadow"), "root:$6$salt$SECRETHASH:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n");
    writeFileSync(join(dir, "enum.yaml"), "apiVersion: v1alpha1\nkind: VolumeConfig\nname: STATE\nencryption:\n  provider: SECRETVALUE\n");
    for (const file of ["shadow", "enum.yaml"]) {
      const got = diagnose(dir, withPatch(file).replace("v1.10.7", "v1.11.0"));
      assert.ok(got.length > 0, file);
      for (const line of got) assert.doesNotMatch(line, /SECRET|root:|\$6\$/, line);
    }
  });
});

test("a Talos patch nested thousands deep is LAB2025, not a crash", () => {
  project((dir) => {
    writeFileSync(join(dir, "deep.yaml"), `machine:\n${Array.from({ length: 1200 }, (_, i) => `${" ".repeat(i + 1)}a${i}:\n`).join("")}${" ".repeat(1201)}x: 1\n`);
    const got = diagnose(dir, withPatch("deep.yaml"));
    assert.equal(got.length, 1, got.join("\n"));
    assert.match(got[0]!, /^LAB2025 .*deep\.yaml is not a Talos config patch: /);
  });
});

test("an unreadable import is LAB1010 'permission denied'; an unreadable entry an EntryReadError saying so", () => {
  // Simulated: the tests may run as root, which reads every file.
  const denied = (path: string) => {
    if (path.endsWith("main.lab")) return 'import "locked.lab"\n';
    throw Object.assign(new Error(`EACCES: permission denied, open '${path}'`), { code: "EACCES" });
  };
  const got = compileWorkspace("/p/main.lab", { cwd: "/p", read: denied }).diagnostics.filter((d) => d.code === "LAB1010");
  assert.deepEqual(got.map((d) => d.message), ["cannot import locked.lab: permission denied (EACCES)"]);
  assert.throws(
    () => compileWorkspace("/p/locked.lab", { cwd: "/p", read: denied }),
    (e: unknown) => e instanceof EntryReadError && e.message === "cannot read locked.lab: permission denied (EACCES)" && e.code === "EACCES",
  );
});
