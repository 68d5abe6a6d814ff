// The Talos library's X.509 half: creating the secrets bundle and talosconfig client certificates.
// Import it lazily (await import) from commands that need it; see index.ts.
export { generateSecretsBundle, type GenerateSecretsOptions } from "./secrets/generate.js";
export { ADMIN_CERT_VALIDITY_HOURS, ADMIN_ROLE, renderTalosconfig, talosconfigYaml, type TalosconfigInput } from "./talosconfig/render.js";
