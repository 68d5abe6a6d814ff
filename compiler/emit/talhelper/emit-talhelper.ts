import type { ClusterModel } from "../../model/model.js";
import type { OutputFile } from "../../model/output.js";
import { patchFiles } from "../../talos/cluster/index.js";
import { renderPatchesReadme } from "./patches-readme.js";
import { renderTalconfig } from "./talconfig.js";
import { renderTalenv } from "./talenv.js";
import { nodePatchFiles } from "../../talos/cluster/index.js";
import { schematicFiles } from "./schematic-files.js";

/**
 * The talhelper input files under talos/: talconfig.yaml, talenv.yaml, the patch tree, and the
 * image factory schematics labc computed from extension lists (talos/schematics/<id>.yaml).
 * `talhelper genconfig` turns them into per-node machine configs (talos/clusterconfig/, ignored).
 * The Talos secrets (talsecret.sops.yaml) are not emitted here.
 */
export function emitTalhelper(cluster: ClusterModel): OutputFile[] {
  const patches = patchFiles(cluster);
  const nodePatches = cluster.nodes.flatMap((n) => nodePatchFiles(n));
  return [
    text("talos/talconfig.yaml", renderTalconfig(cluster, patches)),
    text("talos/talenv.yaml", renderTalenv(cluster)),
    text("talos/patches/README.md", renderPatchesReadme(patches, nodePatches)),
    ...patches.map((p) => text(`talos/patches/${p.layer}/${p.name}`, p.content)),
    ...nodePatches.map((p) => text(`talos/patches/${p.node}/${p.name}`, p.content)),
    ...schematicFiles(cluster).map((s) => text(s.path, s.content)),
  ];
}

function text(path: string, content: string): OutputFile {
  return { kind: "text", path, content };
}
