import { isMap, isPair, isScalar, isSeq, type Node } from "yaml";
import { Scalar } from "yaml";

/**
 * We write YAML 1.2, but kubectl, sigs.k8s.io/yaml and Helm's value parsing still follow YAML 1.1,
 * where a plain `No`, `on` or `y` is a boolean. Cilium's `allowFirstLastIPs: "No"` would silently
 * become `false`. Every string that a 1.1 reader would take for a boolean is double-quoted.
 */
const YAML11_BOOLEANS = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;

function quoteIfAmbiguous(node: unknown): void {
  if (isScalar(node) && typeof node.value === "string" && YAML11_BOOLEANS.test(node.value)) {
    node.type = Scalar.QUOTE_DOUBLE;
  }
}

export function quoteYaml11Ambiguities(node: Node | null | undefined): void {
  if (!node) return;
  if (isMap(node) || isSeq(node)) {
    for (const item of node.items) {
      if (isPair(item)) {
        quoteIfAmbiguous(item.key);
        quoteYaml11Ambiguities(item.key as Node);
        quoteYaml11Ambiguities(item.value as Node);
      } else {
        quoteYaml11Ambiguities(item as Node);
      }
    }
    return;
  }
  quoteIfAmbiguous(node);
}
