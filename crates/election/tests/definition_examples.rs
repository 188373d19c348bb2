//! The example definitions: every one parses and validates, the hashes are the published
//! test vectors, the demonstration keys are what examples/README.md says, the decided
//! outcomes are the published ones, and the Pingchang rounds chain.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod rules_support;

use rules_support::*;
use sha2::{Digest, Sha256};
use zhixuan_election::{
    check_round_chain, decide, ElectionDefinition, Fact, OptionMeaning, Verdict,
    DEFINITION_HASH_DOMAIN,
};
use zhixuan_tally::{ContestIndex, ContestSpec, Encode, SigningKey};

const EXAMPLES: [&str; 11] = [
    "nanjing-recommendation",
    "nanjing-recommendation-xuanwu",
    "nanjing-assembly",
    "pingchang-recommendation",
    "pingchang-round1",
    "pingchang-round2",
    "pingchang-round3",
    "pingchang-recall",
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
        // Counts, outcomes and procedure plans (spec/procedure.md) are not definitions.
        if stem.ends_with(".counts") || stem.ends_with(".outcome") || stem.ends_with(".procedure") {
            continue;
        }
        ElectionDefinition::from_json(&example_text(&name))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(EXAMPLES.contains(&stem), "{name} is not listed in EXAMPLES");
        found += 1;
    }
    assert_eq!(found, EXAMPLES.len());
}

/// The test vectors of `spec/definition.md`: the hashes of the examples. An independent
/// implementation of the spec (a Python script written from spec/definition.md alone)
/// reproduced the earlier vectors; these follow the same encoding with the fields added
/// since (`cut`, `majority_of`, `if_not_elected`, an optional `trust_more_than`).
#[test]
fn definition_hashes_are_the_published_test_vectors() {
    let vectors = [
        (
            "nanjing-recommendation",
            "b84b047b4f75b18877ee91db1b70851717188f0bec6b7c534c00133cc5190342",
        ),
        (
            "nanjing-recommendation-xuanwu",
            "6636f333833be315ecc8e9f4f2265e2b94dd607e44b619cafe61439bef47053c",
        ),
        (
            "nanjing-assembly",
            "35d096036a2106a8de5d930351825c55e5cea6f80f505584e726726dc8c33368",
        ),
        (
            "pingchang-recommendation",
            "24b61a68092753b36d7a136614b0e07c8a2c7be46236b23777a2354de5de4fa7",
        ),
        (
            "pingchang-round1",
            "7d5bdfd8a7c284013f36e60ace4247d60309b1a2fc6f8b099e9e0e759765fbaf",
        ),
        (
            "pingchang-round2",
            "76b6b9b74cd5070305ad059a15bff16aad32c51a8718d7b65e75db1a807f4d8c",
        ),
        (
            "pingchang-round3",
            "181676ac485d5770c1eede80e4a142e1aa6e30509e2655d7a49512c78fab9eb7",
        ),
        (
            "pingchang-recall",
            "88e2b170ebcf54cd96cc0b6b514a3f6abe3da8383a01008caa2cc3d95d7172be",
        ),
        (
            "xinzhou-2023",
            "606b02e7f6a392747c5f31c3d023d80033927770512af85c2cdbe10929fa8233",
        ),
        (
            "xinzhou",
            "701165339a96e2a14808fc810c30887ac68569e8bf539fdc598018f5e2f35198",
        ),
        (
            "nanning",
            "f2f03cf80fbff257ee2ac772c12c5897f65f5cd88dab4c02b46b5847d5ccb560",
        ),
    ];
    for (name, hash) in vectors {
        assert_eq!(example(name).hash().to_string(), hash, "{name}");
    }
}

#[test]
fn the_hash_is_sha256_of_the_tagged_canonical_encoding() {
    let definition = example("nanjing-assembly");
    let bytes = definition.to_canonical_bytes();
    // The encoding starts with the version and the election id, as the spec lists.
    assert_eq!(&bytes[..8], &1u64.to_le_bytes());
    let id = b"nanjing-demo-community-2024-assembly";
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
    let text = example_text("nanjing-assembly.json");
    let original = example("nanjing-assembly");
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
    let definition = example("nanjing-recommendation");
    // Secretary recommendation: 1 question; its trust vote: 6 (one per registrant);
    // committee recommendation: 1; its trust vote: 9.
    assert_eq!(definition.questions().len(), 17);
    let members = definition.ballot_style("members").unwrap();
    let indices: Vec<u32> = members.contests().iter().map(|c| c.contest.0).collect();
    assert_eq!(indices, [0, 7]);
    assert_eq!(members.contests()[0].spec, ContestSpec::up_to(6, 4));
    assert_eq!(members.contests()[1].spec, ContestSpec::up_to(9, 7));
    let attendees = definition.ballot_style("attendees").unwrap();
    assert_eq!(attendees.contests().len(), 15);
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
    assert!(definition.question(ContestIndex(17)).is_none());

    // The assembly is its own election, on another day, with the members alone.
    let assembly = example("nanjing-assembly");
    assert_ne!(assembly.document().voting, definition.document().voting);
    let members = assembly.ballot_style("members").unwrap();
    assert_eq!(members.contests()[0].spec, ContestSpec::up_to(2, 1));
    assert_eq!(members.contests()[1].spec, ContestSpec::up_to(7, 5));
    assert_eq!(assembly.document().groups.len(), 1);
}

/// The recommendation meeting keeps at least 4 for secretary: the advisory trust vote
/// takes no one out, the tie at the cut keeps five; under Xuanwu's threshold only three
/// qualify, and the outcome says so. The assembly's candidates are the meeting's (its
/// 2 for secretary among the kept; its 7 for committee exactly the kept).
#[test]
fn the_nanjing_meeting_keeps_at_least_four_and_feeds_the_assembly() {
    let meeting = example_outcome("nanjing-recommendation");
    let secretary = meeting.contest("secretary-recommendation").unwrap();
    assert_eq!(
        secretary.kept(),
        ["wang-fang", "li-ming", "zhang-wei", "liu-yang", "chen-jing"]
    );
    assert!(!secretary.has_tie());
    let trust = meeting.contest("secretary-trust").unwrap();
    assert!(trust
        .findings
        .iter()
        .all(|f| matches!(f.fact, Fact::TrustShare { .. })));

    let xuanwu = example_outcome("nanjing-recommendation-xuanwu");
    let secretary = xuanwu.contest("secretary-recommendation").unwrap();
    assert_eq!(secretary.kept(), ["wang-fang", "li-ming", "liu-yang"]);
    assert!(secretary.findings.iter().any(|f| f.fact
        == Fact::ShortList {
            remaining: 3,
            keep: 4
        }));

    let assembly = example("nanjing-assembly");
    let kept_committee = meeting.contest("committee-recommendation").unwrap().kept();
    let candidates = |id: &str| -> Vec<String> {
        assembly
            .contest(id)
            .unwrap()
            .kind
            .people()
            .iter()
            .map(|p| p.id.clone())
            .collect()
    };
    assert_eq!(candidates("committee-election"), kept_committee);
    let kept_secretary = meeting.contest("secretary-recommendation").unwrap().kept();
    assert!(candidates("secretary-election")
        .iter()
        .all(|c| kept_secretary.contains(&c.as_str())));
    let outcome = example_outcome("nanjing-assembly");
    assert_eq!(
        outcome.contest("secretary-election").unwrap().elected(),
        ["wang-fang"]
    );
}

#[test]
fn evaluation_questions_follow_the_scale() {
    let definition = example("xinzhou");
    // The village party organisation, then the five officials.
    assert_eq!(definition.questions().len(), 6);
    for style in [
        "members",
        "village-representatives",
        "public-representatives",
        "invited",
    ] {
        let style = definition.ballot_style(style).unwrap();
        assert_eq!(style.contests().len(), 6);
        assert!(style
            .contests()
            .iter()
            .all(|c| c.spec == ContestSpec::exactly_one(3)));
    }
    let q = definition.question(ContestIndex(0)).unwrap();
    assert_eq!(q.subject.as_ref().unwrap().id, "village-party-branch");
    let q = definition.question(ContestIndex(5)).unwrap();
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

/// Pingchang's rules as the report states them: a majority of the members present
/// (以到会党员的过半数), and losers who may (可) stand again. Wang Zhigang lost round 1 and
/// does not stand again, so round 2 lists him no more; Zhang Xiulan and Liu Hong do, and
/// run in round 3.
#[test]
fn pingchang_counts_those_present_and_losers_opt_in() {
    let round3 = example_outcome("pingchang-round3");
    let members = round3.group("members").unwrap();
    assert_eq!(
        members.findings[0].fact,
        Fact::Attendance {
            present: 305,
            cast: 298
        }
    );
    // Jiang Bo's 151 votes are more than half of the 298 ballots, but not of the 305
    // present: the discipline committee keeps one seat open.
    let discipline = round3.contest("discipline-member").unwrap();
    assert_eq!(discipline.elected(), ["sun-hui", "tian-ye"]);
    assert_eq!(discipline.open_seats(), 1);
    assert!(discipline.findings.iter().any(|f| f.fact
        == Fact::NoMajority {
            candidate: "jiang-bo".into(),
            votes: 151,
            needed: 153
        }));

    let candidates = |name: &str, post: &str| -> Vec<String> {
        example(name)
            .contest(post)
            .unwrap()
            .kind
            .people()
            .iter()
            .map(|p| p.id.clone())
            .collect()
    };
    assert!(!candidates("pingchang-round2", "deputy-secretary").contains(&"wang-zhigang".into()));
    let members = candidates("pingchang-round3", "member");
    assert!(members.contains(&"zhang-xiulan".into()) && members.contains(&"liu-hong".into()));

    // The recommendation meeting has no quorum of its own: the report gives none.
    let meeting = example("pingchang-recommendation");
    assert!(meeting
        .document()
        .groups
        .iter()
        .all(|g| g.quorum_at_least.is_none()));
}

/// Xinzhou: 323 took part (the report's number), about five times the members and village
/// representatives together; the village party organisation is rated as well as each
/// official; Deng Wei is not competent two years running and flagged, Xu Dehua only once.
#[test]
fn xinzhou_rates_the_organisation_and_flags_two_years_running() {
    let outcome = example_outcome("xinzhou");
    let took_part: u64 = outcome.groups.iter().map(|g| g.ballots_cast).sum();
    assert_eq!(took_part, 323);
    let members_and_representatives: u64 = outcome
        .groups
        .iter()
        .filter(|g| g.group == "members" || g.group == "village-representatives")
        .map(|g| g.ballots_cast)
        .sum();
    assert!(took_part >= 4 * members_and_representatives);
    let organisation = outcome.contest("organisation").unwrap();
    assert_eq!(
        organisation.verdict("village-party-branch"),
        Some(Verdict::Competent)
    );
    let officials = outcome.contest("officials").unwrap();
    let flagged: Vec<&str> = officials
        .findings
        .iter()
        .filter_map(|f| match &f.fact {
            Fact::Flagged { official, .. } => Some(official.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(flagged, ["deng-wei"]);
    let earlier = example_outcome("xinzhou-2023");
    assert_eq!(
        earlier.contest("officials").unwrap().verdict("xu-dehua"),
        Some(Verdict::NotCompetent)
    );
    assert_eq!(officials.verdict("xu-dehua"), Some(Verdict::Competent));
}

/// Nanning: project owners rate as a group of their own, with a declared weight.
#[test]
fn nanning_has_project_owners_with_a_declared_weight() {
    let definition = example("nanning");
    let owners = definition.group("project-owners").unwrap();
    assert_eq!(owners.weight, Some(2));
    let outcome = example_outcome("nanning");
    assert_eq!(
        outcome
            .contest("section-chiefs")
            .unwrap()
            .verdict("lu-zhiqiang"),
        Some(Verdict::NotCompetent)
    );
}
