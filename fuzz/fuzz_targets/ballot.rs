//! Ballots and audited ballots, parsed and verified against the reference election under
//! each of its groups' ballot styles.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhixuan_fuzz::reference;
use zhixuan_tally::{AuditedBallot, Ballot};

fuzz_target!(|data: &[u8]| {
    let r = reference();
    let styles = r
        .definition
        .document()
        .groups
        .iter()
        .filter_map(|g| r.definition.ballot_style(&g.id));
    if let Ok(ballot) = serde_json::from_slice::<Ballot>(data) {
        let _ = ballot.tracking_code();
        for style in styles.clone() {
            let _ = ballot.clone().verify(r.encryptor.context(), style);
        }
    }
    if let Ok(audited) = serde_json::from_slice::<AuditedBallot>(data) {
        let _ = audited.tracking_code();
        for style in styles {
            let _ = audited.verify(&r.encryptor, style);
        }
    }
});
