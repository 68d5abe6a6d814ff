import type { SopsFormat } from "../secrets/sops/index.js";

/** The store sops picks for a path: by extension, binary for anything else. */
export function formatForPath(path: string): SopsFormat {
  const lower = path.toLowerCase();
  if (lower.endsWith(".yaml") || lower.endsWith(".yml")) return "yaml";
  if (lower.endsWith(".json")) return "json";
  if (lower.endsWith(".env")) return "dotenv";
  return "binary";
}
