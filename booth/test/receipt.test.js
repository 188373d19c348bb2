// The acknowledgement check of spec/booth.md §5, on board.json's log under a checkpoint
// signed here with a test key: a true acknowledgement passes, and each lie is caught.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, fromHex } from '../src/bytes.js';
import { castBallotFromJson } from '../src/ballot.js';
import { parseVerifierKey } from '../src/board.js';
import { checkReceipt } from '../src/receipt.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const v = JSON.parse(readFileSync(`${root}spec/vectors/board.json`, 'utf8'));
const id = v.entries[0].entry.body.body.election_id;

const node = (l, r) => sha256(new Uint8Array([1, ...l, ...r]));
const split = (n) => { let k = 1; while (k * 2 < n) k *= 2; return k; };
const treeHash = (ls) => (ls.length === 1 ? ls[0] : node(treeHash(ls.slice(0, split(ls.length))), treeHash(ls.slice(split(ls.length)))));
function path(ls, i) {
  if (ls.length === 1) return [];
  const k = split(ls.length);
  return i < k ? [...path(ls.slice(0, k), i), treeHash(ls.slice(k))] : [...path(ls.slice(k), i - k), treeHash(ls.slice(0, k))];
}

/** A signed-note checkpoint of `origin` at `size` and `root`, and its verifier key. */
function signedCheckpoint(origin, size, rootHash, secret) {
  const name = origin;
  const pub = ed25519.getPublicKey(secret);
  const keyId = sha256(new Uint8Array([...new TextEncoder().encode(name), 0x0a, 0x01, ...pub])).subarray(0, 4);
  const b64 = (b) => btoa(String.fromCharCode(...b));
  const body = `${origin}\n${size}\n${b64(rootHash)}\n`;
  const sig = ed25519.sign(new TextEncoder().encode(body), secret);
  return {
    text: `${body}\n\u2014 ${name} ${b64(new Uint8Array([...keyId, ...sig]))}\n`,
    key: `${name}+${bytesToHex(keyId)}+${b64(new Uint8Array([1, ...pub]))}`,
  };
}

const leaves = v.entries.map((x) => fromHex(x.leaf_hash));
const index = v.entries.findIndex((x) => x.entry.kind === 'ballot');
const entry = v.entries[index].entry;
const ballot = castBallotFromJson(entry.body);
const secret = new Uint8Array(32).fill(9);
const cp = signedCheckpoint(`zhixuan.board/${id}`, leaves.length, treeHash(leaves), secret);
const ack = {
  index, leaf_hash: v.entries[index].leaf_hash, tracking_code: ballot.trackingCode,
  checkpoint: cp.text, inclusion_proof: path(leaves, index).map(bytesToHex),
};
const check = (over = {}) => checkReceipt({
  answer: ack, entry, kind: 'ballot', encoded: ballot.encode(), encodeEntry: (b) => castBallotFromJson(b).encode(),
  code: ballot.trackingCode, verifier: parseVerifierKey(cp.key), electionId: id, ...over,
});

test('a true acknowledgement of board.json\'s first ballot is a receipt', () => {
  const r = check();
  assert.equal(r.index, index);
  assert.equal(r.code, ballot.trackingCode);
  assert.equal(r.checkpoint, cp.text);
});

test('every lie in an acknowledgement is caught', () => {
  const lie = (answer) => ({ answer: { ...ack, ...answer } });
  assert.throws(() => check(lie({ inclusion_proof: ack.inclusion_proof.slice(1) })), /inclusion proof/);
  assert.throws(() => check(lie({ leaf_hash: v.entries[index + 1].leaf_hash })), /leaf hash/);
  assert.throws(() => check(lie({ tracking_code: 'AAAA-AAAA-AAAA-AAAA' })), /tracking code/);
  assert.throws(() => check(lie({ index: leaves.length })), /does not cover/);
  const other = signedCheckpoint('zhixuan.board/other', leaves.length, treeHash(leaves), secret);
  assert.throws(() => check(lie({ checkpoint: other.text })), /not of this election/);
  const forged = signedCheckpoint(`zhixuan.board/${id}`, leaves.length, treeHash(leaves), new Uint8Array(32).fill(8));
  assert.throws(() => check(lie({ checkpoint: forged.text })), /no signature by the board's key|does not verify/);
  // The board logged another ballot at that index than the one sent.
  const second = v.entries.filter((x) => x.entry.kind === 'ballot')[1].entry;
  assert.throws(() => check({ entry: { ...second, index } }), /not the ballot sent/);
  assert.throws(() => check({ entry: { ...entry, kind: 'audited_ballot' } }), /not this ballot/);
});
