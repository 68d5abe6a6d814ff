import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { ownedAndPrivate, userCacheDir, userCachesOff } from "./user-cache.js";

const FORMAT = 1;
/**
 * Entries unused for this many days are dropped, and at most MAX_ENTRIES are kept (the most
 * recently used): every file a project's runs look at has one, and each changed file a new one.
 */
const KEEP_DAYS = 7;
const MAX_ENTRIES = 3000;

interface Entry {
  /** The day (since 1970) the entry was last used. */
  readonly day: number;
  readonly value?: unknown;
}

/**
 * What labc works out from files (the recipients of a SOPS file, the age rules of a `.sops.yaml`,
 * the key files Git tracks), by the SHA-256 of what it was worked out from (a file's text, the
 * state of Git's files) and the kind of fact, kept per user and project in
 * `$XDG_CACHE_HOME/labc/parsed/`: a file unchanged since the last run is not parsed again,
 * and a `labc check` that parses nothing loads no YAML parser. The facts are public (recipients
 * are public keys) and only ever about texts labc has read; the file is the user's own (0600 in
 * a 0700 folder), and `LABC_CACHE=off` turns it off. Losing it only costs a parse.
 */
export class ParsedMemo {
  private readonly entries: Map<string, Entry>;
  private changed = false;
  private readonly today = Math.floor(Date.now() / 86_400_000);

  private constructor(
    private readonly file: string | undefined,
    previous: Map<string, Entry>,
  ) {
    this.entries = previous;
  }

  /** The user's memo for the project in `root`; an empty one when there is none, it is damaged or the cache is off. */
  static forProject(root: string): ParsedMemo {
    return ParsedMemo.open(defaultFile(root));
  }

  /** The memo kept in `file`. */
  static open(file: string | undefined): ParsedMemo {
    const previous = new Map<string, Entry>();
    try {
      // Facts others could plant are not believed.
      if (file && ownedAndPrivate(dirname(file)) && ownedAndPrivate(file)) {
        const data = JSON.parse(readFileSync(file, "utf8")) as { format?: unknown; entries?: unknown };
        if (data.format === FORMAT && typeof data.entries === "object" && data.entries !== null && !Array.isArray(data.entries)) {
          for (const [key, entry] of Object.entries(data.entries as Record<string, unknown>)) {
            if (typeof entry === "object" && entry !== null && typeof (entry as Entry).day === "number") previous.set(key, entry as Entry);
          }
        }
      }
    } catch {
      // none yet, or damaged
    }
    return new ParsedMemo(file, previous);
  }

  /** A memo that keeps nothing between runs. */
  static none(): ParsedMemo {
    return new ParsedMemo(undefined, new Map());
  }

  /** `parse(text)`, or what it gave for the same text before; its result must survive JSON (undefined does). */
  get<T>(kind: string, text: string, parse: (text: string) => T): T {
    const key = keyOf(kind, text);
    const before = this.entries.get(key);
    if (before) {
      this.touch(key, before);
      return before.value as T;
    }
    const value = parse(text);
    this.put(kind, text, value);
    return value;
  }

  /** What was put for `text` before (see put); undefined when nothing was. */
  peek<T>(kind: string, text: string): T | undefined {
    const key = keyOf(kind, text);
    const before = this.entries.get(key);
    if (!before) return undefined;
    this.touch(key, before);
    return before.value as T;
  }

  /** Keeps `value` for `text`: for facts worked out asynchronously, which get() cannot wait for. */
  put<T>(kind: string, text: string, value: T): void {
    this.entries.set(keyOf(kind, text), value === undefined ? { day: this.today } : { day: this.today, value });
    this.changed = true;
  }

  private touch(key: string, entry: Entry): void {
    if (entry.day === this.today) return;
    this.entries.set(key, { ...entry, day: this.today });
    this.changed = true;
  }

  /** Saves the memo when this run added or used an entry anew. Never fails. */
  save(): void {
    if (!this.file || !this.changed) return;
    const kept = [...this.entries]
      .filter(([, e]) => this.today - e.day <= KEEP_DAYS)
      .sort((a, b) => b[1].day - a[1].day || (a[0] < b[0] ? -1 : 1))
      .slice(0, MAX_ENTRIES);
    const temp = `${this.file}.${process.pid}.tmp`;
    try {
      mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
      writeFileSync(temp, JSON.stringify({ format: FORMAT, entries: Object.fromEntries(kept) }), { mode: 0o600 });
      renameSync(temp, this.file);
      this.changed = false;
    } catch {
      rmSync(temp, { force: true });
    }
  }
}

function keyOf(kind: string, text: string): string {
  return `${kind}:${createHash("sha256").update(text).digest("base64url")}`;
}

function defaultFile(root: string): string | undefined {
  if (userCachesOff()) return undefined;
  const project = createHash("sha256").update(resolve(root)).digest("base64url").slice(0, 22);
  return join(userCacheDir("parsed"), `${project}.json`);
}
