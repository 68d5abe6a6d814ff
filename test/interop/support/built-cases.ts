import { build } from "../../../compiler/build/build.js";
import { goldenCases, fixtureEnv, SHARED_FIXTURE_WAIT, type GoldenCase } from "../../golden/cases.js";
import { removeDir, tempDir } from "../../support/tree.js";
import { repoRoot } from "../../support/paths.js";

/** One golden case built afresh into a temp dir (removed by `removeBuilt`). */
export interface BuiltCase {
  readonly name: string;
  readonly out: string;
}

/**
 * Builds every golden case (both examples and each test/fixtures/<case>) the way the golden test
 * does: over a copy of its expected tree, with the fixtures' fake secret inputs. The interop tests
 * feed what labc emits now, not the committed trees, to the real tools. `env` overrides the
 * fixtures' secret inputs.
 */
export async function buildCase(c: GoldenCase, env: Record<string, string> = {}): Promise<BuiltCase> {
  const out = tempDir(`interop-${c.name}`, c.expected);
  try {
    const report = await build({ entry: c.entry, out, cwd: repoRoot, env: { ...process.env, ...fixtureEnv, ...env }, lockWaitMs: SHARED_FIXTURE_WAIT });
    const errors = report.diagnostics.filter((d) => d.severity === "error");
    if (errors.length > 0) throw new Error(`${c.name} does not build: ${errors.map((d) => `${d.code} ${d.message}`).join("; ")}`);
    if (!report.written) throw new Error(`${c.name}: nothing was written`);
    return { name: c.name, out };
  } catch (e) {
    removeDir(out);
    throw e;
  }
}

export function interopCases(): GoldenCase[] {
  const filter = process.env["CASE"];
  return goldenCases().filter((c) => !filter || c.name.includes(filter));
}
