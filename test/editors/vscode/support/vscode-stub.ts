import Module from "node:module";

/**
 * Makes `require("vscode")` load a stand-in, so vscode-languageclient can be loaded and its
 * process-starting code run outside VS Code. Every property is another stand-in that can be
 * extended, constructed or called (the client subclasses vscode's classes at load time); only
 * `version` is real, as the client checks it against its engine range.
 */
const STUB_ID = "/labc-test/vscode-stub.js";

export function installVscodeStub(version = "1.100.0"): void {
  const loader = Module as unknown as {
    _resolveFilename: (request: string, ...rest: unknown[]) => string;
    _cache: Record<string, unknown>;
  };
  if (loader._cache[STUB_ID]) return;
  const handler: ProxyHandler<object> = {
    get(target, key) {
      if (key === "__esModule") return true;
      if (key === "then" || typeof key === "symbol") return undefined;
      const props = target as Record<string, unknown>;
      if (!(key in props)) props[key] = new Proxy(class {}, handler);
      return props[key];
    },
    construct: () => new Proxy({}, handler),
    apply: () => new Proxy(function () {}, handler),
  };
  const stub = new Module(STUB_ID);
  stub.exports = new Proxy({ version }, handler);
  (stub as unknown as { loaded: boolean }).loaded = true;
  loader._cache[STUB_ID] = stub;
  const resolve = loader._resolveFilename;
  loader._resolveFilename = function (request: string, ...rest: unknown[]) {
    return request === "vscode" ? STUB_ID : resolve.call(this, request, ...rest);
  };
}
