// Public surface of the Talos core library: secrets bundle, machine configs, patches. The parts
// that need the X.509 stack (making a PKI, signing a talosconfig client certificate) are in
// pki.ts, so that checking and building, which import this file, never load it.
export type { PemCertAndKey, PemKey, SecretsBundle } from "./secrets/bundle.js";
export { placeholderSecretsBundle } from "./secrets/placeholder.js";
export { parseSecretsBundle, serializeSecretsBundle, secretsBundleTree, type ParseResult } from "./secrets/yaml-io.js";
export {
  TALOS_CONTRACTS, TALOS_RELEASES, TALHELPER_UNKNOWN_KINDS, contractFeatures, contractFromTalosVersion, featuresOfLine, isTalosContract, parseVersion, releaseOf, versionFeatures,
  type ContractResult, type ReleaseFeature, type ReleaseFeatures, type ReleaseVersion, type TalosContract,
} from "./releases.js";
export type {
  BondSpec, CniConfig, InstallDiskTarget, MachineConfigInput, MachineType, NetworkInterfaceSpec, NodeSpec, RegistryMirror, RouteSpec, VlanSpec,
} from "./config/input.js";
export { buildMachineConfigDocuments, renderMachineConfig, type MachineConfigLayout } from "./config/render.js";
export { TalosPatchError, parseConfigPatch, type ConfigPatch, type GoObject, type JsonPatchOperation } from "./patch/patch.js";
export { applyConfigPatches } from "./patch/apply.js";
export { encodeGoYaml, encodeGoYamlStream, type GoValue } from "./yaml/go-encode.js";
export { validateTalosDocuments, type DocumentProblem } from "./schema/validate-documents.js";
export { EMPTY_SCHEMATIC_ID, schematicId, schematicYaml, type SchematicCustomization } from "./schematic/schematic.js";
