//! Signed checkpoints and verifier keys, as text: parsed, verified under the reference
//! board's key, and held to the reference record's final checkpoint.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhixuan_record::{check_consistency, CheckpointVerifier, RecordReader, SignedCheckpoint};
use zhixuan_fuzz::{reference, RECORD};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let r = reference();
    if let Ok(checkpoint) = text.parse::<SignedCheckpoint>() {
        let _ = checkpoint.to_string();
        if checkpoint.verify(&r.board).is_ok() {
            let mut reader = RecordReader::new(RECORD.as_bytes()).unwrap();
            while reader.next_entry().is_some() {}
            let last: SignedCheckpoint = reader.footer().unwrap().checkpoint.parse().unwrap();
            let _ = check_consistency(&r.board, &checkpoint, &last, &[]);
        }
    }
    let _ = text.parse::<CheckpointVerifier>();
});
