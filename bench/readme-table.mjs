// Writes the bench's rows into README.md between its bench markers, so the performance table is
// the bench's output and not a copy of it. Used by run.mjs with BENCH_README=1.
import { readFileSync, writeFileSync } from "node:fs";

const START = "<!-- bench:start (written by BENCH_README=1 npm run bench) -->";
const END = "<!-- bench:end -->";

/** `rows` as run.mjs prints them; `about` is one line saying when and where they were measured. */
export function writeReadmeTable(readmePath, rows, about) {
  const text = readFileSync(readmePath, "utf8");
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start === -1 || end < start) throw new Error(`${readmePath} has no ${START} … ${END} section to write the table into`);
  const cell = (v) => String(v).replace(/\|/g, "\\|");
  const lines = [
    START,
    about,
    "",
    "| case | wall s | CPU s | × `node -e 0` (wall / CPU) | `node -e 0` beside it (wall / CPU s) | peak MiB | target |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...rows.map((r) => `| ${cell(r.case)} | ${r["wall s"]} | ${r["CPU s"]} | ${r["× node -e 0 (wall)"]} / ${r["× node -e 0 (CPU)"]} | ${r["node -e 0 s (wall / CPU)"]} | ${r["peak MiB"]} | ${cell(r.target)} |`),
    END,
  ];
  writeFileSync(readmePath, text.slice(0, start) + lines.join("\n") + text.slice(end + END.length));
}
