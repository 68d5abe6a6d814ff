import { test } from "node:test";
import assert from "node:assert/strict";
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
