// Ballots (spec/protocol.md §9), tracking codes (§10) and the Benaloh audit (§11): what the
// voter's device does. A ballot is encrypted and proved first (a prepared ballot, signed by
// nobody); the voter then casts it (the credential signs) or audits it (it is opened), never
// both.
import { Encoder, FormatError, bytesToHex, equalBytes, hex32 } from './bytes.js';
import {
  G, O, Fn, mul, mulPublic, transcript, appendU64, challengeScalar, taggedHash, randomScalar,
  pointFromHex, scalarFromHex, pointHex, scalarHex, bytesOf,
} from './group.js';
import { sign, verify as verifySignature, signatureFromJson, signatureToJson, signatureChallenge } from './schnorr.js';
import { trackingCode } from './crockford.js';

/** The randomness a prepared ballot draws; tests replace it to reproduce the vectors. */
export const secureRandomness = {
  /** r of selection `option` of the contest at `position` (§6.1). */
  nonce: () => randomScalar(),
  /** c_j, z_j of a simulated branch (§7.2); `part` is an option index or 'total'. */
  branch: () => ({ c: randomScalar(), z: randomScalar() }),
  /** w of the true branch (§7.2). */
  commitment: () => randomScalar(),
  /** k of the signature (§7.1). */
  signatureNonce: () => randomScalar(),
};

/** A ballot style (§8) from its JSON, checked as §8 requires. */
export function styleFromJson(json) {
  if (!Array.isArray(json)) throw new FormatError('style', 'not a list');
  let last = -1;
  return json.map((c, i) => {
    const { contest, spec } = c;
    const limits = spec.option_limits;
    const sum = limits.reduce((a, b) => a + b, 0);
    if (!Number.isInteger(contest) || contest <= last) throw new FormatError(`style[${i}]`, 'contest indices must increase');
    if (limits.length === 0 || limits.some((l) => !Number.isInteger(l) || l < 1 || l + 1 > 256)
      || spec.min_total > spec.max_total || spec.max_total > sum || spec.max_total - spec.min_total + 1 > 256) {
      throw new FormatError(`style[${i}]`, 'not a valid contest spec');
    }
    last = contest;
    return { contest, limits: limits.slice(), min: spec.min_total, max: spec.max_total };
  });
}

/** The election context (§6.4): the election hash and key, with K's table precomputed. */
export function context(electionHash, electionKey) {
  if (electionKey.is0()) throw new FormatError('election key', 'the key is the identity point');
  electionKey.precompute(8);
  return { election: electionHash, key: electionKey };
}

function contestTranscript(ctx, credential, contest, ciphertexts) {
  // §9.4: the whole statement before any commitment.
  const t = transcript('ballot-proof');
  t.appendMessage('election', ctx.election);
  t.appendMessage('election-key', bytesOf(ctx.key));
  t.appendMessage('credential', bytesOf(credential));
  appendU64(t, 'contest', contest);
  appendU64(t, 'selections', ciphertexts.length);
  for (const ct of ciphertexts) {
    t.appendMessage('selection-a', bytesOf(ct.A));
    t.appendMessage('selection-b', bytesOf(ct.B));
  }
  return t;
}

/** The challenge of a range proof over transcript `t` (§7.2, steps 2–3 of the prover). */
function rangeChallenge(t, lo, hi, branches) {
  appendU64(t, 'range-lo', lo);
  appendU64(t, 'range-hi', hi);
  for (const b of branches) {
    t.appendMessage('commitment-a', bytesOf(b.a));
    t.appendMessage('commitment-b', bytesOf(b.b));
  }
  return challengeScalar(t);
}

/**
 * The CDS range proof of §7.2 that (A, B) = Enc_K(m; r) with lo ≤ m ≤ hi, in fixed-base
 * form: with u_j = z_j − c_j·r and v_j = c_j·(j − m), a simulated branch's commitments
 * a_j = z_j·G − c_j·A and b_j = z_j·K − c_j·(B − j·G) are u_j·G and u_j·K + v_j·G, and the
 * true branch's are w·G and w·K (u = w, v = 0). Every branch so does the same three
 * constant-time multiplications by G or K, whose tables are precomputed: the time taken
 * does not tell which branch is true (as in crates/tally's prover).
 */
function proveRange(t, K, m, r, lo, hi, draw) {
  const branches = [];
  let w = null;
  let simulated = 0n;
  for (let j = lo; j <= hi; j++) {
    const isTrue = j === m;
    const { c, z } = isTrue ? { c: 0n, z: (w = draw.commitment()) } : draw.branch(j - lo);
    const u = isTrue ? z : Fn.sub(z, Fn.mul(c, r));
    // v·G as (v + 1)·G − G, so that the true branch's v = 0 takes no other path.
    const vG = mul(G, Fn.add(Fn.mul(c, Fn.sub(BigInt(j), BigInt(m))), 1n)).subtract(G);
    branches.push({ a: mul(G, u), b: mul(K, u).add(vG), c, z });
    simulated = Fn.add(simulated, c);
  }
  const c = rangeChallenge(t, lo, hi, branches);
  const cm = Fn.sub(c, simulated);
  const real = branches[m - lo];
  real.c = cm;
  real.z = Fn.add(w, Fn.mul(cm, r));
  return { proof: branches, challenge: c };
}

function checkRangeShape(proof, lo, hi) {
  return proof.length === hi - lo + 1;
}

/** Steps 2–4 of the range verifier (§7.2); returns the challenge, or why it failed. */
function verifyRange(t, K, ct, lo, hi, proof) {
  if (!checkRangeShape(proof, lo, hi)) return { error: 'shape' };
  const c = rangeChallenge(t, lo, hi, proof);
  const sum = proof.reduce((acc, b) => Fn.add(acc, b.c), 0n);
  if (sum !== c) return { error: 'challenge', challenge: c };
  for (let k = 0; k < proof.length; k++) {
    const { a, b, c: cj, z } = proof[k];
    const shifted = ct.B.subtract(mulPublic(G, BigInt(lo + k)));
    if (!mulPublic(G, z).equals(a.add(mulPublic(ct.A, cj)))) return { error: 'equation', challenge: c };
    if (!mulPublic(K, z).equals(b.add(mulPublic(shifted, cj)))) return { error: 'equation', challenge: c };
  }
  return { challenge: c };
}

/** Enc_K(m; r) = (rG, mG + rK) (§6.1); m·G as (m+1)·G − G, so m = 0 takes no other path. */
function encrypt(K, m, r) {
  return { A: mul(G, r), B: mul(G, BigInt(m) + 1n).subtract(G).add(mul(K, r)) };
}

/** enc(BallotContent) (§3.1) and the ballot hash (§9.3). */
export function ballotHash(election, contests) {
  const e = new Encoder().fixed(election).u64(contests.length);
  for (const c of contests) {
    e.u64(c.contest).u64(c.ciphertexts.length);
    for (const ct of c.ciphertexts) e.fixed(bytesOf(ct.A)).fixed(bytesOf(ct.B));
  }
  return taggedHash('zhixuan-v1/ballot', e.bytes());
}

/**
 * Encrypts and proves `choices` (one list of counts per contest of `style`) for credential
 * `credential` (a point): the prepared ballot of §9.1, with its hash and tracking code.
 * Choices outside the style are refused here, before any work.
 */
export function prepareBallot(ctx, style, credential, choices, draw = secureRandomness) {
  checkChoices(style, choices);
  const contests = style.map((spec, p) => {
    const values = choices[p];
    const nonces = values.map((_, o) => draw.nonce(p, o));
    const ciphertexts = values.map((m, o) => encrypt(ctx.key, m, nonces[o]));
    return { contest: spec.contest, spec, values, nonces, ciphertexts };
  });
  for (const c of contests) {
    const base = contestTranscript(ctx, credential, c.contest, c.ciphertexts);
    const branchOf = (part) => ({ commitment: () => draw.commitment(c.contest, part), branch: (k) => draw.branch(c.contest, part, k) });
    c.proofs = c.ciphertexts.map((ct, o) => {
      const t = base.clone();
      t.appendMessage('proof', 'selection');
      appendU64(t, 'option', o);
      return proveRange(t, ctx.key, c.values[o], c.nonces[o], 0, c.spec.limits[o], branchOf(o));
    });
    const total = c.ciphertexts.reduce((s, ct) => ({ A: s.A.add(ct.A), B: s.B.add(ct.B) }), { A: O, B: O });
    const t = base.clone();
    t.appendMessage('proof', 'total');
    const m = c.values.reduce((a, b) => a + b, 0);
    const r = c.nonces.reduce((a, b) => Fn.add(a, b), 0n);
    c.total = proveRange(t, ctx.key, m, r, c.spec.min, c.spec.max, branchOf('total'));
  }
  const hash = ballotHash(ctx.election, contests);
  return new PreparedBallot(ctx, credential, contests, hash, draw);
}

/** Refuses choices that the style does not allow (§8), naming the contest. */
export function checkChoices(style, choices) {
  if (!Array.isArray(choices) || choices.length !== style.length) {
    throw new FormatError('choices', `${style.length} contests expected`);
  }
  style.forEach((spec, p) => {
    const values = choices[p];
    if (!Array.isArray(values) || values.length !== spec.limits.length) {
      throw new FormatError(`choices[${p}]`, `${spec.limits.length} options expected`);
    }
    values.forEach((v, o) => {
      if (!Number.isInteger(v) || v < 0 || v > spec.limits[o]) throw new FormatError(`choices[${p}][${o}]`, `not in 0..=${spec.limits[o]}`);
    });
    const total = values.reduce((a, b) => a + b, 0);
    if (total < spec.min || total > spec.max) {
      throw new FormatError(`choices[${p}]`, `the total ${total} is not in ${spec.min}..=${spec.max}`);
    }
  });
}

const ciphertextJson = (ct) => ({ a: pointHex(ct.A), b: pointHex(ct.B) });
const branchJson = (b) => ({ a: pointHex(b.a), b: pointHex(b.b), c: scalarHex(b.c), z: scalarHex(b.z) });

function encodeProof(e, proof) {
  e.u64(proof.length);
  for (const b of proof) e.fixed(bytesOf(b.a)).fixed(bytesOf(b.b)).fixed(Fn.toBytes(b.c)).fixed(Fn.toBytes(b.z));
}

/** A prepared ballot: encrypted and proved; cast or audited once. */
export class PreparedBallot {
  constructor(ctx, credential, contests, hash, draw) {
    this.ctx = ctx;
    this.credential = credential;
    this.contests = contests;
    this.hash = hash;
    this.trackingCode = trackingCode(hash);
    this.draw = draw;
    this.used = false;
  }

  take() {
    if (this.used) throw new Error('a prepared ballot is cast or audited, never both (spec/protocol.md §9.1)');
    this.used = true;
  }

  /** The challenges of every proof, for the vectors. */
  challenges() {
    return this.contests.map((c) => ({ contest: c.contest, selections: c.proofs.map((p) => p.challenge), total: c.total.challenge }));
  }

  /** Signs with the credential secret `x` (§9.5): the cast ballot. */
  cast(x) {
    if (!mul(G, x).equals(this.credential)) throw new FormatError('credential', 'the secret is not the credential\'s');
    this.take();
    const sig = sign('ballot-signature', x, this.credential, this.hash, this.draw.signatureNonce());
    return new CastBallot(this, sig);
  }

  /** Opens the ballot for group `group` (§11): the audited ballot. */
  audit(group) {
    this.take();
    return new AuditedBallot(this.ctx.election, group, this.contests.map((c) => ({
      contest: c.contest, ciphertexts: c.ciphertexts,
      opening: c.values.map((value, o) => ({ value, nonce: c.nonces[o] })),
    })));
  }
}

export class CastBallot {
  constructor(prepared, signature) {
    this.election = prepared.ctx.election;
    this.credential = prepared.credential;
    this.contests = prepared.contests.map((c) => ({
      contest: c.contest, ciphertexts: c.ciphertexts,
      proofs: c.proofs.map((p) => p.proof), total: c.total.proof,
    }));
    this.signature = signature;
    this.hash = prepared.hash;
    this.trackingCode = prepared.trackingCode;
  }

  toJson() {
    return {
      election: bytesToHex(this.election),
      credential: pointHex(this.credential),
      contests: this.contests.map((c) => ({
        contest: c.contest,
        selections: c.ciphertexts.map((ct, o) => ({ ciphertext: ciphertextJson(ct), proof: c.proofs[o].map(branchJson) })),
        total_proof: c.total.map(branchJson),
      })),
      signature: signatureToJson(this.signature),
    };
  }

  /** enc(Ballot) (§3.1): what the board logs. */
  encode() {
    const e = new Encoder().fixed(this.election).fixed(bytesOf(this.credential)).u64(this.contests.length);
    for (const c of this.contests) {
      e.u64(c.contest).u64(c.ciphertexts.length);
      c.ciphertexts.forEach((ct, o) => {
        e.fixed(bytesOf(ct.A)).fixed(bytesOf(ct.B));
        encodeProof(e, c.proofs[o]);
      });
      encodeProof(e, c.total);
    }
    return e.fixed(bytesOf(this.signature.R)).fixed(Fn.toBytes(this.signature.s)).bytes();
  }
}

export class AuditedBallot {
  constructor(election, group, contests) {
    this.election = election;
    this.group = group;
    this.contests = contests;
    this.hash = ballotHash(election, contests);
    this.trackingCode = trackingCode(this.hash);
  }

  /** The opened choices: one list of counts per contest. */
  choices() {
    return this.contests.map((c) => c.opening.map((o) => o.value));
  }

  toJson() {
    return {
      election: bytesToHex(this.election),
      group: this.group,
      contests: this.contests.map((c) => ({ contest: c.contest, ciphertexts: c.ciphertexts.map(ciphertextJson) })),
      opening: this.contests.map((c) => c.opening.map((o) => ({ value: o.value, nonce: scalarHex(o.nonce) }))),
    };
  }

  /** enc(AuditedBallot) (§3.1). */
  encode() {
    const e = new Encoder().fixed(this.election).str(this.group);
    e.seq(this.contests, (e2, c) => {
      e2.u64(c.contest).seq(c.ciphertexts, (e3, ct) => e3.fixed(bytesOf(ct.A)).fixed(bytesOf(ct.B)));
    });
    e.seq(this.contests, (e2, c) => e2.seq(c.opening, (e3, o) => e3.u64(o.value).fixed(Fn.toBytes(o.nonce))));
    return e.bytes();
  }

  /** The checks of §11 (steps 3–6) against the context and the group's style. */
  verify(ctx, style) {
    if (!equalBytes(this.election, ctx.election)) return 'WrongElection';
    if (this.contests.length !== style.length) return 'LenMismatch contests';
    for (let p = 0; p < style.length; p++) {
      const c = this.contests[p];
      if (c.contest !== style[p].contest) return 'ContestOrder';
      if (c.ciphertexts.length !== style[p].limits.length) return 'LenMismatch selections';
      if (c.ciphertexts.some((ct) => ct.A.is0() || ct.B.is0())) return 'IdentityCiphertext';
    }
    for (let p = 0; p < style.length; p++) {
      const c = this.contests[p];
      if (c.opening.length !== c.ciphertexts.length) return 'LenMismatch opened selections';
      let total = 0;
      for (let o = 0; o < c.opening.length; o++) {
        const { value, nonce } = c.opening[o];
        const again = encrypt(ctx.key, value, nonce);
        if (!again.A.equals(c.ciphertexts[o].A) || !again.B.equals(c.ciphertexts[o].B)) return `OpeningMismatch ${c.contest}/${o}`;
        if (value > style[p].limits[o]) return `ChoiceOutOfRange ${c.contest}/${o}`;
        total += value;
      }
      if (total < style[p].min || total > style[p].max) return `ChoiceOutOfRange ${c.contest}/total`;
    }
    return null;
  }
}

const ciphertextFromJson = (j, what) => {
  if (!j || Object.keys(j).sort().join() !== 'a,b') throw new FormatError(what, 'not a ciphertext {a, b}');
  return { A: pointFromHex(j.a, `${what}.a`), B: pointFromHex(j.b, `${what}.b`) };
};
const proofFromJson = (j, what) => {
  if (!Array.isArray(j)) throw new FormatError(what, 'not a list of branches');
  return j.map((b, k) => {
    if (!b || Object.keys(b).sort().join() !== 'a,b,c,z') throw new FormatError(`${what}[${k}]`, 'not a branch {a, b, c, z}');
    return { a: pointFromHex(b.a, `${what}[${k}].a`), b: pointFromHex(b.b, `${what}[${k}].b`), c: scalarFromHex(b.c, `${what}[${k}].c`), z: scalarFromHex(b.z, `${what}[${k}].z`) };
  });
};

/** A cast ballot read from its JSON (§9.1): for the tests and to check a board's copy. */
export function castBallotFromJson(j) {
  const prepared = {
    ctx: { election: hex32(j.election, 'election') },
    credential: pointFromHex(j.credential, 'credential'),
    contests: j.contests.map((c, p) => ({
      contest: c.contest,
      ciphertexts: c.selections.map((s, o) => ciphertextFromJson(s.ciphertext, `contests[${p}].selections[${o}].ciphertext`)),
      proofs: c.selections.map((s, o) => ({ proof: proofFromJson(s.proof, `contests[${p}].selections[${o}].proof`) })),
      total: { proof: proofFromJson(c.total_proof, `contests[${p}].total_proof`) },
    })),
  };
  prepared.hash = ballotHash(prepared.ctx.election, prepared.contests);
  prepared.trackingCode = trackingCode(prepared.hash);
  return new CastBallot(prepared, signatureFromJson(j.signature, 'signature'));
}

export function auditedBallotFromJson(j) {
  return new AuditedBallot(hex32(j.election, 'election'), j.group, j.contests.map((c, p) => ({
    contest: c.contest,
    ciphertexts: c.ciphertexts.map((ct, o) => ciphertextFromJson(ct, `contests[${p}].ciphertexts[${o}]`)),
    opening: j.opening[p].map((o, i) => ({ value: o.value, nonce: scalarFromHex(o.nonce, `opening[${p}][${i}].nonce`) })),
  })));
}

/**
 * Verifies a cast ballot (§9.6, every equation one by one): returns null, or the first
 * failure; with the challenges it recomputed.
 */
export function verifyBallot(ballot, ctx, style) {
  const challenges = [];
  if (!equalBytes(ballot.election, ctx.election)) return { error: 'WrongElection' };
  if (ballot.credential.is0()) return { error: 'credential is the identity' };
  if (ballot.contests.length !== style.length) return { error: 'LenMismatch contests' };
  for (let p = 0; p < style.length; p++) {
    const c = ballot.contests[p];
    if (c.contest !== style[p].contest) return { error: 'ContestOrder' };
    if (c.ciphertexts.length !== style[p].limits.length) return { error: 'LenMismatch selections' };
    if (c.ciphertexts.some((ct) => ct.A.is0() || ct.B.is0())) return { error: 'IdentityCiphertext' };
  }
  for (let p = 0; p < style.length; p++) {
    const c = ballot.contests[p];
    const base = contestTranscript(ctx, ballot.credential, c.contest, c.ciphertexts);
    const got = { contest: c.contest, selections: [], total: null };
    for (let o = 0; o < c.ciphertexts.length; o++) {
      const t = base.clone();
      t.appendMessage('proof', 'selection');
      appendU64(t, 'option', o);
      const r = verifyRange(t, ctx.key, c.ciphertexts[o], 0, style[p].limits[o], c.proofs[o]);
      if (r.error) return { error: `${r.error} ${c.contest}/${o}` };
      got.selections.push(r.challenge);
    }
    const total = c.ciphertexts.reduce((s, ct) => ({ A: s.A.add(ct.A), B: s.B.add(ct.B) }), { A: O, B: O });
    const t = base.clone();
    t.appendMessage('proof', 'total');
    const r = verifyRange(t, ctx.key, total, style[p].min, style[p].max, c.total);
    if (r.error) return { error: `${r.error} ${c.contest}/total` };
    got.total = r.challenge;
    challenges.push(got);
  }
  if (!verifySignature('ballot-signature', ballot.credential, ballot.hash, ballot.signature)) return { error: 'signature' };
  return { error: null, challenges, signature: signatureChallenge('ballot-signature', ballot.credential, ballot.hash, ballot.signature.R) };
}
