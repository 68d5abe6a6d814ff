import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseAllDocuments } from "yaml";
import type { KubeObject } from "../objects.js";

/**
 * Where the CRDs the first releases need come from. By default the pinned list cluster-template
 * era A applies before helmfile (ServiceMonitors, Gateways and DNSEndpoints appear in the first
 * releases' manifests before the charts that own those CRDs are installed). `--crds` replaces it
 * with files, directories or URLs: an air-gapped mirror, or small manifests in tests.
 */

export const PINNED_CRD_SOURCES: readonly string[] = [
  // renovate: datasource=github-releases depName=kubernetes-sigs/external-dns
  "https://raw.githubusercontent.com/kubernetes-sigs/external-dns/refs/tags/v0.18.0/config/crd/standard/dnsendpoints.externaldns.k8s.io.yaml",
  // renovate: datasource=github-releases depName=kubernetes-sigs/gateway-api
  "https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.3.0/experimental-install.yaml",
  // renovate: datasource=github-releases depName=prometheus-operator/prometheus-operator
  "https://github.com/prometheus-operator/prometheus-operator/releases/download/v0.85.0/stripped-down-crds.yaml",
];

export class CrdSourceError extends Error {}

export interface LoadedCrds {
  readonly crds: KubeObject[];
  /** Documents in the sources that are not CRDs (e.g. a ValidatingAdmissionPolicy): skipped. */
  readonly skipped: number;
}

export async function loadCrds(sources: readonly string[], cwd = process.cwd()): Promise<LoadedCrds> {
  const crds = new Map<string, KubeObject>();
  let skipped = 0;
  for (const source of sources) {
    for (const { origin, text } of await readSource(source, cwd)) {
      for (const doc of parseAllDocuments(text)) {
        if (doc.errors.length > 0) throw new CrdSourceError(`${origin}: not valid YAML: ${doc.errors[0]!.message}`);
        const o = doc.toJS() as KubeObject | null;
        if (!o) continue;
        if (o.kind !== "CustomResourceDefinition" || o.apiVersion !== "apiextensions.k8s.io/v1") {
          skipped++;
          continue;
        }
        crds.set(String(o.metadata?.["name"]), o);
      }
    }
  }
  return { crds: [...crds.values()], skipped };
}

async function readSource(source: string, cwd: string): Promise<{ origin: string; text: string }[]> {
  if (/^https?:\/\//.test(source)) {
    let response: Response;
    try {
      response = await fetch(source, { signal: AbortSignal.timeout(60_000) });
    } catch (error) {
      throw new CrdSourceError(`cannot download ${source}: ${(error as Error).message}; without network access, pass local copies with --crds`);
    }
    if (!response.ok) throw new CrdSourceError(`cannot download ${source}: HTTP ${response.status}`);
    return [{ origin: source, text: await response.text() }];
  }
  const path = resolve(cwd, source);
  if (!existsSync(path)) throw new CrdSourceError(`--crds ${source}: no such file or directory`);
  if (statSync(path).isDirectory()) {
    return readdirSync(path)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort()
      .map((f) => ({ origin: join(path, f), text: readFileSync(join(path, f), "utf8") }));
  }
  return [{ origin: path, text: readFileSync(path, "utf8") }];
}
