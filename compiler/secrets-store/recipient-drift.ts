import { existsSync, readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { inspectSops } from "../secrets/sops/index.js";

export interface DriftedFile {
  /** As shown to the user. */
  readonly display: string;
  /** Who can open it today (age recipients and other master keys as `type:id`). */
  readonly recipients: readonly string[];
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const x = new Set(a);
  const y = new Set(b);
  return x.size === y.size && [...x].every((v) => y.has(v));
}

/**
 * SOPS files whose key slots differ from the configured recipients, read from metadata alone
 * (no private key needed). Files that are missing or not SOPS are skipped: other checks own them.
 */
export function findRecipientDrift(files: readonly { path: string; display: string }[], recipients: readonly string[]): DriftedFile[] {
  const drifted: DriftedFile[] = [];
  for (const file of files) {
    if (!existsSync(file.path)) continue;
    let found: string[];
    try {
      found = inspectSops(readFileSync(file.path, "utf8"), "yaml").recipients;
    } catch {
      continue;
    }
    if (!sameSet(found, recipients)) drifted.push({ display: file.display, recipients: found });
  }
  return drifted;
}

function ageList(value: unknown): string[] {
  if (typeof value === "string") return value.split(",").map((s) => s.trim()).filter((s) => s !== "");
  if (Array.isArray(value)) return value.flatMap(ageList);
  return [];
}

/**
 * A `.sops.yaml` whose creation rules name other age recipients than the cluster: plain `sops`
 * would then create (and `sops updatekeys` re-key) files for the wrong people.
 */
export function sopsConfigDrift(path: string, display: string, recipients: readonly string[]): DriftedFile | undefined {
  if (!existsSync(path)) return undefined;
  let config: unknown;
  try {
    config = parseYaml(readFileSync(path, "utf8"));
  } catch {
    return undefined;
  }
  const rules = (config as { creation_rules?: unknown } | null)?.creation_rules;
  if (!Array.isArray(rules)) return undefined;
  for (const rule of rules as Record<string, unknown>[]) {
    const groups = Array.isArray(rule?.key_groups) ? (rule.key_groups as Record<string, unknown>[]) : [rule ?? {}];
    const age = groups.flatMap((g) => ageList(g?.age));
    if (age.length > 0 && !sameSet(age, recipients)) return { display, recipients: age };
  }
  return undefined;
}
