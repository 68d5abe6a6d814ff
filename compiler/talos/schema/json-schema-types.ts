/**
 * The subset of JSON Schema (draft 2020-12) the published Talos config schemas use, and the shape
 * of the generated per-line files in json/.
 */
export interface JsonSchema {
  readonly $ref?: string;
  readonly type?: string | readonly string[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly patternProperties?: Readonly<Record<string, JsonSchema>>;
  readonly additionalProperties?: boolean | JsonSchema;
  readonly required?: readonly string[];
  readonly items?: JsonSchema;
  readonly minItems?: number;
  readonly oneOf?: readonly JsonSchema[];
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
}

export interface TalosJsonSchema {
  /** The release line, e.g. `1.13`. */
  readonly line: string;
  /** The schema's $id. */
  readonly source: string;
  /** The def of the legacy v1alpha1 document (`version: v1alpha1`, machine, cluster). */
  readonly legacy: string;
  /** Document kind → its def. */
  readonly kinds: Readonly<Record<string, string>>;
  readonly defs: Readonly<Record<string, JsonSchema>>;
}
