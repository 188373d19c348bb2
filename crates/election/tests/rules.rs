//! Every outcome rule of spec/rules.md at its boundary.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod rules_support;

use rules_support::*;
use serde_json::{json, Value};
use zhixuan_election::{
    decide, ContestOutcome, ContestTotals, DecideError, ElectionDefinition, Fact, Finding,
    Fraction, GroupRates, Outcome, Rule, Standing, Verdict,
};

fn facts(contest: &ContestOutcome) -> Vec<(Rule, Fact)> {
    contest
        .findings
        .iter()
        .map(|f| (f.rule, f.fact.clone()))
        .collect()
}

fn frac(text: &str) -> Fraction {
    text.parse().unwrap()
}

fn elected(candidate: &str, votes: u64, needed: u64) -> (Rule, Fact) {
    (
        Rule::SeatOrder,
        Fact::Elected {
            candidate: candidate.into(),
            votes,
            needed,
        },
    )
}

fn no_majority(candidate: &str, votes: u64, needed: u64) -> (Rule, Fact) {
    (
        Rule::Majority,
        Fact::NoMajority {
            candidate: candidate.into(),
            votes,
            needed,
        },
    )
}

/// One group of 320 members with a 4/5 quorum electing `seats` of `candidates`.
fn township(candidates: &[&str], seats: u32) -> ElectionDefinition {
    build(&single_group(
        320,
        Some("4/5"),
        json!([competitive("post", candidates, seats, "1/2")]),
    ))
}

fn decide_one(definition: &ElectionDefinition, cast: u64, votes: &[u64]) -> Outcome {
    decide(
        definition,
        &counts(definition, &[(cast, vec![votes.to_vec()])]),
        &[],
    )
    .unwrap()
}

#[test]
fn quorum_at_exactly_four_fifths_and_one_short() {
    let definition = township(&["a", "b"], 1);
    let met = decide_one(&definition, 256, &[200, 56]);
    assert!(met.groups[0].valid);
    assert_eq!(
        met.groups[0].findings,
        [Finding::new(
            Rule::Quorum,
            Fact::Quorum {
                cast: 256,
                eligible: 320,
                at_least: frac("4/5"),
                needed: 256,
                met: true
            }
        )]
    );
    assert!(met.contests[0].decided);
    assert_eq!(met.contests[0].elected(), ["a"]);

    let short = decide_one(&definition, 255, &[200, 55]);
    assert!(!short.groups[0].valid);
    assert!(matches!(
        short.groups[0].findings[0].fact,
        Fact::Quorum {
            met: false,
            needed: 256,
            ..
        }
    ));
    let contest = &short.contests[0];
    assert!(!contest.decided);
    assert_eq!(
        facts(contest),
        [(
            Rule::Quorum,
            Fact::NoResult {
                group: "members".into()
            }
        )]
    );
    assert!(contest.elected().is_empty());
    // The counts are still published.
    let ContestTotals::Votes { ballots, ranking } = &contest.totals else {
        panic!()
    };
    assert_eq!((*ballots, ranking[0].votes), (255, 200));
}

#[test]
fn majority_at_exactly_half_and_one_more() {
    let definition = township(&["a", "b"], 1);
    let half = decide_one(&definition, 320, &[160, 160]);
    assert_eq!(
        facts(&half.contests[0]),
        [
            no_majority("a", 160, 161),
            no_majority("b", 160, 161),
            (Rule::Majority, Fact::OpenSeats { seats: 1 }),
        ]
    );
    let one_more = decide_one(&definition, 320, &[161, 159]);
    assert_eq!(
        facts(&one_more.contests[0]),
        [elected("a", 161, 161), no_majority("b", 159, 161)]
    );
    // "More than half of those present": the base is ballots cast, not eligible.
    let fewer_present = decide_one(&definition, 300, &[151, 149]);
    assert_eq!(fewer_present.contests[0].elected(), ["a"]);
}

#[test]
fn a_tie_at_the_last_seat_is_reported_not_broken() {
    let definition = township(&["a", "b", "c", "d", "e"], 3);
    let outcome = decide_one(&definition, 300, &[200, 180, 170, 170, 60]);
    let contest = &outcome.contests[0];
    assert_eq!(
        facts(contest),
        [
            elected("a", 200, 151),
            elected("b", 180, 151),
            no_majority("e", 60, 151),
            (
                Rule::Tie,
                Fact::Tie {
                    candidates: vec!["c".into(), "d".into()],
                    votes: 170,
                    places: 1
                }
            ),
        ]
    );
    assert!(contest.has_tie());
    assert_eq!(contest.open_seats(), 0);
    assert_eq!(outcome.ties().count(), 1);
    let ContestTotals::Votes { ranking, .. } = &contest.totals else {
        panic!()
    };
    let ranks: Vec<u32> = ranking.iter().map(|s| s.rank).collect();
    assert_eq!(ranks, [1, 2, 3, 3, 5]);

    // Equal votes that all fit are no tie.
    let fits = decide_one(&definition, 300, &[200, 170, 170, 100, 60]);
    assert_eq!(fits.contests[0].elected(), ["a", "b", "c"]);
    assert!(!fits.contests[0].has_tie());

    // Everyone tied for a single seat (possible with a majority share below 1/2).
    let single = build(&single_group(
        320,
        None,
        json!([competitive("post", &["a", "b", "c"], 1, "1/4")]),
    ));
    let all = decide_one(&single, 300, &[100, 100, 100]);
    assert_eq!(
        facts(&all.contests[0]),
        [(
            Rule::Tie,
            Fact::Tie {
                candidates: vec!["a".into(), "b".into(), "c".into()],
                votes: 100,
                places: 1
            }
        )]
    );
}

#[test]
fn a_tie_below_the_majority_is_an_open_seat_not_a_tie() {
    let definition = township(&["a", "b", "c"], 2);
    let outcome = decide_one(&definition, 300, &[200, 150, 150]);
    assert_eq!(
        facts(&outcome.contests[0]),
        [
            elected("a", 200, 151),
            no_majority("b", 150, 151),
            no_majority("c", 150, 151),
            (Rule::Majority, Fact::OpenSeats { seats: 1 }),
        ]
    );
}

#[test]
fn a_round_where_too_few_reach_a_majority_leaves_seats_open() {
    let definition = township(&["a", "b", "c", "d", "e"], 3);
    let outcome = decide_one(&definition, 300, &[240, 140, 130, 120, 110]);
    let contest = &outcome.contests[0];
    assert_eq!(contest.elected(), ["a"]);
    assert_eq!(contest.open_seats(), 2);
    assert!(contest.decided);
}

#[test]
fn seats_go_in_vote_order_among_majority_holders() {
    // With one seat two majorities cannot happen; with two seats three can.
    let definition = township(&["a", "b", "c", "d"], 2);
    let outcome = decide_one(&definition, 300, &[170, 200, 180, 10]);
    assert_eq!(
        facts(&outcome.contests[0]),
        [
            elected("b", 200, 151),
            elected("c", 180, 151),
            (
                Rule::SeatOrder,
                Fact::SeatsFilled {
                    candidate: "a".into(),
                    votes: 170
                }
            ),
            no_majority("d", 10, 151),
        ]
    );
}

fn trust_rows(trust: &[u64]) -> Vec<Vec<u64>> {
    trust.iter().map(|&t| vec![t, 100 - t]).collect()
}

#[test]
fn trust_threshold_at_exactly_half_and_one_more() {
    let definition = nanjing_like(None);
    let outcome = decide(
        &definition,
        &counts(
            &definition,
            &[
                (200, vec![vec![150, 120, 80, 30, 20]]),
                (100, trust_rows(&[90, 50, 51, 80, 70])),
            ],
        ),
        &[],
    )
    .unwrap();
    let trust = outcome.contest("trust").unwrap();
    let kept: Vec<bool> = trust
        .findings
        .iter()
        .map(|f| match f.fact {
            Fact::Trust {
                kept,
                needed,
                ballots,
                ..
            } => {
                assert_eq!((needed, ballots), (51, 100));
                kept
            }
            _ => panic!(),
        })
        .collect();
    assert_eq!(
        kept,
        [true, false, true, true, true],
        "50 of 100 is not more than half; 51 is"
    );

    // The funnel: b is out by trust; of a, c, d, e the top 3 stay.
    let funnel = outcome.contest("recommendation").unwrap();
    assert_eq!(
        facts(funnel),
        [
            (
                Rule::Funnel,
                Fact::Kept {
                    candidate: "a".into(),
                    votes: 150
                }
            ),
            (
                Rule::TrustThreshold,
                Fact::EliminatedByTrust {
                    candidate: "b".into(),
                    trust_contest: "trust".into()
                }
            ),
            (
                Rule::Funnel,
                Fact::Kept {
                    candidate: "c".into(),
                    votes: 80
                }
            ),
            (
                Rule::Funnel,
                Fact::Kept {
                    candidate: "d".into(),
                    votes: 30
                }
            ),
            (
                Rule::Funnel,
                Fact::Eliminated {
                    candidate: "e".into(),
                    votes: 20
                }
            ),
        ]
    );
    assert_eq!(funnel.kept(), ["a", "c", "d"]);
}

#[test]
fn a_tie_at_the_last_funnel_place() {
    let definition = nanjing_like(None);
    let outcome = decide(
        &definition,
        &counts(
            &definition,
            &[
                (200, vec![vec![150, 120, 60, 60, 10]]),
                (100, trust_rows(&[90, 90, 90, 90, 90])),
            ],
        ),
        &[],
    )
    .unwrap();
    let funnel = outcome.contest("recommendation").unwrap();
    assert_eq!(funnel.kept(), ["a", "b"]);
    assert_eq!(
        facts(funnel)[3..],
        [(
            Rule::Tie,
            Fact::Tie {
                candidates: vec!["c".into(), "d".into()],
                votes: 60,
                places: 1
            }
        )]
    );
}

#[test]
fn a_funnel_that_leaves_no_competition() {
    let definition = nanjing_like(None);
    // Only a passes the trust vote: one candidate for one seat.
    let outcome = decide(
        &definition,
        &counts(
            &definition,
            &[
                (200, vec![vec![150, 120, 60, 60, 10]]),
                (100, trust_rows(&[90, 40, 30, 20, 10])),
            ],
        ),
        &[],
    )
    .unwrap();
    let funnel = outcome.contest("recommendation").unwrap();
    assert_eq!(funnel.kept(), ["a"]);
    assert_eq!(
        funnel.findings.last().unwrap(),
        &Finding::new(
            Rule::FunnelCompetition,
            Fact::NoCompetition {
                remaining: 1,
                seats: 1
            }
        )
    );
    // Two left for one seat is still a competition.
    let outcome = decide(
        &definition,
        &counts(
            &definition,
            &[
                (200, vec![vec![150, 120, 60, 60, 10]]),
                (100, trust_rows(&[90, 60, 30, 20, 10])),
            ],
        ),
        &[],
    )
    .unwrap();
    let funnel = outcome.contest("recommendation").unwrap();
    assert_eq!(funnel.kept(), ["a", "b"]);
    assert!(!funnel
        .findings
        .iter()
        .any(|f| f.rule == Rule::FunnelCompetition));
}

#[test]
fn a_funnel_waits_for_its_trust_vote() {
    let definition = nanjing_like(Some("4/5"));
    let outcome = decide(
        &definition,
        &counts(
            &definition,
            &[
                (200, vec![vec![150, 120, 60, 60, 10]]),
                (
                    79,
                    trust_rows(&[70, 60, 30, 20, 10])
                        .into_iter()
                        .map(|r| vec![r[0], 79 - r[0]])
                        .collect(),
                ),
            ],
        ),
        &[],
    )
    .unwrap();
    let trust = outcome.contest("trust").unwrap();
    assert_eq!(
        facts(trust),
        [(
            Rule::Quorum,
            Fact::NoResult {
                group: "attendees".into()
            }
        )]
    );
    let funnel = outcome.contest("recommendation").unwrap();
    assert!(!funnel.decided);
    assert_eq!(
        facts(funnel),
        [(
            Rule::Funnel,
            Fact::Undecidable {
                depends_on: "trust".into()
            }
        )]
    );
}

#[test]
fn recommendation_without_a_funnel_is_a_ranking() {
    let definition = build(&single_group(
        50,
        None,
        json!([{"id": "rec", "title": {"zh": "推荐", "en": "Recommendation"},
                "kind": {"recommendation": {"candidates": people(&["a", "b", "c", "d"]), "max_approvals": 2}}}]),
    ));
    let outcome = decide_one(&definition, 40, &[30, 10, 30, 5]);
    let contest = &outcome.contests[0];
    assert!(contest.findings.is_empty());
    let ContestTotals::Votes { ballots, ranking } = &contest.totals else {
        panic!()
    };
    assert_eq!(*ballots, 40);
    let standing = |c: &str, votes, rank| Standing {
        candidate: c.into(),
        votes,
        rank,
    };
    assert_eq!(
        ranking,
        &[
            standing("a", 30, 1),
            standing("c", 30, 1),
            standing("b", 10, 3),
            standing("d", 5, 4)
        ]
    );
}

fn recall(eligible: u64) -> ElectionDefinition {
    build(&single_group(
        eligible,
        None,
        json!([{"id": "recall", "title": {"zh": "罢免", "en": "Recall"},
                "kind": {"recall": {"official": person("x"), "abstain": true, "yes_more_than": "1/2"}}}]),
    ))
}

#[test]
fn recall_needs_more_than_half_of_all_eligible() {
    let definition = recall(320);
    let outcome = decide_one(&definition, 300, &[160, 130, 10]);
    assert_eq!(
        facts(&outcome.contests[0]),
        [(
            Rule::Recall,
            Fact::Recall {
                official: "x".into(),
                yes: 160,
                eligible: 320,
                needed: 161,
                recalled: false
            }
        )]
    );
    let outcome = decide_one(&definition, 300, &[161, 129, 10]);
    assert!(matches!(
        outcome.contests[0].findings[0].fact,
        Fact::Recall { recalled: true, .. }
    ));
    // 150 of 200 present is three quarters, but not more than half of 320 members.
    let outcome = decide_one(&definition, 200, &[150, 50, 0]);
    assert!(matches!(
        outcome.contests[0].findings[0].fact,
        Fact::Recall {
            recalled: false,
            ..
        }
    ));
    let ContestTotals::Recall {
        ballots,
        eligible,
        yes,
        no,
        abstain,
    } = outcome.contests[0].totals
    else {
        panic!()
    };
    assert_eq!(
        (ballots, eligible, yes, no, abstain),
        (200, 320, 150, 50, 0)
    );
}

/// Xinzhou-shaped: members (quorum 4/5) and representatives (at least 30) rate one
/// official; "not competent" above 1/3.
fn village(previous: Option<Value>) -> ElectionDefinition {
    build(&village_doc(previous))
}

fn village_doc(previous: Option<Value>) -> Value {
    let mut evaluation = json!({
        "officials": people(&["x", "y"]),
        "scale": [
            {"id": "competent", "label": {"zh": "称职", "en": "competent"}, "points": 100, "favourable": true},
            {"id": "basic", "label": {"zh": "基本称职", "en": "basically competent"}, "points": 60, "favourable": true},
            {"id": "not", "label": {"zh": "不称职", "en": "not competent"}, "points": 0, "favourable": false}
        ],
        "combine": "pooled",
        "verdict": {"level": "not", "more_than": "1/3"}
    });
    if let Some(p) = previous {
        evaluation["previous"] = p;
    }
    document(
        json!([
            {"id": "members", "name": {"zh": "党员", "en": "Members"}, "eligible": 100,
             "contests": ["officials"], "quorum_at_least": "4/5"},
            {"id": "reps", "name": {"zh": "村民代表", "en": "Representatives"}, "eligible": 40,
             "contests": ["officials"], "present_at_least": 30},
        ]),
        json!([{"id": "officials", "title": {"zh": "直评", "en": "Evaluation"},
                "kind": {"evaluation": evaluation}}]),
    )
}

#[test]
fn present_minimum_at_exactly_thirty_and_one_short() {
    let definition = village(None);
    let rows = |reps: u64| {
        counts(
            &definition,
            &[
                (80, vec![vec![80, 0, 0], vec![80, 0, 0]]),
                (reps, vec![vec![reps, 0, 0], vec![reps, 0, 0]]),
            ],
        )
    };
    let outcome = decide(&definition, &rows(30), &[]).unwrap();
    assert!(outcome.contests[0].decided);
    assert_eq!(
        outcome.groups[1].findings,
        [Finding::new(
            Rule::PresentMinimum,
            Fact::PresentMinimum {
                cast: 30,
                at_least: 30,
                met: true
            }
        )]
    );
    let outcome = decide(&definition, &rows(29), &[]).unwrap();
    assert!(!outcome.groups[1].valid);
    assert_eq!(
        facts(&outcome.contests[0]),
        [(
            Rule::PresentMinimum,
            Fact::NoResult {
                group: "reps".into()
            }
        )]
    );
}

#[test]
fn a_group_that_cast_nothing_decides_nothing() {
    let definition = build(&single_group(
        10,
        None,
        json!([competitive("post", &["a", "b"], 1, "1/2")]),
    ));
    let outcome = decide_one(&definition, 0, &[0, 0]);
    assert_eq!(
        outcome.groups[0].findings,
        [Finding::new(Rule::NoBallots, Fact::NoBallots)]
    );
    assert_eq!(
        facts(&outcome.contests[0]),
        [(
            Rule::NoBallots,
            Fact::NoResult {
                group: "members".into()
            }
        )]
    );
}

fn village_counts(
    definition: &ElectionDefinition,
    x_not: u64,
    y_not: u64,
) -> zhixuan_election::Counts {
    // 90 members and 30 representatives: 120 ratings of each official.
    counts(
        definition,
        &[
            (
                90,
                vec![
                    vec![40, 60 - x_not, x_not - 10],
                    vec![40, 60 - y_not, y_not - 10],
                ],
            ),
            (30, vec![vec![15, 5, 10], vec![15, 5, 10]]),
        ],
    )
}

#[test]
fn verdict_at_exactly_one_third_and_one_more() {
    let definition = village(None);
    // 40 of 120 "not competent" is exactly a third; 41 is more.
    let outcome = decide(&definition, &village_counts(&definition, 40, 41), &[]).unwrap();
    let contest = &outcome.contests[0];
    assert_eq!(contest.verdict("x"), Some(Verdict::Competent));
    assert_eq!(contest.verdict("y"), Some(Verdict::NotCompetent));
    assert_eq!(
        facts(contest),
        [
            (
                Rule::Rating,
                Fact::Rated {
                    official: "x".into(),
                    satisfaction: frac("2/3"),
                    score: frac("175/3"),
                    groups: vec![
                        GroupRates {
                            group: "members".into(),
                            satisfaction: frac("2/3"),
                            score: frac("520/9")
                        },
                        GroupRates {
                            group: "reps".into(),
                            satisfaction: frac("2/3"),
                            score: frac("60/1")
                        },
                    ],
                }
            ),
            (
                Rule::Verdict,
                Fact::Verdict {
                    official: "x".into(),
                    share: frac("1/3"),
                    more_than: frac("1/3"),
                    verdict: Verdict::Competent
                }
            ),
            (
                Rule::Rating,
                Fact::Rated {
                    official: "y".into(),
                    satisfaction: frac("79/120"),
                    score: frac("347/6"),
                    groups: vec![
                        GroupRates {
                            group: "members".into(),
                            satisfaction: frac("59/90"),
                            score: frac("514/9")
                        },
                        GroupRates {
                            group: "reps".into(),
                            satisfaction: frac("2/3"),
                            score: frac("60/1")
                        },
                    ],
                }
            ),
            (
                Rule::Verdict,
                Fact::Verdict {
                    official: "y".into(),
                    share: frac("41/120"),
                    more_than: frac("1/3"),
                    verdict: Verdict::NotCompetent
                }
            ),
        ]
    );
}

#[test]
fn weighted_rates_follow_the_published_formula() {
    // Residents (weight 3) and businesses (weight 2); combined = (3·r + 2·b) / 5 for each
    // group's rate r and b.
    let doc = document(
        json!([
            {"id": "residents", "name": {"zh": "居民", "en": "Residents"}, "eligible": 10,
             "contests": ["eval"], "weight": 3},
            {"id": "businesses", "name": {"zh": "企业", "en": "Businesses"}, "eligible": 100,
             "contests": ["eval"], "weight": 2},
        ]),
        json!([{"id": "eval", "title": {"zh": "评议", "en": "Evaluation"},
                "kind": {"evaluation": {"officials": people(&["x"]), "combine": "weighted",
                    "scale": [
                        {"id": "good", "label": {"zh": "满意", "en": "satisfied"}, "points": 100, "favourable": true},
                        {"id": "bad", "label": {"zh": "不满意", "en": "unsatisfied"}, "points": 0, "favourable": false}
                    ],
                    "verdict": {"level": "bad", "more_than": "3/10"}}}}]),
    );
    let definition = build(&doc);
    // Residents: 4 of 10 unsatisfied (2/5); businesses: 10 of 100 (1/10).
    let outcome = decide(
        &definition,
        &counts(
            &definition,
            &[(10, vec![vec![6, 4]]), (100, vec![vec![90, 10]])],
        ),
        &[],
    )
    .unwrap();
    // Unsatisfied: (3·2/5 + 2·1/10)/5 = (6/5 + 1/5)/5 = 7/25 = 0.28: competent, though
    // residents alone are above 3/10. Satisfaction: (3·3/5 + 2·9/10)/5 = 18/25.
    // Score: (3·60 + 2·90)/5 = 72.
    let findings = facts(&outcome.contests[0]);
    assert_eq!(
        findings[0],
        (
            Rule::Rating,
            Fact::Rated {
                official: "x".into(),
                satisfaction: frac("18/25"),
                score: frac("72/1"),
                groups: vec![
                    GroupRates {
                        group: "residents".into(),
                        satisfaction: frac("3/5"),
                        score: frac("60/1")
                    },
                    GroupRates {
                        group: "businesses".into(),
                        satisfaction: frac("9/10"),
                        score: frac("90/1")
                    },
                ],
            }
        )
    );
    assert_eq!(
        findings[1],
        (
            Rule::Verdict,
            Fact::Verdict {
                official: "x".into(),
                share: frac("7/25"),
                more_than: frac("3/10"),
                verdict: Verdict::Competent
            }
        )
    );
    // Pooled, the same ratings give 14/110 unsatisfied: the weights change the result only
    // through the formula, and the formula is what the definition declares.
}

fn next_year(last_definition: &ElectionDefinition) -> ElectionDefinition {
    let mut doc = village_doc(Some(json!({"election_id": last_definition.election_id(),
                                          "definition_hash": last_definition.hash().to_string(),
                                          "contest": "officials"})));
    doc["election_id"] = json!("test-election-next-year");
    build(&doc)
}

#[test]
fn not_competent_two_years_running_is_flagged() {
    let last_definition = village(None);
    // Last year: x competent (40 of 120), y not competent (41).
    let last_year = decide(
        &last_definition,
        &village_counts(&last_definition, 40, 41),
        &[],
    )
    .unwrap();
    let definition = next_year(&last_definition);
    // This year both are not competent: only y is flagged.
    let outcome = decide(
        &definition,
        &village_counts(&definition, 50, 45),
        std::slice::from_ref(&last_year),
    )
    .unwrap();
    let flagged: Vec<&Finding> = outcome.contests[0]
        .findings
        .iter()
        .filter(|f| f.rule == Rule::ConsecutiveVerdicts)
        .collect();
    assert_eq!(
        flagged,
        [&Finding::new(
            Rule::ConsecutiveVerdicts,
            Fact::Flagged {
                official: "y".into(),
                previous_election: "test-election".into()
            }
        )]
    );
    assert_eq!(
        outcome.contests[0].verdict("x"),
        Some(Verdict::NotCompetent)
    );

    // The earlier outcome must be supplied, and be the one the definition names.
    assert_eq!(
        decide(&definition, &village_counts(&definition, 50, 45), &[]),
        Err(DecideError::MissingEarlierOutcome {
            election_id: "test-election".into(),
            definition_hash: last_definition.hash(),
        })
    );
    let mut other = last_year.clone();
    other.definition_hash = definition.hash();
    assert!(matches!(
        decide(&definition, &village_counts(&definition, 50, 45), &[other]),
        Err(DecideError::MissingEarlierOutcome { .. })
    ));
    let mut renamed = last_year;
    renamed.contests[0].contest = "cadres".into();
    assert_eq!(
        decide(
            &definition,
            &village_counts(&definition, 50, 45),
            &[renamed]
        ),
        Err(DecideError::EarlierContestMissing {
            election_id: "test-election".into(),
            contest: "officials".into()
        })
    );
}

#[test]
fn a_contest_answered_by_two_groups_sums_them_and_needs_both() {
    let doc = document(
        json!([
            {"id": "a", "name": {"zh": "甲", "en": "A"}, "eligible": 100, "contests": ["post"], "quorum_at_least": "1/2"},
            {"id": "b", "name": {"zh": "乙", "en": "B"}, "eligible": 100, "contests": ["post"]},
        ]),
        json!([competitive("post", &["x", "y"], 1, "1/2")]),
    );
    let definition = build(&doc);
    let outcome = decide(
        &definition,
        &counts(
            &definition,
            &[(50, vec![vec![40, 10]]), (60, vec![vec![20, 40]])],
        ),
        &[],
    )
    .unwrap();
    // 60 of 110 ballots is more than half.
    assert_eq!(facts(&outcome.contests[0])[0], elected("x", 60, 56));
    let outcome = decide(
        &definition,
        &counts(
            &definition,
            &[(49, vec![vec![40, 9]]), (60, vec![vec![20, 40]])],
        ),
        &[],
    )
    .unwrap();
    assert_eq!(
        facts(&outcome.contests[0]),
        [(Rule::Quorum, Fact::NoResult { group: "a".into() })]
    );
}

#[test]
fn counts_that_no_valid_ballots_produce_are_refused() {
    let definition = township(&["a", "b", "c"], 2);
    let good = counts(&definition, &[(300, vec![vec![200, 150, 100]])]);
    decide(&definition, &good, &[]).unwrap();

    let mut c = good.clone();
    c.groups[0].ballots_cast = 321;
    assert!(matches!(
        decide(&definition, &c, &[]),
        Err(DecideError::CastAboveEligible { cast: 321, .. })
    ));
    let mut c = good.clone();
    c.groups[0].questions[0].options[0] = 301;
    assert!(matches!(
        decide(&definition, &c, &[]),
        Err(DecideError::ImpossibleCount { .. })
    ));
    // Up to 2 marks per ballot: 300 ballots carry at most 600.
    let mut c = good.clone();
    c.groups[0].questions[0].options = vec![300, 300, 1];
    assert!(matches!(
        decide(&definition, &c, &[]),
        Err(DecideError::ImpossibleCount { .. })
    ));
    let mut c = good.clone();
    c.groups[0].questions[0].options.pop();
    assert!(matches!(
        decide(&definition, &c, &[]),
        Err(DecideError::OptionCount {
            expected: 3,
            found: 2,
            ..
        })
    ));
    let mut c = good.clone();
    c.groups[0].questions[0].question = zhixuan_tally::ContestIndex(1);
    assert!(matches!(
        decide(&definition, &c, &[]),
        Err(DecideError::Questions { .. })
    ));
    let mut c = good.clone();
    c.groups[0].group = "others".into();
    assert!(matches!(
        decide(&definition, &c, &[]),
        Err(DecideError::GroupOrder { .. })
    ));
    let mut c = good;
    c.groups.clear();
    assert!(matches!(
        decide(&definition, &c, &[]),
        Err(DecideError::GroupCount {
            expected: 1,
            found: 0
        })
    ));

    // Exactly one rating per ballot: the options must total the ballots cast.
    let definition = recall(100);
    let c = counts(&definition, &[(90, vec![vec![40, 40, 9]])]);
    assert!(matches!(
        decide(&definition, &c, &[]),
        Err(DecideError::ImpossibleCount { .. })
    ));
}

#[test]
fn outcomes_round_trip_through_json() {
    let definition = nanjing_like(None);
    let outcome = decide(
        &definition,
        &counts(
            &definition,
            &[
                (200, vec![vec![150, 120, 60, 60, 10]]),
                (100, trust_rows(&[90, 90, 90, 90, 90])),
            ],
        ),
        &[],
    )
    .unwrap();
    let text = serde_json::to_string(&outcome).unwrap();
    assert!(text.contains(r#""rule":"tie","finding":"tie""#), "{text}");
    assert_eq!(serde_json::from_str::<Outcome>(&text).unwrap(), outcome);
}

/// Members recommend up to 2 of 5 for 1 seat, keeping at least 3 (至少产生), and the
/// attendees' trust vote is advisory unless `threshold` is given (then the funnel
/// depends on it).
fn at_least_funnel(threshold: Option<&str>) -> ElectionDefinition {
    let candidates = ["a", "b", "c", "d", "e"];
    let mut trust = json!({"candidates": people(&candidates), "abstain": false});
    let mut funnel = json!({"keep": 3, "cut": "at_least", "seats": 1});
    if let Some(t) = threshold {
        trust["trust_more_than"] = json!(t);
        funnel["trust_contest"] = json!("trust");
    }
    build(&document(
        json!([
            {"id": "members", "name": {"zh": "党员", "en": "Members"}, "eligible": 200,
             "contests": ["recommendation"]},
            {"id": "attendees", "name": {"zh": "群众代表", "en": "Attendees"}, "eligible": 100,
             "contests": ["trust"]},
        ]),
        json!([
            {"id": "recommendation", "title": {"zh": "推荐", "en": "Recommendation"},
             "kind": {"recommendation": {"candidates": people(&candidates), "max_approvals": 2,
                      "funnel": funnel}}},
            {"id": "trust", "title": {"zh": "信任投票", "en": "Trust vote"},
             "kind": {"trust": trust}},
        ]),
    ))
}

#[test]
fn an_at_least_funnel_keeps_everyone_tied_at_the_cut() {
    let definition = at_least_funnel(None);
    let outcome = decide(
        &definition,
        &counts(
            &definition,
            &[
                (200, vec![vec![150, 120, 60, 60, 10]]),
                (100, trust_rows(&[90, 40, 30, 20, 10])),
            ],
        ),
        &[],
    )
    .unwrap();
    let funnel = outcome.contest("recommendation").unwrap();
    // c and d tie for the 3rd place: "at least 3" keeps both, and nobody has to decide.
    assert_eq!(funnel.kept(), ["a", "b", "c", "d"]);
    assert!(!funnel.has_tie());
    assert!(!funnel
        .findings
        .iter()
        .any(|f| matches!(f.fact, Fact::ShortList { .. })));
    // The same counts with "the top 3 places" leave the tie for people.
    let places = nanjing_like(None);
    let outcome = decide(
        &places,
        &counts(
            &places,
            &[
                (200, vec![vec![150, 120, 60, 60, 10]]),
                (100, trust_rows(&[90, 80, 70, 60, 10])),
            ],
        ),
        &[],
    )
    .unwrap();
    assert!(outcome.contest("recommendation").unwrap().has_tie());
}

#[test]
fn an_advisory_trust_vote_reports_shares_and_keeps_everyone() {
    let definition = at_least_funnel(None);
    let outcome = decide(
        &definition,
        &counts(
            &definition,
            &[
                (200, vec![vec![150, 120, 60, 50, 10]]),
                (100, trust_rows(&[90, 40, 30, 20, 10])),
            ],
        ),
        &[],
    )
    .unwrap();
    let trust = outcome.contest("trust").unwrap();
    assert_eq!(
        facts(trust)[1],
        (
            Rule::TrustShare,
            Fact::TrustShare {
                candidate: "b".into(),
                trust: 40,
                ballots: 100,
                share: frac("2/5"),
            }
        )
    );
    assert!(facts(trust)
        .iter()
        .all(|(rule, _)| *rule == Rule::TrustShare));
    // 10 trust votes of 100 take no one out of the race: the funnel ranks all five.
    assert_eq!(
        outcome.contest("recommendation").unwrap().kept(),
        ["a", "b", "c"]
    );
}

#[test]
fn an_at_least_funnel_short_of_its_number_says_so() {
    let definition = at_least_funnel(Some("1/2"));
    let outcome = decide(
        &definition,
        &counts(
            &definition,
            &[
                (200, vec![vec![150, 120, 60, 50, 10]]),
                (100, trust_rows(&[90, 40, 60, 20, 10])),
            ],
        ),
        &[],
    )
    .unwrap();
    let funnel = outcome.contest("recommendation").unwrap();
    // Only a and c pass the trust vote: 2 remain where at least 3 must be kept.
    assert_eq!(funnel.kept(), ["a", "c"]);
    assert!(facts(funnel).contains(&(
        Rule::Funnel,
        Fact::ShortList {
            remaining: 2,
            keep: 3
        }
    )));
    // Exactly 3 in the race is no shortfall.
    let outcome = decide(
        &definition,
        &counts(
            &definition,
            &[
                (200, vec![vec![150, 120, 60, 50, 10]]),
                (100, trust_rows(&[90, 51, 60, 20, 10])),
            ],
        ),
        &[],
    )
    .unwrap();
    assert!(!outcome
        .contest("recommendation")
        .unwrap()
        .findings
        .iter()
        .any(|f| matches!(f.fact, Fact::ShortList { .. })));
}

fn present_majority() -> ElectionDefinition {
    build(&single_group(
        320,
        Some("4/5"),
        json!([{"id": "post", "title": {"zh": "职务", "en": "Post"},
                "kind": {"competitive": {"candidates": people(&["a", "b"]), "seats": 1,
                         "majority_more_than": "1/2", "majority_of": "present"}}}]),
    ))
}

/// 以到会党员的过半数赞成中选: the base is those present, not the ballots cast.
#[test]
fn a_majority_of_those_present_counts_members_who_cast_no_ballot() {
    let definition = present_majority();
    let outcome = decide(
        &definition,
        &counts_present(&definition, &[(300, vec![vec![152, 140]])], &[306]),
        &[],
    )
    .unwrap();
    // 152 is more than half of the 300 ballots, but not of the 306 present (154 needed).
    let post = outcome.contest("post").unwrap();
    assert_eq!(
        facts(post)[0],
        (
            Rule::Majority,
            Fact::NoMajority {
                candidate: "a".into(),
                votes: 152,
                needed: 154
            }
        )
    );
    assert_eq!(post.open_seats(), 1);
    assert_eq!(
        outcome.groups[0].findings[0],
        Finding::new(
            Rule::Attendance,
            Fact::Attendance {
                present: 306,
                cast: 300
            }
        )
    );
    // With all 300 present, the same 152 votes elect.
    let outcome = decide(
        &definition,
        &counts_present(&definition, &[(300, vec![vec![152, 140]])], &[300]),
        &[],
    )
    .unwrap();
    assert_eq!(outcome.contest("post").unwrap().elected(), ["a"]);
}

#[test]
fn a_majority_of_those_present_needs_a_consistent_attendance() {
    let definition = present_majority();
    assert_eq!(
        decide(
            &definition,
            &counts(&definition, &[(300, vec![vec![152, 140]])]),
            &[]
        ),
        Err(DecideError::NoAttendance {
            contest: "post".into(),
            group: "members".into()
        })
    );
    for present in [299, 321] {
        assert_eq!(
            decide(
                &definition,
                &counts_present(&definition, &[(300, vec![vec![152, 140]])], &[present]),
                &[]
            ),
            Err(DecideError::PresentOutOfRange {
                group: "members".into(),
                present,
                cast: 300,
                eligible: 320
            })
        );
    }
}
