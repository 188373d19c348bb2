//! Key-ceremony messages: dealings checked against the reference election's trustees, and
//! complaints checked against the dealing they name; then the ceremony concluded with them.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhixuan_fuzz::reference;
use zhixuan_tally::{conclude, Complaint, Dealing};

fuzz_target!(|data: &[u8]| {
    let r = reference();
    if let Ok(dealing) = serde_json::from_slice::<Dealing>(data) {
        if dealing.verify(&r.params).is_ok() {
            let mut dealings = r.dealings.clone();
            dealings.retain(|d| d.dealer != dealing.dealer);
            dealings.push(dealing);
            let _ = conclude(&r.params, &dealings, &[]);
        }
    }
    if let Ok(complaint) = serde_json::from_slice::<Complaint>(data) {
        for dealing in &r.dealings {
            let _ = complaint.verify(&r.params, dealing);
        }
        let _ = conclude(&r.params, &r.dealings, &[complaint]);
    }
});
