import { parseConfigPatch } from "../../talos/index.js";
import type { TalosPatchModel } from "../../model/model.js";
import type { Fields, ReadContext } from "../fields/read-block.js";
import type { Located } from "../fields/located.js";
import { describeReadError, InputError } from "../../files/read-input.js";
import { OUTSIDE_FIX } from "../../files/confine.js";

/**
 * Reads the Talos patch files a `patches`-like field names and keeps those Talos could load as a
 * patch (configpatcher.LoadPatch: RFC 6902 list, or strategic-merge documents). A file that can't
 * be read or parsed is a diagnostic at its path; whether the patched config is valid is decided
 * later, per node (rules/talos-patches.ts), because it depends on everything else applied with it.
 */
export function lowerPatches(fields: Fields, name: string, ctx: ReadContext): TalosPatchModel[] {
  const items = (fields.get(name)?.value as Located<Located<string>>[] | undefined) ?? [];
  const out: TalosPatchModel[] = [];
  for (const { value: path } of items) {
    const patch = readPatch(path, ctx);
    if (patch) out.push(patch);
  }
  return out;
}

function readPatch(path: Located<string>, ctx: ReadContext): TalosPatchModel | undefined {
  let content: string;
  try {
    content = ctx.files.read(path.value, path.span).text;
  } catch (error) {
    if (error instanceof InputError && error.problem === "outside") {
      ctx.reporter.report("outsideProject", path.span, `cannot read the Talos patch ${error.message}; ${OUTSIDE_FIX}`);
      return undefined;
    }
    ctx.reporter.report("readFailed", path.span, `cannot read the Talos patch ${path.value}: ${describeReadError(error)} (paths are relative to the .lab file that names them)`);
    return undefined;
  }
  try {
    const patch = parseConfigPatch(content);
    if (patch.kind === "strategic" && patch.documents.length === 0) throw new Error("the file holds no patch document");
  } catch (error) {
    // The YAML reader recurses per nesting level: a hostile patch overflows its stack, which is the patch's fault.
    const why = /Maximum call stack size exceeded/.test((error as Error).message) ? "it nests too deeply to read" : (error as Error).message.split("\n")[0]!.trim();
    ctx.reporter.report("invalidTalosPatch", path.span, `${path.value} is not a Talos config patch: ${why}; write strategic-merge YAML or an RFC 6902 list of operations`);
    return undefined;
  }
  return { path: path.value, content, span: path.span };
}
