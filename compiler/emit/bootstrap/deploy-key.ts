import type { ClusterModel } from "../../model/model.js";
import type { OutputFile, SecretValues } from "../../model/output.js";
import { DEPLOY_KEY_SECRET } from "../../model/well-known.js";
import { sshPublicKey } from "../../secrets/ssh/ssh-key.js";

/**
 * GitHub's published SSH host keys (https://api.github.com/meta, `ssh_keys`), as cluster-template
 * hardcodes them. Fingerprints: SHA256:+DiY3wvvV6TuJJhbpZisF/zLDA0zPMSvHdkr4UvCOqU (ED25519),
 * SHA256:p2QAMXNIC1TJYWeIOttrVc98/R1BUFWu3/LiyKgUfQM (ECDSA), SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s (RSA).
 * Pinning them means source-controller never trusts a host key it has not been told about.
 */
export const GITHUB_KNOWN_HOSTS = [
  "github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl",
  "github.com ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBEmKSENjQEezOmxkZMy7opKgwFB9nkt5YRrYMjNuG5N87uRgg6CLrbo5wAdT/y6v0mKV0U2w0WZ2YB/++Tpockg=",
  "github.com ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQCj7ndNxQowgcQnjshcLrqPEiiphnt+VTTvDP6mHBL9j1aNUkY4Ue1gvwnGLVlOhGeYrnZaMgRK6+PKCUXaDbC7qtbW8gIkhL7aGCsOr/C56SJMy/BCZfxd1nWzAOxSDPgVsmerOBYfNqltV9/hWCqBywINIR+5dIg6JTJ72pcEpEjcYgXkE2YEFXV1JHnsKgbLWNlhScqb2UmyRkQyytRLtL+38TGxkxCflmO+5Z8CSSNY7GidjMIZ7Q4zMjA2n1nGrlTDkzwDCsw+wqFPGQA179cnfGWOWRVruj16z6XyvxvjJwbz0wQZ75XK5tKSb7FNyeIEs4TT4jk+S4dhPeAUC5y+bDYirYgM4GC7uEnztnZyaVWQ7B381AK4Qdrwt51ZqExKbQpTUNn+EjqoTwvqNj4kqx5QUCI0ThS/YkOxJCXmPUWZbhjpCg56i+2aB6CmK2JGhn57K5mj0MNdBXA4/WnwH6XoPWJzK5Nyu2zB3nAZp+S5hpQs+p1vN1/wsjk=",
];

export const DEPLOY_KEY_FILE = "bootstrap/github-deploy-key.sops.yaml";

/**
 * `bootstrap/github-deploy-key.sops.yaml` for a private repository: the Secret the FluxInstance's
 * `pullSecret` names, in the shape source-controller wants for Git over SSH (`identity`,
 * `identity.pub`, `known_hosts`). Applied by hand during bootstrap, like cluster-template's,
 * because Flux cannot fetch the repository that would carry it.
 */
export function emitDeployKey(cluster: ClusterModel, secrets: SecretValues): OutputFile[] {
  if (cluster.repository.visibility !== "private") return [];
  const identity = secrets.get(DEPLOY_KEY_SECRET);
  const pub = sshPublicKey(identity, DEPLOY_KEY_SECRET);
  const stringData: Record<string, string> = {
    identity: identity.endsWith("\n") ? identity : `${identity}\n`,
    ...(pub ? { "identity.pub": `${pub}\n` } : {}),
    known_hosts: `${GITHUB_KNOWN_HOSTS.join("\n")}\n`,
  };
  return [
    {
      kind: "secret",
      path: DEPLOY_KEY_FILE,
      // The namespace is explicit: the Secret belongs next to the FluxInstance, whatever `-n` says.
      tree: { apiVersion: "v1", kind: "Secret", metadata: { name: DEPLOY_KEY_SECRET, namespace: "flux-system" }, stringData },
      encryption: "kubernetes",
    },
  ];
}
