// The booth's JavaScript checked byte for byte against the Rust implementation's
// known-answer vectors (spec/vectors/, written by crates/tally/tests/vectors.rs and the
// board's and the command's vector tests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Transcript } from '../src/merlin.js';
import { bytesToHex, fromHex } from '../src/bytes.js';
import { G, Fn, mul, pointFromHex, scalarFromHex, keyFromHex, scalarFromWide, pointHex } from '../src/group.js';
import { verify as verifySchnorr, signatureFromJson, signatureChallenge } from '../src/schnorr.js';
import {
  context, styleFromJson, prepareBallot, castBallotFromJson, auditedBallotFromJson, verifyBallot, ballotHash,
} from '../src/ballot.js';
import { trackingCode, trackingCodeMatches } from '../src/crockford.js';
import { readSlip, readCode, slipText, slipPayload, checkCharacter, credentialOf, SlipError } from '../src/slip.js';
import { definitionHash, encodeDefinition, groupQuestions, styleOf } from '../src/definition.js';
import {
  encodeBody, statementHash, verifySigned, readSetup, leafHash, receivedAtSeconds, verifyInclusion,
  parseVerifierKey, verifyCheckpoint, BoardError,
} from '../src/board.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const vector = (name) => JSON.parse(readFileSync(`${root}spec/vectors/${name}.json`, 'utf8'));
const hex = bytesToHex;

/** Replays a transcript vector's operations; checks every challenge's 64 bytes. */
function replay(ops) {
  assert.equal(ops[0].label, 'dom-sep');
  const t = new Transcript(fromHex(ops[0].message));
  for (const op of ops.slice(1)) {
    if (op.op === 'append') t.appendMessage(op.label, fromHex(op.message));
    else assert.equal(hex(t.challengeBytes(op.label, 64)), op.output, `challenge ${op.label}`);
  }
}

test('merlin transcripts reproduce every challenge of schnorr.json and range-proof.json', () => {
  const s = vector('schnorr');
  replay(s.transcript);
  const rp = vector('range-proof');
  for (const c of rp.cases) {
    replay(c.transcript);
    const last = c.transcript[c.transcript.length - 1];
    assert.equal(hex(Fn.toBytes(scalarFromWide(fromHex(last.output)))), c.challenge);
  }
});

test('a Schnorr signature of schnorr.json verifies, and fails with a bit flipped', () => {
  const s = vector('schnorr');
  const P = keyFromHex(s.public_key, 'public_key');
  assert.equal(pointHex(mul(G, scalarFromHex(s.secret_key, 'x'))), s.public_key);
  const sig = signatureFromJson(s.signature, 'signature');
  assert.equal(hex(Fn.toBytes(signatureChallenge(s.domain, P, fromHex(s.message), sig.R))), s.challenge);
  assert.ok(verifySchnorr(s.domain, P, fromHex(s.message), sig));
  const bad = fromHex(s.message);
  bad[0] ^= 1;
  assert.ok(!verifySchnorr(s.domain, P, bad, sig));
  assert.ok(!verifySchnorr('dealer-knowledge', P, fromHex(s.message), sig));
});

/**
 * The randomness of a vector's ballot recovered from its published values: the opening's
 * nonces, each simulated branch's (c, z), each true branch's w = z − c·r and the
 * signature's k = s − e·x. Prepared with it, the JS prover must write the same bytes.
 */
function scriptedRandomness(v) {
  const style = styleFromJson(v.style);
  const nonces = v.audited.opening.map((c) => c.map((o) => scalarFromHex(o.nonce, 'nonce')));
  const proofOf = (contest, part) => {
    const p = style.findIndex((s) => s.contest === contest);
    const c = v.ballot.contests[p];
    return part === 'total' ? c.total_proof : c.selections[part].proof;
  };
  const trueBranch = (contest, part) => {
    const p = style.findIndex((s) => s.contest === contest);
    const values = v.choices[p];
    const lo = part === 'total' ? style[p].min : 0;
    const m = part === 'total' ? values.reduce((a, b) => a + b, 0) : values[part];
    const r = part === 'total' ? nonces[p].reduce((a, b) => Fn.add(a, b), 0n) : nonces[p][part];
    const b = proofOf(contest, part)[m - lo];
    return Fn.sub(scalarFromHex(b.z, 'z'), Fn.mul(scalarFromHex(b.c, 'c'), r));
  };
  const x = scalarFromHex(v.credential_secret, 'credential secret');
  const sig = signatureFromJson(v.ballot.signature, 'signature');
  const e = scalarFromHex(v.challenges.signature, 'challenge');
  return {
    nonce: (p, o) => nonces[p][o],
    branch: (contest, part, k) => {
      const b = proofOf(contest, part)[k];
      return { c: scalarFromHex(b.c, 'c'), z: scalarFromHex(b.z, 'z') };
    },
    commitment: trueBranch,
    signatureNonce: () => Fn.sub(sig.s, Fn.mul(e, x)),
  };
}

for (const name of ['ballot', 'range-proof']) {
  test(`the JS prover writes ${name}.json's ballot byte for byte`, () => {
    const v = vector(name);
    const style = styleFromJson(v.style);
    const ctx = context(fromHex(v.election), keyFromHex(v.election_key, 'election_key'));
    const credential = keyFromHex(v.ballot.credential, 'credential');
    if (!v.credential_secret) return; // range-proof.json publishes no secrets to cast with
    const prepared = prepareBallot(ctx, style, credential, v.choices, scriptedRandomness(v));
    assert.equal(hex(prepared.hash), v.hash);
    assert.equal(prepared.trackingCode, v.tracking_code);
    const cast = prepared.cast(scalarFromHex(v.credential_secret, 'x'));
    assert.deepEqual(cast.toJson(), v.ballot);
    assert.equal(hex(cast.encode()), v.encoding);
    assert.throws(() => prepared.audit('residents'), /never both/);
  });
}

test('ballot.json: the ballot verifies, its challenges and hash are recomputed, a flipped bit fails', () => {
  const v = vector('ballot');
  const style = styleFromJson(v.style);
  const ctx = context(fromHex(v.election), keyFromHex(v.election_key, 'election_key'));
  const ballot = castBallotFromJson(v.ballot);
  assert.equal(hex(ballot.encode()), v.encoding);
  assert.equal(hex(ballot.hash), v.hash);
  assert.equal(ballot.trackingCode, v.tracking_code);
  const r = verifyBallot(ballot, ctx, style);
  assert.equal(r.error, null);
  assert.deepEqual(r.challenges.map((c) => ({ contest: c.contest, selections: c.selections.map((s) => hex(Fn.toBytes(s))), total: hex(Fn.toBytes(c.total)) })), v.challenges.contests);
  assert.equal(hex(Fn.toBytes(r.signature)), v.challenges.signature);
  const flipped = structuredClone(v.ballot);
  const z = fromHex(flipped.contests[0].selections[1].proof[0].z);
  z[0] ^= 1;
  flipped.contests[0].selections[1].proof[0].z = hex(z);
  assert.match(verifyBallot(castBallotFromJson(flipped), ctx, style).error, /equation 0\/1/);
  const sig = structuredClone(v.ballot);
  const s = fromHex(sig.signature.response);
  s[0] ^= 1;
  sig.signature.response = hex(s);
  assert.equal(verifyBallot(castBallotFromJson(sig), ctx, style).error, 'signature');
});

test('ballot.json: the same prepared ballot audited gives the vector\'s audited ballot', () => {
  const v = vector('ballot');
  const style = styleFromJson(v.style);
  const ctx = context(fromHex(v.election), keyFromHex(v.election_key, 'election_key'));
  const prepared = prepareBallot(ctx, style, keyFromHex(v.credential, 'credential'), v.choices, scriptedRandomness(v));
  const audited = prepared.audit(v.audited.group);
  assert.deepEqual(audited.toJson(), v.audited);
  assert.equal(hex(audited.encode()), v.audited_encoding);
  assert.equal(audited.trackingCode, v.tracking_code);
  assert.deepEqual(audited.choices(), v.choices);
  const read = auditedBallotFromJson(v.audited);
  assert.equal(read.verify(ctx, style), null);
  const lie = structuredClone(v.audited);
  lie.opening[0][0].value = 1 - lie.opening[0][0].value;
  assert.match(auditedBallotFromJson(lie).verify(ctx, style), /OpeningMismatch 0\/0/);
  assert.throws(() => prepared.cast(scalarFromHex(v.credential_secret, 'x')), /never both/);
});

test('choices outside the style are refused before anything is encrypted', () => {
  const v = vector('ballot');
  const style = styleFromJson(v.style);
  const ctx = context(fromHex(v.election), keyFromHex(v.election_key, 'election_key'));
  const P = keyFromHex(v.credential, 'credential');
  assert.throws(() => prepareBallot(ctx, style, P, [[1, 1, 1, 0, 0], [1, 0, 0]]), /total 3 is not in 0..=2/);
  assert.throws(() => prepareBallot(ctx, style, P, [[0, 0, 0, 0, 0], [0, 0, 0]]), /total 0 is not in 1..=1/);
  assert.throws(() => prepareBallot(ctx, style, P, [[2, 0, 0, 0, 0], [1, 0, 0]]), /not in 0..=1/);
});

test('a ballot the JS prover makes with fresh randomness verifies, and its audit opens to the choices', () => {
  const v = vector('ballot');
  const style = styleFromJson(v.style);
  const ctx = context(fromHex(v.election), keyFromHex(v.election_key, 'election_key'));
  const x = scalarFromHex(v.credential_secret, 'x');
  const P = mul(G, x);
  for (const choices of [[[0, 0, 0, 0, 0], [0, 0, 1]], [[1, 0, 0, 0, 1], [1, 0, 0]], [[0, 1, 0, 0, 0], [0, 1, 0]]]) {
    const cast = prepareBallot(ctx, style, P, choices).cast(x);
    assert.equal(verifyBallot(castBallotFromJson(cast.toJson()), ctx, style).error, null);
    const audited = prepareBallot(ctx, style, P, choices).audit('residents');
    assert.equal(auditedBallotFromJson(audited.toJson()).verify(ctx, style), null);
    assert.deepEqual(audited.choices(), choices);
  }
});

test('tracking codes: ballot hashes to codes, typed codes read as spec/protocol.md §10 says', () => {
  const v = vector('ballot');
  assert.equal(trackingCode(fromHex(v.hash)), v.tracking_code);
  const sloppy = ` ${v.tracking_code.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o').replace(/1/g, 'l')}\n`;
  assert.ok(trackingCodeMatches(sloppy, fromHex(v.hash)));
  assert.throws(() => trackingCodeMatches('U' + v.tracking_code.slice(1), fromHex(v.hash)), /not in the alphabet/);
});

test('slips.json: every code\'s text, check, sloppy spelling, payload and credential', () => {
  const v = vector('slips');
  const E = fromHex(v.election_hash);
  for (const c of v.codes) {
    const k = fromHex(c.code);
    assert.equal(checkCharacter(k), c.check);
    assert.equal(slipText(k), c.text);
    assert.equal(hex(readCode(c.typed)), c.code);
    assert.equal(slipPayload(v.election_id, k), c.payload);
    const fromQr = readSlip(c.payload);
    assert.equal(fromQr.election, v.election_id);
    assert.equal(hex(fromQr.code), c.code);
    assert.equal(readSlip(c.text).election, null);
    const { secret, credential } = credentialOf(E, k);
    assert.equal(hex(Fn.toBytes(secret)), c.secret);
    assert.equal(pointHex(credential), c.credential);
  }
  const text = v.codes[2].text;
  const wrongCheck = text.slice(0, -1) + (text.endsWith('0') ? '1' : '0');
  assert.throws(() => readCode(wrongCheck), (e) => e instanceof SlipError && e.reason === 'check');
  assert.throws(() => readCode(text.slice(0, -2)), (e) => e instanceof SlipError && e.reason === 'length');
  assert.throws(() => readCode(`${text.slice(0, -1)}U`), (e) => e instanceof SlipError && e.reason === 'character');
  assert.throws(() => readSlip('zhixuan:no-colon-here'), (e) => e instanceof SlipError && e.reason === 'payload');
});

test('definition hashes of examples/ are those of examples.json and spec/definition.md §4', () => {
  const v = vector('examples');
  for (const ex of v.examples) {
    const d = JSON.parse(readFileSync(`${root}examples/${ex.name}.json`, 'utf8'));
    assert.equal(hex(definitionHash(d)), ex.definition_hash, ex.name);
  }
  const assembly = JSON.parse(readFileSync(`${root}examples/nanjing-assembly.json`, 'utf8'));
  assert.equal(hex(encodeDefinition(assembly).subarray(0, 16)), '01000000000000002400000000000000');
  // spec/definition.md §3: members answer questions 0 and 7, attendees 1–6 and 8–16.
  const nanjing = JSON.parse(readFileSync(`${root}examples/nanjing-recommendation.json`, 'utf8'));
  const members = groupQuestions(nanjing, 'members');
  assert.deepEqual(members.map((q) => q.index), [0, 7]);
  assert.deepEqual(styleOf(members).map((s) => [s.limits.length, s.min, s.max]), [[6, 0, 4], [9, 0, 7]]);
  assert.deepEqual(groupQuestions(nanjing, 'attendees').map((q) => q.index), [1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
});

test('board.json: every setup entry\'s encoding, statement and signature; the setup read; ballots\' leaves', () => {
  const v = vector('board');
  const E = fromHex(v.election_hash);
  const entries = v.entries.map((x) => x.entry);
  for (const x of v.entries) {
    const { kind, body } = x.entry;
    if (!x.signed || !['definition', 'credential_list', 'dealing', 'complaint', 'acknowledgement', 'open_voting'].includes(kind)) continue;
    const enc = encodeBody(kind, body.body);
    assert.equal(hex(enc), x.body_encoding, kind);
    assert.equal(hex(statementHash(E, kind, enc)), x.signed.message, kind);
    assert.ok(verifySigned(E, kind, body, keyFromHex(x.signed.signer, 'signer')), kind);
    const payload = new Uint8Array([...enc, ...fromHex(body.signature.commitment), ...fromHex(body.signature.response)]);
    assert.equal(hex(leafHash(receivedAtSeconds(x.entry.received_at), kind, payload)), x.leaf_hash, kind);
  }
  const opened = entries.findIndex((e) => e.kind === 'open_voting');
  const setup = readSetup(entries[0].body.body.election_id, entries.slice(0, opened + 1));
  assert.equal(hex(setup.hash), v.election_hash);
  assert.equal(pointHex(setup.electionKey), entries[opened].body.body.election_key);
  assert.equal(setup.lists.length, 1);
  // A later-phase entry before the opening, a forged signature, another election's id.
  assert.throws(() => readSetup(setup.definition.election_id, [...entries.slice(0, 2), { ...entries[opened + 1], index: 2 }]), /later phase/);
  const forged = structuredClone(entries.slice(0, 2));
  forged[1].body.body.group = 'other';
  assert.throws(() => readSetup(setup.definition.election_id, forged), /not signed/);
  assert.throws(() => readSetup('another-election', entries.slice(0, 1)), BoardError);
  for (const x of v.entries.filter((y) => y.entry.kind === 'ballot' || y.entry.kind === 'audited_ballot')) {
    const b = x.entry.kind === 'ballot' ? castBallotFromJson(x.entry.body) : auditedBallotFromJson(x.entry.body);
    assert.equal(hex(b.encode()), x.body_encoding);
    assert.equal(hex(leafHash(receivedAtSeconds(x.entry.received_at), x.entry.kind, b.encode())), x.leaf_hash);
  }
  // The log's root from the leaves, and each leaf's inclusion under it.
  const leaves = v.entries.map((x) => fromHex(x.leaf_hash));
  assert.equal(hex(treeHash(leaves)), v.root);
  leaves.forEach((leaf, i) => {
    assert.ok(verifyInclusion(leaf, i, leaves.length, inclusionPath(leaves, i), fromHex(v.root)));
    assert.ok(!verifyInclusion(leaf, (i + 1) % leaves.length, leaves.length, inclusionPath(leaves, i), fromHex(v.root)));
  });
});

// RFC 6962 §2.1 (spec/log.md §2, §3.1), written here only to make proofs for the test.
import { sha256 } from '@noble/hashes/sha2.js';
const node = (l, r) => sha256(new Uint8Array([1, ...l, ...r]));
const split = (n) => { let k = 1; while (k * 2 < n) k *= 2; return k; };
function treeHash(leaves) {
  if (leaves.length === 1) return leaves[0];
  const k = split(leaves.length);
  return node(treeHash(leaves.slice(0, k)), treeHash(leaves.slice(k)));
}
function inclusionPath(leaves, i) {
  if (leaves.length === 1) return [];
  const k = split(leaves.length);
  return i < k ? [...inclusionPath(leaves.slice(0, k), i), treeHash(leaves.slice(k))]
    : [...inclusionPath(leaves.slice(k), i - k), treeHash(leaves.slice(0, k))];
}

test('spec/log.md: the eight-entry tree\'s roots and proofs; the example checkpoint verifies', () => {
  const data = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
  const leaves = data.map((d) => sha256(new Uint8Array([0, ...fromHex(d)])));
  const roots = ['6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d', 'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4', '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
    'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c', '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328'];
  for (let n = 1; n <= 8; n++) {
    const tree = leaves.slice(0, n);
    assert.equal(hex(treeHash(tree)), roots[n - 1]);
    for (let i = 0; i < n; i++) {
      const proof = inclusionPath(tree, i);
      assert.ok(verifyInclusion(tree[i], i, n, proof, fromHex(roots[n - 1])));
      assert.ok(!verifyInclusion(tree[i], i, n, proof, fromHex(roots[(n + 1) % 8])));
      if (proof.length > 0) assert.ok(!verifyInclusion(tree[i], i, n, proof.slice(1), fromHex(roots[n - 1])));
    }
  }
  const key = parseVerifierKey('zhixuan.board/demo-2026+84ed0fcb+AepKbGPinFIKvvVQexMuxfmVR3auvr57kkIe6mkURtIs');
  const text = 'zhixuan.board/demo-2026\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n\n'
    + '\u2014 zhixuan.board/demo-2026 hO0Py8BfQa0/W8r0Hk9Dob+7jSQakg1QLMj7ao077UjXazzl/o/651JdO/dvNWn7mChKW+ZJmT6CHRb/ZE2BeqrGggE=\n';
  const cp = verifyCheckpoint(text, key, 'demo-2026');
  assert.equal(cp.size, 8n);
  assert.equal(hex(cp.root), roots[7]);
  assert.throws(() => verifyCheckpoint(text, key, 'demo-2027'), /not of this election/);
  assert.throws(() => verifyCheckpoint(text.replace('\n8\n', '\n7\n'), key, 'demo-2026'), /does not verify/);
  assert.throws(() => verifyCheckpoint(text.replace('\n\n', '\n'), key, 'demo-2026'), /not a signed checkpoint/);
  assert.throws(() => parseVerifierKey('zhixuan.board/demo-2026+84ed0fcc+AepKbGPinFIKvvVQexMuxfmVR3auvr57kkIe6mkURtIs'), /id does not match/);
});
