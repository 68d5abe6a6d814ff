import { dirname, join, relative, resolve } from "node:path";
import type { Diagnostic } from "../../lang/diagnostics/diagnostic.js";
import { hasErrors } from "../../lang/diagnostics/diagnostic.js";
import { Reporter } from "../../lang/diagnostics/reporter.js";
import type { LineIndex, Span } from "../../lang/diagnostics/span.js";
import { compileWorkspace } from "../pipeline/compile.js";
import type { ClusterModel } from "../model/model.js";
import { discoverAgeIdentities } from "../secrets/age/index.js";
import { encryptYaml, rotateSops } from "../secrets/sops/index.js";
import { sshPublicKey } from "../secrets/ssh/ssh-key.js";
import { CLUSTER_AGE_KEY, DEPLOY_KEY_SECRET } from "../model/well-known.js";
import { clusterRecipientOf, ensureClusterAgeKey, withRecipient } from "../secrets-store/cluster-key.js";
import { checkProjectSecrets } from "../secrets-store/project-checks.js";
import { trackedPrivateKeysAsync } from "../secrets-store/tracked-keys.js";
import { ParsedMemo } from "../files/parsed-memo.js";
import { openStore, sealStore, STORE_FILE, StoreError, type SecretStore } from "../secrets-store/store.js";
import { resolveSecrets, valuesToGenerate } from "./resolve-secrets.js";
import { lostStoreEntries } from "./lost-store-entries.js";
import { restoreCommand } from "./git-copy.js";
import { scanForLeaks } from "./leak-scan.js";
import { writeTreeAtomically, type FileToWrite, type WriteResult } from "./write-tree.js";
import { ensureTalosSecrets } from "./talos-secrets.js";
import { TALOS_SECRETS_FILE, VERSIONS_LOCK_FILE } from "../model/well-known.js";
import { renderVersionsLock } from "../emit/lock/versions-lock.js";
import { emitCached, codeId } from "./emit-cached.js";
import { BuildCache, sha256 } from "./build-cache.js";
import { writeFileAtomically } from "../files/write-file.js";
import { describeCopies, findCopies } from "./lost-file-copies.js";
import { describeFsError, WriteError } from "../files/write-error.js";
import { readPreviousOutput } from "./output-target.js";
import { LockBusy, lockProjectWaiting } from "./project-lock.js";
import { mark } from "./timings.js";
import { planTree } from "./plan-tree.js";
import { realWriterFs } from "./writer-fs.js";
import { MANIFEST_PATH } from "./output-manifest.js";
import { JOURNAL_FILE } from "./write-journal.js";
import { existsSync } from "node:fs";
import { KUBERNETES_ENCRYPTED_REGEX, kubernetesRule } from "../model/sops-rules.js";

export interface BuildOptions {
  readonly entry: string;
  readonly out: string;
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /**
   * `labc build --dry-run`: check, read and emit in memory, then report what a build would add,
   * change and remove; nothing is written, no lock is taken, no Talos bundle is made. Values a
   * build would generate are drawn in memory only (to know which files change) and dropped.
   */
  readonly dryRun?: boolean;
  /** Lines for the user while a slow step runs (the first build's Talos PKI). */
  readonly progress?: (line: string) => void;
  /**
   * The user asked for a new cluster (`labc build --new-cluster`): only then may a build make the
   * Talos secrets bundle, and only when no copy of one exists anywhere.
   */
  readonly newCluster?: boolean;
  /** How long to wait for another labc holding the project's lock (default: none, fail at once). */
  readonly lockWaitMs?: number;
  /** Saves a file beside cluster.lab (the new bundle, the store); a seam for tests to inject ENOSPC. */
  readonly saveProjectFile?: (path: string, content: string, mode: number) => void;
}

export interface BuildReport {
  readonly diagnostics: readonly Diagnostic[];
  readonly sources: ReadonlyMap<string, LineIndex>;
  readonly model?: ClusterModel;
  readonly written?: WriteResult;
  /** Things the user should know that are not problems: "created talsecret.sops.yaml; commit it". */
  readonly notes: readonly string[];
  /** A dry run's answer, when the build would have written. */
  readonly planned?: PlannedBuild;
  /** The emit units that ran; the others' files came from the build cache (build-cache.ts). */
  readonly unitsRun?: readonly string[];
}

/** What `labc build` would do: output paths relative to the output, project files relative to the working directory. */
export interface PlannedBuild {
  readonly added: readonly string[];
  readonly changed: readonly string[];
  readonly removed: readonly string[];
  /** Files beside cluster.lab a build would save: the new or re-encrypted Talos bundle, the store. */
  readonly projectFiles: readonly string[];
}

/**
 * `labc build`: check, read secrets, emit every target, encrypt, scan for leaks, then swap the
 * new tree in. Any diagnostic error stops the build before anything is written. All of it runs
 * under the project's lock (a dry run writes nothing and takes none), so two builds, a watch and
 * `labc secret rotate` never interleave.
 */
export async function build(options: BuildOptions): Promise<BuildReport> {
  if (options.dryRun) return buildLocked(options);
  const cwd = options.cwd ?? process.cwd();
  let lock;
  try {
    lock = lockProjectWaiting(dirname(resolve(cwd, options.entry)), "labc build", options.lockWaitMs ?? 0);
  } catch (error) {
    if (!(error instanceof LockBusy)) throw error;
    const at = { line: 1, column: 1, offset: 0 };
    const r = new Reporter();
    r.report("writeFailed", { file: relative(cwd, resolve(cwd, options.entry)) || options.entry, start: at, end: at }, `${error.message}; nothing was written`);
    return { diagnostics: r.diagnostics, sources: new Map(), notes: [] };
  }
  try {
    const report = await buildLocked(options);
    return lock.note ? { ...report, notes: [lock.note, ...report.notes] } : report;
  } finally {
    lock.release();
  }
}

async function buildLocked(options: BuildOptions): Promise<BuildReport> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const out = resolve(cwd, options.out);
  const r = new Reporter();
  const notes: string[] = [];

  mark("start of build");
  // Git answers while the sources are parsed (the workspace's root is the entry's folder).
  const entryDir = dirname(resolve(cwd, options.entry));
  const memo = ParsedMemo.forProject(entryDir);
  const trackedKeys = trackedPrivateKeysAsync(entryDir, memo);
  const compiled = compileWorkspace(options.entry, { cwd });
  const { workspace, checked, sources, model } = compiled;
  const diagnostics: Diagnostic[] = [...compiled.diagnostics];
  mark("parse and check");
  let unitsRun: readonly string[] | undefined;
  // Every way out saves what the run learnt of its files (it only ever costs time to lose).
  const done = (extra: Partial<BuildReport> = {}): BuildReport => {
    memo.save();
    return { diagnostics: [...diagnostics, ...r.diagnostics], sources, notes, ...(model ? { model } : {}), ...(unitsRun ? { unitsRun } : {}), ...extra };
  };
  if (hasErrors(diagnostics) || !model) return done();

  const recipientsSpan: Span = checked.declarations.cluster?.recipientsSpan ?? model.span;
  // Every SOPS file is encrypted to the cluster's key groups: one group, or a Shamir split.
  const keys = { keyGroups: model.keyGroups, shamirThreshold: model.shamirThreshold };
  const found = await discoverAgeIdentities({ projectDir: workspace.root, env });
  const missing = missingKeyMessage(keys, found.recipients, found.searched, found.skipped);
  if (missing) {
    r.report("noAgeKey", recipientsSpan, missing);
    return done();
  }
  const identities = found.identities;
  mark("find age keys");
  // Only the files beside cluster.lab: every output SOPS file is re-encrypted below anyway, and
  // encryptYaml never keeps a data key across a key change (`labc check --out` lists them all).
  const tracked = workspace.root === entryDir ? await trackedKeys : undefined;
  const drift = checkProjectSecrets({ root: workspace.root, ...keys, span: recipientsSpan, cwd, memo, ...(tracked ? { trackedKeys: tracked } : {}) }, r);

  let store;
  try {
    store = await openStore(workspace.root, identities);
  } catch (error) {
    r.report(error instanceof StoreError && error.reason === "unreadable" ? "readFailed" : "undecryptable", model.span, (error as Error).message);
    return done();
  }
  if (store.previous === undefined && !storeLostCheck(model, store.path, cwd, r)) return done();
  // A tree built for a Flux key the store has lost: a new key would lock the running cluster out.
  const builtFor = clusterRecipientOf(out, keys.keyGroups.flat(), kubernetesRule, memo);
  if (builtFor && !store.values.has(CLUSTER_AGE_KEY)) {
    const sopsAge = join(options.out, "kubernetes/components/common/sops/sops-age.sops.yaml");
    r.report(
      "secretsFileMissing",
      model.span,
      `${options.out} is built for the cluster's own age key ${builtFor} (the key Flux decrypts with), but ${STORE_FILE} has no ${CLUSTER_AGE_KEY}, and a new one would lock the running cluster out of its secrets; put it back with: sops -d --extract '["stringData"]["age.agekey"]' ${sopsAge} | labc secret set ${CLUSTER_AGE_KEY}. To give Flux a new key on purpose, delete ${join(options.out, ".sops.yaml")}, build, and apply the new sops-age Secret to the cluster (labc bootstrap apps)`,
    );
    return done();
  }
  let clusterKey;
  try {
    clusterKey = await ensureClusterAgeKey(store);
  } catch (error) {
    r.report("undecryptable", model.span, (error as Error).message);
    return done();
  }
  if (!lostEntriesCheck(model, store, cwd, r)) return done();
  // Flux reads the Kubernetes secrets with the cluster's own key, so it is one of their recipients.
  const kubernetesKeys = withRecipient(keys, clusterKey.recipient);
  const secrets = resolveSecrets(model, workspace.root, store, clusterKey, env, r);
  if (hasErrors(r.diagnostics)) return done();
  mark("read secrets");

  let talos = await ensureTalosSecrets(
    { root: workspace.root, out, cwd, newCluster: options.newCluster === true, keys, identities, opened: { recipients: found.recipients, memo }, span: model.span, dryRun: options.dryRun === true, ...(options.progress ? { progress: options.progress } : {}) },
    r,
  );
  if (!talos) return done();
  const rewrapTalos = !talos.created && drift.driftedProjectFiles.has(TALOS_SECRETS_FILE);
  if (rewrapTalos) talos = { ...talos, text: await rotateSops(talos.text, { identities: [...identities], ...keys }) };
  if (talos.created && !options.dryRun) notes.push(`created the Talos secrets bundle ${TALOS_SECRETS_FILE} beside ${options.entry}; commit it, it is never re-created`);

  mark("talos secrets bundle");
  // Keyed under the cluster's own identity (a secret), and on everything every file depends on.
  const salt = JSON.stringify([codeId(), keys, kubernetesKeys, clusterKey.recipient]);
  const cache = new BuildCache(out, model, secrets.values, clusterKey.identity, salt);
  let emitted;
  try {
    emitted = await emitCached(model, secrets, clusterKey.recipient, cache);
  } catch (error) {
    r.report("internalError", model.span, `labc failed while generating files: ${(error as Error).message}; nothing was written`);
    return done();
  }

  unitsRun = emitted.ran;
  mark(`emit (${emitted.ran.length} units ran${emitted.ran.length > 0 && emitted.ran.length < 4 ? `: ${emitted.ran.join(", ")}` : ""})`);

  // A reused file's text is read only if something needs it (a leak scan under new secrets, a mode to set).
  const files: FileToWrite[] = emitted.reused.map((f) => ({ path: f.path, mode: f.mode, onDisk: { mode: f.diskMode }, get content() { return f.content; } }));
  for (const file of emitted.outputs) {
    if (file.kind === "text") {
      files.push({ path: file.path, content: file.content, mode: file.mode ?? 0o644 });
      continue;
    }
    let previous: string | undefined;
    try {
      previous = readPreviousOutput(out, file.path);
    } catch (error) {
      if (!(error instanceof WriteError)) throw error;
      r.report("writeFailed", model.span, `${error.message}; nothing was written`);
      return done();
    }
    const content = await encryptYaml(file.tree, {
      ...(file.encryption === "kubernetes" ? { ...kubernetesKeys, encryptedRegex: KUBERNETES_ENCRYPTED_REGEX } : keys),
      macOnlyEncrypted: true,
      ...(previous !== undefined ? { previous } : {}),
      identities: [...identities],
    });
    files.push({ path: file.path, content, mode: 0o600 });
  }
  mark("encrypt");
  files.push({ path: `talos/${TALOS_SECRETS_FILE}`, content: talos.text, mode: 0o600 });
  const reusedByPath = new Map(emitted.reused.map((f) => [f.path, f]));
  const hashed = files.map((f) => {
    const kept = reusedByPath.get(f.path);
    return { path: f.path, mode: f.mode, sha: kept?.sha ?? sha256(f.content), ...(kept?.stat !== undefined ? { stat: kept.stat } : {}) };
  });
  // The files exactly as they would be written, SOPS ones encrypted: only ciphertext is exempt.
  // Bytes the last build scanned against the same secrets need no second look.
  const toScan = files.filter((f, i) => !cache.scannedBefore(f.path, hashed[i]!.sha));
  try {
    scanForLeaks(toScan, secrets.values, new Map(model.secrets.map((s) => [s.name, s.span])), model.span, r);
  } catch (error) {
    if (!(error instanceof WriteError)) throw error;
    r.report("writeFailed", model.span, `${error.message}; nothing was written`);
    return done();
  }
  if (hasErrors(r.diagnostics)) return done();
  mark("leak scan");
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  // The lock follows the model: new apps' versions are added, removed apps' versions dropped.
  const lock = renderVersionsLock(model.pins);
  const lockChanged = lock !== workspace.lock.source?.lines.text;
  if (options.dryRun) {
    const beside = [
      ...(talos.created || rewrapTalos ? [talos.path] : []),
      ...(secrets.generated || drift.driftedProjectFiles.has(STORE_FILE) ? [join(workspace.root, STORE_FILE)] : []),
      ...(lockChanged ? [join(workspace.root, VERSIONS_LOCK_FILE)] : []),
    ];
    const planned = dryRunPlan(out, files, beside.map((p) => relative(cwd, p) || p), r, model.span, notes);
    if (existsSync(join(out, JOURNAL_FILE))) notes.push(`${join(options.out, JOURNAL_FILE)} records an interrupted write; the next real build undoes it first, so its answer may differ`);
    return done(planned ? { planned } : {});
  }
  const save = options.saveProjectFile ?? writeFileAtomically;
  const saved = (path: string, content: string, what: string, mode = 0o600): boolean => {
    try {
      save(path, content, mode);
      return true;
    } catch (error) {
      const shown = relative(cwd, path) || path;
      r.report("writeFailed", model.span, `cannot save ${what} ${shown}: ${describeFsError(error)}; ${options.out} was not written. Free the space or fix the permissions of ${shown}'s folder, then build again`);
      return false;
    }
  };
  if ((talos.created || rewrapTalos) && !saved(talos.path, talos.text, talos.created ? "the new Talos secrets bundle" : "the re-encrypted Talos secrets bundle")) return done();
  if (secrets.generated || drift.driftedProjectFiles.has(STORE_FILE)) {
    if (!saved(join(workspace.root, STORE_FILE), await sealStore(store, keys, identities), "the secret store")) return done();
    if (secrets.generated) notes.push(`generated new secret values into ${STORE_FILE} (${secrets.generatedNames.join(", ")}); commit it, they are kept from now on`);
    if (clusterKey.generated) notes.push(`made the cluster's own age key (${CLUSTER_AGE_KEY} in ${STORE_FILE}); Flux's sops-age Secret now holds it rather than an operator's key, and every Kubernetes secret is also encrypted to ${clusterKey.recipient}. Commit ${STORE_FILE} and the rebuilt tree: Flux still opens the new sops-age file with the key it has and switches on its next reconcile`);
  }
  if (lockChanged) {
    if (!saved(join(workspace.root, VERSIONS_LOCK_FILE), lock, "the version lock", 0o644)) return done();
    if (workspace.lock.source === undefined) notes.push(`wrote ${VERSIONS_LOCK_FILE} beside ${options.entry}: the versions labc picked where cluster.lab sets none, which Renovate bumps; commit it`);
  }
  if (secrets.generatedNames.includes(DEPLOY_KEY_SECRET)) {
    const pub = sshPublicKey(secrets.get(DEPLOY_KEY_SECRET), DEPLOY_KEY_SECRET);
    const repo = `${model.repository.owner}/${model.repository.name}`;
    notes.push(`made a deploy key for the private repository ${repo}: add this public key at https://github.com/${repo}/settings/keys (read-only is enough), or Flux cannot clone it; 'labc secret get ${DEPLOY_KEY_SECRET}.pub' prints it again:\n  ${pub}`);
  }
  try {
    const written = writeTreeAtomically(out, files);
    cache.save(emitted.unitOf, hashed);
    mark("write");
    notes.push(...written.notes);
    return done({ written });
  } catch (error) {
    if (!(error instanceof WriteError)) throw error;
    r.report("writeFailed", model.span, `cannot write ${options.out}: ${error.message}`);
    return done();
  }
}

/** What writing `files` would change, read-only; a refusal the write would make is reported instead. */
function dryRunPlan(out: string, files: readonly FileToWrite[], projectFiles: readonly string[], r: Reporter, span: Span, notes: string[]): PlannedBuild | undefined {
  try {
    const plan = planTree(realWriterFs, out, files);
    notes.push(...plan.notes);
    const paths = (existed: boolean) => plan.changes.filter((c) => c.existed === existed && c.file.path !== MANIFEST_PATH).map((c) => c.file.path);
    return { added: paths(false), changed: paths(true), removed: [...plan.removes], projectFiles };
  } catch (error) {
    if (!(error instanceof WriteError)) throw error;
    r.report("writeFailed", span, error.message);
    return undefined;
  }
}

/**
 * A build about to make new values (tokens, a deploy key) into a store that is not there: when Git
 * still has the store, those values are already in use, so stop and say how to restore it.
 */
function storeLostCheck(model: ClusterModel, path: string, cwd: string, r: Reporter): boolean {
  const names = model.secrets.filter((s) => s.source.kind === "generate" || s.source.kind === "store").map((s) => s.name);
  if (model.repository.visibility === "private" && !model.secrets.some((s) => s.name === DEPLOY_KEY_SECRET)) names.push(DEPLOY_KEY_SECRET);
  // Every cluster keeps its own age key there: Flux's, which a new one would lock out.
  names.push(CLUSTER_AGE_KEY);
  const copies = findCopies(path);
  if (copies.length === 0) return true;
  const shown = relative(cwd, path) || path;
  r.report("secretsFileMissing", model.span, `the secret store ${shown} is missing, but ${describeCopies(copies, path, cwd)}. Without it the build would miss or make new values for ${names.join(", ")}, which the cluster may already use; to replace a value on purpose, restore the store first and then run 'labc secret set'`);
  return false;
}

/**
 * A value the store lost (a bad merge, a hand edit) while Git still holds it is in use: making a
 * new one would change a password the cluster's apps already keep. Stop, and say how to restore
 * it, or how to replace it on purpose.
 */
function lostEntriesCheck(model: ClusterModel, store: SecretStore, cwd: string, r: Reporter): boolean {
  const toMake = valuesToGenerate(model, store);
  const lost = lostStoreEntries(store.path, toMake.map((v) => v.name));
  if (!lost) return true;
  const shown = relative(cwd, store.path) || store.path;
  const at = lost.copy.rev === ":" ? "Git's index" : `Git history (${lost.copy.commit})`;
  for (const { name, span } of toMake.filter((v) => lost.names.includes(v.name))) {
    r.report(
      "secretsFileMissing",
      span,
      `secret '${name}' was generated once and ${at} still holds it in ${STORE_FILE}, but ${shown} no longer has it, and a new value would replace the one the cluster uses; restore the store with '${restoreCommand(lost.copy, store.path, cwd)}' (values set since then must be set again), or make a new value on purpose with 'labc secret regenerate ${name}'`,
    );
  }
  return false;
}

/**
 * Why the age keys found cannot open the cluster's files, or undefined when they can: with key
 * groups a build needs keys of `threshold` different groups, since it re-reads every file.
 */
function missingKeyMessage(keys: { keyGroups: readonly (readonly string[])[]; shamirThreshold: number }, found: readonly string[], searched: readonly string[], skipped: readonly string[]): string | undefined {
  const opened = keys.keyGroups.flatMap((g, i) => (g.some((r) => found.includes(r)) ? [i + 1] : []));
  if (opened.length >= keys.shamirThreshold) return undefined;
  // A key the user set but labc could not use is the likely cause: say why each was skipped.
  const where = `looked in: ${searched.join(", ")}${skipped.length ? ` (skipped ${skipped.join("; ")})` : ""}`;
  if (keys.keyGroups.length <= 1) {
    return `no age private key for the cluster's recipients (${keys.keyGroups.flat().map(shortKey).join(", ")}); ${where}. Put the key in one of these, or set SOPS_AGE_KEY_FILE`;
  }
  const which = opened.length === 0 ? "none of them" : `only group${opened.length === 1 ? "" : "s"} ${opened.join(", ")}`;
  return `the cluster's data keys are split over ${keys.keyGroups.length} key groups and keys of ${keys.shamirThreshold} are needed together, but the age keys found open ${which}; ${where}. Add keys of other groups (a key file or SOPS_AGE_KEY can hold several)`;
}

function shortKey(recipient: string): string {
  return recipient.length > 20 ? `${recipient.slice(0, 12)}…${recipient.slice(-6)}` : recipient;
}
