import type { ClusterModel } from "../../model/model.js";
import type { OutputFile } from "../../model/output.js";
import { renderMiseConfig } from "./mise-config.js";
import { renderRenovateConfig } from "./renovate-config.js";
import { renderTaskfile } from "./taskfile.js";
import { renderWorkflow } from "./workflow.js";

/**
 * The day-2 tooling around the manifests: a Taskfile whose tasks call labc and the standard
 * CLIs, the pinned CLIs (mise), Renovate's configuration and a CI workflow.
 */
export function emitTooling(cluster: ClusterModel, info: { readonly labcVersion: string }): OutputFile[] {
  return [
    text("Taskfile.yaml", renderTaskfile()),
    text(".mise.toml", renderMiseConfig(cluster, info.labcVersion)),
    text(".renovaterc.json5", renderRenovateConfig()),
    text(".github/workflows/labc.yaml", renderWorkflow(cluster)),
  ];
}

function text(path: string, content: string): OutputFile {
  return { kind: "text", path, content };
}
