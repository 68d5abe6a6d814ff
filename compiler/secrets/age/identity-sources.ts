// Finds age identities the way sops' age keysource does (SOPS_AGE_KEY, SOPS_AGE_KEY_FILE,
// SOPS_AGE_KEY_CMD, then <user config dir>/sops/age/keys.txt), plus labc's project-local
// `age.key`. Every source that yields keys is used, as in sops. The result says where it looked,
// so a caller can print "no age key found; looked in: …". Private keys never appear in messages.
import { readProjectFile } from "../../files/read-project-file.js";
import { execFileSync } from "node:child_process";
import { homedir } from "node:os";
import { isAbsolute, join } from "node:path";
import { identityLines } from "./identity-text.js";
import { identityToRecipient } from "./keypair.js";

export interface IdentitySource {
  /** Environment variable name or file path. */
  readonly location: string;
  readonly status: "loaded" | "empty" | "not-set" | "missing" | "error";
  /** Valid identities found there. */
  readonly count: number;
  /** Why a source failed or which lines were skipped; never includes key material. */
  readonly problems: readonly string[];
}

export interface DiscoveredIdentities {
  /** Distinct identities, in discovery order. */
  readonly identities: string[];
  /** The recipient of each identity (same order). */
  readonly recipients: string[];
  readonly sources: IdentitySource[];
  /** Every location looked at, in order (for "looked in: …" messages). */
  readonly searched: string[];
  /**
   * Why a place that was set or present gave no key, or skipped lines: "SOPS_AGE_KEY: line 1 is
   * not an age identity", "SOPS_AGE_KEY_CMD: the command exited with status 1". Never key material.
   */
  readonly skipped: string[];
}

export interface DiscoverOptions {
  /** Directory holding the project's `age.key` (labc's fallback); skipped when undefined. */
  readonly projectDir?: string;
  /** More directories whose `age.key` is tried after `projectDir`, in order. */
  readonly directories?: readonly string[];
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly platform?: NodeJS.Platform;
  readonly homeDir?: string;
  /** Runs SOPS_AGE_KEY_CMD; injectable for tests. Returns stdout. */
  readonly runCommand?: (argv: readonly string[]) => string;
}

/** Go's os.UserConfigDir, with sops' macOS tweak of honouring XDG_CONFIG_HOME there too. */
export function userConfigDir(
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform,
  home: string,
): string | undefined {
  const xdg = env.XDG_CONFIG_HOME;
  if (platform === "win32") return env.AppData || undefined;
  if (platform === "darwin") return xdg ? xdg : home ? join(home, "Library", "Application Support") : undefined;
  if (xdg) return isAbsolute(xdg) ? xdg : undefined;
  return home ? join(home, ".config") : undefined;
}

/** The default sops key file: <user config dir>/sops/age/keys.txt. */
export function defaultKeyFilePath(options: DiscoverOptions = {}): string | undefined {
  const env = options.env ?? process.env;
  const dir = userConfigDir(env, options.platform ?? process.platform, options.homeDir ?? homedir());
  return dir === undefined ? undefined : join(dir, "sops", "age", "keys.txt");
}

/** Splits a command line like shlex: whitespace separates, quotes group, backslash escapes. */
export function splitCommandLine(line: string): string[] {
  const args: string[] = [];
  let current = "";
  let inArg = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else current += c;
    } else if (c === "\\" && i + 1 < line.length && quote !== '"') {
      current += line[++i];
      inArg = true;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === "\\" && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) current += line[++i];
      else current += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inArg = true;
    } else if (/\s/.test(c)) {
      if (inArg) args.push(current);
      current = "";
      inArg = false;
    } else {
      current += c;
      inArg = true;
    }
  }
  if (quote) throw new Error("unterminated quote");
  if (inArg) args.push(current);
  return args;
}

function defaultRunCommand(argv: readonly string[]): string {
  return execFileSync(argv[0]!, argv.slice(1), { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

function readFileIfPresent(path: string): { text?: string; missing?: boolean; error?: string } {
  // Through the one bounded reader: a FIFO or device there would block the read (or never end).
  const read = readProjectFile(path);
  if (read.kind === "missing") return { missing: true };
  return read.kind === "file" ? { text: read.text } : { error: `cannot read: ${read.why}` };
}

export async function discoverAgeIdentities(options: DiscoverOptions = {}): Promise<DiscoveredIdentities> {
  const env = options.env ?? process.env;
  const sources: IdentitySource[] = [];
  const identities: string[] = [];
  const recipients: string[] = [];

  async function take(location: string, text: string): Promise<void> {
    const problems: string[] = [];
    let count = 0;
    for (const { line, text: candidate } of identityLines(text)) {
      try {
        const recipient = await identityToRecipient(candidate);
        count++;
        if (!identities.includes(candidate)) {
          identities.push(candidate);
          recipients.push(recipient);
        }
      } catch {
        const kind = candidate.startsWith("AGE-PLUGIN-") ? "an age plugin identity (not supported)" : "not an age identity";
        problems.push(`line ${line} is ${kind}`);
      }
    }
    sources.push({ location, status: count > 0 ? "loaded" : "empty", count, problems });
  }

  const keyEnv = env.SOPS_AGE_KEY;
  if (keyEnv !== undefined) await take("SOPS_AGE_KEY", keyEnv);
  else sources.push({ location: "SOPS_AGE_KEY", status: "not-set", count: 0, problems: [] });

  const keyFile = env.SOPS_AGE_KEY_FILE;
  if (keyFile !== undefined) {
    const read = readFileIfPresent(keyFile);
    const location = `SOPS_AGE_KEY_FILE=${keyFile}`;
    if (read.text !== undefined) await take(location, read.text);
    else sources.push({ location, status: read.missing ? "missing" : "error", count: 0, problems: read.error ? [read.error] : [] });
  } else {
    sources.push({ location: "SOPS_AGE_KEY_FILE", status: "not-set", count: 0, problems: [] });
  }

  const keyCmd = env.SOPS_AGE_KEY_CMD;
  if (keyCmd !== undefined) {
    const location = "SOPS_AGE_KEY_CMD";
    try {
      const argv = splitCommandLine(keyCmd);
      if (argv.length === 0) throw new Error("empty command");
      await take(location, (options.runCommand ?? defaultRunCommand)(argv));
    } catch (err) {
      sources.push({ location, status: "error", count: 0, problems: [commandFailure(err)] });
    }
  } else {
    sources.push({ location: "SOPS_AGE_KEY_CMD", status: "not-set", count: 0, problems: [] });
  }

  const directories = [options.projectDir, ...(options.directories ?? [])].filter((d): d is string => d !== undefined);
  const files = [defaultKeyFilePath(options), ...directories.map((d) => join(d, "age.key"))];
  for (const path of new Set(files)) {
    if (path === undefined) continue;
    const read = readFileIfPresent(path);
    if (read.text !== undefined) await take(path, read.text);
    else sources.push({ location: path, status: read.missing ? "missing" : "error", count: 0, problems: read.error ? [read.error] : [] });
  }

  const skipped = sources.flatMap((s) => {
    if (s.problems.length > 0) return [`${s.location}: ${s.problems.join(", ")}`];
    return s.status === "empty" ? [`${s.location}: holds no age identity`] : [];
  });
  return { identities, recipients, sources, searched: sources.map((s) => s.location), skipped };
}

/**
 * Why SOPS_AGE_KEY_CMD gave no keys, without its output: stderr or an error message may quote
 * what the command read, which can be key material.
 */
function commandFailure(err: unknown): string {
  if (!(err instanceof Error)) return "command failed";
  if (err.message === "unterminated quote" || err.message === "empty command") return `the command line is not valid (${err.message})`;
  const e = err as NodeJS.ErrnoException & { status?: number | null; signal?: string | null };
  if (e.code === "ENOENT") return "command failed: the program was not found (ENOENT)";
  if (e.code === "EACCES") return "command failed: the program may not be run (EACCES)";
  if (typeof e.status === "number") return `command failed: it exited with status ${e.status}`;
  if (e.signal) return `command failed: it was killed by ${e.signal}`;
  return "command failed";
}

/** Alias of discoverAgeIdentities. */
export const findAgeIdentities = discoverAgeIdentities;
