import { ensureDir } from "../../files/ensure-dir.js";
import { existsSync, readFileSync, writeFileSync, appendFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { parseCommandArgs } from "../args.js";
import { init as spec } from "../usage/command-table.js";
import { UsageError } from "../usage-error.js";
import { generateIdentity, identityToRecipient } from "../../secrets/age/index.js";
import { clusterTemplate } from "./init-template.js";
import { renderSopsConfig } from "../../emit/repo/sops-config.js";
import { renderGitignore } from "../../emit/repo/dotfiles.js";

const KEY_FILE = "age.key";

/**
 * `labc init [dir]`: a commented cluster.lab, an age key pair (private key 0600, gitignored)
 * and .sops.yaml. Never overwrites: an existing key is reused, an existing cluster.lab refused.
 */
export async function runInit(args: string[]): Promise<number> {
  const { positionals } = parseCommandArgs(args, spec);
  const dir = resolve(positionals[0] ?? ".");
  const shown = relative(process.cwd(), dir) || ".";
  const lab = join(dir, "cluster.lab");
  if (existsSync(lab)) throw new UsageError(`${join(shown, "cluster.lab")} already exists; labc init never overwrites it`);
  ensureDir(dir);

  const keyPath = join(dir, KEY_FILE);
  let identity: string;
  if (existsSync(keyPath)) {
    const found = readFileSync(keyPath, "utf8").split("\n").find((l) => l.startsWith("AGE-SECRET-KEY-"));
    if (!found) throw new UsageError(`${join(shown, KEY_FILE)} exists but holds no age private key`);
    identity = found.trim();
  } else {
    identity = await generateIdentity();
    const recipient = await identityToRecipient(identity);
    writeFileSync(keyPath, `# created by labc init; keep this file secret and backed up: it opens every secret of the cluster\n# public key: ${recipient}\n${identity}\n`, { mode: 0o600 });
  }
  const recipient = await identityToRecipient(identity);

  // The same .gitignore and .sops.yaml a build in place writes, so the first build keeps every
  // rule (and age.key is ignored before the first commit). An existing .gitignore keeps its
  // lines; the ones labc needs are added.
  const gitignore = join(dir, ".gitignore");
  const ignored = existsSync(gitignore) ? readFileSync(gitignore, "utf8").split("\n") : [];
  const wanted = renderGitignore().split("\n").filter((l) => l !== "" && !l.startsWith("#") && !ignored.includes(l));
  if (ignored.length === 0) writeFileSync(gitignore, renderGitignore());
  else if (wanted.length) appendFileSync(gitignore, `${ignored[ignored.length - 1] !== "" ? "\n" : ""}# keys, credentials and labc's own state (labc init)\n${wanted.join("\n")}\n`);

  const sopsConfig = join(dir, ".sops.yaml");
  if (!existsSync(sopsConfig)) {
    writeFileSync(sopsConfig, renderSopsConfig({ keyGroups: [[recipient]], shamirThreshold: 1 }));
  }
  writeFileSync(lab, clusterTemplate(recipient));

  process.stdout.write(
    [
      `created ${join(shown, "cluster.lab")}, ${join(shown, KEY_FILE)} (private, 0600, gitignored) and ${join(shown, ".sops.yaml")}`,
      `your age public key: ${recipient}`,
      "next: edit cluster.lab (addresses, disks, MACs) and run 'labc check'; store the two Cloudflare secrets (labc secret set cloudflare-token < token.txt, labc secret set tunnel-credentials < cloudflare-tunnel.json); then 'labc build --new-cluster' writes the repository here, beside cluster.lab (once with --new-cluster: it makes the Talos secrets bundle talsecret.sops.yaml; commit it, later builds use it)",
      `back up ${join(shown, KEY_FILE)} somewhere safe: without it the cluster's secrets cannot be decrypted`,
    ].join("\n") + "\n",
  );
  return 0;
}
