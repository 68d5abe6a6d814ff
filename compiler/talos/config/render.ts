import { applyConfigPatches } from "../patch/apply.js";
import type { GoObject } from "../patch/patch.js";
import { canonicalizeDocument } from "../schema/canonical.js";
import { fileModeKeys } from "../schema/file-modes.js";
import { encodeGoYamlStream } from "../yaml/go-encode.js";
import { contractFeatures, isTalosContract } from "../releases.js";
import type { MachineConfigInput } from "./input.js";
import { legacyDocuments } from "./legacy-document.js";
import { multidocDocuments } from "./multidoc-documents.js";
import { nodePatches } from "./node-patches.js";

/** The machine config as documents, after node settings and patches, in Talos's encoding order. */
export function buildMachineConfigDocuments(input: MachineConfigInput): GoObject[] {
  // The type already restricts the contract; this guards callers that bypass it (e.g. from JSON).
  if (!isTalosContract(input.contract)) throw new Error(`unsupported Talos contract ${String(input.contract)}`);
  const base = contractFeatures(input.contract).multidocKubernetes ? multidocDocuments(input) : legacyDocuments(input);
  const patches = [...nodePatches(input), ...(input.patches ?? [])];
  if (patches.length === 0) return base.map((d) => canonicalizeDocument(d));
  return applyConfigPatches(base, patches);
}

/**
 * Who writes the file. `talosctl gen config` writes Talos's encoder output as it is (4-space
 * indent); `talhelper genconfig` decodes that output into yaml.v3 nodes and writes them again with
 * a 2-space indent (its `reencodeYaml`), which keeps every scalar's quoting.
 */
export type MachineConfigLayout = "talosctl" | "talhelper";

/** The machine config file, byte-identical to what Talos (or talhelper) writes for the same inputs. */
export function renderMachineConfig(input: MachineConfigInput, layout: MachineConfigLayout = "talosctl"): string {
  const documents = buildMachineConfigDocuments(input);
  return encodeGoYamlStream(documents, layout === "talhelper" ? 2 : 4, { octal: fileModeKeys(documents), flavour: "talos" });
}
