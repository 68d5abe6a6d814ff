/**
 * What the CLI's loader (compiler/cli/boot/load-cli.ts) hands the bundled CLI, which it runs as
 * one script compiled against a V8 code cache. Such a script has no module loader of its own, so
 * import() of anything outside the bundle goes through the loader's. Undefined when labc runs as
 * separate modules (the tests, the package's API).
 */
export interface BundleRuntime {
  import(specifier: string): Promise<unknown>;
  /** A hash of the bundle's text: changes with any change to labc's code. */
  readonly bundleId: string;
}

declare const __labcRuntime: BundleRuntime | undefined;

export const bundleRuntime: BundleRuntime | undefined = typeof __labcRuntime === "undefined" ? undefined : __labcRuntime;

/** import() of a module the bundle does not hold: a package kept out of it, the user's lab.config, a precompiled template. */
export function importOutside<T>(specifier: string): Promise<T> {
  return (bundleRuntime ? bundleRuntime.import(specifier) : import(specifier)) as Promise<T>;
}
