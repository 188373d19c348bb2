// Schnorr signatures (spec/protocol.md §7.1) under a transcript domain.
import { G, Fn, mul, mulPublic, transcript, challengeScalar, pointFromHex, scalarFromHex, pointHex, scalarHex, randomScalar } from './group.js';
import { FormatError } from './bytes.js';

function challenge(domain, publicKey, message, commitment) {
  const t = transcript(domain);
  t.appendMessage('public-key', publicKey.toBytes());
  t.appendMessage('message', message);
  t.appendMessage('commitment', commitment.toBytes());
  return challengeScalar(t);
}

/** Signs `message` with secret `x` (public key `P`); `nonce` is the k of §7.1. */
export function sign(domain, x, P, message, nonce = randomScalar()) {
  const R = mul(G, nonce);
  const e = challenge(domain, P, message, R);
  return { R, s: Fn.add(nonce, Fn.mul(e, x)), e };
}

/** s·G = R + e·P (§7.1). */
export function verify(domain, P, message, signature) {
  const e = challenge(domain, P, message, signature.R);
  return mulPublic(G, signature.s).equals(signature.R.add(mulPublic(P, e)));
}

export function signatureFromJson(json, what) {
  if (!json || typeof json !== 'object' || Object.keys(json).sort().join() !== 'commitment,response') {
    throw new FormatError(what, 'not a signature {commitment, response}');
  }
  return {
    R: pointFromHex(json.commitment, `${what}.commitment`),
    s: scalarFromHex(json.response, `${what}.response`),
  };
}

export function signatureToJson(sig) {
  return { commitment: pointHex(sig.R), response: scalarHex(sig.s) };
}

export { challenge as signatureChallenge };
