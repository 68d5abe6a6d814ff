/**
 * Flux's postBuild substitution as kustomize-controller applies it before the API server sees an
 * object: `${NAME}` (and `${NAME:=default}`, `${NAME:-default}`, `${NAME/pattern/replacement}`) takes the variable's value, and
 * `$${` is the escape for a literal `${`. Used to hand kubeconform what the cluster receives;
 * the real substitution is checked by flux-build.test.ts against the Flux CLI.
 */
export interface Substituted {
  readonly text: string;
  /** Variables referenced without a value or default (Flux would put an empty string there). */
  readonly missing: readonly string[];
}

const reference = /\$(\$?)\{([_a-zA-Z][_a-zA-Z0-9]*)(?::?[=-]([^}]*)|(\/\/?)([^/}]*)\/([^}]*))?\}/g;

export function substitute(text: string, vars: Readonly<Record<string, string>>): Substituted {
  const missing: string[] = [];
  const out = text.replace(reference, (whole, escaped: string, name: string, fallback: string | undefined, slashes: string | undefined, pattern: string, replacement: string) => {
    if (escaped) return whole.slice(1);
    const value = vars[name];
    // `${VAR/pat/rep}` replaces the first literal `pat`, `${VAR//pat/rep}` every one.
    if (value !== undefined && slashes) return slashes === "//" ? value.split(pattern).join(replacement) : value.replace(pattern, () => replacement);
    if (value !== undefined) return value;
    if (fallback !== undefined) return fallback;
    missing.push(name);
    return "";
  });
  return { text: out, missing };
}

export const SUBSTITUTE_DISABLED = "kustomize.toolkit.fluxcd.io/substitute";
