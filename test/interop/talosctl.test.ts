import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { talhelperGenconfig } from "./support/talhelper-genconfig.js";
import { TALOS_LINES, talosCases, talosTree, type TalosTree } from "./support/talos-trees.js";
import { realTool, runTool, toolOptions } from "./support/tools.js";

/**
 * Every machine config labc writes (`labc talos config`), and every one talhelper genconfig makes
 * from labc's talconfig.yaml, accepted by the real `talosctl validate --mode metal`, on Talos 1.10
 * to 1.14. talosctl v1.14.1's `--strict` turns its warnings into errors, and it warns about fields
 * 1.14 deprecated that older lines still need (`.machine.files`: the containerd drop-in), so it is
 * used on 1.14 only; on 1.10-1.13 the check is that talosctl reports no error.
 */
const tool = realTool("talosctl");
const version = "version" in tool ? tool.version : "(not built)";

function validate(tree: TalosTree, name: string, content: string, strict: boolean): void {
  const file = join(tree.root, `talosctl-${name}`);
  writeFileSync(file, content, { mode: 0o600 });
  const run = runTool("talosctl", ["validate", "--config", file, "--mode", "metal", ...(strict ? ["--strict"] : [])], { env: { HOME: tree.home } });
  // Only talosctl's own messages are shown: they name fields, never values.
  const said = `${run.stdout}${run.stderr}`;
  assert.equal(run.status, 0, `${name}: talosctl validate${strict ? " --strict" : ""} failed:\n${said}`);
  assert.match(run.stdout, /is valid for metal mode/, `${name}: ${said}`);
  assert.doesNotMatch(said, /error/i, `${name}: ${said}`);
  // Warnings about what labc itself chose (e.g. "updelay was not specified for 802.3ad bond"); the
  // deprecation of .machine.files on 1.14 is the one warning older lines make unavoidable.
  assert.deepEqual(said.split("\n").filter((l) => /WARNING/.test(l) && !/\.machine\.files is deprecated/.test(l)), [], `${name}: ${said}`);
}

for (const c of talosCases()) {
  for (const line of TALOS_LINES) {
    const strict = line.line === "1.14";
    test(`talosctl ${version} validate${strict ? " --strict" : ""}: ${c.name} on Talos ${line.talos}, labc talos config`, toolOptions("talosctl"), () => {
      const tree = talosTree(c, line);
      for (const [name, content] of tree.configs) validate(tree, name, content, strict);
    });
    // talhelper v3.1.16 cannot generate 1.14 configs (LAB2034; talhelper.test.ts asserts it).
    if (line.line === "1.14") continue;
    test(`talosctl ${version} validate: ${c.name} on Talos ${line.talos}, talhelper genconfig`, toolOptions("talosctl", "talhelper"), () => {
      const tree = talosTree(c, line);
      const gen = talhelperGenconfig(tree);
      assert.equal(gen.run.status, 0, `talhelper genconfig failed:\n${gen.run.stderr}`);
      assert.ok(gen.configs.size > 0, "talhelper genconfig wrote no machine config");
      for (const [name, content] of gen.configs) validate(tree, `talhelper-${name}`, content, false);
    });
  }
}
