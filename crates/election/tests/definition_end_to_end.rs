//! A definition's ballot styles drive the ballot cryptography end to end: ballots encrypted
//! under each group's style, verified, tallied per group and decrypted by 3 of 5 trustees
//! give the counts that `decide` turns into the same outcome as the plaintext choices.
#![allow(clippy::unwrap_used, clippy::expect_used)]

// The one ceremony runner of the test kit (crates/testkit), included by path: this crate's
// own tests cannot depend on the kit, which depends on this crate. Each test uses part of it.
#[path = "../../testkit/src/ceremony.rs"]
#[allow(dead_code)]
mod common;
mod rules_support;

use rules_support::*;
use serde_json::json;
use zhixuan_election::{decide, Counts, GroupCounts, QuestionCounts};
use zhixuan_tally::{verify_ballots, ElectionContext, TallyAccumulator};

#[test]
fn nanjing_from_encrypted_ballots_to_outcome() {
    // Nanjing's contests (Xuanwu's recommendation meeting and the assembly's committee
    // election), scaled down to 6 members and 5 attendees so that it runs fast.
    let mut doc = nanjing_composite();
    doc["groups"][0]["eligible"] = json!(6);
    doc["groups"][1]["eligible"] = json!(5);
    let definition = build(&doc);
    let setup = common::ceremony(definition.hash(), 3, 5);
    let context = ElectionContext {
        election: definition.hash(),
        key: setup.result.election_key.clone(),
    };

    // Members: a recommendation (6 candidates, up to 4) and the committee (7, up to 5).
    let members: Vec<Vec<Vec<u32>>> = vec![
        vec![vec![1, 1, 0, 1, 0, 0], vec![1, 1, 1, 1, 1, 0, 0]],
        vec![vec![1, 0, 1, 1, 1, 0], vec![1, 1, 1, 0, 1, 1, 0]],
        vec![vec![1, 1, 0, 0, 0, 0], vec![1, 1, 0, 1, 1, 0, 1]],
        vec![vec![0, 1, 1, 0, 1, 1], vec![1, 0, 1, 1, 1, 0, 0]],
        vec![vec![0, 0, 0, 0, 0, 0], vec![0, 0, 0, 0, 0, 0, 0]],
    ];
    // Attendees: trust / no trust / abstain on each of the six candidates.
    let trust = |t: &[usize; 6]| -> Vec<Vec<u32>> {
        t.iter()
            .map(|&i| (0..3).map(|o| u32::from(o == i)).collect())
            .collect()
    };
    let attendees: Vec<Vec<Vec<u32>>> = vec![
        trust(&[0, 0, 1, 0, 0, 2]),
        trust(&[0, 0, 1, 0, 1, 1]),
        trust(&[0, 1, 0, 0, 0, 1]),
        trust(&[0, 0, 1, 2, 0, 0]),
    ];

    let mut groups = Vec::new();
    let mut plain = Vec::new();
    for (id, ballots) in [("members", &members), ("attendees", &attendees)] {
        let style = definition.ballot_style(id).unwrap();
        let cast: Vec<_> = ballots
            .iter()
            .map(|choices| (common::cast(&setup, style, choices).0, style))
            .collect();
        let verified: Vec<_> = verify_ballots(&context, cast)
            .into_iter()
            .map(Result::unwrap)
            .collect();
        let mut tally = TallyAccumulator::new(style);
        tally.add_all(&verified, 1).unwrap();
        let encrypted = tally.finish();
        let mut decrypted =
            common::decrypt(&setup, &encrypted, &[1, 3, 5], tally.bound()).into_iter();

        let questions = style
            .contests()
            .iter()
            .map(|c| QuestionCounts {
                question: c.contest,
                options: decrypted
                    .by_ref()
                    .take(c.spec.option_limits.len())
                    .collect(),
            })
            .collect();
        groups.push(GroupCounts {
            group: id.into(),
            ballots_cast: encrypted.ballots,
            present: None,
            questions,
        });
        // The same counts, summed in the clear.
        let sums = style
            .contests()
            .iter()
            .enumerate()
            .map(|(q, c)| {
                (0..c.spec.option_limits.len())
                    .map(|o| ballots.iter().map(|b| u64::from(b[q][o])).sum())
                    .collect()
            })
            .collect();
        plain.push((ballots.len() as u64, sums));
    }
    let counts = Counts { groups };
    assert_eq!(counts, rules_support::counts(&definition, &plain));

    let outcome = decide(&definition, &counts, &[]).unwrap();
    // 5 of 6 members meet the 4/5 quorum; the committee election needs more than 2.5
    // votes, in vote order.
    assert!(outcome.groups[0].valid);
    assert_eq!(
        outcome.contest("committee-election").unwrap().elected(),
        ["sun-li", "feng-xia", "zhou-qiang", "wu-min", "zheng-hao"]
    );
    // Zhang Wei and Zhao Lei (1 of 4 trust votes each) leave the race.
    assert_eq!(
        outcome.contest("secretary-recommendation").unwrap().kept(),
        ["wang-fang", "li-ming", "liu-yang", "chen-jing"]
    );
}
