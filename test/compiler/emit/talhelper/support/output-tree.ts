import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { OutputFile, TextOutput } from "../../../../../compiler/model/output.js";

/** Writes text outputs under a fresh temp directory, as the build would, and returns it. */
export function writeTree(files: readonly OutputFile[], prefix = "labc-emit-"): string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  for (const file of files) {
    if (file.kind !== "text") throw new Error(`unexpected ${file.kind} output ${file.path}`);
    const path = join(root, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.content);
  }
  return root;
}

export function textOf(files: readonly OutputFile[], path: string): string {
  const file = files.find((f): f is TextOutput => f.kind === "text" && f.path === path);
  if (!file) throw new Error(`no text output ${path}; have ${files.map((f) => f.path).join(", ")}`);
  return file.content;
}
