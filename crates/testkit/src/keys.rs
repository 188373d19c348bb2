//! The keys of the tests' elections and boards: derived from labels and seeds, so that an
//! election or a board built twice has the same keys.

use sha2::{Digest, Sha256};
use zhixuan_record::CheckpointSigner;
use zhixuan_tally::SigningKey;

/// The key of `label` (`organiser`, `trustee-1`, …), derived as the examples'
/// demonstration keys are (examples/README.md): the examples' definitions name these keys.
pub fn demo_key(label: &str) -> SigningKey {
    let mut bytes: [u8; 32] = Sha256::digest(format!("zhixuan-demo/{label}")).into();
    // A scalar below the group order, as `SigningKey::from_bytes` requires.
    bytes[31] &= 0x0f;
    SigningKey::from_bytes(bytes).unwrap()
}

/// A test board's checkpoint signer, `test.board`, with the key of 32 bytes `seed`: tests
/// that run two boards tell them apart by the seed.
pub fn board_signer(seed: u8) -> CheckpointSigner {
    CheckpointSigner::new(
        "test.board".parse().unwrap(),
        zhixuan_record::SigningKey::from_bytes(&[seed; 32]),
    )
}
