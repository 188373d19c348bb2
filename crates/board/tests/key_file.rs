//! The board's checkpoint key file: `zhixuan-board` creates it readable by its owner only,
//! and refuses to start on one that others may read — whoever read it can sign checkpoints
//! in the board's name.
#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output};

use zhixuan_testkit::TempDir;

/// Runs the board with `key` for at most `seconds`: it fails on the key, or is stopped.
fn start(dir: &Path, key: &Path, seconds: f64) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_zhixuan-board"))
        .arg("--listen")
        .arg("127.0.0.1:0")
        .arg("--database")
        .arg(format!("sqlite:{}", dir.join("board.db").display()))
        .arg("--key")
        .arg(key)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while started.elapsed().as_secs_f64() < seconds {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    child.kill().unwrap();
    child.wait_with_output().unwrap()
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn the_key_is_created_private_and_refused_once_others_can_read_it() {
    let dir = TempDir::new("zhixuan_board_key");
    let key = dir.path().join("board.key");

    // Created on first start, 0600; the board then runs until stopped.
    let first = start(dir.path(), &key, 1.5);
    assert!(first.status.code().is_none(), "the board exited: {first:?}");
    assert_eq!(mode(&key), 0o600);
    let created = std::fs::read_to_string(&key).unwrap();

    // Readable by the group, or by anyone: refused, and the key is left as it was.
    for loose in [0o640, 0o604, 0o644] {
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(loose)).unwrap();
        let refused = start(dir.path(), &key, 30.0);
        assert_eq!(
            refused.status.code(),
            Some(1),
            "mode {loose:o}: {refused:?}"
        );
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert!(
            stderr.contains("may be read by others") && stderr.contains(&format!("{loose:o}")),
            "mode {loose:o}: {stderr}"
        );
        assert_eq!(std::fs::read_to_string(&key).unwrap(), created);
    }

    // Private again: taken.
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    let again = start(dir.path(), &key, 1.5);
    assert!(again.status.code().is_none(), "the board exited: {again:?}");
}
