import { CLUSTERCONFIG_DIR, TALOSCONFIG_FILE } from "../talos/file-names.js";

/**
 * Where the credentials of a running cluster land, relative to the repository root: what
 * `labc talos config` and `labc talos commands kubeconfig` write, and what `.gitignore` keeps out.
 */
export const KUBECONFIG_PATH = "kubeconfig";
export const TALOSCONFIG_PATH = `${CLUSTERCONFIG_DIR}/${TALOSCONFIG_FILE}`;
