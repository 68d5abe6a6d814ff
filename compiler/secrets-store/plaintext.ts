import type { DecryptedFile, SopsNode } from "../secrets/sops/index.js";
import { emitYamlDocuments } from "../secrets/sops/stores/yaml-writer.js";
import { formatRfc3339 } from "../secrets/sops/go-time.js";

function jsonNode(node: SopsNode, indent: string): string {
  const inner = `${indent}  `;
  switch (node.kind) {
    case "str":
      return JSON.stringify(node.value);
    case "int":
      return node.value.toString();
    case "float":
      return Number.isFinite(node.value) ? JSON.stringify(node.value) : JSON.stringify(String(node.value));
    case "bool":
      return node.value ? "true" : "false";
    case "null":
      return "null";
    case "time":
      return JSON.stringify(formatRfc3339(node.value));
    case "bytes":
      return JSON.stringify(Buffer.from(node.value).toString("utf8"));
    case "seq": {
      const items = node.items.filter((i): i is SopsNode => i.kind !== "comment");
      return items.length === 0 ? "[]" : `[\n${items.map((i) => inner + jsonNode(i, inner)).join(",\n")}\n${indent}]`;
    }
    case "map": {
      const pairs = node.items.flatMap((i) => (i.kind === "pair" ? [i] : []));
      return pairs.length === 0 ? "{}" : `{\n${pairs.map((p) => `${inner}${JSON.stringify(p.key)}: ${jsonNode(p.value, inner)}`).join(",\n")}\n${indent}}`;
    }
  }
}

function leafText(node: SopsNode | undefined): Buffer {
  if (!node) return Buffer.alloc(0);
  if (node.kind === "bytes") return Buffer.from(node.value);
  if (node.kind === "str") return Buffer.from(node.value, "utf8");
  return Buffer.from(jsonNode(node, ""), "utf8");
}

/**
 * A decrypted file in its own format, as `sops decrypt` prints it (without the metadata): YAML
 * with comments, JSON in key order, dotenv lines, or the raw bytes of a binary file.
 */
export function renderPlaintext(file: DecryptedFile): Buffer {
  switch (file.format) {
    case "yaml":
      return Buffer.from(emitYamlDocuments(file.branches, 2), "utf8");
    case "json":
      return Buffer.from(`${jsonNode(file.branches[0]!, "")}\n`, "utf8");
    case "dotenv": {
      const lines = file.branches[0]!.items.map((i) =>
        i.kind === "comment" ? `#${i.value}` : `${i.key}=${Buffer.from(leafText(i.value)).toString("utf8").replace(/\n/g, "\\n")}`,
      );
      return Buffer.from(lines.map((l) => `${l}\n`).join(""), "utf8");
    }
    case "binary": {
      const data = file.branches[0]!.items.find((i) => i.kind === "pair" && i.key === "data");
      return leafText(data?.kind === "pair" ? data.value : undefined);
    }
  }
}
