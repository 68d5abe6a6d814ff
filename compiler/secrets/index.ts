// Entry point for the rest of the compiler: SOPS encryption/decryption, age keys, typed errors.
export * from "./sops/index.js";
export * from "./age/index.js";
export * from "./errors.js";
