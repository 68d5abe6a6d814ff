import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { copyFileSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { repoPath } from "../../support/paths.js";
import { readTree, removeDir, tempDir } from "../../support/tree.js";

/** Collects a child's stdout and waits for a line matching a pattern after a given offset. */
class Output {
  text = "";
  constructor(child: ChildProcessWithoutNullStreams) {
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (this.text += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (this.text += chunk));
  }

  /** Resolves with the output from `from` up to the first match, or fails after `ms`. */
  async waitFor(pattern: RegExp, from: number, ms = 60_000): Promise<string> {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      const tail = this.text.slice(from);
      if (pattern.test(tail)) return tail;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out waiting for ${pattern}; output so far:\n${this.text.slice(from)}`);
  }
}

test("build --watch: rebuilds on every .lab change, prints what changed, survives errors, exits 0 on Ctrl-C", async () => {
  const project = tempDir("watch-src");
  const out = join(project, "out");
  for (const f of ["cluster.lab", "age.key", "secrets.sops.yaml", "talsecret.sops.yaml"]) copyFileSync(repoPath("examples", "homelab", f), join(project, f));
  const lab = join(project, "cluster.lab");
  const original = readFileSync(lab, "utf8");
  const env = { ...process.env, NO_COLOR: "1", SOPS_AGE_KEY_FILE: join(project, "age.key") };
  const child = spawn(process.execPath, [repoPath("bin", "labc.js"), "build", "cluster.lab", "--out", "out", "--watch"], { cwd: project, env });
  const output = new Output(child);
  try {
    let mark = 0;
    let seen = await output.waitFor(/built out: \d+ written/, mark);
    assert.match(seen, /watching 1 \.lab file under \.; Ctrl-C to stop/);
    assert.doesNotMatch(seen, /added {3}kubernetes/, "the first build prints a count, not every file");

    // A change: only the affected output file is listed.
    mark = output.text.length;
    writeFileSync(lab, original.replace('tag = "37"', 'tag = "38"'));
    seen = await output.waitFor(/built out: .*\n/, mark);
    assert.match(seen, /^changed cluster\.lab$/m);
    assert.match(seen, /^ {2}changed kubernetes\/apps\/default\/echo\/app\/helmrelease\.yaml$/m);
    assert.equal(seen.match(/^ {2}(changed|added|removed) /gm)?.length, 1, seen);
    assert.match(readFileSync(join(out, "kubernetes/apps/default/echo/app/helmrelease.yaml"), "utf8"), /tag: "38"/);

    // A new file in a subfolder, imported: its app's files are added.
    mark = output.text.length;
    writeFileSync(join(project, "extra.lab"), 'app whoami in default {\n  chart = std.app-template\n  values { controllers { whoami { containers { app { image { repository = "traefik/whoami"  tag = "v1.10.1" } } } } } }\n}\n');
    seen = await output.waitFor(/built out: .*\n/, mark);
    assert.match(seen, /^added {3}extra\.lab$/m);
    assert.match(seen, /nothing changed/, "not imported yet: same output");
    mark = output.text.length;
    writeFileSync(lab, `import "extra.lab"\n${readFileSync(lab, "utf8")}`);
    seen = await output.waitFor(/built out: .*\n/, mark);
    assert.match(seen, /^ {2}added {3}kubernetes\/apps\/default\/whoami\/ks\.yaml$/m);

    // A syntax error: diagnostics, the tree untouched, still watching.
    const before = readTree(out);
    mark = output.text.length;
    writeFileSync(lab, `${readFileSync(lab, "utf8")}\nnode {\n`);
    seen = await output.waitFor(/build failed; out was left as it was/, mark);
    assert.match(seen, /error LAB0\d{3}/);
    assert.deepEqual(readTree(out), before);

    // Fixed, and the import dropped: the next save recovers and removes the app's files.
    mark = output.text.length;
    writeFileSync(lab, original);
    seen = await output.waitFor(/built out: .*\n/, mark);
    assert.match(seen, /^ {2}removed kubernetes\/apps\/default\/whoami\/ks\.yaml$/m);
    assert.match(seen, /^ {2}changed kubernetes\/apps\/default\/echo\/app\/helmrelease\.yaml$/m);

    // Removing the stray file is reported; nothing to rebuild in the output.
    mark = output.text.length;
    rmSync(join(project, "extra.lab"));
    seen = await output.waitFor(/built out: .*\n/, mark);
    assert.match(seen, /^removed extra\.lab$/m);

    mark = output.text.length;
    const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGINT");
    assert.equal(await exit, 0, output.text.slice(mark));
  } finally {
    child.kill("SIGKILL");
    removeDir(project);
  }
});
