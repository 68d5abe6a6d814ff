import { applyConfigPatches } from "../patch/apply.js";
import type { GoObject } from "../patch/patch.js";
import { canonicalizeDocument } from "../schema/canonical.js";
import { fileModeKeys } from "../schema/file-modes.js";
import { encodeGoYamlStream } from "../yaml/go-encode.js";
import { isTalosContract } from "./contract.js";
import type { MachineConfigInput } from "./input.js";
import { legacyDocuments } from "./legacy-document.js";
import { multidocDocuments } from "./multidoc-documents.js";
import { nodePatches } from "./node-patches.js";

/** The machine config as documents, after node settings and patches, in Talos's encoding order. */
export function buildMachineConfigDocuments(input: MachineConfigInput): GoObject[] {
  // The type already restricts the contract; this guards callers that bypass it (e.g. from JSON).
  if (!isTalosContract(input.contract)) throw new Error(`unsupported Talos contract ${String(input.contract)}`);
  const base = input.contract === "1.14" ? multidocDocuments(input) : legacyDocuments(input);
  const patches = [...nodePatches(input), ...(input.patches ?? [])];
  if (patches.length === 0) return base.map((d) => canonicalizeDocument(d));
  return applyConfigPatches(base, patches);
}

/** The machine config file, byte-identical to what Talos writes for the same inputs. */
export function renderMachineConfig(input: MachineConfigInput): string {
  const documents = buildMachineConfigDocuments(input);
  return encodeGoYamlStream(documents, 4, { octal: fileModeKeys(documents) });
}
