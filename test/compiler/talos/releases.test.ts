import { test } from "node:test";
import assert from "node:assert/strict";
import {
  TALOS_CONTRACTS, TALOS_RELEASES, contractFeatures, contractFromTalosVersion, featuresOfLine, parseVersion, validateTalosDocuments, versionFeatures,
} from "../../../compiler/talos/index.js";

test("a Talos line newer than the table inherits the newest line's layout, not the legacy one", () => {
  const newest = TALOS_CONTRACTS.at(-1)!;
  const next = { major: 1, minor: Number(newest.split(".")[1]) + 1 };
  assert.deepEqual(featuresOfLine(next), contractFeatures(newest));
  assert.equal(featuresOfLine(next).multidocKubernetes, true);
  assert.equal(featuresOfLine(next).jsonPatches, false);
});

test("each line's features are the switches of Talos's contract.go and talhelper's machinery", () => {
  const on = (feature: keyof ReturnType<typeof contractFeatures>) => TALOS_CONTRACTS.filter((c) => contractFeatures(c)[feature]);
  assert.deepEqual(on("legacyFeatureFlags"), ["1.10", "1.11"]);
  assert.deepEqual(on("endpointInApiServerSans"), ["1.10", "1.11"]);
  assert.deepEqual(on("jsonPatches"), ["1.10", "1.11"]);
  assert.deepEqual(on("volumeEncryption"), ["1.11", "1.12", "1.13", "1.14"]);
  assert.deepEqual(on("emptyMachineNetwork"), ["1.10", "1.11", "1.12"]);
  assert.deepEqual(on("grubUseUkiCmdline"), ["1.12", "1.13", "1.14"]);
  assert.deepEqual(on("multidocNetwork"), ["1.12", "1.13", "1.14"]);
  assert.deepEqual(on("multidocKubernetes"), ["1.14"]);
  assert.deepEqual(on("talhelperGenconfig"), ["1.10", "1.11", "1.12", "1.13"]);
  assert.equal(versionFeatures("v1.12.3").multidocNetwork, true);
  assert.equal(versionFeatures("1.11.0").multidocNetwork, false);
});

test("one parser reads full versions, bare lines and pre-releases, and nothing else", () => {
  assert.deepEqual(parseVersion("v1.13.9"), { major: 1, minor: 13, patch: 9, line: "1.13" });
  assert.deepEqual(parseVersion("1.13"), { major: 1, minor: 13, line: "1.13" });
  assert.deepEqual(parseVersion("v1.14.0-rc.1"), { major: 1, minor: 14, patch: 0, line: "1.14" });
  assert.equal(parseVersion("latest"), undefined);
  assert.equal(parseVersion("v1.13.9 extra"), undefined);
});

test("a line outside the table is refused, naming the lines labc generates", () => {
  const result = contractFromTalosVersion("v1.15.0");
  assert.deepEqual(result, { ok: false, error: `Talos 1.15 is not supported (supported contracts: ${TALOS_CONTRACTS.join(", ")})` });
  assert.deepEqual(contractFromTalosVersion("v1.9.5").ok, false);
  assert.deepEqual(contractFromTalosVersion("v1.12.4"), { ok: true, contract: "1.12" });
});

test("every line of the table has a Kubernetes range and a schema to validate against", () => {
  for (const release of TALOS_RELEASES) {
    const [min, max] = release.kubernetes;
    assert.ok(min < max, `${release.line}: Kubernetes 1.${min}..1.${max}`);
    assert.deepEqual(validateTalosDocuments(release.line, [{ kind: "NoSuchKind" }]).map((p) => p.message), [`is not a document kind of Talos ${release.line}`]);
  }
});
