// The real-sops vectors in test/upstream/sops-vectors, with the keys, plaintext and MACs from their upstream README (see test/upstream/SOURCES.md).
import { readFileSync } from "node:fs";
import { upstreamPath } from "../../../support/paths.js";
import type { SopsFormat } from "../../../../compiler/secrets/index.js";

export const vectorPath = (...parts: string[]) => upstreamPath("sops-vectors", ...parts);
export const readVector = (path: string) => readFileSync(vectorPath(path), "utf8");

/** Identities in a key file (the files also hold `#` comment lines). */
export function vectorIdentities(path: string): string[] {
  return readVector(path)
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.startsWith("AGE-SECRET-KEY-"));
}

export interface Vector {
  readonly file: string;
  readonly format: SopsFormat;
  readonly keys: string;
  readonly mac: string;
  readonly sopsVersion: string;
  /** Expected plaintext (deep-equal to the decrypted first document). */
  readonly plaintext: unknown;
  /** Needs the post-quantum identity, which Debian's age CLI cannot use. */
  readonly postQuantum?: boolean;
}

const FLUX = "fluxcd-kustomize-controller";
const GETSOPS = "getsops-sops";
const HUMPHD = "humphd-sops-age";
const SHA512_OF_VALUE =
  "EC2C83EDECB60304D154EBDB85BDFAF61A92BD142E71C4F7B25A15B9CB5F3C0AE301CFB3569CF240E4470031385348BC296D8D99D09E06B26F09591A97527296";
const HUMPHD_PLAIN = {
  secret: "this is a secret",
  string: "string",
  int: 7,
  float: 3.14,
  boolean: true,
  complex: { value: "this is a secret", array: ["one", "two", "three"] },
};

export const VECTORS: readonly Vector[] = [
  {
    file: `${GETSOPS}/pr1031-example.yaml`,
    format: "yaml",
    keys: `${GETSOPS}/age-keys.txt`,
    sopsVersion: "3.7.1",
    mac: "82187187F7F09465600C3C74AAAD50CACD0A9E9DEA376ECDB25002015714C5C0E79BD0D275F0B0CCDEF1587FB8FDB5C186FA9D33A816C0F5B7F0E5B96BCE5502",
    plaintext: {
      myapp1: "t00m4nys3cr3tzupdated",
      app2: {
        db: { user: "eve", password: "c4r1b0u" },
        key: "<RSA KEY>",
      },
      number: 1234568000,
      an_array: ["secretuser1", "secretuser2", `somelongvalue${"A".repeat(45)}`, "some other value"],
      somebooleans: [true, false],
      this: { is: { a: { nested: { value: "with something secret in it" } } } },
      somelist_unencrypted: ["all elements of this list", "remain in clear text", "because of the _encrypted suffix in the key"],
      nested_unencrypted: { this: { is: { all: "going to remain in clear text" } } },
    },
  },
  {
    file: `${GETSOPS}/pr1031-example.json`,
    format: "json",
    keys: `${GETSOPS}/age-keys.txt`,
    sopsVersion: "3.7.1",
    mac: "BC8999F51CABC9A4FF2FED2333DCFC551E5329986DF594FC200E7000306EB725162F1891DBEBC090F16965008445AFF4071DC19B9FB4B965D024EBEF4804E1AA",
    plaintext: {
      firstName: "John",
      lastName: "Smith",
      age: 25.4,
      address: { city: "New York", postalCode: "10021-3100", state: "NY", streetAddress: "21 2nd Street" },
      phoneNumbers: [
        { number: "212 555-1234", type: "home" },
        { number: "646 555-4567", type: "office" },
      ],
      anEmptyValue: "",
    },
  },
  {
    file: `${GETSOPS}/pr1031-example.txt`,
    format: "binary",
    keys: `${GETSOPS}/age-keys.txt`,
    sopsVersion: "3.7.1",
    mac: "96AA3BAA074FA5CDB7DC9AAF12A73973FB7A682093400B4C5DAC41A88C784B102487DA16658189B269DDC94D0315AF1EDEE0CB603379A36C4B5CFA30113D90CA",
    plaintext: {
      data: "Welcome to SOPS!\n\nSOPS is a manager of encrypted files designed to help distribute secrets.\nCheck it out, it's on github: https://github.com/mozilla/sops\n\n",
    },
  },
  {
    file: `${FLUX}/algorithms-age.yaml`,
    format: "yaml",
    keys: `${FLUX}/keys/age.txt`,
    sopsVersion: "3.9.0",
    mac: "5E6C78D06EF2D302C2DBC6DE95E8050A5DC5D24A5EE3F394BEC133BC432257EAD15A476AE609FE74379E7120853F13A1B080772BE5F162AD6945A25113B48862",
    plaintext: { apiVersion: "v1", kind: "Secret", metadata: { name: "age" }, stringData: { key: "value" } },
  },
  {
    file: `${FLUX}/algorithms-age-pq.yaml`,
    format: "yaml",
    keys: `${FLUX}/keys/age-pq.txt`,
    sopsVersion: "3.12.1",
    postQuantum: true,
    mac: "024FE03695C446E693A8BFE44C9385543DDC67A1B04991DCA89B05821C5C5876FA1369C14889BB04F96DCE3DEDF2826D612156A74FE48346B0016E710BEAA7D3",
    plaintext: { apiVersion: "v1", kind: "Secret", metadata: { name: "age-pq" }, stringData: { key: "value" } },
  },
  {
    file: `${FLUX}/global-secret.yaml`,
    format: "yaml",
    keys: `${FLUX}/keys/age-global.txt`,
    sopsVersion: "3.10.2",
    mac: "F87D88951E6288CB29EAF85C9D738171AF10D9D9B5EE8E6311BFD154FB9BF8B1B6547AC288162AB0F342E8120641E6FF140B6901A165D230A1F53CF927F8C228",
    plaintext: {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "global-age-secret", namespace: "default" },
      type: "Opaque",
      stringData: { key: "global-value" },
    },
  },
  {
    file: `${FLUX}/patches-merge1.yaml`,
    format: "yaml",
    keys: `${FLUX}/keys/age.txt`,
    sopsVersion: "3.9.0",
    mac: "76714B5AC33F8DCA6E643A59A9CDE3B0C13384DE9AD745979CF6EBD00EACDC9E5F3968079EB7A053BC3570ED907C612227AC4185B971D4B6DC63C49B77B27740",
    plaintext: { apiVersion: "v1", kind: "Secret", metadata: { name: "secret" }, stringData: { key: "merge1" } },
  },
  {
    file: `${FLUX}/patches-merge2.yaml`,
    format: "yaml",
    keys: `${FLUX}/keys/age.txt`,
    sopsVersion: "3.9.0",
    mac: "7AE1F3A2026966E27B82AEA3F7BB1823365AEDC2307889E6AC53715BA804F028EEAB187D4379A643A6C7DE14AD8D02FF90180160057529AF7ED416A4024C9AAF",
    plaintext: { apiVersion: "v1", kind: "Secret", metadata: { name: "secret" }, stringData: { merge2: "merge2" } },
  },
  {
    file: `${FLUX}/envs-env.env`,
    format: "dotenv",
    keys: `${FLUX}/keys/age.txt`,
    sopsVersion: "3.9.0",
    mac: SHA512_OF_VALUE,
    plaintext: { key: "value" },
  },
  {
    file: `${FLUX}/component-env.env`,
    format: "dotenv",
    keys: `${FLUX}/keys/age.txt`,
    sopsVersion: "3.9.0",
    mac: SHA512_OF_VALUE,
    plaintext: { key: "value" },
  },
  {
    file: `${FLUX}/files-file.txt`,
    format: "binary",
    keys: `${FLUX}/keys/age.txt`,
    sopsVersion: "3.9.0",
    mac: SHA512_OF_VALUE,
    plaintext: { data: "value" },
  },
  {
    file: `${HUMPHD}/secret.enc.yaml`,
    format: "yaml",
    keys: `${HUMPHD}/key.txt`,
    sopsVersion: "3.8.1",
    mac: "3B83FDE1D6E139C4E0789EBDFFDE65D3AD44BCFB0B391C64F052064DC4BF6523B29B2CDF8F4AFE05917972B73594B97908D404BC21F9614C2638D26DCBB6E580",
    plaintext: HUMPHD_PLAIN,
  },
  {
    file: `${HUMPHD}/secret.enc.json`,
    format: "json",
    keys: `${HUMPHD}/key.txt`,
    sopsVersion: "3.9.2",
    mac: "936A6F75CF6284A6022982A1456DA0C3F3C54752DD5E434D84489E22E1E30BD19E917D4665807D959A78C81891969E3AA47F5DC5D30B2FF171089816D7A6A0D0",
    plaintext: { ...HUMPHD_PLAIN, "0word": "gotta match go" },
  },
  {
    file: `${HUMPHD}/secret.enc.env`,
    format: "dotenv",
    keys: `${HUMPHD}/key.txt`,
    sopsVersion: "3.8.1",
    mac: "08A4466C2219DC0D5DB4CD22127AB26FA139E80B370BAACF42AD77B03D7FDC4019CF2D18C66D27963E7FA0ABDAD92AEDF7D7334E448A22C59619A5FE8AB9C3AE",
    plaintext: { secret: "this is a secret", another_secret: "7" },
  },
];
