import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { repoPath } from "../support/paths.js";
import { toolOptions, toolPath } from "./support/tools.js";
import { freePort, waitForHttp } from "./support/http.js";

/**
 * The VS Code extension in a real VS Code: code-server (VS Code 1.100 in the browser) with the
 * packaged .vsix installed, driven by headless Debian Chromium through playwright-core. The
 * extension starts this checkout's `bin/labc.js lsp --stdio` (the `labc.path` setting), and the
 * test reads what a person sees: the Problems panel, the hover, the quick fix, the completion list.
 *
 * Every step leaves a screenshot in a temporary folder; a failing step prints the folder and keeps
 * it (LABC_SCREENSHOTS=<dir> keeps them on success too).
 */
const CHROMIUM = "/usr/bin/chromium";
const STEP_MS = 45_000;

const CLUSTER = `cluster home {
  talos      = v1.10.7
  kubernetes = v1.33.4
  endpoint   = 192.168.31.240
  domain     = "example.com"
  repository = github("owner/home-ops")
  recipients = ["age1m4acj4mjupv5wgxtruey44wpq34tqkk7hkkj77566vy0t80gqfmsdmpcvk"]
}

network lan {
  cidr = 192.168.31.0/24
}

node cp-01 {
  role      = controlplane
  address   = 192.168.31.252
  network   = lna
  mac       = 00:11:22:33:44:55
  disk      = "/dev/sdb"
  schematic = "376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba"
}
`;
/** Where the one error is: `lna` on line 17, column 15 (1-based, as VS Code shows it). */
const ERROR_AT = { line: 17, column: 15 };

function options(): { skip?: string; timeout?: number } {
  const tools = toolOptions("code-server");
  if (tools.skip) return tools;
  if (!existsSync(CHROMIUM)) {
    const why = `${CHROMIUM} is missing (Debian's chromium package)`;
    if (process.env["LABC_REQUIRE_TOOLS"] === "1") throw new Error(`chromium is required here: ${why}`);
    return { skip: why };
  }
  return { timeout: 240_000 };
}

describe("VS Code (code-server) with the labc extension", options(), () => {
  let dir = "";
  let shots = "";
  let failed = false;
  let server: ChildProcess | undefined;
  let serverLog = "";
  let browser: Browser | undefined;
  let page: Page;
  let shotCount = 0;

  /** Runs one user-visible step; a screenshot records the screen after it, or at its failure. */
  async function step<T>(name: string, run: () => Promise<T>): Promise<T> {
    const shot = async (suffix: string) => {
      const file = join(shots, `${String(++shotCount).padStart(2, "0")}-${name}${suffix}.png`);
      await page?.screenshot({ path: file }).catch(() => {});
      return file;
    };
    try {
      const result = await run();
      await shot("");
      return result;
    } catch (error) {
      failed = true;
      const file = await shot("-FAILED");
      throw new Error(`${name}: ${error instanceof Error ? error.message : String(error)}\n  screenshot: ${file}\n  code-server log (tail): ${serverLog.slice(-2000)}`);
    }
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "labc-vscode-"));
    shots = process.env["LABC_SCREENSHOTS"] ?? join(dir, "screenshots");
    mkdirSync(shots, { recursive: true });
    const home = join(dir, "home");
    const userData = join(dir, "user-data");
    const extensions = join(dir, "extensions");
    const workspace = join(dir, "workspace");
    for (const d of [home, join(userData, "User"), extensions, workspace]) mkdirSync(d, { recursive: true });
    writeFileSync(join(workspace, "cluster.lab"), CLUSTER);
    writeFileSync(join(userData, "User", "settings.json"), JSON.stringify(settings(), null, 2));
    writeFileSync(join(dir, "config.yaml"), "auth: none\n");

    const vsix = join(dir, "labc.vsix");
    const pack = spawnSync(repoPath("node_modules", ".bin", "vsce"), ["package", "--no-dependencies", "--out", vsix], { cwd: repoPath("editors", "vscode"), encoding: "utf8", timeout: 120_000 });
    assert.equal(pack.status, 0, `vsce package: ${pack.stdout}${pack.stderr}`);

    const env = codeServerEnv(home);
    const common = ["--config", join(dir, "config.yaml"), "--user-data-dir", userData, "--extensions-dir", extensions];
    const install = spawnSync(toolPath("code-server"), [...common, "--install-extension", vsix], { env, encoding: "utf8", timeout: 60_000 });
    assert.equal(install.status, 0, `code-server --install-extension: ${install.stdout}${install.stderr}`);
    assert.match(install.stdout, /successfully installed/, install.stdout);

    const port = await freePort();
    server = spawn(
      toolPath("code-server"),
      [...common, "--bind-addr", `127.0.0.1:${port}`, "--auth", "none", "--disable-telemetry", "--disable-update-check", "--disable-workspace-trust", "--disable-getting-started-override", "--disable-proxy", workspace],
      { env, stdio: ["ignore", "pipe", "pipe"], detached: true },
    );
    server.stdout!.on("data", (d: Buffer) => (serverLog += d.toString()));
    server.stderr!.on("data", (d: Buffer) => (serverLog += d.toString()));
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, 30_000);

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      // Nothing but this machine: every host other than 127.0.0.1 resolves to nothing.
      args: ["--no-sandbox", "--disable-background-networking", "--disable-dev-shm-usage", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
      timeout: 30_000,
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(STEP_MS);
    await page.route("**/*", (route) => (new URL(route.request().url()).hostname === "127.0.0.1" ? route.continue() : route.abort()));

    await step("open-workspace", async () => {
      await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`, { timeout: 60_000 });
      await page.locator(".monaco-workbench").waitFor();
      await page.locator(".explorer-folders-view .monaco-list-row", { hasText: "cluster.lab" }).click();
      await page.locator(".monaco-editor .view-lines", { hasText: "cluster home" }).waitFor();
      // The extension activates on the lab language, starts the server, and the error shows.
      await page.locator(".monaco-editor .squiggly-error").first().waitFor({ timeout: 60_000 });
    });
  });

  after(async () => {
    await browser?.close().catch(() => {});
    if (server?.pid !== undefined && server.exitCode === null) {
      // The process group: code-server, its extension host and the labc server it started.
      try {
        process.kill(-server.pid, "SIGKILL");
      } catch {
        /* already gone */
      }
    }
    if (failed) console.log(`# VS Code screenshots kept in ${shots}`);
    else rmSync(dir, { recursive: true, force: true });
  });

  test("the Problems panel lists the LAB code at its line and column", async () => {
    await step("problems", async () => {
      await page.keyboard.press("Control+Shift+M");
      const row = page.locator(".markers-panel .monaco-list-row", { hasText: "LAB1002" });
      await row.waitFor();
      const text = (await row.innerText()).replace(/\s+/g, " ");
      assert.match(text, /unknown network 'lna'; did you mean 'lan'\?/);
      assert.match(text, new RegExp(`\\[Ln ${ERROR_AT.line}, Col ${ERROR_AT.column}\\]`));
      assert.equal(await page.locator(".markers-panel .monaco-list-row", { hasText: /LAB\d{4}/ }).count(), 1, "one diagnostic");
    });
  });

  test("hovering the error shows its message", async () => {
    await step("hover", async () => {
      const squiggle = page.locator(".monaco-editor .squiggly-error").first();
      const box = await squiggle.boundingBox();
      assert.ok(box, "the squiggle is on screen");
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      const hover = page.locator(".monaco-hover:visible", { hasText: "unknown network 'lna'" });
      await hover.waitFor();
      assert.match(await hover.innerText(), /LAB1002/);
    });
    await page.mouse.move(5, 5);
    await page.keyboard.press("Escape");
  });

  test("the quick fix replaces the unknown name and the error goes away", async () => {
    await step("quick-fix-menu", async () => {
      await goTo(page, ERROR_AT.line, ERROR_AT.column + 1);
      await page.keyboard.press("Control+.");
      await page.locator(".action-widget", { hasText: "Replace with 'lan'" }).waitFor();
    });
    await step("quick-fix-applied", async () => {
      // The fix is the focused entry ("Enter to Apply"), as a person applies it.
      assert.match(await page.locator(".action-widget .monaco-list-row.focused").innerText(), /Replace with 'lan'/);
      await page.keyboard.press("Enter");
      await page.locator(".monaco-editor .view-line", { hasText: /network\s+=\s+lan$/ }).waitFor();
      await page.locator(".monaco-editor .squiggly-error").first().waitFor({ state: "detached" });
      await page.locator(".markers-panel .monaco-list-row", { hasText: "LAB1002" }).waitFor({ state: "detached" });
      assert.match(await page.locator(".markers-panel").innerText(), /No problems have been detected/);
    });
  });

  test("completion inside a node block offers the node's fields, not those already set", async () => {
    const labels = await step("completion-list", async () => {
      // A new line inside `node cp-01 { … }`, after the mac line.
      await goTo(page, ERROR_AT.line + 1, 1);
      await page.keyboard.press("End");
      await page.keyboard.press("Enter");
      await page.keyboard.press("Control+Space");
      await page.locator(".suggest-widget .monaco-list-row").first().waitFor();
      return page.locator(".suggest-widget .monaco-list-row .label-name").allInnerTexts();
    });
    assert.ok(labels.length > 0);
    for (const set of ["role", "address", "network", "mac", "disk", "schematic"]) assert.ok(!labels.includes(set), `${set} is already set: ${labels.join()}`);
    await step("completion-filtered", async () => {
      await page.keyboard.type("kern");
      const item = page.locator(".suggest-widget .monaco-list-row", { hasText: "kernel-modules" });
      await item.waitFor();
      await page.keyboard.press("Enter");
      await page.locator(".monaco-editor .view-line", { hasText: /^\s*kernel-modules/ }).waitFor();
    });
  });

  function settings(): Record<string, unknown> {
    return {
      "labc.path": repoPath("bin", "labc.js"),
      "telemetry.telemetryLevel": "off",
      "update.mode": "none",
      "extensions.autoCheckUpdates": false,
      "extensions.autoUpdate": false,
      "extensions.ignoreRecommendations": true,
      "security.workspace.trust.enabled": false,
      "workbench.startupEditor": "none",
      "workbench.tips.enabled": false,
      "workbench.enableExperiments": false,
      "chat.commandCenter.enabled": false,
      "git.enabled": false,
      "editor.hover.delay": 200,
      // Only the server's completions, not words picked from the file.
      "editor.wordBasedSuggestions": "off",
      "editor.quickSuggestions": { other: false, comments: false, strings: false },
      "editor.minimap.enabled": false,
    };
  }
});

/**
 * Puts the cursor at a 1-based line and column with Go to Line. In the browser Ctrl+G can open
 * Quick Open instead; ":line:col" means the same in both.
 */
async function goTo(page: Page, line: number, column: number): Promise<void> {
  await page.keyboard.press("Escape");
  await page.keyboard.press("Control+G");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor();
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press("Enter");
  await input.waitFor({ state: "hidden" });
}

/** code-server's environment: a home of its own, and no gallery or proxy outside this machine. */
function codeServerEnv(home: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env["PATH"] ?? "/usr/bin:/bin",
    HOME: home,
    XDG_CONFIG_HOME: join(home, ".config"),
    XDG_DATA_HOME: join(home, ".local", "share"),
    XDG_CACHE_HOME: join(home, ".cache"),
    // The marketplace is another host; point it at a closed loopback port.
    EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: "http://127.0.0.1:9/gallery", itemUrl: "http://127.0.0.1:9/item" }),
  };
}
