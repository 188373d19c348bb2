//! The example elections of `examples/`: definitions, their counts and outcomes, and the
//! Pingchang rounds ready for a board.

use std::path::PathBuf;

use time::{Duration, OffsetDateTime};
use zhixuan_election::{Counts, DefinitionDocument, ElectionDefinition, Outcome};
use zhixuan_tally::ElectionHash;

/// `examples/{file}` in the workspace.
pub fn example_path(file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(file)
}

fn read(file: &str) -> String {
    let path = example_path(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `examples/{name}.json`, as written (its voting window in the past).
pub fn example(name: &str) -> ElectionDefinition {
    ElectionDefinition::from_json(&read(&format!("{name}.json"))).unwrap()
}

/// `examples/{name}.json` as a document to edit, its voting window moved to an hour
/// either side of now.
pub fn example_open_now(name: &str) -> DefinitionDocument {
    let mut doc: DefinitionDocument = serde_json::from_str(&read(&format!("{name}.json"))).unwrap();
    open_now(&mut doc);
    doc
}

/// The counts of `examples/{name}.counts.json`.
pub fn example_counts(name: &str) -> Counts {
    serde_json::from_str(&read(&format!("{name}.counts.json"))).unwrap()
}

/// The outcome of `examples/{name}.outcome.json`: what the rules decide for its counts.
pub fn example_outcome(name: &str) -> Outcome {
    serde_json::from_str(&read(&format!("{name}.outcome.json"))).unwrap()
}

/// Moves the voting window to an hour either side of now (to the second): a board stamps
/// each entry with the time it receives it, and takes ballots only inside the window.
fn open_now(doc: &mut DefinitionDocument) {
    let now = OffsetDateTime::now_utc().replace_nanosecond(0).unwrap();
    doc.voting.opens = now - Duration::hours(1);
    doc.voting.closes = now + Duration::hours(1);
}

/// Round `n` of the Pingchang example with five voters, voting open now, following the
/// round whose definition hash is `follows`.
pub fn pingchang_round(n: u32, follows: Option<ElectionHash>) -> DefinitionDocument {
    let mut doc = example_open_now(&format!("pingchang-round{n}"));
    doc.groups[0].eligible = 5;
    let link = doc.round.as_mut().unwrap().follows.as_mut();
    if let (Some(link), Some(hash)) = (link, follows) {
        link.definition_hash = hash;
    }
    doc
}
