/** labc's version; kept in step with package.json by test/compiler/version.test.ts. */
export const LABC_VERSION = "0.1.0";
