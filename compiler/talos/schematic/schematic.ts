import { createHash } from "node:crypto";
import { encodeGoYaml, type GoValue } from "../yaml/go-encode.js";

/**
 * The part of an image factory schematic labc writes: official system extensions and extra
 * kernel arguments. Order is kept as given: the factory hashes the lists as they are, so
 * `[a, b]` and `[b, a]` are two different schematics.
 */
export interface SchematicCustomization {
  /** Official extension image names, e.g. `siderolabs/i915`. */
  readonly extensions: readonly string[];
  readonly kernelArgs: readonly string[];
}

/**
 * The canonical text of a schematic, the bytes the factory hashes: Go yaml.v3 `Marshal` (4-space
 * indent) of siderolabs/image-factory `pkg/schematic.Schematic`. Field order is the struct's
 * (`overlay`, `customization`; inside it `extraKernelArgs`, `meta`, `systemExtensions`, …), every
 * field but `customization` is `omitempty`, so an empty list disappears and the empty schematic is
 * `customization: {}`. Nothing is sorted or de-duplicated by the factory.
 */
export function schematicYaml(customization: SchematicCustomization): string {
  const body: { [key: string]: GoValue } = {};
  if (customization.kernelArgs.length > 0) body["extraKernelArgs"] = [...customization.kernelArgs];
  if (customization.extensions.length > 0) body["systemExtensions"] = { officialExtensions: [...customization.extensions] };
  return encodeGoYaml({ customization: body }, 4);
}

/** The schematic ID: hex SHA-256 of the canonical text (image-factory `Schematic.ID`). */
export function schematicId(customization: SchematicCustomization): string {
  return createHash("sha256").update(schematicYaml(customization), "utf8").digest("hex");
}

/** The ID of the empty schematic: stock Talos, no extensions. */
export const EMPTY_SCHEMATIC_ID = "376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba";
