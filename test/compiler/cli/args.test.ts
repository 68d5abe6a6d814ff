import { test } from "node:test";
import assert from "node:assert/strict";
import { formatFlag, parseCommandArgs } from "../../../compiler/cli/args.js";
import { UsageError } from "../../../compiler/cli/usage-error.js";
import { build, status, secretSet } from "../../../compiler/cli/usage/command-table.js";

test("flags come from the command's table entry: listed ones parse, others are usage errors naming --help", () => {
  const { values, positionals } = parseCommandArgs(["cluster.lab", "-o", "repo", "--dry-run", "--format", "json"], build);
  assert.deepEqual(positionals, ["cluster.lab"]);
  assert.deepEqual({ ...values }, { out: "repo", "dry-run": true, format: "json" });
  assert.throws(() => parseCommandArgs(["--verbose"], build), (e: unknown) => e instanceof UsageError && /Unknown option '--verbose'; run 'labc build --help'/.test(e.message));
  assert.throws(() => parseCommandArgs(["a.lab", "b.lab"], build), /unexpected argument 'b\.lab'/);
  // secret set takes any number of words so that it can refuse a value without echoing it.
  assert.deepEqual(parseCommandArgs(["NAME", "value"], secretSet).positionals, ["NAME", "value"]);
});

test("--format is checked against its listed values; --json is the same as --format json", () => {
  const parse = (args: string[]) => formatFlag(parseCommandArgs(args, status).values, ["text", "json"]);
  assert.equal(parse([]), "text");
  assert.equal(parse(["--json"]), "json");
  assert.equal(parse(["--format", "json"]), "json");
  assert.equal(parse(["--format", "json", "--json"]), "json");
  assert.throws(() => parse(["--format", "yaml"]), /--format takes text, json, not 'yaml'/);
  assert.throws(() => parse(["--format", "text", "--json"]), /--json and --format text disagree/);
});
