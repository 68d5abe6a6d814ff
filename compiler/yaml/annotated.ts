/**
 * Plain data plus the comments it should carry when written. Emitters build objects, wrap them
 * here, and `toYaml` turns them into `yaml` Documents; nothing is ever assembled from strings.
 */

/** A comment placed above a key (or sequence item) inside the document. */
export interface PathComment {
  /** Keys and indexes from the document root, e.g. `["spec", "values", "instance", "distribution", "version"]`. */
  readonly path: readonly (string | number)[];
  /** Comment text without the leading `#`; a leading space is added when missing. */
  readonly text: string;
}

export interface Annotations {
  /** Lines written right below the document's `---`, e.g. a `yaml-language-server` schema hint. */
  readonly header?: readonly string[];
  readonly comments?: readonly PathComment[];
}

export class Annotated {
  constructor(
    readonly data: unknown,
    readonly header: readonly string[],
    readonly comments: readonly PathComment[],
  ) {}
}

export function annotate(data: unknown, annotations: Annotations = {}): Annotated {
  return new Annotated(data, annotations.header ?? [], annotations.comments ?? []);
}

/** `yaml-language-server: $schema=<url>`: the editor hint cluster-template puts on every document. */
export function schemaComment(url: string): string {
  return `yaml-language-server: $schema=${url}`;
}

/** `renovate: datasource=<d> depName=<n>`: read by Renovate's regex manager to bump the next value. */
export function renovateComment(datasource: string, depName: string): string {
  return `renovate: datasource=${datasource} depName=${depName}`;
}
