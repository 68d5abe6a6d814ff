import type { ChartSource } from "./model.js";

/**
 * Names and versions both the stdlib definitions and the compiler's phases rely on. They live
 * here, below both, so the compiler does not import an app definition to learn a constant.
 */

/** The lock file beside cluster.lab: the versions labc picked where cluster.lab sets none, which Renovate bumps. */
export const VERSIONS_LOCK_FILE = "versions.lock.yaml";

/** The Talos secrets bundle beside cluster.lab (talhelper's name), and its copy under talos/ in the output. */
export const TALOS_SECRETS_FILE = "talsecret.sops.yaml";

/** The secret store's entry holding the cluster's own age identity (Flux's `sops-age` key). */
export const CLUSTER_AGE_KEY = "cluster-age-key";

/** Deploy-key Secret for private repositories (written to bootstrap/ and applied before Flux). */
export const DEPLOY_KEY_SECRET = "github-deploy-key";

/** bjw-s app-template, the chart every plain app and cloudflare-tunnel run on. */
export const APP_TEMPLATE_URL = "oci://ghcr.io/bjw-s-labs/helm/app-template";
export const APP_TEMPLATE_CHART: ChartSource = { kind: "app-template", version: "4.2.0" };
