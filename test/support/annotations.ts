/**
 * Expected diagnostics written inside a `.lab` test file, as compiler test suites do:
 *
 *   gateway = 10.9.0.256
 * //          ^ LAB2003          (the caret's column, on the nearest line above that is not an annotation)
 * // expect LAB1006 at 1:1       (an explicit position)
 */
export interface Expectation {
  readonly code: string;
  readonly line: number;
  readonly column: number;
}

const CARET = /^\s*\/\/(\s*)\^\s+(LAB\d{4})\s*$/;
const EXPLICIT = /^\s*\/\/\s*expect\s+(LAB\d{4})\s+at\s+(\d+):(\d+)\s*$/;

export function readExpectations(text: string): Expectation[] {
  const lines = text.split("\n");
  const out: Expectation[] = [];
  let target = 0;
  lines.forEach((line, i) => {
    const explicit = EXPLICIT.exec(line);
    if (explicit) {
      out.push({ code: explicit[1]!, line: Number(explicit[2]), column: Number(explicit[3]) });
      return;
    }
    const caret = CARET.exec(line);
    if (caret) {
      out.push({ code: caret[2]!, line: target + 1, column: line.indexOf("^") + 1 });
      return;
    }
    target = i;
  });
  return out;
}
