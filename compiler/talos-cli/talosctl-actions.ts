/** The actions `labc talos commands` prints lines for; a file of its own so help and completion need nothing heavier. */
export const TALOSCTL_ACTIONS = ["apply", "bootstrap", "kubeconfig", "upgrade", "upgrade-k8s", "reset"] as const;
export type TalosctlAction = (typeof TALOSCTL_ACTIONS)[number];
