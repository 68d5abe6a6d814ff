import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, readFileSync, statSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { ParsedMemo } from "../../../compiler/files/parsed-memo.js";
import { removeDir, tempDir } from "../../support/tree.js";

function counting() {
  const calls: string[] = [];
  return { calls, parse: (text: string) => (calls.push(text), text === "none" ? undefined : { words: text.split(" "), nested: [[text.length]] }) };
}

test("a fact parsed once is taken from the memo while the text is the same, in this run and the next", () => {
  const dir = tempDir("parsed-memo");
  const file = join(dir, "labc", "parsed.json");
  try {
    const first = counting();
    const memo = ParsedMemo.open(file);
    const a = memo.get("k", "a b", first.parse);
    assert.deepEqual(memo.get("k", "a b", first.parse), a);
    assert.equal(memo.get("k", "none", first.parse), undefined);
    assert.deepEqual(first.calls, ["a b", "none"]);
    memo.save();
    assert.doesNotMatch(readFileSync(file, "utf8"), /"a b"/, "only hashes of the texts are kept");
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(statSync(join(dir, "labc")).mode & 0o777, 0o700);

    const second = counting();
    const again = ParsedMemo.open(file);
    assert.deepEqual(again.get("k", "a b", second.parse), a);
    assert.equal(again.get("k", "none", second.parse), undefined);
    assert.deepEqual(again.get("other kind", "a b", second.parse), a);
    assert.deepEqual(again.get("k", "a c", second.parse), { words: ["a", "c"], nested: [[3]] });
    assert.deepEqual(second.calls, ["a b", "a c"], "a changed text, or another kind of fact, is parsed");
  } finally {
    removeDir(dir);
  }
});

test("a damaged memo, or one others could write, costs a parse; entries unused for a week go", () => {
  const dir = tempDir("parsed-memo");
  const file = join(dir, "labc", "parsed.json");
  try {
    const memo = ParsedMemo.open(file);
    memo.get("k", "y", counting().parse);
    memo.save();

    writeFileSync(file, "{ not json");
    const damaged = counting();
    ParsedMemo.open(file).get("k", "y", damaged.parse);
    assert.deepEqual(damaged.calls, ["y"]);

    const good = ParsedMemo.open(file);
    good.get("k", "y", counting().parse);
    good.save();
    chmodSync(file, 0o666);
    const planted = counting();
    ParsedMemo.open(file).get("k", "y", planted.parse);
    assert.deepEqual(planted.calls, ["y"], "a memo others could write is not believed");
    chmodSync(file, 0o600);

    const today = Math.floor(Date.now() / 86_400_000);
    const data = JSON.parse(readFileSync(file, "utf8")) as { entries: Record<string, { day: number }> };
    for (const entry of Object.values(data.entries)) entry.day = today - 8;
    writeFileSync(file, JSON.stringify(data));
    const old = ParsedMemo.open(file);
    old.get("k", "new", counting().parse);
    old.save();
    const kept = Object.keys((JSON.parse(readFileSync(file, "utf8")) as { entries: object }).entries);
    assert.equal(kept.length, 1, "only the entry used this week is kept");

    const saved = readFileSync(file, "utf8");
    const none = ParsedMemo.none();
    none.get("k", "another", counting().parse);
    none.save();
    assert.ok(existsSync(file));
    assert.equal(readFileSync(file, "utf8"), saved, "a memo that keeps nothing writes nothing");
  } finally {
    removeDir(dir);
  }
});
