import { parse, stringify } from "yaml";
import type { KubeObject } from "../objects.js";

/**
 * What kustomize-controller does to a built object before applying it: targetNamespace,
 * commonMetadata, its own owner labels, and postBuild variable substitution
 * (https://fluxcd.io/flux/components/kustomize/kustomizations/).
 */

export interface FluxKustomizationSpec {
  readonly name: string;
  readonly namespace: string;
  readonly targetNamespace?: string;
  readonly commonMetadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  readonly substitute?: Record<string, string>;
  /** Names of Secrets/ConfigMaps in `substituteFrom`, resolved by the caller. */
  readonly substituteFrom?: readonly { kind: string; name: string; optional?: boolean }[];
}

/**
 * Flux's envsubst: `${VAR}`, `${VAR:=default}`, `${VAR:-default}`, `${VAR/from/to}`,
 * `${VAR//from/to}`; `$${` is the escape for a literal `${`. Unset variables become "".
 */
export function substituteVariables(text: string, vars: Readonly<Record<string, string>>): string {
  return text.replace(/\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)((?::?[=-])([^}]*)|(\/\/?)([^/}]*)\/([^}]*))?\}/g, (match, name: string | undefined, _op, fallback: string | undefined, slashes: string | undefined, from: string | undefined, to: string | undefined) => {
    if (match === "$${") return "${";
    const value = vars[name!];
    if (slashes !== undefined) {
      if (value === undefined) return "";
      return slashes === "//" ? value.split(from!).join(to!) : value.replace(from!, to!);
    }
    if (fallback !== undefined) return value === undefined || value === "" ? fallback : value;
    return value ?? "";
  });
}

const SUBSTITUTE_DISABLED = "kustomize.toolkit.fluxcd.io/substitute";

/** `namespaced[i]` says whether `objects[i]` is a namespaced kind. */
export function fluxPostBuild(objects: readonly KubeObject[], ks: FluxKustomizationSpec, vars: Readonly<Record<string, string>>, namespaced: readonly boolean[]): KubeObject[] {
  return objects.map((original, i) => {
    let o = structuredClone(original);
    const meta = (o.metadata ??= {});
    if (ks.targetNamespace !== undefined) {
      if (o.kind === "Namespace") meta["name"] = ks.targetNamespace;
      else if (namespaced[i]) meta["namespace"] = ks.targetNamespace;
    }
    if (!namespaced[i]) delete meta["namespace"];
    const labels = { ...((meta["labels"] as Record<string, string>) ?? {}), ...(ks.commonMetadata?.labels ?? {}) };
    labels["kustomize.toolkit.fluxcd.io/name"] = ks.name;
    labels["kustomize.toolkit.fluxcd.io/namespace"] = ks.namespace;
    meta["labels"] = labels;
    if (ks.commonMetadata?.annotations) meta["annotations"] = { ...((meta["annotations"] as Record<string, string>) ?? {}), ...ks.commonMetadata.annotations };
    const disabled = (meta["annotations"] as Record<string, string> | undefined)?.[SUBSTITUTE_DISABLED] === "disabled" || labels[SUBSTITUTE_DISABLED] === "disabled";
    if ((ks.substitute || ks.substituteFrom) && !disabled && o.kind !== "Secret") {
      o = parse(substituteVariables(stringify(o), vars)) as KubeObject;
    }
    return o;
  });
}
