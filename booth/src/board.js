// What the booth checks of what a board serves: signed messages (spec/board.md §3), the
// setup phase up to the opening of the vote (as the command's Remote::setup does), leaves
// (§2.4), inclusion proofs (spec/log.md §3.1) and signed checkpoints (spec/log.md §4).
import { sha256 } from '@noble/hashes/sha2.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { Encoder, FormatError, hex32, equalBytes, concatBytes, utf8ToBytes, bytesToHex, u64 } from './bytes.js';
import { keyFromHex, pointFromHex, scalarFromHex, scalarBytes, taggedHash } from './group.js';
import { verify as verifySchnorr, signatureFromJson } from './schnorr.js';
import { definitionHash, encodeDefinition } from './definition.js';

/** The board answered something that does not hold; `index` names the entry, if any. */
export class BoardError extends Error {
  constructor(problem, index) {
    super(index === undefined ? problem : `entry ${index}: ${problem}`);
    this.name = 'BoardError';
    this.index = index;
  }
}

/** The kinds' numbers (spec/board.md §2.2). */
export const KIND = {
  definition: 0, credential_list: 1, dealing: 2, complaint: 3, open_voting: 4, ballot: 5,
  audited_ballot: 6, close_voting: 7, tally: 8, partial_decryption: 9, result: 10, acknowledgement: 11,
  withdrawal: 12, attendance: 13,
};

const schnorrProof = (e, j, what) => {
  const s = signatureFromJson(j, what);
  e.fixed(s.R.toBytes()).fixed(scalarBytes(s.s));
};

/** Standard, padded, canonical base64 (RFC 4648 §4), or a BoardError. */
const base64 = {
  decode(text) {
    let bin;
    try {
      bin = atob(text);
    } catch {
      throw new BoardError('not base64');
    }
    const out = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    if (base64.encode(out) !== text) throw new BoardError('not canonical base64');
    return out;
  },
  encode(bytes) {
    return btoa(String.fromCharCode(...bytes));
  },
};

/** enc(body) of the kinds the setup phase holds (spec/protocol.md §3.1, spec/board.md §2.3). */
export function encodeBody(kind, body) {
  const e = new Encoder();
  switch (kind) {
    case 'definition':
      return encodeDefinition(body);
    case 'credential_list':
      e.fixed(hex32(body.election, 'election')).str(body.group);
      return e.seq(body.credentials, (e2, c) => e2.fixed(keyFromHex(c, 'credential').toBytes())).bytes();
    case 'dealing':
      e.u64(body.dealer).seq(body.commitments, (e2, c) => e2.fixed(pointFromHex(c, 'commitment').toBytes()));
      schnorrProof(e, body.proof, 'proof');
      return e.seq(body.shares, (e2, s) => {
        e2.u64(s.recipient).fixed(pointFromHex(s.ephemeral, 'ephemeral').toBytes())
          .fixed(scalarBytes(scalarFromHex(s.masked_share, 'masked_share')));
        schnorrProof(e2, s.proof, 'proof');
      }).bytes();
    case 'complaint':
      return e.u64(body.dealer).u64(body.recipient).fixed(pointFromHex(body.shared_secret, 'shared_secret').toBytes())
        .fixed(scalarBytes(scalarFromHex(body.proof.c, 'proof.c'))).fixed(scalarBytes(scalarFromHex(body.proof.z, 'proof.z'))).bytes();
    case 'acknowledgement':
      return e.u64(body.dealer).u64(body.recipient).fixed(hex32(body.dealing, 'dealing')).bytes();
    case 'open_voting':
      return keyFromHex(body.election_key, 'election_key').toBytes();
    case 'attendance':
      return e.str(body.group).u64(body.present).bytes();
    default:
      throw new FormatError(kind, 'not a kind of the setup phase');
  }
}

/** The statement hash m of a signed message (spec/board.md §3). */
export function statementHash(electionHash, kind, encodedBody) {
  return taggedHash('zhixuan-v1/board-message', new Encoder().fixed(electionHash).str(kind).raw(encodedBody).bytes());
}

/** Whether a signed message `{body, signature}` of `kind` is signed by `key` (a point). */
export function verifySigned(electionHash, kind, signed, key) {
  const m = statementHash(electionHash, kind, encodeBody(kind, signed.body));
  return verifySchnorr('board-message', key, m, signatureFromJson(signed.signature, 'signature'));
}

/**
 * The setup phase of an election's log (entries from 0 up to and including open_voting),
 * checked as the command's Remote::setup checks it: the definition signed by the organiser
 * it names, each credential list by the organiser and for this election, each ceremony
 * message by its trustee, the opening by the organiser; nothing of a later phase before it.
 * Returns the definition, its hash, the lists, and the election key (null before voting
 * opened).
 */
export function readSetup(electionId, entries) {
  if (entries.length === 0 || entries[0].index !== 0 || entries[0].kind !== 'definition') {
    throw new BoardError('the log does not begin with a definition', 0);
  }
  const definition = entries[0].body.body;
  if (definition.election_id !== electionId) throw new BoardError(`the definition is of election ${JSON.stringify(definition.election_id)}`, 0);
  const hash = definitionHash(definition);
  const organiser = keyFromHex(definition.organiser, 'organiser');
  if (!verifySigned(hash, 'definition', entries[0].body, organiser)) throw new BoardError('the definition is not signed by the organiser it names', 0);
  const trustee = (i, index) => {
    const t = Number.isInteger(i) && i >= 1 ? definition.trustees[i - 1] : undefined;
    if (!t) throw new BoardError('a message by an unknown trustee', index);
    return keyFromHex(t.key, 'trustee key');
  };
  const setup = { definition, hash, lists: [], electionKey: null, size: 1 };
  for (const entry of entries.slice(1)) {
    if (entry.index !== setup.size) throw new BoardError(`asked for entry ${setup.size}, the board sent entry ${entry.index}`);
    setup.size += 1;
    const { kind, body, index } = entry;
    const signer = {
      credential_list: () => organiser, open_voting: () => organiser, attendance: () => organiser,
      dealing: () => trustee(body.body.dealer, index), complaint: () => trustee(body.body.recipient, index),
      acknowledgement: () => trustee(body.body.recipient, index),
    }[kind];
    if (!signer) throw new BoardError('an entry of a later phase before voting opened', index);
    if (!verifySigned(hash, kind, body, signer())) throw new BoardError(`a ${kind} not signed by its signer`, index);
    if (kind === 'credential_list') {
      const list = body.body;
      const group = definition.groups.find((g) => g.id === list.group);
      if (!equalBytes(hex32(list.election, 'election'), hash) || !group || list.credentials.length !== group.eligible) {
        throw new BoardError('a credential list that is not one of this election\'s groups', index);
      }
      setup.lists.push({ group: list.group, credentials: new Set(list.credentials) });
    } else if (kind === 'open_voting') {
      setup.electionKey = keyFromHex(body.body.election_key, 'election_key');
      setup.openedAt = index;
      return setup;
    }
  }
  return setup;
}

/** The group whose list holds `credential` (hex), or null. */
export function groupOf(setup, credentialHex) {
  const list = setup.lists.find((l) => l.credentials.has(credentialHex));
  return list ? list.group : null;
}

/** The leaf hash of an entry (spec/board.md §2.4, spec/log.md §2). */
export function leafHash(receivedAtSeconds, kind, payload) {
  const t = BigInt.asUintN(64, BigInt(receivedAtSeconds));
  return sha256(concatBytes(new Uint8Array([0]), u64(t), u64(KIND[kind]), payload));
}

/** Seconds since 1970 of an entry's received_at ("2026-05-01T09:01:00Z"). */
export function receivedAtSeconds(text) {
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(text)) throw new BoardError(`received_at ${JSON.stringify(text)} is not an RFC 3339 UTC time in whole seconds`);
  return Date.parse(text) / 1000;
}

const nodeHash = (l, r) => sha256(concatBytes(new Uint8Array([1]), l, r));

/** RFC 9162 §2.1.3.2, as spec/log.md §3.1 gives it: does `proof` lead from leaf `i` to `root`? */
export function verifyInclusion(leaf, index, size, proof, root) {
  let fn = BigInt(index);
  let sn = BigInt(size) - 1n;
  if (fn > sn) return false;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0n) return false;
    if ((fn & 1n) === 1n || fn === sn) {
      r = nodeHash(p, r);
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      r = nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n && equalBytes(r, root);
}

/** A signed-note verifier key (spec/log.md §4.2): its name, id and Ed25519 public key. */
export function parseVerifierKey(text) {
  const t = text.trim();
  const first = t.indexOf('+');
  const second = t.indexOf('+', first + 1);
  if (first <= 0 || second < 0) throw new BoardError('the board key is not a verifier key');
  const name = t.slice(0, first);
  const id = t.slice(first + 1, second);
  const raw = base64.decode(t.slice(second + 1));
  if (!/^[0-9a-f]{8}$/.test(id) || raw.length !== 33 || raw[0] !== 1 || /[\s+]/u.test(name)) throw new BoardError('the board key is not a verifier key');
  const key = raw.subarray(1);
  const keyId = keyIdOf(name, key);
  if (bytesToHex(keyId) !== id) throw new BoardError('the board key\'s id does not match its name and key');
  return { name, id: keyId, key };
}

function keyIdOf(name, key) {
  return sha256(concatBytes(utf8ToBytes(name), new Uint8Array([0x0a, 0x01]), key)).subarray(0, 4);
}

const CHECKPOINT = /^(zhixuan\.board\/[A-Za-z0-9._~-]+)\n(0|[1-9][0-9]*)\n([A-Za-z0-9+/]{43}=)\n\n((?:\u2014 [^\n]+\n){1,100})$/u;

/**
 * A signed checkpoint (spec/log.md §4) verified against the board's key and the
 * election's origin: its size and root. Anything else is a BoardError.
 */
export function verifyCheckpoint(text, verifier, electionId) {
  const m = CHECKPOINT.exec(text);
  if (!m) throw new BoardError('the checkpoint is not a signed checkpoint');
  const [, origin, sizeText, rootText, lines] = m;
  if (origin !== `zhixuan.board/${electionId}`) throw new BoardError(`the checkpoint is of ${origin}, not of this election`);
  const root = base64.decode(rootText);
  if (base64.encode(root) !== rootText) throw new BoardError('the checkpoint\'s root is not canonical base64');
  const body = utf8ToBytes(`${origin}\n${sizeText}\n${rootText}\n`);
  for (const line of lines.slice(0, -1).split('\n')) {
    const parts = line.split(' ');
    if (parts.length !== 3 || parts[1] !== verifier.name) continue;
    let sig;
    try {
      sig = base64.decode(parts[2]);
    } catch {
      continue;
    }
    if (sig.length !== 68 || !equalBytes(sig.subarray(0, 4), verifier.id)) continue;
    if (ed25519.verify(sig.subarray(4), body, verifier.key, { zip215: false })) {
      return { size: BigInt(sizeText), root, text };
    }
    throw new BoardError('the checkpoint\'s signature does not verify with the board\'s key');
  }
  throw new BoardError('the checkpoint carries no signature by the board\'s key');
}
