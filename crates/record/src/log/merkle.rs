//! The board's Merkle tree: RFC 6962 §2.1 hashing, an append-only tree, and the
//! RFC 9162 §2.1.3.2 / §2.1.4.2 proof verifiers.
//!
//! # The Merkle Tree Hash
//!
//! RFC 6962 §2.1 defines the hash of a list of `n` entries `D[n] = {d(0), …, d(n-1)}`:
//!
//! ```text
//! MTH({})      = SHA-256()
//! MTH({d(0)})  = SHA-256(0x00 || d(0))
//! MTH(D[n])    = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n]))   for n > 1,
//!                where k is the largest power of two smaller than n.
//! ```
//!
//! The one-byte prefixes separate the two things a 32-byte hash can stand for. Without
//! them an interior node, which is the hash of 64 bytes (two child hashes), would also be
//! the hash of a 64-byte entry, and a board could "prove" that such an entry is in the log
//! when it never was (a second preimage of the tree). With them, a leaf hash and a node
//! hash are values of two different hash functions, and any collision between the two
//! trees would be a SHA-256 collision.
//!
//! Splitting at the largest power of two below `n`, rather than in the middle, is what
//! makes the tree append-only in a useful sense. The left half `D[0:k]` is a *perfect*
//! subtree (a complete binary tree over `k = 2^h` entries) and no later append can change
//! it. Applying the rule recursively, the tree over `n` entries is made of the perfect
//! subtrees given by the binary expansion of `n`, for `n = 2^a + 2^b + … (a > b > …)`:
//! one over the first `2^a` entries, one over the next `2^b`, and so on, hashed together
//! from right to left. So:
//!
//! * every perfect subtree, once complete, is part of every later tree, so storing the
//!   perfect subtrees once (as [`MerkleTree`] does) is enough to rebuild the root at any
//!   earlier size with `O(log n)` hashes, without rehashing any entry;
//! * the tree at an earlier size `m` is a union of perfect subtrees of the tree at `n`,
//!   so a short list of node hashes (a *consistency proof*) suffices to show that the
//!   first `m` entries of the new tree are exactly the old tree. That is the property the
//!   board is held to: it may add entries but never alter or remove one.
//!
//! # Proofs and their length
//!
//! An *inclusion proof* for entry `i` of a tree of size `n` lists the sibling of every
//! node on the path from the leaf to the root, leaf first. The verifier walks the bits
//! of `i` (which side the path goes at each level) and of `n - 1` (the path to the last
//! leaf, which marks the ragged right edge of the tree). Below the level where the two
//! paths meet, `inner = bit_length(i XOR (n - 1))`, every ancestor of the leaf has a
//! sibling. At and above it, the ancestors lie on the right edge, where a node that has no
//! right sibling is promoted unchanged to the level above; only the levels where the
//! ancestor is a right child contribute a (left) sibling, one per set bit of
//! `i >> inner`. Hence the proof has exactly `inner + popcount(i >> inner)` hashes, and a
//! verifier knows the length it must receive before looking at any hash.
//!
//! A *consistency proof* from size `m` to size `n` (`0 < m < n`) is, in essence, an
//! inclusion proof of the old tree's right-most perfect subtree. That subtree has height
//! `h = trailing_zeros(m)`; counted in units of `2^h` entries it is node
//! `(m - 1) >> h` of a tree of `((n - 1) >> h) + 1` units. Its hash is the seed from
//! which the verifier recomputes both roots: the proof nodes on its left belong to both
//! trees, the ones on its right only to the new tree. When `m` is a power of two the seed
//! is the whole old tree, whose root the verifier already holds, so it is not sent; in
//! every other case the seed is the first element of the proof.
//!
//! # Implementation details
//!
//! Hashing is not constant-time and need not be: everything hashed here is public.
//! Verification takes the proof, sizes and roots as untrusted input and fails with a
//! [`ProofError`] naming the first check that failed; it never panics.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};
use thiserror::Error;

/// RFC 6962 §2.1: "the hash of a leaf … `MTH({d(0)}) = SHA-256(0x00 || d(0))`".
const LEAF_PREFIX: u8 = 0x00;
/// RFC 6962 §2.1: "`MTH(D[n]) = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n]))`".
const NODE_PREFIX: u8 = 0x01;

/// A SHA-256 value in the tree: a leaf hash, a node hash or a root.
///
/// Its text form (`Display`, `FromStr`, serde) is 64 lowercase hexadecimal digits, and
/// only that: parsing rejects uppercase digits so that each hash has one spelling.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Hash([u8; 32]);

impl Hash {
    /// The root of the empty tree, `MTH({}) = SHA-256()` (RFC 6962 §2.1: "The hash of an
    /// empty list is the hash of an empty string").
    pub const EMPTY_TREE_ROOT: Hash = Hash([
        0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f, 0xb9,
        0x24, 0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52,
        0xb8, 0x55,
    ]);

    /// Wraps 32 bytes that are already a hash.
    pub const fn from_bytes(bytes: [u8; 32]) -> Hash {
        Hash(bytes)
    }

    /// The hash's bytes.
    pub const fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

/// Why a byte string or a text is not a [`Hash`](struct@Hash).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ParseHashError {
    /// The value does not have exactly 32 bytes.
    #[error("a hash has 32 bytes, this value has {actual}")]
    WrongLength {
        /// How many bytes the value has.
        actual: usize,
    },
    /// The text is not 64 lowercase hexadecimal digits.
    #[error("a hash is written as 64 lowercase hexadecimal digits")]
    NotLowercaseHex,
}

impl TryFrom<&[u8]> for Hash {
    type Error = ParseHashError;

    fn try_from(bytes: &[u8]) -> Result<Hash, ParseHashError> {
        <[u8; 32]>::try_from(bytes)
            .map(Hash)
            .map_err(|_| ParseHashError::WrongLength {
                actual: bytes.len(),
            })
    }
}

impl fmt::Display for Hash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&hex::encode(self.0))
    }
}

impl fmt::Debug for Hash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Hash({self})")
    }
}

impl FromStr for Hash {
    type Err = ParseHashError;

    fn from_str(text: &str) -> Result<Hash, ParseHashError> {
        // `hex` also accepts uppercase digits; one spelling per hash keeps serialised
        // records byte-for-byte comparable.
        if !text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            return Err(ParseHashError::NotLowercaseHex);
        }
        let bytes = hex::decode(text).map_err(|_| ParseHashError::NotLowercaseHex)?;
        Hash::try_from(bytes.as_slice())
    }
}

impl Serialize for Hash {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Hash {
    /// 64 lowercase hex digits written as plain characters, as every hash in JSON
    /// (`spec/protocol.md` §2.5): an escaped digit is refused.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Hash, D::Error> {
        zhixuan_tally::deserialize_hex32(deserializer).map(Hash)
    }
}

/// The leaf hash of one log entry, `SHA-256(0x00 || entry)`.
///
/// Everything the tree and the verifiers take as a "leaf hash" must come from here: the
/// prefix is what stops an interior node from passing as an entry.
pub fn hash_leaf(entry: &[u8]) -> Hash {
    let mut hasher = Sha256::new();
    hasher.update([LEAF_PREFIX]);
    hasher.update(entry);
    Hash(hasher.finalize().into())
}

/// The hash of an interior node, `SHA-256(0x01 || left || right)`.
pub fn hash_children(left: &Hash, right: &Hash) -> Hash {
    let mut hasher = Sha256::new();
    hasher.update([NODE_PREFIX]);
    hasher.update(left.0);
    hasher.update(right.0);
    Hash(hasher.finalize().into())
}

/// Why a proof was not produced or did not verify.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ProofError {
    /// The leaf index is not in the tree of the given size.
    #[error("leaf index {index} is out of range for a tree of size {size}")]
    IndexOutOfRange {
        /// The leaf index asked for.
        index: u64,
        /// The size of the tree.
        size: u64,
    },
    /// A consistency proof was asked for from a larger tree to a smaller one.
    #[error("old tree size {old_size} is larger than new tree size {new_size}")]
    OldSizeExceedsNew {
        /// The size of the tree said to be older.
        old_size: u64,
        /// The size of the tree said to be newer.
        new_size: u64,
    },
    /// The tree has fewer entries than the size asked for.
    #[error("tree size {size} requested, but the tree holds only {tree_size} entries")]
    SizeBeyondTree {
        /// The size asked for.
        size: u64,
        /// The number of entries in the tree.
        tree_size: u64,
    },
    /// The proof does not have the number of hashes the sizes call for.
    #[error("wrong proof length: these sizes need {expected} hashes, the proof has {actual}")]
    WrongProofLength {
        /// The number of hashes a proof for these sizes has.
        expected: usize,
        /// The number of hashes received.
        actual: usize,
    },
    /// The inclusion proof leads to a root other than the one claimed.
    #[error("root mismatch: the inclusion proof leads to root {computed}, not {claimed}")]
    RootMismatch {
        /// The root the proof leads to.
        computed: Hash,
        /// The root it was checked against.
        claimed: Hash,
    },
    /// The consistency proof leads to an old root other than the one claimed.
    #[error(
        "old root mismatch: the consistency proof leads to old root {computed}, not {claimed}"
    )]
    OldRootMismatch {
        /// The old root the proof leads to.
        computed: Hash,
        /// The old root it was checked against.
        claimed: Hash,
    },
    /// The consistency proof leads to a new root other than the one claimed.
    #[error(
        "new root mismatch: the consistency proof leads to new root {computed}, not {claimed}"
    )]
    NewRootMismatch {
        /// The new root the proof leads to.
        computed: Hash,
        /// The new root it was checked against.
        claimed: Hash,
    },
}

/// Checks that `proof` shows the entry with leaf hash `leaf_hash` at position `index` in
/// the tree of `size` entries whose root is `root` (RFC 9162 §2.1.3.2).
///
/// `leaf_hash` must be [`hash_leaf`] of the entry, not the entry itself. The proof lists
/// sibling hashes leaf first, as [`MerkleTree::inclusion_proof`] returns them.
///
/// The proof binds the leaf to the root, not to the size: the proof of a leaf in the left
/// half of a tree of 3 entries is also a valid proof for a tree of 4 entries with the same
/// root, because the right half enters only as one hash. `size` and `root` must therefore
/// come together from one signed checkpoint, which is what binds them.
pub fn verify_inclusion(
    leaf_hash: &Hash,
    index: u64,
    size: u64,
    proof: &[Hash],
    root: &Hash,
) -> Result<(), ProofError> {
    // Step 1.
    if index >= size {
        return Err(ProofError::IndexOutOfRange { index, size });
    }
    let wrong_length = || ProofError::WrongProofLength {
        expected: inclusion_proof_len(index, size),
        actual: proof.len(),
    };
    // Step 2: `f_n` walks the leaf's path, `s_n` the path to the last leaf.
    let mut f_n = index;
    let mut s_n = size - 1;
    // Step 3.
    let mut r = *leaf_hash;
    // Step 4.
    for p in proof {
        if s_n == 0 {
            // The path reached the root with hashes left over.
            return Err(wrong_length());
        }
        if f_n & 1 == 1 || f_n == s_n {
            // A right child, or a node on the right edge with no right sibling: the
            // proof hash is its left sibling. Levels where the node is promoted
            // unchanged (a left child on the right edge) take no proof hash.
            r = hash_children(p, &r);
            while f_n & 1 == 0 && f_n != 0 {
                f_n >>= 1;
                s_n >>= 1;
            }
        } else {
            r = hash_children(&r, p);
        }
        f_n >>= 1;
        s_n >>= 1;
    }
    // Step 5.
    if s_n != 0 {
        // The hashes ran out below the root.
        return Err(wrong_length());
    }
    if r != *root {
        return Err(ProofError::RootMismatch {
            computed: r,
            claimed: *root,
        });
    }
    Ok(())
}

/// Checks that `proof` shows the tree of `old_size` entries with root `old_root` to be
/// the first `old_size` entries of the tree of `new_size` entries with root `new_root`
/// (RFC 9162 §2.1.4.2).
///
/// RFC 9162 defines the algorithm for `0 < old_size < new_size`. The two edge cases
/// follow from the definition of the tree: equal sizes are consistent exactly when the
/// roots are equal, and the empty tree (whose root must be [`Hash::EMPTY_TREE_ROOT`]) is a
/// prefix of every tree. Both take an empty proof, as [`MerkleTree::consistency_proof`]
/// returns.
///
/// As with [`verify_inclusion`], each size must come with its root from one signed
/// checkpoint: the proof alone does not pin the sizes.
pub fn verify_consistency(
    old_size: u64,
    new_size: u64,
    old_root: &Hash,
    new_root: &Hash,
    proof: &[Hash],
) -> Result<(), ProofError> {
    if old_size > new_size {
        return Err(ProofError::OldSizeExceedsNew { old_size, new_size });
    }
    if old_size == 0 || old_size == new_size {
        if !proof.is_empty() {
            return Err(ProofError::WrongProofLength {
                expected: 0,
                actual: proof.len(),
            });
        }
        if old_size == 0 && *old_root != Hash::EMPTY_TREE_ROOT {
            return Err(ProofError::OldRootMismatch {
                computed: Hash::EMPTY_TREE_ROOT,
                claimed: *old_root,
            });
        }
        if old_size == new_size && new_root != old_root {
            return Err(ProofError::NewRootMismatch {
                computed: *old_root,
                claimed: *new_root,
            });
        }
        return Ok(());
    }

    let wrong_length = || ProofError::WrongProofLength {
        expected: consistency_proof_len(old_size, new_size),
        actual: proof.len(),
    };
    // Steps 1 and 2: the seed is the old tree's right-most perfect subtree; when the old
    // size is a power of two that subtree is the old tree, and its root is not sent.
    let (seed, path) = if old_size.is_power_of_two() {
        if proof.is_empty() {
            return Err(wrong_length());
        }
        (*old_root, proof)
    } else {
        match proof.split_first() {
            Some((first, rest)) => (*first, rest),
            None => return Err(wrong_length()),
        }
    };
    // Steps 3 and 4: skip the levels inside the seed subtree.
    let mut f_n = old_size - 1;
    let mut s_n = new_size - 1;
    while f_n & 1 == 1 {
        f_n >>= 1;
        s_n >>= 1;
    }
    // Step 5.
    let mut f_r = seed;
    let mut s_r = seed;
    // Step 6.
    for c in path {
        if s_n == 0 {
            return Err(wrong_length());
        }
        if f_n & 1 == 1 || f_n == s_n {
            // A left sibling: part of the old tree and of the new one.
            f_r = hash_children(c, &f_r);
            s_r = hash_children(c, &s_r);
            while f_n & 1 == 0 && f_n != 0 {
                f_n >>= 1;
                s_n >>= 1;
            }
        } else {
            // A right sibling: entries appended after the old tree.
            s_r = hash_children(&s_r, c);
        }
        f_n >>= 1;
        s_n >>= 1;
    }
    // Step 7.
    if s_n != 0 {
        return Err(wrong_length());
    }
    if f_r != *old_root {
        return Err(ProofError::OldRootMismatch {
            computed: f_r,
            claimed: *old_root,
        });
    }
    if s_r != *new_root {
        return Err(ProofError::NewRootMismatch {
            computed: s_r,
            claimed: *new_root,
        });
    }
    Ok(())
}

/// The number of hashes in an inclusion proof for leaf `index < size`: one per level
/// below the meeting point with the last leaf's path, plus one per right-child ancestor
/// above it (see the module documentation).
fn inclusion_proof_len(index: u64, size: u64) -> usize {
    let inner = bit_length(index ^ (size - 1));
    inner + (index >> inner).count_ones() as usize
}

/// The number of hashes in a consistency proof for `0 < old_size < new_size`: the
/// inclusion proof of the old tree's right-most perfect subtree, plus that subtree's own
/// hash unless it is the whole old tree.
fn consistency_proof_len(old_size: u64, new_size: u64) -> usize {
    let height = old_size.trailing_zeros();
    let node = (old_size - 1) >> height;
    let nodes = ((new_size - 1) >> height) + 1;
    let seed = usize::from(!old_size.is_power_of_two());
    inclusion_proof_len(node, nodes) + seed
}

/// The number of bits needed to write `x` (0 for 0).
fn bit_length(x: u64) -> usize {
    (u64::BITS - x.leading_zeros()) as usize
}

/// The largest power of two strictly smaller than `n`, for `n >= 2`: RFC 6962's `k`.
fn split_point(n: usize) -> usize {
    1 << (usize::BITS - 1 - (n - 1).leading_zeros())
}

/// An in-memory, append-only RFC 6962 Merkle tree over leaf hashes.
///
/// It stores every perfect subtree: `levels[h][j]` is the hash of the subtree of height
/// `h` over entries `j·2^h .. (j+1)·2^h`, kept from the moment its last entry arrives.
/// That costs about two hashes of memory per entry and makes every query cheap:
///
/// * [`push`](MerkleTree::push) hashes one new node per perfect subtree it completes,
///   `O(1)` amortised and `O(log n)` at worst;
/// * [`root_at`](MerkleTree::root_at) joins the `O(log n)` stored subtrees of the size's
///   binary expansion;
/// * each hash in a proof is a stored node or such a join, so a proof costs
///   `O(log² n)` hashes at worst, and nothing is ever rehashed from the entries.
#[derive(Clone, Debug, Default)]
pub struct MerkleTree {
    levels: Vec<Vec<Hash>>,
}

impl MerkleTree {
    /// An empty tree.
    pub fn new() -> MerkleTree {
        MerkleTree::default()
    }

    /// The number of entries in the tree.
    pub fn len(&self) -> u64 {
        self.leaf_count() as u64
    }

    /// Whether the tree has no entries.
    pub fn is_empty(&self) -> bool {
        self.leaf_count() == 0
    }

    /// Appends an entry, given as its leaf hash (see [`hash_leaf`]), and returns the
    /// entry's index.
    pub fn push(&mut self, leaf_hash: Hash) -> u64 {
        let index = self.len();
        let mut node = leaf_hash;
        let mut height = 0;
        loop {
            if self.levels.len() == height {
                self.levels.push(Vec::new());
            }
            let level = &mut self.levels[height];
            level.push(node);
            let count = level.len();
            if count % 2 == 1 {
                return index;
            }
            // An even count means the node just stored is a right child: its parent's
            // subtree is now complete and belongs one level up.
            node = hash_children(&level[count - 2], &level[count - 1]);
            height += 1;
        }
    }

    /// The leaf hash of entry `index`, if the tree has that entry.
    pub fn leaf_hash(&self, index: u64) -> Option<Hash> {
        let index = usize::try_from(index).ok()?;
        self.levels.first()?.get(index).copied()
    }

    /// The root of the whole tree.
    pub fn root(&self) -> Hash {
        self.subtree_root(0, self.leaf_count())
    }

    /// The root the tree had when it held its first `size` entries.
    pub fn root_at(&self, size: u64) -> Result<Hash, ProofError> {
        let size = self.check_size(size)?;
        Ok(self.subtree_root(0, size))
    }

    /// The proof that entry `index` is in the tree of the first `size` entries, leaf
    /// first (RFC 6962 §2.1.1, `PATH(index, D[size])`).
    pub fn inclusion_proof(&self, index: u64, size: u64) -> Result<Vec<Hash>, ProofError> {
        let n = self.check_size(size)?;
        let m = usize::try_from(index)
            .ok()
            .filter(|m| *m < n)
            .ok_or(ProofError::IndexOutOfRange { index, size })?;
        // Unrolls PATH from the root down: at each node [lo, hi) the proof takes the hash
        // of the half that does not hold entry m. The recursion appends that hash after
        // the deeper part of the path, so the list is reversed at the end.
        let mut path = Vec::new();
        let (mut lo, mut hi) = (0, n);
        while hi - lo > 1 {
            let k = split_point(hi - lo);
            if m < lo + k {
                path.push(self.subtree_root(lo + k, hi));
                hi = lo + k;
            } else {
                path.push(self.subtree_root(lo, lo + k));
                lo += k;
            }
        }
        path.reverse();
        Ok(path)
    }

    /// The proof that the tree of the first `old_size` entries is a prefix of the tree of
    /// the first `new_size` entries (RFC 6962 §2.1.2, `PROOF(old_size, D[new_size])`).
    ///
    /// The proof is empty when `old_size` is 0 or equals `new_size`, as
    /// [`verify_consistency`] expects.
    pub fn consistency_proof(&self, old_size: u64, new_size: u64) -> Result<Vec<Hash>, ProofError> {
        let n = self.check_size(new_size)?;
        if old_size > new_size {
            return Err(ProofError::OldSizeExceedsNew { old_size, new_size });
        }
        let m = self.check_size(old_size)?;
        let mut proof = Vec::new();
        if m == 0 || m == n {
            return Ok(proof);
        }
        // Unrolls SUBPROOF(m, D[lo:hi], complete) from the root down. `complete` stays
        // true while the node [lo, hi) starts at entry 0, that is while the old tree's
        // root is itself the node the recursion ends at, which the verifier holds.
        let (mut lo, mut hi, mut complete) = (0, n, true);
        loop {
            if m == hi {
                if !complete {
                    proof.push(self.subtree_root(lo, hi));
                }
                break;
            }
            let k = split_point(hi - lo);
            if m - lo <= k {
                proof.push(self.subtree_root(lo + k, hi));
                hi = lo + k;
            } else {
                proof.push(self.subtree_root(lo, lo + k));
                lo += k;
                complete = false;
            }
        }
        proof.reverse();
        Ok(proof)
    }

    fn leaf_count(&self) -> usize {
        self.levels.first().map_or(0, Vec::len)
    }

    /// Converts a requested size to an index type, if the tree is that large.
    fn check_size(&self, size: u64) -> Result<usize, ProofError> {
        usize::try_from(size)
            .ok()
            .filter(|size| *size <= self.leaf_count())
            .ok_or(ProofError::SizeBeyondTree {
                size,
                tree_size: self.len(),
            })
    }

    /// `MTH(D[start:end])` from the stored perfect subtrees.
    ///
    /// The range's length `end - start = 2^a + 2^b + …` splits it into perfect subtrees of
    /// those sizes, largest first; they are joined right to left, as the recursive
    /// definition does. Each piece is a stored node as long as `start` is a multiple of
    /// the largest power of two not above `end - start`, which holds for every node of
    /// the RFC 6962 recursion and for every prefix of the tree.
    fn subtree_root(&self, start: usize, end: usize) -> Hash {
        let mut root: Option<Hash> = None;
        let mut hi = end;
        while hi > start {
            let height = (hi - start).trailing_zeros() as usize;
            let lo = hi - (1 << height);
            let piece = self.levels[height][lo >> height];
            root = Some(match root {
                None => piece,
                Some(right) => hash_children(&piece, &right),
            });
            hi = lo;
        }
        root.unwrap_or(Hash::EMPTY_TREE_ROOT)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6962's recursive definition, entry by entry: the reference the stored tree is
    /// checked against.
    fn reference_root(leaves: &[Hash]) -> Hash {
        match leaves {
            [] => Hash::EMPTY_TREE_ROOT,
            [leaf] => *leaf,
            _ => {
                let k = split_point(leaves.len());
                hash_children(&reference_root(&leaves[..k]), &reference_root(&leaves[k..]))
            }
        }
    }

    fn tree_of(n: usize) -> (MerkleTree, Vec<Hash>) {
        let mut tree = MerkleTree::new();
        let leaves: Vec<Hash> = (0..n as u64).map(|i| hash_leaf(&i.to_be_bytes())).collect();
        for leaf in &leaves {
            tree.push(*leaf);
        }
        (tree, leaves)
    }

    #[test]
    fn empty_tree_root_is_sha256_of_nothing() {
        let digest: [u8; 32] = Sha256::digest([]).into();
        assert_eq!(Hash::EMPTY_TREE_ROOT, Hash(digest));
        assert_eq!(MerkleTree::new().root(), Hash::EMPTY_TREE_ROOT);
    }

    #[test]
    fn split_point_is_largest_power_of_two_below() {
        for n in 2..=1025usize {
            let k = split_point(n);
            assert!(
                k.is_power_of_two() && k < n && 2 * k >= n,
                "n = {n}, k = {k}"
            );
        }
    }

    #[test]
    fn stored_roots_match_the_recursive_definition() {
        let (tree, leaves) = tree_of(70);
        for size in 0..=70 {
            assert_eq!(
                tree.root_at(size as u64).unwrap(),
                reference_root(&leaves[..size])
            );
        }
        assert_eq!(tree.root(), reference_root(&leaves));
    }

    #[test]
    fn proof_lengths_match_the_formulas() {
        let (tree, _) = tree_of(64);
        for n in 1..=64u64 {
            for i in 0..n {
                let proof = tree.inclusion_proof(i, n).unwrap();
                assert_eq!(
                    proof.len(),
                    inclusion_proof_len(i, n),
                    "inclusion ({i}, {n})"
                );
            }
            for m in 1..n {
                let proof = tree.consistency_proof(m, n).unwrap();
                assert_eq!(
                    proof.len(),
                    consistency_proof_len(m, n),
                    "consistency ({m}, {n})"
                );
            }
        }
    }

    #[test]
    fn hash_text_form_is_lowercase_hex_only() {
        let hash = hash_leaf(b"ballot");
        let text = hash.to_string();
        assert_eq!(text.len(), 64);
        assert_eq!(text.parse::<Hash>().unwrap(), hash);
        assert_eq!(
            text.to_uppercase().parse::<Hash>(),
            Err(ParseHashError::NotLowercaseHex)
        );
        assert_eq!(
            text[..62].parse::<Hash>(),
            Err(ParseHashError::WrongLength { actual: 31 })
        );
        let json = serde_json::to_string(&hash).unwrap();
        assert_eq!(json, format!("\"{text}\""));
        assert_eq!(serde_json::from_str::<Hash>(&json).unwrap(), hash);
        assert!(serde_json::from_str::<Hash>(&json.to_uppercase()).is_err());
        // spec/protocol.md §2.5: the same digits with one written as a JSON escape.
        let escaped = format!("\"\\u{:04x}{}\"", text.as_bytes()[0], &text[1..]);
        assert_eq!(serde_json::from_str::<String>(&escaped).unwrap(), text);
        let error = serde_json::from_str::<Hash>(&escaped).unwrap_err();
        assert!(error.to_string().contains("escape"), "{error}");
    }
}
