import type { GoValue } from "../yaml/go-encode.js";

/**
 * Fields whose Go type overrides the generic merge (merge:"replace" tags and custom Merge
 * methods in v1alpha1_types.go). Every other list is appended to, every map merged per key.
 */
export type ListRule = { readonly kind: "replace" } | { readonly kind: "mergeBy"; readonly key: (item: GoValue) => string | undefined };

function field(item: GoValue, name: string): GoValue | undefined {
  return item !== null && typeof item === "object" && !Array.isArray(item) ? (item as { [k: string]: GoValue })[name] : undefined;
}

const RULES: Readonly<Record<string, ListRule>> = {
  "v1alpha1.ClusterNetworkConfig.podSubnets": { kind: "replace" },
  "v1alpha1.ClusterNetworkConfig.serviceSubnets": { kind: "replace" },
  "v1alpha1.APIServerConfig.auditPolicy": { kind: "replace" },
  // NetworkDeviceList.Merge: same `interface`, or an identical deviceSelector.
  "v1alpha1.NetworkConfig.interfaces": {
    kind: "mergeBy",
    key: (item) => {
      const name = field(item, "interface");
      if (typeof name === "string" && name !== "") return `interface:${name}`;
      const selector = field(item, "deviceSelector");
      return selector === undefined ? undefined : `selector:${JSON.stringify(selector)}`;
    },
  },
  "v1alpha1.Device.vlans": { kind: "mergeBy", key: (item) => `vlan:${String(field(item, "vlanId"))}` },
  "v1alpha1.APIServerConfig.admissionControl": { kind: "mergeBy", key: (item) => `name:${String(field(item, "name"))}` },
};

export function mergeRule(structType: string, fieldName: string): ListRule | undefined {
  return RULES[`${structType}.${fieldName}`];
}
