// merlin 1.0 transcripts (spec/protocol.md §5.1), written from merlin's specification:
// STROBE-128 (STROBE v1.0.2, security 128, rate R = 166) over keccak-f[1600], of which only
// the operations merlin uses: meta-AD, AD and PRF. The permutation is @noble/hashes'.
import { keccakP } from '@noble/hashes/sha3.js';
import { u32, swap32IfBE, utf8ToBytes } from '@noble/hashes/utils.js';

const STROBE_R = 166;
const FLAG_I = 1;
const FLAG_A = 1 << 1;
const FLAG_C = 1 << 2;
const FLAG_M = 1 << 4;
const FLAG_K = 1 << 5;

const text = (s) => (typeof s === 'string' ? utf8ToBytes(s) : s);

function le32(n) {
  return new Uint8Array([n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff]);
}

class Strobe128 {
  constructor(protocolLabel, from) {
    if (from) {
      this.state = from.state.slice();
      this.pos = from.pos;
      this.posBegin = from.posBegin;
      this.curFlags = from.curFlags;
      this.state32 = u32(this.state);
      return;
    }
    this.state = new Uint8Array(200);
    this.state32 = u32(this.state);
    this.state.set([1, STROBE_R + 2, 1, 0, 1, 96], 0);
    this.state.set(utf8ToBytes('STROBEv1.0.2'), 6);
    this.permute();
    this.pos = 0;
    this.posBegin = 0;
    this.curFlags = 0;
    this.metaAd(text(protocolLabel), false);
  }

  permute() {
    // keccakP works on 32-bit words in little-endian lane order; the state is bytes.
    swap32IfBE(this.state32);
    keccakP(this.state32);
    swap32IfBE(this.state32);
  }

  runF() {
    this.state[this.pos] ^= this.posBegin;
    this.state[this.pos + 1] ^= 0x04;
    this.state[STROBE_R + 1] ^= 0x80;
    this.permute();
    this.pos = 0;
    this.posBegin = 0;
  }

  absorb(data) {
    for (const byte of data) {
      this.state[this.pos] ^= byte;
      this.pos += 1;
      if (this.pos === STROBE_R) this.runF();
    }
  }

  squeeze(out) {
    for (let i = 0; i < out.length; i++) {
      out[i] = this.state[this.pos];
      this.state[this.pos] = 0;
      this.pos += 1;
      if (this.pos === STROBE_R) this.runF();
    }
  }

  beginOp(flags, more) {
    if (more) {
      if (this.curFlags !== flags) throw new Error('merlin: continued an operation with other flags');
      return;
    }
    const oldBegin = this.posBegin;
    this.posBegin = this.pos + 1;
    this.curFlags = flags;
    this.absorb([oldBegin, flags]);
    const forceF = (flags & (FLAG_C | FLAG_K)) !== 0;
    if (forceF && this.pos !== 0) this.runF();
  }

  metaAd(data, more) {
    this.beginOp(FLAG_M | FLAG_A, more);
    this.absorb(data);
  }

  ad(data, more) {
    this.beginOp(FLAG_A, more);
    this.absorb(data);
  }

  prf(out, more) {
    this.beginOp(FLAG_I | FLAG_A | FLAG_C, more);
    this.squeeze(out);
  }
}

/** A merlin transcript. `observer`, if given, is told every operation (for the vectors). */
export class Transcript {
  constructor(label, from) {
    if (from) {
      this.strobe = new Strobe128(null, from.strobe);
      return;
    }
    this.strobe = new Strobe128('Merlin v1.0');
    this.appendMessage('dom-sep', text(label));
  }

  /** A copy: the transcripts of one ballot share a prefix (§5.2). */
  clone() {
    return new Transcript(null, this);
  }

  appendMessage(label, message) {
    const m = text(message);
    this.strobe.metaAd(text(label), false);
    this.strobe.metaAd(le32(m.length), true);
    this.strobe.ad(m, false);
  }

  challengeBytes(label, length) {
    const out = new Uint8Array(length);
    this.strobe.metaAd(text(label), false);
    this.strobe.metaAd(le32(length), true);
    this.strobe.prf(out, false);
    return out;
  }
}
