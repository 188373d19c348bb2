//! What the fuzz targets share: a reference election, read from the record in
//! `seeds/election.record.jsonl` (a `zhixuan demo --voters 8` election), so that fuzzed
//! ballots, ceremony messages and checkpoints are checked against a real election's key,
//! trustees and board key — the checks a mutated input must get through to go deep.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::OnceLock;

use zhixuan_record::{CheckpointVerifier, Entry, RecordReader};
use zhixuan_tally::{CeremonyParams, Dealing, ElectionContext, Encryptor};
use zhixuan_election::ElectionDefinition;

/// The reference record's text.
pub const RECORD: &str = include_str!("../seeds/election.record.jsonl");

/// The reference election, as the targets use it.
pub struct Reference {
    pub definition: ElectionDefinition,
    pub params: CeremonyParams,
    pub dealings: Vec<Dealing>,
    pub encryptor: Encryptor,
    pub board: CheckpointVerifier,
    /// The record's lines: header, entries, footer.
    pub lines: Vec<&'static str>,
}

/// The reference election, read once.
pub fn reference() -> &'static Reference {
    static REFERENCE: OnceLock<Reference> = OnceLock::new();
    REFERENCE.get_or_init(|| {
        let mut reader = RecordReader::new(RECORD.as_bytes()).expect("the seed record's header");
        let board = reader
            .header()
            .board_key
            .parse()
            .expect("the seed record's board key");
        let mut definition = None;
        let mut dealings = Vec::new();
        let mut key = None;
        while let Some(entry) = reader.next_entry() {
            match entry.expect("a seed record entry").entry {
                Entry::Definition(d) => definition = Some(d.body),
                Entry::Dealing(d) => dealings.push(d.body),
                Entry::OpenVoting(o) => key = Some(o.body.election_key),
                _ => {}
            }
        }
        let definition: ElectionDefinition = definition.expect("the seed record's definition");
        let doc = definition.document();
        let params = CeremonyParams::new(
            definition.hash(),
            doc.threshold,
            doc.trustees.iter().map(|t| t.key.clone()).collect(),
        )
        .expect("the seed election's ceremony");
        let encryptor = Encryptor::new(ElectionContext {
            election: definition.hash(),
            key: key.expect("the seed record opens voting"),
        });
        Reference {
            definition,
            params,
            dealings,
            encryptor,
            board,
            lines: RECORD.lines().collect(),
        }
    })
}

/// The body of the reference record's first entry of `kind`, as JSON text.
pub fn body_of(kind: &str) -> Option<String> {
    reference().lines.iter().find_map(|line| {
        let entry: serde_json::Value = serde_json::from_str(line).ok()?;
        (entry["kind"] == kind).then(|| entry["body"].to_string())
    })
}
