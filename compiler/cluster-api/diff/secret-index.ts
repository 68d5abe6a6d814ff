import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { decryptSops } from "../../secrets/index.js";
import { SecretFileError, toDataSecret } from "../bootstrap/secrets.js";
import { nameOf, type KubeObject } from "../objects.js";

/**
 * The generated tree's SOPS Secrets, decrypted in memory on first use, by Secret name. Built
 * objects still carry the ciphertext; kustomize-controller decrypts them after building, and
 * `labc diff` swaps in these plaintext copies the same way. Nothing here is written or printed.
 */
export class SecretIndex {
  private readonly files: string[] = [];
  private readonly cache = new Map<string, Promise<KubeObject>>();

  constructor(
    private readonly root: string,
    private readonly identities: readonly string[],
    private readonly searched: readonly string[],
  ) {
    const walk = (dir: string) => {
      for (const name of readdirSync(dir).sort()) {
        const full = join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (name.endsWith(".sops.yaml")) this.files.push(full);
      }
    };
    walk(join(root, "kubernetes"));
  }

  private decrypt(file: string): Promise<KubeObject> {
    let p = this.cache.get(file);
    if (!p) {
      p = decryptSops(readFileSync(file, "utf8"), { format: "yaml", identities: this.identities, searched: this.searched }).then(
        (d) => toDataSecret(d.tree as KubeObject),
        (error: Error) => {
          throw new SecretFileError(`cannot decrypt ${file}: ${error.message}`);
        },
      );
      this.cache.set(file, p);
    }
    return p;
  }

  /** The plaintext of Secret `name`, preferring the copy under `near` (the Kustomization's folder). */
  async find(name: string, near: string): Promise<KubeObject | undefined> {
    const candidates: { file: string; secret: KubeObject }[] = [];
    for (const file of this.files) {
      // Cheap pre-filter on the (unencrypted) metadata.name before decrypting.
      if (!readFileSync(file, "utf8").includes(name)) continue;
      const secret = await this.decrypt(file);
      if (nameOf(secret) === name) candidates.push({ file, secret });
    }
    const under = candidates.find((c) => !relative(join(this.root, near), c.file).startsWith(".."));
    return (under ?? candidates[0])?.secret;
  }
}
