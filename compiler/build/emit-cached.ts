import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { ClusterModel } from "../model/model.js";
import type { OutputFile, SecretValues } from "../model/output.js";
import { LABC_VERSION } from "../version.js";
import { bundleRuntime } from "../runtime/bundle-runtime.js";
import { BuildCache, recordingModel, recordingSecrets, sha256, type ReusedFile } from "./build-cache.js";
import { appOfUnit, checkedAndSorted, emitUnitNames, type EmitUnitName } from "./emit-unit-names.js";

export interface CachedEmit {
  /** Files emitted now, SOPS ones still plaintext. */
  readonly outputs: readonly OutputFile[];
  /** Files taken from the output as they are (build-cache.ts). */
  readonly reused: readonly ReusedFile[];
  /** Each file's unit, to save the cache by. */
  readonly unitOf: ReadonlyMap<string, EmitUnitName>;
  /** The units that ran (the rest were reused). */
  readonly ran: readonly EmitUnitName[];
}

/**
 * emitAll through the build cache: units whose reads did not change give their files from the
 * output; the emitters are loaded only when some unit has to run.
 */
export async function emitCached(model: ClusterModel, secrets: SecretValues, clusterRecipient: string | undefined, cache: BuildCache): Promise<CachedEmit> {
  const outputs: OutputFile[] = [];
  const reused: ReusedFile[] = [];
  const unitOf = new Map<string, EmitUnitName>();
  const ran: EmitUnitName[] = [];
  const indexOf = new Map(model.apps.map((a, i) => [a, i]));
  let run: typeof import("./emit-units.js").runEmitUnit | undefined;
  for (const name of emitUnitNames(model)) {
    const kept = cache.reuse(name);
    if (kept) {
      for (const f of kept) unitOf.set(f.path, name);
      reused.push(...kept);
      continue;
    }
    run ??= (await import("./emit-units.js")).runEmitUnit;
    const props = new Set<string>();
    const names = new Set<string>();
    const seen = recordingModel(model, props);
    const app = appOfUnit(model, name);
    const files = await run(name, seen.cluster, app ? seen.appAt(indexOf.get(app)!) : undefined, recordingSecrets(secrets, names), clusterRecipient);
    cache.ran(name, { props, secrets: names });
    ran.push(name);
    for (const f of files) unitOf.set(f.path, name);
    outputs.push(...files);
  }
  checkedAndSorted([...outputs, ...reused]);
  return { outputs: checkedAndSorted(outputs), reused, unitOf, ran };
}

let code: string | undefined;
/**
 * labc's code, as far as it decides what a unit emits: the version, and the bundled CLI's hash
 * (which changes with any of its code); run as modules, the text of this module.
 */
export function codeId(): string {
  if (code === undefined && bundleRuntime) code = `${LABC_VERSION}:${bundleRuntime.bundleId}`;
  if (code === undefined) {
    let text = "";
    try {
      text = readFileSync(fileURLToPath(import.meta.url), "utf8");
    } catch {
      text = String(Math.random());
    }
    code = `${LABC_VERSION}:${sha256(text)}`;
  }
  return code;
}
