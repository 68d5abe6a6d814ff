import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { InputError, MAX_LAB_BYTES, readInput } from "../../../compiler/files/read-input.js";
import { outsideReason } from "../../../compiler/files/confine.js";
import { removeDir, tempDir } from "../../support/tree.js";

function withDir(run: (dir: string) => void): void {
  const dir = tempDir("read-input");
  try {
    run(dir);
  } finally {
    removeDir(dir);
  }
}

function problem(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof InputError, String(error));
    return `${error.problem}: ${error.message}`;
  }
  return "read";
}

test("a regular file is read, its UTF-8 byte order mark dropped", () => {
  withDir((dir) => {
    writeFileSync(join(dir, "a.lab"), "\ufeffcluster c {}\n");
    assert.equal(readInput(join(dir, "a.lab")), "cluster c {}\n");
  });
});

test("a FIFO is refused before it is opened: no hang", () => {
  withDir((dir) => {
    execFileSync("mkfifo", [join(dir, "pipe.lab")]);
    assert.match(problem(() => readInput(join(dir, "pipe.lab"))), /^not-regular: it is a FIFO/);
    symlinkSync(join(dir, "pipe.lab"), join(dir, "link.lab"));
    assert.match(problem(() => readInput(join(dir, "link.lab"))), /^not-regular: it is a FIFO/);
  });
});

test("devices, directories and missing files are refused with a reason", () => {
  withDir((dir) => {
    symlinkSync("/dev/zero", join(dir, "zero.lab"));
    assert.match(problem(() => readInput(join(dir, "zero.lab"))), /^not-regular: it is a character device/);
    assert.match(problem(() => readInput("/dev/zero")), /^not-regular/);
    mkdirSync(join(dir, "sub.lab"));
    assert.equal(problem(() => readInput(join(dir, "sub.lab"))), "directory: it is a directory");
    assert.equal(problem(() => readInput(join(dir, "none.lab"))), "missing: no such file");
    symlinkSync(join(dir, "gone"), join(dir, "dangling.lab"));
    assert.match(problem(() => readInput(join(dir, "dangling.lab"))), /^missing: it is a symbolic link that leads nowhere/);
  });
});

test("a file over the cap is refused without reading it all", () => {
  withDir((dir) => {
    writeFileSync(join(dir, "big.lab"), Buffer.alloc(MAX_LAB_BYTES + 1, 0x20));
    assert.match(problem(() => readInput(join(dir, "big.lab"))), /^too-large: it is larger than 1 MiB/);
    writeFileSync(join(dir, "small.yaml"), "x: 1\n");
    assert.match(problem(() => readInput(join(dir, "small.yaml"), { maxBytes: 3 })), /^too-large: it is larger than 3 bytes/);
  });
});

test("with a root, a symbolic link may only lead to a file inside it", () => {
  withDir((dir) => {
    const project = join(dir, "project");
    mkdirSync(project);
    writeFileSync(join(dir, "outside.lab"), "x");
    writeFileSync(join(project, "inside.lab"), "y");
    symlinkSync(join(dir, "outside.lab"), join(project, "out.lab"));
    symlinkSync(join(project, "inside.lab"), join(project, "in.lab"));
    assert.equal(readInput(join(project, "in.lab"), { root: project }), "y");
    assert.match(problem(() => readInput(join(project, "out.lab"), { root: project })), /^outside: /);
    assert.equal(readInput(join(project, "out.lab")), "x", "no root: no confinement");
  });
});

test("confinement: absolute paths, ../ and links out are named; paths inside pass; the opt-out passes all", () => {
  withDir((dir) => {
    const root = join(dir, "p");
    mkdirSync(join(root, "sub"), { recursive: true });
    symlinkSync("/etc", join(root, "etc"));
    const closed = { root, open: false };
    assert.match(outsideReason(closed, "/etc/shadow", "/etc/shadow") ?? "", /absolute path outside the project/);
    assert.match(outsideReason(closed, "../x.lab", join(dir, "x.lab")) ?? "", /leads outside the project/);
    assert.match(outsideReason(closed, "etc/passwd", join(root, "etc", "passwd")) ?? "", /symbolic link/);
    assert.equal(outsideReason(closed, "sub/../a.lab", join(root, "a.lab")), undefined);
    assert.equal(outsideReason(closed, join(root, "a.lab"), join(root, "a.lab")), undefined, "an absolute path inside is fine");
    assert.equal(outsideReason({ root, open: true }, "/etc/shadow", "/etc/shadow"), undefined);
  });
});
