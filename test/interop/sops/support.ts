// Shared by the sops interop tests: the real sops binary run with a clean environment, labc
// projects (both examples and every golden fixture) built into temporary folders, and plaintext
// compared in memory only — assertion messages name files, never values.
import assert from "node:assert/strict";
import { cpSync, existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { parseAllDocuments } from "yaml";
import { build, type BuildReport } from "../../../compiler/build/build.js";
import { decryptSops, type SopsFormat } from "../../../compiler/secrets/sops/index.js";
import { renderSopsConfig } from "../../../compiler/emit/repo/sops-config.js";
import { renderPlaintext } from "../../../compiler/secrets-store/plaintext.js";
import { fixtureEnv } from "../../golden/cases.js";
import { fixturesRoot, repoPath } from "../../support/paths.js";
import { listFiles, tempDir } from "../../support/tree.js";

import { demoIdentity, identitiesIn } from "../support/sops-cli.js";
export { assertSopsOk, ciIdentity, demoIdentity, demoKeyFile, sops } from "../support/sops-cli.js";

/** A project copied to a temporary folder, built there into out/. */
export interface SopsProject {
  readonly name: string;
  readonly dir: string;
  readonly entry: string;
  readonly out: string;
  /** Key file that opens every file (both groups' keys for key-groups). */
  readonly keyFile: string;
  readonly identities: readonly string[];
  readonly env: NodeJS.ProcessEnv;
}

export interface ProjectCase {
  readonly name: string;
  /** Folder whose contents (minus expected/) make the project. */
  readonly source: string;
  /** File name of the entry inside it. */
  readonly entry: string;
}

/** Both examples and every golden fixture that has an input (each writes SOPS files). */
export function projectCases(): ProjectCase[] {
  const cases: ProjectCase[] = [
    { name: "homelab", source: repoPath("examples", "homelab"), entry: "cluster.lab" },
    { name: "ha", source: repoPath("examples", "ha"), entry: "cluster.lab" },
  ];
  for (const name of readdirSync(fixturesRoot).sort()) {
    if (existsSync(join(fixturesRoot, name, "input.lab"))) cases.push({ name, source: join(fixturesRoot, name), entry: "input.lab" });
  }
  return cases;
}

/** Copies a case to a temporary folder with a key file that opens all of its files. */
export function copyProject(c: ProjectCase): SopsProject {
  const dir = tempDir(`sops-${c.name}`);
  // Another test process may be building the same fixture in place: its lock and half-written
  // temporary files come and go while this copies, and belong to that build, not to the project.
  const transient = (src: string) => /(^|\/)\.labc\.lock$|\.\d+\.tmp$/.test(src);
  cpSync(c.source, dir, { recursive: true, filter: (src) => !src.startsWith(join(c.source, "expected")) && !transient(src) });
  const identities = [demoIdentity, ...(existsSync(join(c.source, "age.key")) ? identitiesIn(join(c.source, "age.key")) : [])].filter((v, i, all) => all.indexOf(v) === i);
  const keyFile = join(dir, "all-keys.txt");
  writeFileSync(keyFile, `${identities.join("\n")}\n`, { mode: 0o600 });
  return {
    name: c.name,
    dir,
    entry: join(dir, c.entry),
    out: join(dir, "out"),
    keyFile,
    identities,
    env: { PATH: process.env["PATH"], HOME: dir, XDG_CONFIG_HOME: join(dir, ".no-config"), ...fixtureEnv, SOPS_AGE_KEY_FILE: keyFile },
  };
}

/** Builds the project; no errors allowed. */
export async function buildProject(p: SopsProject): Promise<BuildReport> {
  const report = await build({ entry: p.entry, out: p.out, cwd: p.dir, env: p.env });
  assert.deepEqual(report.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.message}`), [], `${p.name}: build errors`);
  assert.ok(report.written, `${p.name}: the build wrote its output`);
  return report;
}

/**
 * Writes the `.sops.yaml` `labc init` writes beside cluster.lab, for the cluster's key groups,
 * so plain sops creates and prints the store and the Talos bundle the way labc does.
 */
export function writeProjectSopsConfig(p: SopsProject, report: BuildReport): void {
  const model = report.model!;
  writeFileSync(join(p.dir, ".sops.yaml"), renderSopsConfig({ keyGroups: model.keyGroups, shamirThreshold: model.shamirThreshold }));
}

/** Every SOPS file labc wrote: beside the entry (store, Talos bundle) and in the output tree, as paths relative to the project. */
export function sopsFilesOf(p: SopsProject): string[] {
  const beside = ["secrets.sops.yaml", "talsecret.sops.yaml"].filter((f) => existsSync(join(p.dir, f)));
  const built = listFiles(p.out).filter((f) => f.endsWith(".sops.yaml") && !f.split("/").pop()!.startsWith(".")).map((f) => `out/${f}`);
  return [...beside, ...built];
}

export interface LabcPlaintext {
  readonly documents: unknown[];
  /** What `labc secret decrypt` prints. */
  readonly rendered: string;
}

/** labc's own decrypter on a file (MAC verified), in memory. */
export async function labcPlaintext(text: string, identities: readonly string[], format: SopsFormat = "yaml"): Promise<LabcPlaintext> {
  const file = await decryptSops(text, { format, identities: [...identities] });
  return { documents: file.documents, rendered: renderPlaintext(file).toString("utf8") };
}

/** YAML text parsed to plain JS documents (sops -d output). */
export function yamlDocuments(text: string): unknown[] {
  return parseAllDocuments(text).map((d) => d.toJS());
}

/** Equality of two plaintexts without ever printing them. */
export function assertSamePlaintext(actual: unknown, expected: unknown, what: string): void {
  assert.ok(isDeepStrictEqual(actual, expected), `${what}: the plaintexts differ (values not shown)`);
}

/** The folder sops runs in for a file, and the path it is given there: out/ files from out/, so they use out/.sops.yaml. */
export function sopsPlace(p: SopsProject, path: string): { cwd: string; file: string } {
  return path.startsWith("out/") ? { cwd: p.out, file: path.slice(4) } : { cwd: p.dir, file: path };
}
