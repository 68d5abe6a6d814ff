// Public surface of the Talos core library: secrets bundle, machine configs, patches, talosconfig.
export type { PemCertAndKey, PemKey, SecretsBundle } from "./secrets/bundle.js";
export { generateSecretsBundle, type GenerateSecretsOptions } from "./secrets/generate.js";
export { placeholderSecretsBundle } from "./secrets/placeholder.js";
export { parseSecretsBundle, serializeSecretsBundle, secretsBundleTree, type ParseResult } from "./secrets/yaml-io.js";
export { TALOS_CONTRACTS, contractFromTalosVersion, isTalosContract, type ContractResult, type TalosContract } from "./config/contract.js";
export type {
  BondSpec, CniConfig, InstallDiskTarget, MachineConfigInput, MachineType, NetworkInterfaceSpec, NodeSpec, RegistryMirror, RouteSpec, VlanSpec,
} from "./config/input.js";
export { buildMachineConfigDocuments, renderMachineConfig } from "./config/render.js";
export { TalosPatchError, parseConfigPatch, type ConfigPatch, type GoObject, type JsonPatchOperation } from "./patch/patch.js";
export { applyConfigPatches } from "./patch/apply.js";
export { ADMIN_CERT_VALIDITY_HOURS, ADMIN_ROLE, renderTalosconfig, talosconfigYaml, type TalosconfigInput } from "./talosconfig/render.js";
export { encodeGoYaml, encodeGoYamlStream, type GoValue } from "./yaml/go-encode.js";
export { validateTalosDocuments, type DocumentProblem } from "./schema/validate-documents.js";
