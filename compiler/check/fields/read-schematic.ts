import type * as ast from "../../../lang/syntax/ast.js";
import type { Reporter } from "../../../lang/diagnostics/reporter.js";
import type { Span } from "../../../lang/diagnostics/span.js";
import type { NodeSchematic } from "../../model/model.js";
import { schematicId } from "../../talos/index.js";
import type { Located } from "./located.js";
import { wrongType } from "./read-literal.js";

/**
 * `schematic = "<id>"` or `schematic { extensions = […]  kernel-args = […] }`. From a block labc
 * computes the ID itself, offline, the way the image factory does, so the ID in talconfig.yaml
 * and the installer URL always match the extensions written next to it.
 */
export function readSchematicId(value: ast.Value, r: Reporter): NodeSchematic | undefined {
  if (value.kind !== "String") return wrongType(value, 'a schematic ID "<64 hex>" or a block { extensions = ["siderolabs/…"] }', r);
  if (!/^[0-9a-f]{64}$/.test(value.value)) {
    const shown = `${value.value.slice(0, 20)}${value.value.length > 20 ? "…" : ""}`;
    r.report("invalidSchematic", value.span, `a schematic ID is 64 lower-case hex characters (the image factory's SHA-256), not '${shown}'; or list the extensions instead: schematic { extensions = ["siderolabs/…"] }`);
    return undefined;
  }
  return { id: value.value };
}

/** Official extensions are named by their image in the siderolabs/extensions repository. */
const EXTENSION = /^siderolabs\/[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

export function readSchematicCustomization(fields: ReadonlyMap<string, Located<unknown>>, _span: Span, r: Reporter): NodeSchematic | undefined {
  const listed = (name: string) => (fields.get(name)?.value as Located<string>[] | undefined) ?? [];
  let ok = true;
  const extensions: string[] = [];
  const seen = new Map<string, Span>();
  for (const ext of listed("extensions")) {
    const earlier = seen.get(ext.value);
    if (earlier) {
      r.report("invalidSystemExtension", ext.span, `extension '${ext.value}' is listed twice; list each extension once`, { related: [{ span: earlier, message: "first listed here" }] });
      ok = false;
      continue;
    }
    seen.set(ext.value, ext.span);
    if (!EXTENSION.test(ext.value)) {
      const bare = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(ext.value) ? `siderolabs/${ext.value}` : undefined;
      r.report("invalidSystemExtension", ext.span, `'${ext.value}' is not an official system extension name; write it as the image factory lists it, "siderolabs/<name>" (e.g. "siderolabs/intel-ucode")${bare ? `; did you mean "${bare}"?` : ""}`, {
        ...(bare ? { fix: { message: `replace with "${bare}"`, edits: [{ span: ext.span, newText: JSON.stringify(bare) }] } } : {}),
      });
      ok = false;
      continue;
    }
    extensions.push(ext.value);
  }
  const kernelArgs: string[] = [];
  for (const arg of listed("kernel-args")) {
    // One list item is one argument on the kernel command line: whitespace would split it.
    if (arg.value === "" || /[\s\p{Cc}]/u.test(arg.value)) {
      r.report("invalidKernelArgument", arg.span, `${arg.value === "" ? "an empty string" : `'${arg.value}'`} is not one kernel argument; write each argument as its own string, without spaces, e.g. ["net.ifnames=0", "console=ttyS0"]`);
      ok = false;
      continue;
    }
    kernelArgs.push(arg.value);
  }
  if (!ok) return undefined;
  const customization = { extensions, kernelArgs };
  return { id: schematicId(customization), customization };
}
