//! Signed checkpoints: the board's signed statement of one state of its log.
//!
//! # Construction
//!
//! A checkpoint (C2SP `tlog-checkpoint`) is three lines of text, each ending in a newline
//! (0x0A):
//!
//! ```text
//! zhixuan.board/<election-id>         the origin: which log, and so which election
//! <tree size, decimal>                how many entries the log held
//! <root hash, base64>                 MTH of those entries (see the merkle module)
//! ```
//!
//! The board signs those bytes with Ed25519 and appends the signature as a C2SP
//! `signed-note`: a blank line, then one line per signature,
//!
//! ```text
//! — <key name> <base64(key id || signature)>
//! ```
//!
//! where `—` is U+2014, the key id is the first 4 bytes of
//! `SHA-256(key name || 0x0A || 0x01 || public key)` (0x01 names Ed25519) and the
//! signature is the 64-byte Ed25519 signature of the three checkpoint lines.
//!
//! The origin names the election so that a checkpoint cannot be passed off as the state
//! of another election's board. The key id lets a verifier holding several keys find the
//! right one without trying each, and binds the key's name into what the signature is
//! checked with.
//!
//! # Holding the board to its history
//!
//! A checkpoint is small enough for every voter, observer and member of the supervision
//! committee to keep. The board cannot later deny one: it carries the board's signature.
//! So if anyone holds two checkpoints of the same origin, both validly signed, that are
//! not consistent (the smaller tree is not a prefix of the larger one, see
//! [`check_consistency`]), the board has signed two incompatible histories: that pair of
//! checkpoints is evidence, which anyone can check with the board's public key alone, that
//! the board rewrote its history.
//!
//! # Implementation details
//!
//! Parsing accepts exactly one text for each signed checkpoint, the one
//! [`SignedCheckpoint`]'s `Display` writes: no extra spaces, no leading zeros, only
//! canonical padded base64, nothing after the last signature line. A checkpoint is
//! evidence, and evidence should be comparable byte for byte; one spelling per meaning
//! also leaves no room for two parsers to read one text two ways.
//!
//! Signatures are checked with ed25519-dalek's `verify_strict`, which rejects
//! non-canonical signatures and small-order public keys; verification runs in variable
//! time, which is fine for public data. Signing is ed25519-dalek's constant-time signing.
//! The signing key never appears in `Debug` output and is zeroized when dropped.

use std::fmt;
use std::str::FromStr;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use rand_core::CryptoRng;
use sha2::{Digest, Sha256};
use thiserror::Error;

use super::merkle::{verify_consistency, Hash, ProofError};

/// signed-note: "a signature line … starts with U+2014 (em dash) followed by a space".
const SIGNATURE_LINE_PREFIX: &str = "\u{2014} ";
/// signed-note: the signature type byte of Ed25519 signatures, hashed into the key id.
const ED25519_SIGNATURE_TYPE: u8 = 0x01;
/// signed-note lets verifiers cap the number of signatures; its suggested cap is 100.
const MAX_SIGNATURES: usize = 100;
/// The 4-byte key id followed by the 64-byte Ed25519 signature.
const SIGNATURE_LINE_BYTES: usize = 4 + 64;

/// Why a checkpoint, its text or its signature was rejected.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum CheckpointError {
    /// The origin is not `zhixuan.board/` followed by an election id.
    #[error("invalid origin {origin:?}: {reason}")]
    InvalidOrigin {
        /// The rejected origin.
        origin: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The key name is empty or contains a space, a '+' or a control character.
    #[error("invalid key name {name:?}: {reason}")]
    InvalidKeyName {
        /// The rejected name.
        name: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A checkpoint of the empty log carries a root other than the empty tree's.
    #[error("a checkpoint of size 0 must have the empty tree's root, not {root}")]
    NotEmptyTreeRoot {
        /// The root it carries.
        root: Hash,
    },
    /// The text is not a canonical signed checkpoint.
    #[error("malformed signed checkpoint, line {line}: {reason}")]
    Malformed {
        /// The line (from 1) where the text went wrong.
        line: usize,
        /// What is wrong there.
        reason: &'static str,
    },
    /// The text is not a canonical verifier key.
    #[error("invalid verifier key: {reason}")]
    InvalidVerifierKey {
        /// What is wrong with it.
        reason: &'static str,
    },
    /// None of the checkpoint's signatures is by the verifier's key.
    #[error("the checkpoint has no signature by key {name} (key id {key_id})")]
    NotSignedByKey {
        /// The verifier's key name.
        name: KeyName,
        /// The verifier's key id, in hexadecimal.
        key_id: String,
    },
    /// The signature by the verifier's key does not verify.
    #[error("the signature by key {name} does not verify")]
    BadSignature {
        /// The verifier's key name.
        name: KeyName,
    },
    /// Two checkpoints that were to be compared are of different logs.
    #[error("the checkpoints are of different logs: {first} and {second}")]
    OriginMismatch {
        /// The first checkpoint's origin.
        first: Origin,
        /// The second checkpoint's origin.
        second: Origin,
    },
}

/// The name of the log a checkpoint is about: `zhixuan.board/<election-id>`.
///
/// The election id is one or more RFC 3986 unreserved characters (ASCII letters and
/// digits, `-`, `.`, `_`, `~`), so that the origin is a schema-less URL with neither
/// spaces nor `+`, as `tlog-checkpoint` asks.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Origin(String);

impl Origin {
    /// What every origin of the board begins with.
    pub const PREFIX: &'static str = "zhixuan.board/";

    /// The origin of the board of election `election_id`.
    pub fn for_election(election_id: &str) -> Result<Origin, CheckpointError> {
        check_election_id(election_id).map_err(|reason| CheckpointError::InvalidOrigin {
            origin: format!("{}{election_id}", Origin::PREFIX),
            reason,
        })?;
        Ok(Origin(format!("{}{election_id}", Origin::PREFIX)))
    }

    /// The election this log is for.
    pub fn election_id(&self) -> &str {
        &self.0[Origin::PREFIX.len()..]
    }

    /// The origin line's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn check_election_id(election_id: &str) -> Result<(), &'static str> {
    if election_id.is_empty() {
        return Err("the election id is empty");
    }
    let unreserved = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~');
    if !election_id.bytes().all(unreserved) {
        return Err("the election id may hold only ASCII letters, digits, '-', '.', '_' and '~'");
    }
    Ok(())
}

fn parse_origin(text: &str) -> Result<Origin, &'static str> {
    let election_id = text
        .strip_prefix(Origin::PREFIX)
        .ok_or("the origin does not begin with \"zhixuan.board/\"")?;
    check_election_id(election_id)?;
    Ok(Origin(text.to_owned()))
}

impl FromStr for Origin {
    type Err = CheckpointError;

    fn from_str(text: &str) -> Result<Origin, CheckpointError> {
        parse_origin(text).map_err(|reason| CheckpointError::InvalidOrigin {
            origin: text.to_owned(),
            reason,
        })
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The name of a signing key, as signed-note has it: non-empty, with no Unicode space,
/// no `+` and (so that it stays on its line) no control character.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct KeyName(String);

impl KeyName {
    /// The name's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn check_key_name(name: &str) -> Result<(), &'static str> {
    if name.is_empty() {
        return Err("the key name is empty");
    }
    if name
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == '+')
    {
        return Err("the key name contains a space, a '+' or a control character");
    }
    Ok(())
}

impl FromStr for KeyName {
    type Err = CheckpointError;

    fn from_str(name: &str) -> Result<KeyName, CheckpointError> {
        check_key_name(name).map_err(|reason| CheckpointError::InvalidKeyName {
            name: name.to_owned(),
            reason,
        })?;
        Ok(KeyName(name.to_owned()))
    }
}

impl fmt::Display for KeyName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// signed-note's key id for Ed25519: `SHA-256(name || 0x0A || 0x01 || public key)[..4]`.
fn key_id(name: &KeyName, key: &VerifyingKey) -> [u8; 4] {
    let mut hasher = Sha256::new();
    hasher.update(name.0.as_bytes());
    hasher.update([b'\n', ED25519_SIGNATURE_TYPE]);
    hasher.update(key.as_bytes());
    let digest: [u8; 32] = hasher.finalize().into();
    [digest[0], digest[1], digest[2], digest[3]]
}

/// Decodes padded standard base64, accepting only the encoding `BASE64.encode` writes.
fn decode_canonical_base64(text: &str) -> Option<Vec<u8>> {
    let bytes = BASE64.decode(text).ok()?;
    (BASE64.encode(&bytes) == text).then_some(bytes)
}

/// The board's statement that its log held `size` entries with root `root`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checkpoint {
    origin: Origin,
    size: u64,
    root: Hash,
}

impl Checkpoint {
    /// A checkpoint of the log `origin` at `size` entries with root `root`.
    ///
    /// The empty log has one root, [`Hash::EMPTY_TREE_ROOT`]; a checkpoint of size 0 with
    /// any other root is rejected.
    pub fn new(origin: Origin, size: u64, root: Hash) -> Result<Checkpoint, CheckpointError> {
        if size == 0 && root != Hash::EMPTY_TREE_ROOT {
            return Err(CheckpointError::NotEmptyTreeRoot { root });
        }
        Ok(Checkpoint { origin, size, root })
    }

    /// The log this checkpoint is of.
    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    /// The number of entries in the log.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The root of the log's Merkle tree at that size.
    pub fn root(&self) -> &Hash {
        &self.root
    }
}

/// The checkpoint's body: the three lines that are signed.
impl fmt::Display for Checkpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.origin)?;
        writeln!(f, "{}", self.size)?;
        writeln!(f, "{}", BASE64.encode(self.root.as_bytes()))
    }
}

/// A decimal tree size: digits only, no leading zero except in "0" itself.
fn parse_size(text: &str) -> Option<u64> {
    let canonical = !text.is_empty()
        && text.bytes().all(|b| b.is_ascii_digit())
        && (text == "0" || !text.starts_with('0'));
    if canonical {
        text.parse().ok()
    } else {
        None
    }
}

/// One signature line of a signed note.
#[derive(Clone, Debug, PartialEq, Eq)]
struct NoteSignature {
    name: KeyName,
    key_id: [u8; 4],
    signature: [u8; 64],
}

impl NoteSignature {
    fn parse(line: &str) -> Result<NoteSignature, &'static str> {
        let rest = line
            .strip_prefix(SIGNATURE_LINE_PREFIX)
            .ok_or("a signature line begins with an em dash (U+2014) and a space")?;
        let (name, encoded) = rest
            .split_once(' ')
            .ok_or("a signature line is a key name, a space and a base64 signature")?;
        check_key_name(name)?;
        let bytes = decode_canonical_base64(encoded)
            .ok_or("the signature is not canonical padded base64")?;
        let bytes: [u8; SIGNATURE_LINE_BYTES] = bytes
            .try_into()
            .map_err(|_| "the signature is not a 4-byte key id and a 64-byte Ed25519 signature")?;
        let mut key_id = [0; 4];
        key_id.copy_from_slice(&bytes[..4]);
        let mut signature = [0; 64];
        signature.copy_from_slice(&bytes[4..]);
        Ok(NoteSignature {
            name: KeyName(name.to_owned()),
            key_id,
            signature,
        })
    }

    /// Whether this line claims to be by the verifier's key: same name, same key id.
    fn is_by(&self, verifier: &CheckpointVerifier) -> bool {
        self.name == verifier.name && self.key_id == verifier.key_id
    }
}

impl fmt::Display for NoteSignature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut bytes = [0; SIGNATURE_LINE_BYTES];
        bytes[..4].copy_from_slice(&self.key_id);
        bytes[4..].copy_from_slice(&self.signature);
        writeln!(
            f,
            "{SIGNATURE_LINE_PREFIX}{} {}",
            self.name,
            BASE64.encode(bytes)
        )
    }
}

/// A checkpoint with its signature lines, as published: not yet verified.
///
/// Its contents are reached only through [`verify`](SignedCheckpoint::verify), so that
/// code cannot act on a checkpoint whose signature it has not checked. `Display` writes
/// the signed-note text; `FromStr` reads it back, and only text that `Display` would write
/// is accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedCheckpoint {
    checkpoint: Checkpoint,
    signatures: Vec<NoteSignature>,
}

impl SignedCheckpoint {
    /// Checks the signature by `verifier`'s key and returns the checkpoint it signs.
    ///
    /// Signature lines by other keys (for example witnesses' cosignatures) are ignored,
    /// as signed-note asks; a checkpoint with no signature by this key is rejected.
    pub fn verify(&self, verifier: &CheckpointVerifier) -> Result<&Checkpoint, CheckpointError> {
        let signature = self
            .signatures
            .iter()
            .find(|signature| signature.is_by(verifier))
            .ok_or_else(|| CheckpointError::NotSignedByKey {
                name: verifier.name.clone(),
                key_id: hex::encode(verifier.key_id),
            })?;
        let body = self.checkpoint.to_string();
        verifier
            .key
            .verify_strict(
                body.as_bytes(),
                &Signature::from_bytes(&signature.signature),
            )
            .map_err(|_| CheckpointError::BadSignature {
                name: verifier.name.clone(),
            })?;
        Ok(&self.checkpoint)
    }
}

impl fmt::Display for SignedCheckpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.checkpoint)?;
        writeln!(f)?;
        for signature in &self.signatures {
            write!(f, "{signature}")?;
        }
        Ok(())
    }
}

impl FromStr for SignedCheckpoint {
    type Err = CheckpointError;

    fn from_str(text: &str) -> Result<SignedCheckpoint, CheckpointError> {
        let malformed =
            |line: usize, reason: &'static str| CheckpointError::Malformed { line, reason };
        let Some(text) = text.strip_suffix('\n') else {
            let last_line = text.split('\n').count();
            return Err(malformed(last_line, "the text does not end with a newline"));
        };
        let lines: Vec<&str> = text.split('\n').collect();
        let [origin, size, root, blank, signature_lines @ ..] = lines.as_slice() else {
            return Err(malformed(
                lines.len() + 1,
                "the text ends before the checkpoint's three lines, a blank line and a signature",
            ));
        };
        let origin = parse_origin(origin).map_err(|reason| malformed(1, reason))?;
        let size = parse_size(size).ok_or(malformed(
            2,
            "the tree size is not a decimal number without leading zeros",
        ))?;
        let root = decode_canonical_base64(root)
            .and_then(|bytes| Hash::try_from(bytes.as_slice()).ok())
            .ok_or(malformed(
                3,
                "the root hash is not the canonical padded base64 of 32 bytes",
            ))?;
        let checkpoint = Checkpoint::new(origin, size, root)?;
        if !blank.is_empty() {
            return Err(malformed(
                4,
                "the checkpoint has more than three lines (no extension lines are used)",
            ));
        }
        if signature_lines.is_empty() {
            return Err(malformed(5, "the checkpoint has no signature"));
        }
        if signature_lines.len() > MAX_SIGNATURES {
            return Err(malformed(5 + MAX_SIGNATURES, "more than 100 signatures"));
        }
        let mut signatures: Vec<NoteSignature> = Vec::with_capacity(signature_lines.len());
        for (offset, line) in signature_lines.iter().enumerate() {
            let line_number = 5 + offset;
            let signature =
                NoteSignature::parse(line).map_err(|reason| malformed(line_number, reason))?;
            if signatures
                .iter()
                .any(|earlier| earlier.name == signature.name && earlier.key_id == signature.key_id)
            {
                return Err(malformed(line_number, "a second signature by the same key"));
            }
            signatures.push(signature);
        }
        Ok(SignedCheckpoint {
            checkpoint,
            signatures,
        })
    }
}

/// The board's signing key and its name.
///
/// The secret key is zeroized when the signer is dropped, is not `Clone`, and `Debug`
/// shows only the name, the key id and the public key.
pub struct CheckpointSigner {
    name: KeyName,
    key: SigningKey,
    key_id: [u8; 4],
}

impl CheckpointSigner {
    /// A signer that signs as `name` with `key`.
    pub fn new(name: KeyName, key: SigningKey) -> CheckpointSigner {
        let key_id = key_id(&name, &key.verifying_key());
        CheckpointSigner { name, key, key_id }
    }

    /// A signer with a fresh key drawn from `rng`.
    pub fn generate<R: CryptoRng + ?Sized>(name: KeyName, rng: &mut R) -> CheckpointSigner {
        CheckpointSigner::new(name, SigningKey::generate(rng))
    }

    /// The verifier for this signer's signatures.
    pub fn verifier(&self) -> CheckpointVerifier {
        CheckpointVerifier {
            name: self.name.clone(),
            key: self.key.verifying_key(),
            key_id: self.key_id,
        }
    }

    /// Signs `checkpoint`.
    pub fn sign(&self, checkpoint: Checkpoint) -> SignedCheckpoint {
        let signature = self.key.sign(checkpoint.to_string().as_bytes());
        SignedCheckpoint {
            checkpoint,
            signatures: vec![NoteSignature {
                name: self.name.clone(),
                key_id: self.key_id,
                signature: signature.to_bytes(),
            }],
        }
    }
}

impl fmt::Debug for CheckpointSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CheckpointSigner")
            .field("name", &self.name.0)
            .field("key_id", &hex::encode(self.key_id))
            .field(
                "verifying_key",
                &hex::encode(self.key.verifying_key().as_bytes()),
            )
            .finish_non_exhaustive()
    }
}

/// A public key that checkpoints are verified with, and its name.
///
/// Its text form is signed-note's verifier key,
/// `<name>+<key id, 8 hex digits>+<base64(0x01 || 32-byte public key)>`, which is how the
/// board's key is published for voters and observers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckpointVerifier {
    name: KeyName,
    key: VerifyingKey,
    key_id: [u8; 4],
}

impl CheckpointVerifier {
    /// The verifier for signatures by `key` under the name `name`.
    pub fn new(name: KeyName, key: VerifyingKey) -> CheckpointVerifier {
        let key_id = key_id(&name, &key);
        CheckpointVerifier { name, key, key_id }
    }

    /// The key's name.
    pub fn name(&self) -> &KeyName {
        &self.name
    }

    /// The key's signed-note key id.
    pub fn key_id(&self) -> [u8; 4] {
        self.key_id
    }

    /// The Ed25519 public key.
    pub fn verifying_key(&self) -> &VerifyingKey {
        &self.key
    }
}

impl fmt::Display for CheckpointVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut typed_key = [0; 33];
        typed_key[0] = ED25519_SIGNATURE_TYPE;
        typed_key[1..].copy_from_slice(self.key.as_bytes());
        write!(
            f,
            "{}+{}+{}",
            self.name,
            hex::encode(self.key_id),
            BASE64.encode(typed_key)
        )
    }
}

impl FromStr for CheckpointVerifier {
    type Err = CheckpointError;

    fn from_str(text: &str) -> Result<CheckpointVerifier, CheckpointError> {
        let invalid = |reason| CheckpointError::InvalidVerifierKey { reason };
        // The name has no '+', but base64 may.
        let mut parts = text.splitn(3, '+');
        let (Some(name), Some(key_id), Some(key)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(invalid(
                "a verifier key is a name, a key id and a key, joined by '+'",
            ));
        };
        check_key_name(name).map_err(invalid)?;
        let typed_key = decode_canonical_base64(key)
            .ok_or(invalid("the key is not canonical padded base64"))?;
        let [ED25519_SIGNATURE_TYPE, key @ ..] = typed_key.as_slice() else {
            return Err(invalid("the key is not of signature type 0x01 (Ed25519)"));
        };
        let key: [u8; 32] = key
            .try_into()
            .map_err(|_| invalid("an Ed25519 public key has 32 bytes"))?;
        let key = VerifyingKey::from_bytes(&key)
            .map_err(|_| invalid("the public key is not a valid Ed25519 point"))?;
        let verifier = CheckpointVerifier::new(KeyName(name.to_owned()), key);
        if key_id != hex::encode(verifier.key_id) {
            return Err(invalid("the key id is not the one this name and key have"));
        }
        Ok(verifier)
    }
}

/// Whether a consistency proof shows that one checkpoint's log extends the other's.
#[derive(Clone, Debug, PartialEq, Eq)]
#[must_use]
pub enum Consistency {
    /// The smaller tree is a prefix of the larger: the board kept its history.
    Consistent,
    /// The proof does not show the smaller tree to be a prefix of the larger, for the
    /// reason given.
    ///
    /// A board that kept its history can always produce a valid proof
    /// ([`MerkleTree::consistency_proof`](super::merkle::MerkleTree::consistency_proof)),
    /// so a board that cannot, for two checkpoints it signed, signed two incompatible
    /// histories. When the two sizes are equal and the roots differ no proof can exist and
    /// the two checkpoints alone are conclusive.
    Inconsistent(ProofError),
}

/// Verifies the board's signature on two checkpoints of the same log and whether `proof`
/// shows them consistent, in whichever order they are given.
///
/// Two validly signed checkpoints of the same origin that are **not** consistent are
/// evidence that the board rewrote history: it signed both, and no append-only log can
/// have passed through both states. An error here (a signature that does not verify,
/// different origins) means the pair is not such evidence; [`Consistency::Inconsistent`]
/// means it may be (see there).
pub fn check_consistency(
    verifier: &CheckpointVerifier,
    first: &SignedCheckpoint,
    second: &SignedCheckpoint,
    proof: &[Hash],
) -> Result<Consistency, CheckpointError> {
    let first = first.verify(verifier)?;
    let second = second.verify(verifier)?;
    if first.origin != second.origin {
        return Err(CheckpointError::OriginMismatch {
            first: first.origin.clone(),
            second: second.origin.clone(),
        });
    }
    let (old, new) = if first.size <= second.size {
        (first, second)
    } else {
        (second, first)
    };
    Ok(
        match verify_consistency(old.size, new.size, &old.root, &new.root, proof) {
            Ok(()) => Consistency::Consistent,
            Err(reason) => Consistency::Inconsistent(reason),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An Ed25519 signed note published with the C2SP signed-note implementations (the
    /// `yaglo/signed_note` README), checked independently with Python's `cryptography`:
    /// it pins the key id, the verifier key text and the signature line to other
    /// implementations, not only to this one.
    #[test]
    fn reads_a_signed_note_from_another_implementation() {
        let verifier: CheckpointVerifier =
            "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"
                .parse()
                .unwrap();
        assert_eq!(verifier.key_id(), [0x53, 0x0d, 0x90, 0x3a]);
        let line = "\u{2014} example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=";
        let signature = NoteSignature::parse(line).unwrap();
        assert!(signature.is_by(&verifier));
        assert_eq!(signature.to_string(), format!("{line}\n"));
        verifier
            .key
            .verify_strict(
                b"This is an example message.\n",
                &Signature::from_bytes(&signature.signature),
            )
            .unwrap();
        assert_eq!(
            verifier.to_string(),
            "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"
        );
    }

    #[test]
    fn sizes_are_canonical_decimal() {
        assert_eq!(parse_size("0"), Some(0));
        assert_eq!(parse_size("10"), Some(10));
        assert_eq!(parse_size("18446744073709551615"), Some(u64::MAX));
        for bad in [
            "",
            "00",
            "01",
            "+1",
            "-1",
            " 1",
            "1 ",
            "1_000",
            "18446744073709551616",
            "１",
        ] {
            assert_eq!(parse_size(bad), None, "{bad:?}");
        }
    }
}
