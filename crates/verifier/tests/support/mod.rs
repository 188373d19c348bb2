//! The verifier's part of the tests' records: the test kit builds them (`zhixuan-testkit`,
//! which cannot depend on this crate), and this runs the verifier on them.

use zhixuan_testkit::Finished;
use zhixuan_verify::{verify_record, Options, Report};

/// Verifies a record built in process.
pub trait Verify {
    /// The verifier's report on the record file, with no checkpoint saved from elsewhere.
    fn verify(&self) -> Report;
}

impl Verify for Finished {
    fn verify(&self) -> Report {
        verify_record(self.bytes().as_slice(), &Options::default()).unwrap()
    }
}
