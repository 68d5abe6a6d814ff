import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { repoPath } from "../../support/paths.js";
import { APPS, CLUSTER } from "./support/workspace.js";

/**
 * A client we did not write: Debian's Neovim (0.7.2) headless, attached to `labc lsp --stdio`,
 * reads back the pushed diagnostics, asks for a hover, edits the line and sees them cleared.
 * Skipped (with a message) only when `nvim` is not installed; CI installs it.
 */
const here = dirname(fileURLToPath(import.meta.url));
const hasNvim = spawnSync("nvim", ["--version"], { encoding: "utf8" }).status === 0;

test("Neovim headless receives labc's diagnostics, hover, and the clearing edit", { skip: hasNvim ? false : "nvim is not installed (apt-get install neovim)" }, () => {
  const dir = mkdtempSync(join(tmpdir(), "labc-nvim-"));
  try {
    const broken = CLUSTER.replace("network   = lan", "network   = lna");
    writeFileSync(join(dir, "cluster.lab"), broken);
    writeFileSync(join(dir, "apps.lab"), APPS);
    const line = broken.split("\n").findIndex((l) => l.includes("= lna")) + 1;
    // The Lua script sits in the source tree; tsc does not copy it to dist.
    cpSync(repoPath("test", "compiler", "lsp", "nvim", "lsp-check.lua"), join(dir, "lsp-check.lua"));
    const r = spawnSync("timeout", ["60", "nvim", "--headless", "--clean", "-c", `luafile ${join(dir, "lsp-check.lua")}`], {
      encoding: "utf8",
      env: {
        ...process.env,
        XDG_CACHE_HOME: join(dir, "cache"),
        XDG_STATE_HOME: join(dir, "state"),
        LAB_SERVER: join(here, "support", "server-entry.js"),
        LAB_FILE: join(dir, "cluster.lab"),
        LAB_FIX_LINE: String(line),
        LAB_FIX: "  network   = lan",
      },
    });
    assert.equal(r.status, 0, `nvim exited ${r.status}: ${r.stderr}`);
    const out = JSON.parse(r.stdout.trim().split("\n").pop()!) as { before: { lnum: number; col: number; end_col: number; code: string; severity: number; source: string; message: string }[]; hover: string; after: unknown[] };
    assert.deepEqual(out.before, [{ lnum: line - 1, col: 14, end_lnum: line - 1, end_col: 17, severity: 1, code: "LAB1002", source: "labc", message: "unknown network 'lna'; did you mean 'lan'?" }]);
    assert.match(out.hover, /unknown network `lna`/);
    assert.deepEqual(out.after, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
