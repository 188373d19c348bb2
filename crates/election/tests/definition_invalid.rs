//! Invalid definitions are refused with the path of the offending field and the problem.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod rules_support;

use rules_support::*;
use serde_json::{json, Value};
use zhixuan_election::{DefinitionError, DefinitionProblem, ElectionDefinition};

fn nanjing() -> Value {
    nanjing_composite()
}

fn round(n: u32) -> Value {
    serde_json::from_str(&example_text(&format!("pingchang-round{n}.json"))).unwrap()
}

/// Applies `change` to `doc` and returns the error, checking it names `path` and says
/// `words`.
fn refused(
    mut doc: Value,
    change: impl FnOnce(&mut Value),
    path: &str,
    words: &str,
) -> DefinitionError {
    change(&mut doc);
    let error = parse(&doc).expect_err("the definition should be refused");
    assert_eq!(error.path(), path, "{error}");
    let message = error.to_string();
    assert!(message.starts_with(&format!("{path}: ")), "{message}");
    assert!(
        message.contains(words),
        "{message:?} should contain {words:?}"
    );
    error
}

#[test]
fn a_limit_above_the_number_of_candidates() {
    let error = refused(
        nanjing(),
        |d| d["contests"][0]["kind"]["recommendation"]["max_approvals"] = json!(7),
        "contests[0].kind.recommendation.max_approvals",
        "7 is more than the 6 candidates",
    );
    assert!(matches!(
        error,
        DefinitionError::Invalid {
            problem: DefinitionProblem::LimitAboveCandidates {
                limit: 7,
                candidates: 6
            },
            ..
        }
    ));
    refused(
        nanjing(),
        |d| d["contests"][0]["kind"]["recommendation"]["max_approvals"] = json!(0),
        "contests[0].kind.recommendation.max_approvals",
        "at least 1",
    );
    refused(
        nanjing(),
        |d| d["contests"][0]["kind"]["recommendation"]["funnel"]["keep"] = json!(7),
        "contests[0].kind.recommendation.funnel.keep",
        "7 is more than the 6 candidates",
    );
}

#[test]
fn more_selections_than_one_proof_covers() {
    let ids: Vec<String> = (0..300).map(|i| format!("c{i}")).collect();
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    let doc = single_group(500, None, json!([competitive("big", &ids, 256, "1/2")]));
    refused(
        doc,
        |_| {},
        "contests[0].kind.competitive.seats",
        "more than one ballot proof can cover (at most 255)",
    );
}

#[test]
fn an_empty_contest() {
    refused(
        nanjing(),
        |d| d["contests"][2]["kind"]["competitive"]["candidates"] = json!([]),
        "contests[2].kind.competitive.candidates",
        "there are no candidates",
    );
    refused(
        nanjing(),
        |d| d["contests"] = json!([]),
        "contests",
        "there are no contests",
    );
}

#[test]
fn shares_outside_their_range() {
    // "More than" shares lie in (0, 1): more than the whole never happens.
    for bad in ["3/2", "1/1", "0/1"] {
        refused(
            nanjing(),
            |d| d["contests"][1]["kind"]["trust"]["trust_more_than"] = json!(bad),
            "contests[1].kind.trust.trust_more_than",
            &format!("{bad} is outside (0, 1)"),
        );
    }
    refused(
        nanjing(),
        |d| d["contests"][2]["kind"]["competitive"]["majority_more_than"] = json!("2/2"),
        "contests[2].kind.competitive.majority_more_than",
        "2/2 is outside (0, 1)",
    );
    // "At least" shares lie in (0, 1]: a quorum of everyone is allowed.
    for bad in ["6/5", "0/5"] {
        refused(
            nanjing(),
            |d| d["groups"][0]["quorum_at_least"] = json!(bad),
            "groups[0].quorum_at_least",
            &format!("{bad} is outside (0, 1]"),
        );
    }
    let mut doc = nanjing();
    doc["groups"][0]["quorum_at_least"] = json!("1/1");
    parse(&doc).unwrap();
}

#[test]
fn a_zero_denominator_is_refused_while_parsing() {
    let error = refused(
        nanjing(),
        |d| d["contests"][1]["kind"]["trust"]["trust_more_than"] = json!("1/0"),
        "contests[1].kind.trust.trust_more_than",
        "the denominator of 1/0 is zero",
    );
    assert!(matches!(error, DefinitionError::Json { .. }));
    refused(
        nanjing(),
        |d| d["groups"][0]["quorum_at_least"] = json!("4 / 5"),
        "groups[0].quorum_at_least",
        "is not a fraction",
    );
}

#[test]
fn duplicate_ids() {
    refused(
        nanjing(),
        |d| d["contests"][2]["id"] = json!("secretary-trust"),
        "contests[2].id",
        "`secretary-trust` appears more than once (first at contests[1].id)",
    );
    refused(
        nanjing(),
        |d| d["contests"][2]["kind"]["competitive"]["candidates"][3]["id"] = json!("sun-li"),
        "contests[2].kind.competitive.candidates[3].id",
        "`sun-li` appears more than once (first at contests[2].kind.competitive.candidates[0].id)",
    );
    refused(
        nanjing(),
        |d| d["groups"][1]["id"] = json!("members"),
        "groups[1].id",
        "`members` appears more than once",
    );
    refused(
        nanjing(),
        |d| d["trustees"][4]["id"] = json!("trustee-2"),
        "trustees[4].id",
        "`trustee-2` appears more than once (first at trustees[1].id)",
    );
    refused(
        nanjing(),
        |d| d["trustees"][3]["key"] = d["trustees"][0]["key"].clone(),
        "trustees[3].key",
        "this key is also trustees[0].key",
    );
    refused(
        nanjing(),
        |d| d["trustees"][0]["key"] = d["organiser"].clone(),
        "trustees[0].key",
        "this key is also the organiser's key",
    );
}

#[test]
fn rounds_referring_to_unknown_rounds() {
    let error = refused(
        round(3),
        |d| d["round"]["number"] = json!(4),
        "round.number",
        "round 4 is not a round of the plan, which has 3",
    );
    assert!(matches!(
        error,
        DefinitionError::Invalid {
            problem: DefinitionProblem::UnknownRound {
                number: 4,
                rounds: 3
            },
            ..
        }
    ));
    refused(
        round(2),
        |d| d["round"]["number"] = json!(0),
        "round.number",
        "round 0 is not a round",
    );
    refused(
        round(1),
        |d| d["round"]["follows"] = round(2)["round"]["follows"].clone(),
        "round.follows",
        "round 1 follows no earlier round",
    );
    refused(
        round(2),
        |d| {
            d["round"].as_object_mut().unwrap().remove("follows");
        },
        "round.follows",
        "round 2 must name the round it follows",
    );
    refused(
        round(2),
        |d| d["round"]["follows"]["election_id"] = d["election_id"].clone(),
        "round.follows.election_id",
        "cannot follow itself",
    );
    refused(
        round(1),
        |d| {
            d["round"]["plan"]["registrants"][5]["posts"] = json!(["deputy-secretary", "treasurer"])
        },
        "round.plan.registrants[5].posts[1]",
        "`treasurer` is not a post of this election",
    );
}

#[test]
fn round_candidates_must_come_from_the_plan() {
    refused(
        round(2),
        |d| d["contests"][0]["kind"]["competitive"]["candidates"][2] = person("stranger"),
        "contests[0].kind.competitive.candidates[2].id",
        "`stranger` is not a registrant of the plan",
    );
    // yang-fan applied only for committee member.
    refused(
        round(2),
        |d| {
            d["contests"][0]["kind"]["competitive"]["candidates"][2] =
                json!({"id": "yang-fan", "name": {"zh": "杨帆", "en": "Yang Fan"}})
        },
        "contests[0].kind.competitive.candidates[2].id",
        "`yang-fan` did not apply for post `deputy-secretary`",
    );
    refused(
        round(2),
        |d| {
            d["contests"][0]["kind"]["competitive"]["candidates"][0]["name"]["en"] =
                json!("Chen W.")
        },
        "contests[0].kind.competitive.candidates[0].name",
        "named differently at round.plan.registrants[3].name",
    );
    // Round 1 has no earlier results: every applicant runs.
    refused(
        round(1),
        |d| {
            d["contests"][0]["kind"]["competitive"]["candidates"]
                .as_array_mut()
                .unwrap()
                .pop();
        },
        "round.plan.registrants[2]",
        "`zhang-xiulan` applied for post `secretary` but is not a candidate in round 1",
    );
    refused(
        round(3),
        |d| d["contests"][0]["kind"]["competitive"]["seats"] = json!(2),
        "contests[0].kind.competitive.seats",
        "2 seats, but the plan gives post `member` 3",
    );
    refused(
        round(3),
        |d| {
            d["contests"][0]["id"] = json!("members");
            d["groups"][0]["contests"] = json!(["members", "discipline-member"]);
        },
        "round.number",
        "round 3 elects `member`, but no contest has that id",
    );
    refused(
        round(1),
        |d| {
            d["round"]["plan"]["registrants"][0]["posts"] =
                json!(["secretary", "deputy-secretary", "member"])
        },
        "round.plan.registrants[0].posts",
        "3 posts are more than the 2 each registrant may apply for",
    );
}

#[test]
fn a_group_with_no_contests() {
    refused(
        nanjing(),
        |d| d["groups"][1]["contests"] = json!([]),
        "groups[1].contests",
        "there are no contests for this group to answer",
    );
    refused(
        nanjing(),
        |d| d["groups"][1]["contests"] = json!(["mayor"]),
        "groups[1].contests[0]",
        "`mayor` is not a contest of this election",
    );
    refused(
        nanjing(),
        |d| d["groups"][0]["contests"] = json!(["committee-election", "secretary-recommendation"]),
        "groups[0].contests[1]",
        "`secretary-recommendation` must be listed before `committee-election`",
    );
    refused(
        nanjing(),
        |d| d["groups"][0]["contests"] = json!(["secretary-recommendation"]),
        "contests[2]",
        "no group answers this contest",
    );
    refused(
        nanjing(),
        |d| d["groups"] = json!([]),
        "groups",
        "there are no voter groups",
    );
}

#[test]
fn a_threshold_above_the_trustees() {
    let error = refused(
        nanjing(),
        |d| d["threshold"] = json!(6),
        "threshold",
        "threshold 6 is more than the 5 trustees",
    );
    assert!(matches!(
        error,
        DefinitionError::Invalid {
            problem: DefinitionProblem::ThresholdAboveTrustees {
                threshold: 6,
                trustees: 5
            },
            ..
        }
    ));
    refused(
        nanjing(),
        |d| d["threshold"] = json!(0),
        "threshold",
        "must be at least 1",
    );
    refused(
        nanjing(),
        |d| d["trustees"] = json!([]),
        "trustees",
        "there are no trustees",
    );
    let mut doc = nanjing();
    doc["threshold"] = json!(5);
    parse(&doc).unwrap();
}

#[test]
fn a_competitive_election_without_competition() {
    refused(
        nanjing(),
        |d| d["contests"][2]["kind"]["competitive"]["seats"] = json!(7),
        "contests[2].kind.competitive.seats",
        "7 candidates for 7 seats leave no competition",
    );
    refused(
        nanjing(),
        |d| d["contests"][2]["kind"]["competitive"]["seats"] = json!(0),
        "contests[2].kind.competitive.seats",
        "must be at least 1",
    );
}

#[test]
fn a_funnel_that_would_leave_no_competition() {
    refused(
        nanjing(),
        |d| d["contests"][0]["kind"]["recommendation"]["funnel"]["keep"] = json!(1),
        "contests[0].kind.recommendation.funnel.keep",
        "keeping 1 for 1 seats would leave no competition",
    );
    refused(
        nanjing(),
        |d| {
            d["contests"][0]["kind"]["recommendation"]["funnel"]["trust_contest"] =
                json!("committee-election")
        },
        "contests[0].kind.recommendation.funnel.trust_contest",
        "`committee-election` is a competitive contest, not a trust contest",
    );
    refused(
        nanjing(),
        |d| {
            d["contests"][0]["kind"]["recommendation"]["funnel"]["trust_contest"] =
                json!("secretary-vote")
        },
        "contests[0].kind.recommendation.funnel.trust_contest",
        "`secretary-vote` is not a contest of this election",
    );
    refused(
        nanjing(),
        |d| {
            d["contests"][1]["kind"]["trust"]["candidates"]
                .as_array_mut()
                .unwrap()
                .pop();
        },
        "contests[0].kind.recommendation.funnel.trust_contest",
        "the candidates differ from those of `secretary-trust`",
    );
}

#[test]
fn group_limits_on_declared_numbers() {
    // 300 attendees are more than 30% of 500 members.
    refused(
        nanjing(),
        |d| d["groups"][1]["eligible_at_most"] = json!({"share": "3/10", "of_group": "members"}),
        "groups[1].eligible",
        "300 is more than 3/10 of the 500 eligible in `members` (at most 150)",
    );
    // At the boundary: 96 of 320 is exactly 30%; 97 is one too many.
    let recommendation: Value =
        serde_json::from_str(&example_text("pingchang-recommendation.json")).unwrap();
    parse(&recommendation).unwrap();
    refused(
        recommendation.clone(),
        |d| d["groups"][1]["eligible"] = json!(97),
        "groups[1].eligible",
        "97 is more than 3/10 of the 320 eligible in `members` (at most 96)",
    );
    refused(
        recommendation.clone(),
        |d| d["groups"][1]["eligible_at_most"]["of_group"] = json!("resident-representatives"),
        "groups[1].eligible_at_most.of_group",
        "cannot be capped by its own size",
    );
    refused(
        recommendation,
        |d| d["groups"][1]["eligible_at_most"]["of_group"] = json!("villagers"),
        "groups[1].eligible_at_most.of_group",
        "`villagers` is not a voter group",
    );
    let xinzhou: Value = serde_json::from_str(&example_text("xinzhou.json")).unwrap();
    refused(
        xinzhou.clone(),
        |d| d["groups"][1]["present_at_least"] = json!(33),
        "groups[1].present_at_least",
        "33 must be present but only 32 are eligible",
    );
    refused(
        xinzhou,
        |d| d["groups"][1]["eligible"] = json!(0),
        "groups[1].eligible",
        "must be at least 1",
    );
}

#[test]
fn evaluation_rules() {
    // Xinzhou's evaluation of the officials alone: the contest with a verdict and a
    // previous year.
    let mut xinzhou: Value = serde_json::from_str(&example_text("xinzhou.json")).unwrap();
    xinzhou["contests"].as_array_mut().unwrap().remove(0);
    for group in xinzhou["groups"].as_array_mut().unwrap() {
        group["contests"] = json!(["officials"]);
    }
    let path = "contests[0].kind.evaluation";
    refused(
        xinzhou.clone(),
        |d| d["contests"][0]["kind"]["evaluation"]["verdict"]["level"] = json!("poor"),
        &format!("{path}.verdict.level"),
        "`poor` is not a level of the scale",
    );
    refused(
        xinzhou.clone(),
        |d| {
            d["contests"][0]["kind"]["evaluation"]
                .as_object_mut()
                .unwrap()
                .remove("verdict");
        },
        &format!("{path}.previous"),
        "a check across years needs a verdict rule",
    );
    refused(
        xinzhou.clone(),
        |d| {
            d["contests"][0]["kind"]["evaluation"]["scale"]
                .as_array_mut()
                .unwrap()
                .truncate(1);
        },
        &format!("{path}.scale"),
        "at least 2 levels",
    );
    refused(
        xinzhou.clone(),
        |d| {
            for level in d["contests"][0]["kind"]["evaluation"]["scale"]
                .as_array_mut()
                .unwrap()
            {
                level["favourable"] = json!(false);
            }
        },
        &format!("{path}.scale"),
        "no level is favourable",
    );
    refused(
        xinzhou.clone(),
        |d| d["contests"][0]["kind"]["evaluation"]["scale"][2]["id"] = json!("competent"),
        &format!("{path}.scale[2].id"),
        "`competent` appears more than once",
    );
    refused(
        xinzhou,
        |d| d["contests"][0]["kind"]["evaluation"]["officials"] = json!([]),
        &format!("{path}.officials"),
        "there are no candidates",
    );
    let nanning: Value = serde_json::from_str(&example_text("nanning.json")).unwrap();
    refused(
        nanning.clone(),
        |d| {
            d["groups"][1].as_object_mut().unwrap().remove("weight");
        },
        "groups[1].weight",
        "missing: the group answers the weighted evaluation `section-chiefs`",
    );
    refused(
        nanning,
        |d| d["contests"][0]["kind"]["evaluation"]["combine"] = json!("pooled"),
        "groups[0].weight",
        "no weighted evaluation answered by this group uses it",
    );
}

#[test]
fn names_ids_and_times() {
    refused(
        nanjing(),
        |d| d["election_id"] = json!("Nanjing 2024"),
        "election_id",
        "`Nanjing 2024` is not a valid id",
    );
    refused(
        nanjing(),
        |d| d["election_id"] = json!("a".repeat(65)),
        "election_id",
        "is not a valid id",
    );
    refused(
        nanjing(),
        |d| d["title"]["en"] = json!("  "),
        "title.en",
        "the name is empty",
    );
    refused(
        nanjing(),
        |d| d["groups"][0]["name"]["zh"] = json!("党员\n"),
        "groups[0].name.zh",
        "control character",
    );
    refused(
        nanjing(),
        |d| d["contests"][1]["kind"]["trust"]["candidates"][0]["name"]["zh"] = json!("王芳芳"),
        "contests[1].kind.trust.candidates[0].name",
        "`wang-fang` is named differently at contests[0].kind.recommendation.candidates[0].name",
    );
    refused(
        nanjing(),
        |d| d["version"] = json!(2),
        "version",
        "version 2 is not supported",
    );
    refused(
        nanjing(),
        |d| d["voting"]["closes"] = d["voting"]["opens"].clone(),
        "voting.closes",
        "voting must close after it opens",
    );
    refused(
        nanjing(),
        |d| d["voting"]["opens"] = json!("2024-06-15T08:30:00.5+08:00"),
        "voting.opens",
        "whole seconds",
    );
    refused(
        nanjing(),
        |d| d["voting"]["opens"] = json!("15 June 2024"),
        "voting.opens",
        "",
    );
}

#[test]
fn unknown_and_missing_fields() {
    refused(
        nanjing(),
        |d| {
            let c = d["contests"][0]["kind"]["recommendation"]
                .as_object_mut()
                .unwrap();
            let v = c.remove("max_approvals").unwrap();
            c.insert("max_approval".into(), v);
        },
        "contests[0].kind.recommendation.max_approval",
        "unknown field `max_approval`",
    );
    refused(
        nanjing(),
        |d| {
            d["contests"][2]["kind"]["competitive"]
                .as_object_mut()
                .unwrap()
                .remove("seats");
        },
        "contests[2].kind.competitive",
        "missing field `seats`",
    );
    refused(
        nanjing(),
        |d| d["contests"][2]["kind"] = json!({"plurality": {}}),
        "contests[2].kind",
        "unknown variant `plurality`",
    );
    refused(
        nanjing(),
        |d| d["note"] = json!("x"),
        "note",
        "unknown field `note`",
    );
    refused(
        nanjing(),
        |d| d["organiser"] = json!("00".repeat(32)),
        "organiser",
        "identity",
    );
    let text = example_text("nanjing-assembly.json") + "{}";
    let error = ElectionDefinition::from_json(&text).unwrap_err();
    assert!(error.to_string().contains("trailing characters"), "{error}");
}

#[test]
fn a_funnel_cannot_depend_on_an_advisory_trust_vote() {
    // An advisory trust vote keeps everyone: a funnel naming it would filter nothing.
    refused(
        nanjing(),
        |d| {
            d["contests"][1]["kind"]["trust"]
                .as_object_mut()
                .unwrap()
                .remove("trust_more_than");
        },
        "contests[0].kind.recommendation.funnel.trust_contest",
        "`secretary-trust` is an advisory trust vote",
    );
    refused(
        nanjing(),
        |d| d["contests"][0]["kind"]["recommendation"]["funnel"]["cut"] = json!("about"),
        "contests[0].kind.recommendation.funnel.cut",
        "unknown variant `about`",
    );
    refused(
        nanjing(),
        |d| d["contests"][2]["kind"]["competitive"]["majority_of"] = json!("everyone"),
        "contests[2].kind.competitive.majority_of",
        "unknown variant `everyone`",
    );
}

#[test]
fn a_loser_who_does_not_stand_again_is_no_candidate() {
    // wang-zhigang lost round 1 (secretary) and declared no standing again.
    refused(
        round(2),
        |d| {
            d["contests"][0]["kind"]["competitive"]["candidates"]
                .as_array_mut()
                .unwrap()
                .push(
                    json!({"id": "wang-zhigang", "name": {"zh": "王志刚", "en": "Wang Zhigang"}}),
                );
        },
        "contests[0].kind.competitive.candidates[3].id",
        "`wang-zhigang` ran first for `secretary` and does not stand again",
    );
    refused(
        round(1),
        |d| d["round"]["plan"]["registrants"][0]["if_not_elected"] = json!("maybe"),
        "round.plan.registrants[0].if_not_elected",
        "unknown variant `maybe`",
    );
}
