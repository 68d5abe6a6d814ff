import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
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

/**
 * The setup editors/README.md gives, in Debian's Neovim: editors/vim on the runtimepath and
 * require("labc").setup(). Neovim is started in the folder above the project (standing in for
 * $HOME, which also holds a stray .lab file) and opens two files of the project.
 */
test("Neovim with the editors/vim recipe: one server for two files of a project, rooted at the project; Vim syntax groups; commentstring", { skip: hasNvim ? false : "nvim is not installed (apt-get install neovim)" }, () => {
  const dir = mkdtempSync(join(tmpdir(), "labc-nvim-"));
  try {
    const home = join(dir, "home");
    const project = join(home, "proj");
    mkdirSync(project, { recursive: true });
    mkdirSync(join(home, "notes"));
    writeFileSync(join(home, "notes", "stray.lab"), "app outsider {}\n");
    writeFileSync(join(project, "cluster.lab"), CLUSTER);
    const apps = `${APPS}app broken { depends = [nope] }\napp lit {\n  v6   = fd00::1/64 // note\n  note = "a\\tb\\qc"\n  text = """\n    x: 1\n  """\n}\n`;
    writeFileSync(join(project, "apps.lab"), apps);
    const lines = apps.split("\n");
    const at = (line: number, text: string) => [line, lines[line - 1]!.indexOf(text) + 1];
    // Each probe: the Vim syntax group there, and the semantic-token group (and the standard group it links to).
    const probes: [string, number[], string][] = [
      ["labDeclKeyword", at(1, "app"), "Keyword>Keyword"],
      ["labDeclName", at(1, "cilium"), "Declaration>Function"],
      ["labProperty", at(2, "internal-gateway"), "Property>Identifier"],
      ["labOperator", at(2, "="), "Operator>Operator"],
      ["labIP", at(2, "192"), "Number>Number"],
      ["labIn", at(7, "in"), "Keyword>Keyword"],
      ["labNamespace", at(7, "default"), "Namespace>Include"],
      ["labStd", at(8, "std"), "Namespace>Include"],
      ["labStdApp", at(8, "app-template"), "Type>Type"],
      ["labReference", at(9, "cert-manager"), "Variable>Identifier"],
      ["labIPv6", at(13, "fd00"), "Number>Number"],
      ["labLineComment", at(13, "//"), "Comment>Comment"],
      ["labString", at(14, '"a'), "String>String"],
      ["labEscape", at(14, "\\t"), "String>String"],
      ["labInvalidEscape", at(14, "\\q"), "String>String"],
      ["labTripleString", at(15, '"""'), "String>String"],
      ["labTripleString", at(16, "x: 1"), "String>String"],
    ];
    const [editLine, editCol] = at(9, "cert-manager");
    const edit = { line: editLine, col: editCol, old: "cert-manager", new: "no-such-app" };
    cpSync(repoPath("test", "compiler", "lsp", "nvim", "recipe-check.lua"), join(dir, "recipe-check.lua"));
    const r = spawnSync("timeout", ["60", "nvim", "--headless", "--clean", "--cmd", `set rtp^=${repoPath("editors", "vim")}`, "-c", "filetype plugin on", "-c", "syntax on", "-c", `luafile ${join(dir, "recipe-check.lua")}`], {
      cwd: home,
      encoding: "utf8",
      env: {
        ...process.env,
        HOME: home,
        XDG_CONFIG_HOME: join(dir, "config"),
        XDG_DATA_HOME: join(dir, "data"),
        XDG_CACHE_HOME: join(dir, "cache"),
        XDG_STATE_HOME: join(dir, "state"),
        LAB_SERVER: join(here, "support", "server-entry.js"),
        LAB_PROJECT: project,
        LAB_PROBES: JSON.stringify(probes.map(([, p]) => p)),
        LAB_EDIT: JSON.stringify(edit),
      },
    });
    assert.equal(r.status, 0, `nvim exited ${r.status}: ${r.stderr}`);
    const out = JSON.parse(r.stdout.trim().split("\n").pop()!) as { clients: number; roots: string[]; commentstrings: string[]; filetypes: string[]; groups: string[]; stray: number; tokens: number[]; legend: string[]; semantic: string[]; edited: string };

    assert.equal(out.clients, 1, "one server for both files");
    assert.deepEqual(out.roots, [project]);
    assert.deepEqual(out.filetypes, ["lab", "lab"]);
    assert.deepEqual(out.commentstrings, ["// %s", "// %s"]);
    assert.deepEqual(out.groups, probes.map(([g]) => g));
    // Neovim 0.7 colours from labc's semantic tokens through editors/vim/lua/labc/semantic_highlight.lua.
    assert.deepEqual(out.semantic, probes.map(([, , s]) => `LabcSemantic${s}`));
    // After an edit the tokens are asked for again: the reference became an unknown name, an enum-like value.
    assert.equal(out.edited, "LabcSemanticEnumMember>Constant");
    assert.equal(out.stray, 0, "nothing outside the project was scanned");
    // The client can read the semantic tokens (0.7 does not colour from them): the first is `app`, a keyword.
    assert.ok(out.legend.includes("keyword") && out.tokens.length % 5 === 0 && out.tokens.length >= 5 * 20, JSON.stringify(out));
    assert.deepEqual(out.tokens.slice(0, 5), [0, 0, 3, out.legend.indexOf("keyword"), 0]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
