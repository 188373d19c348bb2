//! The `zhixuan` binary's output when its reader goes away: `zhixuan … | head -0` ends the
//! command normally, without a panic.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Command, Stdio};

use zhixuan_testkit::TempDir;

#[test]
fn a_reader_that_stops_reading_is_no_failure() {
    let dir = TempDir::new("zhixuan_cli_output");
    let key = dir.path().join("organiser.key");
    let mut child = Command::new(env!("CARGO_BIN_EXE_zhixuan"))
        .args(["--lang", "en", "organiser", "keygen", "--out"])
        .arg(&key)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The reading end closes before anything is read: the report's write meets a broken pipe.
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{:?}: {stderr}", output.status);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(key.exists(), "the key was made all the same");
}
