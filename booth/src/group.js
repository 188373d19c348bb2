// The group of spec/protocol.md §2 (ristretto255, RFC 9496) and its scalars, from
// @noble/curves; §4 tagged hashes; §5.2 challenge scalars; §5.4 transcripts' start.
import { ristretto255 } from '@noble/curves/ed25519.js';
import { bytesToNumberLE } from '@noble/curves/utils.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { Encoder, FormatError, hex32, bytesToHex, concatBytes, u64, utf8ToBytes } from './bytes.js';
import { Transcript } from './merlin.js';

export const Point = ristretto255.Point;
/** Z_ℓ: the scalar field, with its canonical decoding. */
export const Fn = Point.Fn;
export const G = Point.BASE;
export const O = Point.ZERO;
// An 8-bit window table for G (as for the election key, ballot.js `context`): a prover
// multiplies G some fifty times per ballot.
G.precompute(8);

const encodings = new WeakMap();

/**
 * A point's 32-byte encoding (§2.2), computed once per point object: encoding costs an
 * inverse square root, and a ballot's points are each encoded for its transcripts, its
 * hash and its JSON.
 */
export function bytesOf(p) {
  let b = encodings.get(p);
  if (b === undefined) {
    b = p.toBytes();
    encodings.set(p, b);
  }
  return b;
}

/** A point from its 32 bytes; non-canonical encodings are refused (§2.2). */
export function pointFromBytes(bytes, what) {
  try {
    return Point.fromBytes(bytes);
  } catch {
    throw new FormatError(what, 'not the canonical encoding of a ristretto255 point');
  }
}

export function pointFromHex(text, what) {
  return pointFromBytes(hex32(text, what), what);
}

/** A point that must not be the identity: a key (§2.4). */
export function keyFromHex(text, what) {
  const p = pointFromHex(text, what);
  if (p.is0()) throw new FormatError(what, 'the key is the identity point');
  return p;
}

/** A scalar from 32 bytes, canonical only (§2.3). */
export function scalarFromBytes(bytes, what) {
  try {
    return Fn.fromBytes(bytes);
  } catch {
    throw new FormatError(what, 'not a canonical scalar');
  }
}

export function scalarFromHex(text, what) {
  return scalarFromBytes(hex32(text, what), what);
}

export const scalarBytes = (s) => Fn.toBytes(s);
export const scalarHex = (s) => bytesToHex(Fn.toBytes(s));
export const pointHex = (p) => bytesToHex(bytesOf(p));

/** A scalar from 64 bytes, reduced modulo ℓ ("wide", §5.2). */
export function scalarFromWide(bytes) {
  return Fn.create(bytesToNumberLE(bytes));
}

/** A uniformly random scalar, from the platform's secure generator. */
export function randomScalar() {
  return scalarFromWide(randomBytes(64));
}

/**
 * s·P for a scalar that may be 0. noble's constant-time `multiply` refuses 0; a public 0
 * (a challenge, a weight) gives the identity. Secrets are never 0 (randomness, keys) or are
 * shifted away from it (see `encrypt` in ballot.js).
 */
export function mul(p, s) {
  return s === 0n ? O : p.multiply(s);
}

/** Variable time, for public values only (verification). */
export function mulPublic(p, s) {
  return p.multiplyUnsafe(s);
}

/** tagged_hash(domain, bytes) = SHA-256(u64(len(domain)) ‖ domain ‖ bytes) (§4). */
export function taggedHash(domain, bytes) {
  return sha256(concatBytes(new Encoder().str(domain).bytes(), bytes));
}

/** The start of every transcript (§5.2): "zhixuan-v1", then the domain. */
export function transcript(domain) {
  const t = new Transcript('zhixuan-v1');
  t.appendMessage('dom-sep', utf8ToBytes(domain));
  return t;
}

export function appendU64(t, label, n) {
  t.appendMessage(label, u64(n));
}

/** challenge_scalar(label) (§5.2). */
export function challengeScalar(t, label = 'challenge') {
  return scalarFromWide(t.challengeBytes(label, 64));
}

export { concatBytes };
