//! Inclusion and consistency proofs: as a board sends them (JSON), and as raw sizes and
//! hashes, each verified. The checks must refuse, never panic or loop, on any input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhixuan_record::{verify_consistency, verify_inclusion, ConsistencyProof, Hash, InclusionProof};

/// `data` as two sizes and then 32-byte hashes.
fn split(data: &[u8]) -> Option<(u64, u64, Vec<Hash>)> {
    let first = u64::from_le_bytes(data.get(..8)?.try_into().ok()?);
    let second = u64::from_le_bytes(data.get(8..16)?.try_into().ok()?);
    let hashes = data[16..]
        .chunks_exact(32)
        .map(|c| Hash::from_bytes(c.try_into().unwrap_or([0; 32])))
        .collect();
    Some((first, second, hashes))
}

fuzz_target!(|data: &[u8]| {
    if let Some((a, b, hashes)) = split(data) {
        if let [leaf, root, proof @ ..] = hashes.as_slice() {
            let _ = verify_inclusion(leaf, a, b, proof, root);
            let _ = verify_consistency(a, b, leaf, root, proof);
        }
    }
    if let Ok(p) = serde_json::from_slice::<InclusionProof>(data) {
        let _ = verify_inclusion(&p.leaf_hash, p.index, p.size, &p.proof, &p.leaf_hash);
    }
    if let Ok(p) = serde_json::from_slice::<ConsistencyProof>(data) {
        let root = Hash::from_bytes([0; 32]);
        let _ = verify_consistency(p.from, p.to, &root, &root, &p.proof);
    }
});
