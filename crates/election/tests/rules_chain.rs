//! Rule `round-chain`: a later round's candidates follow from the earlier rounds' results.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod rules_support;

use rules_support::*;
use serde_json::{json, Value};
use zhixuan_election::{
    check_round_chain, decide, ChainError, DefinitionError, DefinitionProblem, ElectionDefinition,
    Outcome,
};

fn doc(n: u32) -> Value {
    serde_json::from_str(&example_text(&format!("pingchang-round{n}.json"))).unwrap()
}

fn supplied(n: u32) -> (ElectionDefinition, Outcome) {
    let name = format!("pingchang-round{n}");
    (example(&name), example_outcome(&name))
}

fn candidates(doc: &mut Value) -> &mut Vec<Value> {
    doc["contests"][0]["kind"]["competitive"]["candidates"]
        .as_array_mut()
        .unwrap()
}

fn li_jianguo() -> Value {
    json!({"id": "li-jianguo", "name": {"zh": "李建国", "en": "Li Jianguo"}})
}

#[test]
fn a_later_round_may_not_list_someone_already_elected() {
    // li-jianguo applied for deputy secretary too, but was elected secretary in round 1.
    let mut round2 = doc(2);
    candidates(&mut round2).push(li_jianguo());
    let round2 = build(&round2);
    assert_eq!(
        check_round_chain(&round2, &[supplied(1)]),
        Err(ChainError::AlreadyElected {
            candidate: "li-jianguo".into(),
            election_id: "pingchang-demo-township-2024-round-1".into(),
        })
    );
    // chen-wen, elected deputy in round 2, applied for committee member too.
    let mut round3 = doc(3);
    candidates(&mut round3).insert(
        1,
        json!({"id": "chen-wen", "name": {"zh": "陈文", "en": "Chen Wen"}}),
    );
    let round3 = build(&round3);
    assert_eq!(
        check_round_chain(&round3, &[supplied(1), supplied(2)]),
        Err(ChainError::AlreadyElected {
            candidate: "chen-wen".into(),
            election_id: "pingchang-demo-township-2024-round-2".into(),
        })
    );
}

#[test]
fn a_later_round_may_not_list_someone_who_never_ran() {
    // Not a registrant at all, or a registrant for another post: the definition itself
    // is refused, since its plan shows who applied for what.
    let mut round2 = doc(2);
    candidates(&mut round2).push(person("newcomer"));
    assert!(matches!(
        parse(&round2),
        Err(DefinitionError::Invalid {
            problem: DefinitionProblem::NotRegistered { .. },
            ..
        })
    ));
    let mut round2 = doc(2);
    candidates(&mut round2)
        .push(json!({"id": "zhao-min", "name": {"zh": "赵敏", "en": "Zhao Min"}}));
    let error = parse(&round2).unwrap_err();
    assert_eq!(
        error.path(),
        "contests[0].kind.competitive.candidates[3].id"
    );
    assert!(error
        .to_string()
        .contains("`zhao-min` did not apply for post `deputy-secretary`"));
}

#[test]
fn a_later_round_may_not_leave_out_a_registrant_who_runs() {
    // chen-wen applied first for deputy secretary: round 2 is his first round.
    let mut round2 = doc(2);
    candidates(&mut round2).remove(0);
    let round2 = build(&round2);
    assert_eq!(
        check_round_chain(&round2, &[supplied(1)]),
        Err(ChainError::Missing {
            registrant: "chen-wen".into(),
            post: "deputy-secretary".into()
        })
    );
    // liu-hong lost round 2 and stands again for committee member.
    let mut round3 = doc(3);
    candidates(&mut round3).remove(1);
    let round3 = build(&round3);
    assert_eq!(
        check_round_chain(&round3, &[supplied(1), supplied(2)]),
        Err(ChainError::Missing {
            registrant: "liu-hong".into(),
            post: "member".into()
        })
    );
}

/// 落选者可参加下一轮: "may", so standing again is the registrant's declared choice.
/// wang-zhigang lost round 1 and does not stand again: round 2 may not list him, and
/// without his declaration it owes him nothing; with it, it must list him.
#[test]
fn standing_again_after_a_lost_round_is_opt_in() {
    let wang = json!({"id": "wang-zhigang", "name": {"zh": "王志刚", "en": "Wang Zhigang"}});
    let mut listed = doc(2);
    candidates(&mut listed).push(wang.clone());
    assert!(matches!(
        parse(&listed),
        Err(DefinitionError::Invalid {
            problem: DefinitionProblem::DoesNotStandAgain { .. },
            ..
        })
    ));
    check_round_chain(&example("pingchang-round2"), &[supplied(1)]).unwrap();

    // Had he opted in (in every round's plan), round 2 would owe him a place.
    let opt_in = |d: &mut Value| {
        d["round"]["plan"]["registrants"][1]["if_not_elected"] = json!("stands_again");
    };
    let mut round1 = doc(1);
    opt_in(&mut round1);
    let round1 = build(&round1);
    let outcome1 = decide(&round1, &example_counts("pingchang-round1"), &[]).unwrap();
    let mut round2 = doc(2);
    opt_in(&mut round2);
    round2["round"]["follows"]["definition_hash"] = json!(round1.hash().to_string());
    assert_eq!(
        check_round_chain(&build(&round2), &[(round1.clone(), outcome1.clone())]),
        Err(ChainError::Missing {
            registrant: "wang-zhigang".into(),
            post: "deputy-secretary".into()
        })
    );
    candidates(&mut round2).push(wang);
    check_round_chain(&build(&round2), &[(round1, outcome1)]).unwrap();
}

#[test]
fn every_earlier_round_must_be_supplied() {
    let round3 = example("pingchang-round3");
    let round1 = example("pingchang-round1");
    assert_eq!(
        check_round_chain(&round3, &[supplied(2)]),
        Err(ChainError::UnknownRound {
            election_id: round1.election_id().into(),
            definition_hash: round1.hash(),
        })
    );
    assert!(matches!(
        check_round_chain(&round3, &[supplied(1)]),
        Err(ChainError::UnknownRound { .. })
    ));
    // A definition with the right id but different content is not the round followed.
    let mut altered = doc(1);
    altered["title"]["en"] = json!("Round one");
    let altered = build(&altered);
    let (_, outcome) = supplied(1);
    assert!(matches!(
        check_round_chain(&example("pingchang-round2"), &[(altered, outcome)]),
        Err(ChainError::UnknownRound { .. })
    ));
}

#[test]
fn the_earlier_round_must_be_decided_and_its_outcome_its_own() {
    let round2 = example("pingchang-round2");
    let (round1, _) = supplied(1);
    let (_, outcome2) = supplied(2);
    assert_eq!(
        check_round_chain(&round2, &[(round1.clone(), outcome2)]),
        Err(ChainError::OutcomeMismatch {
            election_id: round1.election_id().into()
        })
    );
    // Round 1 without quorum: there is nothing to follow yet.
    let short = decide(
        &round1,
        &counts(&round1, &[(255, vec![vec![190, 40, 25]])]),
        &[],
    )
    .unwrap();
    assert_eq!(
        check_round_chain(&round2, &[(round1.clone(), short)]),
        Err(ChainError::EarlierRoundUndecided {
            election_id: round1.election_id().into(),
            post: "secretary".into(),
        })
    );
    // Round 1 with nobody elected (an open seat) decides nobody out: everyone who applied
    // for deputy secretary and stands again runs, li-jianguo included.
    let open = decide(
        &round1,
        &counts_present(&round1, &[(300, vec![vec![150, 100, 50]])], &[300]),
        &[],
    )
    .unwrap();
    assert_eq!(open.contests[0].open_seats(), 1);
    assert_eq!(
        check_round_chain(&round2, &[(round1.clone(), open.clone())]),
        Err(ChainError::Missing {
            registrant: "li-jianguo".into(),
            post: "deputy-secretary".into()
        })
    );
    let mut with_li = doc(2);
    candidates(&mut with_li).insert(0, li_jianguo());
    check_round_chain(&build(&with_li), &[(round1, open)]).unwrap();
}

#[test]
fn rounds_must_be_consecutive_and_share_one_plan() {
    // Round 3 claiming to follow round 1 directly.
    let (round1, outcome1) = supplied(1);
    let mut skip = doc(3);
    skip["round"]["follows"] =
        json!({"election_id": round1.election_id(), "definition_hash": round1.hash().to_string()});
    let skip = build(&skip);
    assert_eq!(
        check_round_chain(&skip, &[(round1, outcome1)]),
        Err(ChainError::RoundOrder {
            election_id: "pingchang-demo-township-2024-round-1".into(),
            expected: 2,
            found: 1,
        })
    );
    // A round 1 with another plan (one more registrant for member).
    let mut other = doc(1);
    other["round"]["plan"]["registrants"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "fu-lei", "name": {"zh": "付磊", "en": "Fu Lei"}, "posts": ["member"]}));
    let other = build(&other);
    let other_outcome = decide(&other, &example_counts("pingchang-round1"), &[]).unwrap();
    let mut round2 = doc(2);
    round2["round"]["follows"]["definition_hash"] = json!(other.hash().to_string());
    let round2 = build(&round2);
    assert_eq!(
        check_round_chain(&round2, &[(other, other_outcome)]),
        Err(ChainError::PlanMismatch {
            election_id: "pingchang-demo-township-2024-round-1".into()
        })
    );
}

#[test]
fn an_election_without_rounds_is_not_a_round() {
    assert_eq!(
        check_round_chain(&example("nanjing-assembly"), &[]),
        Err(ChainError::NotARound {
            election_id: "nanjing-demo-community-2024-assembly".into()
        })
    );
}
