// The acknowledgement of a write, checked in the page as spec/board.md §6 asks of a
// writer: the checkpoint's signature and origin, the entry at its index being what was
// sent, its leaf hash, and the inclusion proof to the checkpoint's root (spec/log.md §3.1).
import { hex32, equalBytes } from './bytes.js';
import { BoardError, leafHash, receivedAtSeconds, verifyCheckpoint, verifyInclusion } from './board.js';

/**
 * Checks `answer` (an Ack, or a tracking proof with `proof` for `inclusion_proof`) for the
 * entry of `kind` whose canonical encoding is `encoded` and tracking code `code`, with
 * `entry` the entry the board serves at the answer's index. Returns the receipt; throws a
 * BoardError saying what does not hold.
 */
export function checkReceipt({ answer, entry, kind, encoded, encodeEntry, code, verifier, electionId }) {
  const checkpoint = verifyCheckpoint(answer.checkpoint, verifier, electionId);
  const index = BigInt(answer.index);
  if (!(checkpoint.size > index)) throw new BoardError('the checkpoint does not cover the entry');
  if (answer.tracking_code !== undefined && answer.tracking_code !== null && answer.tracking_code !== code) {
    throw new BoardError(`the acknowledgement names tracking code ${answer.tracking_code}, not ${code}`);
  }
  if (!entry || entry.index !== answer.index || entry.kind !== kind) throw new BoardError('the entry at the acknowledged index is not this ballot');
  if (!equalBytes(encodeEntry(entry.body), encoded)) throw new BoardError('the entry at the acknowledged index is not the ballot sent');
  const leaf = leafHash(receivedAtSeconds(entry.received_at), kind, encoded);
  if (!equalBytes(leaf, hex32(answer.leaf_hash, 'leaf_hash'))) throw new BoardError('the leaf hash is not that of the entry');
  const proof = (answer.inclusion_proof ?? answer.proof ?? []).map((h) => hex32(h, 'proof'));
  if (!verifyInclusion(leaf, answer.index, checkpoint.size, proof, checkpoint.root)) {
    throw new BoardError('the inclusion proof does not lead to the checkpoint\'s root');
  }
  return { index: answer.index, code, checkpoint: checkpoint.text, receivedAt: entry.received_at };
}
