import { emitAll } from "../build/emit-all.js";
import type { ClusterModel } from "../model/model.js";
import type { SecretValues } from "../model/output.js";
import { generateOpenSshEd25519 } from "../secrets/ssh/ssh-key.js";
import { DEPLOY_KEY_SECRET } from "../model/well-known.js";
import type { RepoFiles } from "./repo-files.js";
import { clusterRecipientOf } from "../secrets-store/cluster-key.js";
import { kubernetesRule } from "../model/sops-rules.js";

/**
 * Builds the imported cluster in memory and compares every manifest with the repository's.
 * Secret values are unknown here, so stand-ins are used and encrypted files are not compared
 * (their plaintext cannot be read without the key); the tunnel ID, which is public and appears
 * in the DNSEndpoint, is carried over so that file compares too.
 */
export interface Verification {
  readonly identical: readonly string[];
  readonly differing: readonly string[];
  /** In the repository, not generated from cluster.lab. */
  readonly notGenerated: readonly string[];
  /** Generated from cluster.lab, not in the repository. */
  readonly onlyGenerated: readonly string[];
}

const COMPARED = /^(bootstrap|kubernetes|talos)\/|^\.sops\.yaml$/;

export async function verifyImport(model: ClusterModel, repo: RepoFiles, tunnelId: string | undefined): Promise<Verification> {
  const secrets: SecretValues = {
    get(name: string): string {
      if (name === DEPLOY_KEY_SECRET) return generateOpenSshEd25519(DEPLOY_KEY_SECRET);
      const tunnel = model.apps.find((a) => a.definition.id === "cloudflare-tunnel" && (a.params["credentials"] as { secret?: string } | undefined)?.secret === name);
      if (tunnel) return JSON.stringify({ AccountTag: "import", TunnelSecret: "aW1wb3J0", TunnelID: tunnelId ?? "00000000-0000-0000-0000-000000000000" });
      return `labc-import-placeholder-${name}`;
    },
  };
  // A labc-built repository names Flux's own key in its .sops.yaml: the build would keep it.
  const outputs = await emitAll(model, secrets, clusterRecipientOf(repo.root, model.recipients, kubernetesRule));
  const generated = new Map(outputs.filter((o) => COMPARED.test(o.path)).map((o) => [o.path, o]));
  const present = ["bootstrap", "kubernetes", "talos"].flatMap((d) => repo.files(d)).concat(repo.exists(".sops.yaml") ? [".sops.yaml"] : []);
  const identical: string[] = [];
  const differing: string[] = [];
  const notGenerated: string[] = [];
  for (const path of present.sort()) {
    // Machine configs and talosconfig are written later by `labc talos config`, never by a build.
    if (path.startsWith("talos/clusterconfig/")) continue;
    const out = generated.get(path);
    if (!out) {
      if (path !== "talos/talsecret.sops.yaml") notGenerated.push(path);
      continue;
    }
    if (out.kind === "secret") continue;
    (out.content === repo.text(path) ? identical : differing).push(path);
  }
  const onlyGenerated = [...generated.keys()].filter((p) => !present.includes(p)).sort();
  return { identical, differing, notGenerated, onlyGenerated };
}
