import type * as ast from "../../../lang/syntax/ast.js";
import type { Reporter } from "../../../lang/diagnostics/reporter.js";
import type { InstallDisk, RouteModel, SecretSource } from "../../model/model.js";
import { DISK_SELECTOR_FIELDS, GENERATORS, SECRET_SOURCE_CALLEES, type Generator } from "./call-forms.js";
import { didYouMean } from "../util/suggest.js";
import type { Located } from "./located.js";
import { readString, readVersion, wrongType } from "./read-literal.js";

/** Readers for the call-shaped values: github(…), env(…), external(…), oci(…), disk blocks. */

function calleeName(call: ast.Call): string {
  return call.callee.path.map((p) => p.name).join(".");
}

function expectCall(value: ast.Value, names: readonly string[], expected: string, r: Reporter): ast.Call | undefined {
  if (value.kind !== "Call") return wrongType(value, expected, r);
  const name = calleeName(value);
  if (!names.includes(name)) {
    r.report("unknownFunction", value.callee.span, `'${name}' is not a function here; expected ${expected}${didYouMean(name, names)}`);
    return undefined;
  }
  return value;
}

function positional(call: ast.Call): ast.Argument[] {
  return call.args.filter((a) => !a.name);
}

function named(call: ast.Call, allowed: readonly string[], r: Reporter): Map<string, ast.Argument> {
  const out = new Map<string, ast.Argument>();
  for (const arg of call.args) {
    if (!arg.name) continue;
    if (!allowed.includes(arg.name.name)) {
      r.report("invalidArgument", arg.name.span, `${calleeName(call)}() has no argument '${arg.name.name}'${didYouMean(arg.name.name, allowed)}`);
      continue;
    }
    out.set(arg.name.name, arg);
  }
  return out;
}

function arity(call: ast.Call, min: number, max: number, usage: string, r: Reporter): ast.Argument[] | undefined {
  const args = positional(call);
  if (args.length < min || args.length > max) {
    r.report("invalidArgument", call.span, `${calleeName(call)}() takes ${min === max ? min : `${min} to ${max}`} argument${max === 1 ? "" : "s"}: ${usage}`);
    return undefined;
  }
  return args;
}

export interface RepositorySpec {
  readonly owner: string;
  readonly name: string;
  readonly branch: string;
  readonly visibility: "public" | "private";
}

export function readRepository(value: ast.Value, r: Reporter): RepositorySpec | undefined {
  const call = expectCall(value, ["github"], 'github("owner/repo")', r);
  if (!call) return undefined;
  const args = arity(call, 1, 1, 'github("owner/repo", branch: "main", visibility: "public")', r);
  const opts = named(call, ["branch", "visibility"], r);
  if (!args) return undefined;
  const slug = readString(args[0]!.value, r);
  if (slug === undefined) return undefined;
  const m = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})$/.exec(slug);
  if (!m || m[2]!.endsWith(".git")) {
    r.report("invalidArgument", args[0]!.span, `'${slug}' is not a GitHub repository; write "owner/name" without a URL or .git`);
    return undefined;
  }
  const branchArg = opts.get("branch");
  const branch = branchArg ? readString(branchArg.value, r) : "main";
  const visArg = opts.get("visibility");
  let visibility: "public" | "private" = "public";
  if (visArg) {
    const v = visArg.value.kind === "Reference" ? visArg.value.path.map((p) => p.name).join(".") : readString(visArg.value, r);
    if (v === "public" || v === "private") visibility = v;
    else if (v !== undefined) r.report("invalidEnum", visArg.value.span, `visibility must be public or private, not '${v}'`);
  }
  if (branch === undefined) return undefined;
  if (branch === "" || /[\s~^:?*[\\]|\.\.|^\/|\/$/.test(branch)) {
    r.report("invalidArgument", branchArg!.value.span, `'${branch}' is not a valid Git branch name`);
    return undefined;
  }
  return { owner: m[1]!, name: m[2]!, branch, visibility };
}

export function readSecretSource(value: ast.Value, r: Reporter): SecretSource | undefined {
  const call = expectCall(value, SECRET_SOURCE_CALLEES, 'env("VAR"), file("path"), generate(token, 32), generate(ssh-ed25519) or store()', r);
  if (!call) return undefined;
  switch (calleeName(call)) {
    case "env": {
      const args = arity(call, 1, 1, 'env("VARIABLE")', r);
      const variable = args && readString(args[0]!.value, r);
      if (variable === undefined) return undefined;
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) {
        r.report("invalidArgument", args![0]!.span, `'${variable}' is not an environment variable name`);
        return undefined;
      }
      return { kind: "env", variable };
    }
    case "file": {
      const args = arity(call, 1, 1, 'file("path/relative/to/cluster.lab")', r);
      const path = args && readString(args[0]!.value, r);
      return path === undefined ? undefined : { kind: "file", path };
    }
    case "store":
      return arity(call, 0, 0, "store()", r) ? { kind: "store" } : undefined;
    default: {
      const args = arity(call, 1, 2, "generate(token, 32) or generate(ssh-ed25519)", r);
      if (!args) return undefined;
      const kindArg = args[0]!.value;
      const kind = kindArg.kind === "Reference" ? kindArg.path.map((p) => p.name).join(".") : undefined;
      if (!(GENERATORS as readonly (string | undefined)[]).includes(kind)) {
        r.report("invalidArgument", kindArg.span, `generate() makes ${GENERATORS.map((g) => `'${g}'`).join(" or ")}${kind ? didYouMean(kind, GENERATORS) : ""}`);
        return undefined;
      }
      let length = 32;
      const lenArg = args[1];
      if (lenArg) {
        if (kind === "ssh-ed25519") r.report("invalidArgument", lenArg.span, "an ssh-ed25519 key has no length");
        else if (lenArg.value.kind !== "Number" || !Number.isInteger(lenArg.value.value) || lenArg.value.value < 16 || lenArg.value.value > 1024) {
          r.report("outOfRange", lenArg.span, "a token length is a whole number of bytes from 16 to 1024");
          return undefined;
        } else length = lenArg.value.value;
      }
      return { kind: "generate", generator: kind as Generator, length };
    }
  }
}

export function readRoute(value: ast.Value, r: Reporter): RouteModel | undefined {
  const call = expectCall(value, ["external", "internal"], 'external("host") or internal("host")', r);
  if (!call) return undefined;
  const args = arity(call, 1, 1, `${calleeName(call)}("host")`, r);
  const host = args && readString(args[0]!.value, r);
  if (host === undefined) return undefined;
  if (!/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(host)) {
    r.report("notDnsLabel", args![0]!.span, `'${host}' is not a host label (lower-case letters, digits and '-')`);
    return undefined;
  }
  return { gateway: calleeName(call), host };
}

/** `file("path")`: the path as written and the span of its string, where problems with the file are reported. */
export function readFile(value: ast.Value, r: Reporter): Located<string> | undefined {
  const call = expectCall(value, ["file"], 'file("path/relative/to/this.lab")', r);
  if (!call) return undefined;
  const args = arity(call, 1, 1, 'file("path/relative/to/this.lab")', r);
  const arg = args?.[0];
  const path = arg && readString(arg.value, r);
  if (path === undefined || !arg) return undefined;
  if (path.trim() === "") {
    r.report("invalidArgument", arg.span, "file() needs a path, relative to the .lab file that names it");
    return undefined;
  }
  return { value: path, span: arg.value.span };
}

export function readDisk(value: ast.Value, r: Reporter): InstallDisk | undefined {
  if (value.kind === "String") {
    if (!value.value.startsWith("/dev/")) {
      r.report("invalidLiteral", value.span, `'${value.value}' is not a device path; write "/dev/sda", or disk { serial = "…" } to select by serial`);
      return undefined;
    }
    return { kind: "path", path: value.value };
  }
  if (value.kind !== "Block") return wrongType(value, 'a device path such as "/dev/sda" or a block such as { serial = "…" }', r);
  const selector: { serial?: string; model?: string; busPath?: string } = {};
  for (const entry of value.entries) {
    const key = Object.hasOwn(DISK_SELECTOR_FIELDS, entry.key.name) ? DISK_SELECTOR_FIELDS[entry.key.name as keyof typeof DISK_SELECTOR_FIELDS].key : undefined;
    if (!key) {
      r.report("unknownField", entry.key.span, `a disk selector has no field '${entry.key.name}'${didYouMean(entry.key.name, Object.keys(DISK_SELECTOR_FIELDS))}`);
      continue;
    }
    const text = readString(entry.value, r);
    if (text !== undefined) selector[key] = text;
  }
  if (Object.keys(selector).length === 0) {
    r.report("missingField", value.span, "a disk selector needs serial, model or bus-path");
    return undefined;
  }
  return { kind: "selector", ...selector };
}

export type ChartSpec = { readonly kind: "std"; readonly id: string } | { readonly kind: "oci"; readonly url: string; readonly version: string };

export function readChart(value: ast.Value, r: Reporter): ChartSpec | undefined {
  if (value.kind === "Reference") {
    const parts = value.path.map((p) => p.name);
    if (parts.length === 2 && parts[0] === "std") return { kind: "std", id: parts[1]! };
    r.report("typeMismatch", value.span, `expected std.<app> or oci("oci://…", version), found ${parts.join(".")}`);
    return undefined;
  }
  const call = expectCall(value, ["oci"], 'std.app-template or oci("oci://…", version)', r);
  if (!call) return undefined;
  const args = arity(call, 2, 2, 'oci("oci://registry/path/chart", 1.2.3)', r);
  if (!args) return undefined;
  const url = readString(args[0]!.value, r);
  const version = readVersion(args[1]!.value, r);
  if (url === undefined || version === undefined) return undefined;
  if (!/^oci:\/\/[^\s]+[^/]$/.test(url)) {
    r.report("invalidArgument", args[0]!.span, `'${url}' is not an OCI chart URL such as oci://ghcr.io/org/charts/name`);
    return undefined;
  }
  return { kind: "oci", url, version };
}
