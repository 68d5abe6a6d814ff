import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ClusterModel } from "../../model/model.js";
import type { ReadmeInfo } from "./readme-view.js";
import { readmeView } from "./readme-view.js";
import { importOutside } from "../../runtime/bundle-runtime.js";

/**
 * README.md, rendered with handlebars from templates/readme.md.hbs. `npm run build` precompiles
 * the template (bin/build-bundle.mjs), so a build loads only the small handlebars runtime, and
 * only on first use: commands that never write the README (check, lsp) load nothing.
 */
export async function renderReadme(cluster: ClusterModel, info: ReadmeInfo): Promise<string> {
  const runtime = (await import("handlebars/runtime.js")).default as unknown as HandlebarsRuntime;
  const spec = (await importOutside<{ default: unknown }>(pathToFileURL(precompiledPath("readme.md")).href)).default;
  // An isolated environment: no helpers or partials leak in from other users of handlebars.
  const template = runtime.create().template(spec);
  const text = template(readmeView(cluster, info));
  return text.replace(/\n{3,}/g, "\n\n").replace(/\n*$/, "\n");
}

/** The part of handlebars' runtime used here (its published types describe only the full build). */
interface HandlebarsRuntime {
  create(): { template(spec: unknown): (context: unknown) => string };
}

/** dist/templates/<name>.js under the package root, from both dist/compiler/… and dist/bundle/…. */
function precompiledPath(name: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  const path = join(dir, "dist", "templates", `${name}.js`);
  if (!existsSync(path)) throw new Error(`the precompiled ${name} template is missing (${path}); run npm run build`);
  return path;
}
