import { resolve } from "node:path";
import type { Reporter } from "../../lang/diagnostics/reporter.js";
import type { Span } from "../../lang/diagnostics/span.js";
import type { ClusterModel, SecretModel } from "../model/model.js";
import type { SecretValues } from "../model/output.js";
import type { SecretStore } from "../secrets-store/store.js";
import { CLUSTER_AGE_KEY, DEPLOY_KEY_SECRET } from "../model/well-known.js";
import { generateOpenSshEd25519, looksLikePrivateKey } from "../secrets/ssh/ssh-key.js";
import { generateValue } from "../secrets-store/generate-value.js";
import { SOPS_AGE_SECRET } from "../emit/flux/common-component.js";
import { describeReadError, MAX_FILE_BYTES, readInput } from "../files/read-input.js";
import { allowOutsideFromEnv } from "../files/confine.js";

export interface ResolvedSecrets extends SecretValues {
  readonly values: ReadonlyMap<string, string>;
  /** True when generate(…) created a value that must be saved to the store. */
  readonly generated: boolean;
  /** Names of the values created by this build (never their values). */
  readonly generatedNames: readonly string[];
}

/** The values a build would make now: generate(…) secrets and the private repository's deploy key that the store lacks. */
export function valuesToGenerate(model: ClusterModel, store: SecretStore): { readonly name: string; readonly span: Span }[] {
  const names = model.secrets.filter((s) => s.source.kind === "generate" && !store.values.has(s.name)).map((s) => ({ name: s.name, span: s.span }));
  const ownDeployKey = model.repository.visibility === "private" && !model.secrets.some((s) => s.name === DEPLOY_KEY_SECRET);
  if (ownDeployKey && !store.values.has(DEPLOY_KEY_SECRET)) names.push({ name: DEPLOY_KEY_SECRET, span: model.span });
  return names;
}

/**
 * Reads every declared secret's plaintext, in memory only. A value that cannot be read is a
 * diagnostic at the declaration naming the source, never the value.
 */
export function resolveSecrets(model: ClusterModel, root: string, store: SecretStore, clusterKey: { readonly identity: string; readonly generated: boolean }, env: NodeJS.ProcessEnv, r: Reporter): ResolvedSecrets {
  const values = new Map<string, string>();
  const generatedNames: string[] = [];
  for (const secret of model.secrets) {
    const value = readOne(secret, root, store, env, r);
    if (value !== undefined) values.set(secret.name, value);
    else if (secret.source.kind === "generate") {
      const made = generateValue(secret.name, secret.source.generator, secret.source.length);
      store.values.set(secret.name, made);
      values.set(secret.name, made);
      generatedNames.push(secret.name);
    }
  }
  if (model.repository.visibility === "private") {
    const declared = model.secrets.find((s) => s.name === DEPLOY_KEY_SECRET);
    if (!declared) {
      // A private repository needs a deploy key; unless the user declares their own under this
      // name, it is made once and kept in the store like generate(ssh-ed25519).
      let key = store.values.get(DEPLOY_KEY_SECRET);
      if (key === undefined) {
        key = generateOpenSshEd25519(DEPLOY_KEY_SECRET);
        store.values.set(DEPLOY_KEY_SECRET, key);
        generatedNames.push(DEPLOY_KEY_SECRET);
      }
      values.set(DEPLOY_KEY_SECRET, key);
    }
    const key = values.get(DEPLOY_KEY_SECRET);
    if (key !== undefined && !looksLikePrivateKey(key)) {
      r.report("secretUnavailable", declared?.span ?? model.span, `secret '${DEPLOY_KEY_SECRET}' is the deploy key of the private repository, but it holds no SSH private key (expected "-----BEGIN OPENSSH PRIVATE KEY-----", e.g. from ssh-keygen -t ed25519)`);
    }
  }
  checkSecretFormats(model, values, r);
  values.set(SOPS_AGE_SECRET, clusterKey.identity);
  if (clusterKey.generated) generatedNames.push(CLUSTER_AGE_KEY);
  return {
    values,
    generated: generatedNames.length > 0,
    generatedNames,
    get(name: string): string {
      const v = values.get(name);
      if (v === undefined) throw new Error(`secret '${name}' has no value (it is not declared, or could not be read)`);
      return v;
    },
  };
}

/** Secrets an app needs in a format (tunnel credentials JSON): a wrong one is LAB4001 at the secret. */
function checkSecretFormats(model: ClusterModel, values: ReadonlyMap<string, string>, r: Reporter): void {
  for (const app of model.apps) {
    for (const [param, spec] of Object.entries(app.definition.params ?? {})) {
      const ref = app.params[param];
      if (!spec.secretFormat || ref === null || typeof ref !== "object" || Array.isArray(ref)) continue;
      const name = (ref as { secret?: unknown }).secret;
      const value = typeof name === "string" ? values.get(name) : undefined;
      if (value === undefined) continue;
      const problem = spec.secretFormat(value);
      if (!problem) continue;
      const secret = model.secrets.find((s) => s.name === name);
      r.report("secretUnavailable", secret?.span ?? app.span, `secret '${String(name)}' (the ${param} of app '${app.name}') is ${problem.startsWith("not ") ? problem : `not usable: ${problem}`}`);
    }
  }
}

function readOne(secret: SecretModel, root: string, store: SecretStore, env: NodeJS.ProcessEnv, r: Reporter): string | undefined {
  const source = secret.source;
  switch (source.kind) {
    case "env": {
      const v = env[source.variable];
      if (v === undefined || v === "") {
        r.report("secretUnavailable", secret.span, `secret '${secret.name}' reads $${source.variable}, which is not set; export it, or keep the value in the encrypted store with 'labc secret set ${secret.name}' and store()`);
        return undefined;
      }
      return v;
    }
    case "file": {
      const path = resolve(root, source.path);
      try {
        // The checker refused paths outside the project; `root` here also catches a symbolic link swapped in since.
        return readInput(path, { maxBytes: MAX_FILE_BYTES, ...(allowOutsideFromEnv(env) ? {} : { root }) }).replace(/\r?\n$/, "");
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        r.report("secretUnavailable", secret.span, `secret '${secret.name}' reads ${source.path}, which ${code === "ENOENT" ? "does not exist" : `cannot be read: ${describeReadError(error)}`}`);
        return undefined;
      }
    }
    case "store": {
      const v = store.values.get(secret.name);
      if (v === undefined) {
        r.report("secretUnavailable", secret.span, `secret '${secret.name}' is not in the store secrets.sops.yaml; add it with 'labc secret set ${secret.name}'`);
      }
      return v;
    }
    case "generate":
      return store.values.get(secret.name);
  }
}
