// Loads an encrypted file of any supported store into trees plus metadata, with the `sops` key
// removed from every document (sops takes the metadata from the first document only).
import { SopsFormatError } from "../../errors.js";
import { readMetadata, type SopsMetadata } from "../metadata.js";
import { toPlain, type SopsMapping, type SopsNode } from "../tree.js";
import { readDotenv } from "./dotenv-reader.js";
import { readJsonDocument } from "./json-reader.js";
import { readYamlDocuments } from "./yaml-reader.js";

/** yaml/json/dotenv as sops' stores; binary is sops' `{"data": …}` JSON envelope. */
export type SopsFormat = "yaml" | "json" | "dotenv" | "binary";

export interface EncryptedFile {
  readonly format: SopsFormat;
  /** The documents without their `sops` key, values still encrypted. */
  readonly branches: SopsMapping[];
  readonly metadata: SopsMetadata;
}

function metadataNode(branch: SopsMapping | undefined): SopsNode | undefined {
  return branch?.items.find((i) => i.kind === "pair" && i.key === "sops")?.value as SopsNode | undefined;
}

function withoutSops(branch: SopsMapping): SopsMapping {
  return { kind: "map", items: branch.items.filter((i) => !(i.kind === "pair" && i.key === "sops")) };
}

function fromBranches(format: SopsFormat, branches: SopsMapping[]): EncryptedFile {
  const node = metadataNode(branches[0]);
  if (node === undefined) throw new SopsFormatError("sops metadata not found: the file has no top-level `sops` key");
  return { format, branches: branches.map(withoutSops), metadata: readMetadata(toPlain(node)) };
}

export function readEncryptedFile(text: string, format: SopsFormat): EncryptedFile {
  switch (format) {
    case "yaml":
      return fromBranches(format, readYamlDocuments(text));
    case "json":
      return fromBranches(format, [readJsonDocument(text)]);
    case "binary": {
      const file = fromBranches(format, [readJsonDocument(text)]);
      const data = file.branches[0]!.items.find((i) => i.kind === "pair" && i.key === "data");
      if (!data) throw new SopsFormatError("binary SOPS files must have a `data` key");
      return file;
    }
    case "dotenv": {
      const { branch, metadata } = readDotenv(text);
      if (metadata === undefined) throw new SopsFormatError("sops metadata not found: the file has no `sops_…` keys");
      return { format, branches: [branch], metadata: readMetadata(metadata) };
    }
    default:
      throw new SopsFormatError(`unsupported SOPS format: ${String(format)}`);
  }
}
