//! Record files: read line by line, and checked whole by the verifier.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhixuan_record::RecordReader;
use zhixuan_verify::{verify_record, Options};

fuzz_target!(|data: &[u8]| {
    if let Ok(mut reader) = RecordReader::new(data) {
        while let Some(entry) = reader.next_entry() {
            if entry.is_err() {
                break;
            }
        }
        let _ = reader.footer();
    }
    let _ = verify_record(data, &Options::default());
});
