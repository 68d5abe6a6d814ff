import { annotate, schemaComment, type Annotated } from "../../yaml/annotated.js";
import { SCHEMA } from "../../model/schema-urls.js";

/** A kustomize `kustomization.yaml` (v1beta1 Kustomization or v1alpha1 Component). */
export interface KustomizeFileInput {
  readonly kind?: "Kustomization" | "Component";
  readonly namespace?: string;
  readonly components?: readonly string[];
  readonly resources: readonly string[];
  readonly configMapGenerator?: readonly { readonly name: string; readonly files: readonly string[] }[];
}

export function kustomizeFile(input: KustomizeFileInput): Annotated {
  const kind = input.kind ?? "Kustomization";
  const generators = input.configMapGenerator ?? [];
  return annotate(
    {
      apiVersion: kind === "Component" ? "kustomize.config.k8s.io/v1alpha1" : "kustomize.config.k8s.io/v1beta1",
      kind,
      ...(input.namespace !== undefined ? { namespace: input.namespace } : {}),
      ...(input.components ? { components: [...input.components] } : {}),
      resources: [...input.resources],
      ...(generators.length > 0
        ? {
            configMapGenerator: generators.map((g) => ({ name: g.name, files: [...g.files] })),
            // The HelmRelease mounts the ConfigMap by its fixed name; Reloader rolls the pods.
            generatorOptions: { disableNameSuffixHash: true },
          }
        : {}),
    },
    { header: [schemaComment(SCHEMA.kustomization)] },
  );
}
