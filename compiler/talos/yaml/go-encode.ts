import { Document, Pair, Scalar, YAMLMap, YAMLSeq } from "yaml";
import type { StringifyContext } from "yaml/util";
import { goScalarStyle, type GoYamlFlavour } from "./go-scalar.js";

/** A YAML tree as Go would marshal it: mappings keep their insertion order. */
export type GoValue = string | number | boolean | null | readonly GoValue[] | { readonly [key: string]: GoValue };

/**
 * yaml.v3 aligns nested block content to multiples of the indent ("emitter.indent =
 * best_indent*((indent+best_indent)/best_indent)"), except right after a "- " indicator where it
 * just adds 2. The `yaml` library always adds a full step, so a mapping nested in a sequence item
 * would come out 2 columns too deep. These collections compute the Go step from their own column.
 */
function alignedStep(ctx: StringifyContext, best: number): string {
  const column = ctx.indent.length;
  const aligned = best * Math.floor((column + best) / best);
  return " ".repeat(aligned - column);
}

class GoMap extends YAMLMap {
  constructor(private readonly best: number) {
    super();
  }

  override toString(ctx?: StringifyContext, onComment?: () => void, onChompKeep?: () => void): string {
    if (!ctx) return super.toString(ctx, onComment, onChompKeep);
    return super.toString({ ...ctx, indentStep: alignedStep(ctx, this.best) }, onComment, onChompKeep);
  }
}

class GoSeq extends YAMLSeq {
  constructor(private readonly best: number) {
    super();
  }

  override toString(ctx?: StringifyContext, onComment?: () => void, onChompKeep?: () => void): string {
    if (!ctx) return super.toString(ctx, onComment, onChompKeep);
    return super.toString({ ...ctx, indentStep: alignedStep(ctx, this.best) }, onComment, onChompKeep);
  }
}

function scalarNode(value: string | number | boolean | null, isKey: boolean, flavour: GoYamlFlavour): Scalar {
  const node = new Scalar(value);
  if (typeof value === "string") node.type = Scalar[goScalarStyle(value, isKey, flavour)];
  return node;
}

/**
 * Says which integer values a Go type marshals itself as octal: Talos's FileMode writes
 * `&yaml.Node{Tag: "!!int", Value: "0o644"}`, where a plain int would come out as `420`.
 */
export type OctalKeys = (owner: object, key: string) => boolean;

const NO_OCTAL: OctalKeys = () => false;

function octalNode(value: number): Scalar {
  const node = new Scalar(value);
  // The `yaml` core schema prints OCT as `0o…`, the same text as Go's "0o" + FormatUint(v, 8).
  node.format = "OCT";
  return node;
}

interface EncodeSettings {
  readonly best: number;
  readonly octal: OctalKeys;
  readonly flavour: GoYamlFlavour;
}

function toNode(value: GoValue, settings: EncodeSettings): unknown {
  const { best, octal, flavour } = settings;
  if (Array.isArray(value)) {
    const seq = new GoSeq(best);
    // Go writes an empty slice as `[]`; a non-empty one always in block style.
    seq.flow = value.length === 0;
    for (const item of value as readonly GoValue[]) seq.items.push(toNode(item, settings));
    return seq;
  }
  if (value !== null && typeof value === "object") {
    const map = new GoMap(best);
    const entries = Object.entries(value as { readonly [key: string]: GoValue });
    map.flow = entries.length === 0;
    for (const [key, item] of entries) {
      const node = typeof item === "number" && Number.isInteger(item) && item >= 0 && octal(value, key) ? octalNode(item) : toNode(item, settings);
      map.items.push(new Pair(scalarNode(key, true, flavour), node));
    }
    return map;
  }
  return scalarNode(value as string | number | boolean | null, false, flavour);
}

export interface GoEncodeOptions {
  /** Integers written in octal (Talos file modes); none by default. */
  readonly octal?: OctalKeys;
  /** Whose quoting rules apply (see GoYamlFlavour); yaml.v3 by default. */
  readonly flavour?: GoYamlFlavour;
}

/** One YAML document, byte-identical to Go yaml.v3 `Encoder.SetIndent(indent)` output. */
export function encodeGoYaml(value: GoValue, indent = 4, options: GoEncodeOptions = {}): string {
  const doc = new Document(null);
  const settings: EncodeSettings = { best: indent, octal: options.octal ?? NO_OCTAL, flavour: options.flavour ?? "yaml.v3" };
  doc.contents = toNode(value, settings) as Document["contents"];
  return doc.toString({ indent, indentSeq: true, lineWidth: 0, minContentWidth: 0 });
}

/** A multi-document stream the way Talos writes a machine config: documents joined by `---`. */
export function encodeGoYamlStream(values: readonly GoValue[], indent = 4, options: GoEncodeOptions = {}): string {
  return values.map((v) => encodeGoYaml(v, indent, options)).join("---\n");
}
