// Bytes and the canonical binary encoding of spec/protocol.md §3.
import { bytesToHex, hexToBytes, concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';

export { bytesToHex, concatBytes, utf8ToBytes };

/** Thrown for any input that is not what the spec allows; `what` says which value. */
export class FormatError extends Error {
  constructor(what, problem) {
    super(`${what}: ${problem}`);
    this.name = 'FormatError';
    this.what = what;
  }
}

const HEX64 = /^[0-9a-f]{64}$/;

/** 32 bytes from exactly 64 lowercase hex digits (spec/protocol.md §2.5). */
export function hex32(text, what) {
  if (typeof text !== 'string' || !HEX64.test(text)) {
    throw new FormatError(what, 'not 64 lowercase hexadecimal digits');
  }
  return hexToBytes(text);
}

export function fromHex(text) {
  return hexToBytes(text);
}

/** u64(n): 8 bytes little-endian (§3). */
export function u64(n) {
  let v = BigInt(n);
  if (v < 0n || v >= 1n << 64n) throw new FormatError('integer', `${n} is not a u64`);
  const out = new Uint8Array(8);
  for (let i = 0; i < 8; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** The canonical encoding, written field by field (§3). */
export class Encoder {
  constructor() {
    this.parts = [];
  }
  u64(n) {
    this.parts.push(u64(n));
    return this;
  }
  /** A fixed 32-byte value: point, scalar, hash; no length prefix. */
  fixed(bytes) {
    if (bytes.length !== 32) throw new FormatError('fixed value', 'not 32 bytes');
    this.parts.push(bytes);
    return this;
  }
  raw(bytes) {
    this.parts.push(bytes);
    return this;
  }
  /** A byte or UTF-8 string: u64(length) ‖ bytes. */
  str(s) {
    const bytes = typeof s === 'string' ? utf8ToBytes(s) : s;
    this.parts.push(u64(bytes.length), bytes);
    return this;
  }
  /** A sequence: u64(n) ‖ each element written by `each`. */
  seq(items, each) {
    this.u64(items.length);
    for (const item of items) each(this, item);
    return this;
  }
  opt(value, each) {
    if (value === undefined || value === null) return this.u64(0);
    this.u64(1);
    each(this, value);
    return this;
  }
  bytes() {
    return concatBytes(...this.parts);
  }
}

export function equalBytes(a, b) {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i] ^ b[i];
  return d === 0;
}
