import { join, relative } from "node:path";
import type { Reporter } from "../../lang/diagnostics/reporter.js";
import type { Span } from "../../lang/diagnostics/span.js";
import { STORE_FILE } from "./store.js";
import { TALOS_SECRETS_FILE } from "../model/well-known.js";
import { outputSecretFiles } from "./output-secret-files.js";
import { describeRecipientGroups, type RecipientGroups } from "../secrets/sops/index.js";
import { describeDrifted, findRecipientDrift, sopsConfigDrift, type DriftedFile } from "./recipient-drift.js";
import { trackedPrivateKeys } from "./tracked-keys.js";
import { ParsedMemo } from "../files/parsed-memo.js";
import { clusterRecipientOf, withRecipient } from "./cluster-key.js";
import { kubernetesRule } from "../model/sops-rules.js";

export interface ProjectCheckInput {
  /** Folder of cluster.lab. */
  readonly root: string;
  /** The output directory, when known (its SOPS files are checked too). */
  readonly outDir?: string;
  /** The cluster's recipients as key groups (one group for a flat list); none skips the drift checks. */
  readonly keyGroups: readonly (readonly string[])[];
  /** Groups needed together: 1 with one group. */
  readonly shamirThreshold: number;
  /** The `recipients` field, else the cluster declaration. */
  readonly span: Span;
  readonly cwd?: string;
  /** Private key files Git tracks, when the caller asked Git already (trackedPrivateKeysAsync). */
  readonly trackedKeys?: readonly string[];
  /** The run's memo of parsed facts, which the caller saves; without it, the user's is opened and saved here. */
  readonly memo?: ParsedMemo;
}

/** Output files under the Kubernetes rule are also encrypted to the cluster's own age key. */
const KUBERNETES_FILE = new RegExp(kubernetesRule);

export interface ProjectCheckResult {
  /** Drifted SOPS files beside cluster.lab, by file name (`secrets.sops.yaml`, `talsecret.sops.yaml`). */
  readonly driftedProjectFiles: ReadonlySet<string>;
}

function shortKey(recipient: string): string {
  return recipient.length > 20 ? `${recipient.slice(0, 12)}…${recipient.slice(-6)}` : recipient;
}

function listFiles(files: readonly DriftedFile[]): string {
  const shown = files.slice(0, 4).map((f) => `${f.display} (${describeDrifted(f, shortKey)})`);
  return files.length > 4 ? `${shown.join(", ")} and ${files.length - 4} more` : shown.join(", ");
}

/**
 * LAB4006 (SOPS files encrypted to other recipients or key groups than `recipients`) and LAB4007 (a private
 * key file tracked by Git). Both read only metadata and Git's index, so `labc check` can run
 * them without any key.
 */
export function checkProjectSecrets(input: ProjectCheckInput, r: Reporter): ProjectCheckResult {
  const cwd = input.cwd ?? process.cwd();
  const shown = (path: string) => relative(cwd, path) || path;
  const driftedProjectFiles = new Set<string>();
  const wanted: RecipientGroups = { groups: input.keyGroups, threshold: input.shamirThreshold };
  if (input.keyGroups.some((g) => g.length > 0)) {
    const memo = input.memo ?? ParsedMemo.forProject(input.root);
    const projectFiles = [STORE_FILE, TALOS_SECRETS_FILE].map((name) => ({ path: join(input.root, name), display: shown(join(input.root, name)), name }));
    const outFiles = outputSecretFiles(input.outDir).map((rel) => ({ path: join(input.outDir!, rel), display: shown(join(input.outDir!, rel)), rel }));
    // The cluster key as the output's .sops.yaml names it: read without any private key.
    // In place (the default layout) the .sops.yaml beside cluster.lab is the output's own.
    const clusterRecipient = clusterRecipientOf(input.outDir ?? input.root, input.keyGroups.flat(), kubernetesRule, memo);
    const forFlux: RecipientGroups = clusterRecipient ? { groups: withRecipient(input, clusterRecipient).keyGroups, threshold: input.shamirThreshold } : wanted;
    const drifted = [
      ...findRecipientDrift([...projectFiles, ...outFiles.filter((f) => !KUBERNETES_FILE.test(f.rel))], wanted, memo),
      ...findRecipientDrift(outFiles.filter((f) => KUBERNETES_FILE.test(f.rel)), forFlux, memo),
    ];
    for (const f of projectFiles) if (drifted.some((d) => d.display === f.display)) driftedProjectFiles.add(f.name);
    if (drifted.length > 0) {
      r.report(
        "recipientsDiffer",
        input.span,
        `${drifted.length} SOPS file${drifted.length === 1 ? " is" : "s are"} encrypted to other recipients than the cluster's (${configured(wanted)}): ${listFiles(drifted)}. 'labc build' and 'labc secret rotate' re-encrypt them with a fresh data key for these recipients, so a removed recipient cannot read later versions; Git history keeps the old ones, so change a value itself if a removed key was compromised`,
      );
    }
    const sopsConfig = sopsConfigDrift(join(input.root, ".sops.yaml"), shown(join(input.root, ".sops.yaml")), wanted, forFlux, memo);
    if (!input.memo) memo.save();
    if (sopsConfig) {
      const how = wanted.groups.length > 1 ? `give its rules these key_groups with shamir_threshold: ${wanted.threshold}` : "update its age: lines";
      r.report("recipientsDiffer", input.span, `${sopsConfig.display} creates files for ${describeDrifted(sopsConfig, shortKey)}, not the cluster's recipients (${configured(wanted)}); ${how} so plain sops encrypts to the same people`);
    }
  }
  const tracked = input.trackedKeys ?? trackedPrivateKeys(input.root);
  if (tracked.length > 0) {
    r.report("trackedPrivateKey", input.span, `Git tracks private key file${tracked.length === 1 ? "" : "s"} ${tracked.map((p) => shown(join(input.root, p))).join(", ")}: anyone with the repository can decrypt every secret. Run 'git rm --cached <file>', then treat the key as exposed: make a new one, change the cluster's recipients, rebuild and change the values it protected; if it is a published demo key, say so with a '!<path>' line in .gitignore`);
  }
  return { driftedProjectFiles };
}

function configured(wanted: RecipientGroups): string {
  return describeRecipientGroups(wanted, shortKey);
}
