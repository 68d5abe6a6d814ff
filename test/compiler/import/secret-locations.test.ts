import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import { checkText } from "../../../compiler/import/check-text.js";
import { locateSecrets } from "../../../compiler/import/secret-locations.js";
import { repoPath } from "../../support/paths.js";

const model = () => {
  const { model, errors } = checkText(readFileSync(repoPath("examples", "homelab", "cluster.lab"), "utf8"));
  assert.deepEqual(errors, []);
  return model!;
};

test("each secret is located at the output Secret and key a build writes it to", async () => {
  const found = await locateSecrets(model(), undefined);
  const where = (name: string) => found.leaves.filter((l) => l.slots.includes(name)).map((l) => `${l.path} ${l.kind}/${l.name} ${l.keys.join(".")}`);
  // One token, two apps: both places are found.
  assert.equal(where("cloudflare-token").length, 2);
  assert.ok(where("cloudflare-token").every((w) => w.includes("/app/secret.sops.yaml Secret/") && w.includes(" stringData.")));
  assert.deepEqual(where("tunnel-credentials"), ["kubernetes/apps/network/cloudflare-tunnel/app/secret.sops.yaml Secret/cloudflare-tunnel-secret stringData.TUNNEL_TOKEN"]);
  assert.deepEqual(where("sops-age"), ["kubernetes/components/common/sops/sops-age.sops.yaml Secret/sops-age stringData.age.agekey"]);
  assert.deepEqual([...found.standIns.keys()].sort(), ["cloudflare-token", "sops-age", "tunnel-credentials", "webhook-token"]);
  // The stand-ins are fresh each time, so no repository can hold them by chance.
  const again = await locateSecrets(model(), undefined);
  assert.notEqual(again.standIns.get("webhook-token"), found.standIns.get("webhook-token"));
});

test("a value carried whole reads back whole; the tunnel's token reads back as its credentials", async () => {
  const found = await locateSecrets(model(), undefined);
  const leaf = found.leaves.find((l) => l.slots[0] === "webhook-token")!;
  assert.equal(leaf.pattern.exec("some-token")?.[1], "some-token");
  const tunnel = found.leaves.find((l) => l.slots[0] === "tunnel-credentials")!;
  const token = Buffer.from(JSON.stringify({ a: "acc", t: "id", s: "c2Vj" })).toString("base64");
  const match = tunnel.pattern.exec(token)!;
  assert.equal(found.recover.get("tunnel-credentials")!(match[1]!), JSON.stringify({ AccountTag: "acc", TunnelSecret: "c2Vj", TunnelID: "id" }));
  assert.equal(found.recover.get("tunnel-credentials")!("bm90IGpzb24="), undefined, "a token that is not one reads as no value");
});
