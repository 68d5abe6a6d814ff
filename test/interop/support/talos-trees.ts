import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { goldenCases, fixtureEnv } from "../../golden/cases.js";
import { repoPath } from "../../support/paths.js";

/**
 * One Talos line the interop tests cover, with the release written into the copied cluster.lab
 * and a Kubernetes release that line runs (LAB2022 would refuse the case's own one otherwise).
 * Patch releases talhelper v3.1.16 knows, except 1.14.1, the 1.14 release, which it only warns on.
 */
export interface TalosLine {
  readonly line: string;
  readonly talos: string;
  readonly kubernetes: string;
}

export const TALOS_LINES: readonly TalosLine[] = [
  { line: "1.10", talos: "v1.10.7", kubernetes: "v1.33.4" },
  { line: "1.11", talos: "v1.11.5", kubernetes: "v1.34.1" },
  { line: "1.12", talos: "v1.12.6", kubernetes: "v1.34.1" },
  { line: "1.13", talos: "v1.13.8", kubernetes: "v1.35.0" },
  { line: "1.14", talos: "v1.14.1", kubernetes: "v1.35.0" },
];

/** A case whose output has Talos machine configs: both examples and every golden fixture with a bundle. */
export interface TalosCase {
  readonly name: string;
  readonly entry: string;
}

export function talosCases(): TalosCase[] {
  return goldenCases()
    .filter((c) => existsSync(join(dirname(c.entry), "talsecret.sops.yaml")))
    .map((c) => ({ name: c.name, entry: c.entry }));
}

/** The generated tree of one case on one Talos line, with `labc talos config` already run. */
export interface TalosTree {
  readonly root: string;
  /** `<out>/talos`: talconfig.yaml, talenv.yaml, talsecret.sops.yaml, patches/. */
  readonly talosDir: string;
  /** `labc talos config`'s machine configs by file name (talosconfig left out). */
  readonly configs: ReadonlyMap<string, string>;
  /** Output of `labc build` (diagnostics, warnings included). */
  readonly buildOutput: string;
  /** A file holding every age key the case needs, for tools that read one SOPS_AGE_KEY_FILE. */
  readonly ageKeyFile: string;
  /** A HOME of its own, so no tool reads or writes the developer's configuration. */
  readonly home: string;
}

function labc(args: readonly string[], cwd: string, env: Record<string, string>): { status: number; output: string } {
  const run = spawnSync(process.execPath, [repoPath("bin", "labc.js"), ...args], { cwd, env, encoding: "utf8", timeout: 300_000 });
  if (run.error) throw run.error;
  return { status: run.status ?? -1, output: `${run.stdout}${run.stderr}` };
}

function setVersions(text: string, line: TalosLine): string {
  const talos = /^(\s*talos\s*=\s*)v[0-9][^\s/]*/m;
  const kubernetes = /^(\s*kubernetes\s*=\s*)v[0-9][^\s/]*/m;
  if (!talos.test(text) || !kubernetes.test(text)) throw new Error("the case's cluster block names no talos/kubernetes release");
  return text.replace(talos, `$1${line.talos}`).replace(kubernetes, `$1${line.kubernetes}`);
}

/** The case's demo age keys (the homelab key, plus a key file beside the case's .lab if any). */
function ageKeys(projectDir: string): string {
  const files = [String(fixtureEnv["SOPS_AGE_KEY_FILE"]), join(projectDir, "age.key")].filter((f) => existsSync(f));
  return files.map((f) => readFileSync(f, "utf8").trim()).join("\n") + "\n";
}

const made = new Map<string, TalosTree>();

/**
 * Copies the case's project, sets its Talos line, runs `labc build` and `labc talos config`.
 * The project folder is copied whole so that files it imports or reads (patches, the bundle,
 * secrets) come along; the output goes to a temp dir.
 */
export function talosTree(c: TalosCase, line: TalosLine): TalosTree {
  const key = `${c.name}@${line.line}`;
  const cached = made.get(key);
  if (cached) return cached;
  const root = mkdtempSync(join(tmpdir(), `labc-talos-${c.name}-${line.line}-`));
  // Cached for the whole test process, so removed when it exits.
  process.once("exit", () => rmSync(root, { recursive: true, force: true }));
  const project = join(root, "project");
  cpSync(dirname(c.entry), project, { recursive: true, filter: (src) => !/\/expected(\/|$)/.test(src) });
  const entry = join(project, c.entry.slice(dirname(c.entry).length + 1));
  writeFileSync(entry, setVersions(readFileSync(entry, "utf8"), line));
  const home = join(root, "home");
  mkdirSync(home);
  const ageKeyFile = join(root, "age-keys.txt");
  writeFileSync(ageKeyFile, ageKeys(project), { mode: 0o600 });
  const env: Record<string, string> = { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: home, ...fixtureEnv, SOPS_AGE_KEY_FILE: ageKeyFile };
  const out = join(root, "out");
  const build = labc(["build", entry, "--out", out], project, env);
  if (build.status !== 0) throw new Error(`labc build failed for ${key}:\n${build.output}`);
  const config = labc(["talos", "config", entry, "--out", out], project, env);
  if (config.status !== 0) throw new Error(`labc talos config failed for ${key}:\n${config.output}`);
  const dir = join(out, "talos", "clusterconfig");
  const configs = new Map(
    readdirSync(dir)
      .filter((f) => f.endsWith(".yaml"))
      .sort()
      .map((f) => [f, readFileSync(join(dir, f), "utf8")] as const),
  );
  if (configs.size === 0) throw new Error(`labc talos config wrote no machine config for ${key}`);
  const tree: TalosTree = { root, talosDir: join(out, "talos"), configs, buildOutput: build.output, ageKeyFile, home };
  made.set(key, tree);
  return tree;
}
