// Bundles the CLI with esbuild after tsc has type-checked it: one script instead of hundreds of
// modules (chevrotain alone pulls in ~600 lodash-es files), since startup is the bulk of a
// `labc build`.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import Handlebars from "handlebars";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const target = `${root}dist/bundle`;
// Built beside the old bundle and swapped in, so a failed build never leaves bin/labc.js without one.
const outdir = `${root}dist/.bundle-${process.pid}`;
rmSync(outdir, { recursive: true, force: true });
// The CLI as one CommonJS script: the loader (compiler/cli/boot/load-cli.ts) compiles it against a
// V8 code cache. Commands still load lazily: esbuild defers each module's body until an import()
// asks for it.
await build({
  absWorkingDir: root,
  entryPoints: { cli: "compiler/cli/main.ts" },
  outdir,
  outExtension: { ".js": ".cjs" },
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  // esbuild spawns its own binary; the Kubernetes client is large and only `labc bootstrap` needs it.
  external: ["esbuild", "@kubernetes/client-node"],
  // Bundled modules find labc's files (stdlib tables, templates) from where they run.
  define: { "import.meta.url": "__labcScriptUrl" },
  banner: { js: 'const __labcScriptUrl = require("node:url").pathToFileURL(__filename).href;' },
  charset: "ascii",
  // Also drops the comments, the one place esbuild keeps text that is not ASCII.
  minifyWhitespace: true,
  legalComments: "none",
  logLevel: "warning",
});
const cli = readFileSync(`${outdir}/cli.cjs`);
if (cli.some((byte) => byte > 0x7f)) throw new Error("dist/bundle/cli.cjs is not ASCII; the loader reads it as latin1");
const bundleId = createHash("sha256").update(cli).digest("base64url").slice(0, 16);
// labc: the loader; index: the package entry (`import { defineConfig } from "labc"` in lab.config.ts).
await build({
  absWorkingDir: root,
  entryPoints: { labc: "compiler/cli/boot/load-cli.ts", index: "compiler/index.ts" },
  outdir,
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  define: { __LABC_BUNDLE_ID__: JSON.stringify(bundleId) },
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
