// Bundles the CLI with esbuild after tsc has type-checked it. One file per lazily loaded command
// instead of hundreds of modules (chevrotain alone pulls in ~600 lodash-es files): startup is the
// bulk of a `labc build`, so this is what keeps it fast.
import { build } from "esbuild";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import Handlebars from "handlebars";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const target = `${root}dist/bundle`;
// Built beside the old bundle and swapped in, so a failed build never leaves bin/labc.js without one.
const outdir = `${root}dist/.bundle-${process.pid}`;
rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  // labc: the CLI; index: the package entry (`import { defineConfig } from "labc"` in lab.config.ts).
  entryPoints: { labc: "compiler/cli/main.ts", index: "compiler/index.ts" },
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  // esbuild spawns its own binary; the Kubernetes client is large and only `labc bootstrap` needs it.
  external: ["esbuild", "@kubernetes/client-node"],
  // CommonJS dependencies (handlebars, @peculiar/x509) call require() for node built-ins.
  banner: { js: 'import { createRequire as __labcCreateRequire } from "node:module"; const require = __labcCreateRequire(import.meta.url);' },
  chunkNames: "chunks/[name]-[hash]",
  legalComments: "none",
  logLevel: "warning",
});
rmSync(target, { recursive: true, force: true });
renameSync(outdir, target);

// Prose templates, precompiled so a build needs only the handlebars runtime. noEscape: the output
// is Markdown, not HTML; strict: a misspelt field is an error, not an empty string.
const templates = `${root}compiler/emit/repo/templates`;
mkdirSync(`${root}dist/templates`, { recursive: true });
for (const file of readdirSync(templates).filter((f) => f.endsWith(".hbs"))) {
  const spec = Handlebars.precompile(readFileSync(`${templates}/${file}`, "utf8"), { noEscape: true, strict: true });
  writeFileSync(`${root}dist/templates/${file.replace(/\.hbs$/, "")}.js`, `export default ${spec};\n`);
}
