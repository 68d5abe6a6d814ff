import type { ClusterModel } from "../../model/model.js";
import type { OutputFile } from "../../model/output.js";
import { renderEditorconfig, renderGitattributes, renderGitignore } from "./dotfiles.js";
import type { ReadmeInfo } from "./readme-view.js";
import { renderReadme } from "./readme.js";
import { renderSopsConfig } from "./sops-config.js";

/**
 * The repository scaffolding around the generated manifests: SOPS rules, Git and editor
 * settings, and a README that explains this particular cluster. Async only because the README
 * loads handlebars lazily.
 */
export async function emitRepo(cluster: ClusterModel, info: ReadmeInfo): Promise<OutputFile[]> {
  return [
    text(".sops.yaml", renderSopsConfig(cluster, info.clusterRecipient)),
    text(".gitignore", renderGitignore()),
    text(".gitattributes", renderGitattributes()),
    text(".editorconfig", renderEditorconfig()),
    text("README.md", await renderReadme(cluster, info)),
  ];
}

function text(path: string, content: string): OutputFile {
  return { kind: "text", path, content };
}
