import type { VersionPin } from "../../model/version-pins.js";
import { LOCK_SECTIONS } from "../../model/version-pins.js";
import { annotate, renovateComment, type PathComment } from "../../yaml/annotated.js";
import { toYaml } from "../../yaml/to-yaml.js";

/**
 * `versions.lock.yaml` beside cluster.lab: every version labc picked because cluster.lab sets
 * none, one line each under its Renovate comment, so Renovate bumps the source of the version
 * and a rebuild carries it into every file that uses it. labc reads it back on every build.
 */
export function renderVersionsLock(pins: readonly VersionPin[]): string {
  const data: Record<string, Record<string, string>> = {};
  const comments: PathComment[] = [];
  for (const pin of pins) {
    const section = LOCK_SECTIONS[pin.kind];
    (data[section] ??= {})[pin.depName] = pin.version;
    comments.push({ path: [section, pin.depName], text: renovateComment(pin.datasource, pin.depName) });
  }
  return toYaml([annotate(data, { header: HEADER, comments })]);
}

const HEADER = [
  "Written by labc build: the versions labc picked where cluster.lab sets none. labc reads this file on",
  "every build, so a version changed here (by hand or by Renovate) reaches every generated file that",
  "uses it. A version set in cluster.lab wins over this file. Delete an entry to take the default of",
  "the labc release you run; labc build writes it back.",
];
