// The base-32 alphabet of tracking codes (spec/protocol.md §10) and slips (spec/slips.md §1),
// and the reading of a typed code common to both.
import { FormatError } from './bytes.js';

export const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Digits of `bytes` read as one big-endian bit string, 5 bits each, most significant first. */
export function toDigits(bytes, count) {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  const bits = BigInt(bytes.length * 8);
  let out = '';
  for (let i = 0; i < count; i++) {
    out += ALPHABET[Number((v >> (bits - 5n * BigInt(i + 1))) & 31n)];
  }
  return out;
}

/** The bytes whose 5-bit digits are `text` (length × 5 = bytes × 8). */
export function fromDigits(text, length) {
  let v = 0n;
  for (const ch of text) v = (v << 5n) | BigInt(ALPHABET.indexOf(ch));
  const out = new Uint8Array(length);
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/**
 * A typed code as §10 reads it: without `-` and white space (Unicode White_Space), ASCII
 * letters in upper case, O read as 0, I and L as 1. Returns the characters, or throws if
 * there are not `count` of them or one is outside the alphabet.
 */
export function normalise(text, count, what) {
  const cleaned = text
    .replace(/[-\u0009-\u000d\u0020\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/g, '')
    .replace(/[a-z]/g, (c) => c.toUpperCase())
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  const chars = [...cleaned];
  if (chars.length !== count) throw new FormatError(what, `${chars.length} characters, not ${count}`);
  const bad = chars.find((c) => !ALPHABET.includes(c));
  if (bad !== undefined) throw new FormatError(what, `the character ${JSON.stringify(bad)} is not in the alphabet`);
  return chars.join('');
}

/** The tracking code of a ballot hash (§10): 16 digits of its first 10 bytes, in fours. */
export function trackingCode(hash) {
  const d = toDigits(hash.subarray(0, 10), 16);
  return `${d.slice(0, 4)}-${d.slice(4, 8)}-${d.slice(8, 12)}-${d.slice(12, 16)}`;
}

/** Whether a typed tracking code names the ballot hash `hash` (§10). */
export function trackingCodeMatches(typed, hash) {
  const d = normalise(typed, 16, 'tracking code');
  return d === trackingCode(hash).replace(/-/g, '');
}
