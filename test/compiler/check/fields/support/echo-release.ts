import assert from "node:assert/strict";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { emitFlux } from "../../../../../compiler/emit/flux/emit-flux.js";
import { FAKE_TUNNEL } from "../../../../support/homelab-apps.js";
import { modelOf } from "../../../../support/example-model.js";
import { repoPath } from "../../../../support/paths.js";
import { removeDir, tempDir } from "../../../../support/tree.js";

/** The homelab example's echo HelmRelease as emitted, with `extra` added to the container's `env { … }` values. */
export function echoRelease(extra: string): string {
  const dir = tempDir("values-keys");
  try {
    const lab = readFileSync(repoPath("examples", "homelab", "cluster.lab"), "utf8");
    const marker = 'LOG_IGNORE_PATH     = "/healthz"';
    assert.ok(lab.includes(marker));
    // `extra` may be any data (keys to escape, not env vars app-template takes): its chart check is off there.
    const chart = "app echo in default {\n  chart = std.app-template\n";
    assert.ok(lab.includes(chart));
    const unchecked = `${chart}  values-unchecked = ["controllers.echo.containers.app.env"]\n`;
    writeFileSync(join(dir, "cluster.lab"), lab.replace(marker, `${marker}\n${extra}`).replace(chart, unchecked));
    copyFileSync(repoPath("examples", "homelab", "secrets.sops.yaml"), join(dir, "secrets.sops.yaml"));
    const secrets = { get: (name: string) => (name === "tunnel-credentials" ? JSON.stringify(FAKE_TUNNEL) : `FAKE-${name}-0123456789`) };
    const release = emitFlux(modelOf(join(dir, "cluster.lab")), secrets).find((o) => o.path === "kubernetes/apps/default/echo/app/helmrelease.yaml");
    assert.ok(release && release.kind === "text");
    return release.content;
  } finally {
    removeDir(dir);
  }
}

type EchoRelease = { spec: { values: { controllers: { echo: { containers: { app: { env: Record<string, unknown> } } } } } } };

/** The `env` values of a parsed echo HelmRelease. */
export function envOf(release: unknown): Record<string, unknown> {
  return (release as EchoRelease).spec.values.controllers.echo.containers.app.env;
}
