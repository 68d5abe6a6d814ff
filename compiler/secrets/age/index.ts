// Public API of the age layer.
export { discoverAgeIdentities, findAgeIdentities, defaultKeyFilePath } from "./identity-sources.js";
export type { DiscoverOptions, DiscoveredIdentities, IdentitySource } from "./identity-sources.js";
export { generateIdentity, identityToRecipient } from "./keypair.js";
export type { GenerateIdentityOptions } from "./keypair.js";
export { unwrapDataKey, wrapDataKey } from "./data-key-wrap.js";
export type { UnwrapResult } from "./data-key-wrap.js";
