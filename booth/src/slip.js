// Credential slips (spec/slips.md): the code, the check character, the credential derived
// for one election, and the QR payload.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToNumberLE } from '@noble/curves/utils.js';
import { FormatError, concatBytes, utf8ToBytes } from './bytes.js';
import { ALPHABET, toDigits, fromDigits, normalise } from './crockford.js';
import { G, mul } from './group.js';

/** Why a slip was refused, as a word the booth translates. */
export class SlipError extends Error {
  constructor(reason, detail) {
    super(detail ? `${reason}: ${detail}` : reason);
    this.name = 'SlipError';
    /** 'length' | 'character' | 'check' | 'payload' | 'zero' */
    this.reason = reason;
  }
}

/** check(k) = SHA-256("zhixuan-slip-check" ‖ k)[0] >> 3 (§1). */
export function checkCharacter(k) {
  return ALPHABET[sha256(concatBytes(utf8ToBytes('zhixuan-slip-check'), k))[0] >> 3];
}

/** The code as printed (§1): 25 characters in five groups of five. */
export function slipText(k) {
  const d = toDigits(k, 24) + checkCharacter(k);
  return [0, 5, 10, 15, 20].map((i) => d.slice(i, i + 5)).join('-');
}

/** A typed code (§2): its 15 bytes, or a SlipError saying what is wrong. */
export function readCode(typed) {
  let d;
  try {
    d = normalise(typed, 25, 'slip code');
  } catch (e) {
    if (e instanceof FormatError) throw new SlipError(/characters, not/.test(e.message) ? 'length' : 'character', e.message);
    throw e;
  }
  const k = fromDigits(d.slice(0, 24), 15);
  if (checkCharacter(k) !== d[24]) throw new SlipError('check');
  return k;
}

/**
 * What the camera or the keyboard gave (§4): the election id it names (or null) and the
 * code's bytes.
 */
export function readSlip(text) {
  const t = text.trim();
  if (t.slice(0, 8).toUpperCase() === 'ZHIXUAN:') {
    const rest = t.slice(8);
    const at = rest.lastIndexOf(':');
    if (at < 0) throw new SlipError('payload');
    return { election: rest.slice(0, at).toLowerCase(), code: readCode(rest.slice(at + 1)) };
  }
  return { election: null, code: readCode(t) };
}

/** The QR payload of a slip (§4). */
export function slipPayload(electionId, k) {
  return `ZHIXUAN:${electionId.toUpperCase()}:${slipText(k)}`;
}

/** The credential secret x_v and public P of code k in the election with hash E_h (§3). */
export function credentialOf(electionHash, k) {
  const h = sha256(concatBytes(utf8ToBytes('zhixuan-v1/credential-slip'), electionHash, k));
  h[31] &= 0x0f;
  const x = bytesToNumberLE(h);
  if (x === 0n) throw new SlipError('zero');
  return { secret: x, credential: mul(G, x) };
}
