import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ClusterModel } from "../../model/model.js";
import type { ReadmeInfo } from "./readme-view.js";
import { readmeView } from "./readme-view.js";

const templateName = "readme.md.hbs";

/**
 * README.md, rendered with handlebars from templates/readme.md.hbs. Handlebars is imported on
 * first use so commands that never write the README (check, lsp) do not load it.
 */
export async function renderReadme(cluster: ClusterModel, info: ReadmeInfo): Promise<string> {
  const { default: Handlebars } = await import("handlebars");
  // An isolated environment: no helpers or partials leak in from other users of handlebars.
  const hbs = Handlebars.create();
  // noEscape: the output is Markdown, not HTML. strict: a misspelt field is an error, not "".
  const template = hbs.compile(readFileSync(templatePath(), "utf8"), { noEscape: true, strict: true });
  const text = template(readmeView(cluster, info));
  return text.replace(/\n{3,}/g, "\n\n").replace(/\n*$/, "\n");
}

/**
 * tsc does not copy the .hbs file into dist/, so look beside this module first (running from
 * source) and then in the source tree under the package root (running from dist/).
 */
function templatePath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const beside = join(here, "templates", templateName);
  if (existsSync(beside)) return beside;
  let dir = here;
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  const inSource = join(dir, "compiler", "emit", "repo", "templates", templateName);
  if (existsSync(inSource)) return inSource;
  throw new Error(`README template not found (looked in ${beside} and ${inSource})`);
}
