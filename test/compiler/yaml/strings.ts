/**
 * Strings a YAML 1.1 or Go reader would not read back unchanged if written plain, with who
 * misreads them; shared by the writer's unit test and the interop test with real Go readers.
 */
export const MISREAD_PLAIN: readonly (readonly [string, string])[] = [
  ["1_000", "go-yaml: int 1000 (underscores removed)"],
  ["0b101", "go-yaml, YAML 1.1: int 5"],
  ["-0b1_0", "go-yaml: int -2"],
  ["0o17", "go-yaml, YAML 1.2: int 15"],
  ["0_17", "go-yaml, YAML 1.1: octal 15"],
  ["0x1F", "hex int"],
  ["1_", "go-yaml: int 1"],
  ["+1", "int"],
  [".5", "float"],
  ["1e3", "go-yaml, YAML 1.2: float 1000"],
  ["e5", "yaml 1.1 schema of the `yaml` library: float"],
  [".", "YAML 1.1 float pattern: NaN"],
  ["yes", "YAML 1.1 bool"],
  ["Yes", "YAML 1.1 bool"],
  ["YES", "YAML 1.1 bool"],
  ["yEs", "any letter case, to be safe"],
  ["no", "YAML 1.1 bool"],
  ["On", "YAML 1.1 bool"],
  ["OFF", "YAML 1.1 bool"],
  ["y", "YAML 1.1 bool (go-yaml v2)"],
  ["N", "YAML 1.1 bool (go-yaml v2)"],
  ["~", "null"],
  ["null", "null"],
  ["NULL", "null"],
  ["", "null"],
  ["=", "YAML 1.1 !!value (PyYAML: no constructor)"],
  ["<<", "merge key"],
  ["1:20", "YAML 1.1 base 60: 80"],
  ["190:20:30", "YAML 1.1 base 60: 685230"],
  ["03:00", "YAML 1.1 base 60 in the `yaml` library: 180"],
  ["8080:50", "YAML 1.1 base 60 (a port mapping)"],
  ["1:20.5", "YAML 1.1 base 60 float"],
  ["2001-12-14", "YAML 1.1 timestamp; go-yaml v3 decodes a time.Time"],
  ["2001-12-14T21:59:43.10-05:00", "timestamp"],
  ["2001-12-14 21:59:43.10 -5", "timestamp"],
  [".inf", "float"],
  ["-.Inf", "float"],
  [".NaN", "float"],
  ["a\tb", "a tab ends a plain scalar for PyYAML"],
  [" lead", "leading space"],
  ["trail ", "trailing space"],
];

/** Strings with characters that must be written as escapes. */
export const MUST_ESCAPE: readonly (readonly [string, string])[] = [
  ["a\u2028b", "U+2028 is a line break in YAML 1.1 and go-yaml"],
  ["a\u2029b", "U+2029 is a line break in YAML 1.1 and go-yaml"],
  ["a\u0085b", "NEL is a line break in YAML 1.1"],
  ["a\u007fb", "DEL is not printable"],
  ["a\u009bb", "C1 control"],
  ["x\u001by", "C0 control"],
  ["cr\rlf", "a carriage return"],
  ["\ufeffz", "a byte order mark inside a document"],
  ["a\uffffb", "a non-character"],
  ["multi\nline\u2028\n", "a line separator inside a multi-line string (no block scalar for it)"],
];

/** Strings every reader takes as the same string written plain; they stay plain. */
export const STAY_PLAIN: readonly string[] = [
  "1.18.1", "192.168.1.1", "10.0.0.0/8", "v1.2.3", "Norway", "e2e", "yesterday", "nope", "true-ish",
  "5m", "100Mi", "1.2.3.4:6443", "http://x:80/y", "a-b_c", "_1", "x:1", "ghcr.io/a/b:1.0",
];
