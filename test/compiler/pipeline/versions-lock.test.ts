import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parseVersionsLock } from "../../../compiler/pipeline/versions-lock.js";

test("a lock's versions are read as written (1.10 stays 1.10), each with the span of its value", () => {
  const lock = parseVersionsLock("charts:\n  # renovate: datasource=docker depName=x/y\n  x/y: 1.10\ntools:\n  helm/helm: v3.18.6\nflux:\n", "versions.lock.yaml");
  assert.deepEqual(lock.diagnostics, []);
  assert.equal(lock.versions.get("x/y")?.version, "1.10");
  assert.deepEqual([lock.versions.get("x/y")?.span.start.line, lock.versions.get("x/y")?.span.start.column], [3, 8]);
  assert.equal(lock.versions.get("helm/helm")?.version, "v3.18.6");
});

test("a lock that is not one is LAB1020 at the place, saying how to get a good one", () => {
  const cases: [string, RegExp, number][] = [
    ["charts: [a\n", /is not valid YAML/, 2],
    ["- a\n", /must be a map of sections \(charts, images, flux, tools, actions\)/, 1],
    ["chart:\n  x/y: 1.0.0\n", /has no section 'chart'/, 1],
    ["charts:\n  x/y: { a: 1 }\n", /x\/y in 'charts' needs a version such as 1\.2\.3/, 2],
    ["charts:\n  x/y: 1.0.0 ; rm\n", /x\/y in 'charts' needs a version/, 2],
    ["charts: 3\n", /section 'charts' of versions\.lock\.yaml must map names to versions/, 1],
  ];
  for (const [text, message, line] of cases) {
    const lock = parseVersionsLock(text, "versions.lock.yaml");
    assert.equal(lock.diagnostics.length, 1, text);
    const d = lock.diagnostics[0]!;
    assert.equal(d.code, "LAB1020");
    assert.match(d.message, message, text);
    assert.match(d.message, /delete it and labc build writes this release's versions/);
    assert.equal(d.span.file, "versions.lock.yaml");
    assert.equal(d.span.start.line, line, text);
  }
});

test("the line reader and the yaml library read every lock alike, or the line reader declines", async () => {
  const { readLockLines } = await import("../../../compiler/pipeline/versions-lock-lines.js");
  const { parseLockYaml } = await import("../../../compiler/pipeline/versions-lock.js");
  const { LineIndex } = await import("../../../lang/diagnostics/span.js");
  const sections = ["charts", "images", "flux", "tools", "actions"];
  const written = readFileSync(new URL("../../../../examples/homelab/versions.lock.yaml", import.meta.url), "utf8");
  // Lines a lock may hold, well-formed or not: the reader must agree with the library on each mix.
  const pieces = [
    "---", "charts:", "tools:", "flux:", "chart:", "charts: 3", "  x/y: 1.10", "  x/y: v1.2.3", "  ghcr.io/a/b: 4.2.0", "  @x: 1.0", "  x/y: 1.0 # pinned",
    "  x/y:  1.0", "  x/y: 1.0 ", "  # renovate: datasource=docker depName=x/y", "# top", "", "\tx/y: 1.0", "  x/y: -1", "  x/y: 'a'", "  x: [a", "    deeper: 1.0",
    "  x/y: 1.0\r", "- a", "  z: 1_0", "  ?x: 1", "...", "  a.b+c: 0.1-rc.1",
  ];
  let seed = 7;
  const next = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) % n);
  const texts = [written, written.replace(/\n/g, "\r\n"), ""];
  for (let i = 0; i < 3000; i++) texts.push(Array.from({ length: 1 + next(8) }, () => pieces[next(pieces.length)]).join("\n") + (next(2) ? "\n" : ""));
  let read = 0;
  for (const text of texts) {
    const lines = new LineIndex(text);
    const plain = readLockLines(text, sections, lines, "versions.lock.yaml");
    if (!plain) continue;
    read++;
    const library = parseLockYaml(text, "versions.lock.yaml", lines);
    assert.deepEqual(library.diagnostics, [], JSON.stringify(text));
    assert.deepEqual([...plain], [...library.versions], JSON.stringify(text));
  }
  assert.ok(readLockLines(written, sections, new LineIndex(written), "v") !== undefined, "the lock labc writes is read without the library");
  assert.ok(read > 200, `only ${read} texts were read by the line reader`);
});
