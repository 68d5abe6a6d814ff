import type { LineIndex, Span } from "../../lang/diagnostics/span.js";
import type { LockedVersion } from "../model/version-pins.js";

// The lock as labc writes it: an optional `---`, comments, `section:` headers and `  name: version`
// entries. Names and versions are restricted to characters that are plain YAML scalars in any
// position, so these lines mean the same to the yaml library.
const SECTION = /^([a-z]+):$/;
const ENTRY = /^ {2}([A-Za-z0-9_][\w./@+-]*): ([A-Za-z0-9_][\w.+-]*)$/;
const COMMENT = /^ *#[^\r]*$/;

/**
 * The lock's versions when every line of `text` has that shape and names a known section, each
 * name once, and there is at least one section; otherwise undefined, and the caller reads the file with the yaml library, which
 * also words the errors. Reading the usual lock costs no YAML parser, which a `labc check`
 * would otherwise load for this file alone.
 */
export function readLockLines(text: string, sections: readonly string[], lines: LineIndex, displayPath: string): Map<string, LockedVersion> | undefined {
  const versions = new Map<string, LockedVersion>();
  const seenSections = new Set<string>();
  let inSection = false;
  let offset = 0;
  let first = true;
  for (const line of text.split("\n")) {
    const start = offset;
    offset += line.length + 1;
    if (first && line === "---") {
      first = false;
      continue;
    }
    first = false;
    if (line === "" || COMMENT.test(line)) continue;
    const section = SECTION.exec(line);
    if (section) {
      if (!sections.includes(section[1]!) || seenSections.has(section[1]!)) return undefined;
      seenSections.add(section[1]!);
      inSection = true;
      continue;
    }
    const entry = ENTRY.exec(line);
    if (!entry || !inSection || versions.has(entry[1]!)) return undefined;
    const valueStart = start + 2 + entry[1]!.length + 2;
    const span: Span = lines.span(displayPath, valueStart, valueStart + entry[2]!.length);
    versions.set(entry[1]!, { version: entry[2]!, span });
  }
  // With no section the document is empty or `---` alone, which the library reads as a scalar.
  return seenSections.size > 0 ? versions : undefined;
}
