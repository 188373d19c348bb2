//! The example definitions: every one parses and validates, the hashes are the published
//! test vectors, the demonstration keys are what examples/README.md says, the decided
//! outcomes are the published ones, and the Pingchang rounds chain.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod rules_support;

use rules_support::*;
use sha2::{Digest, Sha256};
use zhixuan_election::{
    check_round_chain, decide, ElectionDefinition, OptionMeaning, DEFINITION_HASH_DOMAIN,
};
use zhixuan_tally::{ContestIndex, ContestSpec, Encode, SigningKey};

const EXAMPLES: [&str; 8] = [
    "nanjing",
    "pingchang-recommendation",
    "pingchang-round1",
    "pingchang-round2",
    "pingchang-round3",
    "xinzhou-2023",
    "xinzhou",
    "nanning",
];

#[test]
fn every_example_file_is_a_valid_definition() {
    let mut found = 0;
    for entry in std::fs::read_dir(examples_dir()).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let Some(stem) = name.strip_suffix(".json") else {
            continue;
        };
        if stem.ends_with(".counts") || stem.ends_with(".outcome") {
            continue;
        }
        ElectionDefinition::from_json(&example_text(&name))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(EXAMPLES.contains(&stem), "{name} is not listed in EXAMPLES");
        found += 1;
    }
    assert_eq!(found, EXAMPLES.len());
}

/// The test vector of `spec/definition.md`: the hash of examples/nanjing.json. The same
/// hashes were computed by an independent implementation of the spec (a Python script
/// written from spec/definition.md alone) before this test was written.
#[test]
fn definition_hashes_are_the_published_test_vectors() {
    let vectors = [
        (
            "nanjing",
            "6c923421bb3273382d50b997f89d902de436de913a0c13fa9736a2e7dbc103a0",
        ),
        (
            "pingchang-round1",
            "3e17a7953a18f4d5651e2fa4a8a6e9a29c415ce9ae5ced65f837783e9ff7aac6",
        ),
        (
            "pingchang-round2",
            "9ee4b2214efc4de91de9acd78a8af1dea29b8f844318c41a51ff3b05748a50ba",
        ),
        (
            "pingchang-round3",
            "1b2b3e3c74070acdd52c37d601eb51876898b72fa6586441c6e84cca36b923db",
        ),
        (
            "pingchang-recommendation",
            "5aa8f759a8d26749541c7318d3bb9eb74eed19dc797017ff0b61df7ab5b17e88",
        ),
        (
            "xinzhou-2023",
            "0319444587493e4764effefcdba9aec793d9ab3c04b83dfa6b6a0edbad3a5232",
        ),
        (
            "xinzhou",
            "9dc73063e0dd443f74b5db088317e13a02e0fa1bc839cd5dacba5ec6b683c8e7",
        ),
        (
            "nanning",
            "1ba947601f8677b9418a1fc49ac1b1e06e42b3a7773152f3a00f5b478aabd8a0",
        ),
    ];
    for (name, hash) in vectors {
        assert_eq!(example(name).hash().to_string(), hash, "{name}");
    }
}

#[test]
fn the_hash_is_sha256_of_the_tagged_canonical_encoding() {
    let definition = example("nanjing");
    let bytes = definition.to_canonical_bytes();
    // The encoding starts with the version and the election id, as the spec lists.
    assert_eq!(&bytes[..8], &1u64.to_le_bytes());
    let id = b"nanjing-demo-community-2024";
    assert_eq!(&bytes[8..16], &(id.len() as u64).to_le_bytes());
    assert_eq!(&bytes[16..16 + id.len()], id);
    let mut tagged = (DEFINITION_HASH_DOMAIN.len() as u64).to_le_bytes().to_vec();
    tagged.extend_from_slice(DEFINITION_HASH_DOMAIN.as_bytes());
    tagged.extend_from_slice(&bytes);
    let expected: [u8; 32] = Sha256::digest(&tagged).into();
    assert_eq!(definition.hash().0, expected);
}

#[test]
fn the_hash_ignores_json_spelling_but_not_content() {
    let text = example_text("nanjing.json");
    let original = example("nanjing");
    // Key order, whitespace and the time zone offset of an instant do not matter.
    let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
    value["voting"]["opens"] = "2024-06-15T00:30:00Z".into();
    let compact = serde_json::to_string(&value).unwrap();
    assert_eq!(
        ElectionDefinition::from_json(&compact).unwrap().hash(),
        original.hash()
    );
    // Any change of content does.
    value["groups"][0]["eligible"] = 501.into();
    let changed = ElectionDefinition::from_json(&value.to_string()).unwrap();
    assert_ne!(changed.hash(), original.hash());
    // Publishing and reading back is the identity.
    let published = original.to_json().unwrap();
    assert_eq!(ElectionDefinition::from_json(&published).unwrap(), original);
}

#[test]
fn demonstration_keys_are_derived_as_documented() {
    let derive = |label: &str| {
        let mut seed: [u8; 32] = Sha256::digest(format!("zhixuan-demo/{label}")).into();
        seed[31] &= 0x0f;
        SigningKey::from_bytes(seed)
            .unwrap()
            .verifying_key()
            .clone()
    };
    for name in EXAMPLES {
        let definition = example(name);
        let document = definition.document();
        assert_eq!(document.organiser, derive("organiser"), "{name}");
        assert_eq!(document.trustees.len(), 5);
        assert_eq!(document.threshold, 3);
        for (i, trustee) in document.trustees.iter().enumerate() {
            assert_eq!(trustee.key, derive(&format!("trustee-{}", i + 1)), "{name}");
        }
    }
}

#[test]
fn decided_outcomes_are_the_published_ones() {
    let mut earlier = Vec::new();
    for name in EXAMPLES {
        let definition = example(name);
        let outcome = decide(&definition, &example_counts(name), &earlier).unwrap();
        assert_eq!(outcome, example_outcome(name), "{name}");
        earlier.push(outcome);
    }
}

#[test]
fn nanjing_questions_and_ballot_styles() {
    let definition = example("nanjing");
    // Recommendation: 1 question; trust: 6 (one per candidate); competitive: 1.
    assert_eq!(definition.questions().len(), 8);
    let members = definition.ballot_style("members").unwrap();
    let indices: Vec<u32> = members.contests().iter().map(|c| c.contest.0).collect();
    assert_eq!(indices, [0, 7]);
    assert_eq!(members.contests()[0].spec, ContestSpec::up_to(6, 4));
    assert_eq!(members.contests()[1].spec, ContestSpec::up_to(7, 5));
    let attendees = definition.ballot_style("attendees").unwrap();
    assert_eq!(attendees.contests().len(), 6);
    assert!(attendees
        .contests()
        .iter()
        .all(|c| c.spec == ContestSpec::exactly_one(3)));
    assert!(definition.ballot_style("nobody").is_none());

    let q = definition.question(ContestIndex(3)).unwrap();
    assert_eq!(q.contest, "secretary-trust");
    assert_eq!(q.subject.as_ref().unwrap().id, "zhang-wei");
    let meanings: Vec<&OptionMeaning> = q.options.iter().map(|o| &o.meaning).collect();
    assert_eq!(
        meanings,
        [
            &OptionMeaning::Trust,
            &OptionMeaning::NoTrust,
            &OptionMeaning::Abstain
        ]
    );
    assert_eq!(q.options[0].label.zh, "信任");
    let q = definition.question(ContestIndex(7)).unwrap();
    assert_eq!(
        q.options[0].meaning,
        OptionMeaning::Candidate("sun-li".into())
    );
    assert_eq!(q.options[0].label.zh, "孙丽");
    assert!(definition.question(ContestIndex(8)).is_none());
}

#[test]
fn evaluation_questions_follow_the_scale() {
    let definition = example("xinzhou");
    assert_eq!(definition.questions().len(), 5);
    for style in ["members", "village-representatives"] {
        let style = definition.ballot_style(style).unwrap();
        assert_eq!(style.contests().len(), 5);
        assert!(style
            .contests()
            .iter()
            .all(|c| c.spec == ContestSpec::exactly_one(3)));
    }
    let q = definition.question(ContestIndex(4)).unwrap();
    assert_eq!(q.subject.as_ref().unwrap().id, "deng-wei");
    assert_eq!(
        q.options[2].meaning,
        OptionMeaning::Rating("not-competent".into())
    );
    assert_eq!(q.options[2].label.zh, "不称职");
}

#[test]
fn the_pingchang_rounds_chain() {
    let rounds: Vec<ElectionDefinition> = (1..=3)
        .map(|n| example(&format!("pingchang-round{n}")))
        .collect();
    let outcomes: Vec<_> = (1..=3)
        .map(|n| example_outcome(&format!("pingchang-round{n}")))
        .collect();
    let supplied: Vec<_> = rounds
        .iter()
        .cloned()
        .zip(outcomes.iter().cloned())
        .collect();
    check_round_chain(&rounds[0], &[]).unwrap();
    check_round_chain(&rounds[1], &supplied[..1]).unwrap();
    check_round_chain(&rounds[2], &supplied[..2]).unwrap();
    // The order in which earlier rounds are supplied does not matter.
    let reversed: Vec<_> = supplied[..2].iter().rev().cloned().collect();
    check_round_chain(&rounds[2], &reversed).unwrap();

    assert_eq!(
        outcomes[0].contest("secretary").unwrap().elected(),
        ["li-jianguo"]
    );
    assert_eq!(
        outcomes[1].contest("deputy-secretary").unwrap().elected(),
        ["chen-wen"]
    );
    assert_eq!(
        outcomes[2].contest("member").unwrap().elected(),
        ["zhang-xiulan", "liu-hong", "yang-fan"]
    );
}

#[test]
fn the_recommendation_meeting_keeps_the_plans_registrants() {
    let outcome = example_outcome("pingchang-recommendation");
    let plan = &example("pingchang-round1")
        .document()
        .round
        .clone()
        .unwrap()
        .plan;
    for post in &plan.posts {
        let mut kept: Vec<&str> = outcome.contest(&post.id).unwrap().kept();
        kept.sort_unstable();
        let mut applicants: Vec<&str> = plan
            .registrants
            .iter()
            .filter(|r| r.posts.contains(&post.id))
            .map(|r| r.id.as_str())
            .collect();
        applicants.sort_unstable();
        assert_eq!(kept, applicants, "{}", post.id);
    }
}
