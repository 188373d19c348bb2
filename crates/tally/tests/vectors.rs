//! Known-answer test vectors (`spec/vectors/`).
//!
//! Each vector is generated from a fixed seed with `ChaCha20Rng`, through the public API
//! only. The test then
//!
//! 1. checks that the code reproduces the committed file byte for byte (or, with
//!    `ZHIXUAN_WRITE_VECTORS=1`, writes the file instead);
//! 2. parses the committed file and checks it with the public verification API, and again
//!    with an independent re-implementation of `spec/protocol.md` written here from the
//!    spec (the canonical encoding, the tagged hashes, every merlin transcript, every
//!    verification equation), so that the spec, the code and the vectors say the same thing;
//! 3. flips one bit of a published value and checks that verification fails.
//!
//! One test per file, so that writing and checking a file never race.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use curve25519_dalek::constants::RISTRETTO_BASEPOINT_POINT as G;
use curve25519_dalek::ristretto::RistrettoPoint;
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::Identity;
use merlin::Transcript;
use rand_chacha::rand_core::{Rng, SeedableRng};
use rand_chacha::ChaCha20Rng;
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zhixuan_tally::*;

// The test kit's vector files, included by path: this crate's own tests cannot depend on
// the kit, which depends on this crate.
#[path = "../../testkit/src/vectors.rs"]
mod vectors;

// ---------------------------------------------------------------------------------------
// Files and seeds
// ---------------------------------------------------------------------------------------

/// The seed of vector `name`: the ASCII string `zhixuan-v1/vectors/<name>`, padded with
/// zero bytes to 32 bytes.
fn seed(name: &str) -> [u8; 32] {
    let text = format!("zhixuan-v1/vectors/{name}");
    assert!(text.len() <= 32, "seed name too long: {text}");
    let mut seed = [0u8; 32];
    seed[..text.len()].copy_from_slice(text.as_bytes());
    seed
}

fn rng_for(name: &str) -> ChaCha20Rng {
    ChaCha20Rng::from_seed(seed(name))
}

/// The test kit's one `reproduce`, naming the command that rewrites these vectors.
fn reproduce<T: Serialize>(file: &str, generated: &T) -> String {
    vectors::reproduce(
        file,
        generated,
        "cargo test -p zhixuan-tally --test vectors",
    )
}

fn parse<T: DeserializeOwned>(text: &str) -> T {
    serde_json::from_str(text).unwrap()
}

// ---------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------

/// A scalar published as canonical hex, for lists of scalars.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
struct Hex(#[serde(with = "scalar_hex")] Scalar);

fn h(bytes: &[u8]) -> String {
    hex::encode(bytes)
}

fn election_hash(rng: &mut ChaCha20Rng) -> ElectionHash {
    let mut bytes = [0u8; 32];
    rng.fill_bytes(&mut bytes);
    ElectionHash(bytes)
}

fn secret_of(key: &SigningKey) -> Scalar {
    Option::from(Scalar::from_canonical_bytes(*key.to_bytes())).unwrap()
}

fn key_from_hex(text: &str) -> SigningKey {
    SigningKey::from_hex(text).unwrap()
}

fn election_key(point: &Point) -> ElectionKey {
    ElectionKey::try_from(*point).unwrap()
}

/// The scalar with bit 0 of its first (least significant) byte flipped: a one-bit tamper
/// that keeps the encoding canonical for the values in these vectors.
fn flip(s: &Scalar) -> Scalar {
    let mut bytes = s.to_bytes();
    bytes[0] ^= 1;
    Option::from(Scalar::from_canonical_bytes(bytes)).unwrap()
}

/// The JSON text with one bit flipped in the first occurrence of the hex string `value`
/// (bit 1 of its first byte, so a point's sign bit is kept).
fn flip_in_text(text: &str, value: &str) -> String {
    let first = u8::from_str_radix(&value[1..2], 16).unwrap() ^ 0b10;
    let tampered = format!("{}{:x}{}", &value[..1], first, &value[2..]);
    assert!(text.contains(value));
    text.replacen(value, &tampered, 1)
}

/// Parses a text with a flipped point: either the flip made the encoding non-canonical and
/// parsing refuses it (`None`), or it decoded to another point (`Some`), which the caller
/// must then see fail verification.
fn parse_tampered<T: DeserializeOwned>(text: &str) -> Option<T> {
    match serde_json::from_str(text) {
        Ok(v) => Some(v),
        Err(e) => {
            assert!(
                e.to_string().contains("not a canonical Ristretto255 point"),
                "{e}"
            );
            None
        }
    }
}

// ---------------------------------------------------------------------------------------
// An independent reading of spec/protocol.md
// ---------------------------------------------------------------------------------------

/// The canonical binary encoding, written from the spec.
#[derive(Default)]
struct Bytes(Vec<u8>);

impl Bytes {
    fn u64(&mut self, v: u64) -> &mut Self {
        self.0.extend_from_slice(&v.to_le_bytes());
        self
    }

    fn fixed(&mut self, v: &[u8; 32]) -> &mut Self {
        self.0.extend_from_slice(v);
        self
    }

    fn range_proof(&mut self, p: &RangeProof) -> &mut Self {
        self.u64(p.branches.len() as u64);
        for b in &p.branches {
            self.fixed(b.commitment_a.as_bytes())
                .fixed(b.commitment_b.as_bytes())
                .fixed(b.challenge.as_bytes())
                .fixed(b.response.as_bytes());
        }
        self
    }
}

/// `SHA-256(u64(len(domain)) ‖ domain ‖ encoding)`.
fn spec_tagged_hash(domain: &str, encoding: &[u8]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update((domain.len() as u64).to_le_bytes());
    hasher.update(domain.as_bytes());
    hasher.update(encoding);
    hasher.finalize().into()
}

/// What the ballot hash covers (protocol.md §9.3): the election, then per contest its index
/// and its selections' ciphertexts; no credential, no proof.
fn spec_ballot_content<'a>(
    election: &ElectionHash,
    contests: impl ExactSizeIterator<Item = (ContestIndex, Vec<&'a Ciphertext>)>,
) -> Vec<u8> {
    let mut e = Bytes::default();
    e.fixed(election.as_bytes()).u64(contests.len() as u64);
    for (index, cts) in contests {
        e.u64(u64::from(index.0)).u64(cts.len() as u64);
        for ct in cts {
            e.fixed(ct.a.as_bytes()).fixed(ct.b.as_bytes());
        }
    }
    e.0
}

/// The ballot hash of a cast ballot, from the spec.
fn spec_ballot_hash(b: &Ballot) -> [u8; 32] {
    let contests = b.contests.iter().map(|c| {
        let cts = c.selections.iter().map(|s| &s.ciphertext).collect();
        (c.contest, cts)
    });
    spec_tagged_hash(
        "zhixuan-v1/ballot",
        &spec_ballot_content(&b.election, contests),
    )
}

/// The ballot hash of an audited ballot, from the spec: the same bytes as its cast twin's.
fn spec_audited_hash(a: &AuditedBallot) -> [u8; 32] {
    let contests = a
        .contests
        .iter()
        .map(|c| (c.contest, c.ciphertexts.iter().collect()));
    spec_tagged_hash(
        "zhixuan-v1/ballot",
        &spec_ballot_content(&a.election, contests),
    )
}

/// A cast ballot's canonical encoding (protocol.md §3.1): election, credential, the
/// contests with ciphertexts and proofs, then the signature.
fn spec_ballot_encoding(b: &Ballot) -> Vec<u8> {
    let mut e = Bytes::default();
    e.fixed(b.election.as_bytes())
        .fixed(b.credential.point().as_bytes())
        .u64(b.contests.len() as u64);
    for c in &b.contests {
        e.u64(u64::from(c.contest.0)).u64(c.selections.len() as u64);
        for s in &c.selections {
            e.fixed(s.ciphertext.a.as_bytes())
                .fixed(s.ciphertext.b.as_bytes())
                .range_proof(&s.proof);
        }
        e.range_proof(&c.total_proof);
    }
    e.fixed(b.signature.commitment.as_bytes())
        .fixed(b.signature.response.as_bytes());
    e.0
}

/// An audited ballot's canonical encoding (protocol.md §3.1): election, group, each
/// contest's index and ciphertexts, then each opened selection's value and nonce.
fn spec_audited_encoding(a: &AuditedBallot) -> Vec<u8> {
    let mut e = Bytes::default();
    e.fixed(a.election.as_bytes()).u64(a.group.len() as u64);
    e.0.extend_from_slice(a.group.as_bytes());
    e.u64(a.contests.len() as u64);
    for c in &a.contests {
        e.u64(u64::from(c.contest.0))
            .u64(c.ciphertexts.len() as u64);
        for ct in &c.ciphertexts {
            e.fixed(ct.a.as_bytes()).fixed(ct.b.as_bytes());
        }
    }
    e.u64(a.opening.contests.len() as u64);
    for contest in &a.opening.contests {
        e.u64(contest.len() as u64);
        for s in contest {
            e.u64(u64::from(s.value)).fixed(s.nonce.as_bytes());
        }
    }
    e.0
}

/// protocol.md §11 step 3, from the spec: every opening re-encrypts to its ciphertext,
/// `A = nonce·G`, `B = value·G + nonce·K`.
fn spec_opening_holds(a: &AuditedBallot, key: &Point) -> bool {
    a.contests.len() == a.opening.contests.len()
        && a.contests
            .iter()
            .zip(&a.opening.contests)
            .all(|(c, opened)| {
                c.ciphertexts.len() == opened.len()
                    && c.ciphertexts.iter().zip(opened).all(|(ct, o)| {
                        *ct.a.point() == o.nonce * G
                            && *ct.b.point()
                                == Scalar::from(u64::from(o.value)) * G + o.nonce * key.point()
                    })
            })
}

/// Crockford base 32 of the first 80 bits, in four groups of four.
fn spec_tracking_code(hash: &[u8; 32]) -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let mut bits: u128 = 0;
    for &b in &hash[..10] {
        bits = (bits << 8) | u128::from(b);
    }
    let mut out = String::new();
    for i in 0..16 {
        if i > 0 && i % 4 == 0 {
            out.push('-');
        }
        let digit = (bits >> (75 - 5 * i)) & 31;
        out.push(char::from(ALPHABET[digit as usize]));
    }
    out
}

/// One operation on a merlin transcript, as published in the vectors.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
enum TranscriptOp {
    /// `append_message(label, message)`; `message` is hex.
    Append { label: String, message: String },
    /// `challenge_bytes(label, 64 bytes)`; `output` is the 64 bytes in hex.
    Challenge { label: String, output: String },
}

/// A merlin transcript built from the spec's label table, recording what it absorbs.
/// A point's 32 bytes, decoded ([`Point`]) or not yet ([`Commitment`]).
trait Encoded {
    fn encoded(&self) -> &[u8; 32];
}

impl Encoded for Point {
    fn encoded(&self) -> &[u8; 32] {
        self.as_bytes()
    }
}

impl Encoded for Commitment {
    fn encoded(&self) -> &[u8; 32] {
        self.as_bytes()
    }
}

#[derive(Clone)]
struct Fs {
    t: Transcript,
    ops: Vec<TranscriptOp>,
}

impl Fs {
    /// `Transcript::new("zhixuan-v1")` (which appends `dom-sep` = `zhixuan-v1` itself), then
    /// `dom-sep` = `domain`.
    fn new(domain: &'static [u8]) -> Self {
        let mut fs = Self {
            t: Transcript::new(b"zhixuan-v1"),
            ops: vec![TranscriptOp::Append {
                label: "dom-sep".into(),
                message: h(b"zhixuan-v1"),
            }],
        };
        fs.append(b"dom-sep", domain);
        fs
    }

    fn append(&mut self, label: &'static [u8], message: &[u8]) -> &mut Self {
        self.t.append_message(label, message);
        self.ops.push(TranscriptOp::Append {
            label: String::from_utf8(label.to_vec()).unwrap(),
            message: h(message),
        });
        self
    }

    fn u64(&mut self, label: &'static [u8], v: u64) -> &mut Self {
        self.append(label, &v.to_le_bytes())
    }

    fn point(&mut self, label: &'static [u8], p: &impl Encoded) -> &mut Self {
        self.append(label, p.encoded())
    }

    /// 64 challenge bytes, reduced modulo ℓ.
    fn challenge(&mut self, label: &'static [u8]) -> Scalar {
        let mut out = [0u8; 64];
        self.t.challenge_bytes(label, &mut out);
        self.ops.push(TranscriptOp::Challenge {
            label: String::from_utf8(label.to_vec()).unwrap(),
            output: h(&out),
        });
        Scalar::from_bytes_mod_order_wide(&out)
    }
}

/// The ballot-proof prefix and one contest's statement.
fn spec_contest_transcript(
    election: &ElectionHash,
    key: &Point,
    credential: &Credential,
    contest: &EncryptedContest,
) -> Fs {
    let mut fs = Fs::new(b"ballot-proof");
    fs.append(b"election", election.as_bytes())
        .point(b"election-key", key)
        .point(b"credential", credential.point())
        .u64(b"contest", u64::from(contest.contest.0))
        .u64(b"selections", contest.selections.len() as u64);
    for s in &contest.selections {
        fs.point(b"selection-a", &s.ciphertext.a)
            .point(b"selection-b", &s.ciphertext.b);
    }
    fs
}

fn spec_selection_transcript(contest: &Fs, option: u64) -> Fs {
    let mut fs = contest.clone();
    fs.append(b"proof", b"selection").u64(b"option", option);
    fs
}

fn spec_total_transcript(contest: &Fs) -> Fs {
    let mut fs = contest.clone();
    fs.append(b"proof", b"total");
    fs
}

/// Checks a range proof for `(a, b)` in `lo..=hi` equation by equation; returns the
/// transcript's challenge and the transcript.
fn spec_verify_range(
    mut fs: Fs,
    key: &Point,
    (a, b): (RistrettoPoint, RistrettoPoint),
    lo: u64,
    hi: u64,
    proof: &RangeProof,
) -> Result<(Scalar, Vec<TranscriptOp>), &'static str> {
    if proof.branches.len() as u64 != hi - lo + 1 {
        return Err("shape");
    }
    fs.u64(b"range-lo", lo).u64(b"range-hi", hi);
    for br in &proof.branches {
        fs.point(b"commitment-a", &br.commitment_a)
            .point(b"commitment-b", &br.commitment_b);
    }
    let c = fs.challenge(b"challenge");
    if proof.branches.iter().map(|br| br.challenge).sum::<Scalar>() != c {
        return Err("challenge sum");
    }
    for (j, br) in (lo..=hi).zip(&proof.branches) {
        let (cj, zj) = (br.challenge, br.response);
        if zj * G != br.commitment_a.decode().map_err(|_| "commitment")? + cj * a {
            return Err("equation in G");
        }
        if zj * key.point()
            != br.commitment_b.decode().map_err(|_| "commitment")? + cj * (b - Scalar::from(j) * G)
        {
            return Err("equation in K");
        }
    }
    Ok((c, fs.ops))
}

/// The Schnorr challenge `e` of `signature`, and whether `s·G = R + e·P` holds.
fn spec_schnorr(
    domain: &'static [u8],
    public: &Point,
    message: &[u8],
    signature: &Signature,
) -> (Scalar, bool) {
    let mut fs = Fs::new(domain);
    fs.point(b"public-key", public)
        .append(b"message", message)
        .point(b"commitment", &signature.commitment);
    let e = fs.challenge(b"challenge");
    let holds = (signature.commitment.decode())
        .is_ok_and(|r| signature.response * G == r + e * public.point());
    (e, holds)
}

/// Recomputes a Chaum–Pedersen challenge after the caller's statement; true if it matches.
fn spec_dleq(mut fs: Fs, h: &Point, x: &Point, y: &Point, proof: &DleqProof) -> bool {
    let (c, z) = (proof.challenge, proof.response);
    let t1 = Point::from_point(z * G - c * x.point());
    let t2 = Point::from_point(z * h.point() - c * y.point());
    fs.point(b"dleq-base", h)
        .point(b"dleq-public", x)
        .point(b"dleq-image", y)
        .point(b"dleq-commitment-g", &t1)
        .point(b"dleq-commitment-h", &t2);
    fs.challenge(b"challenge") == c
}

/// `Σₖ jᵏ·Aₖ`.
fn spec_committed_share(commitments: &[Point], j: u32) -> RistrettoPoint {
    let x = Scalar::from(u64::from(j));
    let mut power = Scalar::ONE;
    let mut sum = RistrettoPoint::identity();
    for c in commitments {
        sum += power * c.point();
        power *= x;
    }
    sum
}

fn spec_share_mask(
    election: &ElectionHash,
    dealer: u32,
    recipient: u32,
    ephemeral: &Point,
    shared: &Point,
) -> Scalar {
    let mut fs = Fs::new(b"share-mask");
    fs.append(b"election", election.as_bytes())
        .u64(b"dealer", u64::from(dealer))
        .u64(b"recipient", u64::from(recipient))
        .point(b"ephemeral", ephemeral)
        .point(b"shared-secret", shared);
    fs.challenge(b"mask")
}

fn spec_knowledge_challenge(election: &ElectionHash, dealing: &Dealing) -> (Scalar, bool) {
    let mut message = Bytes::default();
    message
        .fixed(election.as_bytes())
        .u64(u64::from(dealing.dealer.0))
        .u64(dealing.commitments.len() as u64);
    for c in &dealing.commitments {
        message.fixed(c.as_bytes());
    }
    spec_schnorr(
        b"dealer-knowledge",
        &dealing.commitments[0],
        &message.0,
        &dealing.proof,
    )
}

/// protocol.md §12.2: the ephemeral message `enc(election) ‖ enc(dealer) ‖ enc(recipient)`,
/// signed under `E` with the domain `share-ephemeral`.
fn spec_ephemeral_challenge(
    election: &ElectionHash,
    dealer: u32,
    share: &EncryptedShare,
) -> (Scalar, bool) {
    let mut message = Bytes::default();
    message
        .fixed(election.as_bytes())
        .u64(u64::from(dealer))
        .u64(u64::from(share.recipient.0));
    spec_schnorr(
        b"share-ephemeral",
        &share.ephemeral,
        &message.0,
        &share.proof,
    )
}

fn spec_lagrange(set: &[u32]) -> Vec<Scalar> {
    set.iter()
        .map(|&i| {
            let mut num = Scalar::ONE;
            let mut den = Scalar::ONE;
            for &j in set.iter().filter(|&&j| j != i) {
                num *= Scalar::from(u64::from(j));
                den *= Scalar::from(u64::from(j)) - Scalar::from(u64::from(i));
            }
            num * den.invert()
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// elgamal.json
// ---------------------------------------------------------------------------------------

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ElGamalVector {
    description: String,
    seed: String,
    /// `x`, canonical scalar hex.
    secret_key: String,
    /// `K = xG`.
    public_key: Point,
    m: u64,
    #[serde(with = "scalar_hex")]
    r: Scalar,
    /// `(A, B) = (rG, mG + rK)`.
    ciphertext: Ciphertext,
    /// `B − xA`, which is `mG`.
    m_g: Point,
}

fn elgamal_vector() -> ElGamalVector {
    let mut rng = rng_for("elgamal");
    let key = SigningKey::generate(&mut rng);
    let r = Scalar::random(&mut rng);
    let m = 7;
    let encryptor = Encryptor::new(ElectionContext {
        election: ElectionHash([0; 32]),
        key: election_key(key.verifying_key().point()),
    });
    let ciphertext = encryptor.encrypt(m, &r);
    let x = secret_of(&key);
    let m_g = Point::from_point(ciphertext.b.point() - x * ciphertext.a.point());
    ElGamalVector {
        description: "Exponential ElGamal: K = xG; (A, B) = (rG, mG + rK); B - xA = mG.".into(),
        seed: h(&seed("elgamal")),
        secret_key: h(&*key.to_bytes()),
        public_key: *key.verifying_key().point(),
        m,
        r,
        ciphertext,
        m_g,
    }
}

fn check_elgamal(v: &ElGamalVector) -> Result<(), &'static str> {
    let key = key_from_hex(&v.secret_key);
    if key.verifying_key().point() != &v.public_key {
        return Err("public key");
    }
    let x = secret_of(&key);
    let encryptor = Encryptor::new(ElectionContext {
        election: ElectionHash([0; 32]),
        key: election_key(&v.public_key),
    });
    if encryptor.encrypt(v.m, &v.r) != v.ciphertext {
        return Err("ciphertext");
    }
    if v.ciphertext.a.point() != &(v.r * G)
        || v.ciphertext.b.point() != &(Scalar::from(v.m) * G + v.r * v.public_key.point())
    {
        return Err("ciphertext by the spec");
    }
    let m_g = v.ciphertext.b.point() - x * v.ciphertext.a.point();
    if m_g != *v.m_g.point() || m_g != Scalar::from(v.m) * G {
        return Err("decryption");
    }
    if DiscreteLog::new(100).solve(&m_g) != Some(v.m) {
        return Err("discrete log");
    }
    Ok(())
}

#[test]
fn elgamal_vector_is_reproduced_and_verifies() {
    let text = reproduce("elgamal.json", &elgamal_vector());
    let v: ElGamalVector = parse(&text);
    check_elgamal(&v).unwrap();

    let mut r = parse::<ElGamalVector>(&text);
    r.r = flip(&r.r);
    assert_eq!(check_elgamal(&r), Err("ciphertext"));
    let mut m = parse::<ElGamalVector>(&text);
    m.m ^= 1;
    assert_eq!(check_elgamal(&m), Err("ciphertext"));
    let b = flip_in_text(&text, &v.ciphertext.b.to_string());
    if let Some(b) = parse_tampered::<ElGamalVector>(&b) {
        assert!(check_elgamal(&b).is_err());
    }
}

// ---------------------------------------------------------------------------------------
// schnorr.json
// ---------------------------------------------------------------------------------------

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SchnorrVector {
    description: String,
    seed: String,
    secret_key: String,
    public_key: VerifyingKey,
    /// The signature's domain label (here a ballot signature's).
    domain: String,
    /// The signed message, hex.
    message: String,
    signature: Signature,
    /// The transcript's challenge `e`.
    #[serde(with = "scalar_hex")]
    challenge: Scalar,
    transcript: Vec<TranscriptOp>,
}

const SCHNORR_DOMAIN: &[u8] = b"ballot-signature";

fn schnorr_vector() -> SchnorrVector {
    let mut rng = rng_for("schnorr");
    let key = SigningKey::generate(&mut rng);
    let mut message = [0u8; 32];
    rng.fill_bytes(&mut message);
    let signature = key.sign(SCHNORR_DOMAIN, &message, &mut rng);
    let mut fs = Fs::new(SCHNORR_DOMAIN);
    fs.point(b"public-key", key.verifying_key().point())
        .append(b"message", &message)
        .point(b"commitment", &signature.commitment);
    let challenge = fs.challenge(b"challenge");
    SchnorrVector {
        description: "A Schnorr signature (R, s) with s·G = R + e·P, under the ballot-signature domain over a 32-byte message.".into(),
        seed: h(&seed("schnorr")),
        secret_key: h(&*key.to_bytes()),
        public_key: key.verifying_key().clone(),
        domain: String::from_utf8(SCHNORR_DOMAIN.to_vec()).unwrap(),
        message: h(&message),
        signature,
        challenge,
        transcript: fs.ops,
    }
}

fn check_schnorr(v: &SchnorrVector) -> Result<(), ProofError> {
    assert_eq!(v.domain.as_bytes(), SCHNORR_DOMAIN);
    assert_eq!(key_from_hex(&v.secret_key).verifying_key(), &v.public_key);
    let message = hex::decode(&v.message).unwrap();
    let (e, holds) = spec_schnorr(SCHNORR_DOMAIN, v.public_key.point(), &message, &v.signature);
    let api = v.public_key.verify(SCHNORR_DOMAIN, &message, &v.signature);
    assert_eq!(api.is_ok(), holds, "the code and the spec disagree");
    if holds {
        assert_eq!(e, v.challenge);
    }
    api
}

#[test]
fn schnorr_vector_is_reproduced_and_verifies() {
    let text = reproduce("schnorr.json", &schnorr_vector());
    let v: SchnorrVector = parse(&text);
    check_schnorr(&v).unwrap();
    let mut fs = Fs::new(SCHNORR_DOMAIN);
    fs.point(b"public-key", v.public_key.point())
        .append(b"message", &hex::decode(&v.message).unwrap())
        .point(b"commitment", &v.signature.commitment);
    fs.challenge(b"challenge");
    assert_eq!(fs.ops, v.transcript);

    let mut s = parse::<SchnorrVector>(&text);
    s.signature.response = flip(&s.signature.response);
    assert!(check_schnorr(&s).is_err());
    let mut m = parse::<SchnorrVector>(&text);
    m.message = flip_in_text(&m.message, &v.message);
    assert!(check_schnorr(&m).is_err());
    // Another domain: the same signature does not verify.
    let message = hex::decode(&v.message).unwrap();
    assert!(v
        .public_key
        .verify(b"dealer-knowledge", &message, &v.signature)
        .is_err());
}

// ---------------------------------------------------------------------------------------
// ballot.json and range-proof.json
// ---------------------------------------------------------------------------------------

/// Five candidates, choose up to two; then a rating, exactly one of three.
fn ballot_style() -> BallotStyle {
    BallotStyle::new(vec![
        StyledContest {
            contest: ContestIndex(0),
            spec: ContestSpec::up_to(5, 2),
        },
        StyledContest {
            contest: ContestIndex(1),
            spec: ContestSpec::exactly_one(3),
        },
    ])
    .unwrap()
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ContestChallenges {
    contest: ContestIndex,
    /// Each selection proof's transcript challenge (the sum of its branch challenges).
    selections: Vec<Hex>,
    total: Hex,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BallotChallenges {
    contests: Vec<ContestChallenges>,
    /// The ballot signature's `e`.
    signature: Hex,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BallotVector {
    description: String,
    seed: String,
    election: ElectionHash,
    /// The election secret (one key, no ceremony), so the ballot can be decrypted.
    election_secret_key: String,
    election_key: ElectionKey,
    credential_secret: String,
    credential: Credential,
    style: BallotStyle,
    choices: Vec<Vec<u32>>,
    ballot: Ballot,
    /// The canonical encoding of the whole ballot (contests with proofs, then signature), hex.
    encoding: String,
    /// `tagged_hash("zhixuan-v1/ballot", election ‖ contests' ciphertexts)`.
    hash: BallotHash,
    tracking_code: TrackingCode,
    challenges: BallotChallenges,
    /// The same prepared ballot (the same encryption randomness), audited instead of cast:
    /// it has the same hash and tracking code.
    audited: AuditedBallot,
    /// The audited ballot's canonical encoding, hex.
    audited_encoding: String,
}

/// The transcript challenges of every proof of `ballot`, recomputed from the spec, with
/// every equation checked. `Err` names what failed.
fn spec_verify_ballot(
    election: &ElectionHash,
    key: &Point,
    style: &BallotStyle,
    ballot: &Ballot,
) -> Result<BallotChallenges, String> {
    if &ballot.election != election {
        return Err("election".into());
    }
    let mut contests = Vec::new();
    for (c, styled) in ballot.contests.iter().zip(style.contests()) {
        let fs = spec_contest_transcript(election, key, &ballot.credential, c);
        let mut selections = Vec::new();
        let (mut sum_a, mut sum_b) = (RistrettoPoint::identity(), RistrettoPoint::identity());
        for (o, (s, &limit)) in c
            .selections
            .iter()
            .zip(&styled.spec.option_limits)
            .enumerate()
        {
            let (a, b) = (*s.ciphertext.a.point(), *s.ciphertext.b.point());
            sum_a += a;
            sum_b += b;
            let t = spec_selection_transcript(&fs, o as u64);
            let (ch, _) = spec_verify_range(t, key, (a, b), 0, u64::from(limit), &s.proof)
                .map_err(|e| format!("contest {}, option {o}: {e}", c.contest))?;
            selections.push(Hex(ch));
        }
        let t = spec_total_transcript(&fs);
        let (lo, hi) = (styled.spec.min_total, styled.spec.max_total);
        let (total, _) = spec_verify_range(
            t,
            key,
            (sum_a, sum_b),
            u64::from(lo),
            u64::from(hi),
            &c.total_proof,
        )
        .map_err(|e| format!("contest {}, total: {e}", c.contest))?;
        contests.push(ContestChallenges {
            contest: c.contest,
            selections,
            total: Hex(total),
        });
    }
    let hash = spec_ballot_hash(ballot);
    let (e, holds) = spec_schnorr(
        b"ballot-signature",
        ballot.credential.point(),
        &hash,
        &ballot.signature,
    );
    if !holds {
        return Err("signature".into());
    }
    Ok(BallotChallenges {
        contests,
        signature: Hex(e),
    })
}

fn ballot_vector() -> BallotVector {
    let mut rng = rng_for("ballot");
    let election = election_hash(&mut rng);
    let secret = SigningKey::generate(&mut rng);
    let key = election_key(secret.verifying_key().point());
    let encryptor = Encryptor::new(ElectionContext {
        election,
        key: key.clone(),
    });
    let credential = CredentialSecret::generate(&mut rng);
    let style = ballot_style();
    let choices = vec![vec![0, 1, 0, 0, 1], vec![0, 0, 1]];
    // The device's randomness, twice: once the voter casts, once (the same ballot) audits.
    let mut twin = rng.clone();
    let ballot = encryptor
        .encrypt_ballot(&style, &choices, &credential.public(), &mut rng)
        .unwrap()
        .cast(&credential, &mut rng)
        .unwrap();
    let audited = encryptor
        .encrypt_ballot(&style, &choices, &credential.public(), &mut twin)
        .unwrap()
        .audit("residents");
    let challenges = spec_verify_ballot(&election, key.point(), &style, &ballot).unwrap();
    BallotVector {
        description: "A ballot for two contests (choose up to 2 of 5; exactly one of 3), cast: its canonical encoding, hash, tracking code and every proof's transcript challenge; and the same prepared ballot audited instead (group `residents`), with its canonical encoding and the same hash.".into(),
        seed: h(&seed("ballot")),
        election,
        election_secret_key: h(&*secret.to_bytes()),
        election_key: key,
        credential_secret: h(&*credential.to_bytes()),
        credential: credential.public(),
        style,
        choices,
        encoding: h(&ballot.to_canonical_bytes()),
        hash: ballot.hash(),
        tracking_code: ballot.tracking_code(),
        challenges,
        ballot,
        audited_encoding: h(&audited.to_canonical_bytes()),
        audited,
    }
}

/// Checks a parsed ballot vector with the public API and with the spec; `Err` is the API's
/// verdict.
fn check_ballot(v: &BallotVector) -> Result<(), BallotError> {
    let context = ElectionContext {
        election: v.election,
        key: v.election_key.clone(),
    };
    let verdict = v.ballot.clone().verify(&context, &v.style);
    let spec = spec_verify_ballot(&v.election, v.election_key.point(), &v.style, &v.ballot);
    assert_eq!(
        verdict.is_ok(),
        spec.is_ok(),
        "code and spec disagree: {spec:?}"
    );
    let verified = verdict?;
    assert_eq!(spec.unwrap(), v.challenges);
    assert_eq!(verified.hash(), &v.hash);
    assert_eq!(verified.tracking_code(), v.tracking_code);
    Ok(())
}

#[test]
fn ballot_vector_is_reproduced_and_verifies() {
    let text = reproduce("ballot.json", &ballot_vector());
    let v: BallotVector = parse(&text);

    // Keys and encodings, by the spec.
    assert_eq!(
        key_from_hex(&v.election_secret_key).verifying_key().point(),
        v.election_key.point()
    );
    assert_eq!(
        CredentialSecret::from_hex(&v.credential_secret)
            .unwrap()
            .public(),
        v.credential
    );
    assert_eq!(v.ballot.credential, v.credential);
    let encoding = spec_ballot_encoding(&v.ballot);
    assert_eq!(h(&encoding), v.encoding);
    assert_eq!(v.ballot.to_canonical_bytes(), encoding);
    assert_eq!(spec_ballot_hash(&v.ballot), v.hash.0);
    assert_eq!(spec_tracking_code(&v.hash.0), v.tracking_code.to_string());
    assert_eq!(
        v.tracking_code.to_string().parse::<TrackingCode>().unwrap(),
        v.tracking_code
    );

    // The public verifier, alone and in a batch.
    check_ballot(&v).unwrap();
    let context = ElectionContext {
        election: v.election,
        key: v.election_key.clone(),
    };
    let batch = verify_ballots(&context, vec![(v.ballot.clone(), &v.style)]);
    assert!(batch[0].is_ok());

    // The audit of the same prepared ballot: the same hash, no credential; it shows what
    // the ballot held, and the plaintexts decrypt with the election secret.
    let encryptor = Encryptor::new(context.clone());
    let audited = &v.audited;
    let audited_encoding = spec_audited_encoding(audited);
    assert_eq!(h(&audited_encoding), v.audited_encoding);
    assert_eq!(audited.to_canonical_bytes(), audited_encoding);
    assert_eq!(spec_audited_hash(audited), v.hash.0);
    assert_eq!(audited.hash(), v.hash);
    assert_eq!(audited.tracking_code(), v.tracking_code);
    assert!(spec_opening_holds(audited, v.election_key.point()));
    let shown = audited.verify(&encryptor, &v.style).unwrap();
    assert_eq!(shown.choices(), &v.choices[..]);
    assert_eq!(shown.hash(), &v.hash);
    let x = secret_of(&key_from_hex(&v.election_secret_key));
    for (c, choices) in v.ballot.contests.iter().zip(&v.choices) {
        for (s, &m) in c.selections.iter().zip(choices) {
            let m_g = s.ciphertext.b.point() - x * s.ciphertext.a.point();
            assert_eq!(m_g, Scalar::from(u64::from(m)) * G);
        }
    }

    // One-bit tampers.
    let mut response = parse::<BallotVector>(&text);
    let branch = &mut response.ballot.contests[0].selections[1].proof.branches[0];
    branch.response = flip(&branch.response);
    assert_eq!(
        check_ballot(&response).unwrap_err(),
        BallotError::ProofEquation {
            part: BallotPart::Selection(ContestIndex(0), OptionIndex(1))
        }
    );
    let mut challenge = parse::<BallotVector>(&text);
    let total = &mut challenge.ballot.contests[1].total_proof.branches[0];
    total.challenge = flip(&total.challenge);
    assert_eq!(
        check_ballot(&challenge).unwrap_err(),
        BallotError::ChallengeMismatch {
            part: BallotPart::ContestTotal(ContestIndex(1))
        }
    );
    let mut signature = parse::<BallotVector>(&text);
    signature.ballot.signature.response = flip(&signature.ballot.signature.response);
    assert_eq!(
        check_ballot(&signature).unwrap_err(),
        BallotError::ProofEquation {
            part: BallotPart::Signature
        }
    );
    let point = v.ballot.contests[0].selections[2].ciphertext.b.to_string();
    if let Some(p) = parse_tampered::<BallotVector>(&flip_in_text(&text, &point)) {
        assert!(check_ballot(&p).is_err());
    }
    let mut opening = parse::<BallotVector>(&text);
    let nonce = &mut opening.audited.opening.contests[1][2].nonce;
    *nonce = flip(nonce);
    assert!(!spec_opening_holds(
        &opening.audited,
        v.election_key.point()
    ));
    assert_eq!(
        opening.audited.verify(&encryptor, &v.style).unwrap_err(),
        BallotError::OpeningMismatch {
            part: BallotPart::Selection(ContestIndex(1), OptionIndex(2))
        }
    );
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RangeProofCase {
    /// `selection` (with its option) or `total`.
    proof: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    option: Option<u64>,
    lo: u64,
    hi: u64,
    /// The ciphertext the proof is about (for a total, the sum of the contest's).
    ciphertext: Ciphertext,
    range_proof: RangeProof,
    /// Every transcript operation, in order, ending with the challenge.
    transcript: Vec<TranscriptOp>,
    #[serde(with = "scalar_hex")]
    challenge: Scalar,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RangeProofVector {
    description: String,
    seed: String,
    election: ElectionHash,
    election_key: ElectionKey,
    style: BallotStyle,
    choices: Vec<Vec<u32>>,
    /// The whole ballot the proofs belong to (the public API verifies proofs only within
    /// a ballot).
    ballot: Ballot,
    cases: Vec<RangeProofCase>,
}

fn range_style() -> BallotStyle {
    BallotStyle::new(vec![StyledContest {
        contest: ContestIndex(2),
        spec: ContestSpec {
            option_limits: vec![3, 1],
            min_total: 1,
            max_total: 3,
        },
    }])
    .unwrap()
}

fn range_cases(v_election: &ElectionHash, key: &Point, ballot: &Ballot) -> Vec<RangeProofCase> {
    let style = range_style();
    let contest = &ballot.contests[0];
    let spec = &style.contests()[0].spec;
    let fs = spec_contest_transcript(v_election, key, &ballot.credential, contest);
    let s = &contest.selections[0];
    let limit = u64::from(spec.option_limits[0]);
    let (c, ops) = spec_verify_range(
        spec_selection_transcript(&fs, 0),
        key,
        (*s.ciphertext.a.point(), *s.ciphertext.b.point()),
        0,
        limit,
        &s.proof,
    )
    .unwrap();
    let selection = RangeProofCase {
        proof: "selection".into(),
        option: Some(0),
        lo: 0,
        hi: limit,
        ciphertext: s.ciphertext,
        range_proof: s.proof.clone(),
        transcript: ops,
        challenge: c,
    };
    let sum_a: RistrettoPoint = contest
        .selections
        .iter()
        .map(|s| s.ciphertext.a.point())
        .sum();
    let sum_b: RistrettoPoint = contest
        .selections
        .iter()
        .map(|s| s.ciphertext.b.point())
        .sum();
    let (lo, hi) = (u64::from(spec.min_total), u64::from(spec.max_total));
    let (c, ops) = spec_verify_range(
        spec_total_transcript(&fs),
        key,
        (sum_a, sum_b),
        lo,
        hi,
        &contest.total_proof,
    )
    .unwrap();
    let total = RangeProofCase {
        proof: "total".into(),
        option: None,
        lo,
        hi,
        ciphertext: Ciphertext {
            a: Point::from_point(sum_a),
            b: Point::from_point(sum_b),
        },
        range_proof: contest.total_proof.clone(),
        transcript: ops,
        challenge: c,
    };
    vec![selection, total]
}

fn range_proof_vector() -> RangeProofVector {
    let mut rng = rng_for("range-proof");
    let election = election_hash(&mut rng);
    let secret = SigningKey::generate(&mut rng);
    let key = election_key(secret.verifying_key().point());
    let encryptor = Encryptor::new(ElectionContext {
        election,
        key: key.clone(),
    });
    let credential = CredentialSecret::generate(&mut rng);
    let style = range_style();
    let choices = vec![vec![2, 0]];
    let ballot = encryptor
        .encrypt_ballot(&style, &choices, &credential.public(), &mut rng)
        .unwrap()
        .cast(&credential, &mut rng)
        .unwrap();
    let cases = range_cases(&election, key.point(), &ballot);
    RangeProofVector {
        description: "CDS range proofs in contest 2 (option limits [3, 1], total 1..=3), choices [2, 0]: the 4-branch proof that option 0 is in 0..=3, and the 3-branch proof that the total is in 1..=3, each with its full merlin transcript.".into(),
        seed: h(&seed("range-proof")),
        election,
        election_key: key,
        style,
        choices,
        ballot,
        cases,
    }
}

#[test]
fn range_proof_vector_is_reproduced_and_verifies() {
    let text = reproduce("range-proof.json", &range_proof_vector());
    let v: RangeProofVector = parse(&text);
    let context = ElectionContext {
        election: v.election,
        key: v.election_key.clone(),
    };
    v.ballot.clone().verify(&context, &v.style).unwrap();
    let cases = range_cases(&v.election, v.election_key.point(), &v.ballot);
    assert_eq!(
        serde_json::to_value(&cases).unwrap(),
        serde_json::to_value(&v.cases).unwrap()
    );
    assert_eq!(
        v.cases[0].range_proof,
        v.ballot.contests[0].selections[0].proof
    );
    assert_eq!(v.cases[1].range_proof, v.ballot.contests[0].total_proof);
    for case in &v.cases {
        let sum: Scalar = case.range_proof.branches.iter().map(|b| b.challenge).sum();
        assert_eq!(sum, case.challenge);
    }

    // One bit of the 4-branch proof's third branch (the true one, m = 2).
    let mut tampered = parse::<RangeProofVector>(&text);
    let b = &mut tampered.ballot.contests[0].selections[0].proof.branches[2];
    b.response = flip(&b.response);
    assert_eq!(
        tampered.ballot.verify(&context, &v.style).unwrap_err(),
        BallotError::ProofEquation {
            part: BallotPart::Selection(ContestIndex(2), OptionIndex(0))
        }
    );
    let commitment = v.ballot.contests[0].total_proof.branches[1]
        .commitment_b
        .to_string();
    if let Some(t) = parse_tampered::<RangeProofVector>(&flip_in_text(&text, &commitment)) {
        assert_eq!(
            t.ballot.verify(&context, &v.style).unwrap_err(),
            BallotError::ChallengeMismatch {
                part: BallotPart::ContestTotal(ContestIndex(2))
            }
        );
    }
}

// ---------------------------------------------------------------------------------------
// dkg-3-of-5.json and dkg-complaint.json
// ---------------------------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ShareOpening {
    dealer: TrusteeIndex,
    recipient: TrusteeIndex,
    /// `D = c_recipient · E`.
    shared_secret: Point,
    #[serde(with = "scalar_hex")]
    mask: Scalar,
    /// `f_dealer(recipient) = masked_share − mask`.
    #[serde(with = "scalar_hex")]
    value: Scalar,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DkgVector {
    description: String,
    seed: String,
    params: CeremonyParams,
    /// Trustee `i`'s communication secret `c_i` is `communication_secrets[i − 1]`.
    communication_secrets: Vec<String>,
    dealings: Vec<Dealing>,
    /// Each dealing's proof-of-knowledge challenge `e`.
    knowledge_challenges: Vec<Hex>,
    /// Each dealing's shares' ephemeral-proof challenges, in the order of its shares.
    ephemeral_challenges: Vec<Vec<Hex>>,
    /// Every encrypted share, opened with the recipient's communication secret.
    share_openings: Vec<ShareOpening>,
    complaints: Vec<Complaint>,
    result: CeremonyResult,
    /// Each trustee's secret share `x_j` and index, as `Trustee::finish` returns it.
    trustee_shares: Vec<TrusteeShare>,
}

struct Ceremony {
    params: CeremonyParams,
    keys: Vec<SigningKey>,
    dealings: Vec<Dealing>,
    complaints: Vec<Complaint>,
    result: CeremonyResult,
    shares: Vec<TrusteeShare>,
}

/// A ceremony from `rng`: keys, trustees, dealings (with `tamper` applied before anyone
/// receives them), complaints, result and shares.
fn run_ceremony(
    rng: &mut ChaCha20Rng,
    threshold: u32,
    n: usize,
    tamper: impl FnOnce(&mut [Dealing]),
) -> Ceremony {
    let election = election_hash(rng);
    let keys: Vec<SigningKey> = (0..n).map(|_| SigningKey::generate(rng)).collect();
    let params = CeremonyParams::new(
        election,
        threshold,
        keys.iter().map(|k| k.verifying_key().clone()).collect(),
    )
    .unwrap();
    let mut trustees: Vec<Trustee> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| {
            Trustee::new(params.clone(), TrusteeIndex(i as u32 + 1), k.clone(), rng).unwrap()
        })
        .collect();
    let mut dealings: Vec<Dealing> = trustees.iter().map(|t| t.dealing(rng)).collect();
    tamper(&mut dealings);
    let mut complaints = Vec::new();
    for trustee in &mut trustees {
        for d in &dealings {
            if let Some(c) = trustee.receive(d, rng).unwrap() {
                complaints.push(c);
            }
        }
    }
    let result = conclude(&params, &dealings, &complaints).unwrap();
    let shares = trustees
        .iter()
        .map(|t| t.finish(&result).unwrap())
        .collect();
    Ceremony {
        params,
        keys,
        dealings,
        complaints,
        result,
        shares,
    }
}

fn ephemeral_challenges(params: &CeremonyParams, dealings: &[Dealing]) -> Vec<Vec<Hex>> {
    dealings
        .iter()
        .map(|d| {
            d.shares
                .iter()
                .map(|s| {
                    let (challenge, holds) =
                        spec_ephemeral_challenge(&params.election, d.dealer.0, s);
                    assert!(holds, "share {} → {}", d.dealer, s.recipient);
                    Hex(challenge)
                })
                .collect()
        })
        .collect()
}

fn share_openings(
    params: &CeremonyParams,
    secrets: &[String],
    dealings: &[Dealing],
) -> Vec<ShareOpening> {
    let mut out = Vec::new();
    for d in dealings {
        for s in &d.shares {
            let c = secret_of(&key_from_hex(&secrets[s.recipient.0 as usize - 1]));
            let shared = Point::from_point(c * s.ephemeral.point());
            let mask = spec_share_mask(
                &params.election,
                d.dealer.0,
                s.recipient.0,
                &s.ephemeral,
                &shared,
            );
            out.push(ShareOpening {
                dealer: d.dealer,
                recipient: s.recipient,
                shared_secret: shared,
                mask,
                value: s.masked_share - mask,
            });
        }
    }
    out
}

fn dkg_vector(
    name: &str,
    description: &str,
    threshold: u32,
    n: usize,
    tamper: impl FnOnce(&mut [Dealing]),
) -> (DkgVector, Ceremony) {
    let mut rng = rng_for(name);
    let ceremony = run_ceremony(&mut rng, threshold, n, tamper);
    let secrets: Vec<String> = ceremony.keys.iter().map(|k| h(&*k.to_bytes())).collect();
    let vector = DkgVector {
        description: description.into(),
        seed: h(&seed(name)),
        params: ceremony.params.clone(),
        knowledge_challenges: ceremony
            .dealings
            .iter()
            .map(|d| Hex(spec_knowledge_challenge(&ceremony.params.election, d).0))
            .collect(),
        ephemeral_challenges: ephemeral_challenges(&ceremony.params, &ceremony.dealings),
        share_openings: share_openings(&ceremony.params, &secrets, &ceremony.dealings),
        communication_secrets: secrets,
        dealings: ceremony.dealings.clone(),
        complaints: ceremony.complaints.clone(),
        result: ceremony.result.clone(),
        trustee_shares: ceremony.shares.clone(),
    };
    (vector, ceremony)
}

fn dkg_3_of_5() -> (DkgVector, Ceremony) {
    dkg_vector(
        "dkg-3-of-5",
        "An honest 3-of-5 key ceremony: parameters, the five dealings, every share opened, the result (election key and verification keys) and each trustee's secret share.",
        3,
        5,
        |_| {},
    )
}

/// Checks a DKG vector with the public API and the spec; `Err` is the API's verdict.
fn check_dkg(v: &DkgVector) -> Result<(), CeremonyError> {
    let params = &v.params;
    for (i, s) in v.communication_secrets.iter().enumerate() {
        assert_eq!(key_from_hex(s).verifying_key(), &params.trustees[i]);
    }
    for d in &v.dealings {
        d.verify(params)?;
    }
    let result = conclude(params, &v.dealings, &v.complaints)?;
    assert_eq!(result, v.result);
    // By the spec: knowledge proofs, share openings, keys.
    for (d, e) in v.dealings.iter().zip(&v.knowledge_challenges) {
        let (challenge, holds) = spec_knowledge_challenge(&params.election, d);
        assert!(holds);
        assert_eq!(challenge, e.0);
    }
    assert_eq!(
        ephemeral_challenges(params, &v.dealings),
        v.ephemeral_challenges
    );
    assert_eq!(
        share_openings(params, &v.communication_secrets, &v.dealings),
        v.share_openings
    );
    let qualified: Vec<&Dealing> = v
        .dealings
        .iter()
        .filter(|d| result.qualified.contains(&d.dealer))
        .collect();
    let key: RistrettoPoint = qualified.iter().map(|d| d.commitments[0].point()).sum();
    assert_eq!(&key, result.election_key.point().point());
    for (j, share) in v.trustee_shares.iter().enumerate() {
        let index = j as u32 + 1;
        assert_eq!(share.index(), TrusteeIndex(index));
        let vk: RistrettoPoint = qualified
            .iter()
            .map(|d| spec_committed_share(&d.commitments, index))
            .sum();
        assert_eq!(&vk, v.result.verification_keys[j].point());
        assert_eq!(share.verification_key(), v.result.verification_keys[j]);
    }
    for o in &v.share_openings {
        let dealing = v.dealings.iter().find(|d| d.dealer == o.dealer).unwrap();
        let matches = o.value * G == spec_committed_share(&dealing.commitments, o.recipient.0);
        let complained = v
            .complaints
            .iter()
            .any(|c| c.dealer == o.dealer && c.recipient == o.recipient);
        assert_eq!(matches, !complained, "share {} → {}", o.dealer, o.recipient);
    }
    Ok(())
}

#[test]
fn dkg_vector_is_reproduced_and_verifies() {
    let text = reproduce("dkg-3-of-5.json", &dkg_3_of_5().0);
    let v: DkgVector = parse(&text);
    check_dkg(&v).unwrap();
    assert_eq!(v.result.qualified.len(), 5);
    assert!(v.complaints.is_empty());

    let mut proof = parse::<DkgVector>(&text);
    proof.dealings[2].proof.response = flip(&proof.dealings[2].proof.response);
    assert_eq!(
        check_dkg(&proof).unwrap_err(),
        CeremonyError::KnowledgeProof {
            trustee: TrusteeIndex(3)
        }
    );
    let mut ephemeral = parse::<DkgVector>(&text);
    let share = &mut ephemeral.dealings[3].shares[1];
    share.proof.response = flip(&share.proof.response);
    assert_eq!(
        check_dkg(&ephemeral).unwrap_err(),
        CeremonyError::EphemeralProof {
            dealer: TrusteeIndex(4),
            recipient: TrusteeIndex(2)
        }
    );
    let commitment = v.dealings[1].commitments[2].to_string();
    if let Some(t) = parse_tampered::<DkgVector>(&flip_in_text(&text, &commitment)) {
        assert_eq!(
            check_dkg(&t).unwrap_err(),
            CeremonyError::KnowledgeProof {
                trustee: TrusteeIndex(2)
            }
        );
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ComplaintCheck {
    dealer: TrusteeIndex,
    recipient: TrusteeIndex,
    verdict: ComplaintVerdict,
    /// The complaint transcript, ending with the Chaum–Pedersen challenge.
    transcript: Vec<TranscriptOp>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DkgComplaintVector {
    ceremony: DkgVector,
    complaint_checks: Vec<ComplaintCheck>,
}

fn complaint_checks(
    params: &CeremonyParams,
    dealings: &[Dealing],
    complaints: &[Complaint],
) -> Vec<ComplaintCheck> {
    complaints
        .iter()
        .map(|c| {
            let dealing = dealings.iter().find(|d| d.dealer == c.dealer).unwrap();
            let share = dealing
                .shares
                .iter()
                .find(|s| s.recipient == c.recipient)
                .unwrap();
            let mut fs = Fs::new(b"share-complaint");
            fs.append(b"election", params.election.as_bytes())
                .u64(b"dealer", u64::from(c.dealer.0))
                .u64(b"recipient", u64::from(c.recipient.0));
            assert!(spec_dleq(
                fs.clone(),
                &share.ephemeral,
                params.key_of(c.recipient).unwrap().point(),
                &c.shared_secret,
                &c.proof
            ));
            let (z, ch) = (c.proof.response, c.proof.challenge);
            let x = params.key_of(c.recipient).unwrap().point();
            fs.point(b"dleq-base", &share.ephemeral)
                .point(b"dleq-public", x)
                .point(b"dleq-image", &c.shared_secret)
                .point(
                    b"dleq-commitment-g",
                    &Point::from_point(z * G - ch * x.point()),
                )
                .point(
                    b"dleq-commitment-h",
                    &Point::from_point(z * share.ephemeral.point() - ch * c.shared_secret.point()),
                );
            fs.challenge(b"challenge");
            ComplaintCheck {
                dealer: c.dealer,
                recipient: c.recipient,
                verdict: c.verify(params, dealing).unwrap(),
                transcript: fs.ops,
            }
        })
        .collect()
}

fn dkg_complaint_vector() -> DkgComplaintVector {
    let (ceremony, _) = dkg_vector(
        "dkg-complaint",
        "A 2-of-3 key ceremony in which dealer 3 sends trustee 1 a wrong share (its masked share plus one): trustee 1's complaint, which anyone can check, disqualifies dealer 3.",
        2,
        3,
        |dealings| {
            let share = dealings[2]
                .shares
                .iter_mut()
                .find(|s| s.recipient == TrusteeIndex(1))
                .unwrap();
            share.masked_share += Scalar::ONE;
        },
    );
    let checks = complaint_checks(&ceremony.params, &ceremony.dealings, &ceremony.complaints);
    DkgComplaintVector {
        ceremony,
        complaint_checks: checks,
    }
}

#[test]
fn dkg_complaint_vector_is_reproduced_and_verifies() {
    let text = reproduce("dkg-complaint.json", &dkg_complaint_vector());
    let v: DkgComplaintVector = parse(&text);
    check_dkg(&v.ceremony).unwrap();
    let c = &v.ceremony;
    assert_eq!(c.complaints.len(), 1);
    assert_eq!(c.result.disqualified, vec![TrusteeIndex(3)]);
    assert_eq!(c.result.qualified, vec![TrusteeIndex(1), TrusteeIndex(2)]);
    let checks = complaint_checks(&c.params, &c.dealings, &c.complaints);
    assert_eq!(
        serde_json::to_value(&checks).unwrap(),
        serde_json::to_value(&v.complaint_checks).unwrap()
    );
    assert_eq!(
        v.complaint_checks[0].verdict,
        ComplaintVerdict::DealerAtFault
    );

    let mut tampered = parse::<DkgComplaintVector>(&text);
    let proof = &mut tampered.ceremony.complaints[0].proof;
    proof.response = flip(&proof.response);
    assert!(matches!(
        tampered.ceremony.complaints[0]
            .verify(&c.params, &c.dealings[2])
            .unwrap_err(),
        CeremonyError::Complaint { .. }
    ));
    assert!(matches!(
        check_dkg(&tampered.ceremony).unwrap_err(),
        CeremonyError::Complaint { .. }
    ));
}

// ---------------------------------------------------------------------------------------
// decryption.json
// ---------------------------------------------------------------------------------------

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct WeightedBallot {
    weight: u64,
    choices: Vec<Vec<u32>>,
    ballot: Ballot,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Lagrange {
    trustee: TrusteeIndex,
    #[serde(with = "scalar_hex")]
    coefficient: Scalar,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DecryptionVector {
    description: String,
    seed: String,
    election: ElectionHash,
    threshold: u32,
    election_key: ElectionKey,
    /// From `dkg-3-of-5.json`: trustee `i`'s key is `verification_keys[i − 1]`.
    verification_keys: Vec<Point>,
    style: BallotStyle,
    ballots: Vec<WeightedBallot>,
    tally: EncryptedTally,
    /// The largest count any option can hold: total weight × largest option limit.
    bound: u64,
    partial_decryptions: Vec<PartialDecryption>,
    /// The Lagrange coefficients at zero of the decrypting trustees.
    lagrange: Vec<Lagrange>,
    /// `m·G = B − Σ λᵢ·Dᵢ` for every tally ciphertext, in `EncryptedTally::ciphertexts` order.
    m_g: Vec<Point>,
    /// The counts, in the same order.
    counts: Vec<u64>,
}

const DECRYPTING_TRUSTEES: [u32; 3] = [2, 4, 5];

fn decryption_vector() -> DecryptionVector {
    let (_, ceremony) = dkg_3_of_5();
    let mut rng = rng_for("decryption");
    let election = ceremony.params.election;
    let context = ElectionContext {
        election,
        key: ceremony.result.election_key.clone(),
    };
    let encryptor = Encryptor::new(context.clone());
    let style = ballot_style();
    let plan: [(u64, Vec<Vec<u32>>); 4] = [
        (1, vec![vec![1, 1, 0, 0, 0], vec![1, 0, 0]]),
        (1, vec![vec![0, 1, 0, 0, 1], vec![1, 0, 0]]),
        (1, vec![vec![0, 0, 0, 0, 0], vec![0, 0, 1]]),
        (2, vec![vec![0, 1, 1, 0, 0], vec![0, 1, 0]]),
    ];
    let mut accumulator = TallyAccumulator::new(&style);
    let mut ballots = Vec::new();
    for (weight, choices) in plan {
        let credential = CredentialSecret::generate(&mut rng);
        let ballot = encryptor
            .encrypt_ballot(&style, &choices, &credential.public(), &mut rng)
            .unwrap()
            .cast(&credential, &mut rng)
            .unwrap();
        let verified = ballot.clone().verify(&context, &style).unwrap();
        accumulator.add(&verified, weight).unwrap();
        ballots.push(WeightedBallot {
            weight,
            choices,
            ballot,
        });
    }
    let tally = accumulator.finish();
    let bound = accumulator.bound();
    let cts = tally.ciphertexts();
    let partials: Vec<PartialDecryption> = DECRYPTING_TRUSTEES
        .iter()
        .map(|&i| ceremony.shares[i as usize - 1].decrypt(&election, &cts, &mut rng))
        .collect();
    let verified: Vec<VerifiedPartialDecryption> = partials
        .iter()
        .map(|p| {
            let key = ceremony.result.verification_key(p.trustee).unwrap();
            p.clone().verify(&election, key, &cts).unwrap()
        })
        .collect();
    let counts = combine(ceremony.params.threshold, &cts, &verified, bound).unwrap();
    let lambdas = spec_lagrange(&DECRYPTING_TRUSTEES);
    let m_g = spec_combine(&cts, &partials, &lambdas);
    DecryptionVector {
        description: "Threshold decryption with the key of dkg-3-of-5.json: four ballots (weights 1, 1, 1, 2), their encrypted tally, partial decryptions by trustees 2, 4 and 5, the Lagrange coefficients, and the counts.".into(),
        seed: h(&seed("decryption")),
        election,
        threshold: ceremony.params.threshold,
        election_key: ceremony.result.election_key.clone(),
        verification_keys: ceremony.result.verification_keys.clone(),
        style,
        ballots,
        tally,
        bound,
        partial_decryptions: partials,
        lagrange: DECRYPTING_TRUSTEES
            .iter()
            .zip(lambdas)
            .map(|(&i, coefficient)| Lagrange {
                trustee: TrusteeIndex(i),
                coefficient,
            })
            .collect(),
        m_g,
        counts,
    }
}

/// `B − Σ λᵢ·Dᵢ` for every ciphertext.
fn spec_combine(
    cts: &[Ciphertext],
    partials: &[PartialDecryption],
    lambdas: &[Scalar],
) -> Vec<Point> {
    cts.iter()
        .enumerate()
        .map(|(position, ct)| {
            let xa: RistrettoPoint = partials
                .iter()
                .zip(lambdas)
                .map(|(p, l)| l * p.shares[position].share.point())
                .sum();
            Point::from_point(ct.b.point() - xa)
        })
        .collect()
}

/// Checks a decryption vector with the public API and the spec; `Err` is the API's verdict.
fn check_decryption(v: &DecryptionVector) -> Result<(), DecryptionError> {
    let context = ElectionContext {
        election: v.election,
        key: v.election_key.clone(),
    };
    let mut accumulator = TallyAccumulator::new(&v.style);
    let mut expected = vec![0u64; v.counts.len()];
    for b in &v.ballots {
        let verified = b.ballot.clone().verify(&context, &v.style).unwrap();
        accumulator.add(&verified, b.weight).unwrap();
        for (e, &m) in expected.iter_mut().zip(b.choices.iter().flatten()) {
            *e += u64::from(m) * b.weight;
        }
    }
    assert_eq!(accumulator.finish(), v.tally);
    assert_eq!(accumulator.bound(), v.bound);
    let cts = v.tally.ciphertexts();
    let mut verified = Vec::new();
    for p in &v.partial_decryptions {
        let key = &v.verification_keys[p.trustee.0 as usize - 1];
        // By the spec, every proof's challenge.
        let spec_ok = p.shares.len() == cts.len()
            && p.shares
                .iter()
                .zip(&cts)
                .enumerate()
                .all(|(position, (s, ct))| {
                    let mut fs = Fs::new(b"partial-decryption");
                    fs.append(b"election", v.election.as_bytes())
                        .u64(b"trustee", u64::from(p.trustee.0))
                        .point(b"verification-key", key)
                        .u64(b"position", position as u64)
                        .point(b"ciphertext-a", &ct.a)
                        .point(b"ciphertext-b", &ct.b);
                    spec_dleq(fs, &ct.a, key, &s.share, &s.proof)
                });
        let api = p.clone().verify(&v.election, key, &cts);
        assert_eq!(api.is_ok(), spec_ok, "code and spec disagree");
        verified.push(api?);
    }
    let set: Vec<u32> = v.partial_decryptions.iter().map(|p| p.trustee.0).collect();
    let lambdas = spec_lagrange(&set);
    assert_eq!(
        v.lagrange,
        set.iter()
            .zip(&lambdas)
            .map(|(&i, &coefficient)| Lagrange {
                trustee: TrusteeIndex(i),
                coefficient
            })
            .collect::<Vec<_>>()
    );
    let m_g = spec_combine(&cts, &v.partial_decryptions, &lambdas);
    assert_eq!(m_g, v.m_g);
    for (p, &m) in m_g.iter().zip(&v.counts) {
        assert_eq!(p.point(), &(Scalar::from(m) * G));
    }
    let counts = combine(v.threshold, &cts, &verified, v.bound)?;
    assert_eq!(counts, v.counts);
    assert_eq!(counts, expected);
    Ok(())
}

#[test]
fn decryption_vector_is_reproduced_and_verifies() {
    let text = reproduce("decryption.json", &decryption_vector());
    let v: DecryptionVector = parse(&text);
    check_decryption(&v).unwrap();
    assert_eq!(v.counts, vec![1, 4, 2, 0, 1, 2, 2, 1]);

    let mut tampered = parse::<DecryptionVector>(&text);
    let proof = &mut tampered.partial_decryptions[1].shares[2].proof;
    proof.response = flip(&proof.response);
    assert_eq!(
        check_decryption(&tampered).unwrap_err(),
        DecryptionError::Proof {
            trustee: TrusteeIndex(4),
            position: 2
        }
    );
    let share = v.partial_decryptions[2].shares[5].share.to_string();
    if let Some(t) = parse_tampered::<DecryptionVector>(&flip_in_text(&text, &share)) {
        assert_eq!(
            check_decryption(&t).unwrap_err(),
            DecryptionError::Proof {
                trustee: TrusteeIndex(5),
                position: 5
            }
        );
    }
}
