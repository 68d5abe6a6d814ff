import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { CLUSTER_AGE_KEY, DEPLOY_KEY_SECRET } from "../../../model/well-known.js";
import type { SecretSource } from "../../../model/model.js";
import { describeSource, type SecretProject } from "../../../secrets-store/project.js";
import { secretUses, type SecretUse } from "../../../secrets-store/secret-usage.js";
import { storeNames } from "../../../secrets-store/store-file.js";
import { formatFlag, parseCommandArgs } from "../../args.js";
import { secretList as spec } from "../../usage/command-table.js";
import { openProject, outputDir, reportFailures } from "./common.js";

interface Row {
  readonly name: string;
  readonly source: string;
  /** Where the value stands, never the value: "in the store", "$X is not set", … */
  readonly status: string;
  readonly usedBy: readonly SecretUse[];
}

function status(name: string, source: SecretSource | undefined, stored: ReadonlySet<string>, project: SecretProject): string {
  switch (source?.kind) {
    case "env":
      return process.env[source.variable] ? `$${source.variable} is set` : `$${source.variable} is not set`;
    case "file":
      return existsSync(resolve(project.root, source.path)) ? "file present" : "file missing";
    case "store":
      return stored.has(name) ? "in the store" : "missing from the store";
    case "generate":
      return stored.has(name) ? "in the store" : "made by the next build";
    default:
      return stored.has(name) ? "in the store" : "unknown";
  }
}

/**
 * `labc secret list`: every secret cluster.lab declares, where its value comes from, whether it
 * is available, and which outputs carry it; plus store entries nothing declares. Needs no key:
 * store names are readable without one. Values are never printed.
 */
export async function runSecretList(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(args, spec);
  const format = formatFlag(values, ["text", "json"]);
  const project = await openProject(values.file);
  return reportFailures("list", async () => {
    const stored = new Set(storeNames(project));
    const uses = secretUses(project, await outputDir(values.out, values.file, project.root));
    const rows: Row[] = [];
    for (const [name, d] of project.declared) {
      rows.push({ name, source: describeSource(d.source), status: status(name, d.source, stored, project), usedBy: uses.get(name) ?? [] });
    }
    if (project.repository?.private && !project.declared.has(DEPLOY_KEY_SECRET)) {
      const name = DEPLOY_KEY_SECRET;
      rows.push({ name, source: "deploy key of the private repository (generated)", status: stored.has(name) ? "in the store" : "made by the next build", usedBy: uses.get(name) ?? [] });
    }
    if (!project.declared.has(CLUSTER_AGE_KEY)) {
      rows.push({ name: CLUSTER_AGE_KEY, source: "the cluster's own age key, Flux's (generated)", status: stored.has(CLUSTER_AGE_KEY) ? "in the store" : "made by the next build", usedBy: uses.get(CLUSTER_AGE_KEY) ?? [] });
    }
    for (const name of [...stored].sort()) {
      if (!rows.some((r) => r.name === name)) rows.push({ name, source: "not declared in cluster.lab", status: "in the store, unused", usedBy: [] });
    }
    if (format === "json") {
      process.stdout.write(`${JSON.stringify({ store: project.storePath, secrets: rows }, null, 2)}\n`);
      return 0;
    }
    if (rows.length === 0) {
      process.stdout.write(`${project.entry} declares no secrets and the store is empty\n`);
      return 0;
    }
    const width = (pick: (r: Row) => string) => Math.max(...rows.map((r) => pick(r).length));
    const [wn, ws, wt] = [width((r) => r.name), width((r) => r.source), width((r) => r.status)];
    const lines: string[] = [];
    for (const r of rows) {
      lines.push(`${r.name.padEnd(wn)}  ${r.source.padEnd(ws)}  ${r.status.padEnd(wt)}`.trimEnd());
      for (const use of r.usedBy) for (const out of use.outputs) lines.push(`  → ${out}  (${use.by})`);
      if (r.usedBy.length === 0 && r.source !== "not declared in cluster.lab") lines.push("  → used by no app");
    }
    process.stdout.write(`${lines.join("\n")}\n`);
    return 0;
  });
}
