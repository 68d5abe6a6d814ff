import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { repoPath } from "../../support/paths.js";

/**
 * A real program our output feeds, as test/interop/tools.sh pins and builds it, or an editor the
 * end-to-end editor tests drive, as test/interop/editor-tools.sh pins and installs it.
 */
export interface RealTool {
  readonly name: string;
  readonly version: string;
  readonly path: string;
}

let listed: Map<string, RealTool> | undefined;

function toolList(): Map<string, RealTool> {
  if (listed) return listed;
  listed = new Map();
  for (const script of ["tools.sh", "editor-tools.sh"]) {
    const run = spawnSync("bash", [repoPath("test", "interop", script), "--list"], { encoding: "utf8" });
    if (run.status !== 0) throw new Error(`${script} --list failed: ${run.stderr}`);
    for (const line of run.stdout.trim().split("\n")) {
      const [name, version, path] = line.split(" ");
      if (name && version && path) listed.set(name, { name, version, path });
    }
  }
  return listed;
}

/**
 * The built tool, or a skip reason naming why it is not there. With LABC_REQUIRE_TOOLS=1 (set by
 * .ci/run) a missing tool is a failure instead: CI must never pass by skipping the real checks.
 */
export function realTool(name: string): RealTool | { readonly skip: string } {
  const tool = toolList().get(name);
  if (!tool) throw new Error(`tools.sh pins no tool named ${name}`);
  if (existsSync(tool.path)) return tool;
  const failed = `${tool.path.slice(0, tool.path.lastIndexOf("/"))}.failed`;
  const why = existsSync(failed)
    ? readFileSync(failed, "utf8").split("\n").slice(0, 3).join(" ")
    : `${name} ${tool.version} is not built (run test/interop/tools.sh)`;
  if (process.env["LABC_REQUIRE_TOOLS"] === "1") throw new Error(`${name} is required here: ${why}`);
  return { skip: why };
}

/** For `test(name, toolOptions("sops"), …)`: skips the test, with the reason, when the tool is missing. */
export function toolOptions(...names: string[]): { skip?: string } {
  for (const name of names) {
    const tool = realTool(name);
    if ("skip" in tool) return { skip: tool.skip };
  }
  return {};
}

/** The path of a tool known to be present (call after toolOptions allowed the test to run). */
export function toolPath(name: string): string {
  const tool = realTool(name);
  if ("skip" in tool) throw new Error(tool.skip);
  return tool.path;
}

export interface ToolRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a real tool with no network-facing environment leaking in from the developer's shell. */
export function runTool(name: string, args: readonly string[], options: { cwd?: string; env?: Record<string, string>; input?: string } = {}): ToolRun {
  const env: Record<string, string> = { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: process.env["HOME"] ?? "/tmp", ...options.env };
  const run = spawnSync(toolPath(name), [...args], { cwd: options.cwd, env, input: options.input, encoding: "utf8", maxBuffer: 256 * 1024 * 1024, timeout: 300_000 });
  if (run.error) throw run.error;
  return { status: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
}
