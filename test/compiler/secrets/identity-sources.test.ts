// Age identity discovery in sops' order, plus the project-local age.key; keys never leak into
// the report. All key files live in a temp dir that is removed afterwards.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import {
  defaultKeyFilePath,
  discoverAgeIdentities,
  findAgeIdentities,
  generateIdentity,
  identityToRecipient,
} from "../../../compiler/secrets/index.js";

let root: string;
let home: string;
let project: string;
let keys: string[];

before(async () => {
  root = mkdtempSync(join(tmpdir(), "labc-age-ids-"));
  home = join(root, "home");
  project = join(root, "project");
  mkdirSync(join(home, ".config", "sops", "age"), { recursive: true });
  mkdirSync(project);
  keys = [await generateIdentity(), await generateIdentity(), await generateIdentity()];
  writeFileSync(
    join(home, ".config", "sops", "age", "keys.txt"),
    `# created: 2024-01-01T00:00:00Z\n# public key: ${await identityToRecipient(keys[1]!)}\n${keys[1]}\n\nAGE-SECRET-KEY-1NOTAKEY\n`,
    { mode: 0o600 },
  );
  writeFileSync(join(project, "age.key"), `${keys[2]}\n${keys[0]}\n`, { mode: 0o600 });
});

after(() => rmSync(root, { recursive: true, force: true }));

test("looks in SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, SOPS_AGE_KEY_CMD, the user config dir, then ./age.key", async () => {
  const found = await discoverAgeIdentities({
    env: { SOPS_AGE_KEY: `# comment\n${keys[0]}\n`, SOPS_AGE_KEY_FILE: join(root, "missing.txt") },
    platform: "linux",
    homeDir: home,
    projectDir: project,
  });
  const configFile = join(home, ".config", "sops", "age", "keys.txt");
  assert.deepEqual(found.searched, [
    "SOPS_AGE_KEY",
    `SOPS_AGE_KEY_FILE=${join(root, "missing.txt")}`,
    "SOPS_AGE_KEY_CMD",
    configFile,
    join(project, "age.key"),
  ]);
  assert.deepEqual(found.identities, [keys[0], keys[1], keys[2]]);
  assert.deepEqual(found.recipients, await Promise.all(found.identities.map(identityToRecipient)));
  assert.deepEqual(
    found.sources.map((s) => [s.status, s.count]),
    [["loaded", 1], ["missing", 0], ["not-set", 0], ["loaded", 1], ["loaded", 2]],
  );
  const config = found.sources.find((s) => s.location === configFile)!;
  assert.deepEqual(config.problems, ["line 5 is not an age identity"]);
  assert.ok(!JSON.stringify(found.sources).includes("AGE-SECRET-KEY"));
});

test("nothing found: no identities, and every place looked at is listed", async () => {
  const found = await discoverAgeIdentities({ env: {}, platform: "linux", homeDir: join(root, "nohome"), projectDir: join(root, "nowhere") });
  assert.deepEqual(found.identities, []);
  assert.deepEqual(found.searched, [
    "SOPS_AGE_KEY",
    "SOPS_AGE_KEY_FILE",
    "SOPS_AGE_KEY_CMD",
    join(root, "nohome", ".config", "sops", "age", "keys.txt"),
    join(root, "nowhere", "age.key"),
  ]);
});

test("the user config dir follows Go's os.UserConfigDir, with sops' XDG override on macOS", () => {
  assert.equal(defaultKeyFilePath({ env: {}, platform: "linux", homeDir: "/h" }), "/h/.config/sops/age/keys.txt");
  assert.equal(defaultKeyFilePath({ env: { XDG_CONFIG_HOME: "/x" }, platform: "linux", homeDir: "/h" }), "/x/sops/age/keys.txt");
  assert.equal(defaultKeyFilePath({ env: { XDG_CONFIG_HOME: "rel" }, platform: "linux", homeDir: "/h" }), undefined);
  assert.equal(
    defaultKeyFilePath({ env: {}, platform: "darwin", homeDir: "/Users/u" }),
    "/Users/u/Library/Application Support/sops/age/keys.txt",
  );
  assert.equal(defaultKeyFilePath({ env: { XDG_CONFIG_HOME: "/x" }, platform: "darwin", homeDir: "/Users/u" }), "/x/sops/age/keys.txt");
});

test("SOPS_AGE_KEY_CMD runs the command (split like a shell) and reads keys from its output", async () => {
  let argv: readonly string[] = [];
  const found = await discoverAgeIdentities({
    env: { SOPS_AGE_KEY_CMD: `pass show "age key" --raw` },
    platform: "linux",
    homeDir: join(root, "nohome"),
    runCommand: (a) => {
      argv = a;
      return `${keys[2]}\n`;
    },
  });
  assert.deepEqual(argv, ["pass", "show", "age key", "--raw"]);
  assert.deepEqual(found.identities, [keys[2]]);
  const failing = await discoverAgeIdentities({
    env: { SOPS_AGE_KEY_CMD: "false" },
    platform: "linux",
    homeDir: join(root, "nohome"),
    runCommand: () => {
      throw new Error(`boom ${keys[0]}`);
    },
  });
  assert.deepEqual(failing.sources.find((s) => s.location === "SOPS_AGE_KEY_CMD")?.problems, ["command failed"]);
});

test("findAgeIdentities: the same search, with several project directories", async () => {
  const found = await findAgeIdentities({ env: {}, platform: "linux", homeDir: home, directories: [project, root] });
  assert.deepEqual(found.identities, [keys[1], keys[2], keys[0]]);
  assert.ok(found.searched.includes(join(root, "age.key")));
});

test("skipped: why each source that was set gave no key, never its key material or the command's output", async () => {
  const unreadable = join(root, "key-dir");
  mkdirSync(unreadable, { recursive: true });
  const found = await discoverAgeIdentities({
    env: { SOPS_AGE_KEY: "not-a-key", SOPS_AGE_KEY_FILE: unreadable, SOPS_AGE_KEY_CMD: "helper" },
    platform: "linux",
    homeDir: join(root, "nohome"),
    runCommand: () => {
      throw Object.assign(new Error(`Command failed: helper\n${keys[0]}`), { status: 4 });
    },
  });
  assert.deepEqual(found.identities, []);
  assert.deepEqual(found.skipped, [
    "SOPS_AGE_KEY: line 1 is not an age identity",
    `SOPS_AGE_KEY_FILE=${unreadable}: cannot read: it is a directory`,
    "SOPS_AGE_KEY_CMD: command failed: it exited with status 4",
  ]);
  const empty = await discoverAgeIdentities({ env: { SOPS_AGE_KEY: "# only a comment\n", SOPS_AGE_KEY_CMD: "'open" }, platform: "linux", homeDir: join(root, "nohome") });
  assert.deepEqual(empty.skipped, ["SOPS_AGE_KEY: holds no age identity", "SOPS_AGE_KEY_CMD: the command line is not valid (unterminated quote)"]);
  assert.ok(!JSON.stringify([found, empty].map((f) => f.skipped)).includes("AGE-SECRET-KEY"));
});
