import { test } from "node:test";
import assert from "node:assert/strict";
import { byteDifference, documentDifference } from "./support/compare-configs.js";
import { talhelperGenconfig, talhelperValidate } from "./support/talhelper-genconfig.js";
import { TALOS_LINES, talosCases, talosTree } from "./support/talos-trees.js";
import { realTool, toolOptions } from "./support/tools.js";

/**
 * labc's talos/ tree against the real talhelper, for both examples and every golden fixture, on
 * every Talos line: the talconfig.yaml labc writes passes `talhelper validate talconfig`, and
 * `talhelper genconfig` makes from it, for every node, the very bytes `labc talos config` writes.
 * On 1.14 talhelper cannot (see LAB2034): that is asserted too, so the day a talhelper that can
 * is pinned, this test says so.
 */
const tool = realTool("talhelper");
const version = "version" in tool ? tool.version : "(not built)";

for (const c of talosCases()) {
  for (const line of TALOS_LINES) {
    test(`talhelper ${version}: ${c.name} on Talos ${line.talos}`, toolOptions("talhelper"), () => {
      const tree = talosTree(c, line);
      const validate = talhelperValidate(tree);
      assert.equal(validate.status, 0, `talhelper validate talconfig failed:\n${validate.stdout}${validate.stderr}`);
      const problems = validate.stdout.split("\n").filter((l) => /^\s*\*/.test(l));
      // talhelper v3.1.16 knows Talos up to v1.14.0-beta.1, so it only warns that v1.14.1 is newer than it.
      const allowed = line.line === "1.14" ? problems.filter((l) => !/WARNING: "v1\.14\.\d+" might not be compatible/.test(l)) : problems;
      assert.deepEqual(allowed, [], `talhelper validate talconfig:\n${validate.stdout}${validate.stderr}`);
      if (line.line !== "1.14") assert.match(validate.stdout, /looking great/, validate.stdout);
      const gen = talhelperGenconfig(tree);

      if (line.line === "1.14") {
        const warning = /LAB2034[^\n]*/.exec(tree.buildOutput)?.[0];
        assert.ok(warning, `labc build must warn (LAB2034) that talhelper cannot read Talos 1.14 documents:\n${tree.buildOutput}`);
        assert.match(warning, /Talos machinery v1\.14\.0 or later/);
        assert.notEqual(gen.run.status, 0, "talhelper genconfig now succeeds on Talos 1.14: drop LAB2034 and compare the configs as on the other lines");
        const kind = /"(\w+)" "v1alpha1": not registered/.exec(gen.run.stderr)?.[1];
        assert.ok(kind, `talhelper genconfig failed for another reason than an unknown document kind:\n${gen.run.stderr}`);
        assert.ok(warning.includes(kind), `LAB2034 does not name ${kind}, the kind talhelper stopped at: ${warning}`);
        return;
      }

      assert.equal(gen.run.status, 0, `talhelper genconfig failed:\n${gen.run.stdout}${gen.run.stderr}`);
      assert.deepEqual([...gen.configs.keys()], [...tree.configs.keys()], "talhelper and labc write configs for different nodes");
      for (const [name, ours] of tree.configs) {
        const theirs = gen.configs.get(name)!;
        // Parsed first: a difference in meaning is reported as such, before any byte difference.
        assert.equal(documentDifference(ours, theirs), undefined, `${name}: labc talos config vs talhelper genconfig`);
        assert.equal(byteDifference(ours, theirs), undefined, `${name}: labc talos config vs talhelper genconfig`);
      }
    });
  }
}
