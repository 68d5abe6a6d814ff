// Comments in a list, as the real sops 3.10 writes them: its walkSlice stores an encrypted comment
// as an ordinary `- ENC[…,type:comment]` item (only mappings turn it back into a `#ENC[…]` line),
// and that item decrypts back to a comment, not to a string item.
import assert from "node:assert/strict";
import { test } from "node:test";
import { encryptBranchesToYaml } from "../../../compiler/secrets/sops/encrypt.js";
import { decryptSops } from "../../../compiler/secrets/sops/index.js";
import { readYamlDocuments } from "../../../compiler/secrets/sops/stores/yaml-reader.js";
import { renderPlaintext } from "../../../compiler/secrets-store/plaintext.js";
import { demoIdentity, demoRecipient } from "../secrets-store/support/secret-project.js";

const plain = "list:\n  - a # one\n  # two\n  - b\nmap:\n  # three\n  k: v\n";

test("an encrypted comment in a list is a `- ENC[…,type:comment]` item (as sops writes it) and decrypts to a comment", async () => {
  const text = (await encryptBranchesToYaml(readYamlDocuments(plain), { recipients: [demoRecipient], macOnlyEncrypted: true })).text;
  // The layout sops -e gives this plaintext (checked against sops 3.10.2 in test/interop/sops/).
  const layout = text.split(/^sops:$/m)[0]!.replace(/data:[^,]*,iv:[^,]*,tag:[^,]*,/g, "");
  assert.equal(layout, "list:\n  - ENC[AES256_GCM,type:comment]\n  - ENC[AES256_GCM,type:str]\n  - ENC[AES256_GCM,type:comment]\n  - ENC[AES256_GCM,type:str]\nmap:\n  #ENC[AES256_GCM,type:comment]\n  k: ENC[AES256_GCM,type:str]\n");
  const file = await decryptSops(text, { format: "yaml", identities: [demoIdentity] });
  assert.deepEqual(file.documents, [{ list: ["a", "b"], map: { k: "v" } }], "the comments are no list items");
  assert.equal(renderPlaintext(file).toString("utf8"), "list:\n  # one\n  - a\n  # two\n  - b\nmap:\n  # three\n  k: v\n");
});
