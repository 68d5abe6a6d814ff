// Shamir combine over GF(2^8) written from the textbook for tests, sharing nothing with
// compiler/secrets/sops/shamir.ts: log/exp tables over the generator 3 of the AES field
// (x^8+x^4+x^3+x+1), Lagrange interpolation at 0, shares laid out `y bytes || x` as sops stores them.
const EXP = new Array<number>(510);
const LOG = new Array<number>(256).fill(0);
{
  let x = 1;
  for (let i = 0; i < 255; i++) {
    EXP[i] = x;
    LOG[x] = i;
    const doubled = (x << 1) ^ (x & 0x80 ? 0x11b : 0);
    x = doubled ^ x; // x * 3
  }
  for (let i = 255; i < 510; i++) EXP[i] = EXP[i - 255]!;
}
export const gfMul = (a: number, b: number) => (a === 0 || b === 0 ? 0 : EXP[LOG[a]! + LOG[b]!]!);
const gfDiv = (a: number, b: number) => (a === 0 ? 0 : EXP[(LOG[a]! - LOG[b]! + 255) % 255]!);

/** Lagrange interpolation at 0 over shares laid out as `y bytes || x`. */
export function textbookCombine(shares: readonly Uint8Array[]): Uint8Array {
  const n = shares[0]!.length - 1;
  const xs = shares.map((s) => s[n]!);
  const out = new Uint8Array(n);
  for (let byte = 0; byte < n; byte++) {
    let acc = 0;
    shares.forEach((share, i) => {
      let basis = 1;
      xs.forEach((xj, j) => {
        if (j !== i) basis = gfMul(basis, gfDiv(xj, xs[i]! ^ xj));
      });
      acc ^= gfMul(share[byte]!, basis);
    });
    out[byte] = acc;
  }
  return out;
}

