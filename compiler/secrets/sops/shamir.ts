// Shamir secret sharing over GF(2^8) as in HashiCorp Vault (vendored by sops as shamir/shamir.go),
// used when a file has several key groups. Each share is `y bytes || x`, x distinct and random in
// 1…255 (sops, like Vault, takes a random permutation so shares do not reveal their index). Vault multiplies with log/exp tables for the AES
// polynomial x^8+x^4+x^3+x+1; multiplying directly in that field gives the same results.
import { randomBytes, randomInt } from "node:crypto";
import { SopsFormatError } from "../errors.js";

function mul(a: number, b: number): number {
  let product = 0;
  for (let i = 0; i < 8; i++) {
    if (b & 1) product ^= a;
    const carry = a & 0x80;
    a = (a << 1) & 0xff;
    if (carry) a ^= 0x1b;
    b >>= 1;
  }
  return product;
}

function inverse(a: number): number {
  // a^254 = a^-1 in GF(2^8).
  let result = 1;
  for (let i = 0; i < 254; i++) result = mul(result, a);
  return result;
}

/** shamir.Combine: rebuilds the secret from at least two shares with distinct x coordinates. */
export function combineShares(shares: readonly Uint8Array[]): Uint8Array {
  if (shares.length < 2) throw new SopsFormatError("less than two Shamir shares cannot rebuild the data key");
  const length = shares[0]!.length;
  if (length < 2 || shares.some((s) => s.length !== length)) {
    throw new SopsFormatError("Shamir shares must all have the same length of at least two bytes");
  }
  const xs = shares.map((s) => s[length - 1]!);
  if (new Set(xs).size !== xs.length) throw new SopsFormatError("duplicate Shamir share");
  const secret = new Uint8Array(length - 1);
  for (let idx = 0; idx < length - 1; idx++) {
    let value = 0;
    for (let i = 0; i < shares.length; i++) {
      // Lagrange basis at x = 0: prod x_j / (x_i + x_j) (addition is XOR).
      let basis = 1;
      for (let j = 0; j < shares.length; j++) {
        if (i !== j) basis = mul(basis, mul(xs[j]!, inverse(xs[i]! ^ xs[j]!)));
      }
      value ^= mul(shares[i]![idx]!, basis);
    }
    secret[idx] = value;
  }
  return secret;
}

/** shamir.Split: `parts` shares, any `threshold` (2…parts) of which rebuild `secret`. */
export function splitSecret(secret: Uint8Array, parts: number, threshold: number): Uint8Array[] {
  if (threshold < 2 || parts < threshold || parts > 255) throw new RangeError("invalid Shamir parameters");
  const xs = Array.from({ length: 255 }, (_, i) => i + 1);
  for (let i = xs.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  const shares = Array.from({ length: parts }, (_, p) => {
    const share = new Uint8Array(secret.length + 1);
    share[secret.length] = xs[p]!;
    return share;
  });
  for (let idx = 0; idx < secret.length; idx++) {
    const coefficients = [secret[idx]!, ...randomBytes(threshold - 1)];
    for (const share of shares) {
      const x = share[secret.length]!;
      let y = 0;
      for (let c = coefficients.length - 1; c >= 0; c--) y = mul(y, x) ^ coefficients[c]!;
      share[idx] = y;
    }
  }
  return shares;
}
