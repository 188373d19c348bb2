//! The proof verifiers against the RFC 6962 test vectors of transparency-dev/merkle, kept
//! as JSON in `tests/vectors/rfc6962/` with their licence (see its `README.md`).
//!
//! Every file is read. A case with `wantErr: false` must verify; a case with
//! `wantErr: true` (a tampered proof, a wrong size or root, garbage) must be rejected.
//! A case whose hashes are not 32 bytes cannot be expressed with [`Hash`] at all: for a
//! tampered case that counts as rejected, and for a happy case it is a failure unless it
//! is listed in [`UNREPRESENTABLE_HAPPY_CASES`].
//!
//! The tests fail, rather than skip, when the directory is missing or holds fewer cases
//! than it did when these tests were written.

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use serde::Deserialize;
use zhixuan_record::{verify_consistency, verify_inclusion, Hash, ProofError};

/// Happy cases that hold roots which are not hashes, so no [`Hash`] can express them.
///
/// transparency-dev's verifier compares roots as byte strings, and this case checks that
/// two equal sizes with two equal 12-byte "roots" ("don't care 2") and an empty proof are
/// accepted. Our roots are 32-byte SHA-256 values by type; such a case is rejected
/// before any verifier runs, which is what this board wants.
const UNREPRESENTABLE_HAPPY_CASES: &[&str] = &[
    "consistency/additional/sizes-are-equal-one-and-proof-is-empty.json",
    "subtreeconsistency/additional/sizes-are-equal-one-and-proof-is-empty.json",
];

fn vectors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/rfc6962")
}

/// Every `.json` file under `vectors/rfc6962/<kind>`, sorted; panics if there is none.
fn cases(kind: &str) -> Vec<(String, String)> {
    let root = vectors_dir();
    let mut files = Vec::new();
    let mut dirs = vec![root.join(kind)];
    while let Some(dir) = dirs.pop() {
        let entries = fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot read test vector directory {}: {e}", dir.display()));
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|ext| ext == "json") {
                files.push(path);
            }
        }
    }
    files.sort();
    assert!(
        !files.is_empty(),
        "no test vectors under {}",
        root.join(kind).display()
    );
    files
        .into_iter()
        .map(|path| {
            let name = path
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (name, fs::read_to_string(&path).unwrap())
        })
        .collect()
}

/// Why a case was rejected.
enum Rejection {
    /// A hash in the case is not 32 bytes of base64, so it cannot be a [`Hash`].
    Unrepresentable(String),
    /// The range of a subtree case is not a subtree (checked here, not by the crate).
    NotASubtree(String),
    /// The crate's verifier rejected the proof.
    Verifier(ProofError),
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rejection::Unrepresentable(why) => write!(f, "not representable: {why}"),
            Rejection::NotASubtree(why) => write!(f, "not a subtree: {why}"),
            Rejection::Verifier(e) => write!(f, "verifier: {e}"),
        }
    }
}

impl From<ProofError> for Rejection {
    fn from(e: ProofError) -> Rejection {
        Rejection::Verifier(e)
    }
}

fn hash(text: &str) -> Result<Hash, Rejection> {
    let bytes = BASE64
        .decode(text)
        .map_err(|e| Rejection::Unrepresentable(format!("hash {text:?} is not base64: {e}")))?;
    Hash::try_from(bytes.as_slice())
        .map_err(|e| Rejection::Unrepresentable(format!("hash {text:?}: {e}")))
}

fn proof(hashes: &Option<Vec<String>>) -> Result<Vec<Hash>, Rejection> {
    hashes.iter().flatten().map(|text| hash(text)).collect()
}

/// Tallies cases and collects the ones whose outcome was not the expected one.
#[derive(Default)]
struct Tally {
    happy: usize,
    rejected_by_verifier: usize,
    rejected_unrepresentable: usize,
    rejected_not_a_subtree: usize,
    failures: Vec<String>,
}

impl Tally {
    fn record(&mut self, name: &str, desc: &str, want_err: bool, outcome: Result<(), Rejection>) {
        if UNREPRESENTABLE_HAPPY_CASES.contains(&name) {
            match outcome {
                Err(Rejection::Unrepresentable(_)) if !want_err => self.happy += 1,
                Ok(()) => self.failures.push(format!(
                    "{name} ({desc}): listed as an unrepresentable happy case, but accepted"
                )),
                Err(e) => self.failures.push(format!(
                    "{name} ({desc}): listed as an unrepresentable happy case, but rejected: {e}"
                )),
            }
            return;
        }
        match (want_err, outcome) {
            (false, Ok(())) => self.happy += 1,
            (true, Err(Rejection::Verifier(_))) => self.rejected_by_verifier += 1,
            (true, Err(Rejection::Unrepresentable(_))) => self.rejected_unrepresentable += 1,
            (true, Err(Rejection::NotASubtree(_))) => self.rejected_not_a_subtree += 1,
            (false, Err(e)) => self
                .failures
                .push(format!("{name} ({desc}): rejected: {e}")),
            (true, Ok(())) => self.failures.push(format!("{name} ({desc}): accepted")),
        }
    }

    /// Fails unless every case came out as expected, at least `min_cases` were checked,
    /// and both kinds of case were seen.
    fn check(self, kind: &str, min_cases: usize) {
        assert!(
            self.failures.is_empty(),
            "{} {kind} vectors came out wrong:\n{}",
            self.failures.len(),
            self.failures.join("\n")
        );
        let tampered =
            self.rejected_by_verifier + self.rejected_unrepresentable + self.rejected_not_a_subtree;
        assert!(
            self.happy + tampered >= min_cases,
            "only {} {kind} vectors checked, expected at least {min_cases}",
            self.happy + tampered
        );
        assert!(
            self.happy > 0 && self.rejected_by_verifier > 0,
            "{kind}: no happy or no tampered case"
        );
        println!(
            "{kind}: {} happy cases verified; tampered cases rejected: {} by the verifier, \
             {} for hashes that are not 32 bytes, {} for ranges that are not subtrees",
            self.happy,
            self.rejected_by_verifier,
            self.rejected_unrepresentable,
            self.rejected_not_a_subtree
        );
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct InclusionCase {
    leaf_idx: u64,
    tree_size: u64,
    root: String,
    leaf_hash: String,
    proof: Option<Vec<String>>,
    desc: String,
    want_err: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ConsistencyCase {
    size1: u64,
    size2: u64,
    root1: String,
    root2: String,
    proof: Option<Vec<String>>,
    desc: String,
    want_err: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SubtreeInclusionCase {
    leaf_idx: u64,
    start: u64,
    end: u64,
    root: String,
    leaf_hash: String,
    proof: Option<Vec<String>>,
    desc: String,
    want_err: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SubtreeConsistencyCase {
    start: u64,
    end: u64,
    size: u64,
    root1: String,
    root2: String,
    proof: Option<Vec<String>>,
    desc: String,
    want_err: bool,
}

#[test]
fn inclusion_vectors() {
    let mut tally = Tally::default();
    for (name, json) in cases("inclusion") {
        let case: InclusionCase = serde_json::from_str(&json).unwrap();
        let outcome = (|| {
            let proof = proof(&case.proof)?;
            verify_inclusion(
                &hash(&case.leaf_hash)?,
                case.leaf_idx,
                case.tree_size,
                &proof,
                &hash(&case.root)?,
            )?;
            Ok(())
        })();
        tally.record(&name, &case.desc, case.want_err, outcome);
    }
    tally.check("inclusion", 98);
}

#[test]
fn consistency_vectors() {
    let mut tally = Tally::default();
    for (name, json) in cases("consistency") {
        let case: ConsistencyCase = serde_json::from_str(&json).unwrap();
        let outcome = (|| {
            let proof = proof(&case.proof)?;
            verify_consistency(
                case.size1,
                case.size2,
                &hash(&case.root1)?,
                &hash(&case.root2)?,
                &proof,
            )?;
            Ok(())
        })();
        tally.record(&name, &case.desc, case.want_err, outcome);
    }
    tally.check("consistency", 98);
}

/// The tampered vectors change many roots and leaves into strings that are not 32 bytes,
/// which [`Hash`] rejects before any verifier runs. So that the verifiers' own root and
/// leaf checks also meet the upstream data, every hash of every representable happy case
/// is changed here in its first and in its last bit, and each change must be rejected.
#[test]
fn bit_flips_of_happy_vectors_are_rejected() {
    fn flips(hash: &Hash) -> [Hash; 2] {
        let mut first = *hash.as_bytes();
        first[0] ^= 0x80;
        let mut last = *hash.as_bytes();
        last[31] ^= 0x01;
        [Hash::from_bytes(first), Hash::from_bytes(last)]
    }
    /// `hashes` with the hash at `slot` replaced by each of its flips.
    fn variants(hashes: &[Hash]) -> Vec<Vec<Hash>> {
        (0..hashes.len())
            .flat_map(|slot| {
                flips(&hashes[slot]).map(|flipped| {
                    let mut changed = hashes.to_vec();
                    changed[slot] = flipped;
                    changed
                })
            })
            .collect()
    }

    let mut rejected = 0;
    for (name, json) in cases("inclusion") {
        let case: InclusionCase = serde_json::from_str(&json).unwrap();
        let (Ok(leaf), Ok(root), Ok(proof)) =
            (hash(&case.leaf_hash), hash(&case.root), proof(&case.proof))
        else {
            continue;
        };
        if case.want_err {
            continue;
        }
        let hashes: Vec<Hash> = [leaf, root].into_iter().chain(proof).collect();
        for changed in variants(&hashes) {
            let (leaf, root, proof) = (&changed[0], &changed[1], &changed[2..]);
            let outcome = verify_inclusion(leaf, case.leaf_idx, case.tree_size, proof, root);
            assert!(outcome.is_err(), "{name}: a flipped bit was accepted");
            rejected += 1;
        }
    }
    for (name, json) in cases("consistency") {
        let case: ConsistencyCase = serde_json::from_str(&json).unwrap();
        let (Ok(root1), Ok(root2), Ok(proof)) =
            (hash(&case.root1), hash(&case.root2), proof(&case.proof))
        else {
            continue;
        };
        if case.want_err {
            continue;
        }
        let hashes: Vec<Hash> = [root1, root2].into_iter().chain(proof).collect();
        for changed in variants(&hashes) {
            let (root1, root2, proof) = (&changed[0], &changed[1], &changed[2..]);
            let outcome = verify_consistency(case.size1, case.size2, root1, root2, proof);
            assert!(outcome.is_err(), "{name}: a flipped bit was accepted");
            rejected += 1;
        }
    }
    assert!(
        rejected >= 80,
        "only {rejected} bit flips of happy vectors checked"
    );
    println!("{rejected} bit flips of happy inclusion and consistency vectors rejected");
}

/// Subtree inclusion (draft-ietf-plants-merkle-tree-certs, "Merkle Tree Certificates")
/// proves an entry is in the subtree of entries `[start, end)`. A subtree there is a
/// range whose `start` is a multiple of `end - start` rounded up to a power of two; its
/// hash is `MTH(D[start:end])`, the root of a tree of `end - start` entries. So the proof
/// is exactly the RFC 9162 inclusion proof of position `leafIdx - start` in a tree of
/// `end - start` entries, and these vectors check `verify_inclusion` as well once the
/// range has been checked to be a subtree.
#[test]
fn subtree_inclusion_vectors() {
    let mut tally = Tally::default();
    for (name, json) in cases("subtreeinclusion") {
        let case: SubtreeInclusionCase = serde_json::from_str(&json).unwrap();
        let outcome = (|| {
            let is_subtree = case.start < case.end
                && (case.end - case.start)
                    .checked_next_power_of_two()
                    .is_some_and(|width| case.start % width == 0);
            if !is_subtree {
                let range = format!("[{}, {})", case.start, case.end);
                return Err(Rejection::NotASubtree(range));
            }
            let index = case.leaf_idx.checked_sub(case.start).ok_or_else(|| {
                Rejection::NotASubtree(format!("leaf {} is before the subtree", case.leaf_idx))
            })?;
            let proof = proof(&case.proof)?;
            verify_inclusion(
                &hash(&case.leaf_hash)?,
                index,
                case.end - case.start,
                &proof,
                &hash(&case.root)?,
            )?;
            Ok(())
        })();
        tally.record(&name, &case.desc, case.want_err, outcome);
    }
    tally.check("subtree inclusion", 204);
}

/// Subtree consistency (draft-ietf-plants-merkle-tree-certs) proves that the subtree
/// `[start, end)` is part of the tree of `size` entries. Only subtrees that begin at
/// entry 0 are prefixes of the log, and for them the proof is exactly the RFC 9162
/// consistency proof from size `end` to size `size`; those vectors are checked here.
///
/// The others are not: a subtree that starts later is not a state the log was ever in,
/// its proof is a different construction (the draft's `SUBTREE_SUBPROOF`), and the
/// draft counts an empty subtree as consistent with any tree whatever its root, which
/// `verify_consistency` must not. The board never issues such proofs.
#[test]
fn subtree_consistency_vectors_for_prefixes() {
    let mut tally = Tally::default();
    let mut not_prefixes = 0;
    for (name, json) in cases("subtreeconsistency") {
        let case: SubtreeConsistencyCase = serde_json::from_str(&json).unwrap();
        if case.start != 0 || case.end == 0 {
            not_prefixes += 1;
            continue;
        }
        let outcome = (|| {
            let proof = proof(&case.proof)?;
            verify_consistency(
                case.end,
                case.size,
                &hash(&case.root1)?,
                &hash(&case.root2)?,
                &proof,
            )?;
            Ok(())
        })();
        tally.record(&name, &case.desc, case.want_err, outcome);
    }
    println!(
        "subtree consistency: {not_prefixes} cases are not about prefixes and were not checked"
    );
    tally.check("subtree consistency (prefixes)", 91);
}

#[test]
fn every_kind_of_vector_is_read() {
    let mut kinds: Vec<String> = fs::read_dir(vectors_dir())
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", vectors_dir().display()))
        .map(|entry| entry.unwrap())
        .filter(|entry| entry.path().is_dir())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    kinds.sort();
    assert_eq!(
        kinds,
        [
            "consistency",
            "inclusion",
            "subtreeconsistency",
            "subtreeinclusion"
        ],
        "a kind of vector was added or removed; read it above or explain why not"
    );
}
