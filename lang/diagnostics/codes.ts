import type { Severity } from "./diagnostic.js";

/**
 * The catalogue of diagnostic codes. Codes are stable: a code is never reused for another
 * meaning. Bands: LAB0xxx lex/parse, LAB1xxx names and references, LAB2xxx types and values,
 * LAB3xxx graph, LAB4xxx secrets, LAB5xxx emit and I/O.
 */
export interface CodeInfo {
  readonly code: string;
  readonly severity: Severity;
  readonly summary: string;
}

function code(code: string, severity: Severity, summary: string): CodeInfo {
  return { code, severity, summary };
}

export const codes = {
  unexpectedCharacter: code("LAB0001", "error", "a character that starts no token"),
  syntax: code("LAB0002", "error", "the parser expected something else here"),
  unterminatedString: code("LAB0003", "error", "a string is missing its closing quote"),
  invalidEscape: code("LAB0004", "error", "an unknown escape sequence in a string"),
  unknownDeclaration: code("LAB0005", "error", "a top-level keyword that is not a declaration kind"),
  missingName: code("LAB0006", "error", "a declaration without a name"),
  malformedDeclaration: code("LAB0007", "error", "a declaration with a clause it does not take"),
  nestingTooDeep: code("LAB0008", "error", "brackets, braces or parentheses nested deeper than labc reads"),
  tooManyDiagnostics: code("LAB0009", "error", "a file with more diagnostics than are shown; the rest are counted"),

  duplicateName: code("LAB1001", "error", "two declarations of the same kind share a name"),
  unknownName: code("LAB1002", "error", "a reference to something that is not declared"),
  unknownField: code("LAB1003", "error", "a field the block does not have"),
  duplicateField: code("LAB1004", "error", "a field set twice in one block"),
  unknownDefinition: code("LAB1005", "error", "`from std.x` names no stdlib app"),
  clusterCount: code("LAB1006", "error", "there must be exactly one cluster declaration"),
  notDnsLabel: code("LAB1007", "error", "a name that is not a DNS-1123 label"),
  reservedName: code("LAB1008", "error", "a node name reserved for Talos patch directories"),
  unknownFunction: code("LAB1009", "error", "a call to a function that does not exist"),
  importProblem: code("LAB1010", "error", "an import that cannot be read or forms a cycle"),
  outsideProject: code("LAB1011", "error", "an import or file(…) path that leads outside the project directory"),
  versionsLockInvalid: code("LAB1020", "error", "versions.lock.yaml beside cluster.lab cannot be read as labc's version lock"),

  typeMismatch: code("LAB2001", "error", "a value of the wrong type"),
  missingField: code("LAB2002", "error", "a required field is missing"),
  invalidLiteral: code("LAB2003", "error", "a malformed address, network, MAC, version or duration"),
  nonCanonicalCidr: code("LAB2004", "error", "a CIDR with host bits set"),
  outsideNetwork: code("LAB2005", "error", "an address outside the network it must live in"),
  addressCollision: code("LAB2006", "error", "two roles share one address"),
  overlappingCidrs: code("LAB2007", "error", "two networks overlap"),
  noControlPlane: code("LAB2008", "error", "the cluster has no control-plane node"),
  evenControlPlanes: code("LAB2009", "warning", "an even number of control planes gains no etcd fault tolerance"),
  invalidEnum: code("LAB2010", "error", "a value outside the allowed set"),
  duplicateMac: code("LAB2011", "error", "two NICs or bond members share a MAC address"),
  outOfRange: code("LAB2012", "error", "a number outside its allowed range"),
  unsupportedVersion: code("LAB2013", "error", "a Talos or Kubernetes version labc does not support"),
  invalidSchematic: code("LAB2014", "error", "an image factory schematic ID that is not 64 hex characters"),
  bootstrapSubstitution: code("LAB2015", "error", "a Flux `${…}` substitution in values that helmfile installs"),
  smallServiceCidr: code("LAB2016", "error", "a service CIDR too small for the cluster DNS address"),
  invalidArgument: code("LAB2017", "error", "a call with wrong arguments"),
  routeWithoutGateway: code("LAB2018", "error", "a route to a gateway that no app provides"),
  routeWithoutPort: code("LAB2019", "error", "a routed app-template app with no service port to route to"),
  routeNotSupported: code("LAB2020", "error", "a route on an app whose chart labc cannot route"),
  appTemplateVersions: code("LAB2021", "error", "app-template apps pinned to different versions"),
  kubernetesNotSupportedByTalos: code("LAB2022", "error", "a Kubernetes release the cluster's Talos release does not run"),
  controlPlaneOffVipNetwork: code("LAB2023", "error", "a control plane outside the network of the API VIP it must carry"),
  tpmWithoutSecureBoot: code("LAB2024", "error", "a TPM-sealed disk key on a node that does not boot with secure boot, which cannot install"),
  invalidTalosPatch: code("LAB2025", "error", "a Talos patch file that is not a config patch (neither strategic-merge YAML nor an RFC 6902 list)"),
  talosPatchRejected: code("LAB2026", "error", "a Talos patch that Talos would refuse to apply, or after which a machine config fails its Talos schema"),
  talosPatchClash: code("LAB2027", "error", "Talos patch files that would be written to the same file under talos/patches/"),
  invalidSystemExtension: code("LAB2028", "error", "a schematic extension that is not an official `siderolabs/<name>` image, or is listed twice"),
  invalidKernelArgument: code("LAB2029", "error", "a schematic kernel argument that is not one argument (empty, or with whitespace)"),
  macAndBond: code("LAB2030", "error", "a NIC given both a MAC and a bond"),
  unreachableGateway: code("LAB2031", "error", "a static route whose gateway is on none of its node's (or NIC's) networks"),
  duplicateDefaultRoute: code("LAB2032", "error", "a second default route on a node, which already has one via its primary network's gateway"),
  nicNetworkTwice: code("LAB2033", "error", "two NICs of one node on the same network"),
  talhelperCannotReadTalos: code("LAB2034", "warning", "a Talos line whose documents the newest talhelper labc is checked against cannot load"),
  chartTagScheme: code("LAB2035", "error", "a chart version not spelled as the chart's tags are (with or without a leading v, three numbers)"),
  duplicateHostname: code("LAB2036", "error", "two routes claiming one hostname"),
  unknownHelmValue: code("LAB2040", "error", "a Helm value key the chart's values do not take (a warning when the app's chart version has no table)"),
  helmValueType: code("LAB2041", "error", "a Helm value of a type the chart's values do not take there (a warning when the app's chart version has no table)"),
  helmValueEnum: code("LAB2042", "error", "a Helm value outside the values the chart allows there (a warning when the app's chart version has no table)"),

  dependencyCycle: code("LAB3001", "error", "apps that depend on each other in a cycle"),
  missingDependency: code("LAB3002", "error", "an app needs an app that is not declared"),
  tooFewNodes: code("LAB3003", "warning", "an app that is pointless with this few nodes"),
  bootstrapNeedsFlux: code("LAB3004", "error", "a bootstrap app depends on an app that only Flux installs"),
  gatewaysWithoutCertManager: code("LAB3005", "warning", "Cilium's gateways need cert-manager for their certificate"),

  secretUnavailable: code("LAB4001", "error", "a secret whose value cannot be read"),
  noAgeKey: code("LAB4002", "error", "no age identity can open the secret files"),
  plaintextLeak: code("LAB4003", "error", "a secret's plaintext would be written to an unencrypted file"),
  undecryptable: code("LAB4004", "error", "an existing encrypted file cannot be decrypted"),
  noRecipients: code("LAB4005", "error", "no age recipient to encrypt secrets to"),
  recipientsDiffer: code("LAB4006", "warning", "a secret file is encrypted to other recipients than configured"),
  trackedPrivateKey: code("LAB4007", "warning", "a private key file is tracked by Git"),
  keyGroupThreshold: code("LAB4008", "error", "a shamir-threshold outside 1 … the number of key groups"),
  emptyKeyGroup: code("LAB4009", "error", "a key group without any age recipient"),
  recipientInTwoGroups: code("LAB4010", "warning", "an age recipient listed in more than one key group"),
  secretsFileMissing: code("LAB4011", "error", "a generated-once secrets file (Talos bundle, secret store) is missing and labc will not make a new one"),

  writeFailed: code("LAB5001", "error", "the output could not be written"),
  internalError: code("LAB5002", "error", "labc failed unexpectedly; nothing was written"),
  readFailed: code("LAB5003", "error", "an input file could not be read"),
} as const;

export type CodeName = keyof typeof codes;
