import { chmodSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, rmdirSync, rmSync, unlinkSync, writeFileSync, type Stats } from "node:fs";

/**
 * The file-system calls the output writer makes, behind one small interface so a test can fail
 * (or kill the process at) any single step and prove the output survives. Every call that
 * changes the disk is one step; reads are not counted.
 */
export interface WriterFs {
  /** lstat, or undefined when nothing is there. */
  lstat(path: string): Stats | undefined;
  readFile(path: string): string;
  readdir(path: string): string[];
  writeFile(path: string, content: string, mode: number): void;
  chmod(path: string, mode: number): void;
  rename(from: string, to: string): void;
  unlink(path: string): void;
  /** One level; an existing directory is not an error. */
  mkdir(path: string): void;
  rmdir(path: string): void;
  /** rm -rf of a folder only labc writes into (its own stage and backup folders). */
  removeTree(path: string): void;
  readlink(path: string): string;
}

export const realWriterFs: WriterFs = {
  lstat: (path) => lstatSync(path, { throwIfNoEntry: false }),
  readFile: (path) => readFileSync(path, "utf8"),
  readdir: (path) => readdirSync(path).sort(),
  writeFile: (path, content, mode) => writeFileSync(path, content, { mode, flag: "wx" }),
  chmod: (path, mode) => chmodSync(path, mode),
  rename: (from, to) => renameSync(from, to),
  unlink: (path) => unlinkSync(path),
  mkdir: (path) => {
    try {
      mkdirSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || !lstatSync(path).isDirectory()) throw error;
    }
  },
  rmdir: (path) => rmdirSync(path),
  removeTree: (path) => rmSync(path, { recursive: true, force: true }),
  readlink: (path) => readlinkSync(path),
};
