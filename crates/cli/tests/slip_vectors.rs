//! Known-answer vectors for credential slips (`spec/slips.md`, `spec/vectors/slips.json`).
//!
//! The codes are drawn from a fixed seed with `ChaCha20Rng`, plus the all-zero and all-one
//! codes. For each the test writes the code's text with an implementation of
//! `spec/slips.md` written here, reads it with `SlipCode::parse`, and requires the code's
//! own text, QR payload and credential to be what the spec gives; then it requires the
//! committed file to be reproduced byte for byte (or writes it, with
//! `ZHIXUAN_WRITE_VECTORS=1`), and checks that a mistyped character and a code for another
//! election are caught.
#![allow(clippy::unwrap_used)]

use curve25519_dalek::constants::RISTRETTO_BASEPOINT_POINT as G;
use curve25519_dalek::scalar::Scalar;
use rand_chacha::rand_core::{Rng, SeedableRng};
use rand_chacha::ChaCha20Rng;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zhixuan_cli::slips::{SlipCode, SlipCredential};
use zhixuan_tally::ElectionHash;

const NAME: &str = "slips";
const ELECTION_ID: &str = "nanjing-demo-2024";

#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SlipVector {
    description: String,
    seed: String,
    election_id: String,
    election_hash: String,
    codes: Vec<SlipCase>,
}

#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SlipCase {
    /// The 15 bytes `k`, in hex.
    code: String,
    /// `check(k)` as a character.
    check: String,
    /// The code as printed.
    text: String,
    /// The same code as someone might type it.
    typed: String,
    /// The QR payload.
    payload: String,
    /// `x_v`, 32 bytes little-endian in hex.
    secret: String,
    /// `P = x_v·G`.
    credential: String,
}

// ---------------------------------------------------------------------------------------
// spec/slips.md, written from the document
// ---------------------------------------------------------------------------------------

const SPEC_ALPHABET: &str = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// §1: `SHA-256("zhixuan-slip-check" ‖ k)[0] >> 3`.
fn spec_check(k: &[u8; 15]) -> u8 {
    let mut h = Sha256::new();
    h.update(b"zhixuan-slip-check");
    h.update(k);
    h.finalize()[0] >> 3
}

/// §1: 24 characters of 5 bits of the 120-bit big-endian `k`, then the check character, in
/// five groups of five.
fn spec_text(k: &[u8; 15]) -> String {
    let bits = k.iter().fold(0u128, |acc, &b| (acc << 8) | u128::from(b));
    let mut digits: Vec<u8> = (0..24)
        .map(|i| ((bits >> (5 * (23 - i))) & 31) as u8)
        .collect();
    digits.push(spec_check(k));
    let chars: Vec<char> = digits
        .iter()
        .map(|&d| SPEC_ALPHABET.as_bytes()[usize::from(d)] as char)
        .collect();
    chars
        .chunks(5)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// §3: the credential secret's canonical encoding, and `P`.
fn spec_credential(election: &[u8; 32], k: &[u8; 15]) -> ([u8; 32], [u8; 32]) {
    let mut h = Sha256::new();
    h.update(b"zhixuan-v1/credential-slip");
    h.update(election);
    h.update(k);
    let mut bytes: [u8; 32] = h.finalize().into();
    bytes[31] &= 0x0f;
    let x = Option::<Scalar>::from(Scalar::from_canonical_bytes(bytes)).unwrap();
    assert_ne!(x, Scalar::ZERO);
    (bytes, (x * G).compress().to_bytes())
}

/// §2: how people mistype nothing: lower case, spaces for dashes, `o` for `0`, `l` for `1`.
fn sloppy(text: &str) -> String {
    format!(
        "  {}\n",
        text.to_lowercase()
            .replace('-', " ")
            .replace('0', "o")
            .replace('1', "l")
    )
}

// ---------------------------------------------------------------------------------------
// Generation and checks
// ---------------------------------------------------------------------------------------

fn seed() -> [u8; 32] {
    let text = format!("zhixuan-v1/vectors/{NAME}");
    let mut seed = [0u8; 32];
    seed[..text.len()].copy_from_slice(text.as_bytes());
    seed
}

fn case(election: &ElectionHash, k: [u8; 15]) -> SlipCase {
    let text = spec_text(&k);
    let code = SlipCode::parse(&text).unwrap();
    assert_eq!(
        *code.to_text(),
        text,
        "the code writes what the spec writes"
    );
    let typed = sloppy(&text);
    assert_eq!(*SlipCode::parse(&typed).unwrap().to_text(), text);
    let secret = code.credential(election).unwrap();
    let (spec_secret, spec_public) = spec_credential(election.as_bytes(), &k);
    assert_eq!(*secret.to_bytes(), spec_secret, "the secret of §3");
    assert_eq!(secret.public().to_string(), hex::encode(spec_public));
    let payload = code.payload(ELECTION_ID);
    assert_eq!(
        *payload,
        format!("ZHIXUAN:{}:{text}", ELECTION_ID.to_uppercase())
    );
    SlipCase {
        code: hex::encode(k),
        check: text[text.len() - 1..].to_owned(),
        text,
        typed,
        payload: payload.to_string(),
        secret: hex::encode(spec_secret),
        credential: hex::encode(spec_public),
    }
}

fn generate() -> SlipVector {
    let mut rng = ChaCha20Rng::from_seed(seed());
    let mut election = [0u8; 32];
    rng.fill_bytes(&mut election);
    let election = ElectionHash(election);
    let mut codes = vec![[0u8; 15], [0xff; 15]];
    for _ in 0..4 {
        let mut k = [0u8; 15];
        rng.fill_bytes(&mut k);
        codes.push(k);
    }
    SlipVector {
        description: "Credential slips (spec/slips.md): for one election hash, codes (all zero, all one, then four drawn from the seed) with their check character, printed text, a sloppily typed spelling read as the same code, QR payload, credential secret x_v (canonical little-endian) and public credential P = x_v·G".into(),
        seed: hex::encode(seed()),
        election_id: ELECTION_ID.into(),
        election_hash: election.to_string(),
        codes: codes.into_iter().map(|k| case(&election, k)).collect(),
    }
}

fn reproduce(generated: &SlipVector) -> String {
    zhixuan_testkit::reproduce(
        &format!("{NAME}.json"),
        generated,
        "cargo test -p zhixuan-cli --test slip_vectors",
    )
}

/// The digit after `digit`, modulo 32.
fn other_digit(digit: usize) -> u8 {
    ((digit + 1) % 32) as u8
}

#[test]
fn slip_vectors_are_reproduced_and_follow_the_spec() {
    let text = reproduce(&generate());
    let v: SlipVector = serde_json::from_str(&text).unwrap();
    let election = ElectionHash::from_hex(&v.election_hash).unwrap();
    for c in &v.codes {
        // The committed values, read back through the code's public API.
        let read = SlipCredential::parse(&c.payload).unwrap();
        assert_eq!(read.election.as_deref(), Some(ELECTION_ID));
        assert_eq!(*read.code.to_text(), c.text);
        let secret = read.code.credential(&election).unwrap();
        assert_eq!(hex::encode(*secret.to_bytes()), c.secret);
        assert_eq!(secret.public().to_string(), c.credential);
        let plain = SlipCredential::parse(&c.typed).unwrap();
        assert_eq!(
            (plain.election, plain.code.to_text()),
            (None, read.code.to_text())
        );

        // One character changed is caught by the check character here (these codes are
        // fixed, so the test is exact): the first character's digit plus one.
        let first = SPEC_ALPHABET.find(&c.text[..1]).unwrap();
        let other = SPEC_ALPHABET.as_bytes()[usize::from(other_digit(first))] as char;
        let typo = format!("{other}{}", &c.text[1..]);
        let k: [u8; 15] = hex::decode(&c.code).unwrap().try_into().unwrap();
        let mut changed = k;
        changed[0] = (k[0] & 0x07) | (other_digit(first) << 3);
        assert_eq!(
            SlipCode::parse(&typo).is_ok(),
            spec_check(&changed) == spec_check(&k),
            "{typo}"
        );

        // The same code in another election is another credential.
        let elsewhere = read.code.credential(&ElectionHash([7; 32])).unwrap();
        assert_ne!(elsewhere.public(), secret.public());
    }
    // A check character that is wrong is refused whatever the code.
    let wrong_check: Vec<bool> = v
        .codes
        .iter()
        .map(|c| {
            let check = SPEC_ALPHABET.find(&c.check).unwrap();
            let wrong = SPEC_ALPHABET.as_bytes()[(check + 1) % 32] as char;
            SlipCode::parse(&format!("{}{wrong}", &c.text[..c.text.len() - 1])).is_err()
        })
        .collect();
    assert!(wrong_check.iter().all(|&refused| refused));
}
