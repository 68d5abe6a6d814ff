import { test } from "node:test";
import assert from "node:assert/strict";
import { parse, type ParseResult } from "../../../lang/parser/parse.js";
import { reparse } from "../../../lang/parser/reparse.js";
import { seededRandom } from "../../support/seeded-random.js";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { repoPath } from "../../support/paths.js";

/** The .lab files of the examples and the golden cases. */
function corpusTexts(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(dir, entry.name));
      else if (entry.name.endsWith(".lab")) out.push(readFileSync(join(dir, entry.name), "utf8"));
    }
  };
  walk(repoPath("examples"));
  walk(repoPath("test", "fixtures"));
  return out;
}

const FILE = "/project/apps.lab";

/** A file of many declarations, with comments and an import between them, as an editor holds it. */
function workspaceText(): string {
  const out = ['import "nodes.lab"', "", "// the apps", "secret cf = env(\"CF_TOKEN\")", ""];
  for (let i = 0; i < 12; i++) {
    out.push(
      `app svc-${i} in apps {`,
      "  chart = std.app-template",
      `  values { service { app { ports { http { port = ${8000 + i} } } } } } // port ${i}`,
      `  depends = [${i > 0 ? `svc-${i - 1}` : "cf"}]`,
      "}",
      i === 5 ? 'import "more.lab"' : `/* after ${i} */`,
      "",
    );
  }
  out.push("node n-1 {", "  role = worker", "}");
  return out.join("\n");
}


/** Keystrokes and pastes, valid and not: digits, names, braces, quotes, comment openers, a whole declaration. */
const PIECES = ["7", "x", "-", " ", "\n", "{", "}", "[", "]", '"', "=", "// note", "/*", "*/", "app extra {", "}\napp extra {}\n", ""];

test("a re-parse of one declaration is exactly the full parse, whatever the edit", () => {
  for (const seed of [1, 2, 3]) {
    const random = seededRandom(seed);
    let clean = { text: workspaceText(), parsed: parse(workspaceText(), FILE) };
    let broken: typeof clean | undefined;
    let reused = 0;
    for (let i = 0; i < 400; i++) {
      const { text, parsed: previous } = broken ?? clean;
      // Edits land anywhere, with a bias to the bodies, where typing happens.
      const at = Math.floor(random() * text.length);
      const removed = random() < 0.6 ? 0 : Math.floor(random() * 4);
      const next = text.slice(0, at) + PIECES[Math.floor(random() * PIECES.length)] + text.slice(at + removed);
      const full = parse(next, FILE);
      const partial = reparse(previous, next, FILE);
      if (partial) {
        reused++;
        assert.deepStrictEqual(partial.ast, full.ast, `seed ${seed}, edit ${i}`);
        assert.deepStrictEqual(partial.diagnostics, full.diagnostics, `seed ${seed}, edit ${i}`);
        assert.deepStrictEqual(partial.lines.position(next.length), full.lines.position(next.length));
      }
      // An edit that breaks the file is sometimes typed on once, then undone, as a user would.
      const result = { text: next, parsed: partial ?? full };
      if (full.diagnostics.length === 0) [clean, broken] = [result, undefined];
      else broken = !broken && random() < 0.3 ? result : undefined;
    }
    assert.ok(reused > 40, `seed ${seed}: only ${reused} edits re-parsed one declaration`);
  }
});

test("a re-parse keeps the trees of the declarations before the edit and moves those after it, in place", () => {
  const text = workspaceText();
  const previous = parse(text, FILE);
  const at = text.indexOf("port = 8003");
  const next = `${text.slice(0, at)}\n${text.slice(at)}`; // one more character and one more line
  const index = previous.ast.declarations.findIndex((d) => d.name?.name === "svc-3");
  const was = { ...previous.ast.declarations[index + 1]!.span.start };
  const lastComment = previous.ast.comments.at(-1)!;
  const commentWas = { ...lastComment.span.start };
  const partial = reparse(previous, next, FILE);
  assert.ok(partial, "an edit inside a body re-parses that declaration");
  const edited = partial.ast.declarations.findIndex((d) => d.name?.name === "svc-3");
  assert.equal(partial.ast.declarations[edited - 1], previous.ast.declarations[edited - 1]);
  assert.notEqual(partial.ast.declarations[edited], previous.ast.declarations[edited]);
  // The declarations after the edit are the same objects, moved: what is kept per syntax node is found again.
  const after = partial.ast.declarations[edited + 1]!;
  assert.equal(after, previous.ast.declarations[edited + 1]);
  assert.deepEqual(after.span.start, { line: was.line + 1, column: was.column, offset: was.offset + 1 });
  assert.equal(partial.ast.comments.at(-1), lastComment);
  assert.deepEqual(lastComment.span.start, { line: commentWas.line + 1, column: commentWas.column, offset: commentWas.offset + 1 });
  assert.deepStrictEqual(partial.ast, parse(next, FILE).ast);
});

/** Every position object of a tree, with how many spans hold it. */
function positionsOf(tree: unknown, seen = new Map<object, number>()): Map<object, number> {
  if (tree === null || typeof tree !== "object") return seen;
  if (Array.isArray(tree)) {
    for (const item of tree) positionsOf(item, seen);
    return seen;
  }
  for (const [key, value] of Object.entries(tree)) {
    if (key === "span") for (const p of [value.start, value.end]) seen.set(p, (seen.get(p) ?? 0) + 1);
    else positionsOf(value, seen);
  }
  return seen;
}

test("no two spans of a parsed tree share a position object (a re-parse moves each one once)", () => {
  const texts = [workspaceText(), ...corpusTexts()];
  assert.ok(texts.length > 5);
  for (const text of texts) {
    const tree = parse(text, FILE).ast;
    const shared = [...positionsOf([tree.imports, tree.declarations, tree.comments])].filter(([, n]) => n > 1);
    assert.deepEqual(shared, [], `a position object held by several spans in a tree of ${text.slice(0, 40)}…`);
  }
});

test("edits a re-parse cannot vouch for are left to the full parse", () => {
  const text = workspaceText();
  const previous = parse(text, FILE);
  const header = text.indexOf("app svc-4 in apps") + "app svc-4".length;
  // In a declaration's header, before its `{`: what the grammar read before it may change.
  assert.equal(reparse(previous, `${text.slice(0, header)}x${text.slice(header)}`, FILE), undefined);
  // A string left open runs past the declaration.
  const inBody = text.indexOf("chart = std.app-template") + "chart = ".length;
  assert.equal(reparse(previous, `${text.slice(0, inBody)}"${text.slice(inBody)}`, FILE), undefined);
  // A `}` typed in a body ends the declaration early.
  assert.equal(reparse(previous, `${text.slice(0, inBody)}}${text.slice(inBody)}`, FILE), undefined);
  // The previous text had a syntax error in another declaration: that tree is a recovery guess.
  const elsewhere = text.indexOf("port = 8007") + "port = ".length;
  const brokenElsewhere = `${text.slice(0, elsewhere)}=${text.slice(elsewhere)}`;
  const broken = parse(brokenElsewhere, FILE);
  assert.ok(broken.diagnostics.length > 0);
  assert.equal(reparse(broken, `${brokenElsewhere.slice(0, inBody)}x${brokenElsewhere.slice(inBody)}`, FILE), undefined);
});

test("a syntax error in the edited declaration itself does not stop a re-parse: typing passes through such states", () => {
  const text = workspaceText();
  const at = text.indexOf("port = 8003") + "port = ".length;
  const emptied = `${text.slice(0, at)}${text.slice(at + 4)}`; // the value deleted, before the new one is typed
  const broken = parse(emptied, FILE);
  assert.ok(broken.diagnostics.length > 0, "the emptied value is an error");
  const retyped = `${emptied.slice(0, at)}9${emptied.slice(at)}`;
  const partial = reparse(broken, retyped, FILE);
  assert.ok(partial, "the first digit typed re-parses only that declaration");
  assert.deepStrictEqual(partial.ast, parse(retyped, FILE).ast);
  assert.deepStrictEqual(partial.diagnostics, []);
});
