//! The Merkle tree and its proofs: known roots, every proof of small trees, tampering,
//! large trees, and properties over random trees.

use proptest::prelude::*;
use zhixuan_record::{
    hash_children, hash_leaf, verify_consistency, verify_inclusion, Hash, MerkleTree, ProofError,
};

fn tree_of(n: u64) -> MerkleTree {
    let mut tree = MerkleTree::new();
    for i in 0..n {
        tree.push(hash_leaf(&i.to_be_bytes()));
    }
    tree
}

/// `hash` with bit `bit` of byte `byte` flipped.
fn flip(hash: &Hash, byte: usize, bit: u8) -> Hash {
    let mut bytes = *hash.as_bytes();
    bytes[byte] ^= 1 << bit;
    Hash::from_bytes(bytes)
}

/// The eight entries of the RFC 6962 example tree used by Certificate Transparency's and
/// transparency-dev's tests, and the roots of their first 1 to 8 entries. The roots were
/// computed independently (a recursive Python MTH) and agree with the roots in
/// `tests/vectors/rfc6962` (for example sizes 1, 2, 5 and 8).
#[test]
fn roots_of_the_rfc6962_example_tree() {
    let entries: [&[u8]; 8] = [
        b"",
        b"\x00",
        b"\x10",
        b"\x20\x21",
        b"\x30\x31",
        b"\x40\x41\x42\x43",
        b"\x50\x51\x52\x53\x54\x55\x56\x57",
        b"\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f",
    ];
    let roots = [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];
    let mut tree = MerkleTree::new();
    assert_eq!(
        tree.root().to_string(),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    for (i, (entry, root)) in entries.iter().zip(roots).enumerate() {
        assert_eq!(tree.push(hash_leaf(entry)), i as u64);
        assert_eq!(
            tree.root().to_string(),
            root,
            "root of the first {} entries",
            i + 1
        );
    }
    for (size, root) in (1..).zip(roots) {
        assert_eq!(tree.root_at(size).unwrap().to_string(), root);
    }
    // The leaf and node hashes themselves, spelled out for the first two entries.
    let leaf0 = hash_leaf(b"");
    let leaf1 = hash_leaf(b"\x00");
    assert_eq!(hash_children(&leaf0, &leaf1).to_string(), roots[1]);
    assert_eq!(tree.leaf_hash(1), Some(leaf1));
    assert_eq!(tree.leaf_hash(8), None);
}

#[test]
fn every_inclusion_proof_of_small_trees_verifies_and_resists_tampering() {
    let tree = tree_of(40);
    for size in 1..=40 {
        let root = tree.root_at(size).unwrap();
        for index in 0..size {
            let leaf = tree.leaf_hash(index).unwrap();
            let proof = tree.inclusion_proof(index, size).unwrap();
            verify_inclusion(&leaf, index, size, &proof, &root).unwrap();

            for j in 0..proof.len() {
                let mut bad = proof.clone();
                bad[j] = flip(&bad[j], j % 32, (j % 8) as u8);
                assert!(
                    matches!(
                        verify_inclusion(&leaf, index, size, &bad, &root),
                        Err(ProofError::RootMismatch { .. })
                    ),
                    "flipped hash {j} of proof ({index}, {size})"
                );
                let mut removed = proof.clone();
                removed.remove(j);
                assert!(verify_inclusion(&leaf, index, size, &removed, &root).is_err());
            }
            let mut longer = proof.clone();
            longer.push(root);
            assert_eq!(
                verify_inclusion(&leaf, index, size, &longer, &root),
                Err(ProofError::WrongProofLength {
                    expected: proof.len(),
                    actual: proof.len() + 1
                })
            );
            assert!(verify_inclusion(&flip(&leaf, 0, 0), index, size, &proof, &root).is_err());
            assert!(verify_inclusion(&leaf, index, size, &proof, &flip(&root, 31, 7)).is_err());
            if index + 1 < size {
                assert!(verify_inclusion(&leaf, index + 1, size, &proof, &root).is_err());
            }
            if index > 0 {
                assert!(verify_inclusion(&leaf, index - 1, size, &proof, &root).is_err());
            }
            // A proof does not bind the size on its own (the proof of a leaf in the left
            // half of a tree of 3 entries is also one in a tree of 4); the checkpoint
            // binds size and root together, and with the root of another size the proof
            // fails.
            if size < 40 {
                let bigger = tree.root_at(size + 1).unwrap();
                assert!(verify_inclusion(&leaf, index, size + 1, &proof, &bigger).is_err());
            }
            if index + 1 < size {
                let smaller = tree.root_at(size - 1).unwrap();
                assert!(verify_inclusion(&leaf, index, size - 1, &proof, &smaller).is_err());
            }
        }
        assert_eq!(
            verify_inclusion(&root, size, size, &[], &root),
            Err(ProofError::IndexOutOfRange { index: size, size })
        );
    }
}

#[test]
fn every_consistency_proof_of_small_trees_verifies_and_resists_tampering() {
    let tree = tree_of(40);
    for new_size in 0..=40 {
        let new_root = tree.root_at(new_size).unwrap();
        for old_size in 0..=new_size {
            let old_root = tree.root_at(old_size).unwrap();
            let proof = tree.consistency_proof(old_size, new_size).unwrap();
            verify_consistency(old_size, new_size, &old_root, &new_root, &proof).unwrap();

            for j in 0..proof.len() {
                let mut bad = proof.clone();
                bad[j] = flip(&bad[j], (j * 7) % 32, (j % 8) as u8);
                assert!(
                    verify_consistency(old_size, new_size, &old_root, &new_root, &bad).is_err(),
                    "flipped hash {j} of proof ({old_size}, {new_size})"
                );
                let mut removed = proof.clone();
                removed.remove(j);
                assert!(
                    verify_consistency(old_size, new_size, &old_root, &new_root, &removed).is_err()
                );
            }
            let mut longer = proof.clone();
            longer.push(new_root);
            assert!(matches!(
                verify_consistency(old_size, new_size, &old_root, &new_root, &longer),
                Err(ProofError::WrongProofLength { .. })
            ));
            if old_size < new_size {
                assert!(verify_consistency(
                    old_size,
                    new_size,
                    &flip(&old_root, 3, 3),
                    &new_root,
                    &proof
                )
                .is_err());
                // The empty tree is a prefix of every tree, whatever its root.
                let new_root_checked = old_size > 0;
                assert_eq!(
                    verify_consistency(
                        old_size,
                        new_size,
                        &old_root,
                        &flip(&new_root, 5, 1),
                        &proof
                    )
                    .is_err(),
                    new_root_checked
                );
                assert_eq!(
                    verify_consistency(new_size, old_size, &new_root, &old_root, &proof),
                    Err(ProofError::OldSizeExceedsNew {
                        old_size: new_size,
                        new_size: old_size
                    })
                );
            }
            // As with inclusion, sizes are bound to roots by the checkpoints, so a size
            // is changed together with its root.
            if 0 < old_size && old_size + 1 < new_size {
                let root = tree.root_at(old_size + 1).unwrap();
                assert!(
                    verify_consistency(old_size + 1, new_size, &root, &new_root, &proof).is_err()
                );
            }
            if 1 < old_size && old_size < new_size {
                let root = tree.root_at(old_size - 1).unwrap();
                assert!(
                    verify_consistency(old_size - 1, new_size, &root, &new_root, &proof).is_err()
                );
            }
            if 0 < old_size && new_size < 40 {
                let root = tree.root_at(new_size + 1).unwrap();
                assert!(
                    verify_consistency(old_size, new_size + 1, &old_root, &root, &proof).is_err()
                );
            }
        }
    }
}

#[test]
fn edge_cases_of_consistency() {
    let tree = tree_of(5);
    let root = tree.root();
    // The empty tree is a prefix of every tree, but only with the empty tree's root.
    verify_consistency(0, 5, &Hash::EMPTY_TREE_ROOT, &root, &[]).unwrap();
    assert_eq!(
        verify_consistency(0, 5, &root, &root, &[]),
        Err(ProofError::OldRootMismatch {
            computed: Hash::EMPTY_TREE_ROOT,
            claimed: root
        })
    );
    // Equal sizes: equal roots and nothing to prove.
    verify_consistency(5, 5, &root, &root, &[]).unwrap();
    let other = tree.root_at(4).unwrap();
    assert_eq!(
        verify_consistency(5, 5, &root, &other, &[]),
        Err(ProofError::NewRootMismatch {
            computed: root,
            claimed: other
        })
    );
    assert_eq!(
        verify_consistency(5, 5, &root, &root, &[root]),
        Err(ProofError::WrongProofLength {
            expected: 0,
            actual: 1
        })
    );
    assert!(matches!(
        verify_consistency(2, 5, &tree.root_at(2).unwrap(), &root, &[]),
        Err(ProofError::WrongProofLength { actual: 0, .. })
    ));
}

#[test]
fn the_tree_refuses_sizes_and_indices_it_does_not_have() {
    let tree = tree_of(10);
    assert_eq!(
        tree.root_at(11),
        Err(ProofError::SizeBeyondTree {
            size: 11,
            tree_size: 10
        })
    );
    assert_eq!(
        tree.inclusion_proof(10, 10),
        Err(ProofError::IndexOutOfRange {
            index: 10,
            size: 10
        })
    );
    assert!(matches!(
        tree.inclusion_proof(0, 11),
        Err(ProofError::SizeBeyondTree { .. })
    ));
    assert!(matches!(
        tree.consistency_proof(4, 11),
        Err(ProofError::SizeBeyondTree { .. })
    ));
    assert_eq!(
        tree.consistency_proof(6, 5),
        Err(ProofError::OldSizeExceedsNew {
            old_size: 6,
            new_size: 5
        })
    );
    assert_eq!(tree.consistency_proof(0, 10), Ok(vec![]));
    assert_eq!(tree.consistency_proof(10, 10), Ok(vec![]));
    assert_eq!(tree.len(), 10);
    assert!(!tree.is_empty());
    assert!(MerkleTree::new().is_empty());
}

/// 131,073 entries (2^17 + 1, so the right edge is as ragged as it gets) and thousands
/// of proofs: if a root or a proof rehashed the entries, this would take minutes.
#[test]
fn large_trees_answer_from_stored_subtrees() {
    let size = (1 << 17) + 1;
    let tree = tree_of(size);
    let root = tree.root();
    let mut position: u64 = 1;
    for _ in 0..2_000 {
        // A cheap deterministic walk over the positions.
        position = (position * 48_271) % size;
        let index = position;
        let leaf = hash_leaf(&index.to_be_bytes());
        let proof = tree.inclusion_proof(index, size).unwrap();
        verify_inclusion(&leaf, index, size, &proof, &root).unwrap();

        let old_size = position.max(1);
        let old_root = tree.root_at(old_size).unwrap();
        let proof = tree.consistency_proof(old_size, size).unwrap();
        verify_consistency(old_size, size, &old_root, &root, &proof).unwrap();
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn inclusion_proofs_verify_and_single_bit_flips_are_rejected(
        size in 1u64..3_000,
        index_seed: u64,
        byte in 0usize..32,
        bit in 0u8..8,
        element_seed: usize,
    ) {
        let tree = tree_of(size);
        let index = index_seed % size;
        let leaf = tree.leaf_hash(index).unwrap();
        let root = tree.root();
        let proof = tree.inclusion_proof(index, size).unwrap();
        prop_assert_eq!(verify_inclusion(&leaf, index, size, &proof, &root), Ok(()));
        if !proof.is_empty() {
            let mut bad = proof.clone();
            let j = element_seed % bad.len();
            bad[j] = flip(&bad[j], byte, bit);
            prop_assert!(verify_inclusion(&leaf, index, size, &bad, &root).is_err());
        }
    }

    /// A board that changes any entry below the old size cannot prove its new tree
    /// consistent with the old checkpoint's root.
    #[test]
    fn a_rewritten_entry_breaks_consistency(
        new_size in 2u64..2_000,
        old_seed: u64,
        changed_seed: u64,
    ) {
        let old_size = 1 + old_seed % (new_size - 1);
        let changed = changed_seed % old_size;
        let honest = tree_of(new_size);
        let mut rewritten = MerkleTree::new();
        for i in 0..new_size {
            let entry = if i == changed { u64::MAX } else { i };
            rewritten.push(hash_leaf(&entry.to_be_bytes()));
        }
        let old_root = honest.root_at(old_size).unwrap();
        let honest_proof = honest.consistency_proof(old_size, new_size).unwrap();
        prop_assert_eq!(
            verify_consistency(old_size, new_size, &old_root, &honest.root(), &honest_proof),
            Ok(())
        );
        let forged_proof = rewritten.consistency_proof(old_size, new_size).unwrap();
        prop_assert!(
            verify_consistency(old_size, new_size, &old_root, &rewritten.root(), &forged_proof)
                .is_err()
        );
    }
}
