import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fixturesRoot, repoPath } from "../support/paths.js";

export interface GoldenCase {
  readonly name: string;
  readonly entry: string;
  readonly expected: string;
}

/** The examples (homelab's expected tree is the committed out/) and every test/fixtures/<case>. */
export function goldenCases(): GoldenCase[] {
  const cases: GoldenCase[] = [
    { name: "homelab", entry: repoPath("examples", "homelab", "cluster.lab"), expected: repoPath("out") },
    { name: "ha", entry: repoPath("examples", "ha", "cluster.lab"), expected: repoPath("test", "fixtures", "example-ha", "expected") },
  ];
  if (existsSync(fixturesRoot)) {
    for (const name of readdirSync(fixturesRoot).sort()) {
      const entry = join(fixturesRoot, name, "input.lab");
      if (existsSync(entry)) cases.push({ name, entry, expected: join(fixturesRoot, name, "expected") });
    }
  }
  return cases;
}

/** Secret inputs the fixtures read with env(…): fixed, obviously fake values. */
/**
 * Several test files build the same fixtures and examples in place (their lock sits beside
 * cluster.lab), from parallel processes: they wait for each other rather than fail.
 */
export const SHARED_FIXTURE_WAIT = 180_000;

export const fixtureEnv: Record<string, string> = {
  SOPS_AGE_KEY_FILE: repoPath("examples", "homelab", "age.key"),
  LABC_FIXTURE_CLOUDFLARE_TOKEN: "fixture-cloudflare-token-0000",
  LABC_FIXTURE_WEBHOOK_TOKEN: "fixture-webhook-token-0000",
  LABC_FIXTURE_TUNNEL: JSON.stringify({ AccountTag: "fixture-account", TunnelSecret: "Zml4dHVyZS10dW5uZWwtc2VjcmV0", TunnelID: "00000000-0000-4000-8000-000000000000" }),
};
