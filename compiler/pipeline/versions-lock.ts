import { join } from "node:path";
import { isMap, isScalar, LineCounter, parseDocument } from "yaml";
import type { Diagnostic } from "../../lang/diagnostics/diagnostic.js";
import { Reporter } from "../../lang/diagnostics/reporter.js";
import { LineIndex, type Span } from "../../lang/diagnostics/span.js";
import { LOCK_SECTIONS, type LockedVersion } from "../model/version-pins.js";
import { readProjectFile } from "../files/read-project-file.js";
import { readLockLines } from "./versions-lock-lines.js";

import { VERSIONS_LOCK_FILE } from "../model/well-known.js";

const SECTIONS: readonly string[] = Object.values(LOCK_SECTIONS);

export interface VersionsLock {
  readonly versions: ReadonlyMap<string, LockedVersion>;
  readonly diagnostics: readonly Diagnostic[];
  /** For printing diagnostics: the lock's display path and lines; undefined when there is no file. */
  readonly source?: { readonly displayPath: string; readonly lines: LineIndex };
}

const NO_LOCK: VersionsLock = { versions: new Map(), diagnostics: [] };

/**
 * Reads `versions.lock.yaml` in `root`. No file is no lock (the build writes one). A file that
 * is not the lock's shape is LAB1020 at the place, with the way out: fix it, or delete it to
 * take this labc's defaults. `read` is the editor's buffers in the language server.
 */
export function readVersionsLock(root: string, display: (absolutePath: string) => string, read?: (absolutePath: string) => string): VersionsLock {
  const path = join(root, VERSIONS_LOCK_FILE);
  let text: string;
  if (read) {
    try {
      text = read(path);
    } catch {
      return NO_LOCK;
    }
  } else {
    const file = readProjectFile(path);
    if (file.kind === "missing") return NO_LOCK;
    const displayPath = display(path);
    if (file.kind === "unreadable") {
      const r = new Reporter();
      const at = { line: 1, column: 1, offset: 0 };
      r.report("versionsLockInvalid", { file: displayPath, start: at, end: at }, `cannot read ${displayPath}: ${file.why}; make it readable, or delete it and labc build writes this release's versions`);
      return { versions: new Map(), diagnostics: r.diagnostics };
    }
    text = file.text;
  }
  return parseVersionsLock(text, display(path));
}

/** Parses the lock's text; exported for the tests. */
export function parseVersionsLock(text: string, displayPath: string): VersionsLock {
  const lines = new LineIndex(text);
  const plain = readLockLines(text, SECTIONS, lines, displayPath);
  if (plain) return { versions: plain, diagnostics: [], source: { displayPath, lines } };
  return parseLockYaml(text, displayPath, lines);
}

/** The lock read by the yaml library: any YAML a hand or Renovate may write, and every error at its place. */
export function parseLockYaml(text: string, displayPath: string, lines: LineIndex): VersionsLock {
  const r = new Reporter();
  const at = (range: readonly number[] | null | undefined): Span => lines.span(displayPath, range?.[0] ?? 0, range?.[1] ?? range?.[0] ?? 0);
  const fix = "fix it, or delete it and labc build writes this release's versions";
  const versions = new Map<string, LockedVersion>();
  // Failsafe: every scalar is its text, so 1.10 stays 1.10.
  const doc = parseDocument(text, { schema: "failsafe", lineCounter: new LineCounter(), prettyErrors: false, uniqueKeys: true });
  const source = { displayPath, lines };
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    r.report("versionsLockInvalid", at(first.pos), `${displayPath} is not valid YAML (${first.message.split("\n")[0]}); ${fix}`);
    return { versions, diagnostics: r.diagnostics, source };
  }
  const root = doc.contents;
  if (root === null) return { versions, diagnostics: [], source };
  if (!isMap(root)) {
    r.report("versionsLockInvalid", at(root.range), `${displayPath} must be a map of sections (${SECTIONS.join(", ")}); ${fix}`);
    return { versions, diagnostics: r.diagnostics, source };
  }
  for (const section of root.items) {
    const name = isScalar(section.key) ? String(section.key.value) : "";
    if (!SECTIONS.includes(name)) {
      r.report("versionsLockInvalid", at(isScalar(section.key) ? section.key.range : undefined), `${displayPath} has no section '${name}'; its sections are ${SECTIONS.join(", ")}; ${fix}`);
      continue;
    }
    if (section.value === null || (isScalar(section.value) && section.value.value === "")) continue; // an empty section
    if (!isMap(section.value)) {
      r.report("versionsLockInvalid", at((section.value as { range?: number[] }).range), `section '${name}' of ${displayPath} must map names to versions; ${fix}`);
      continue;
    }
    for (const entry of section.value.items) {
      const depName = isScalar(entry.key) ? String(entry.key.value) : undefined;
      const value = entry.value;
      const version = isScalar(value) && typeof value.value === "string" ? value.value : undefined;
      if (!depName || version === undefined || !/^[\w.+-]+$/.test(version)) {
        r.report("versionsLockInvalid", at(isScalar(value) ? value.range : isScalar(entry.key) ? entry.key.range : undefined), `${displayPath}: ${depName ?? "an entry"} in '${name}' needs a version such as 1.2.3 or v1.2.3; ${fix}`);
        continue;
      }
      versions.set(depName, { version, span: at(isScalar(value) ? value.range : undefined) });
    }
  }
  return { versions, diagnostics: r.diagnostics, source };
}
