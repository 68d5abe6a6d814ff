import type { ClusterModel, SchematicCustomization } from "../../model/model.js";
import { schematicYaml } from "../../talos/index.js";

export interface SchematicFile {
  readonly id: string;
  /** `talos/schematics/<id>.yaml`, relative to the output repository. */
  readonly path: string;
  readonly customization: SchematicCustomization;
  /** The canonical YAML whose SHA-256 is the ID: POSTing it to the factory registers that very ID. */
  readonly content: string;
}

/**
 * One file per distinct schematic that cluster.lab lists rather than names by ID, in node order.
 * The image factory only serves images of schematics it has been sent, so the README tells the
 * user to POST each file once; the bytes are the canonical text, so the factory answers with the
 * same ID labc computed.
 */
export function schematicFiles(cluster: ClusterModel): SchematicFile[] {
  const out = new Map<string, SchematicFile>();
  for (const node of cluster.nodes) {
    const customization = node.schematicCustomization;
    if (!customization || out.has(node.schematic)) continue;
    out.set(node.schematic, { id: node.schematic, path: `talos/schematics/${node.schematic}.yaml`, customization, content: schematicYaml(customization) });
  }
  return [...out.values()];
}
