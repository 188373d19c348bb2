//! The admission state's journal: entries applied after `begin` are undone by `rollback`
//! exactly — the board relies on it when another server sharing the store appended first
//! and its group must be applied again after theirs.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use time::OffsetDateTime;
use zhixuan_election::RevotePolicy;
use zhixuan_record::{Applied, ElectionState, Entry, LogEntry, Phase};
use zhixuan_tally::Ballot;
use zhixuan_testkit::{small_election, Election};

fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc().replace_nanosecond(0).unwrap()
}

fn start(f: &Election) -> ElectionState {
    let first = LogEntry {
        index: 0,
        received_at: now(),
        entry: Entry::Definition(f.definition_entry()),
    };
    ElectionState::new(&first, &[]).unwrap()
}

fn apply(state: &mut ElectionState, entry: Entry) -> Result<Applied, String> {
    let prepared = state
        .prepare(entry)
        .map_err(|r| r.code().as_str().to_owned())?;
    state
        .apply(prepared, now())
        .map(|(applied, _)| applied)
        .map_err(|r| r.code().as_str().to_owned())
}

fn setup_entries(f: &Election) -> Vec<Entry> {
    let mut entries = f.credential_lists();
    entries.extend((1..=3).map(|i| f.dealing(i)));
    entries.extend(f.acknowledgements());
    entries.push(f.open_voting());
    entries
}

/// Closes voting and publishes the tally of exactly `counted`: accepted only if the state's
/// running sums are those ballots'.
fn tally_is(state: &mut ElectionState, f: &Election, counted: &[Ballot]) {
    apply(state, f.close_voting()).unwrap();
    let tally = Entry::Tally(f.signed(f.tally(counted)));
    assert_eq!(apply(state, tally).map(|_| ()), Ok(()));
}

#[test]
fn a_rolled_back_setup_is_as_if_never_applied() {
    let f = Election::new(small_election("journal-setup", 3));
    let mut state = start(&f);
    state.begin();
    for entry in setup_entries(&f) {
        apply(&mut state, entry).unwrap();
    }
    assert_eq!(state.phase(), Phase::Voting);
    state.rollback();
    assert_eq!((state.phase(), state.size()), (Phase::Setup, 1));
    assert_eq!(
        apply(&mut state, Entry::Ballot(f.ballot(0))),
        Err("wrong_phase".to_owned())
    );
    // The same lists, dealings and answers are new again, not duplicates.
    let entries = setup_entries(&f);
    let size = 1 + entries.len() as u64;
    assert_eq!(
        size, 12,
        "definition, a list, 3 dealings, 6 answers, the opening"
    );
    for entry in entries {
        apply(&mut state, entry).unwrap();
    }
    assert_eq!((state.phase(), state.size()), (Phase::Voting, size));
}

#[test]
fn rolled_back_ballots_leave_no_trace() {
    let f = Election::new(small_election("journal-ballots", 5));
    let mut state = start(&f);
    for entry in setup_entries(&f) {
        apply(&mut state, entry).unwrap();
    }
    let ballots: Vec<Ballot> = (0..4).map(|n| f.ballot(n)).collect();
    for b in &ballots[..2] {
        apply(&mut state, Entry::Ballot(b.clone())).unwrap();
    }
    let size = state.size();

    state.begin();
    for b in &ballots[2..] {
        apply(&mut state, Entry::Ballot(b.clone())).unwrap();
    }
    // A refusal inside the journal changes nothing either.
    assert_eq!(
        apply(&mut state, Entry::Ballot(ballots[0].clone())),
        Err("duplicate_ballot".to_owned())
    );
    apply(&mut state, f.close_voting()).unwrap();
    assert_eq!(state.ballots_per_group(), vec![4]);
    state.rollback();

    assert_eq!(
        (state.size(), state.phase(), state.ballots_per_group()),
        (size, Phase::Voting, vec![2])
    );
    // The undone ballots can be cast again, at the same indices, and the committed ones
    // are still refused as duplicates.
    let again = apply(&mut state, Entry::Ballot(ballots[2].clone())).unwrap();
    assert!(matches!(
        again,
        Applied::Ballot {
            supersedes: None,
            ..
        }
    ));
    assert_eq!(state.size(), size + 1);
    assert_eq!(
        apply(&mut state, Entry::Ballot(ballots[1].clone())),
        Err("duplicate_ballot".to_owned())
    );
    tally_is(&mut state, &f, &ballots[..3]);
}

#[test]
fn a_rolled_back_revote_restores_the_ballot_it_replaced() {
    let mut doc = small_election("journal-revote", 2);
    doc.revote = RevotePolicy::LastCounts;
    let f = Election::new(doc);
    let mut state = start(&f);
    for entry in setup_entries(&f) {
        apply(&mut state, entry).unwrap();
    }
    let first = f.ballot_with(0, &[vec![1, 0, 0, 0, 0]]);
    let second = f.ballot_with(0, &[vec![0, 1, 1, 0, 0]]);
    let third = f.ballot_with(0, &[vec![0, 0, 0, 0, 1]]);
    let other = f.ballot(1);
    apply(&mut state, Entry::Ballot(first.clone())).unwrap();
    let first_index = state.size() - 1;
    apply(&mut state, Entry::Ballot(other.clone())).unwrap();

    state.begin();
    let replaced = apply(&mut state, Entry::Ballot(second.clone())).unwrap();
    assert!(matches!(replaced, Applied::Ballot { supersedes: Some(i), .. } if i == first_index));
    state.rollback();
    assert_eq!(state.ballots_per_group(), vec![2]);

    // What the third ballot replaces is the first, as if the second never was; and the
    // second, never cast, may still be, replacing the third.
    state.begin();
    let replaced = apply(&mut state, Entry::Ballot(third)).unwrap();
    state.commit();
    assert!(matches!(replaced, Applied::Ballot { supersedes: Some(i), .. } if i == first_index));
    let third_index = state.size() - 1;
    let replaced = apply(&mut state, Entry::Ballot(second.clone())).unwrap();
    assert!(matches!(replaced, Applied::Ballot { supersedes: Some(i), .. } if i == third_index));
    tally_is(&mut state, &f, &[second, other]);
}
