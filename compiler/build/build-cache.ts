import { createHash, createHmac } from "node:crypto";
import { existsSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, type BigIntStats } from "node:fs";
import { join } from "node:path";
import type { AppModel, ClusterModel } from "../model/model.js";
import type { SecretValues } from "../model/output.js";
import { STATE_DIR } from "./output-manifest.js";
import { appOfUnit, type EmitUnitName } from "./emit-unit-names.js";
import { WriteError } from "../files/write-error.js";
import { statFingerprint } from "../files/fingerprint.js";

/**
 * The build cache: for every emit unit, the key of what it read last time and the files it gave.
 * A rebuild recomputes each unit's key from the same reads of the new model; where the key is the
 * same, the unit's files are taken from the output as they are (each checked against the hash the
 * cache holds, so a file edited, rotated or damaged since is emitted again), SOPS files with their
 * ciphertext, without emitting, encrypting or scanning them. A unit whose reads changed runs.
 *
 * A unit's reads are recorded, not declared: it sees the model through a proxy that notes each
 * top-level field it touches (`nodes`, `domain`, …) and, in `apps`, the count and each field of
 * each app it touches (`apps.3.definition`: looking for the Cilium app reads no other app's
 * values), and secrets through a wrapper that notes each name. An app's unit also depends on its
 * whole app. What a unit computes from those is fixed by labc's own code, part of every key (codeId).
 *
 * Keys are HMACs under the cluster's own age identity, a secret the cache never holds: the cache
 * sits in the output folder (`.labc/cache/`, ignored by Git through its own .gitignore) and must
 * not let anyone test a guess of a secret value against it. Losing the cache only costs time.
 */
export const CACHE_DIR = `${STATE_DIR}/cache`;
export const CACHE_FILE = `${CACHE_DIR}/build.json`;
const FORMAT = 1;

export interface CachedFile {
  readonly path: string;
  readonly sha: string;
  readonly mode: number;
  /**
   * The file's identity, size and times (statFingerprint) when the build that saved the cache
   * had read these bytes there: while they are unchanged, the bytes are taken as read.
   */
  readonly stat?: string;
}

interface CachedUnit {
  readonly key: string;
  /** Model paths the unit read (see recordingModel); `*` when it listed the fields themselves. */
  readonly props: readonly string[];
  readonly secrets: readonly string[];
  readonly files: readonly CachedFile[];
}

interface CacheData {
  readonly format: number;
  /** The key of every secret value together: files scanned under the same one need no new scan. */
  readonly secrets: string;
  readonly units: Readonly<Record<string, CachedUnit>>;
  /** Files of no unit (the copy of the Talos bundle), kept for the leak scan's sake. */
  readonly others: readonly CachedFile[];
}

/**
 * A file taken from the previous output, checked against the cache: by its bytes, or by its
 * fingerprint when that is the one recorded with them. Its text is read when asked for.
 */
export interface ReusedFile {
  readonly path: string;
  readonly content: string;
  readonly mode: number;
  readonly sha: string;
  /** The fingerprint to record with the file, when it may be trusted next time (see recordable). */
  readonly stat: string | undefined;
  /** The mode the file has on disk (the wanted one is `mode`). */
  readonly diskMode: number;
}

/**
 * Whether a fingerprint taken now may stand for the bytes read after it: a write in the same
 * clock tick as an earlier one can leave the times as they were, so a file changed in the last
 * two seconds is read again next time, like Git's racily clean entries.
 */
function recordable(st: BigIntStats): boolean {
  return st.mtimeNs < BigInt(Date.now() - 2000) * 1_000_000n;
}

class ReusedOutputFile implements ReusedFile {
  private text: string | undefined;

  constructor(
    private readonly absolute: string,
    readonly path: string,
    readonly mode: number,
    readonly sha: string,
    readonly stat: string | undefined,
    readonly diskMode: number,
    text?: string,
  ) {
    this.text = text;
  }

  get content(): string {
    if (this.text === undefined) {
      const text = readFileSync(this.absolute, "utf8");
      // Changed since its fingerprint was taken, moments ago: another program is writing the output.
      if (sha256(text) !== this.sha) throw new WriteError(`${this.absolute} changed while labc was building; build again`, this.absolute);
      this.text = text;
    }
    return this.text;
  }
}

/** What a unit read while it ran: fills in its cache entry. */
export interface UnitReads {
  readonly props: ReadonlySet<string>;
  readonly secrets: ReadonlySet<string>;
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("base64url");
}

export class BuildCache {
  private readonly previous: CacheData | undefined;
  private readonly previousText: string | undefined;
  private readonly propHashes = new Map<string, string>();
  private readonly appHashes = new Map<AppModel, string>();
  private readonly definitionHashes = new Map<unknown, string>();
  private readonly fresh = new Map<string, { key: string; props: string[]; secrets: string[] }>();
  readonly secretsKey: string;

  /**
   * `salt` is everything besides the model and the secrets that every file may depend on: labc's
   * code, the recipients files are encrypted to, the cluster's own age recipient.
   */
  constructor(
    private readonly out: string,
    private readonly model: ClusterModel,
    private readonly secretValues: ReadonlyMap<string, string>,
    private readonly hmacKey: string,
    private readonly salt: string,
  ) {
    const read = readCache(out);
    this.previous = read?.data;
    this.previousText = read?.text;
    this.secretsKey = this.hmac(JSON.stringify([salt, [...secretValues].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))]));
  }

  /** The files of a unit whose reads are as they were, from the output; undefined when it must run. */
  reuse(name: EmitUnitName): ReusedFile[] | undefined {
    const entry = this.previous?.units[name];
    if (!entry || this.unitKey(name, entry.props, entry.secrets) !== entry.key) return undefined;
    const files: ReusedFile[] = [];
    for (const f of entry.files) {
      // Read only: the write looks at every path on its way down before it replaces anything.
      const path = join(this.out, f.path);
      try {
        const st = lstatSync(path, { bigint: true });
        if (!st.isFile()) return undefined;
        const stat = statFingerprint(st);
        if (f.stat === stat) {
          files.push(new ReusedOutputFile(path, f.path, f.mode, f.sha, stat, Number(st.mode)));
          continue;
        }
        const content = readFileSync(path, "utf8");
        if (sha256(content) !== f.sha) return undefined;
        files.push(new ReusedOutputFile(path, f.path, f.mode, f.sha, recordable(st) ? stat : undefined, Number(st.mode), content));
      } catch {
        return undefined;
      }
    }
    this.fresh.set(name, { key: entry.key, props: [...entry.props], secrets: [...entry.secrets] });
    return files;
  }

  /** Notes what a unit that ran read, for its entry in the cache the build saves. */
  ran(name: EmitUnitName, reads: UnitReads): void {
    const props = [...reads.props].sort();
    const secrets = [...reads.secrets].sort();
    this.fresh.set(name, { key: this.unitKey(name, props, secrets), props, secrets });
  }

  /** True when these exact bytes at this path were scanned for leaks against the same secrets by the build that saved the cache. */
  scannedBefore(path: string, sha: string): boolean {
    if (this.previous?.secrets !== this.secretsKey) return false;
    return this.previousShas().get(path) === sha;
  }

  private shas: Map<string, string> | undefined;
  private previousShas(): Map<string, string> {
    if (!this.shas) {
      this.shas = new Map();
      for (const unit of Object.values(this.previous?.units ?? {})) for (const f of unit.files) this.shas.set(f.path, f.sha);
      for (const f of this.previous?.others ?? []) this.shas.set(f.path, f.sha);
    }
    return this.shas;
  }

  /**
   * Saves the cache for the output just written: `files` are the files as written, by path, with
   * their hashes. Quietly does nothing when it cannot: the next build only takes longer.
   */
  save(unitOf: ReadonlyMap<string, EmitUnitName>, files: readonly CachedFile[]): void {
    const byUnit = new Map<string, CachedFile[]>();
    const others: CachedFile[] = [];
    for (const f of files) {
      const unit = unitOf.get(f.path);
      if (unit === undefined) {
        others.push(f);
        continue;
      }
      let list = byUnit.get(unit);
      if (!list) byUnit.set(unit, (list = []));
      list.push(f);
    }
    const units: Record<string, CachedUnit> = {};
    for (const [name, entry] of [...this.fresh].sort((a, b) => (a[0] < b[0] ? -1 : 1))) units[name] = { ...entry, files: byUnit.get(name) ?? [] };
    const data: CacheData = { format: FORMAT, secrets: this.secretsKey, units, others };
    const text = JSON.stringify(data);
    const dir = join(this.out, CACHE_DIR);
    // The usual rebuild saves what it read: then the file stays as it is.
    if (text === this.previousText && existsSync(join(dir, ".gitignore"))) return;
    const temp = join(dir, `build.json.${process.pid}.tmp`);
    try {
      mkdirSync(dir, { recursive: true });
      // The cache is the machine's own, like the lock: never committed, whatever the repository's .gitignore says.
      writeFileSync(join(dir, ".gitignore"), "*\n");
      writeFileSync(temp, text);
      renameSync(temp, join(this.out, CACHE_FILE));
    } catch {
      rmSync(temp, { force: true });
    }
  }

  private unitKey(name: EmitUnitName, props: readonly string[], secrets: readonly string[]): string {
    const app = appOfUnit(this.model, name);
    // An app's unit depends on its whole app (appHash): its reads of that app need no hash of their own.
    const own = app ? `${APPS}.${this.indexOf(app)}.` : undefined;
    return this.hmac(
      JSON.stringify([
        this.salt,
        name,
        app ? this.appHash(app) : null,
        props.map((p) => (own !== undefined && p.startsWith(own) ? p : [p, this.propHash(p)])),
        secrets.map((s) => [s, this.secretValues.get(s) ?? null]),
      ]),
    );
  }

  private indexes: Map<AppModel, number> | undefined;
  private indexOf(app: AppModel): number {
    this.indexes ??= new Map(this.model.apps.map((a, i) => [a, i]));
    return this.indexes.get(app)!;
  }

  /** What a recorded path reads in this model, as text (large values as their hash). */
  private propHash(path: string): string {
    let hash = this.propHashes.get(path);
    if (hash === undefined) {
      hash = this.readOf(path);
      this.propHashes.set(path, hash);
    }
    return hash;
  }

  private readOf(path: string): string {
    if (path === "*") return sha256(this.canonical(this.model) ?? "");
    const [top, index, field] = path.split(".");
    const model = this.model as unknown as Record<string, unknown>;
    if (top !== APPS || index === undefined) return sha256(this.canonical(model[top!]) ?? "undefined");
    if (index === "length") return String(this.model.apps.length);
    if (index === "*") return sha256(this.canonical(this.model.apps) ?? "");
    const app = this.model.apps[Number(index)];
    if (!app) return "none";
    if (field === "*" || field === undefined) return this.appHash(app);
    if (field === "definition") return this.definitionHash(app.definition);
    const value = this.canonical((app as unknown as Record<string, unknown>)[field]) ?? "undefined";
    return value.length > 64 ? sha256(value) : value;
  }

  private appHash(app: AppModel): string {
    let hash = this.appHashes.get(app);
    if (hash === undefined) this.appHashes.set(app, (hash = sha256(this.canonical(app) ?? "")));
    return hash;
  }

  /**
   * The model as JSON, without what no emitter reads: source spans (they move when a line above
   * changes). Definitions (shared by many apps, with their hooks) are hashed once each.
   */
  private canonical(value: unknown): string | undefined {
    const definitionHash = (d: unknown) => this.definitionHash(d);
    return JSON.stringify(value, function (key, v: unknown) {
      if (key === "span" || key.endsWith("Span")) return undefined;
      if (typeof v === "function") return `fn:${String(v)}`;
      if (v instanceof Map) return { map: [...v] };
      if (v instanceof Set) return { set: [...v] };
      if (key === "definition" && v !== null && typeof v === "object") return `definition:${definitionHash(v)}`;
      return v;
    });
  }

  private definitionHash(definition: unknown): string {
    let hash = this.definitionHashes.get(definition);
    if (hash === undefined) {
      hash = sha256(JSON.stringify(definition, (_k, d: unknown) => (typeof d === "function" ? `fn:${String(d)}` : d)) ?? "");
      this.definitionHashes.set(definition, hash);
    }
    return hash;
  }

  private hmac(text: string): string {
    return createHmac("sha256", this.hmacKey).update(text).digest("base64url");
  }
}

function readCache(out: string): { data: CacheData; text: string } | undefined {
  try {
    const text = readFileSync(join(out, CACHE_FILE), "utf8");
    const data = JSON.parse(text) as CacheData;
    if (data.format !== FORMAT || typeof data.secrets !== "string" || typeof data.units !== "object" || data.units === null || !Array.isArray(data.others)) return undefined;
    for (const unit of Object.values(data.units)) {
      if (typeof unit.key !== "string" || !Array.isArray(unit.props) || !Array.isArray(unit.secrets) || !Array.isArray(unit.files)) return undefined;
      if (!unit.files.every(wellFormed)) return undefined;
    }
    if (!data.others.every(wellFormed)) return undefined;
    return { data, text };
  } catch {
    return undefined;
  }
}

function wellFormed(f: CachedFile): boolean {
  return typeof f === "object" && f !== null && typeof f.path === "string" && typeof f.sha === "string" && typeof f.mode === "number" && (f.stat === undefined || typeof f.stat === "string") && safePath(f.path);
}

/** A cached path labc may read: inside the output, outside its own folder. */
function safePath(path: string): boolean {
  const parts = path.split("/");
  return path !== "" && !path.startsWith("/") && !path.includes("\\") && parts.every((p) => p !== "" && p !== "." && p !== "..") && parts[0] !== STATE_DIR;
}

const APPS = "apps";

/** A model a unit reads through, and its apps as the unit sees them (`appAt(i)` for an app's unit). */
export interface RecordingModel {
  readonly cluster: ClusterModel;
  appAt(index: number): AppModel;
}

const INDEX = /^\d+$/;

/**
 * The model as a unit sees it, noting every path it reads in `reads`: a top-level field (`nodes`),
 * or in `apps` the count (`apps.length`) and each app's fields (`apps.3.namespace`); `*` where it
 * listed the keys themselves. Each app is seen through a proxy of its own, made when first read
 * (one unit per app must not cost a proxy per app), so a unit that compares apps compares like
 * with like.
 */
export function recordingModel(model: ClusterModel, reads: Set<string>): RecordingModel {
  const seen = new Map<number, AppModel>();
  const appAt = (i: number): AppModel => {
    let app = seen.get(i);
    if (!app) seen.set(i, (app = recordingObject(model.apps[i]!, reads, `${APPS}.${i}.`)));
    return app;
  };
  const appList = new Proxy(model.apps, {
    get(target, p, receiver) {
      if (p === "length") reads.add(`${APPS}.length`);
      if (typeof p === "string" && INDEX.test(p)) {
        const i = Number(p);
        reads.add(`${APPS}.length`);
        return i < target.length ? appAt(i) : undefined;
      }
      return Reflect.get(target, p, receiver) as unknown;
    },
    has(target, p) {
      if (p === "length" || (typeof p === "string" && INDEX.test(p))) reads.add(`${APPS}.length`);
      return Reflect.has(target, p);
    },
    ownKeys(target) {
      reads.add(`${APPS}.length`);
      return Reflect.ownKeys(target);
    },
    getOwnPropertyDescriptor(target, p) {
      const d = Reflect.getOwnPropertyDescriptor(target, p);
      if (typeof p !== "string" || !INDEX.test(p) || !d) return d;
      reads.add(`${APPS}.length`);
      return { ...d, value: appAt(Number(p)) };
    },
  });
  const cluster = new Proxy(model, {
    get(target, p, receiver) {
      if (p === APPS) return appList;
      if (typeof p === "string") reads.add(p);
      return Reflect.get(target, p, receiver) as unknown;
    },
    has(target, p) {
      if (typeof p === "string" && p !== APPS) reads.add(p);
      return Reflect.has(target, p);
    },
    ownKeys(target) {
      reads.add("*");
      return Reflect.ownKeys(target);
    },
    getOwnPropertyDescriptor(target, p) {
      // Spreading or listing the model reads every value; ownKeys noted that already.
      if (typeof p === "string") reads.add(p);
      const d = Reflect.getOwnPropertyDescriptor(target, p);
      return p === APPS && d ? { ...d, value: appList } : d;
    },
  });
  return { cluster, appAt };
}

function recordingObject<T extends object>(object: T, reads: Set<string>, prefix: string): T {
  return new Proxy(object, {
    get(target, p, receiver) {
      if (typeof p === "string") reads.add(prefix + p);
      return Reflect.get(target, p, receiver) as unknown;
    },
    has(target, p) {
      if (typeof p === "string") reads.add(prefix + p);
      return Reflect.has(target, p);
    },
    ownKeys(target) {
      reads.add(`${prefix}*`);
      return Reflect.ownKeys(target);
    },
    getOwnPropertyDescriptor(target, p) {
      if (typeof p === "string") reads.add(prefix + p);
      return Reflect.getOwnPropertyDescriptor(target, p);
    },
  });
}

/** Secrets as a unit sees them: every name it reads is noted in `names`. */
export function recordingSecrets(secrets: SecretValues, names: Set<string>): SecretValues {
  return {
    get(name: string): string {
      names.add(name);
      return secrets.get(name);
    },
  };
}
