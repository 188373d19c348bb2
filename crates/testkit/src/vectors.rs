//! The known-answer vectors of `spec/vectors/`: a test generates its vector from fixed seeds
//! and holds it to the committed file, byte for byte.
//!
//! Like [`ceremony`](mod@crate::ceremony), this file names nothing but `serde` and
//! `serde_json`, so that the tally's and the election's vector tests, which cannot depend
//! on the kit, include it by path.

use std::path::PathBuf;

use serde::Serialize;

/// `spec/vectors/`, from any crate of the workspace (each sits two folders below the root).
pub fn vectors_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../spec/vectors")
}

/// Holds `generated` (pretty JSON and a final newline) to the committed `spec/vectors/file`
/// and returns the file's text; with `ZHIXUAN_WRITE_VECTORS=1`, writes it instead. `rerun`
/// is the command that regenerates the file, named when it is missing.
pub fn reproduce<T: Serialize>(file: &str, generated: &T, rerun: &str) -> String {
    let mut text = serde_json::to_string_pretty(generated).expect("a vector serializes");
    text.push('\n');
    let path = vectors_dir().join(file);
    if std::env::var("ZHIXUAN_WRITE_VECTORS").as_deref() == Ok("1") {
        std::fs::create_dir_all(vectors_dir()).expect("spec/vectors can be made");
        std::fs::write(&path, &text).expect("the vector can be written");
        return text;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; to write it run ZHIXUAN_WRITE_VECTORS=1 {rerun}",
            path.display()
        )
    });
    if committed != text {
        let line = committed
            .lines()
            .zip(text.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| committed.lines().count().min(text.lines().count()));
        panic!(
            "{file}: the code no longer reproduces the committed vector (first difference at line {}):\n  committed: {:?}\n  generated: {:?}",
            line + 1,
            committed.lines().nth(line).unwrap_or(""),
            text.lines().nth(line).unwrap_or("")
        );
    }
    committed
}
