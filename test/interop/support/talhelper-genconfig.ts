import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { TalosTree } from "./talos-trees.js";
import { runTool, type ToolRun } from "./tools.js";

export interface Genconfig {
  readonly run: ToolRun;
  /** The machine configs talhelper wrote, by file name (empty when it failed). */
  readonly configs: ReadonlyMap<string, string>;
}

const made = new Map<TalosTree, Genconfig>();

/**
 * `talhelper genconfig` on the generated talos/ folder, as a user runs it: from that folder (the
 * talconfig's `@./patches/…` are relative to it), secrets from the SOPS-encrypted bundle labc
 * wrote (talhelper decrypts it itself with SOPS_AGE_KEY_FILE), offline (no image factory call).
 */
export function talhelperGenconfig(tree: TalosTree): Genconfig {
  const cached = made.get(tree);
  if (cached) return cached;
  const out = join(tree.root, "talhelper-out");
  const run = runTool("talhelper", ["genconfig", "-c", "talconfig.yaml", "-s", "talsecret.sops.yaml", "-o", out, "--offline-mode"], {
    cwd: tree.talosDir,
    env: { HOME: tree.home, SOPS_AGE_KEY_FILE: tree.ageKeyFile },
  });
  const configs =
    run.status !== 0
      ? new Map<string, string>()
      : new Map(
          readdirSync(out)
            .filter((f) => f.endsWith(".yaml"))
            .sort()
            .map((f) => [f, readFileSync(join(out, f), "utf8")] as const),
        );
  const result = { run, configs };
  made.set(tree, result);
  return result;
}

/** `talhelper validate talconfig`, from the talos/ folder so talenv.yaml is found. */
export function talhelperValidate(tree: TalosTree): ToolRun {
  return runTool("talhelper", ["validate", "talconfig", "talconfig.yaml"], { cwd: tree.talosDir, env: { HOME: tree.home } });
}
