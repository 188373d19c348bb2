(() => {
  var __defProp = Object.defineProperty;
  var __defNormalProp = (obj, key, value) => key in obj ? __defProp(obj, key, { enumerable: true, configurable: true, writable: true, value }) : obj[key] = value;
  var __publicField = (obj, key, value) => __defNormalProp(obj, typeof key !== "symbol" ? key + "" : key, value);

  // node_modules/@noble/hashes/utils.js
  function isBytes(a) {
    return a instanceof Uint8Array || ArrayBuffer.isView(a) && a.constructor.name === "Uint8Array" && "BYTES_PER_ELEMENT" in a && a.BYTES_PER_ELEMENT === 1;
  }
  var atitle = (title) => title ? `"${title}" ` : "";
  function anumber(n, title = "") {
    if (typeof n !== "number")
      throw new TypeError(atitle(title) + "expected number, got " + typeof n);
    if (!Number.isSafeInteger(n) || n < 0)
      throw new RangeError(atitle(title) + "expected integer >= 0, got " + n);
    return n;
  }
  function abytes(value, length, title = "") {
    if (isBytes(value) && (length === void 0 || value.length === length))
      return value;
    if (length !== void 0)
      anumber(length, "length");
    const bytes = isBytes(value);
    const ofLen = length !== void 0 ? ` of length ${length}` : "";
    const got = bytes ? `length=${value.length}` : `type=${typeof value}`;
    const message = atitle(title) + "expected Uint8Array" + ofLen + ", got " + got;
    if (!bytes)
      throw new TypeError(message);
    throw new RangeError(message);
  }
  var aobject = (value, label) => {
    if (value === null || typeof value !== "object" || Array.isArray(value))
      throw new TypeError((label === "object" ? "" : `"${label}" `) + "expected object, got type=" + typeof value);
  };
  var aopts = (value, label) => {
    aobject(value, label);
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null)
      throw new TypeError(`"${label}" expected plain object`);
    if (Object.hasOwn(value, "__proto__"))
      throw new TypeError(`"${label}.__proto__" is not allowed`);
  };
  function aexists(instance, checkFinished = true) {
    if (instance.destroyed)
      throw new Error("hash was destroyed");
    if (checkFinished && instance.finished)
      throw new Error("digest() was already called");
  }
  function aoutput(out, instance) {
    abytes(out, void 0, "output");
    const min = instance.outputLen;
    if (!(out.length >= min)) {
      throw new RangeError('"output" expected length >= ' + min);
    }
  }
  function u32(arr) {
    return new Uint32Array(arr.buffer, arr.byteOffset, Math.floor(arr.byteLength / 4));
  }
  function clean(...arrays) {
    for (let i = 0; i < arrays.length; i++) {
      arrays[i].fill(0);
    }
  }
  function createView(arr) {
    return new DataView(arr.buffer, arr.byteOffset, arr.byteLength);
  }
  function rotr(word, shift) {
    return word << 32 - shift | word >>> shift;
  }
  var isLE = /* @__PURE__ */ (() => new Uint8Array(new Uint32Array([287454020]).buffer)[0] === 68)();
  function byteSwap(word) {
    return word << 24 & 4278190080 | word << 8 & 16711680 | word >>> 8 & 65280 | word >>> 24 & 255;
  }
  function byteSwap32(arr) {
    for (let i = 0; i < arr.length; i++) {
      arr[i] = byteSwap(arr[i]);
    }
    return arr;
  }
  var swap32IfBE = isLE ? (u) => u : byteSwap32;
  var hasHexBuiltin = /* @__PURE__ */ (() => (
    // @ts-ignore
    typeof Uint8Array.from([]).toHex === "function" && typeof Uint8Array.fromHex === "function"
  ))();
  var hexes = /* @__PURE__ */ Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
  function bytesToHex(bytes) {
    abytes(bytes);
    if (hasHexBuiltin)
      return bytes.toHex();
    let hex = "";
    for (let i = 0; i < bytes.length; i++) {
      hex += hexes[bytes[i]];
    }
    return hex;
  }
  function asciiToBase16(ch) {
    return ch >= 48 && ch <= 57 ? ch - 48 : ch >= 65 && ch <= 70 ? ch - (65 - 10) : ch >= 97 && ch <= 102 ? ch - (97 - 10) : void 0;
  }
  function hexToBytes(hex) {
    if (typeof hex !== "string")
      throw new TypeError("hex string expected, got " + typeof hex);
    if (hasHexBuiltin) {
      try {
        return Uint8Array.fromHex(hex);
      } catch (error) {
        if (error instanceof SyntaxError)
          throw new RangeError(error.message);
        throw error;
      }
    }
    const hl = hex.length;
    const al = hl / 2;
    if (hl % 2)
      throw new RangeError("hex string expected, got unpadded hex of length " + hl);
    const array = new Uint8Array(al);
    for (let ai = 0, hi = 0; ai < al; ai++, hi += 2) {
      const n1 = asciiToBase16(hex.charCodeAt(hi));
      const n2 = asciiToBase16(hex.charCodeAt(hi + 1));
      if (n1 === void 0 || n2 === void 0) {
        const char = hex[hi] + hex[hi + 1];
        throw new RangeError('hex string expected, got non-hex character "' + char + '" at index ' + hi);
      }
      array[ai] = n1 * 16 + n2;
    }
    return array;
  }
  function utf8ToBytes(str) {
    if (typeof str !== "string")
      throw new TypeError("string expected");
    const encoded = new TextEncoder().encode(str);
    try {
      return new Uint8Array(encoded);
    } finally {
      clean(encoded);
    }
  }
  function concatBytes(...arrays) {
    let sum = 0;
    for (let i = 0; i < arrays.length; i++) {
      const a = arrays[i];
      abytes(a);
      sum += a.length;
    }
    const res = new Uint8Array(sum);
    for (let i = 0, pad = 0; i < arrays.length; i++) {
      const a = arrays[i];
      res.set(a, pad);
      pad += a.length;
    }
    return res;
  }
  function checkOpts(defaults, opts, title = "opts") {
    aopts(defaults, "defaults");
    if (opts !== void 0)
      aopts(opts, title);
    const merged = Object.assign(/* @__PURE__ */ Object.create(null), defaults, opts);
    return merged;
  }
  function createHasher(hashCons, info = {}) {
    if (typeof hashCons !== "function")
      throw new TypeError('"hashCons" expected function, got type=' + typeof hashCons);
    info = checkOpts({}, info, "info");
    const hashC = (msg, opts) => hashCons(opts).update(msg).digest();
    const tmp = hashCons(void 0);
    hashC.outputLen = tmp.outputLen;
    hashC.blockLen = tmp.blockLen;
    hashC.canXOF = tmp.canXOF;
    hashC.create = (opts) => hashCons(opts);
    Object.assign(hashC, info);
    return Object.freeze(hashC);
  }
  function randomBytes(bytesLength = 32) {
    anumber(bytesLength, "bytesLength");
    const cr = typeof globalThis === "object" ? globalThis.crypto : null;
    if (typeof cr?.getRandomValues !== "function")
      throw new Error("crypto.getRandomValues must be defined");
    if (bytesLength > 65536)
      throw new RangeError(`"bytesLength" expected <= 65536, got ${bytesLength}`);
    return cr.getRandomValues(new Uint8Array(bytesLength));
  }
  var oidNist = (suffix) => ({
    // Current NIST hashAlgs suffixes used here fit in one DER subidentifier octet.
    // Larger suffix values would need base-128 OID encoding and a different length byte.
    oid: Uint8Array.from([6, 9, 96, 134, 72, 1, 101, 3, 4, 2, suffix])
  });

  // src/bytes.js
  var FormatError = class extends Error {
    constructor(what, problem) {
      super(`${what}: ${problem}`);
      this.name = "FormatError";
      this.what = what;
    }
  };
  var HEX64 = /^[0-9a-f]{64}$/;
  function hex32(text2, what) {
    if (typeof text2 !== "string" || !HEX64.test(text2)) {
      throw new FormatError(what, "not 64 lowercase hexadecimal digits");
    }
    return hexToBytes(text2);
  }
  function u64(n) {
    let v = BigInt(n);
    if (v < 0n || v >= 1n << 64n) throw new FormatError("integer", `${n} is not a u64`);
    const out = new Uint8Array(8);
    for (let i = 0; i < 8; i++) {
      out[i] = Number(v & 0xffn);
      v >>= 8n;
    }
    return out;
  }
  var Encoder = class {
    constructor() {
      this.parts = [];
    }
    u64(n) {
      this.parts.push(u64(n));
      return this;
    }
    /** A fixed 32-byte value: point, scalar, hash; no length prefix. */
    fixed(bytes) {
      if (bytes.length !== 32) throw new FormatError("fixed value", "not 32 bytes");
      this.parts.push(bytes);
      return this;
    }
    raw(bytes) {
      this.parts.push(bytes);
      return this;
    }
    /** A byte or UTF-8 string: u64(length) ‖ bytes. */
    str(s) {
      const bytes = typeof s === "string" ? utf8ToBytes(s) : s;
      this.parts.push(u64(bytes.length), bytes);
      return this;
    }
    /** A sequence: u64(n) ‖ each element written by `each`. */
    seq(items, each) {
      this.u64(items.length);
      for (const item of items) each(this, item);
      return this;
    }
    opt(value, each) {
      if (value === void 0 || value === null) return this.u64(0);
      this.u64(1);
      each(this, value);
      return this;
    }
    bytes() {
      return concatBytes(...this.parts);
    }
  };
  function equalBytes(a, b) {
    if (a.length !== b.length) return false;
    let d = 0;
    for (let i = 0; i < a.length; i++) d |= a[i] ^ b[i];
    return d === 0;
  }

  // node_modules/@noble/hashes/_u64.js
  var U32_MASK64 = /* @__PURE__ */ (() => BigInt(2 ** 32 - 1))();
  var _32n = /* @__PURE__ */ BigInt(32);
  function fromBig(n, le = false) {
    if (le)
      return { h: Number(n & U32_MASK64), l: Number(n >> _32n & U32_MASK64) };
    return { h: Number(n >> _32n & U32_MASK64) | 0, l: Number(n & U32_MASK64) | 0 };
  }
  function split(lst, le = false) {
    const len = lst.length;
    let Ah = new Uint32Array(len);
    let Al = new Uint32Array(len);
    for (let i = 0; i < len; i++) {
      const { h: h2, l } = fromBig(lst[i], le);
      [Ah[i], Al[i]] = [h2, l];
    }
    return [Ah, Al];
  }
  var fromNumH = (n) => n / 2 ** 32 | 0;
  var fromNumL = (n) => n >>> 0;
  function setU64FromNum(view, byteOffset, n, isLE2) {
    const h2 = fromNumH(n);
    const l = fromNumL(n);
    view.setUint32(byteOffset, isLE2 ? l : h2, isLE2);
    view.setUint32(byteOffset + 4, isLE2 ? h2 : l, isLE2);
  }
  var shrSH = (h2, _l, s) => h2 >>> s;
  var shrSL = (h2, l, s) => h2 << 32 - s | l >>> s;
  var rotrSH = (h2, l, s) => h2 >>> s | l << 32 - s;
  var rotrSL = (h2, l, s) => h2 << 32 - s | l >>> s;
  var rotrBH = (h2, l, s) => h2 << 64 - s | l >>> s - 32;
  var rotrBL = (h2, l, s) => h2 >>> s - 32 | l << 64 - s;
  function add(Ah, Al, Bh, Bl) {
    const l = (Al >>> 0) + (Bl >>> 0);
    return { h: Ah + Bh + (l / 2 ** 32 | 0) | 0, l: l | 0 };
  }
  var add3L = (Al, Bl, Cl) => (Al >>> 0) + (Bl >>> 0) + (Cl >>> 0);
  var add3H = (low, Ah, Bh, Ch) => Ah + Bh + Ch + (low / 2 ** 32 | 0) | 0;
  var add4L = (Al, Bl, Cl, Dl) => (Al >>> 0) + (Bl >>> 0) + (Cl >>> 0) + (Dl >>> 0);
  var add4H = (low, Ah, Bh, Ch, Dh) => Ah + Bh + Ch + Dh + (low / 2 ** 32 | 0) | 0;
  var add5L = (Al, Bl, Cl, Dl, El) => (Al >>> 0) + (Bl >>> 0) + (Cl >>> 0) + (Dl >>> 0) + (El >>> 0);
  var add5H = (low, Ah, Bh, Ch, Dh, Eh) => Ah + Bh + Ch + Dh + Eh + (low / 2 ** 32 | 0) | 0;

  // node_modules/@noble/hashes/_md.js
  function Chi(a, b, c) {
    return a & b ^ ~a & c;
  }
  function Maj(a, b, c) {
    return a & b ^ a & c ^ b & c;
  }
  var HashMD = class {
    constructor(blockLen, outputLen, padOffset, isLE2) {
      __publicField(this, "blockLen");
      __publicField(this, "outputLen");
      __publicField(this, "canXOF", false);
      __publicField(this, "padOffset");
      __publicField(this, "isLE");
      // For partial updates less than block size
      __publicField(this, "buffer");
      __publicField(this, "view");
      __publicField(this, "finished", false);
      __publicField(this, "length", 0);
      __publicField(this, "pos", 0);
      __publicField(this, "destroyed", false);
      this.blockLen = blockLen;
      this.outputLen = outputLen;
      this.padOffset = padOffset;
      this.isLE = isLE2;
      this.buffer = new Uint8Array(blockLen);
      this.view = createView(this.buffer);
    }
    update(data) {
      aexists(this);
      abytes(data);
      const { view, buffer, blockLen } = this;
      const len = data.length;
      let processed = false;
      for (let pos = 0; pos < len; ) {
        const take = Math.min(blockLen - this.pos, len - pos);
        if (take === blockLen) {
          const dataView = createView(data);
          for (; blockLen <= len - pos; pos += blockLen)
            this.process(dataView, pos);
          processed = true;
          continue;
        }
        buffer.set(pos === 0 && take === len ? data : data.subarray(pos, pos + take), this.pos);
        this.pos += take;
        pos += take;
        if (this.pos === blockLen) {
          this.process(view, 0);
          this.pos = 0;
          processed = true;
        }
      }
      this.length += data.length;
      if (processed)
        this.roundClean();
      return this;
    }
    digestInto(out) {
      aexists(this);
      aoutput(out, this);
      this.finished = true;
      const { buffer, view, blockLen, isLE: isLE2 } = this;
      let { pos } = this;
      buffer[pos++] = 128;
      buffer.fill(0, pos);
      if (this.padOffset > blockLen - pos) {
        this.process(view, 0);
        buffer.fill(0);
      }
      setU64FromNum(view, blockLen - 8, this.length * 8, isLE2);
      this.process(view, 0);
      this.roundClean();
      const oview = out === buffer ? view : createView(out);
      const len = this.outputLen;
      const outLen = len / 4;
      const state = this.get();
      if (len % 4 || outLen > state.length)
        throw new Error("invalid outputLen");
      for (let i = 0; i < outLen; i++)
        oview.setUint32(4 * i, state[i], isLE2);
    }
    digest() {
      const { buffer, outputLen } = this;
      this.digestInto(buffer);
      const res = buffer.slice(0, outputLen);
      this.destroy();
      return res;
    }
    _cloneIntoMeta(to) {
      const { buffer, length, finished, destroyed, pos } = this;
      to.destroyed = destroyed;
      to.finished = finished;
      to.length = length;
      to.pos = pos;
      if (pos)
        to.buffer.set(buffer);
      return to;
    }
    clone() {
      return this._cloneInto();
    }
  };
  var SHA256_IV = /* @__PURE__ */ Uint32Array.from([
    1779033703,
    3144134277,
    1013904242,
    2773480762,
    1359893119,
    2600822924,
    528734635,
    1541459225
  ]);
  var SHA512_IV = /* @__PURE__ */ Uint32Array.from([
    1779033703,
    4089235720,
    3144134277,
    2227873595,
    1013904242,
    4271175723,
    2773480762,
    1595750129,
    1359893119,
    2917565137,
    2600822924,
    725511199,
    528734635,
    4215389547,
    1541459225,
    327033209
  ]);

  // node_modules/@noble/hashes/sha2.js
  var SHA256_K = /* @__PURE__ */ Uint32Array.from([
    1116352408,
    1899447441,
    3049323471,
    3921009573,
    961987163,
    1508970993,
    2453635748,
    2870763221,
    3624381080,
    310598401,
    607225278,
    1426881987,
    1925078388,
    2162078206,
    2614888103,
    3248222580,
    3835390401,
    4022224774,
    264347078,
    604807628,
    770255983,
    1249150122,
    1555081692,
    1996064986,
    2554220882,
    2821834349,
    2952996808,
    3210313671,
    3336571891,
    3584528711,
    113926993,
    338241895,
    666307205,
    773529912,
    1294757372,
    1396182291,
    1695183700,
    1986661051,
    2177026350,
    2456956037,
    2730485921,
    2820302411,
    3259730800,
    3345764771,
    3516065817,
    3600352804,
    4094571909,
    275423344,
    430227734,
    506948616,
    659060556,
    883997877,
    958139571,
    1322822218,
    1537002063,
    1747873779,
    1955562222,
    2024104815,
    2227730452,
    2361852424,
    2428436474,
    2756734187,
    3204031479,
    3329325298
  ]);
  var SHA256_W = /* @__PURE__ */ new Uint32Array(64);
  var SHA2_32B = class extends HashMD {
    constructor(outputLen, IV) {
      super(64, outputLen, 8, false);
      // We cannot use array here since array allows indexing by variable
      // which means optimizer/compiler cannot use registers.
      // Numeric initializers matter: starting the fields as `undefined` changes
      // V8's field representation and makes sha256 3x slower (measured).
      __publicField(this, "A", 0);
      __publicField(this, "B", 0);
      __publicField(this, "C", 0);
      __publicField(this, "D", 0);
      __publicField(this, "E", 0);
      __publicField(this, "F", 0);
      __publicField(this, "G", 0);
      __publicField(this, "H", 0);
      this.A = IV[0] | 0;
      this.B = IV[1] | 0;
      this.C = IV[2] | 0;
      this.D = IV[3] | 0;
      this.E = IV[4] | 0;
      this.F = IV[5] | 0;
      this.G = IV[6] | 0;
      this.H = IV[7] | 0;
    }
    get() {
      const { A, B: B2, C, D, E, F, G: G2, H } = this;
      return [A, B2, C, D, E, F, G2, H];
    }
    // prettier-ignore
    set(A, B2, C, D, E, F, G2, H) {
      this.A = A | 0;
      this.B = B2 | 0;
      this.C = C | 0;
      this.D = D | 0;
      this.E = E | 0;
      this.F = F | 0;
      this.G = G2 | 0;
      this.H = H | 0;
    }
    _cloneInto(to) {
      (to || (to = new this.constructor())).set(...this.get());
      return this._cloneIntoMeta(to);
    }
    process(view, offset) {
      for (let i = 0; i < 16; i++, offset += 4)
        SHA256_W[i] = view.getUint32(offset, false);
      for (let i = 16; i < 64; i++) {
        const W15 = SHA256_W[i - 15];
        const W2 = SHA256_W[i - 2];
        const s0 = rotr(W15, 7) ^ rotr(W15, 18) ^ W15 >>> 3;
        const s1 = rotr(W2, 17) ^ rotr(W2, 19) ^ W2 >>> 10;
        SHA256_W[i] = s1 + SHA256_W[i - 7] + s0 + SHA256_W[i - 16] | 0;
      }
      let { A, B: B2, C, D, E, F, G: G2, H } = this;
      for (let i = 0; i < 64; i++) {
        const sigma1 = rotr(E, 6) ^ rotr(E, 11) ^ rotr(E, 25);
        const T1 = H + sigma1 + Chi(E, F, G2) + SHA256_K[i] + SHA256_W[i] | 0;
        const sigma0 = rotr(A, 2) ^ rotr(A, 13) ^ rotr(A, 22);
        const T2 = sigma0 + Maj(A, B2, C) | 0;
        H = G2;
        G2 = F;
        F = E;
        E = D + T1 | 0;
        D = C;
        C = B2;
        B2 = A;
        A = T1 + T2 | 0;
      }
      A = A + this.A | 0;
      B2 = B2 + this.B | 0;
      C = C + this.C | 0;
      D = D + this.D | 0;
      E = E + this.E | 0;
      F = F + this.F | 0;
      G2 = G2 + this.G | 0;
      H = H + this.H | 0;
      this.set(A, B2, C, D, E, F, G2, H);
    }
    roundClean() {
      clean(SHA256_W);
    }
    destroy() {
      this.destroyed = true;
      this.set(0, 0, 0, 0, 0, 0, 0, 0);
      clean(this.buffer);
    }
  };
  var _SHA256 = class extends SHA2_32B {
    constructor() {
      super(32, SHA256_IV);
    }
  };
  var K512 = /* @__PURE__ */ (() => split([
    "0x428a2f98d728ae22",
    "0x7137449123ef65cd",
    "0xb5c0fbcfec4d3b2f",
    "0xe9b5dba58189dbbc",
    "0x3956c25bf348b538",
    "0x59f111f1b605d019",
    "0x923f82a4af194f9b",
    "0xab1c5ed5da6d8118",
    "0xd807aa98a3030242",
    "0x12835b0145706fbe",
    "0x243185be4ee4b28c",
    "0x550c7dc3d5ffb4e2",
    "0x72be5d74f27b896f",
    "0x80deb1fe3b1696b1",
    "0x9bdc06a725c71235",
    "0xc19bf174cf692694",
    "0xe49b69c19ef14ad2",
    "0xefbe4786384f25e3",
    "0x0fc19dc68b8cd5b5",
    "0x240ca1cc77ac9c65",
    "0x2de92c6f592b0275",
    "0x4a7484aa6ea6e483",
    "0x5cb0a9dcbd41fbd4",
    "0x76f988da831153b5",
    "0x983e5152ee66dfab",
    "0xa831c66d2db43210",
    "0xb00327c898fb213f",
    "0xbf597fc7beef0ee4",
    "0xc6e00bf33da88fc2",
    "0xd5a79147930aa725",
    "0x06ca6351e003826f",
    "0x142929670a0e6e70",
    "0x27b70a8546d22ffc",
    "0x2e1b21385c26c926",
    "0x4d2c6dfc5ac42aed",
    "0x53380d139d95b3df",
    "0x650a73548baf63de",
    "0x766a0abb3c77b2a8",
    "0x81c2c92e47edaee6",
    "0x92722c851482353b",
    "0xa2bfe8a14cf10364",
    "0xa81a664bbc423001",
    "0xc24b8b70d0f89791",
    "0xc76c51a30654be30",
    "0xd192e819d6ef5218",
    "0xd69906245565a910",
    "0xf40e35855771202a",
    "0x106aa07032bbd1b8",
    "0x19a4c116b8d2d0c8",
    "0x1e376c085141ab53",
    "0x2748774cdf8eeb99",
    "0x34b0bcb5e19b48a8",
    "0x391c0cb3c5c95a63",
    "0x4ed8aa4ae3418acb",
    "0x5b9cca4f7763e373",
    "0x682e6ff3d6b2b8a3",
    "0x748f82ee5defb2fc",
    "0x78a5636f43172f60",
    "0x84c87814a1f0ab72",
    "0x8cc702081a6439ec",
    "0x90befffa23631e28",
    "0xa4506cebde82bde9",
    "0xbef9a3f7b2c67915",
    "0xc67178f2e372532b",
    "0xca273eceea26619c",
    "0xd186b8c721c0c207",
    "0xeada7dd6cde0eb1e",
    "0xf57d4f7fee6ed178",
    "0x06f067aa72176fba",
    "0x0a637dc5a2c898a6",
    "0x113f9804bef90dae",
    "0x1b710b35131c471b",
    "0x28db77f523047d84",
    "0x32caab7b40c72493",
    "0x3c9ebe0a15c9bebc",
    "0x431d67c49c100d4c",
    "0x4cc5d4becb3e42b6",
    "0x597f299cfc657e2a",
    "0x5fcb6fab3ad6faec",
    "0x6c44198c4a475817"
  ].map((n) => BigInt(n))))();
  var SHA512_Kh = /* @__PURE__ */ (() => K512[0])();
  var SHA512_Kl = /* @__PURE__ */ (() => K512[1])();
  var SHA512_W_H = /* @__PURE__ */ new Uint32Array(80);
  var SHA512_W_L = /* @__PURE__ */ new Uint32Array(80);
  var SHA2_64B = class extends HashMD {
    constructor(outputLen, IV) {
      super(128, outputLen, 16, false);
      // We cannot use array here since array allows indexing by variable
      // which means optimizer/compiler cannot use registers.
      // h -- high 32 bits, l -- low 32 bits
      // Numeric initializers matter: starting the fields as `undefined` changes
      // V8's field representation and slows hashing down (measured on sha256).
      __publicField(this, "Ah", 0);
      __publicField(this, "Al", 0);
      __publicField(this, "Bh", 0);
      __publicField(this, "Bl", 0);
      __publicField(this, "Ch", 0);
      __publicField(this, "Cl", 0);
      __publicField(this, "Dh", 0);
      __publicField(this, "Dl", 0);
      __publicField(this, "Eh", 0);
      __publicField(this, "El", 0);
      __publicField(this, "Fh", 0);
      __publicField(this, "Fl", 0);
      __publicField(this, "Gh", 0);
      __publicField(this, "Gl", 0);
      __publicField(this, "Hh", 0);
      __publicField(this, "Hl", 0);
      this.Ah = IV[0] | 0;
      this.Al = IV[1] | 0;
      this.Bh = IV[2] | 0;
      this.Bl = IV[3] | 0;
      this.Ch = IV[4] | 0;
      this.Cl = IV[5] | 0;
      this.Dh = IV[6] | 0;
      this.Dl = IV[7] | 0;
      this.Eh = IV[8] | 0;
      this.El = IV[9] | 0;
      this.Fh = IV[10] | 0;
      this.Fl = IV[11] | 0;
      this.Gh = IV[12] | 0;
      this.Gl = IV[13] | 0;
      this.Hh = IV[14] | 0;
      this.Hl = IV[15] | 0;
    }
    // prettier-ignore
    get() {
      const { Ah, Al, Bh, Bl, Ch, Cl, Dh, Dl, Eh, El, Fh, Fl, Gh, Gl, Hh, Hl } = this;
      return [Ah, Al, Bh, Bl, Ch, Cl, Dh, Dl, Eh, El, Fh, Fl, Gh, Gl, Hh, Hl];
    }
    // prettier-ignore
    set(Ah, Al, Bh, Bl, Ch, Cl, Dh, Dl, Eh, El, Fh, Fl, Gh, Gl, Hh, Hl) {
      this.Ah = Ah | 0;
      this.Al = Al | 0;
      this.Bh = Bh | 0;
      this.Bl = Bl | 0;
      this.Ch = Ch | 0;
      this.Cl = Cl | 0;
      this.Dh = Dh | 0;
      this.Dl = Dl | 0;
      this.Eh = Eh | 0;
      this.El = El | 0;
      this.Fh = Fh | 0;
      this.Fl = Fl | 0;
      this.Gh = Gh | 0;
      this.Gl = Gl | 0;
      this.Hh = Hh | 0;
      this.Hl = Hl | 0;
    }
    _cloneInto(to) {
      (to || (to = new this.constructor())).set(...this.get());
      return this._cloneIntoMeta(to);
    }
    process(view, offset) {
      for (let i = 0; i < 16; i++, offset += 4) {
        SHA512_W_H[i] = view.getUint32(offset);
        SHA512_W_L[i] = view.getUint32(offset += 4);
      }
      for (let i = 16; i < 80; i++) {
        const W15h = SHA512_W_H[i - 15] | 0;
        const W15l = SHA512_W_L[i - 15] | 0;
        const s0h = rotrSH(W15h, W15l, 1) ^ rotrSH(W15h, W15l, 8) ^ shrSH(W15h, W15l, 7);
        const s0l = rotrSL(W15h, W15l, 1) ^ rotrSL(W15h, W15l, 8) ^ shrSL(W15h, W15l, 7);
        const W2h = SHA512_W_H[i - 2] | 0;
        const W2l = SHA512_W_L[i - 2] | 0;
        const s1h = rotrSH(W2h, W2l, 19) ^ rotrBH(W2h, W2l, 61) ^ shrSH(W2h, W2l, 6);
        const s1l = rotrSL(W2h, W2l, 19) ^ rotrBL(W2h, W2l, 61) ^ shrSL(W2h, W2l, 6);
        const SUMl = add4L(s0l, s1l, SHA512_W_L[i - 7], SHA512_W_L[i - 16]);
        const SUMh = add4H(SUMl, s0h, s1h, SHA512_W_H[i - 7], SHA512_W_H[i - 16]);
        SHA512_W_H[i] = SUMh | 0;
        SHA512_W_L[i] = SUMl | 0;
      }
      let { Ah, Al, Bh, Bl, Ch, Cl, Dh, Dl, Eh, El, Fh, Fl, Gh, Gl, Hh, Hl } = this;
      for (let i = 0; i < 80; i++) {
        const sigma1h = rotrSH(Eh, El, 14) ^ rotrSH(Eh, El, 18) ^ rotrBH(Eh, El, 41);
        const sigma1l = rotrSL(Eh, El, 14) ^ rotrSL(Eh, El, 18) ^ rotrBL(Eh, El, 41);
        const CHIh = Eh & Fh ^ ~Eh & Gh;
        const CHIl = El & Fl ^ ~El & Gl;
        const T1ll = add5L(Hl, sigma1l, CHIl, SHA512_Kl[i], SHA512_W_L[i]);
        const T1h = add5H(T1ll, Hh, sigma1h, CHIh, SHA512_Kh[i], SHA512_W_H[i]);
        const T1l = T1ll | 0;
        const sigma0h = rotrSH(Ah, Al, 28) ^ rotrBH(Ah, Al, 34) ^ rotrBH(Ah, Al, 39);
        const sigma0l = rotrSL(Ah, Al, 28) ^ rotrBL(Ah, Al, 34) ^ rotrBL(Ah, Al, 39);
        const MAJh = Ah & Bh ^ Ah & Ch ^ Bh & Ch;
        const MAJl = Al & Bl ^ Al & Cl ^ Bl & Cl;
        Hh = Gh | 0;
        Hl = Gl | 0;
        Gh = Fh | 0;
        Gl = Fl | 0;
        Fh = Eh | 0;
        Fl = El | 0;
        ({ h: Eh, l: El } = add(Dh | 0, Dl | 0, T1h | 0, T1l | 0));
        Dh = Ch | 0;
        Dl = Cl | 0;
        Ch = Bh | 0;
        Cl = Bl | 0;
        Bh = Ah | 0;
        Bl = Al | 0;
        const All = add3L(T1l, sigma0l, MAJl);
        Ah = add3H(All, T1h, sigma0h, MAJh);
        Al = All | 0;
      }
      ({ h: Ah, l: Al } = add(this.Ah | 0, this.Al | 0, Ah | 0, Al | 0));
      ({ h: Bh, l: Bl } = add(this.Bh | 0, this.Bl | 0, Bh | 0, Bl | 0));
      ({ h: Ch, l: Cl } = add(this.Ch | 0, this.Cl | 0, Ch | 0, Cl | 0));
      ({ h: Dh, l: Dl } = add(this.Dh | 0, this.Dl | 0, Dh | 0, Dl | 0));
      ({ h: Eh, l: El } = add(this.Eh | 0, this.El | 0, Eh | 0, El | 0));
      ({ h: Fh, l: Fl } = add(this.Fh | 0, this.Fl | 0, Fh | 0, Fl | 0));
      ({ h: Gh, l: Gl } = add(this.Gh | 0, this.Gl | 0, Gh | 0, Gl | 0));
      ({ h: Hh, l: Hl } = add(this.Hh | 0, this.Hl | 0, Hh | 0, Hl | 0));
      this.set(Ah, Al, Bh, Bl, Ch, Cl, Dh, Dl, Eh, El, Fh, Fl, Gh, Gl, Hh, Hl);
    }
    roundClean() {
      clean(SHA512_W_H, SHA512_W_L);
    }
    destroy() {
      this.destroyed = true;
      clean(this.buffer);
      this.set(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }
  };
  var _SHA512 = class extends SHA2_64B {
    constructor() {
      super(64, SHA512_IV);
    }
  };
  var sha256 = /* @__PURE__ */ createHasher(
    () => new _SHA256(),
    /* @__PURE__ */ oidNist(1)
  );
  var sha512 = /* @__PURE__ */ createHasher(
    () => new _SHA512(),
    /* @__PURE__ */ oidNist(3)
  );

  // node_modules/@noble/curves/utils.js
  function aarray(item, title, inner = () => {
  }) {
    if (!Array.isArray(item))
      throw new TypeError(`"${title}" expected array, got type=${typeof item}`);
    for (let i = 0; i < item.length; i++)
      inner(item[i], `${title}[${i}]`);
    return item;
  }
  var abytes2 = (value, length, title) => abytes(value, length, title);
  var anumber2 = anumber;
  function aobject2(value, title = "object") {
    if (value === null || typeof value !== "object" || Array.isArray(value))
      throw new TypeError(title === "object" ? "expected valid options object" : `"${title}" expected object, got type=${typeof value}`);
    return value;
  }
  function afunction(value, title) {
    if (typeof value !== "function")
      throw new TypeError(`"${title}" is invalid: expected function, got ${typeof value}`);
    return value;
  }
  var bytesToHex2 = bytesToHex;
  var concatBytes2 = (...arrays) => concatBytes(...arrays);
  var hexToBytes2 = (hex) => hexToBytes(hex);
  var isBytes2 = isBytes;
  var randomBytes2 = (bytesLength) => randomBytes(bytesLength);
  var _0n = /* @__PURE__ */ BigInt(0);
  var _1n = /* @__PURE__ */ BigInt(1);
  var atitle2 = (title) => title ? `"${title}" ` : "";
  function abool(value, title = "") {
    if (typeof value !== "boolean")
      throw new TypeError(atitle2(title) + "expected boolean, got type=" + typeof value);
    return value;
  }
  function abignumber(n) {
    if (typeof n === "bigint") {
      if (!isPosBig(n))
        throw new RangeError("positive bigint expected, got " + n);
    } else
      anumber2(n);
    return n;
  }
  function asafenumber(value, title = "") {
    if (typeof value !== "number") {
      const prefix = title && `"${title}" `;
      throw new TypeError(prefix + "expected number, got type=" + typeof value);
    }
    if (!Number.isSafeInteger(value)) {
      const prefix = title && `"${title}" `;
      throw new RangeError(prefix + "expected safe integer, got " + value);
    }
  }
  function hexToNumber(hex) {
    if (typeof hex !== "string")
      throw new TypeError("hex string expected, got " + typeof hex);
    return hex === "" ? _0n : BigInt("0x" + hex);
  }
  function bytesToNumberBE(bytes) {
    return hexToNumber(bytesToHex(bytes));
  }
  function bytesToNumberLE(bytes) {
    return hexToNumber(bytesToHex(copyBytes(abytes(bytes)).reverse()));
  }
  function numberToBytesBE(n, len) {
    anumber(len);
    if (len === 0)
      throw new Error("zero output length is invalid");
    n = abignumber(n);
    const expectedLen = len * 2;
    const hex = n.toString(16);
    if (hex.length > expectedLen)
      throw new RangeError("number is too large");
    return hexToBytes(hex.padStart(expectedLen, "0"));
  }
  function numberToBytesLE(n, len) {
    return numberToBytesBE(n, len).reverse();
  }
  function equalBytes2(a, b) {
    a = abytes2(a);
    b = abytes2(b);
    if (a.length !== b.length)
      return false;
    let diff = 0;
    for (let i = 0; i < a.length; i++)
      diff |= a[i] ^ b[i];
    return diff === 0;
  }
  function copyBytes(bytes) {
    return Uint8Array.from(abytes2(bytes));
  }
  function isPosBig(n) {
    return typeof n === "bigint" && _0n <= n;
  }
  function inRange(n, min, max) {
    return isPosBig(n) && isPosBig(min) && isPosBig(max) && min <= n && n < max;
  }
  function aInRange(title, n, min, max) {
    if (!inRange(n, min, max))
      throw new RangeError("expected valid " + title + ": " + min + " <= n < " + max + ", got " + n);
  }
  function bitLen(n) {
    if (n < _0n)
      throw new Error("expected non-negative bigint, got " + n);
    return n === _0n ? 0 : n.toString(2).length;
  }
  var bitMask = (n) => {
    asafenumber(n, "n");
    return (_1n << BigInt(n)) - _1n;
  };
  function validateObject(object, fields = {}, optFields = {}, title = "object") {
    aobject2(object, title);
    aobject2(fields, "fields");
    aobject2(optFields, "optFields");
    function checkField(fieldName, expectedType, isOpt) {
      const label = title === "object" ? `param "${String(fieldName)}"` : `"${title}.${String(fieldName)}"`;
      const val = object[fieldName];
      if (!Object.hasOwn(object, fieldName) && (isOpt ? val !== void 0 : expectedType !== "function")) {
        throw new TypeError(`${label} is invalid: expected own property`);
      }
      if (isOpt && val === void 0)
        return;
      const current = typeof val;
      if (current !== expectedType || val === null)
        throw new TypeError(`${label} is invalid: expected ${expectedType}, got ${current}`);
    }
    const iter = (f, isOpt) => Object.entries(f).forEach(([k, v]) => checkField(k, v, isOpt));
    iter(fields, false);
    iter(optFields, true);
  }
  var notImplemented = () => {
    throw new Error("not implemented");
  };

  // node_modules/@noble/curves/abstract/modular.js
  var _0n2 = /* @__PURE__ */ BigInt(0);
  var _1n2 = /* @__PURE__ */ BigInt(1);
  var _2n = /* @__PURE__ */ BigInt(2);
  var _3n = /* @__PURE__ */ BigInt(3);
  var _4n = /* @__PURE__ */ BigInt(4);
  var _5n = /* @__PURE__ */ BigInt(5);
  var _7n = /* @__PURE__ */ BigInt(7);
  var _8n = /* @__PURE__ */ BigInt(8);
  var _9n = /* @__PURE__ */ BigInt(9);
  var _15n = /* @__PURE__ */ BigInt(15);
  var _16n = /* @__PURE__ */ BigInt(16);
  var POW_WINDOWED_MIN = /* @__PURE__ */ BigInt("0x10000000000000000");
  function mod(a, b) {
    if (b <= _0n2)
      throw new Error("mod: expected positive modulus, got " + b);
    const result = a % b;
    return result >= _0n2 ? result : b + result;
  }
  function pow(num, power, modulo) {
    if (modulo <= _1n2)
      throw new Error("pow: expected modulus > 1, got " + modulo);
    if (typeof power !== "bigint")
      throw new TypeError("invalid exponent: expected bigint, got " + typeof power);
    if (power < _0n2)
      throw new Error("invalid exponent, negatives unsupported");
    if (power === _0n2)
      return _1n2;
    if (power === _1n2)
      return num;
    let d = num % modulo;
    if (d < _0n2)
      d += modulo;
    if (power < POW_WINDOWED_MIN) {
      let p2 = _1n2;
      while (power > _0n2) {
        if (power & _1n2)
          p2 = p2 * d % modulo;
        d = d * d % modulo;
        power >>= _1n2;
      }
      return p2;
    }
    const digits = [];
    while (power > _0n2) {
      digits.push(Number(power & _15n));
      power >>= _4n;
    }
    const table = new Array(16);
    table[0] = _1n2;
    table[1] = d;
    for (let i = 2; i < 16; i++)
      table[i] = table[i - 1] * d % modulo;
    let p = table[digits[digits.length - 1]];
    for (let w = digits.length - 2; w >= 0; w--) {
      p = p * p % modulo;
      p = p * p % modulo;
      p = p * p % modulo;
      p = p * p % modulo;
      const digit = digits[w];
      if (digit !== 0)
        p = p * table[digit] % modulo;
    }
    return p;
  }
  function pow2(x, power, modulo) {
    if (modulo <= _1n2)
      throw new Error("pow2: expected modulus > 1, got " + modulo);
    if (power < _0n2)
      throw new Error("pow2: expected non-negative exponent, got " + power);
    let res = x;
    while (power-- > _0n2) {
      res *= res;
      res %= modulo;
    }
    return res;
  }
  function invert(number, modulo) {
    if (number === _0n2)
      throw new Error("invert: expected non-zero number");
    if (modulo <= _1n2)
      throw new Error("invert: expected modulus > 1, got " + modulo);
    let a = mod(number, modulo);
    let b = modulo;
    let x = _0n2, u = _1n2;
    while (a !== _0n2) {
      const q = b / a;
      const r = b - a * q;
      const m = x - u * q;
      b = a, a = r, x = u, u = m;
    }
    const gcd = b;
    if (gcd !== _1n2)
      throw new Error("invert: does not exist");
    return mod(x, modulo);
  }
  function assertIsSquare(Fp2, root2, n) {
    const F = Fp2;
    if (!F.eql(F.sqr(root2), n))
      throw new Error("Cannot find square root");
  }
  function aoddModulus(order, fnName) {
    if ((order & _1n2) === _0n2)
      throw new Error(fnName + ": expected odd modulus, got " + order);
  }
  function sqrt3mod4(Fp2, n) {
    const F = Fp2;
    const p1div4 = (F.ORDER + _1n2) / _4n;
    const root2 = F.pow(n, p1div4);
    assertIsSquare(F, root2, n);
    return root2;
  }
  function sqrt5mod8(Fp2, n) {
    const F = Fp2;
    const p5div8 = (F.ORDER - _5n) / _8n;
    const n2 = F.mul(n, _2n);
    const v = F.pow(n2, p5div8);
    const nv = F.mul(n, v);
    const i = F.mul(F.mul(nv, _2n), v);
    const root2 = F.mul(nv, F.sub(i, F.ONE));
    assertIsSquare(F, root2, n);
    return root2;
  }
  function sqrt9mod16(P) {
    const Fp_ = Field(P);
    const tn = tonelliShanks(P);
    const c1 = tn(Fp_, Fp_.neg(Fp_.ONE));
    const c2 = tn(Fp_, c1);
    const c3 = tn(Fp_, Fp_.neg(c1));
    const c4 = (P + _7n) / _16n;
    return ((Fp2, n) => {
      const F = Fp2;
      let tv1 = F.pow(n, c4);
      let tv2 = F.mul(tv1, c1);
      const tv3 = F.mul(tv1, c2);
      const tv4 = F.mul(tv1, c3);
      const e1 = F.eql(F.sqr(tv2), n);
      const e2 = F.eql(F.sqr(tv3), n);
      tv1 = F.cmov(tv1, tv2, e1);
      tv2 = F.cmov(tv4, tv3, e2);
      const e3 = F.eql(F.sqr(tv2), n);
      const root2 = F.cmov(tv1, tv2, e3);
      assertIsSquare(F, root2, n);
      return root2;
    });
  }
  function tonelliShanks(P) {
    if (P < _3n)
      throw new Error("sqrt is not defined for small field");
    aoddModulus(P, "tonelliShanks");
    let Q = P - _1n2;
    let S = 0;
    while (Q % _2n === _0n2) {
      Q /= _2n;
      S++;
    }
    let Z = _2n;
    const _Fp = Field(P);
    while (FpLegendre(_Fp, Z) === 1) {
      if (Z++ > 1e3)
        throw new Error("Cannot find square root: probably non-prime P");
    }
    if (S === 1)
      return sqrt3mod4;
    let cc = _Fp.pow(Z, Q);
    const Q1div2 = (Q + _1n2) / _2n;
    return function tonelliSlow(Fp2, n) {
      const F = Fp2;
      if (F.is0(n))
        return n;
      if (FpLegendre(F, n) !== 1)
        throw new Error("Cannot find square root");
      let M = S;
      let c = F.mul(F.ONE, cc);
      let t = F.pow(n, Q);
      let R = F.pow(n, Q1div2);
      while (!F.eql(t, F.ONE)) {
        if (F.is0(t))
          throw new Error("Cannot find square root: probably non-prime P");
        let i = 1;
        let t_tmp = F.sqr(t);
        while (!F.eql(t_tmp, F.ONE)) {
          i++;
          t_tmp = F.sqr(t_tmp);
          if (i === M)
            throw new Error("Cannot find square root");
        }
        const exponent = _1n2 << BigInt(M - i - 1);
        const b = F.pow(c, exponent);
        M = i;
        c = F.sqr(b);
        t = F.mul(t, c);
        R = F.mul(R, b);
      }
      return R;
    };
  }
  function FpSqrt(P) {
    aoddModulus(P, "Fp.sqrt");
    if (P % _4n === _3n)
      return sqrt3mod4;
    if (P % _8n === _5n)
      return sqrt5mod8;
    if (P % _16n === _9n)
      return sqrt9mod16(P);
    return tonelliShanks(P);
  }
  var isNegativeLE = (num, modulo) => (mod(num, modulo) & _1n2) === _1n2;
  var FIELD_FIELDS = [
    "create",
    "isValid",
    "is0",
    "neg",
    "inv",
    "sqrt",
    "sqr",
    "eql",
    "add",
    "sub",
    "mul",
    "pow",
    "div",
    "addN",
    "subN",
    "mulN",
    "sqrN"
  ];
  function validateField(field) {
    aobject2(field, "field");
    if (typeof field.ORDER !== "bigint")
      throw new TypeError('param "ORDER" is invalid: expected bigint, got ' + typeof field.ORDER);
    asafenumber(field.BYTES, "BYTES");
    asafenumber(field.BITS, "BITS");
    for (const name2 of FIELD_FIELDS)
      afunction(field[name2], "field." + name2);
    if (field.BYTES < 1 || field.BITS < 1)
      throw new Error("invalid field: expected BYTES/BITS > 0");
    if (field.ORDER <= _1n2)
      throw new Error("invalid field: expected ORDER > 1, got " + field.ORDER);
    return field;
  }
  function FpInvertBatch(Fp2, nums, passZero = false) {
    validateField(Fp2);
    aarray(nums, "nums");
    abool(passZero, "passZero");
    const F = Fp2;
    const inverted = new Array(nums.length).fill(passZero ? F.ZERO : void 0);
    const multipliedAcc = nums.reduce((acc, num, i) => {
      if (F.is0(num))
        return acc;
      inverted[i] = acc;
      return F.mul(acc, num);
    }, F.ONE);
    const invertedAcc = F.inv(multipliedAcc);
    nums.reduceRight((acc, num, i) => {
      if (F.is0(num))
        return acc;
      inverted[i] = F.mul(acc, inverted[i]);
      return F.mul(acc, num);
    }, invertedAcc);
    return inverted;
  }
  function FpLegendre(Fp2, n) {
    validateField(Fp2);
    const F = Fp2;
    aoddModulus(F.ORDER, "FpLegendre");
    const p1mod2 = (F.ORDER - _1n2) / _2n;
    const powered = F.pow(n, p1mod2);
    const yes = F.eql(powered, F.ONE);
    const zero = F.eql(powered, F.ZERO);
    const no = F.eql(powered, F.neg(F.ONE));
    if (!yes && !zero && !no)
      throw new Error("invalid Legendre symbol result");
    return yes ? 1 : zero ? 0 : -1;
  }
  function nLength(n, nBitLength) {
    if (nBitLength !== void 0)
      anumber2(nBitLength);
    if (n <= _0n2)
      throw new Error("invalid n length: expected positive n, got " + n);
    if (nBitLength !== void 0 && nBitLength < 1)
      throw new Error("invalid n length: expected positive bit length, got " + nBitLength);
    const bits = bitLen(n);
    if (nBitLength !== void 0 && nBitLength < bits)
      throw new Error(`invalid n length: expected nBitLength (${nBitLength}) >= bitLen(n) (${bits})`);
    const _nBitLength = nBitLength !== void 0 ? nBitLength : bits;
    const nByteLength = Math.ceil(_nBitLength / 8);
    return { nBitLength: _nBitLength, nByteLength };
  }
  var FIELD_SQRT = /* @__PURE__ */ new WeakMap();
  var _Field = class {
    constructor(ORDER, opts = {}) {
      __publicField(this, "ORDER");
      __publicField(this, "BITS");
      __publicField(this, "BYTES");
      __publicField(this, "isLE");
      __publicField(this, "ZERO", _0n2);
      __publicField(this, "ONE", _1n2);
      __publicField(this, "_lengths");
      __publicField(this, "_mod");
      if (ORDER <= _1n2)
        throw new Error("invalid field: expected ORDER > 1, got " + ORDER);
      let _nbitLength = void 0;
      this.isLE = false;
      if (opts != null && typeof opts === "object") {
        if (typeof opts.BITS === "number")
          _nbitLength = opts.BITS;
        if (typeof opts.sqrt === "function")
          Object.defineProperty(this, "sqrt", { value: opts.sqrt, enumerable: true });
        if (typeof opts.isLE === "boolean")
          this.isLE = opts.isLE;
        if (opts.allowedLengths)
          this._lengths = Object.freeze(opts.allowedLengths.slice());
        if (typeof opts.modFromBytes === "boolean")
          this._mod = opts.modFromBytes;
      }
      const { nBitLength, nByteLength } = nLength(ORDER, _nbitLength);
      if (nByteLength > 2048)
        throw new Error("invalid field: expected ORDER of <= 2048 bytes");
      this.ORDER = ORDER;
      this.BITS = nBitLength;
      this.BYTES = nByteLength;
      Object.freeze(this);
    }
    create(num) {
      return mod(num, this.ORDER);
    }
    isValid(num) {
      if (typeof num !== "bigint")
        throw new TypeError("invalid field element: expected bigint, got " + typeof num);
      return _0n2 <= num && num < this.ORDER;
    }
    is0(num) {
      return num === _0n2;
    }
    // is valid and invertible
    isValidNot0(num) {
      return !this.is0(num) && this.isValid(num);
    }
    isOdd(num) {
      return (num & _1n2) === _1n2;
    }
    neg(num) {
      return mod(-num, this.ORDER);
    }
    eql(lhs, rhs) {
      return lhs === rhs;
    }
    sqr(num) {
      return mod(num * num, this.ORDER);
    }
    add(lhs, rhs) {
      return mod(lhs + rhs, this.ORDER);
    }
    sub(lhs, rhs) {
      return mod(lhs - rhs, this.ORDER);
    }
    mul(lhs, rhs) {
      return mod(lhs * rhs, this.ORDER);
    }
    pow(num, power) {
      return pow(num, power, this.ORDER);
    }
    div(lhs, rhs) {
      return mod(lhs * invert(rhs, this.ORDER), this.ORDER);
    }
    // Same as above, but doesn't normalize
    sqrN(num) {
      return num * num;
    }
    addN(lhs, rhs) {
      return lhs + rhs;
    }
    subN(lhs, rhs) {
      return lhs - rhs;
    }
    mulN(lhs, rhs) {
      return lhs * rhs;
    }
    inv(num) {
      return invert(num, this.ORDER);
    }
    sqrt(num) {
      let sqrt = FIELD_SQRT.get(this);
      if (!sqrt)
        FIELD_SQRT.set(this, sqrt = FpSqrt(this.ORDER));
      return sqrt(this, num);
    }
    toBytes(num) {
      return this.isLE ? numberToBytesLE(num, this.BYTES) : numberToBytesBE(num, this.BYTES);
    }
    fromBytes(bytes, skipValidation = false) {
      abytes2(bytes);
      const { _lengths: allowedLengths, BYTES, isLE: isLE2, ORDER, _mod: modFromBytes } = this;
      if (allowedLengths) {
        if (bytes.length < 1 || !allowedLengths.includes(bytes.length) || bytes.length > BYTES) {
          throw new Error("Field.fromBytes: expected " + allowedLengths + " bytes, got " + bytes.length);
        }
        const padded = new Uint8Array(BYTES);
        padded.set(bytes, isLE2 ? 0 : padded.length - bytes.length);
        bytes = padded;
      }
      if (bytes.length !== BYTES)
        throw new Error("Field.fromBytes: expected " + BYTES + " bytes, got " + bytes.length);
      let scalar = isLE2 ? bytesToNumberLE(bytes) : bytesToNumberBE(bytes);
      if (modFromBytes)
        scalar = mod(scalar, ORDER);
      if (!skipValidation) {
        if (!this.isValid(scalar))
          throw new Error("invalid field element: outside of range 0..ORDER");
      }
      return scalar;
    }
    // TODO: we don't need it here, move out to separate fn
    invertBatch(lst) {
      return FpInvertBatch(this, lst, true);
    }
    // We can't move this out because Fp6, Fp12 implement it
    // and it's unclear what to return in there.
    cmov(a, b, condition) {
      abool(condition, "condition");
      return condition ? b : a;
    }
  };
  function Field(ORDER, opts = {}) {
    Object.freeze(_Field.prototype);
    return new _Field(ORDER, opts);
  }

  // node_modules/@noble/curves/abstract/curve.js
  var _0n3 = /* @__PURE__ */ BigInt(0);
  var _1n3 = /* @__PURE__ */ BigInt(1);
  var _4n2 = /* @__PURE__ */ BigInt(4);
  var BLIND_BYTES = 16;
  var BLIND_BITS = 128;
  var FW_WINDOW = 5;
  var TABLE_BYTES_MAX = /* @__PURE__ */ (() => 2 ** 31)();
  function validatePointCons(Point2) {
    const pc = Point2;
    if (typeof pc !== "function")
      throw new TypeError('"Point" expected constructor, got type=' + typeof Point2);
    afunction(pc.fromAffine, "Point.fromAffine");
    afunction(pc.fromBytes, "Point.fromBytes");
    afunction(pc.fromHex, "Point.fromHex");
    aobject2(pc.BASE, "Point.BASE");
    aobject2(pc.ZERO, "Point.ZERO");
    validateField(pc.Fp);
    validateField(pc.Fn);
  }
  function normalizeZ(c, points) {
    validatePointCons(c);
    validateMSMPoints(points, c);
    const invertedZs = FpInvertBatch(c.Fp, points.map((p) => p.Z));
    return points.map((p, i) => c.fromAffine(p.toAffine(invertedZs[i])));
  }
  function validateW(W, bits, min = 1) {
    if (!Number.isSafeInteger(W) || W < min || W > bits)
      throw new Error("invalid window size, expected [" + min + ".." + bits + "], got W=" + W);
  }
  function validateTableBytes(numPoints, fpBytes) {
    const bytes = numPoints * (4 * fpBytes + 128);
    if (bytes > TABLE_BYTES_MAX)
      throw new Error("invalid window size: table would need ~" + Math.ceil(bytes / 2 ** 20) + " MiB, max " + TABLE_BYTES_MAX / 2 ** 20 + " MiB");
  }
  function probeRandomBytes(randomBytes3, length) {
    if (randomBytes3 === void 0)
      return void 0;
    afunction(randomBytes3, "randomBytes");
    try {
      const probe = randomBytes3(length);
      if (!isBytes2(probe) || probe.length !== length)
        return void 0;
    } catch {
      return void 0;
    }
    return randomBytes3;
  }
  function validateMSMPoints(points, c) {
    aarray(points, "points");
    points.forEach((p, i) => {
      if (!(p instanceof c))
        throw new Error("invalid point at index " + i);
    });
  }
  function validateMSMScalars(scalars, field, maxScalar) {
    if (!Array.isArray(scalars))
      throw new Error("array of scalars expected");
    scalars.forEach((s, i) => {
      const ok = maxScalar === void 0 ? field.isValid(s) : isPosBig(s) && s < maxScalar;
      if (!ok)
        throw new Error("invalid scalar at index " + i);
    });
  }
  var pointWindowSizes = /* @__PURE__ */ new WeakMap();
  function getWindowSize(P) {
    return pointWindowSizes.get(P) || 1;
  }
  function oddMultiples(p, size) {
    const dbl = p.double();
    const t = [p];
    for (let j = 1; j < size; j++)
      t.push(t[j - 1].add(dbl));
    return t;
  }
  function wnafDigits(n, W) {
    const size = 2 ** W;
    const half = size / 2;
    const mask = BigInt(size - 1);
    const d = [];
    while (n > _0n3) {
      let w = 0;
      if (n & _1n3) {
        w = Number(n & mask);
        if (w >= half)
          w -= size;
        n -= BigInt(w);
      }
      d.push(w);
      n >>= _1n3;
    }
    return d;
  }
  function signedWindowDigits(n, W, windows) {
    const size = 2 ** W;
    const half = size / 2;
    const mask = BigInt(size - 1);
    const shiftBy = BigInt(W);
    const d = [];
    for (let w = 0; w < windows; w++) {
      let v = Number(n & mask);
      n >>= shiftBy;
      if (v > half) {
        v -= size;
        n += _1n3;
      }
      d.push(v);
    }
    if (n !== _0n3)
      throw new Error("invalid wnaf");
    return d;
  }
  function wnafWalk(zero, tables, digits) {
    let max = 0;
    for (const d of digits)
      max = Math.max(max, d.length);
    let acc = zero;
    for (let bit = max - 1; bit >= 0; bit--) {
      if (bit !== max - 1)
        acc = acc.double();
      for (let i = 0; i < digits.length; i++) {
        const w = digits[i][bit];
        if (w) {
          const item = tables[i][Math.abs(w) - 1 >> 1];
          acc = acc.add(w < 0 ? item.negate() : item);
        }
      }
    }
    return acc;
  }
  var ScalarMultiplier = class {
    // Parametrized with a given Point class (not individual point)
    constructor(Point2, randomBytes3) {
      __publicField(this, "Point");
      __publicField(this, "BASE");
      __publicField(this, "ZERO");
      __publicField(this, "randomBytes");
      __publicField(this, "wnafPrecomputes", /* @__PURE__ */ new WeakMap());
      __publicField(this, "baseCanBeBlinded");
      __publicField(this, "bits");
      validatePointCons(Point2);
      this.randomBytes = probeRandomBytes(randomBytes3, BLIND_BYTES);
      this.Point = Point2;
      this.BASE = Point2.BASE;
      this.ZERO = Point2.ZERO;
      this.bits = Point2.Fn.BITS;
    }
    /**
     * Creates a signed fixed-window wNAF precomputation table: for every window w, the
     * multiples `[1..2^(W−1)]⋅2^(w⋅W)⋅P`, flattened. All doublings are baked into the table,
     * so cached multiplication is additions-only. `windows = ceil(bits/W) + 1`: the extra
     * window absorbs the final carry of signed-digit recoding.
     * For a 256-bit curve and W=6, the table is 44⋅32 = 1408 points.
     * @param point - Point instance
     * @param W - window size
     * @param bits - scalar bitlength the table must cover
     */
    buildWnafTable(point, W, bits) {
      const windows = Math.ceil(bits / W) + 1;
      const half = 2 ** (W - 1);
      const comp = [];
      let base = point;
      for (let w = 0; w < windows; w++) {
        let acc = base;
        for (let i = 0; i < half; i++) {
          comp.push(acc);
          acc = acc.add(base);
        }
        base = comp[comp.length - 1].double();
      }
      return { W, bits, windows, comp };
    }
    /**
     * Implements ec multiplication using precomputed signed fixed-window wNAF tables.
     * Constant-time: fixed window count with one table addition per window — zero digits feed
     * the fake accumulator — and no doublings; the lookup scans the whole window slice.
     * Scalar bounds are validated by the public entry points ({@link ScalarMultiplier.mulCT},
     * {@link ScalarMultiplier.mulCTBlinded}, {@link ScalarMultiplier.mulUnsafe});
     * signedWindowDigits throws if `n` exceeds the table.
     * @returns real and fake (for const-time) points
     */
    wnafCachedCT(precomputes, n) {
      const { W, windows, comp } = precomputes;
      const half = 2 ** (W - 1);
      const digits = signedWindowDigits(n, W, windows);
      let p = this.ZERO;
      let f = this.BASE;
      for (let w = 0; w < windows; w++) {
        const digit = digits[w];
        const start = w * half;
        const idx = Math.abs(digit) - 1;
        let sel = comp[start];
        for (let i = 1; i < half; i++)
          sel = i === idx ? comp[start + i] : sel;
        const neg = sel.negate();
        if (digit === 0)
          f = f.add(comp[start]);
        else
          p = p.add(digit < 0 ? neg : sel);
      }
      return { p, f };
    }
    // Cache key is point identity plus (W, bits); at most two entries exist per point (public-width
    // `Fn.BITS` and blinded `Fn.BITS + BLIND_BITS`). Callers must not reuse the same point with
    // incompatible `transform(...)` layouts and expect a separate cache entry.
    getWnafPrecomputes(W, point, bits, transform) {
      let entries = this.wnafPrecomputes.get(point);
      let comp = entries?.find((entry) => entry.W === W && entry.bits === bits);
      if (!comp) {
        comp = this.buildWnafTable(point, W, bits);
        if (typeof transform === "function")
          comp = { ...comp, comp: transform(comp.comp) };
        if (!entries) {
          entries = [];
          this.wnafPrecomputes.set(point, entries);
        }
        entries.push(comp);
      }
      return comp;
    }
    assertPoint(point) {
      if (!(point instanceof this.Point))
        throw new TypeError('"point" expected Point instance, got type=' + typeof point);
    }
    // Shared prologue of the constant-time entry points. Rejects scalar 0: in key/signature-style
    // callers a zero scalar means broken upstream plumbing, and concrete Points already reject it.
    // Uses inRange instead of Fn.isValidNot0: validateField() only certifies the arithmetic subset.
    validateMulInput(point, scalar) {
      this.assertPoint(point);
      if (!inRange(scalar, _1n3, this.Point.Fn.ORDER))
        throw new Error("invalid scalar");
    }
    // Constant-time dispatch shared by mulCT / mulCTBlinded. Un-precomputed points (W===1, e.g.
    // ECDH peer keys) skip building a throwaway cached table in favor of a small fixed-window
    // multiply. `n` must be < 2^bits.
    runCT(point, n, bits, transform) {
      const W = getWindowSize(point);
      if (W === 1)
        return this.fixedWindowCT(point, n, bits);
      return this.wnafCachedCT(this.getWnafPrecomputes(W, point, bits, transform), n);
    }
    mulCT(point, scalar, transform) {
      this.validateMulInput(point, scalar);
      return this.runCT(point, scalar, this.bits, transform);
    }
    mulCTBlinded(point, scalar, transform) {
      this.validateMulInput(point, scalar);
      if (this.randomBytes === void 0)
        throw new Error("randomBytes is required for scalar blinding");
      const bits = this.Point.Fn.BITS + BLIND_BITS;
      const blind = this.randomBytes(BLIND_BYTES);
      if (!isBytes2(blind) || blind.length !== BLIND_BYTES)
        throw new Error("randomBytes returned invalid byte array");
      blind[0] = blind[0] & 63 | 128;
      const n = scalar + bytesToNumberBE(blind) * this.Point.Fn.ORDER;
      return this.runCT(point, n, bits, transform);
    }
    /**
     * Constant-time multiplication `n*point` for an un-precomputed point, via a small fixed window.
     * A cached wNAF table only pays off when reused; a flat 2^FW_WINDOW table (`size-1` adds) is
     * far cheaper to build for a single use. The point-operation sequence is independent of `n`:
     * build the table, then per window exactly FW_WINDOW doublings, a data-oblivious scan over
     * every table entry, and one addition (adds the identity when the window digit is 0 — never
     * skipped).
     *
     * `n` must be `< 2^bits`. Assumes complete addition (adding the identity costs the same as any
     * add), which holds for the Weierstrass/Edwards point types used here. The table is left in
     * projective form (no normalizeZ): normalizing this small a table costs more than the
     * mixed-add savings it would buy for a single multiply.
     * @returns real point `p`; `f` duplicates it only to match {@link wnafCachedCT}'s return shape
     * (this path needs no fake accumulator — its op-count is already scalar-independent).
     */
    fixedWindowCT(point, n, bits) {
      const W = FW_WINDOW;
      const size = 1 << W;
      const mask = bitMask(W);
      const table = new Array(size);
      table[0] = this.ZERO;
      for (let i = 1; i < size; i++)
        table[i] = table[i - 1].add(point);
      const windows = Math.ceil(bits / W);
      let acc = this.ZERO;
      for (let window2 = windows - 1; window2 >= 0; window2--) {
        if (window2 !== windows - 1)
          for (let d = 0; d < W; d++)
            acc = acc.double();
        const digit = Number(n >> BigInt(window2 * W) & mask);
        let sel = table[0];
        for (let i = 1; i < size; i++)
          sel = i === digit ? table[i] : sel;
        acc = acc.add(sel);
      }
      return { p: acc, f: acc };
    }
    shouldBlind(point, cofactor) {
      if (this.randomBytes === void 0)
        return false;
      if (cofactor === _1n3)
        return true;
      if (point !== this.BASE)
        return false;
      if (this.baseCanBeBlinded === void 0)
        this.baseCanBeBlinded = this.mulUnsafe(this.BASE, this.Point.Fn.ORDER).is0();
      return this.baseCanBeBlinded;
    }
    mulSecret(point, scalar, cofactor, transform) {
      return this.shouldBlind(point, cofactor) ? this.mulCTBlinded(point, scalar, transform) : this.mulCT(point, scalar, transform);
    }
    mulUnsafe(point, scalar, transform) {
      this.assertPoint(point);
      if (!isPosBig(scalar))
        throw new Error("invalid scalar");
      const W = getWindowSize(point);
      if (W === 1 || scalar >= this.Point.Fn.ORDER)
        return mulAddUnsafe(this.Point, [point], [scalar], true);
      const precomputes = this.getWnafPrecomputes(W, point, this.bits, transform);
      return this.wnafCachedCT(precomputes, scalar).p;
    }
    // Remembers the window size used for precomputed wNAF multiplication of the given point
    // and drops any previously built tables. Usually only the base point is precomputed.
    // W=1 resets the point to the un-precomputed (table-less) paths.
    // W is additionally capped so tables stay under ~2 GiB ({@link TABLE_BYTES_MAX}).
    setWindowSize(point, W) {
      this.assertPoint(point);
      validateW(W, this.bits);
      const windows = Math.ceil((this.bits + BLIND_BITS) / W) + 1;
      validateTableBytes(windows * 2 ** (W - 1), this.Point.Fp.BYTES);
      pointWindowSizes.set(point, W);
      this.wnafPrecomputes.delete(point);
    }
    // True when a window size is set: tables themselves are built lazily on first multiply.
    hasWindowSize(point) {
      return getWindowSize(point) !== 1;
    }
  };
  function mulAddUnsafe(c, points, scalars, allowOversized = false) {
    validatePointCons(c);
    validateMSMPoints(points, c);
    abool(allowOversized, "allowOversized");
    validateMSMScalars(scalars, c.Fn, allowOversized ? c.Fn.ORDER ** _4n2 : void 0);
    if (points.length !== scalars.length)
      throw new Error("arrays of points and scalars must have equal length");
    const tables = points.map((p) => oddMultiples(p, 4));
    const digits = scalars.map((n) => wnafDigits(n, 4));
    return wnafWalk(c.ZERO, tables, digits);
  }
  function createField(order, field, isLE2) {
    if (field) {
      if (field.ORDER !== order)
        throw new Error("Field.ORDER must match order: Fp == p, Fn == n");
      validateField(field);
      return field;
    } else {
      return Field(order, { isLE: isLE2 });
    }
  }
  function createCurveFields(type, CURVE, curveOpts = {}, FpFnLE) {
    if (type !== "weierstrass" && type !== "edwards")
      throw new Error('expected curve type "weierstrass" or "edwards"');
    if (FpFnLE === void 0)
      FpFnLE = type === "edwards";
    if (!CURVE || typeof CURVE !== "object")
      throw new Error(`expected valid ${type} CURVE object`);
    validateObject(curveOpts);
    for (const p of ["p", "n", "h"]) {
      const val = CURVE[p];
      if (!(isPosBig(val) && val !== _0n3))
        throw new Error(`CURVE.${p} must be positive bigint`);
    }
    const Fp2 = createField(CURVE.p, curveOpts.Fp, FpFnLE);
    const Fn3 = createField(CURVE.n, curveOpts.Fn, FpFnLE);
    const _b = type === "weierstrass" ? "b" : "d";
    const params = ["Gx", "Gy", "a", _b];
    for (const p of params) {
      if (!Fp2.isValid(CURVE[p]))
        throw new Error(`CURVE.${p} must be valid field element of CURVE.Fp`);
    }
    CURVE = Object.freeze(Object.assign({}, CURVE));
    return { CURVE, Fp: Fp2, Fn: Fn3 };
  }
  function createKeygen(randomSecretKey, getPublicKey) {
    return function keygen(seed) {
      const secretKey = randomSecretKey(seed);
      return { secretKey, publicKey: getPublicKey(secretKey) };
    };
  }

  // node_modules/@noble/curves/abstract/edwards.js
  var _0n4 = /* @__PURE__ */ BigInt(0);
  var _1n4 = /* @__PURE__ */ BigInt(1);
  var _2n2 = /* @__PURE__ */ BigInt(2);
  var _4n3 = /* @__PURE__ */ BigInt(4);
  var _8n2 = /* @__PURE__ */ BigInt(8);
  function isEdValidXY(Fp2, CURVE, x, y) {
    const x2 = Fp2.sqr(x);
    const y2 = Fp2.sqr(y);
    const left = Fp2.add(Fp2.mul(CURVE.a, x2), y2);
    const right = Fp2.add(Fp2.ONE, Fp2.mul(CURVE.d, Fp2.mul(x2, y2)));
    return Fp2.eql(left, right);
  }
  function edwards(params, extraOpts = {}) {
    validateObject(extraOpts, {}, {}, "extraOpts");
    const opts = extraOpts;
    const validated = createCurveFields("edwards", params, opts, opts.FpFnLE);
    const { Fp: Fp2, Fn: Fn3 } = validated;
    let CURVE = validated.CURVE;
    const { h: cofactor } = CURVE;
    if (FpLegendre(Fp2, CURVE.a) !== 1)
      throw new Error("edwards: CURVE.a must be a square in Fp for complete addition formulas");
    if (FpLegendre(Fp2, CURVE.d) !== -1)
      throw new Error("edwards: CURVE.d must be a non-square in Fp for complete addition formulas");
    validateObject(opts, {}, { uvRatio: "function", randomBytes: "function" });
    const randomBytes3 = opts.randomBytes === void 0 ? randomBytes2 : opts.randomBytes;
    const MASK = _2n2 << BigInt(Fp2.BYTES * 8) - _1n4;
    function isOdd(n) {
      if (!Fp2.isOdd)
        throw new Error("Field does not have .isOdd()");
      return Fp2.isOdd(n);
    }
    const uvRatio2 = opts.uvRatio === void 0 ? (u, v) => {
      try {
        return { isValid: true, value: Fp2.sqrt(Fp2.div(u, v)) };
      } catch (e) {
        return { isValid: false, value: _0n4 };
      }
    } : opts.uvRatio;
    if (!isEdValidXY(Fp2, CURVE, CURVE.Gx, CURVE.Gy))
      throw new Error("bad curve params: generator point");
    const mulA = Fp2.eql(CURVE.a, Fp2.neg(Fp2.ONE)) ? (x) => Fp2.neg(x) : Fp2.eql(CURVE.a, Fp2.ONE) ? (x) => x : (x) => Fp2.mul(CURVE.a, x);
    function acoord(title, n, banZero = false) {
      const min = banZero ? _1n4 : _0n4;
      aInRange("coordinate " + title, n, min, MASK);
      return n;
    }
    function aedpoint(other) {
      if (!(other instanceof Point2))
        throw new Error("EdwardsPoint expected");
    }
    const _Point = class _Point {
      constructor(X, Y, Z, T) {
        __publicField(this, "X");
        __publicField(this, "Y");
        __publicField(this, "Z");
        __publicField(this, "T");
        this.X = acoord("x", X);
        this.Y = acoord("y", Y);
        this.Z = acoord("z", Z, true);
        this.T = acoord("t", T);
        Object.freeze(this);
      }
      static CURVE() {
        return CURVE;
      }
      /**
       * Create one extended Edwards point from affine coordinates.
       * Does NOT validate that the point is on-curve or torsion-free.
       * Use `.assertValidity()` on adversarial inputs.
       */
      static fromAffine(p) {
        if (p instanceof _Point)
          throw new Error("extended point not allowed");
        const { x, y } = p || {};
        acoord("x", x);
        acoord("y", y);
        return new _Point(x, y, Fp2.ONE, Fp2.mul(x, y));
      }
      // Uses algo from RFC8032 5.1.3.
      static fromBytes(bytes, zip215 = false) {
        const len = Fp2.BYTES;
        const { a, d } = CURVE;
        bytes = copyBytes(abytes2(bytes, len, "point"));
        abool(zip215, "zip215");
        const normed = copyBytes(bytes);
        const lastByte = bytes[len - 1];
        normed[len - 1] = lastByte & ~128;
        const y = bytesToNumberLE(normed);
        const max = zip215 ? MASK : Fp2.ORDER;
        aInRange("point.y", y, _0n4, max);
        const y2 = Fp2.sqr(y);
        const u = Fp2.sub(y2, Fp2.ONE);
        const v = Fp2.sub(Fp2.mulN(d, y2), a);
        let { isValid, value: x } = uvRatio2(u, v);
        if (!isValid)
          throw new Error("bad point: invalid y coordinate");
        const isXOdd = isOdd(x);
        const isLastByteOdd = (lastByte & 128) !== 0;
        if (!zip215 && Fp2.is0(x) && isLastByteOdd)
          throw new Error("bad point: x=0 and x_0=1");
        if (isLastByteOdd !== isXOdd)
          x = Fp2.neg(x);
        return _Point.fromAffine({ x, y });
      }
      static fromHex(hex, zip215 = false) {
        return _Point.fromBytes(hexToBytes2(hex), zip215);
      }
      get x() {
        return this.toAffine().x;
      }
      get y() {
        return this.toAffine().y;
      }
      precompute(windowSize = 6, isLazy = true) {
        wnaf.setWindowSize(this, windowSize);
        if (!isLazy)
          this.multiply(_2n2);
        return this;
      }
      // Useful in fromAffine() - not for fromBytes(), which always created valid points.
      assertValidity() {
        const p = this;
        const { a, d } = CURVE;
        if (p.is0())
          throw new Error("bad point: ZERO");
        const { X, Y, Z, T } = p;
        const X2 = Fp2.sqr(X);
        const Y2 = Fp2.sqr(Y);
        const Z2 = Fp2.sqr(Z);
        const Z4 = Fp2.sqr(Z2);
        const aX2 = Fp2.mul(X2, a);
        const left = Fp2.mul(Fp2.add(aX2, Y2), Z2);
        const right = Fp2.add(Z4, Fp2.mul(d, Fp2.mul(X2, Y2)));
        if (!Fp2.eql(left, right))
          throw new Error("bad point: equation left != right (1)");
        const XY = Fp2.mul(X, Y);
        const ZT = Fp2.mul(Z, T);
        if (!Fp2.eql(XY, ZT))
          throw new Error("bad point: equation left != right (2)");
      }
      // Compare one point to another.
      equals(other) {
        aedpoint(other);
        const { X: X1, Y: Y1, Z: Z1 } = this;
        const { X: X2, Y: Y2, Z: Z2 } = other;
        const X1Z2 = Fp2.mul(X1, Z2);
        const X2Z1 = Fp2.mul(X2, Z1);
        const Y1Z2 = Fp2.mul(Y1, Z2);
        const Y2Z1 = Fp2.mul(Y2, Z1);
        return Fp2.eql(X1Z2, X2Z1) && Fp2.eql(Y1Z2, Y2Z1);
      }
      is0() {
        return this.equals(_Point.ZERO);
      }
      negate() {
        return new _Point(Fp2.neg(this.X), this.Y, this.Z, Fp2.neg(this.T));
      }
      // Fast algo for doubling Extended Point.
      // https://hyperelliptic.org/EFD/g1p/auto-twisted-extended.html#doubling-dbl-2008-hwcd
      // Cost: 4M + 4S + 1*a + 6add + 1*2.
      double() {
        const { X: X1, Y: Y1, Z: Z1 } = this;
        const A = Fp2.sqr(X1);
        const B2 = Fp2.sqr(Y1);
        const C = Fp2.mul(Fp2.sqr(Z1), _2n2);
        const D = mulA(A);
        const x1y1 = Fp2.addN(X1, Y1);
        const E = Fp2.sub(Fp2.subN(Fp2.sqr(x1y1), A), B2);
        const G2 = Fp2.addN(D, B2);
        const F = Fp2.subN(G2, C);
        const H = Fp2.subN(D, B2);
        const X3 = Fp2.mul(E, F);
        const Y3 = Fp2.mul(G2, H);
        const T3 = Fp2.mul(E, H);
        const Z3 = Fp2.mul(F, G2);
        return new _Point(X3, Y3, Z3, T3);
      }
      // Fast algo for adding 2 Extended Points.
      // https://hyperelliptic.org/EFD/g1p/auto-twisted-extended.html#addition-add-2008-hwcd
      // Cost: 9M + 1*a + 1*d + 7add.
      add(other) {
        aedpoint(other);
        const { d } = CURVE;
        const { X: X1, Y: Y1, Z: Z1, T: T1 } = this;
        const { X: X2, Y: Y2, Z: Z2, T: T2 } = other;
        const A = Fp2.mul(X1, X2);
        const B2 = Fp2.mul(Y1, Y2);
        const C = Fp2.mul(Fp2.mulN(T1, d), T2);
        const D = Fp2.mul(Z1, Z2);
        const E = Fp2.sub(Fp2.subN(Fp2.mulN(Fp2.addN(X1, Y1), Fp2.addN(X2, Y2)), A), B2);
        const F = Fp2.subN(D, C);
        const G2 = Fp2.addN(D, C);
        const H = Fp2.sub(B2, mulA(A));
        const X3 = Fp2.mul(E, F);
        const Y3 = Fp2.mul(G2, H);
        const T3 = Fp2.mul(E, H);
        const Z3 = Fp2.mul(F, G2);
        return new _Point(X3, Y3, Z3, T3);
      }
      subtract(other) {
        aedpoint(other);
        return this.add(other.negate());
      }
      // Constant-time multiplication.
      multiply(scalar) {
        if (!Fn3.isValidNot0(scalar))
          throw new RangeError("invalid scalar: expected 1 <= sc < curve.n");
        const { p, f } = wnaf.mulSecret(this, scalar, cofactor, normalize);
        return normalize([p, f])[0];
      }
      // Non-constant-time multiplication. Uses double-and-add algorithm.
      // It's faster, but should only be used when you don't care about
      // an exposed private key e.g. sig verification.
      // Keeps the same subgroup-scalar contract: 0 is allowed for public-scalar callers, but
      // n and larger values are rejected instead of being reduced mod n to the identity point.
      multiplyUnsafe(scalar) {
        if (!Fn3.isValid(scalar))
          throw new RangeError("invalid scalar: expected 0 <= sc < curve.n");
        if (scalar === _0n4)
          return _Point.ZERO;
        if (this.is0() || scalar === _1n4)
          return this;
        return wnaf.mulUnsafe(this, scalar, normalize);
      }
      // Checks if point is of small order.
      // If you add something to small order point, you will have "dirty"
      // point with torsion component.
      // Clears cofactor and checks if the result is 0.
      isSmallOrder() {
        return this.clearCofactor().is0();
      }
      // Multiplies point by curve order and checks if the result is 0.
      // Returns `false` is the point is dirty.
      isTorsionFree() {
        return wnaf.mulUnsafe(this, CURVE.n).is0();
      }
      // Converts Extended point to default (x, y) coordinates.
      // Can accept precomputed Z^-1 - for example, from invertBatch.
      toAffine(invertedZ) {
        const p = this;
        let iz = invertedZ;
        if (iz != null && typeof iz !== "bigint")
          throw new TypeError('"invertedZ" expected bigint, got type=' + typeof iz);
        const { X, Y, Z } = p;
        const is0 = p.is0();
        if (iz == null)
          iz = is0 ? Fp2.create(_8n2) : Fp2.inv(Z);
        const x = Fp2.mul(X, iz);
        const y = Fp2.mul(Y, iz);
        const zz = Fp2.mul(Z, iz);
        if (is0)
          return { x: Fp2.ZERO, y: Fp2.ONE };
        if (!Fp2.eql(zz, Fp2.ONE))
          throw new Error("invZ was invalid");
        return { x, y };
      }
      clearCofactor() {
        if (cofactor === _1n4)
          return this;
        if (cofactor === _2n2)
          return this.double();
        if (cofactor === _4n3)
          return this.double().double();
        if (cofactor === _8n2)
          return this.double().double().double();
        return this.multiplyUnsafe(cofactor);
      }
      toBytes() {
        const { x, y } = this.toAffine();
        const bytes = Fp2.toBytes(y);
        bytes[bytes.length - 1] |= isOdd(x) ? 128 : 0;
        return bytes;
      }
      toHex() {
        return bytesToHex2(this.toBytes());
      }
      toString() {
        return `<Point ${this.is0() ? "ZERO" : this.toHex()}>`;
      }
    };
    __publicField(_Point, "BASE", new _Point(CURVE.Gx, CURVE.Gy, Fp2.ONE, Fp2.mul(CURVE.Gx, CURVE.Gy)));
    __publicField(_Point, "ZERO", new _Point(Fp2.ZERO, Fp2.ONE, Fp2.ONE, Fp2.ZERO));
    __publicField(_Point, "Fp", Fp2);
    __publicField(_Point, "Fn", Fn3);
    let Point2 = _Point;
    const normalize = (points) => normalizeZ(Point2, points);
    const wnaf = new ScalarMultiplier(Point2, randomBytes3);
    if (wnaf.bits >= 6)
      Point2.BASE.precompute(6);
    Object.freeze(Point2.prototype);
    Object.freeze(Point2);
    return Point2;
  }
  var PrimeEdwardsPoint = class {
    /**
     * Wrap one internal Edwards representative directly.
     * This is not a canonical encoding boundary: alternate Edwards
     * representatives may still describe the same abstract wrapper element.
     */
    constructor(ep) {
      __publicField(this, "ep");
      this.ep = ep;
    }
    // Static methods that must be implemented by subclasses
    static fromBytes(_bytes) {
      notImplemented();
    }
    static fromHex(_hex) {
      notImplemented();
    }
    get x() {
      return this.toAffine().x;
    }
    get y() {
      return this.toAffine().y;
    }
    // Common implementations
    clearCofactor() {
      return this;
    }
    assertValidity() {
      this.ep.assertValidity();
    }
    /**
     * Return affine coordinates of the current internal Edwards representative.
     * This is a convenience helper, not a canonical Ristretto/Decaf encoding.
     * Equal abstract elements may expose different `x` / `y`; use
     * `toBytes()` / `fromBytes()` for canonical roundtrips.
     */
    toAffine(invertedZ) {
      return this.ep.toAffine(invertedZ);
    }
    toHex() {
      return bytesToHex2(this.toBytes());
    }
    toString() {
      return this.toHex();
    }
    isTorsionFree() {
      return true;
    }
    isSmallOrder() {
      return false;
    }
    add(other) {
      this.assertSame(other);
      return this.init(this.ep.add(other.ep));
    }
    subtract(other) {
      this.assertSame(other);
      return this.init(this.ep.subtract(other.ep));
    }
    multiply(scalar) {
      return this.init(this.ep.multiply(scalar));
    }
    multiplyUnsafe(scalar) {
      return this.init(this.ep.multiplyUnsafe(scalar));
    }
    double() {
      return this.init(this.ep.double());
    }
    negate() {
      return this.init(this.ep.negate());
    }
    precompute(windowSize, isLazy) {
      this.ep.precompute(windowSize, isLazy);
      return this;
    }
  };
  __publicField(PrimeEdwardsPoint, "BASE");
  __publicField(PrimeEdwardsPoint, "ZERO");
  __publicField(PrimeEdwardsPoint, "Fp");
  __publicField(PrimeEdwardsPoint, "Fn");
  function eddsa(Point2, cHash, eddsaOpts = {}) {
    validatePointCons(Point2);
    if (typeof cHash !== "function")
      throw new Error('"hash" function param is required');
    const hash = cHash;
    const opts = eddsaOpts;
    validateObject(opts, {}, {
      adjustScalarBytes: "function",
      randomBytes: "function",
      domain: "function",
      prehash: "function",
      zip215: "boolean",
      mapToCurve: "function",
      toMontgomery: "function",
      toMontgomerySecret: "function"
    });
    const { prehash } = opts;
    const { BASE, Fp: Fp2, Fn: Fn3 } = Point2;
    const outputLen = hash.outputLen;
    const expectedLen = 2 * Fp2.BYTES;
    if (outputLen !== void 0) {
      asafenumber(outputLen, "hash.outputLen");
      if (outputLen !== expectedLen)
        throw new Error(`hash.outputLen must be ${expectedLen}, got ${outputLen}`);
    }
    const randomBytes3 = opts.randomBytes === void 0 ? randomBytes2 : opts.randomBytes;
    const toMontgomery2 = opts.toMontgomery;
    const toMontgomerySecret2 = opts.toMontgomerySecret;
    const adjustScalarBytes2 = opts.adjustScalarBytes === void 0 ? (bytes) => bytes : opts.adjustScalarBytes;
    const domain = opts.domain === void 0 ? (data, ctx, phflag) => {
      abool(phflag, "phflag");
      if (ctx.length || phflag)
        throw new Error("Contexts/pre-hash are not supported");
      return data;
    } : opts.domain;
    function modN_LE(hash2) {
      return Fn3.create(bytesToNumberLE(hash2));
    }
    function getPrivateScalar(key) {
      const len = lengths.secretKey;
      abytes2(key, lengths.secretKey, "secretKey");
      const hashed = abytes2(hash(key), 2 * len, "hashedSecretKey");
      const head = adjustScalarBytes2(hashed.slice(0, len));
      const prefix = hashed.slice(len, 2 * len);
      const scalar = modN_LE(head);
      return { head, prefix, scalar };
    }
    function getExtendedPublicKey(secretKey) {
      const { head, prefix, scalar } = getPrivateScalar(secretKey);
      const point = BASE.multiply(scalar);
      const pointBytes = point.toBytes();
      return { head, prefix, scalar, point, pointBytes };
    }
    function getPublicKey(secretKey) {
      return getExtendedPublicKey(secretKey).pointBytes;
    }
    function hashDomainToScalar(context2 = Uint8Array.of(), ...msgs) {
      const msg = concatBytes2(...msgs);
      return modN_LE(hash(domain(msg, abytes2(context2, void 0, "context"), !!prehash)));
    }
    function sign2(msg, secretKey, options = {}) {
      validateObject(options, {}, {}, "options");
      msg = copyBytes(abytes2(msg, void 0, "message"));
      if (prehash)
        msg = prehash(msg);
      const { prefix, scalar, pointBytes } = getExtendedPublicKey(secretKey);
      const r = hashDomainToScalar(options.context, prefix, msg);
      const R = BASE.multiply(r).toBytes();
      const k = hashDomainToScalar(options.context, R, pointBytes, msg);
      const s = Fn3.create(r + k * scalar);
      if (!Fn3.isValid(s))
        throw new Error("sign failed: invalid s");
      const rs = concatBytes2(R, Fn3.toBytes(s));
      return abytes2(rs, lengths.signature, "result");
    }
    const verifyOpts = {
      zip215: opts.zip215
    };
    function verify2(sig, msg, publicKey, options = verifyOpts) {
      validateObject(options);
      const { context: context2 } = options;
      const zip215 = options.zip215 === void 0 ? !!verifyOpts.zip215 : options.zip215;
      const len = lengths.signature;
      sig = abytes2(sig, len, "signature");
      msg = abytes2(msg, void 0, "message");
      publicKey = abytes2(publicKey, lengths.publicKey, "publicKey");
      if (zip215 !== void 0)
        abool(zip215, "zip215");
      if (prehash)
        msg = prehash(msg);
      const mid = len / 2;
      const r = sig.subarray(0, mid);
      const s = bytesToNumberLE(sig.subarray(mid, len));
      let A, R, SB;
      try {
        A = Point2.fromBytes(publicKey, zip215);
        R = Point2.fromBytes(r, zip215);
        SB = BASE.multiplyUnsafe(s);
      } catch (error) {
        return false;
      }
      if (!zip215 && A.isSmallOrder())
        return false;
      const k = hashDomainToScalar(context2, r, publicKey, msg);
      const RkA = R.add(A.multiplyUnsafe(k));
      return RkA.subtract(SB).clearCofactor().is0();
    }
    const _size = Fp2.BYTES;
    const lengths = {
      secretKey: _size,
      publicKey: _size,
      signature: 2 * _size,
      seed: _size
    };
    function randomSecretKey(seed) {
      seed = seed === void 0 ? randomBytes3(lengths.seed) : seed;
      return abytes2(seed, lengths.seed, "seed");
    }
    function isValidSecretKey(key) {
      return isBytes2(key) && key.length === lengths.secretKey;
    }
    function isValidPublicKey(key, zip215) {
      try {
        return !!Point2.fromBytes(key, zip215 === void 0 ? verifyOpts.zip215 : zip215);
      } catch (error) {
        return false;
      }
    }
    const utils = {
      getExtendedPublicKey,
      randomSecretKey,
      isValidSecretKey,
      isValidPublicKey,
      /** Converts an Edwards public key to a companion Montgomery public key. */
      toMontgomery(publicKey) {
        if (toMontgomery2 === void 0)
          throw new Error("Montgomery conversion is not supported for this curve");
        return toMontgomery2(Point2.fromBytes(publicKey));
      },
      toMontgomerySecret(secretKey) {
        if (toMontgomerySecret2 === void 0)
          throw new Error("Montgomery conversion is not supported for this curve");
        return toMontgomerySecret2(secretKey);
      }
    };
    Object.freeze(lengths);
    Object.freeze(utils);
    return Object.freeze({
      keygen: createKeygen(randomSecretKey, getPublicKey),
      getPublicKey,
      sign: sign2,
      verify: verify2,
      utils,
      Point: Point2,
      lengths
    });
  }

  // node_modules/@noble/curves/ed25519.js
  var _1n5 = /* @__PURE__ */ BigInt(1);
  var _2n3 = /* @__PURE__ */ BigInt(2);
  var _5n2 = /* @__PURE__ */ BigInt(5);
  var _8n3 = /* @__PURE__ */ BigInt(8);
  var ed25519_CURVE_p = /* @__PURE__ */ BigInt("0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffed");
  var ed25519_CURVE = /* @__PURE__ */ (() => ({
    p: ed25519_CURVE_p,
    n: BigInt("0x1000000000000000000000000000000014def9dea2f79cd65812631a5cf5d3ed"),
    h: _8n3,
    a: BigInt("0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffec"),
    d: BigInt("0x52036cee2b6ffe738cc740797779e89800700a4d4141d8ab75eb4dca135978a3"),
    Gx: BigInt("0x216936d3cd6e53fec0a4e231fdd6dc5c692cc7609525a7b2c9562d608f25d51a"),
    Gy: BigInt("0x6666666666666666666666666666666666666666666666666666666666666658")
  }))();
  function ed25519_pow_2_252_3(x) {
    const _10n = BigInt(10), _20n = BigInt(20), _40n = BigInt(40), _80n = BigInt(80);
    const P = ed25519_CURVE_p;
    const x2 = x * x % P;
    const b2 = x2 * x % P;
    const b4 = pow2(b2, _2n3, P) * b2 % P;
    const b5 = pow2(b4, _1n5, P) * x % P;
    const b10 = pow2(b5, _5n2, P) * b5 % P;
    const b20 = pow2(b10, _10n, P) * b10 % P;
    const b40 = pow2(b20, _20n, P) * b20 % P;
    const b80 = pow2(b40, _40n, P) * b40 % P;
    const b160 = pow2(b80, _80n, P) * b80 % P;
    const b240 = pow2(b160, _80n, P) * b80 % P;
    const b250 = pow2(b240, _10n, P) * b10 % P;
    const pow_p_5_8 = pow2(b250, _2n3, P) * x % P;
    return { pow_p_5_8, b2 };
  }
  function adjustScalarBytes(bytes) {
    bytes[0] &= 248;
    bytes[31] &= 127;
    bytes[31] |= 64;
    return bytes;
  }
  var ED25519_SQRT_M1 = /* @__PURE__ */ BigInt("19681161376707505956807079304988542015446066515923890162744021073123829784752");
  function uvRatio(u, v) {
    const P = ed25519_CURVE_p;
    const v3 = mod(v * v * v, P);
    const v7 = mod(v3 * v3 * v, P);
    const pow3 = ed25519_pow_2_252_3(u * v7).pow_p_5_8;
    let x = mod(u * v3 * pow3, P);
    const vx2 = mod(v * x * x, P);
    const root1 = x;
    const root2 = mod(x * ED25519_SQRT_M1, P);
    const useRoot1 = vx2 === u;
    const useRoot2 = vx2 === mod(-u, P);
    const noRoot = vx2 === mod(-u * ED25519_SQRT_M1, P);
    if (useRoot1)
      x = root1;
    if (useRoot2 || noRoot)
      x = root2;
    if (isNegativeLE(x, P))
      x = mod(-x, P);
    return { isValid: useRoot1 || useRoot2, value: x };
  }
  var ed25519_Point = /* @__PURE__ */ edwards(ed25519_CURVE, { uvRatio });
  var Fp = /* @__PURE__ */ (() => ed25519_Point.Fp)();
  function toMontgomery(point) {
    const { y } = point;
    return Fp.toBytes(Fp.div(_1n5 + y, _1n5 - y));
  }
  function toMontgomerySecret(secretKey) {
    const size = ed25519_Point.Fp.BYTES;
    abytes(secretKey, size);
    return adjustScalarBytes(sha512(secretKey.subarray(0, size))).subarray(0, size);
  }
  var Fn = /* @__PURE__ */ (() => ed25519_Point.Fn)();
  function ed(opts) {
    return eddsa(ed25519_Point, sha512, Object.assign({ adjustScalarBytes, toMontgomery, toMontgomerySecret, zip215: true }, opts));
  }
  var ed25519 = /* @__PURE__ */ ed({});
  var SQRT_M1 = ED25519_SQRT_M1;
  var INVSQRT_A_MINUS_D = /* @__PURE__ */ BigInt("54469307008909316920995813868745141605393597292927456921205312896311721017578");
  var invertSqrt = (number) => uvRatio(_1n5, number);
  var MAX_255B = /* @__PURE__ */ BigInt("0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff");
  var bytes255ToNumberLE = (bytes) => Fp.create(bytesToNumberLE(bytes) & MAX_255B);
  var __RistrettoPoint = class __RistrettoPoint extends PrimeEdwardsPoint {
    constructor(ep) {
      super(ep);
    }
    /**
     * Create one Ristretto255 point from affine Edwards coordinates.
     * This wraps the internal Edwards representative directly and is not a
     * canonical ristretto255 decoding path.
     * Use `toBytes()` / `fromBytes()` if canonical ristretto255 bytes matter.
     */
    static fromAffine(ap) {
      return new __RistrettoPoint(ed25519_Point.fromAffine(ap));
    }
    assertSame(other) {
      if (!(other instanceof __RistrettoPoint))
        throw new Error("RistrettoPoint expected");
    }
    init(ep) {
      return new __RistrettoPoint(ep);
    }
    static fromBytes(bytes) {
      abytes(bytes, 32);
      const { a, d } = ed25519_CURVE;
      const s = bytes255ToNumberLE(bytes);
      if (!equalBytes2(Fp.toBytes(s), bytes) || Fp.isOdd(s))
        throw new Error("invalid ristretto255 encoding 1");
      const s2 = Fp.sqr(s);
      const u1 = Fp.add(_1n5, Fp.mulN(a, s2));
      const u2 = Fp.sub(_1n5, Fp.mulN(a, s2));
      const u1_2 = Fp.sqr(u1);
      const u2_2 = Fp.sqr(u2);
      const v = Fp.sub(Fp.mulN(Fp.mulN(a, d), u1_2), u2_2);
      const { isValid, value: I } = invertSqrt(Fp.mul(v, u2_2));
      const Dx = Fp.mul(I, u2);
      const Dy = Fp.mul(Fp.mulN(I, Dx), v);
      let x = Fp.mul(Fp.addN(s, s), Dx);
      if (Fp.isOdd(x))
        x = Fp.neg(x);
      const y = Fp.mul(u1, Dy);
      const t = Fp.mul(x, y);
      if (!isValid || Fp.isOdd(t) || Fp.is0(y))
        throw new Error("invalid ristretto255 encoding 2");
      return new __RistrettoPoint(new ed25519_Point(x, y, Fp.ONE, t));
    }
    /**
     * Converts ristretto-encoded string to ristretto point.
     * Described in [RFC9496](https://www.rfc-editor.org/rfc/rfc9496#name-decode).
     * @param hex - Ristretto-encoded 32 bytes. Not every 32-byte string is valid ristretto encoding
     */
    static fromHex(hex) {
      return __RistrettoPoint.fromBytes(hexToBytes(hex));
    }
    /**
     * Encodes ristretto point to Uint8Array.
     * Described in [RFC9496](https://www.rfc-editor.org/rfc/rfc9496#name-encode).
     */
    toBytes() {
      let { X, Y, Z, T } = this.ep;
      const u1 = Fp.mul(Fp.add(Z, Y), Fp.sub(Z, Y));
      const u2 = Fp.mul(X, Y);
      const u2sq = Fp.sqr(u2);
      const { value: invsqrt } = invertSqrt(Fp.mul(u1, u2sq));
      const D1 = Fp.mul(invsqrt, u1);
      const D2 = Fp.mul(invsqrt, u2);
      const zInv = Fp.mul(Fp.mulN(D1, D2), T);
      let D;
      if (Fp.isOdd(Fp.mul(T, zInv))) {
        let _x = Fp.mul(Y, SQRT_M1);
        let _y = Fp.mul(X, SQRT_M1);
        X = _x;
        Y = _y;
        D = Fp.mul(D1, INVSQRT_A_MINUS_D);
      } else {
        D = D2;
      }
      if (Fp.isOdd(Fp.mul(X, zInv)))
        Y = Fp.neg(Y);
      let s = Fp.mul(Fp.subN(Z, Y), D);
      if (Fp.isOdd(s))
        s = Fp.neg(s);
      return Fp.toBytes(s);
    }
    /**
     * Compares two Ristretto points.
     * Described in [RFC9496](https://www.rfc-editor.org/rfc/rfc9496#name-equals).
     */
    equals(other) {
      this.assertSame(other);
      const { X: X1, Y: Y1 } = this.ep;
      const { X: X2, Y: Y2 } = other.ep;
      const one = Fp.eql(Fp.mul(X1, Y2), Fp.mul(Y1, X2));
      const two = Fp.eql(Fp.mul(Y1, Y2), Fp.mul(X1, X2));
      return one || two;
    }
    is0() {
      return this.equals(__RistrettoPoint.ZERO);
    }
  };
  // Do NOT change syntax: the following gymnastics is done,
  // because typescript strips comments, which makes bundlers disable tree-shaking.
  // prettier-ignore
  __publicField(__RistrettoPoint, "BASE", /* @__PURE__ */ (() => new __RistrettoPoint(ed25519_Point.BASE))());
  // prettier-ignore
  __publicField(__RistrettoPoint, "ZERO", /* @__PURE__ */ (() => new __RistrettoPoint(ed25519_Point.ZERO))());
  // prettier-ignore
  __publicField(__RistrettoPoint, "Fp", /* @__PURE__ */ (() => Fp)());
  // prettier-ignore
  __publicField(__RistrettoPoint, "Fn", /* @__PURE__ */ (() => Fn)());
  var _RistrettoPoint = __RistrettoPoint;
  var ristretto255 = /* @__PURE__ */ (() => {
    Object.freeze(_RistrettoPoint.BASE);
    Object.freeze(_RistrettoPoint.ZERO);
    Object.freeze(_RistrettoPoint.prototype);
    Object.freeze(_RistrettoPoint);
    return Object.freeze({ Point: _RistrettoPoint });
  })();

  // node_modules/@noble/hashes/sha3.js
  var _0n5 = BigInt(0);
  var _1n6 = BigInt(1);
  var _2n4 = BigInt(2);
  var _7n2 = BigInt(7);
  var _256n = BigInt(256);
  var _0x71n = BigInt(113);
  var SHA3_PI = [];
  var SHA3_ROTL = [];
  var _SHA3_IOTA = [];
  for (let round = 0, R = _1n6, x = 1, y = 0; round < 24; round++) {
    [x, y] = [y, (2 * x + 3 * y) % 5];
    SHA3_PI.push(2 * (5 * y + x));
    SHA3_ROTL.push((round + 1) * (round + 2) / 2 % 64);
    let t = _0n5;
    for (let j = 0; j < 7; j++) {
      R = (R << _1n6 ^ (R >> _7n2) * _0x71n) % _256n;
      if (R & _2n4)
        t ^= _1n6 << (_1n6 << BigInt(j)) - _1n6;
    }
    _SHA3_IOTA.push(t);
  }
  var IOTAS = split(_SHA3_IOTA, true);
  var SHA3_IOTA_H = IOTAS[0];
  var SHA3_IOTA_L = IOTAS[1];
  var rotlSH = (h2, l, s) => h2 << s | l >>> 32 - s;
  var rotlSL = (h2, l, s) => l << s | h2 >>> 32 - s;
  var rotlBH = (h2, l, s) => l << s - 32 | h2 >>> 64 - s;
  var rotlBL = (h2, l, s) => h2 << s - 32 | l >>> 64 - s;
  var rotlH = (h2, l, s) => s > 32 ? rotlBH(h2, l, s) : rotlSH(h2, l, s);
  var rotlL = (h2, l, s) => s > 32 ? rotlBL(h2, l, s) : rotlSL(h2, l, s);
  var B = new Uint32Array(5 * 2);
  function keccakP(s, rounds = 24) {
    if (!(s instanceof Uint32Array))
      throw new TypeError('"s" expected Uint32Array(50), got type=' + typeof s);
    if (s.length !== 50)
      throw new RangeError('"s" expected Uint32Array(50), got length=' + s.length);
    anumber(rounds, "rounds");
    if (rounds < 1 || rounds > 24)
      throw new Error('"rounds" expected integer 1..24');
    for (let round = 24 - rounds; round < 24; round++) {
      for (let x = 0; x < 10; x++)
        B[x] = s[x] ^ s[x + 10] ^ s[x + 20] ^ s[x + 30] ^ s[x + 40];
      for (let x = 0; x < 10; x += 2) {
        const idx1 = (x + 8) % 10;
        const idx0 = (x + 2) % 10;
        const B0 = B[idx0];
        const B1 = B[idx0 + 1];
        const Th = rotlH(B0, B1, 1) ^ B[idx1];
        const Tl = rotlL(B0, B1, 1) ^ B[idx1 + 1];
        for (let y = 0; y < 50; y += 10) {
          s[x + y] ^= Th;
          s[x + y + 1] ^= Tl;
        }
      }
      let curH = s[2];
      let curL = s[3];
      for (let t = 0; t < 24; t++) {
        const shift = SHA3_ROTL[t];
        const Th = rotlH(curH, curL, shift);
        const Tl = rotlL(curH, curL, shift);
        const PI = SHA3_PI[t];
        curH = s[PI];
        curL = s[PI + 1];
        s[PI] = Th;
        s[PI + 1] = Tl;
      }
      for (let y = 0; y < 50; y += 10) {
        const b0 = s[y], b1 = s[y + 1], b2 = s[y + 2], b3 = s[y + 3];
        s[y] ^= ~s[y + 2] & s[y + 4];
        s[y + 1] ^= ~s[y + 3] & s[y + 5];
        s[y + 2] ^= ~s[y + 4] & s[y + 6];
        s[y + 3] ^= ~s[y + 5] & s[y + 7];
        s[y + 4] ^= ~s[y + 6] & s[y + 8];
        s[y + 5] ^= ~s[y + 7] & s[y + 9];
        s[y + 6] ^= ~s[y + 8] & b0;
        s[y + 7] ^= ~s[y + 9] & b1;
        s[y + 8] ^= ~b0 & b2;
        s[y + 9] ^= ~b1 & b3;
      }
      s[0] ^= SHA3_IOTA_H[round];
      s[1] ^= SHA3_IOTA_L[round];
    }
    clean(B);
  }

  // src/merlin.js
  var STROBE_R = 166;
  var FLAG_I = 1;
  var FLAG_A = 1 << 1;
  var FLAG_C = 1 << 2;
  var FLAG_M = 1 << 4;
  var FLAG_K = 1 << 5;
  var text = (s) => typeof s === "string" ? utf8ToBytes(s) : s;
  function le32(n) {
    return new Uint8Array([n & 255, n >>> 8 & 255, n >>> 16 & 255, n >>> 24 & 255]);
  }
  var Strobe128 = class {
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
      this.state.set(utf8ToBytes("STROBEv1.0.2"), 6);
      this.permute();
      this.pos = 0;
      this.posBegin = 0;
      this.curFlags = 0;
      this.metaAd(text(protocolLabel), false);
    }
    permute() {
      swap32IfBE(this.state32);
      keccakP(this.state32);
      swap32IfBE(this.state32);
    }
    runF() {
      this.state[this.pos] ^= this.posBegin;
      this.state[this.pos + 1] ^= 4;
      this.state[STROBE_R + 1] ^= 128;
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
        if (this.curFlags !== flags) throw new Error("merlin: continued an operation with other flags");
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
  };
  var Transcript = class _Transcript {
    constructor(label, from) {
      if (from) {
        this.strobe = new Strobe128(null, from.strobe);
        return;
      }
      this.strobe = new Strobe128("Merlin v1.0");
      this.appendMessage("dom-sep", text(label));
    }
    /** A copy: the transcripts of one ballot share a prefix (§5.2). */
    clone() {
      return new _Transcript(null, this);
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
  };

  // src/group.js
  var Point = ristretto255.Point;
  var Fn2 = Point.Fn;
  var G = Point.BASE;
  var O = Point.ZERO;
  G.precompute(8);
  var encodings = /* @__PURE__ */ new WeakMap();
  function bytesOf(p) {
    let b = encodings.get(p);
    if (b === void 0) {
      b = p.toBytes();
      encodings.set(p, b);
    }
    return b;
  }
  function pointFromBytes(bytes, what) {
    try {
      return Point.fromBytes(bytes);
    } catch {
      throw new FormatError(what, "not the canonical encoding of a ristretto255 point");
    }
  }
  function pointFromHex(text2, what) {
    return pointFromBytes(hex32(text2, what), what);
  }
  function keyFromHex(text2, what) {
    const p = pointFromHex(text2, what);
    if (p.is0()) throw new FormatError(what, "the key is the identity point");
    return p;
  }
  function scalarFromBytes(bytes, what) {
    try {
      return Fn2.fromBytes(bytes);
    } catch {
      throw new FormatError(what, "not a canonical scalar");
    }
  }
  function scalarFromHex(text2, what) {
    return scalarFromBytes(hex32(text2, what), what);
  }
  var scalarBytes = (s) => Fn2.toBytes(s);
  var scalarHex = (s) => bytesToHex(Fn2.toBytes(s));
  var pointHex = (p) => bytesToHex(bytesOf(p));
  function scalarFromWide(bytes) {
    return Fn2.create(bytesToNumberLE(bytes));
  }
  function randomScalar() {
    return scalarFromWide(randomBytes(64));
  }
  function mul(p, s) {
    return s === 0n ? O : p.multiply(s);
  }
  function mulPublic(p, s) {
    return p.multiplyUnsafe(s);
  }
  function taggedHash(domain, bytes) {
    return sha256(concatBytes(new Encoder().str(domain).bytes(), bytes));
  }
  function transcript(domain) {
    const t = new Transcript("zhixuan-v1");
    t.appendMessage("dom-sep", utf8ToBytes(domain));
    return t;
  }
  function appendU64(t, label, n) {
    t.appendMessage(label, u64(n));
  }
  function challengeScalar(t, label = "challenge") {
    return scalarFromWide(t.challengeBytes(label, 64));
  }

  // src/schnorr.js
  function challenge(domain, publicKey, message, commitment) {
    const t = transcript(domain);
    t.appendMessage("public-key", publicKey.toBytes());
    t.appendMessage("message", message);
    t.appendMessage("commitment", commitment.toBytes());
    return challengeScalar(t);
  }
  function sign(domain, x, P, message, nonce = randomScalar()) {
    const R = mul(G, nonce);
    const e = challenge(domain, P, message, R);
    return { R, s: Fn2.add(nonce, Fn2.mul(e, x)), e };
  }
  function verify(domain, P, message, signature) {
    const e = challenge(domain, P, message, signature.R);
    return mulPublic(G, signature.s).equals(signature.R.add(mulPublic(P, e)));
  }
  function signatureFromJson(json, what) {
    if (!json || typeof json !== "object" || Object.keys(json).sort().join() !== "commitment,response") {
      throw new FormatError(what, "not a signature {commitment, response}");
    }
    return {
      R: pointFromHex(json.commitment, `${what}.commitment`),
      s: scalarFromHex(json.response, `${what}.response`)
    };
  }
  function signatureToJson(sig) {
    return { commitment: pointHex(sig.R), response: scalarHex(sig.s) };
  }

  // src/crockford.js
  var ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  function toDigits(bytes, count) {
    let v = 0n;
    for (const b of bytes) v = v << 8n | BigInt(b);
    const bits = BigInt(bytes.length * 8);
    let out = "";
    for (let i = 0; i < count; i++) {
      out += ALPHABET[Number(v >> bits - 5n * BigInt(i + 1) & 31n)];
    }
    return out;
  }
  function fromDigits(text2, length) {
    let v = 0n;
    for (const ch of text2) v = v << 5n | BigInt(ALPHABET.indexOf(ch));
    const out = new Uint8Array(length);
    for (let i = length - 1; i >= 0; i--) {
      out[i] = Number(v & 0xffn);
      v >>= 8n;
    }
    return out;
  }
  function normalise(text2, count, what) {
    const cleaned = text2.replace(/[-\u0009-\u000d\u0020\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/g, "").replace(/[a-z]/g, (c) => c.toUpperCase()).replace(/O/g, "0").replace(/[IL]/g, "1");
    const chars = [...cleaned];
    if (chars.length !== count) throw new FormatError(what, `${chars.length} characters, not ${count}`);
    const bad = chars.find((c) => !ALPHABET.includes(c));
    if (bad !== void 0) throw new FormatError(what, `the character ${JSON.stringify(bad)} is not in the alphabet`);
    return chars.join("");
  }
  function trackingCode(hash) {
    const d = toDigits(hash.subarray(0, 10), 16);
    return `${d.slice(0, 4)}-${d.slice(4, 8)}-${d.slice(8, 12)}-${d.slice(12, 16)}`;
  }

  // src/ballot.js
  var secureRandomness = {
    /** r of selection `option` of the contest at `position` (§6.1). */
    nonce: () => randomScalar(),
    /** c_j, z_j of a simulated branch (§7.2); `part` is an option index or 'total'. */
    branch: () => ({ c: randomScalar(), z: randomScalar() }),
    /** w of the true branch (§7.2). */
    commitment: () => randomScalar(),
    /** k of the signature (§7.1). */
    signatureNonce: () => randomScalar()
  };
  function context(electionHash, electionKey) {
    if (electionKey.is0()) throw new FormatError("election key", "the key is the identity point");
    electionKey.precompute(8);
    return { election: electionHash, key: electionKey };
  }
  function contestTranscript(ctx, credential, contest, ciphertexts) {
    const t = transcript("ballot-proof");
    t.appendMessage("election", ctx.election);
    t.appendMessage("election-key", bytesOf(ctx.key));
    t.appendMessage("credential", bytesOf(credential));
    appendU64(t, "contest", contest);
    appendU64(t, "selections", ciphertexts.length);
    for (const ct of ciphertexts) {
      t.appendMessage("selection-a", bytesOf(ct.A));
      t.appendMessage("selection-b", bytesOf(ct.B));
    }
    return t;
  }
  function rangeChallenge(t, lo, hi, branches) {
    appendU64(t, "range-lo", lo);
    appendU64(t, "range-hi", hi);
    for (const b of branches) {
      t.appendMessage("commitment-a", bytesOf(b.a));
      t.appendMessage("commitment-b", bytesOf(b.b));
    }
    return challengeScalar(t);
  }
  function proveRange(t, K, m, r, lo, hi, draw) {
    const branches = [];
    let w = null;
    let simulated = 0n;
    for (let j = lo; j <= hi; j++) {
      const isTrue = j === m;
      const { c: c2, z } = isTrue ? { c: 0n, z: w = draw.commitment() } : draw.branch(j - lo);
      const u = isTrue ? z : Fn2.sub(z, Fn2.mul(c2, r));
      const vG = mul(G, Fn2.add(Fn2.mul(c2, Fn2.sub(BigInt(j), BigInt(m))), 1n)).subtract(G);
      branches.push({ a: mul(G, u), b: mul(K, u).add(vG), c: c2, z });
      simulated = Fn2.add(simulated, c2);
    }
    const c = rangeChallenge(t, lo, hi, branches);
    const cm = Fn2.sub(c, simulated);
    const real = branches[m - lo];
    real.c = cm;
    real.z = Fn2.add(w, Fn2.mul(cm, r));
    return { proof: branches, challenge: c };
  }
  function encrypt(K, m, r) {
    return { A: mul(G, r), B: mul(G, BigInt(m) + 1n).subtract(G).add(mul(K, r)) };
  }
  function ballotHash(election, contests) {
    const e = new Encoder().fixed(election).u64(contests.length);
    for (const c of contests) {
      e.u64(c.contest).u64(c.ciphertexts.length);
      for (const ct of c.ciphertexts) e.fixed(bytesOf(ct.A)).fixed(bytesOf(ct.B));
    }
    return taggedHash("zhixuan-v1/ballot", e.bytes());
  }
  function prepareBallot(ctx, style, credential, choices, draw = secureRandomness) {
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
        const t2 = base.clone();
        t2.appendMessage("proof", "selection");
        appendU64(t2, "option", o);
        return proveRange(t2, ctx.key, c.values[o], c.nonces[o], 0, c.spec.limits[o], branchOf(o));
      });
      const total = c.ciphertexts.reduce((s, ct) => ({ A: s.A.add(ct.A), B: s.B.add(ct.B) }), { A: O, B: O });
      const t = base.clone();
      t.appendMessage("proof", "total");
      const m = c.values.reduce((a, b) => a + b, 0);
      const r = c.nonces.reduce((a, b) => Fn2.add(a, b), 0n);
      c.total = proveRange(t, ctx.key, m, r, c.spec.min, c.spec.max, branchOf("total"));
    }
    const hash = ballotHash(ctx.election, contests);
    return new PreparedBallot(ctx, credential, contests, hash, draw);
  }
  function checkChoices(style, choices) {
    if (!Array.isArray(choices) || choices.length !== style.length) {
      throw new FormatError("choices", `${style.length} contests expected`);
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
  var ciphertextJson = (ct) => ({ a: pointHex(ct.A), b: pointHex(ct.B) });
  var branchJson = (b) => ({ a: pointHex(b.a), b: pointHex(b.b), c: scalarHex(b.c), z: scalarHex(b.z) });
  function encodeProof(e, proof) {
    e.u64(proof.length);
    for (const b of proof) e.fixed(bytesOf(b.a)).fixed(bytesOf(b.b)).fixed(Fn2.toBytes(b.c)).fixed(Fn2.toBytes(b.z));
  }
  var PreparedBallot = class {
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
      if (this.used) throw new Error("a prepared ballot is cast or audited, never both (spec/protocol.md §9.1)");
      this.used = true;
    }
    /** The challenges of every proof, for the vectors. */
    challenges() {
      return this.contests.map((c) => ({ contest: c.contest, selections: c.proofs.map((p) => p.challenge), total: c.total.challenge }));
    }
    /** Signs with the credential secret `x` (§9.5): the cast ballot. */
    cast(x) {
      if (!mul(G, x).equals(this.credential)) throw new FormatError("credential", "the secret is not the credential's");
      this.take();
      const sig = sign("ballot-signature", x, this.credential, this.hash, this.draw.signatureNonce());
      return new CastBallot(this, sig);
    }
    /** Opens the ballot for group `group` (§11): the audited ballot. */
    audit(group) {
      this.take();
      return new AuditedBallot(this.ctx.election, group, this.contests.map((c) => ({
        contest: c.contest,
        ciphertexts: c.ciphertexts,
        opening: c.values.map((value, o) => ({ value, nonce: c.nonces[o] }))
      })));
    }
  };
  var CastBallot = class {
    constructor(prepared, signature) {
      this.election = prepared.ctx.election;
      this.credential = prepared.credential;
      this.contests = prepared.contests.map((c) => ({
        contest: c.contest,
        ciphertexts: c.ciphertexts,
        proofs: c.proofs.map((p) => p.proof),
        total: c.total.proof
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
          total_proof: c.total.map(branchJson)
        })),
        signature: signatureToJson(this.signature)
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
      return e.fixed(bytesOf(this.signature.R)).fixed(Fn2.toBytes(this.signature.s)).bytes();
    }
  };
  var AuditedBallot = class {
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
        opening: this.contests.map((c) => c.opening.map((o) => ({ value: o.value, nonce: scalarHex(o.nonce) })))
      };
    }
    /** enc(AuditedBallot) (§3.1). */
    encode() {
      const e = new Encoder().fixed(this.election).str(this.group);
      e.seq(this.contests, (e2, c) => {
        e2.u64(c.contest).seq(c.ciphertexts, (e3, ct) => e3.fixed(bytesOf(ct.A)).fixed(bytesOf(ct.B)));
      });
      e.seq(this.contests, (e2, c) => e2.seq(c.opening, (e3, o) => e3.u64(o.value).fixed(Fn2.toBytes(o.nonce))));
      return e.bytes();
    }
    /** The checks of §11 (steps 3–6) against the context and the group's style. */
    verify(ctx, style) {
      if (!equalBytes(this.election, ctx.election)) return "WrongElection";
      if (this.contests.length !== style.length) return "LenMismatch contests";
      for (let p = 0; p < style.length; p++) {
        const c = this.contests[p];
        if (c.contest !== style[p].contest) return "ContestOrder";
        if (c.ciphertexts.length !== style[p].limits.length) return "LenMismatch selections";
        if (c.ciphertexts.some((ct) => ct.A.is0() || ct.B.is0())) return "IdentityCiphertext";
      }
      for (let p = 0; p < style.length; p++) {
        const c = this.contests[p];
        if (c.opening.length !== c.ciphertexts.length) return "LenMismatch opened selections";
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
  };
  var ciphertextFromJson = (j, what) => {
    if (!j || Object.keys(j).sort().join() !== "a,b") throw new FormatError(what, "not a ciphertext {a, b}");
    return { A: pointFromHex(j.a, `${what}.a`), B: pointFromHex(j.b, `${what}.b`) };
  };
  var proofFromJson = (j, what) => {
    if (!Array.isArray(j)) throw new FormatError(what, "not a list of branches");
    return j.map((b, k) => {
      if (!b || Object.keys(b).sort().join() !== "a,b,c,z") throw new FormatError(`${what}[${k}]`, "not a branch {a, b, c, z}");
      return { a: pointFromHex(b.a, `${what}[${k}].a`), b: pointFromHex(b.b, `${what}[${k}].b`), c: scalarFromHex(b.c, `${what}[${k}].c`), z: scalarFromHex(b.z, `${what}[${k}].z`) };
    });
  };
  function castBallotFromJson(j) {
    const prepared = {
      ctx: { election: hex32(j.election, "election") },
      credential: pointFromHex(j.credential, "credential"),
      contests: j.contests.map((c, p) => ({
        contest: c.contest,
        ciphertexts: c.selections.map((s, o) => ciphertextFromJson(s.ciphertext, `contests[${p}].selections[${o}].ciphertext`)),
        proofs: c.selections.map((s, o) => ({ proof: proofFromJson(s.proof, `contests[${p}].selections[${o}].proof`) })),
        total: { proof: proofFromJson(c.total_proof, `contests[${p}].total_proof`) }
      }))
    };
    prepared.hash = ballotHash(prepared.ctx.election, prepared.contests);
    prepared.trackingCode = trackingCode(prepared.hash);
    return new CastBallot(prepared, signatureFromJson(j.signature, "signature"));
  }
  function auditedBallotFromJson(j) {
    return new AuditedBallot(hex32(j.election, "election"), j.group, j.contests.map((c, p) => ({
      contest: c.contest,
      ciphertexts: c.ciphertexts.map((ct, o) => ciphertextFromJson(ct, `contests[${p}].ciphertexts[${o}]`)),
      opening: j.opening[p].map((o, i) => ({ value: o.value, nonce: scalarFromHex(o.nonce, `opening[${p}][${i}].nonce`) }))
    })));
  }

  // src/definition.js
  var SHARE = /^(0|[1-9][0-9]*)\/(0|[1-9][0-9]*)$/;
  function share(e, text2, what) {
    const m = typeof text2 === "string" && SHARE.exec(text2);
    if (!m) throw new FormatError(what, 'not a share "num/den"');
    e.u64(BigInt(m[1])).u64(BigInt(m[2]));
  }
  function time(e, text2, what) {
    const m = typeof text2 === "string" && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/i.exec(text2);
    const ms = m ? Date.parse(text2) : NaN;
    if (Number.isNaN(ms)) throw new FormatError(what, "not an RFC 3339 time in whole seconds");
    const t = BigInt(ms / 1e3);
    e.u64((t % (1n << 64n) + (1n << 64n)) % (1n << 64n));
  }
  var bilingual = (e, b) => e.str(b.zh).str(b.en);
  var person = (e, p) => e.str(p.id).and(bilingual, p.name);
  var bool = (e, b) => e.u64(b ? 1 : 0);
  function choice(value, names, what) {
    const i = names.indexOf(value ?? names[0]);
    if (i < 0) throw new FormatError(what, `not one of ${names.join(", ")}`);
    return i;
  }
  Encoder.prototype.and = function and(f, v, what) {
    f(this, v, what);
    return this;
  };
  function kind(e, k, what) {
    const names = Object.keys(k);
    if (names.length !== 1) throw new FormatError(what, "not exactly one kind");
    const [name2] = names;
    const c = k[name2];
    const people = (xs) => e.seq(xs, person);
    switch (name2) {
      case "recommendation":
        e.u64(0);
        people(c.candidates);
        e.u64(c.max_approvals).opt(c.funnel, (e2, f) => e2.u64(f.keep).u64(choice(f.cut, ["places", "at_least"], `${what}.funnel.cut`)).u64(f.seats).opt(f.trust_contest, (e3, s) => e3.str(s)));
        break;
      case "trust":
        e.u64(1);
        people(c.candidates);
        bool(e, c.abstain);
        e.opt(c.trust_more_than, (e2, t) => share(e2, t, `${what}.trust_more_than`));
        break;
      case "competitive":
        e.u64(2);
        people(c.candidates);
        e.u64(c.seats);
        share(e, c.majority_more_than, `${what}.majority_more_than`);
        e.u64(choice(c.majority_of, ["ballots_cast", "present"], `${what}.majority_of`));
        break;
      case "evaluation":
        e.u64(3);
        people(c.officials);
        e.seq(c.scale, (e2, l) => e2.str(l.id).and(bilingual, l.label).u64(l.points).and(bool, l.favourable));
        e.u64({ pooled: 0, weighted: 1 }[c.combine] ?? (() => {
          throw new FormatError(`${what}.combine`, "not pooled or weighted");
        })());
        e.opt(c.verdict, (e2, v) => e2.str(v.level).and(share, v.more_than, `${what}.verdict.more_than`));
        e.opt(c.previous, (e2, p) => e2.str(p.election_id).fixed(hex32(p.definition_hash, `${what}.previous.definition_hash`)).str(p.contest));
        break;
      case "recall":
        e.u64(4);
        person(e, c.official);
        bool(e, c.abstain);
        share(e, c.yes_more_than, `${what}.yes_more_than`);
        break;
      default:
        throw new FormatError(what, `unknown kind ${JSON.stringify(name2)}`);
    }
  }
  function encodeDefinition(d) {
    if (d.version !== 1) throw new FormatError("version", "not 1");
    const e = new Encoder().u64(d.version).str(d.election_id).and(bilingual, d.title);
    e.fixed(keyFromHex(d.organiser, "organiser").toBytes());
    e.seq(d.trustees, (e2, t) => e2.str(t.id).and(bilingual, t.name).fixed(keyFromHex(t.key, "trustees.key").toBytes()));
    e.u64(d.threshold).and(time, d.voting.opens, "voting.opens").and(time, d.voting.closes, "voting.closes");
    e.u64({ single: 0, last_counts: 1 }[d.revote] ?? (() => {
      throw new FormatError("revote", "not single or last_counts");
    })());
    e.opt(d.round, (e2, r) => {
      e2.u64(r.number).opt(r.follows, (e3, f) => e3.str(f.election_id).fixed(hex32(f.definition_hash, "round.follows.definition_hash")));
      e2.seq(r.plan.posts, (e3, p) => e3.str(p.id).and(bilingual, p.name).u64(p.seats));
      e2.u64(r.plan.max_posts_per_registrant);
      e2.seq(r.plan.registrants, (e3, g) => e3.str(g.id).and(bilingual, g.name).seq(g.posts, (e4, s) => e4.str(s)).u64(choice(g.if_not_elected, ["withdraws", "stands_again"], `registrants.${g.id}.if_not_elected`)));
    });
    e.seq(d.groups, (e2, g) => {
      e2.str(g.id).and(bilingual, g.name).u64(g.eligible).seq(g.contests, (e3, s) => e3.str(s));
      e2.opt(g.weight, (e3, w) => e3.u64(w));
      e2.opt(g.quorum_at_least, (e3, s) => share(e3, s, `groups.${g.id}.quorum_at_least`));
      e2.opt(g.present_at_least, (e3, n) => e3.u64(n));
      e2.opt(g.eligible_at_most, (e3, cap) => e3.and(share, cap.share, `groups.${g.id}.eligible_at_most.share`).str(cap.of_group));
    });
    e.seq(d.contests, (e2, c) => {
      const where = `contests[${d.contests.indexOf(c)}].kind`;
      e2.str(c.id).and(bilingual, c.title).and(kind, c.kind, where);
    });
    return e.bytes();
  }
  function definitionHash(d) {
    return taggedHash("zhixuan-v1/definition", encodeDefinition(d));
  }
  var fixed = (zh, en, meaning) => ({ label: { zh, en }, meaning });
  function questions(d) {
    const out = [];
    const push = (contest, subject, options, min, max) => {
      out.push({ index: out.length, contest, subject, options, limits: options.map(() => 1), min, max });
    };
    const candidates = (xs) => xs.map((p) => ({ label: p.name, meaning: "candidate" }));
    const abstain = (opts, yes) => yes ? [...opts, fixed("弃权", "abstain", "abstain")] : opts;
    for (const c of d.contests) {
      const [name2] = Object.keys(c.kind);
      const k = c.kind[name2];
      if (name2 === "recommendation") push(c, null, candidates(k.candidates), 0, k.max_approvals);
      else if (name2 === "competitive") push(c, null, candidates(k.candidates), 0, k.seats);
      else if (name2 === "trust") {
        for (const p of k.candidates) push(c, p, abstain([fixed("信任", "trust", "trust"), fixed("不信任", "no trust", "no_trust")], k.abstain), 1, 1);
      } else if (name2 === "evaluation") {
        for (const p of k.officials) push(c, p, k.scale.map((l) => ({ label: l.label, meaning: "rating" })), 1, 1);
      } else if (name2 === "recall") {
        push(c, k.official, abstain([fixed("同意罢免", "yes, recall", "yes"), fixed("不同意罢免", "no, keep", "no")], k.abstain), 1, 1);
      }
    }
    return out;
  }
  function groupQuestions(d, groupId) {
    const g = d.groups.find((x) => x.id === groupId);
    if (!g) throw new FormatError("group", `no group ${JSON.stringify(groupId)}`);
    return questions(d).filter((q) => g.contests.includes(q.contest.id));
  }
  function styleOf(qs) {
    return qs.map((q) => ({ contest: q.index, limits: q.limits, min: q.min, max: q.max }));
  }

  // src/board.js
  var BoardError = class extends Error {
    constructor(problem, index) {
      super(index === void 0 ? problem : `entry ${index}: ${problem}`);
      this.name = "BoardError";
      this.index = index;
    }
  };
  var KIND = {
    definition: 0,
    credential_list: 1,
    dealing: 2,
    complaint: 3,
    open_voting: 4,
    ballot: 5,
    audited_ballot: 6,
    close_voting: 7,
    tally: 8,
    partial_decryption: 9,
    result: 10,
    acknowledgement: 11,
    withdrawal: 12,
    attendance: 13
  };
  var schnorrProof = (e, j, what) => {
    const s = signatureFromJson(j, what);
    e.fixed(s.R.toBytes()).fixed(scalarBytes(s.s));
  };
  var base64 = {
    decode(text2) {
      let bin;
      try {
        bin = atob(text2);
      } catch {
        throw new BoardError("not base64");
      }
      const out = Uint8Array.from(bin, (c) => c.charCodeAt(0));
      if (base64.encode(out) !== text2) throw new BoardError("not canonical base64");
      return out;
    },
    encode(bytes) {
      return btoa(String.fromCharCode(...bytes));
    }
  };
  function encodeBody(kind2, body) {
    const e = new Encoder();
    switch (kind2) {
      case "definition":
        return encodeDefinition(body);
      case "credential_list":
        e.fixed(hex32(body.election, "election")).str(body.group);
        return e.seq(body.credentials, (e2, c) => e2.fixed(keyFromHex(c, "credential").toBytes())).bytes();
      case "dealing":
        e.u64(body.dealer).seq(body.commitments, (e2, c) => e2.fixed(pointFromHex(c, "commitment").toBytes()));
        schnorrProof(e, body.proof, "proof");
        return e.seq(body.shares, (e2, s) => {
          e2.u64(s.recipient).fixed(pointFromHex(s.ephemeral, "ephemeral").toBytes()).fixed(scalarBytes(scalarFromHex(s.masked_share, "masked_share")));
          schnorrProof(e2, s.proof, "proof");
        }).bytes();
      case "complaint":
        return e.u64(body.dealer).u64(body.recipient).fixed(pointFromHex(body.shared_secret, "shared_secret").toBytes()).fixed(scalarBytes(scalarFromHex(body.proof.c, "proof.c"))).fixed(scalarBytes(scalarFromHex(body.proof.z, "proof.z"))).bytes();
      case "acknowledgement":
        return e.u64(body.dealer).u64(body.recipient).fixed(hex32(body.dealing, "dealing")).bytes();
      case "open_voting":
        return keyFromHex(body.election_key, "election_key").toBytes();
      case "attendance":
        return e.str(body.group).u64(body.present).bytes();
      default:
        throw new FormatError(kind2, "not a kind of the setup phase");
    }
  }
  function statementHash(electionHash, kind2, encodedBody) {
    return taggedHash("zhixuan-v1/board-message", new Encoder().fixed(electionHash).str(kind2).raw(encodedBody).bytes());
  }
  function verifySigned(electionHash, kind2, signed, key) {
    const m = statementHash(electionHash, kind2, encodeBody(kind2, signed.body));
    return verify("board-message", key, m, signatureFromJson(signed.signature, "signature"));
  }
  function readSetup(electionId, entries) {
    if (entries.length === 0 || entries[0].index !== 0 || entries[0].kind !== "definition") {
      throw new BoardError("the log does not begin with a definition", 0);
    }
    const definition = entries[0].body.body;
    if (definition.election_id !== electionId) throw new BoardError(`the definition is of election ${JSON.stringify(definition.election_id)}`, 0);
    const hash = definitionHash(definition);
    const organiser = keyFromHex(definition.organiser, "organiser");
    if (!verifySigned(hash, "definition", entries[0].body, organiser)) throw new BoardError("the definition is not signed by the organiser it names", 0);
    const trustee = (i, index) => {
      const t = Number.isInteger(i) && i >= 1 ? definition.trustees[i - 1] : void 0;
      if (!t) throw new BoardError("a message by an unknown trustee", index);
      return keyFromHex(t.key, "trustee key");
    };
    const setup = { definition, hash, lists: [], electionKey: null, size: 1 };
    for (const entry of entries.slice(1)) {
      if (entry.index !== setup.size) throw new BoardError(`asked for entry ${setup.size}, the board sent entry ${entry.index}`);
      setup.size += 1;
      const { kind: kind2, body, index } = entry;
      const signer = {
        credential_list: () => organiser,
        open_voting: () => organiser,
        attendance: () => organiser,
        dealing: () => trustee(body.body.dealer, index),
        complaint: () => trustee(body.body.recipient, index),
        acknowledgement: () => trustee(body.body.recipient, index)
      }[kind2];
      if (!signer) throw new BoardError("an entry of a later phase before voting opened", index);
      if (!verifySigned(hash, kind2, body, signer())) throw new BoardError(`a ${kind2} not signed by its signer`, index);
      if (kind2 === "credential_list") {
        const list = body.body;
        const group = definition.groups.find((g) => g.id === list.group);
        if (!equalBytes(hex32(list.election, "election"), hash) || !group || list.credentials.length !== group.eligible) {
          throw new BoardError("a credential list that is not one of this election's groups", index);
        }
        setup.lists.push({ group: list.group, credentials: new Set(list.credentials) });
      } else if (kind2 === "open_voting") {
        setup.electionKey = keyFromHex(body.body.election_key, "election_key");
        setup.openedAt = index;
        return setup;
      }
    }
    return setup;
  }
  function groupOf(setup, credentialHex) {
    const list = setup.lists.find((l) => l.credentials.has(credentialHex));
    return list ? list.group : null;
  }
  function leafHash(receivedAtSeconds2, kind2, payload) {
    const t = BigInt.asUintN(64, BigInt(receivedAtSeconds2));
    return sha256(concatBytes(new Uint8Array([0]), u64(t), u64(KIND[kind2]), payload));
  }
  function receivedAtSeconds(text2) {
    if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(text2)) throw new BoardError(`received_at ${JSON.stringify(text2)} is not an RFC 3339 UTC time in whole seconds`);
    return Date.parse(text2) / 1e3;
  }
  var nodeHash = (l, r) => sha256(concatBytes(new Uint8Array([1]), l, r));
  function verifyInclusion(leaf, index, size, proof, root2) {
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
    return sn === 0n && equalBytes(r, root2);
  }
  function parseVerifierKey(text2) {
    const t = text2.trim();
    const first = t.indexOf("+");
    const second = t.indexOf("+", first + 1);
    if (first <= 0 || second < 0) throw new BoardError("the board key is not a verifier key");
    const name2 = t.slice(0, first);
    const id = t.slice(first + 1, second);
    const raw = base64.decode(t.slice(second + 1));
    if (!/^[0-9a-f]{8}$/.test(id) || raw.length !== 33 || raw[0] !== 1 || /[\s+]/u.test(name2)) throw new BoardError("the board key is not a verifier key");
    const key = raw.subarray(1);
    const keyId = keyIdOf(name2, key);
    if (bytesToHex(keyId) !== id) throw new BoardError("the board key's id does not match its name and key");
    return { name: name2, id: keyId, key };
  }
  function keyIdOf(name2, key) {
    return sha256(concatBytes(utf8ToBytes(name2), new Uint8Array([10, 1]), key)).subarray(0, 4);
  }
  var CHECKPOINT = /^(zhixuan\.board\/[A-Za-z0-9._~-]+)\n(0|[1-9][0-9]*)\n([A-Za-z0-9+/]{43}=)\n\n((?:\u2014 [^\n]+\n){1,100})$/u;
  function verifyCheckpoint(text2, verifier, electionId) {
    const m = CHECKPOINT.exec(text2);
    if (!m) throw new BoardError("the checkpoint is not a signed checkpoint");
    const [, origin, sizeText, rootText, lines] = m;
    if (origin !== `zhixuan.board/${electionId}`) throw new BoardError(`the checkpoint is of ${origin}, not of this election`);
    const root2 = base64.decode(rootText);
    if (base64.encode(root2) !== rootText) throw new BoardError("the checkpoint's root is not canonical base64");
    const body = utf8ToBytes(`${origin}
${sizeText}
${rootText}
`);
    for (const line of lines.slice(0, -1).split("\n")) {
      const parts = line.split(" ");
      if (parts.length !== 3 || parts[1] !== verifier.name) continue;
      let sig;
      try {
        sig = base64.decode(parts[2]);
      } catch {
        continue;
      }
      if (sig.length !== 68 || !equalBytes(sig.subarray(0, 4), verifier.id)) continue;
      if (ed25519.verify(sig.subarray(4), body, verifier.key, { zip215: false })) {
        return { size: BigInt(sizeText), root: root2, text: text2 };
      }
      throw new BoardError("the checkpoint's signature does not verify with the board's key");
    }
    throw new BoardError("the checkpoint carries no signature by the board's key");
  }

  // src/slip.js
  var SlipError = class extends Error {
    constructor(reason, detail) {
      super(detail ? `${reason}: ${detail}` : reason);
      this.name = "SlipError";
      this.reason = reason;
    }
  };
  function checkCharacter(k) {
    return ALPHABET[sha256(concatBytes(utf8ToBytes("zhixuan-slip-check"), k))[0] >> 3];
  }
  function readCode(typed) {
    let d;
    try {
      d = normalise(typed, 25, "slip code");
    } catch (e) {
      if (e instanceof FormatError) throw new SlipError(/characters, not/.test(e.message) ? "length" : "character", e.message);
      throw e;
    }
    const k = fromDigits(d.slice(0, 24), 15);
    if (checkCharacter(k) !== d[24]) throw new SlipError("check");
    return k;
  }
  function readSlip(text2) {
    const t = text2.trim();
    if (t.slice(0, 8).toUpperCase() === "ZHIXUAN:") {
      const rest = t.slice(8);
      const at = rest.lastIndexOf(":");
      if (at < 0) throw new SlipError("payload");
      return { election: rest.slice(0, at).toLowerCase(), code: readCode(rest.slice(at + 1)) };
    }
    return { election: null, code: readCode(t) };
  }
  function credentialOf(electionHash, k) {
    const h2 = sha256(concatBytes(utf8ToBytes("zhixuan-v1/credential-slip"), electionHash, k));
    h2[31] &= 15;
    const x = bytesToNumberLE(h2);
    if (x === 0n) throw new SlipError("zero");
    return { secret: x, credential: mul(G, x) };
  }

  // src/receipt.js
  function checkReceipt({ answer, entry, kind: kind2, encoded, encodeEntry, code, verifier, electionId }) {
    const checkpoint = verifyCheckpoint(answer.checkpoint, verifier, electionId);
    const index = BigInt(answer.index);
    if (!(checkpoint.size > index)) throw new BoardError("the checkpoint does not cover the entry");
    if (answer.tracking_code !== void 0 && answer.tracking_code !== null && answer.tracking_code !== code) {
      throw new BoardError(`the acknowledgement names tracking code ${answer.tracking_code}, not ${code}`);
    }
    if (!entry || entry.index !== answer.index || entry.kind !== kind2) throw new BoardError("the entry at the acknowledged index is not this ballot");
    if (!equalBytes(encodeEntry(entry.body), encoded)) throw new BoardError("the entry at the acknowledged index is not the ballot sent");
    const leaf = leafHash(receivedAtSeconds(entry.received_at), kind2, encoded);
    if (!equalBytes(leaf, hex32(answer.leaf_hash, "leaf_hash"))) throw new BoardError("the leaf hash is not that of the entry");
    const proof = (answer.inclusion_proof ?? answer.proof ?? []).map((h2) => hex32(h2, "proof"));
    if (!verifyInclusion(leaf, answer.index, checkpoint.size, proof, checkpoint.root)) {
      throw new BoardError("the inclusion proof does not lead to the checkpoint's root");
    }
    return { index: answer.index, code, checkpoint: checkpoint.text, receivedAt: entry.received_at };
  }

  // src/words.js
  var WORDS = {
    booth: ["网上投票", "Voting booth"],
    switchLang: ["English", "中文"],
    loading: ["正在从公告栏读取选举，并核对组织者和监票人的签名…", "Reading the election from the board and checking the signatures of the organiser and the trustees…"],
    // Problems before voting.
    noElection: ["公告栏上没有这个选举。请检查链接。", "This election is not on the board. Check the link."],
    boardUnreachable: ["无法连接公告栏。请检查网络，然后重试。", "The board cannot be reached. Check the connection, then try again."],
    boardBroken: [
      "公告栏上的选举记录没有通过核对，本机不能用它投票。请告知监督委员会（监票人）。",
      "The election's record on the board did not pass the checks; this device cannot vote with it. Tell the supervision committee (the trustees)."
    ],
    notOpen: (opens) => [`投票尚未开始。开始时间：${opens}。`, `Voting has not started yet. It opens at ${opens}.`],
    closed: ["投票已经结束，不再接受选票。", "Voting has ended; no more ballots are accepted."],
    withdrawn: ["组织者在投票开始前撤回了这次选举，它的凭证作废，不能用来投票。", "The organiser withdrew this election before voting opened; its slips are void and cannot be used to vote."],
    withdrawnSee: ["在公告栏上查看撤回的理由和取代它的选举", "See on the board why, and which election replaces it"],
    tryAgain: ["重试", "Try again"],
    whatHappened: ["详细情况", "Details"],
    // The slip.
    slipTitle: ["第一步：输入选民凭证上的代码", "Step 1: enter the code on your voter slip"],
    slipHelp: [
      "代码共 25 个字符，分 5 组，每组 5 个。字母大小写都可以，O 和 0、I 和 1 都可以。最后一个字符是校验字符，能发现输错的字符。",
      "The code has 25 characters in 5 groups of 5. Capital or small letters both work, and O reads as 0, I and L as 1. The last character is a check character that catches a mistyped one."
    ],
    slipLabel: ["凭证代码", "Slip code"],
    slipSubmit: ["下一步", "Next"],
    scan: ["用摄像头扫描凭证上的二维码", "Scan the QR code on the slip with the camera"],
    scanning: ["请把二维码对准摄像头…", "Hold the QR code in front of the camera…"],
    noCamera: ["无法打开摄像头。请直接输入代码。", "The camera could not be opened. Please type the code."],
    noScanner: ["本浏览器不能扫描二维码，请直接输入代码。", "This browser cannot scan QR codes; please type the code."],
    slipSecret: [
      "凭证代码只在本机使用，不会发送给公告栏。请不要让别人看到您的凭证。",
      "The code is used on this device only and is never sent to the board. Do not let anyone see your slip."
    ],
    badLength: (n) => [`代码应有 25 个字符，您输入了 ${n} 个。请与凭证逐组核对。`, `The code has 25 characters; you typed ${n}. Compare it with your slip, group by group.`],
    badCharacter: (c) => [`“${c}”不是凭证代码里会出现的字符（代码没有 U 等字母）。`, `“${c}” does not occur in slip codes (they have no U, for example).`],
    badCheck: [
      "代码中有字符输错了：最后的校验字符对不上。请与凭证逐组核对后重新输入。",
      "A character of the code is mistyped: the check character at the end does not match. Compare it with your slip, group by group, and type it again."
    ],
    badPayload: ["这个二维码不是直选的选民凭证。", "This QR code is not a Zhixuan voter slip."],
    zeroCode: ["这个代码不能使用，请向工作人员换一张凭证。", "This code cannot be used; ask the staff for another slip."],
    otherElection: (id) => [`这张凭证属于另一个选举（${id}），不是本选举。`, `This slip is for another election (${id}), not this one.`],
    notOnList: [
      "本选举的选民名单中没有这个凭证。可能是另一个选举的凭证，或代码输错了。请核对后重试，或询问工作人员。",
      "This credential is on none of this election's voter lists. It may be a slip of another election, or the code is mistyped. Check it and try again, or ask the staff."
    ],
    slipGroup: (group) => [`您在“${group}”中投票。`, `You vote as one of “${group}”.`],
    // The ballot.
    ballotTitle: ["第二步：填写选票", "Step 2: fill in the ballot"],
    ballotHelp: ["点选您的选择。每一项下面写明可以选几个。", "Tap your choices. Each question says how many you may choose."],
    upToPeople: (k) => [`最多选 ${k} 人，可以少选，也可以不选。`, `Choose up to ${k}. You may choose fewer, or none.`],
    exactlyOne: ["请选一项，只能选一项。", "Choose exactly one."],
    between: (lo, hi) => [`请选 ${lo} 至 ${hi} 项。`, `Choose from ${lo} to ${hi}.`],
    chosen: (n, k) => [`已选 ${n} / 最多 ${k}`, `Chosen: ${n} of at most ${k}`],
    full: (k) => [`已经选满 ${k} 人。要改选别人，请先取消一位。`, `You have already chosen ${k}. To choose someone else, first untick one.`],
    needOne: ["这一项还没有选择。", "Nothing is chosen here yet."],
    needAtLeast: (lo) => [`这一项至少要选 ${lo} 项。`, `Choose at least ${lo} here.`],
    about: (name2) => [`对 ${name2}`, `On ${name2}`],
    toReview: ["检查我的选择", "Review my choices"],
    // Review.
    reviewTitle: ["第三步：检查您的选择", "Step 3: check your choices"],
    reviewHelp: ["请确认下面就是您的选择。确认后，本机会把选票加密。", "Make sure these are your choices. Once you confirm, this device encrypts the ballot."],
    nobody: ["（未选）", "(none chosen)"],
    change: ["修改", "Change"],
    confirm: ["确认，加密选票", "Confirm and encrypt the ballot"],
    encrypting: ["正在加密并生成证明…", "Encrypting and proving…"],
    // The Benaloh choice.
    chooseTitle: ["第四步：投出或核对", "Step 4: cast or check"],
    trackingCode: ["跟踪码", "Tracking code"],
    fullHash: ["完整选票哈希（供另一台设备核对）", "Full ballot hash (for a second device to compare)"],
    trackingHelp: [
      "您的选票已加密。请抄下或拍下这个跟踪码：以后凭它在公告栏上找到您的选票。",
      "Your ballot is encrypted. Write down or photograph this tracking code: with it you find your ballot on the board later."
    ],
    castHelp: [
      "“投出选票”：用您的凭证签名并投入票箱。投出后不能再修改。",
      "“Cast the ballot”: sign it with your credential and put it in the ballot box. It cannot be changed afterwards."
    ],
    auditHelp: [
      "“核对加密（不投票）”：公开这张加密选票的内容，检查本机是否如实加密了您的选择。这张选票不会计入，之后您重新填写并投票。",
      "“Check the encryption (do not vote)”: open this encrypted ballot to check that this device encrypted your choices faithfully. It is not counted; you then fill in a ballot again and vote."
    ],
    cast: ["投出选票", "Cast the ballot"],
    audit: ["核对加密（不投票）", "Check the encryption (do not vote)"],
    // Sending.
    sending: ["正在发送到公告栏…", "Sending to the board…"],
    checkingAck: ["正在核对公告栏的回执…", "Checking the board's acknowledgement…"],
    lost: [
      "与公告栏的连接中断了。您的选票还保存在本页中，没有丢失。请检查网络后点“重新发送”：发送的是同一张选票，不会重复计票。",
      "The connection to the board was lost. Your ballot is still kept in this page. Check the connection, then tap “Send again”: the same ballot is sent, and it cannot be counted twice."
    ],
    busy: ["公告栏暂时繁忙，没有保存这张选票。请稍候点“重新发送”。", "The board is busy and did not store the ballot. Wait a moment, then tap “Send again”."],
    resend: ["重新发送", "Send again"],
    alreadyVoted: [
      "这张凭证已经投过票了，本选举每张凭证只能投一次。如有疑问，请询问工作人员。",
      "This credential has already voted, and this election takes one ballot per credential. If in doubt, ask the staff."
    ],
    checkWithCode: [
      "公告栏说这张凭证已经投过票。您的选票可能在连接中断前已经送到。请用跟踪码查看：",
      "The board says this credential has already voted. Your ballot may have arrived before the connection was lost. Look it up with your tracking code:"
    ],
    lookUp: ["用跟踪码查找", "Look it up by tracking code"],
    refused: ["公告栏拒收了这张选票。", "The board refused this ballot."],
    alarm: [
      "公告栏的回执没有通过核对。请不要离开，立即告知监督委员会（监票人），并出示本页面。",
      "The board's acknowledgement did not pass the checks. Please stay, tell the supervision committee (the trustees) at once, and show them this page."
    ],
    // Receipts.
    castDone: ["您的选票已投入票箱", "Your ballot is in the ballot box"],
    castChecked: ["✓ 本机已核对：公告栏签名的检查点包含了您的选票。", "✓ Checked on this device: the board's signed checkpoint includes your ballot."],
    receiptHelp: [
      "请保存或打印这张回执。以后凭跟踪码可以在公告栏上查看您的选票；检查点可以证明公告栏没有删改记录。",
      "Save or print this receipt. With the tracking code you can look your ballot up on the board later; the checkpoint holds the board to its record."
    ],
    entryIndex: ["公告栏日志序号", "Index on the board's log"],
    checkpoint: ["签名检查点", "Signed checkpoint"],
    print: ["打印回执", "Print the receipt"],
    save: ["保存回执", "Save the receipt"],
    done: ["完成", "Done"],
    nextVoter: ["完成，交给下一位选民", "Done: ready for the next voter"],
    kioskNote: ["本机是会场投票机：点“完成”后会清除您的一切信息。", "This is the hall's voting tablet: “Done” erases everything about you."],
    finished: ["投票完成，谢谢。您可以关闭本页。", "You have voted. Thank you. You may close this page."],
    // Audit.
    auditDone: ["这张选票已公开核对，不会计入", "This ballot was opened for checking; it is not counted"],
    auditOpened: ["公告栏上公开的内容如下。请核对这是否就是您刚才的选择：", "What is published on the board is below. Check that these are the choices you made:"],
    auditMismatch: [
      "如果与您的选择不符，说明本机不可信：请不要用它投票，并告知监督委员会。",
      "If they are not your choices, this device is not to be trusted: do not vote with it, and tell the supervision committee."
    ],
    auditElsewhere: (code) => [`也可以在另一台设备上用跟踪码 ${code} 查看，或用 zhixuan-verify 核对。`, `You can also look it up with tracking code ${code} on another device, or check it with zhixuan-verify.`],
    startAgain: ["重新填写选票并投票", "Fill in a ballot again and vote"],
    auditAgainNote: ["重新加密后的选票有新的跟踪码。", "The ballot encrypted again has a new tracking code."]
  };
  function say(lang, key, ...args) {
    const entry = WORDS[key];
    if (entry === void 0) throw new Error(`no words for ${key}`);
    const pair = typeof entry === "function" ? entry(...args) : entry;
    return lang === "en" ? pair[1] : pair[0];
  }
  function name(lang, bilingual2) {
    return lang === "en" ? bilingual2.en : bilingual2.zh;
  }

  // src/app.js
  var Refused = class extends Error {
    constructor(status, code, message) {
      super(`${code}: ${message}`);
      this.status = status;
      this.code = code;
    }
  };
  var Unreachable = class extends Error {
  };
  var RETRY = /* @__PURE__ */ new Set(["rate_limited", "busy", "shutting_down", "storage_error", "storage_unwritable", "timeout", "internal_error"]);
  async function request(path, { method = "GET", body, text: text2 = false } = {}) {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), 3e4);
    let answer;
    try {
      answer = await fetch(path, {
        method,
        body,
        headers: body === void 0 ? {} : { "Content-Type": "application/json" },
        cache: "no-store",
        credentials: "omit",
        signal: abort.signal
      });
    } catch (e) {
      throw new Unreachable(String(e));
    } finally {
      clearTimeout(timer);
    }
    if (!answer.ok) {
      let code = "http_" + answer.status;
      let message = answer.statusText;
      try {
        const err = await answer.json();
        code = err.code;
        message = err.message;
      } catch {
      }
      throw new Refused(answer.status, code, message);
    }
    try {
      return text2 ? await answer.text() : await answer.json();
    } catch (e) {
      throw new Unreachable(String(e));
    }
  }
  function h(tag, attrs = {}, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (v === false || v === null || v === void 0) continue;
      if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children.flat()) if (c !== null && c !== void 0 && c !== false) el.append(c);
    return el;
  }
  var Booth = class {
    constructor(root2, { electionId, kiosk, boardKey }) {
      this.root = root2;
      this.id = electionId;
      this.kiosk = kiosk;
      this.pinnedKey = boardKey;
      this.lang = "zh";
      this.step = "loading";
      this.voter = null;
    }
    t(key, ...args) {
      return say(this.lang, key, ...args);
    }
    n(bilingual2) {
      return name(this.lang, bilingual2);
    }
    go(step, extra = {}) {
      if (this.stopScan) {
        this.stopScan();
        this.stopScan = null;
      }
      Object.assign(this, extra);
      this.step = step;
      this.render();
    }
    async start() {
      this.go("loading");
      try {
        const info = await request(`/elections/${this.id}`);
        if (info.phase === "withdrawn") return this.go("withdrawn");
        const entries = [];
        let from = 0;
        for (; ; ) {
          const page = await request(`/elections/${this.id}/entries?from=${from}&limit=1000`);
          entries.push(...page.entries);
          if (page.entries.length === 0 || page.entries.some((e) => e.kind === "open_voting") || page.next === null) break;
          from = page.next;
        }
        const upTo = entries.findIndex((e) => e.kind === "open_voting");
        this.setup = readSetup(this.id, upTo < 0 ? entries : entries.slice(0, upTo + 1));
        if (info.definition_hash !== bytesToHex(this.setup.hash)) throw new BoardError("the election's summary names another definition hash");
        this.verifier = parseVerifierKey(this.pinnedKey ?? await request("/board-key", { text: true }));
        this.definition = this.setup.definition;
        document.title = `${this.n(this.definition.title)} · ${this.t("booth")}`;
        if (info.phase === "setup" || !this.setup.electionKey) return this.go("notOpen");
        if (info.phase !== "voting") return this.go("closed");
        this.ctx = context(this.setup.hash, this.setup.electionKey);
        this.go("slip");
      } catch (e) {
        this.fail(e);
      }
    }
    /** A problem before any ballot exists: which screen says it. */
    fail(e) {
      if (e instanceof Refused && e.code === "unknown_election") return this.go("problem", { problem: "noElection", detail: null });
      if (e instanceof Unreachable || e instanceof Refused && RETRY.has(e.code)) return this.go("problem", { problem: "boardUnreachable", detail: e.message });
      return this.go("problem", { problem: "boardBroken", detail: e.message });
    }
    // The slip.
    enterSlip(text2) {
      let slip;
      try {
        slip = readSlip(text2);
      } catch (e) {
        if (!(e instanceof SlipError)) throw e;
        const chars = [...text2.replace(/[-\s]/g, "")];
        const odd = chars.find((c) => !/[0-9a-z]/i.test(c) || /u/i.test(c)) ?? "";
        const message = { length: () => this.t("badLength", chars.length), character: () => this.t("badCharacter", odd), check: () => this.t("badCheck"), payload: () => this.t("badPayload") }[e.reason];
        return this.go("slip", { slipError: message ? message() : this.t("zeroCode") });
      }
      if (slip.election !== null && slip.election !== this.id) return this.go("slip", { slipError: this.t("otherElection", slip.election) });
      let credential;
      try {
        credential = credentialOf(this.setup.hash, slip.code);
      } catch {
        return this.go("slip", { slipError: this.t("zeroCode") });
      }
      const group = groupOf(this.setup, pointHex(credential.credential));
      if (group === null) return this.go("slip", { slipError: this.t("notOnList") });
      const questions2 = groupQuestions(this.definition, group);
      this.voter = {
        ...credential,
        group,
        questions: questions2,
        style: styleOf(questions2),
        choices: questions2.map((q) => q.options.map(() => 0))
      };
      this.go("ballot", { slipError: null, ballotErrors: {} });
    }
    async scan(video, status) {
      if (!("BarcodeDetector" in window) || !navigator.mediaDevices) {
        status.textContent = this.t("noScanner");
        return;
      }
      let stream;
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
      } catch {
        status.textContent = this.t("noCamera");
        return;
      }
      this.stopScan = () => stream.getTracks().forEach((t) => t.stop());
      video.srcObject = stream;
      video.hidden = false;
      await video.play();
      status.textContent = this.t("scanning");
      const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      while (this.step === "slip" && stream.active) {
        const found = await detector.detect(video).catch(() => []);
        if (found.length > 0) {
          this.stopScan();
          return this.enterSlip(found[0].rawValue);
        }
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    // The ballot.
    /** Ticks or unticks option `o` of question `q`, within the limits (spec/booth.md §3). */
    toggle(q, o) {
      const question = this.voter.questions[q];
      const values = this.voter.choices[q];
      const errors = { ...this.ballotErrors };
      delete errors[q];
      if (question.min === 1 && question.max === 1) {
        values.fill(0);
        values[o] = 1;
      } else if (values[o] === 1) {
        values[o] = 0;
      } else if (values.reduce((a, b) => a + b, 0) >= question.max) {
        errors[q] = this.t("full", question.max);
      } else {
        values[o] = 1;
      }
      const y = window.scrollY;
      this.go("ballot", { ballotErrors: errors });
      window.scrollTo(0, y);
      this.root.querySelector(`#q${q}-o${o}`)?.focus();
    }
    toReview() {
      const errors = {};
      this.voter.questions.forEach((q, i) => {
        const total = this.voter.choices[i].reduce((a, b) => a + b, 0);
        if (total < q.min) errors[i] = q.min === 1 ? this.t("needOne") : this.t("needAtLeast", q.min);
      });
      if (Object.keys(errors).length > 0) {
        this.go("ballot", { ballotErrors: errors });
        this.root.querySelector(".qerror")?.scrollIntoView({ block: "center" });
        return;
      }
      this.go("review");
    }
    encrypt() {
      this.go("encrypting");
      setTimeout(() => {
        this.voter.prepared = prepareBallot(this.ctx, this.voter.style, this.voter.credential, this.voter.choices.map((c) => c.slice()));
        this.go("choose");
      }, 30);
    }
    // Casting or auditing, and the acknowledgement.
    cast() {
      const ballot = this.voter.prepared.cast(this.voter.secret);
      this.voter.secret = null;
      this.pending = { kind: "ballot", text: JSON.stringify({ kind: "ballot", body: ballot.toJson() }), encoded: ballot.encode(), code: ballot.trackingCode, sent: 0 };
      this.send();
    }
    audit() {
      const audited = this.voter.prepared.audit(this.voter.group);
      this.pending = {
        kind: "audited_ballot",
        text: JSON.stringify({ kind: "audited_ballot", body: audited.toJson() }),
        encoded: audited.encode(),
        code: audited.trackingCode,
        choices: audited.choices(),
        sent: 0
      };
      this.send();
    }
    /** Sends the pending ballot: the identical bytes every time (spec/booth.md §5). */
    async send() {
      const p = this.pending;
      this.go("sending", { sendError: null });
      p.sent += 1;
      let answer;
      try {
        answer = await request(`/elections/${this.id}/entries`, { method: "POST", body: p.text });
      } catch (e) {
        if (e instanceof Unreachable) return this.go("retry", { sendError: "lost" });
        if (!(e instanceof Refused)) throw e;
        if (RETRY.has(e.code)) return this.go("retry", { sendError: "busy" });
        if (e.code === "duplicate_ballot" && p.sent > 1) return this.lookUp();
        if (e.code === "already_voted") return this.go(p.sent > 1 ? "checkTracking" : "alreadyVoted");
        if (e.code === "wrong_phase" || e.code === "outside_voting_window") return this.go("closed");
        return this.go("refused", { detail: `${e.code}: ${e.message}` });
      }
      await this.acknowledged(answer);
    }
    /** After a resend found the ballot already there: its tracking proof is its receipt. */
    async lookUp() {
      try {
        const answer = await request(`/elections/${this.id}/proof/tracking/${this.pending.code}`);
        await this.acknowledged(answer);
      } catch (e) {
        if (e instanceof Unreachable) return this.go("retry", { sendError: "lost" });
        this.go("checkTracking");
      }
    }
    async acknowledged(answer) {
      const p = this.pending;
      this.go("checking");
      let page;
      try {
        page = await request(`/elections/${this.id}/entries?from=${answer.index}&limit=1`);
      } catch (e) {
        if (e instanceof Unreachable) return this.go("retry", { sendError: "lost" });
        return this.go("alarm", { detail: e.message });
      }
      try {
        const encodeEntry = p.kind === "ballot" ? (b) => castBallotFromJson(b).encode() : (b) => auditedBallotFromJson(b).encode();
        const receipt = checkReceipt({
          answer,
          entry: page.entries[0],
          kind: p.kind,
          encoded: p.encoded,
          encodeEntry,
          code: p.code,
          verifier: this.verifier,
          electionId: this.id
        });
        if (p.kind === "ballot") {
          this.voter = null;
          this.go("receipt", { receipt });
        } else {
          this.go("audited", { receipt, opened: p.choices });
        }
      } catch (e) {
        this.go("alarm", { detail: e.message });
      }
    }
    auditAgain() {
      this.voter.prepared = null;
      this.pending = null;
      this.go("ballot", { ballotErrors: {} });
    }
    /** Forgets the voter: in kiosk mode the page reloads, which drops everything. */
    finish() {
      this.voter = null;
      this.pending = null;
      this.receipt = null;
      if (this.kiosk) {
        window.location.replace(window.location.href);
      } else {
        this.go("finished");
      }
    }
    saveReceipt() {
      const r = this.receipt;
      const text2 = `${this.n(this.definition.title)}
${this.t("trackingCode")}: ${r.code}
${this.t("entryIndex")}: ${r.index}

${this.t("checkpoint")}:
${r.checkpoint}`;
      const url = URL.createObjectURL(new Blob([text2], { type: "text/plain;charset=utf-8" }));
      const a = h("a", { href: url, download: `${this.id}-${r.code}.txt` });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1e3);
    }
    // Rendering.
    render() {
      const lang = this.lang;
      document.documentElement.lang = lang === "en" ? "en" : "zh-CN";
      const header = h(
        "header",
        { class: "site" },
        h("span", { class: "home" }, this.definition ? this.n(this.definition.title) : this.t("booth")),
        h("button", { type: "button", class: "lang", id: "lang", lang: lang === "en" ? "zh-CN" : "en", onclick: () => {
          this.lang = lang === "en" ? "zh" : "en";
          this.render();
        } }, this.t("switchLang"))
      );
      const screen = this[`screen_${this.step}`]();
      screen.id = "screen";
      screen.dataset.step = this.step;
      this.root.replaceChildren(header, screen);
      const focus = screen.querySelector("[autofocus]") ?? screen.querySelector("h1");
      if (focus) {
        if (!focus.hasAttribute("tabindex") && focus.tagName === "H1") focus.setAttribute("tabindex", "-1");
        focus.focus({ preventScroll: false });
      }
    }
    screen_loading() {
      return h("main", {}, h("h1", {}, this.t("booth")), h("p", { class: "wait", role: "status" }, this.t("loading")));
    }
    screen_problem() {
      return h(
        "main",
        {},
        h("h1", {}, this.t("booth")),
        h("p", { class: "notice bad", role: "alert" }, this.t(this.problem)),
        this.detail ? h("details", {}, h("summary", {}, this.t("whatHappened")), h("pre", {}, this.detail)) : null,
        this.problem === "boardUnreachable" ? h("button", { type: "button", class: "big", onclick: () => this.start() }, this.t("tryAgain")) : null
      );
    }
    screen_notOpen() {
      return h("main", {}, h("h1", {}, this.t("booth")), h("p", { class: "notice", role: "alert" }, this.t("notOpen", this.definition.voting.opens.replace("T", " "))));
    }
    screen_withdrawn() {
      return h(
        "main",
        {},
        h("h1", {}, this.t("booth")),
        h("p", { class: "notice", role: "alert" }, this.t("withdrawn")),
        h("p", {}, h("a", { href: `/e/${this.id}${this.lang === "en" ? "?lang=en" : ""}` }, this.t("withdrawnSee")))
      );
    }
    screen_closed() {
      return h("main", {}, h("h1", {}, this.t("booth")), h("p", { class: "notice", role: "alert" }, this.t("closed")));
    }
    screen_slip() {
      const input = h("input", {
        id: "slip",
        name: "slip",
        type: "text",
        autocomplete: "off",
        autocapitalize: "characters",
        spellcheck: "false",
        autocorrect: "off",
        inputmode: "text",
        placeholder: "XXXXX-XXXXX-XXXXX-XXXXX-XXXXX",
        "aria-describedby": "slip-help slip-error",
        autofocus: true
      });
      const status = h("p", { class: "note", role: "status", id: "scan-status" });
      const video = h("video", { hidden: true, playsinline: true, muted: true, class: "scanner" });
      const canScan = "BarcodeDetector" in window && !!navigator.mediaDevices;
      return h(
        "main",
        {},
        h("h1", {}, this.t("slipTitle")),
        h("p", { id: "slip-help" }, this.t("slipHelp")),
        h(
          "form",
          { class: "slip", onsubmit: (e) => {
            e.preventDefault();
            this.enterSlip(input.value);
          } },
          h("label", { for: "slip" }, this.t("slipLabel")),
          input,
          this.slipError ? h("p", { class: "error", id: "slip-error", role: "alert" }, this.slipError) : null,
          h("button", { type: "submit", class: "big", id: "slip-next" }, this.t("slipSubmit"))
        ),
        canScan ? h("p", {}, h("button", { type: "button", class: "secondary", id: "scan", onclick: () => this.scan(video, status) }, this.t("scan"))) : h("p", { class: "note" }, this.t("noScanner")),
        video,
        status,
        h("p", { class: "note" }, this.t("slipSecret")),
        this.kiosk ? h("p", { class: "note" }, this.t("kioskNote")) : null
      );
    }
    /** How many may be chosen, in words. */
    limitWords(q) {
      if (q.min === 1 && q.max === 1) return this.t("exactlyOne");
      if (q.min === 0) return this.t("upToPeople", q.max);
      return this.t("between", q.min, q.max);
    }
    questionTitle(q) {
      return [this.n(q.contest.title), q.subject ? ` · ${this.t("about", this.n(q.subject.name))}` : ""].join("");
    }
    screen_ballot() {
      const v = this.voter;
      const group = this.definition.groups.find((g) => g.id === v.group);
      return h(
        "main",
        {},
        h("h1", {}, this.t("ballotTitle")),
        h("p", { class: "meta" }, this.t("slipGroup", this.n(group.name))),
        h("p", {}, this.t("ballotHelp")),
        v.questions.map((q, i) => {
          const single = q.min === 1 && q.max === 1;
          const total = v.choices[i].reduce((a, b) => a + b, 0);
          const error = this.ballotErrors?.[i];
          return h(
            "fieldset",
            { class: `question${error ? " invalid" : ""}`, id: `q${i}` },
            h("legend", {}, this.questionTitle(q)),
            h("p", { class: "limit" }, this.limitWords(q)),
            h("div", { class: "options" }, q.options.map((opt, o) => h(
              "label",
              { class: `option${v.choices[i][o] ? " on" : ""}` },
              h("input", {
                type: single ? "radio" : "checkbox",
                name: `q${i}`,
                id: `q${i}-o${o}`,
                checked: v.choices[i][o] === 1,
                onclick: (e) => {
                  e.preventDefault();
                  this.toggle(i, o);
                }
              }),
              h("span", {}, this.n(opt.label))
            ))),
            single ? null : h("p", { class: "count", "aria-live": "polite" }, this.t("chosen", total, q.max)),
            error ? h("p", { class: "error qerror", role: "alert" }, error) : null
          );
        }),
        h("p", {}, h("button", { type: "button", class: "big", id: "to-review", onclick: () => this.toReview() }, this.t("toReview")))
      );
    }
    /** The chosen options of each question, in words. */
    choiceList(choices) {
      return h("dl", { class: "review" }, this.voter.questions.flatMap((q, i) => {
        const picked = q.options.filter((_, o) => choices[i][o] > 0).map((opt) => this.n(opt.label));
        return [h("dt", {}, this.questionTitle(q)), h("dd", {}, picked.length ? picked.join("、") : this.t("nobody"))];
      }));
    }
    screen_review() {
      return h(
        "main",
        {},
        h("h1", {}, this.t("reviewTitle")),
        h("p", {}, this.t("reviewHelp")),
        this.choiceList(this.voter.choices),
        h(
          "p",
          { class: "actions" },
          h("button", { type: "button", class: "secondary", id: "change", onclick: () => this.go("ballot", { ballotErrors: {} }) }, this.t("change")),
          h("button", { type: "button", class: "big", id: "confirm", onclick: () => this.encrypt() }, this.t("confirm"))
        )
      );
    }
    screen_encrypting() {
      return h("main", {}, h("h1", {}, this.t("reviewTitle")), h("p", { class: "wait", role: "status" }, this.t("encrypting")));
    }
    trackingBox(code) {
      return h("p", { class: "tracking" }, h("span", { class: "label" }, this.t("trackingCode")), h("strong", { id: "tracking-code" }, code));
    }
    screen_choose() {
      return h(
        "main",
        {},
        h("h1", {}, this.t("chooseTitle")),
        this.trackingBox(this.voter.prepared.trackingCode),
        h("details", { class: "hash" }, h("summary", {}, this.t("fullHash")), h("code", { id: "ballot-hash" }, bytesToHex(this.voter.prepared.hash))),
        h("p", {}, this.t("trackingHelp")),
        h("p", {}, this.t("castHelp")),
        h("p", {}, this.t("auditHelp")),
        h(
          "p",
          { class: "actions" },
          h("button", { type: "button", class: "big", id: "cast", onclick: () => this.cast() }, this.t("cast")),
          h("button", { type: "button", class: "secondary", id: "audit", onclick: () => this.audit() }, this.t("audit"))
        )
      );
    }
    screen_sending() {
      return h("main", {}, h("h1", {}, this.t("chooseTitle")), this.trackingBox(this.pending.code), h("p", { class: "wait", role: "status" }, this.t("sending")));
    }
    screen_checking() {
      return h("main", {}, h("h1", {}, this.t("chooseTitle")), this.trackingBox(this.pending.code), h("p", { class: "wait", role: "status" }, this.t("checkingAck")));
    }
    screen_retry() {
      return h(
        "main",
        {},
        h("h1", {}, this.t("chooseTitle")),
        this.trackingBox(this.pending.code),
        h("p", { class: "notice bad", role: "alert" }, this.t(this.sendError)),
        h("button", { type: "button", class: "big", id: "resend", onclick: () => this.send() }, this.t("resend"))
      );
    }
    trackLink(code) {
      return h("a", { href: `/e/${this.id}/track?code=${encodeURIComponent(code)}${this.lang === "en" ? "&lang=en" : ""}`, target: "_blank", rel: "noopener" }, this.t("lookUp"));
    }
    screen_alreadyVoted() {
      return h(
        "main",
        {},
        h("h1", {}, this.t("chooseTitle")),
        h("p", { class: "notice bad", role: "alert" }, this.t("alreadyVoted")),
        h("button", { type: "button", class: "big", onclick: () => this.finish() }, this.t(this.kiosk ? "nextVoter" : "done"))
      );
    }
    screen_checkTracking() {
      return h(
        "main",
        {},
        h("h1", {}, this.t("chooseTitle")),
        this.trackingBox(this.pending.code),
        h("p", { class: "notice", role: "alert" }, this.t("checkWithCode")),
        h("p", {}, this.trackLink(this.pending.code)),
        h("button", { type: "button", class: "big", onclick: () => this.finish() }, this.t(this.kiosk ? "nextVoter" : "done"))
      );
    }
    screen_refused() {
      return h(
        "main",
        {},
        h("h1", {}, this.t("chooseTitle")),
        h("p", { class: "notice bad", role: "alert" }, this.t("refused")),
        h("details", {}, h("summary", {}, this.t("whatHappened")), h("pre", {}, this.detail)),
        h("button", { type: "button", class: "big", onclick: () => this.finish() }, this.t(this.kiosk ? "nextVoter" : "done"))
      );
    }
    screen_alarm() {
      return h(
        "main",
        {},
        h("h1", { class: "bad" }, "⚠"),
        this.pending ? this.trackingBox(this.pending.code) : null,
        h("p", { class: "notice bad alarm", role: "alert", id: "alarm" }, this.t("alarm")),
        h("details", { open: true }, h("summary", {}, this.t("whatHappened")), h("pre", {}, this.detail))
      );
    }
    receiptBlock(r) {
      return h(
        "section",
        { class: "receipt", id: "receipt" },
        this.trackingBox(r.code),
        h("p", {}, `${this.t("entryIndex")}：${r.index}`),
        h("h2", {}, this.t("checkpoint")),
        h("pre", { class: "checkpoint" }, r.checkpoint)
      );
    }
    screen_receipt() {
      return h(
        "main",
        {},
        h("h1", { class: "ok" }, this.t("castDone")),
        h("p", { class: "ok", id: "checked" }, this.t("castChecked")),
        this.receiptBlock(this.receipt),
        h("p", {}, this.t("receiptHelp")),
        h(
          "p",
          { class: "actions noprint" },
          h("button", { type: "button", class: "secondary", id: "print", onclick: () => window.print() }, this.t("print")),
          this.kiosk ? null : h("button", { type: "button", class: "secondary", id: "save", onclick: () => this.saveReceipt() }, this.t("save")),
          h("button", { type: "button", class: "big", id: "finish", onclick: () => this.finish() }, this.t(this.kiosk ? "nextVoter" : "done"))
        ),
        this.kiosk ? h("p", { class: "note noprint" }, this.t("kioskNote")) : null
      );
    }
    screen_audited() {
      return h(
        "main",
        {},
        h("h1", {}, this.t("auditDone")),
        h("p", {}, this.t("auditOpened")),
        h("div", { id: "opened" }, this.choiceList(this.opened)),
        h("p", { class: "notice" }, this.t("auditMismatch")),
        this.receiptBlock(this.receipt),
        h("p", {}, this.t("auditElsewhere", this.receipt.code), " ", this.trackLink(this.receipt.code)),
        h("p", {}, h("button", { type: "button", class: "big", id: "again", onclick: () => this.auditAgain() }, this.t("startAgain"))),
        h("p", { class: "note" }, this.t("auditAgainNote"))
      );
    }
    screen_finished() {
      return h("main", {}, h("h1", { class: "ok" }, this.t("finished")));
    }
  };

  // src/bench.js
  function bench(runs = 10, warm = 2) {
    const ctx = context(randomBytes(32), mul(G, randomScalar()));
    const credential = mul(G, randomScalar());
    const style = [{ contest: 0, limits: [1, 1, 1, 1, 1], min: 0, max: 2 }];
    const times = [];
    for (let i = 0; i < runs + warm; i++) {
      const start = performance.now();
      prepareBallot(ctx, style, credential, [[0, 1, 0, 1, 0]]);
      if (i >= warm) times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    return { runs, median: times[Math.floor(times.length / 2)], min: times[0], max: times[times.length - 1] };
  }

  // src/main.js
  var root = document.getElementById("booth");
  if (root) {
    const params = new URLSearchParams(window.location.search);
    const booth = new Booth(root, {
      electionId: root.dataset.election,
      kiosk: params.get("kiosk") === "1",
      boardKey: params.get("key")
    });
    if (params.get("lang") === "en") booth.lang = "en";
    booth.start();
  }
  globalThis.zhixuanBooth = { bench };
})();
/*! Bundled license information:

@noble/curves/utils.js:
@noble/curves/abstract/modular.js:
@noble/curves/abstract/curve.js:
@noble/curves/abstract/edwards.js:
@noble/curves/ed25519.js:
  (*! noble-curves - MIT License (c) 2022 Paul Miller (paulmillr.com) *)
*/
