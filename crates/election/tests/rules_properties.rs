//! Properties of the outcome rules over generated elections and ballots.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod rules_support;

use proptest::prelude::*;
use rules_support::*;
use serde_json::json;
use zhixuan_election::{decide, Fact, Fraction};

/// A competitive election and ballots for it: `n` candidates, `seats` seats, a majority
/// share, and each ballot's marks (at most `seats` of them).
fn election() -> impl Strategy<Value = (usize, u32, (u64, u64), Vec<Vec<bool>>)> {
    (2usize..7)
        .prop_flat_map(|n| (Just(n), 1..n as u32))
        .prop_flat_map(|(n, seats)| {
            (
                Just(n),
                Just(seats),
                (2u64..10).prop_flat_map(|den| (1..den, Just(den))),
                prop::collection::vec(prop::collection::vec(any::<bool>(), n), 1..60),
            )
        })
        .prop_map(|(n, seats, share, mut ballots)| {
            for ballot in &mut ballots {
                // Keep only the first `seats` marks, as a valid ballot must.
                let mut marked = 0;
                for mark in ballot.iter_mut() {
                    if *mark {
                        marked += 1;
                        *mark = marked <= seats;
                    }
                }
            }
            (n, seats, share, ballots)
        })
}

proptest! {
    #[test]
    fn seats_are_elected_tied_or_open_and_never_more(
        (n, seats, (num, den), ballots) in election()
    ) {
        let names: Vec<String> = (0..n).map(|i| format!("c{i}")).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let definition = build(&single_group(
            100,
            None,
            json!([competitive("post", &names, seats, &format!("{num}/{den}"))]),
        ));
        let votes: Vec<u64> = (0..n)
            .map(|i| ballots.iter().filter(|b| b[i]).count() as u64)
            .collect();
        let cast = ballots.len() as u64;
        let counts = counts(&definition, &[(cast, vec![votes.clone()])]);
        let outcome = decide(&definition, &counts, &[]).unwrap();
        // Deterministic: the same inputs give the same outcome.
        prop_assert_eq!(&decide(&definition, &counts, &[]).unwrap(), &outcome);

        let contest = &outcome.contests[0];
        let elected = contest.elected();
        let tied_places: u32 = contest.findings.iter().map(|f| match &f.fact {
            Fact::Tie { places, .. } => *places,
            _ => 0,
        }).sum();
        prop_assert!(elected.len() as u32 <= seats);
        prop_assert_eq!(elected.len() as u32 + tied_places + contest.open_seats(), seats);
        let share = Fraction::new(num, den).unwrap();
        for candidate in &elected {
            let i = names.iter().position(|n| n == candidate).unwrap();
            // Every elected candidate has a majority, and nobody with more votes lost.
            prop_assert!(share.exceeded_by(votes[i], cast));
            for (j, other) in names.iter().enumerate() {
                if votes[j] > votes[i] {
                    prop_assert!(elected.contains(other));
                }
            }
        }
        // Every candidate gets exactly one finding unless tied.
        let per_candidate = contest.findings.iter().filter(|f| !matches!(
            f.fact, Fact::Tie { .. } | Fact::OpenSeats { .. })).count();
        let tied: usize = contest.findings.iter().map(|f| match &f.fact {
            Fact::Tie { candidates, .. } => candidates.len(),
            _ => 0,
        }).sum();
        prop_assert_eq!(per_candidate + tied, n);
    }

    #[test]
    fn a_funnel_keeps_at_most_its_places(
        (n, keep, ballots) in (3usize..8)
            .prop_flat_map(|n| (Just(n), 2..=n as u32))
            .prop_flat_map(|(n, keep)| (
                Just(n),
                Just(keep),
                prop::collection::vec(prop::collection::vec(any::<bool>(), n), 1..40),
            ))
    ) {
        let names: Vec<String> = (0..n).map(|i| format!("c{i}")).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let definition = build(&single_group(
            100,
            None,
            json!([{"id": "rec", "title": {"zh": "推荐", "en": "Recommendation"},
                    "kind": {"recommendation": {"candidates": people(&names),
                        "max_approvals": n, "funnel": {"keep": keep, "seats": 1}}}}]),
        ));
        let votes: Vec<u64> = (0..n).map(|i| ballots.iter().filter(|b| b[i]).count() as u64).collect();
        let outcome = decide(&definition, &counts(&definition, &[(ballots.len() as u64, vec![votes])]), &[]).unwrap();
        let contest = &outcome.contests[0];
        let tied_places: u32 = contest.findings.iter().map(|f| match &f.fact {
            Fact::Tie { places, .. } => *places,
            _ => 0,
        }).sum();
        prop_assert_eq!(contest.kept().len() as u32 + tied_places, keep);
    }

    #[test]
    fn quorum_holds_exactly_from_the_needed_count(eligible in 1u64..2000, num in 1u64..10, extra in 0u64..10) {
        let den = num + extra;
        let share = Fraction::new(num, den).unwrap();
        let needed = share.least_reaching(eligible);
        prop_assert!(share.reached_by(needed, eligible));
        prop_assert!(needed == 0 || !share.reached_by(needed - 1, eligible));
        prop_assert!(needed <= eligible);
    }

    #[test]
    fn majority_holds_exactly_from_the_needed_count(whole in 0u64..100_000, num in 1u64..10, extra in 1u64..10) {
        let share = Fraction::new(num, num + extra).unwrap();
        let needed = share.least_exceeding(whole);
        prop_assert!(share.exceeded_by(needed, whole));
        prop_assert!(!share.exceeded_by(needed - 1, whole));
    }
}
