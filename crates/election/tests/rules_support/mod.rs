//! Shared fixtures for the definition and rules tests: the example files, a small valid
//! definition to vary, and a way to write counts by group.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use serde_json::{json, Value};
use zhixuan_election::{
    Counts, DefinitionError, ElectionDefinition, GroupCounts, Outcome, QuestionCounts,
};

pub const ORGANISER: &str = "ec1e870645ead4664ed6a68eab5147abc8d39dcaa768089ffa8e6fd059aa613f";
pub const TRUSTEE_KEYS: [&str; 5] = [
    "b6882f9ab5407beec435be88154369a1811eecd7154972e72e3145076f71c01f",
    "36d50e818cd367ad9d67b4785954698f3d098cca2e15ee948babd28e981b8636",
    "5c51d3f5347770f62626c03b0fada68b74ff672b69d011fa1a402a4930d8a83d",
    "acf17943e0d9f0ea41807dd527a8b2336c0364ce36c58b18d0fc1eaa13add727",
    "889eb9ada57ebdf6564938529059d3a21568b94fe97045b9b34322747d00bd18",
];

pub fn examples_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

pub fn example_text(file: &str) -> String {
    std::fs::read_to_string(examples_dir().join(file)).unwrap()
}

pub fn example(name: &str) -> ElectionDefinition {
    ElectionDefinition::from_json(&example_text(&format!("{name}.json"))).unwrap()
}

pub fn example_counts(name: &str) -> Counts {
    serde_json::from_str(&example_text(&format!("{name}.counts.json"))).unwrap()
}

pub fn example_outcome(name: &str) -> Outcome {
    serde_json::from_str(&example_text(&format!("{name}.outcome.json"))).unwrap()
}

/// Nanjing's recommendation for secretary with Xuanwu's trust threshold, and the
/// assembly's committee election: every kind of Nanjing contest in one document (contests
/// 0 recommendation with an "at least" funnel on 1 trust, 2 competitive; groups 0 members
/// with a quorum of 4/5, 1 attendees).
pub fn nanjing_composite() -> Value {
    let mut doc: Value =
        serde_json::from_str(&example_text("nanjing-recommendation-xuanwu.json")).unwrap();
    let assembly: Value = serde_json::from_str(&example_text("nanjing-assembly.json")).unwrap();
    doc["contests"]
        .as_array_mut()
        .unwrap()
        .push(assembly["contests"][1].clone());
    doc["groups"][0]["contests"] = json!(["secretary-recommendation", "committee-election"]);
    doc["groups"][0]["quorum_at_least"] = json!("4/5");
    ElectionDefinition::from_json(&doc.to_string()).unwrap();
    doc
}

pub fn person(id: &str) -> Value {
    json!({"id": id, "name": {"zh": format!("候选人{id}"), "en": format!("Candidate {id}")}})
}

pub fn people(ids: &[&str]) -> Value {
    Value::Array(ids.iter().map(|id| person(id)).collect())
}

/// A valid definition document with the given groups and contests.
pub fn document(groups: Value, contests: Value) -> Value {
    let trustees: Vec<Value> = TRUSTEE_KEYS
        .iter()
        .enumerate()
        .map(|(i, key)| {
            json!({"id": format!("trustee-{}", i + 1),
                   "name": {"zh": format!("委员{}", i + 1), "en": format!("Trustee {}", i + 1)},
                   "key": key})
        })
        .collect();
    json!({
        "version": 1,
        "election_id": "test-election",
        "title": {"zh": "测试选举", "en": "Test election"},
        "organiser": ORGANISER,
        "trustees": trustees,
        "threshold": 3,
        "voting": {"opens": "2024-07-05T09:00:00+08:00", "closes": "2024-07-05T10:00:00+08:00"},
        "revote": "single",
        "groups": groups,
        "contests": contests,
    })
}

/// One group `members` answering every contest given.
pub fn single_group(eligible: u64, quorum: Option<&str>, contests: Value) -> Value {
    let ids: Vec<Value> = contests
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].clone())
        .collect();
    let mut group = json!({"id": "members", "name": {"zh": "党员", "en": "Members"},
                           "eligible": eligible, "contests": ids});
    if let Some(q) = quorum {
        group["quorum_at_least"] = json!(q);
    }
    document(json!([group]), contests)
}

pub fn parse(doc: &Value) -> Result<ElectionDefinition, DefinitionError> {
    ElectionDefinition::from_json(&doc.to_string())
}

pub fn build(doc: &Value) -> ElectionDefinition {
    parse(doc).unwrap_or_else(|e| panic!("{e}"))
}

pub fn competitive(id: &str, candidates: &[&str], seats: u32, majority: &str) -> Value {
    json!({"id": id, "title": {"zh": "选举", "en": "Election"},
           "kind": {"competitive": {"candidates": people(candidates), "seats": seats,
                                    "majority_more_than": majority}}})
}

/// Counts from rows: for each group in definition order, its ballots cast and one option
/// list per question of its ballot style, in order.
/// [`counts`] with each group's members present, in group order.
pub fn counts_present(
    definition: &ElectionDefinition,
    rows: &[(u64, Vec<Vec<u64>>)],
    present: &[u64],
) -> Counts {
    let mut counts = counts(definition, rows);
    for (group, &p) in counts.groups.iter_mut().zip(present) {
        group.present = Some(p);
    }
    counts
}

pub fn counts(definition: &ElectionDefinition, rows: &[(u64, Vec<Vec<u64>>)]) -> Counts {
    let groups = definition
        .document()
        .groups
        .iter()
        .zip(rows)
        .map(|(group, (cast, questions))| {
            let style = definition.ballot_style(&group.id).unwrap();
            assert_eq!(
                style.contests().len(),
                questions.len(),
                "group {}",
                group.id
            );
            GroupCounts {
                group: group.id.clone(),
                ballots_cast: *cast,
                present: None,
                questions: style
                    .contests()
                    .iter()
                    .zip(questions)
                    .map(|(c, options)| QuestionCounts {
                        question: c.contest,
                        options: options.clone(),
                    })
                    .collect(),
            }
        })
        .collect();
    Counts { groups }
}

/// Members recommend up to 2 of 5 secretary candidates, keeping 3 for 1 seat, after a
/// trust vote by 100 attendees with a 1/2 threshold.
pub fn nanjing_like(attendee_quorum: Option<&str>) -> ElectionDefinition {
    let candidates = ["a", "b", "c", "d", "e"];
    let mut attendees = json!({"id": "attendees", "name": {"zh": "群众代表", "en": "Attendees"},
                              "eligible": 100, "contests": ["trust"]});
    if let Some(q) = attendee_quorum {
        attendees["quorum_at_least"] = json!(q);
    }
    build(&document(
        json!([
            {"id": "members", "name": {"zh": "党员", "en": "Members"}, "eligible": 200,
             "contests": ["recommendation"]},
            attendees,
        ]),
        json!([
            {"id": "recommendation", "title": {"zh": "推荐", "en": "Recommendation"},
             "kind": {"recommendation": {"candidates": people(&candidates), "max_approvals": 2,
                      "funnel": {"keep": 3, "seats": 1, "trust_contest": "trust"}}}},
            {"id": "trust", "title": {"zh": "信任投票", "en": "Trust vote"},
             "kind": {"trust": {"candidates": people(&candidates), "abstain": false,
                                "trust_more_than": "1/2"}}},
        ]),
    ))
}
