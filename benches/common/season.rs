//! A season's elections for the board benches: many small elections (the test kit's, one
//! group, five candidates for two seats), each with its voters' ballots generated up front.

use rayon::prelude::*;
use time::OffsetDateTime;
use zhixuan_board::{NewEntry, Store};
use zhixuan_record::{Entry, LogEntry};
use zhixuan_tally::Ballot;
use zhixuan_testkit::{small_choices, small_election, Election};

/// A setting from the environment, or its default.
pub fn setting(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Elections and the ballots each one's voters cast.
pub struct Season {
    pub elections: Vec<(Election, Vec<Ballot>)>,
}

impl Season {
    /// `elections` elections `{prefix}-0001`…, `ballots` ballots spread evenly over them,
    /// one per voter; generated on all cores.
    pub fn generate(prefix: &str, elections: usize, ballots: usize) -> Season {
        let elections = (0..elections)
            .into_par_iter()
            .map(|e| {
                let voters =
                    ballots / elections.max(1) + usize::from(e < ballots % elections.max(1));
                let f = Election::new(small_election(
                    &format!("{prefix}-{:04}", e + 1),
                    voters.max(1) as u64,
                ));
                let cast = (0..voters)
                    .into_par_iter()
                    .map(|n| f.ballot_with(n, &small_choices(n)))
                    .collect();
                (f, cast)
            })
            .collect();
        Season { elections }
    }

    /// Ballots in the season.
    pub fn ballots(&self) -> usize {
        self.elections.iter().map(|(_, b)| b.len()).sum()
    }
}

/// Every entry of an election with voting open and `ballots` cast, in log order.
pub fn log(f: &Election, ballots: &[Ballot]) -> Vec<Entry> {
    let mut entries = vec![Entry::Definition(f.definition_entry())];
    entries.extend(f.credential_lists());
    entries.extend((1..=f.trustee_keys.len()).map(|i| f.dealing(i)));
    entries.extend(f.acknowledgements());
    entries.push(f.open_voting());
    entries.extend(ballots.iter().cloned().map(Entry::Ballot));
    entries
}

/// The store's rows of `entries`, received at `at`.
pub fn rows(entries: Vec<Entry>, at: OffsetDateTime) -> Vec<NewEntry> {
    entries
        .into_iter()
        .enumerate()
        .map(|(index, entry)| {
            let tracking = match &entry {
                Entry::Ballot(b) => Some(*b.tracking_code().as_bytes()),
                _ => None,
            };
            let log = LogEntry {
                index: index as u64,
                received_at: at,
                entry,
            };
            NewEntry {
                kind: log.entry.kind().as_str().to_owned(),
                received_at: at.unix_timestamp(),
                leaf_hash: log.leaf_hash(),
                json: serde_json::to_string(&log).unwrap(),
                tracking,
            }
        })
        .collect()
}

/// Writes every election of `season` into `store`, as a board would have.
pub async fn fill<S: Store>(store: &S, season: &Season) {
    let at = OffsetDateTime::now_utc().replace_nanosecond(0).unwrap();
    for (f, ballots) in &season.elections {
        let mut rows = rows(log(f, ballots), at).into_iter();
        store
            .create_election(f.id(), rows.next().unwrap())
            .await
            .unwrap();
        let rest: Vec<NewEntry> = rows.collect();
        for (n, chunk) in rest.chunks(512).enumerate() {
            store
                .append(f.id(), 1 + (n * 512) as u64, chunk.to_vec())
                .await
                .unwrap();
        }
    }
}
