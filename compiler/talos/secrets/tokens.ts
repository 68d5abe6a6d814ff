import { randomBytes } from "node:crypto";

const TOKEN_CHARS = "0123456789abcdefghijklmnopqrstuvwxyz";
// 256 mod 36 = 4: bytes >= 252 are discarded so every character is equally likely (as Talos does).
const MAX_BYTE = 252;

function tokenString(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const b of randomBytes(length * 2)) {
      if (b >= MAX_BYTE) continue;
      out += TOKEN_CHARS[b % TOKEN_CHARS.length];
      if (out.length === length) break;
    }
  }
  return out;
}

/** kubeadm-style token `abcdef.0123456789abcdef`, used for the bootstrap and trustd tokens. */
export function generateToken(): string {
  return `${tokenString(6)}.${tokenString(16)}`;
}

/** 32 random bytes, standard base64: cluster secret and secretbox key. */
export function randomBase64(size = 32): string {
  return randomBytes(size).toString("base64");
}

/** Cluster ID encoding of Talos 1.13 (talhelper's pin): URL-safe alphabet, with padding. */
export function randomUrlBase64(size = 32): string {
  return randomBytes(size).toString("base64").replace(/\+/g, "-").replace(/\//g, "_");
}
