import { ApplyConflictError } from "../../cluster-api/apply-outcome.js";
import { CrdSourceError } from "../../cluster-api/bootstrap/crd-source.js";
import { HelmfileMissingError } from "../../cluster-api/bootstrap/helmfile.js";
import { SecretFileError } from "../../cluster-api/bootstrap/secrets.js";
import { ClusterClient } from "../../cluster-api/client.js";
import { ApiError, ClusterAccessError } from "../../cluster-api/errors.js";
import { findKubeconfig } from "../../cluster-api/kubeconfig.js";
import { loadCluster } from "../../load/load-checked.js";
import type { ClusterModel } from "../../model/model.js";
import { printDiagnostics } from "../terminal.js";
import { resolveTarget, type Target } from "../target.js";
import { UsageError } from "../usage-error.js";

/** What the three cluster commands share: target, checked model, kubeconfig, a probed client. */

export interface ClusterSession {
  readonly target: Target;
  readonly model: ClusterModel;
  /** Directory of cluster.lab (age.key lives there). */
  readonly root: string;
  readonly client: ClusterClient;
  readonly serverVersion: string;
}

export async function openSession(file: string | undefined, flags: { out?: string | undefined; kubeconfig?: string | undefined; context?: string | undefined }): Promise<ClusterSession | number> {
  const target = await resolveTarget(file, flags.out);
  const loaded = loadCluster(target.entry);
  printDiagnostics(loaded.diagnostics, loaded.sources);
  if (!loaded.model) return 1;
  const choice = findKubeconfig({ flag: flags.kubeconfig, repoDir: target.out });
  const client = await ClusterClient.connect(choice, flags.context);
  const serverVersion = await client.probe();
  return { target, model: loaded.model, root: loaded.root, client, serverVersion };
}

/** Maps the cluster layer's errors to labc's exit codes: 2 for access and I/O, 1 for the cluster refusing. */
export async function runClusterCommand(name: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof UsageError) throw error;
    if (error instanceof ClusterAccessError || error instanceof SecretFileError || error instanceof CrdSourceError || error instanceof HelmfileMissingError) {
      process.stderr.write(`labc ${name}: ${error.message}\n`);
      return 2;
    }
    if (error instanceof ApplyConflictError || error instanceof ApiError) {
      process.stderr.write(`labc ${name}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

/** `90s`, `10m`, `1h`, or plain seconds. */
export function parseDuration(text: string, flag: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw new UsageError(`${flag} ${text}: expected a duration such as 90s, 10m or 1h`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? "s") as "ms" | "s" | "m" | "h"];
  return Number(m[1]) * unit;
}

/** Aborts on Ctrl-C or SIGTERM, so children (helmfile) are stopped and watches closed. */
export function interruptSignal(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    },
  };
}
