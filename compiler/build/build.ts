import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Diagnostic } from "../../lang/diagnostics/diagnostic.js";
import { hasErrors } from "../../lang/diagnostics/diagnostic.js";
import { Reporter } from "../../lang/diagnostics/reporter.js";
import type { LineIndex, Span } from "../../lang/diagnostics/span.js";
import { compileWorkspace } from "../pipeline/compile.js";
import type { ClusterModel } from "../model/model.js";
import type { OutputFile } from "../model/output.js";
import { discoverAgeIdentities } from "../secrets/age/index.js";
import { encryptYaml, rotateSops } from "../secrets/sops/index.js";
import { sshPublicKey } from "../secrets/ssh/ssh-key.js";
import { DEPLOY_KEY_SECRET } from "../model/well-known.js";
import { checkProjectSecrets } from "../secrets-store/project-checks.js";
import { openStore, sealStore, STORE_FILE } from "./secret-store.js";
import { resolveSecrets } from "./resolve-secrets.js";
import { scanForLeaks } from "./leak-scan.js";
import { writeTreeAtomically, type FileToWrite, type WriteResult } from "./write-tree.js";
import { ensureTalosSecrets, TALOS_SECRETS_FILE } from "./talos-secrets.js";
import { emitAll } from "./emit-all.js";
import { writeFileAtomically } from "./write-file.js";
import { mark } from "./timings.js";
import { KUBERNETES_ENCRYPTED_REGEX } from "../model/sops-rules.js";

export interface BuildOptions {
  readonly entry: string;
  readonly out: string;
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Check and emit in memory, but write nothing (used by tests and `labc check`). */
  readonly dryRun?: boolean;
}

export interface BuildReport {
  readonly diagnostics: readonly Diagnostic[];
  readonly sources: ReadonlyMap<string, LineIndex>;
  readonly model?: ClusterModel;
  readonly written?: WriteResult;
  /** Things the user should know that are not problems: "created talsecret.sops.yaml; commit it". */
  readonly notes: readonly string[];
}

/**
 * `labc build`: check, read secrets, emit every target, encrypt, scan for leaks, then swap the
 * new tree in. Any diagnostic error stops the build before anything is written.
 */
export async function build(options: BuildOptions): Promise<BuildReport> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const out = resolve(cwd, options.out);
  const r = new Reporter();
  const notes: string[] = [];

  mark("start of build");
  const compiled = compileWorkspace(options.entry, { cwd });
  const { workspace, checked, sources, model } = compiled;
  const diagnostics: Diagnostic[] = [...compiled.diagnostics];
  mark("parse and check");
  const done = (extra: Partial<BuildReport> = {}): BuildReport => ({ diagnostics: [...diagnostics, ...r.diagnostics], sources, notes, ...(model ? { model } : {}), ...extra });
  if (hasErrors(diagnostics) || !model) return done();

  const recipientsSpan: Span = checked.declarations.cluster?.recipientsSpan ?? model.span;
  // Every SOPS file is encrypted to the cluster's key groups: one group, or a Shamir split.
  const keys = { keyGroups: model.keyGroups, shamirThreshold: model.shamirThreshold };
  const found = await discoverAgeIdentities({ projectDir: workspace.root, env });
  const missing = missingKeyMessage(keys, found.recipients, found.searched);
  const identity = clusterIdentities(keys, found.identities, found.recipients);
  if (!identity || missing) {
    r.report("noAgeKey", recipientsSpan, missing ?? `no age private key for the cluster's recipients`);
    return done();
  }
  const identities = found.identities;
  mark("find age keys");
  // Only the files beside cluster.lab: every output SOPS file is re-encrypted below anyway, and
  // encryptYaml never keeps a data key across a key change (`labc check --out` lists them all).
  const drift = checkProjectSecrets({ root: workspace.root, ...keys, span: recipientsSpan, cwd }, r);

  let store;
  try {
    store = await openStore(workspace.root, identities);
  } catch (error) {
    r.report("undecryptable", model.span, (error as Error).message);
    return done();
  }
  const secrets = resolveSecrets(model, workspace.root, store, identity, env, r);
  if (hasErrors(r.diagnostics)) return done();
  mark("read secrets");

  let talos = await ensureTalosSecrets(workspace.root, keys, identities, r, model.span);
  if (!talos) return done();
  const rewrapTalos = !talos.created && drift.driftedProjectFiles.has(TALOS_SECRETS_FILE);
  if (rewrapTalos) talos = { ...talos, text: await rotateSops(talos.text, { identities: [...identities], ...keys }) };
  if (talos.created) notes.push(`created the Talos secrets bundle ${TALOS_SECRETS_FILE} beside ${options.entry}; commit it, it is never re-created`);

  mark("talos secrets bundle");
  let outputs: OutputFile[];
  try {
    outputs = await emitAll(model, secrets);
  } catch (error) {
    r.report("internalError", model.span, `labc failed while generating files: ${(error as Error).message}; nothing was written`);
    return done();
  }

  mark("emit");

  const files: FileToWrite[] = [];
  for (const file of outputs) {
    if (file.kind === "text") {
      files.push({ path: file.path, content: file.content, mode: file.mode ?? 0o644 });
      continue;
    }
    const previousPath = join(out, file.path);
    const previous = existsSync(previousPath) ? readFileSync(previousPath, "utf8") : undefined;
    const content = await encryptYaml(file.tree, {
      ...keys,
      ...(file.encryption === "kubernetes" ? { encryptedRegex: KUBERNETES_ENCRYPTED_REGEX } : {}),
      macOnlyEncrypted: true,
      ...(previous !== undefined ? { previous } : {}),
      identities: [...identities],
    });
    files.push({ path: file.path, content, mode: 0o600 });
  }
  mark("encrypt");
  files.push({ path: `talos/${TALOS_SECRETS_FILE}`, content: talos.text, mode: 0o600 });
  // The files exactly as they would be written, SOPS ones encrypted: only ciphertext is exempt.
  scanForLeaks(files, secrets.values, new Map(model.secrets.map((s) => [s.name, s.span])), model.span, r);
  if (hasErrors(r.diagnostics)) return done();
  mark("leak scan");
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  if (options.dryRun) return done();
  if (talos.created || rewrapTalos) writeFileAtomically(talos.path, talos.text, 0o600);
  if (secrets.generated || drift.driftedProjectFiles.has(STORE_FILE)) {
    writeFileAtomically(join(workspace.root, STORE_FILE), await sealStore(store, keys, identities), 0o600);
    if (secrets.generated) notes.push(`generated new secret values into ${STORE_FILE} (${secrets.generatedNames.join(", ")}); commit it, they are kept from now on`);
  }
  if (secrets.generatedNames.includes(DEPLOY_KEY_SECRET)) {
    const pub = sshPublicKey(secrets.get(DEPLOY_KEY_SECRET), DEPLOY_KEY_SECRET);
    const repo = `${model.repository.owner}/${model.repository.name}`;
    notes.push(`made a deploy key for the private repository ${repo}: add this public key at https://github.com/${repo}/settings/keys (read-only is enough), or Flux cannot clone it; 'labc secret get ${DEPLOY_KEY_SECRET}.pub' prints it again:\n  ${pub}`);
  }
  try {
    const written = writeTreeAtomically(out, files);
    mark("write");
    return done({ written });
  } catch (error) {
    r.report("writeFailed", model.span, `cannot write ${options.out}: ${(error as Error).message}; the previous output is unchanged`);
    return done();
  }
}

/**
 * The age key(s) the cluster's `sops-age` Secret gets, so Flux can decrypt in the cluster: the
 * first key found for the recipients, or with key groups one key of each of the first
 * `threshold` groups that can be opened (Flux, like sops, needs that many shares). One per line,
 * as in an age key file.
 */
function clusterIdentities(keys: { keyGroups: readonly (readonly string[])[]; shamirThreshold: number }, identities: readonly string[], recipients: readonly string[]): string | undefined {
  const picked: string[] = [];
  let groups = 0;
  for (const group of keys.keyGroups) {
    if (groups === keys.shamirThreshold) break;
    const i = recipients.findIndex((r) => group.includes(r));
    if (i < 0) continue;
    groups++;
    if (!picked.includes(identities[i]!)) picked.push(identities[i]!);
  }
  return groups >= keys.shamirThreshold && picked.length > 0 ? picked.join("\n") : undefined;
}

/**
 * Why the age keys found cannot open the cluster's files, or undefined when they can: with key
 * groups a build needs keys of `threshold` different groups, since it re-reads every file.
 */
function missingKeyMessage(keys: { keyGroups: readonly (readonly string[])[]; shamirThreshold: number }, found: readonly string[], searched: readonly string[]): string | undefined {
  const opened = keys.keyGroups.flatMap((g, i) => (g.some((r) => found.includes(r)) ? [i + 1] : []));
  if (opened.length >= keys.shamirThreshold) return undefined;
  const where = `looked in: ${searched.join(", ")}`;
  if (keys.keyGroups.length <= 1) {
    return `no age private key for the cluster's recipients (${keys.keyGroups.flat().map(shortKey).join(", ")}); ${where}. Put the key in one of these, or set SOPS_AGE_KEY_FILE`;
  }
  const which = opened.length === 0 ? "none of them" : `only group${opened.length === 1 ? "" : "s"} ${opened.join(", ")}`;
  return `the cluster's data keys are split over ${keys.keyGroups.length} key groups and keys of ${keys.shamirThreshold} are needed together, but the age keys found open ${which}; ${where}. Add keys of other groups (a key file or SOPS_AGE_KEY can hold several)`;
}

function shortKey(recipient: string): string {
  return recipient.length > 20 ? `${recipient.slice(0, 12)}…${recipient.slice(-6)}` : recipient;
}
