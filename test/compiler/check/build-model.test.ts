import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { compileText } from "../../../compiler/pipeline/compile.js";
import { repoPath } from "../../support/paths.js";

test("the repository's sync URL ends in .git for public and private repositories alike, as cluster-template writes it", () => {
  const base = readFileSync(repoPath("test/errors/cases/_base.lab"), "utf8");
  const url = (visibility: string) =>
    compileText(base.replace('github("owner/home-ops")', `github("owner/home-ops"${visibility})`), "cluster.lab").model?.repository.url;
  assert.equal(url(""), "https://github.com/owner/home-ops.git");
  assert.equal(url(", visibility: private"), "ssh://git@github.com/owner/home-ops.git");
});
