import { randomBytes } from "node:crypto";
import { emitAll } from "../build/emit-all.js";
import type { ClusterModel } from "../model/model.js";
import type { SecretValues } from "../model/output.js";
import { DEPLOY_KEY_SECRET } from "../model/well-known.js";
import { generateOpenSshEd25519 } from "../secrets/ssh/ssh-key.js";
import { credentialsFromTunnelToken, parseTunnelCredentials, tunnelToken } from "../../stdlib/apps/cloudflare-tunnel.js";

/**
 * Where a build puts each secret's value, found by building the imported model in memory with a
 * unique stand-in per secret and looking for each stand-in in the output Secrets. Reading the same
 * Secret and key from the repository then gives the value, for any app, with no table of apps.
 */
export interface SecretLeaf {
  /** The output file, relative to the repository root. */
  readonly path: string;
  /** Which document of the file: the Secret's kind and name. */
  readonly kind: string | undefined;
  readonly name: string | undefined;
  /** The keys down to the string, e.g. ["stringData", "TUNNEL_TOKEN"]. */
  readonly keys: readonly string[];
  /** The string as a pattern: the text around the values literal, one group per value. */
  readonly pattern: RegExp;
  /** The secret each group of `pattern` holds, in order. */
  readonly slots: readonly string[];
}

export interface SecretLocations {
  readonly leaves: readonly SecretLeaf[];
  /** Turns the text a group matched in the repository back into the secret's value. */
  readonly recover: ReadonlyMap<string, (found: string) => string | undefined>;
  /** Every secret the build read, found in an output or not, with the stand-in it was given. */
  readonly standIns: ReadonlyMap<string, string>;
}

interface Probe {
  /** What the build reads as the secret's value. */
  readonly standIn: string;
  /** What of it appears in the output. */
  readonly carried: string;
  readonly recover: (found: string) => string | undefined;
}

export async function locateSecrets(model: ClusterModel, clusterRecipient: string | undefined): Promise<SecretLocations> {
  const nonce = randomBytes(8).toString("hex");
  let count = 0;
  const marker = () => `labc-import-${nonce}-${count++}-end`;
  // Two values need a shape the emitters parse: the tunnel's credentials (they write the token
  // derived from them, which is what the repository holds) and the deploy key (its public half
  // is derived). Every other secret is a marker carried as is.
  const tunnelSecrets = new Set(model.apps.flatMap((a) => (a.definition.id === "cloudflare-tunnel" ? [(a.params["credentials"] as { secret?: unknown } | undefined)?.secret] : [])).filter((s): s is string => typeof s === "string"));
  const probes = new Map<string, Probe>();
  const probeFor = (name: string): Probe => {
    if (tunnelSecrets.has(name)) {
      const standIn = JSON.stringify({ AccountTag: marker(), TunnelSecret: marker(), TunnelID: marker() });
      return { standIn, carried: tunnelToken(parseTunnelCredentials(name, standIn)), recover: credentialsFromTunnelToken };
    }
    if (name === DEPLOY_KEY_SECRET) {
      const key = generateOpenSshEd25519(DEPLOY_KEY_SECRET);
      return { standIn: key, carried: key, recover: (found) => found };
    }
    const m = marker();
    return { standIn: m, carried: m, recover: (found) => found };
  };
  const secrets: SecretValues = {
    get(name: string): string {
      let probe = probes.get(name);
      if (!probe) probes.set(name, (probe = probeFor(name)));
      return probe.standIn;
    },
  };
  const outputs = await emitAll(model, secrets, clusterRecipient);
  const leaves: SecretLeaf[] = [];
  for (const output of outputs) {
    if (output.kind !== "secret") continue;
    const doc = output.tree as Record<string, unknown>;
    const meta = doc["metadata"] as Record<string, unknown> | undefined;
    for (const [keys, text] of stringLeaves(doc, [])) {
      const parts = splitAtValues(text, probes);
      if (parts.slots.length === 0) continue;
      leaves.push({
        path: output.path,
        kind: typeof doc["kind"] === "string" ? doc["kind"] : undefined,
        name: typeof meta?.["name"] === "string" ? meta["name"] : undefined,
        keys,
        pattern: parts.pattern,
        slots: parts.slots,
      });
    }
  }
  return { leaves, recover: new Map([...probes].map(([name, p]) => [name, p.recover])), standIns: new Map([...probes].map(([name, p]) => [name, p.standIn])) };
}

function stringLeaves(node: unknown, keys: string[]): [string[], string][] {
  if (typeof node === "string") return [[keys, node]];
  if (node === null || typeof node !== "object" || Array.isArray(node)) return [];
  return Object.entries(node as Record<string, unknown>).flatMap(([k, v]) => stringLeaves(v, [...keys, k]));
}

/** `text` with each carried value cut out: the literal rest becomes a pattern, each value a group. */
function splitAtValues(text: string, probes: ReadonlyMap<string, Probe>): { pattern: RegExp; slots: string[] } {
  const slots: string[] = [];
  let source = "^";
  let at = 0;
  for (;;) {
    let next: { index: number; name: string; length: number } | undefined;
    for (const [name, probe] of probes) {
      const index = text.indexOf(probe.carried, at);
      if (index >= 0 && (next === undefined || index < next.index)) next = { index, name, length: probe.carried.length };
    }
    if (!next) break;
    source += escapeRegExp(text.slice(at, next.index)) + "([\\s\\S]*?)";
    slots.push(next.name);
    at = next.index + next.length;
  }
  source += `${escapeRegExp(text.slice(at))}$`;
  return { pattern: new RegExp(source), slots };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
