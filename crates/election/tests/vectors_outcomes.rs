//! Known-answer vectors for the outcome rules and the encoding of counts and outcomes
//! (`spec/rules.md` §14–15): `spec/vectors/outcomes.json` (small elections whose outcomes
//! hold every finding and every kind of totals) and `spec/vectors/examples.json` (the
//! examples that `spec/definition.md` §4 and `spec/rules.md` §14 cite).
//!
//! Nothing here is random. Each test decides the outcomes with the code, requires the
//! committed file to be reproduced byte for byte (or writes it, with
//! `ZHIXUAN_WRITE_VECTORS=1`), and encodes every committed counts and outcome again with an
//! encoder written here from the tables of `spec/rules.md` §15, over the JSON alone.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod rules_support;

use std::collections::BTreeSet;
use std::path::PathBuf;

use rules_support::*;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use zhixuan_election::{decide, Counts, ElectionDefinition, Outcome};
use zhixuan_tally::Encode;

// The test kit's vector files, included by path: this crate's own tests cannot depend on
// the kit, which depends on this crate.
#[path = "../../testkit/src/vectors.rs"]
mod vectors;

/// The test kit's one `reproduce`, naming the command that rewrites these vectors.
fn write_or_compare(file: &str, generated: &impl Serialize) -> String {
    vectors::reproduce(
        file,
        generated,
        "cargo test -p zhixuan-election --test vectors_outcomes",
    )
}

// ---------------------------------------------------------------------------------------
// spec/rules.md §15, written from its tables, over JSON values
// ---------------------------------------------------------------------------------------

/// The field types of the tables.
#[derive(Clone, Copy)]
enum Ty {
    U64,
    Str,
    Hash,
    Bool,
    Fraction,
    Seq(&'static Ty),
    Struct(&'static [(&'static str, Ty)]),
    /// A name from a list, encoded as its position.
    Named(&'static [&'static str]),
    /// Absent (or null) as `u64(0)`, else `u64(1)` and the value.
    Opt(&'static Ty),
}

const STANDING: &[(&str, Ty)] = &[
    ("candidate", Ty::Str),
    ("votes", Ty::U64),
    ("rank", Ty::U64),
];
const TRUST_TOTALS: &[(&str, Ty)] = &[
    ("candidate", Ty::Str),
    ("trust", Ty::U64),
    ("no_trust", Ty::U64),
    ("abstain", Ty::U64),
];
const GROUP_RATINGS: &[(&str, Ty)] = &[("group", Ty::Str), ("levels", Ty::Seq(&Ty::U64))];
const RATING_TOTALS: &[(&str, Ty)] = &[
    ("official", Ty::Str),
    ("groups", Ty::Seq(&Ty::Struct(GROUP_RATINGS))),
];
const GROUP_RATES: &[(&str, Ty)] = &[
    ("group", Ty::Str),
    ("satisfaction", Ty::Fraction),
    ("score", Ty::Fraction),
];
const RULES: &[&str] = &[
    "quorum",
    "present-minimum",
    "no-ballots",
    "majority",
    "seat-order",
    "tie",
    "trust-threshold",
    "funnel",
    "funnel-competition",
    "rating",
    "verdict",
    "consecutive-verdicts",
    "recall",
    "trust-share",
    "attendance",
];
const VERDICTS: &[&str] = &["competent", "not_competent"];

/// `ContestTotals`, by number.
const TOTALS: &[(&str, &[(&str, Ty)])] = &[
    (
        "votes",
        &[
            ("ballots", Ty::U64),
            ("ranking", Ty::Seq(&Ty::Struct(STANDING))),
        ],
    ),
    (
        "trust",
        &[
            ("ballots", Ty::U64),
            ("candidates", Ty::Seq(&Ty::Struct(TRUST_TOTALS))),
        ],
    ),
    (
        "evaluation",
        &[("officials", Ty::Seq(&Ty::Struct(RATING_TOTALS)))],
    ),
    (
        "recall",
        &[
            ("ballots", Ty::U64),
            ("eligible", Ty::U64),
            ("yes", Ty::U64),
            ("no", Ty::U64),
            ("abstain", Ty::U64),
        ],
    ),
];

/// `Fact`, by number.
const FACTS: &[(&str, &[(&str, Ty)])] = &[
    (
        "quorum",
        &[
            ("cast", Ty::U64),
            ("eligible", Ty::U64),
            ("at_least", Ty::Fraction),
            ("needed", Ty::U64),
            ("met", Ty::Bool),
        ],
    ),
    (
        "present_minimum",
        &[("cast", Ty::U64), ("at_least", Ty::U64), ("met", Ty::Bool)],
    ),
    ("no_ballots", &[]),
    ("no_result", &[("group", Ty::Str)]),
    ("undecidable", &[("depends_on", Ty::Str)]),
    (
        "elected",
        &[
            ("candidate", Ty::Str),
            ("votes", Ty::U64),
            ("needed", Ty::U64),
        ],
    ),
    (
        "no_majority",
        &[
            ("candidate", Ty::Str),
            ("votes", Ty::U64),
            ("needed", Ty::U64),
        ],
    ),
    (
        "seats_filled",
        &[("candidate", Ty::Str), ("votes", Ty::U64)],
    ),
    ("open_seats", &[("seats", Ty::U64)]),
    (
        "tie",
        &[
            ("candidates", Ty::Seq(&Ty::Str)),
            ("votes", Ty::U64),
            ("places", Ty::U64),
        ],
    ),
    (
        "trust",
        &[
            ("candidate", Ty::Str),
            ("trust", Ty::U64),
            ("ballots", Ty::U64),
            ("needed", Ty::U64),
            ("kept", Ty::Bool),
        ],
    ),
    (
        "eliminated_by_trust",
        &[("candidate", Ty::Str), ("trust_contest", Ty::Str)],
    ),
    ("kept", &[("candidate", Ty::Str), ("votes", Ty::U64)]),
    ("eliminated", &[("candidate", Ty::Str), ("votes", Ty::U64)]),
    (
        "no_competition",
        &[("remaining", Ty::U64), ("seats", Ty::U64)],
    ),
    (
        "rated",
        &[
            ("official", Ty::Str),
            ("satisfaction", Ty::Fraction),
            ("score", Ty::Fraction),
            ("groups", Ty::Seq(&Ty::Struct(GROUP_RATES))),
        ],
    ),
    (
        "verdict",
        &[
            ("official", Ty::Str),
            ("share", Ty::Fraction),
            ("more_than", Ty::Fraction),
            ("verdict", Ty::Named(VERDICTS)),
        ],
    ),
    (
        "flagged",
        &[("official", Ty::Str), ("previous_election", Ty::Str)],
    ),
    (
        "recall",
        &[
            ("official", Ty::Str),
            ("yes", Ty::U64),
            ("eligible", Ty::U64),
            ("needed", Ty::U64),
            ("recalled", Ty::Bool),
        ],
    ),
    ("short_list", &[("remaining", Ty::U64), ("keep", Ty::U64)]),
    (
        "trust_share",
        &[
            ("candidate", Ty::Str),
            ("trust", Ty::U64),
            ("ballots", Ty::U64),
            ("share", Ty::Fraction),
        ],
    ),
    ("attendance", &[("present", Ty::U64), ("cast", Ty::U64)]),
];

struct SpecEncoder(Vec<u8>);

impl SpecEncoder {
    fn u64(&mut self, n: u64) {
        self.0.extend_from_slice(&n.to_le_bytes());
    }

    fn str(&mut self, s: &str) {
        self.u64(s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
    }

    fn value(&mut self, ty: Ty, v: &Value) {
        match ty {
            Ty::U64 => self.u64(v.as_u64().unwrap()),
            Ty::Str => self.str(v.as_str().unwrap()),
            Ty::Hash => self
                .0
                .extend_from_slice(&hex::decode(v.as_str().unwrap()).unwrap()),
            Ty::Bool => self.u64(u64::from(v.as_bool().unwrap())),
            Ty::Fraction => {
                let (num, den) = v.as_str().unwrap().split_once('/').unwrap();
                self.u64(num.parse().unwrap());
                self.u64(den.parse().unwrap());
            }
            Ty::Seq(element) => {
                let items = v.as_array().unwrap();
                self.u64(items.len() as u64);
                for item in items {
                    self.value(*element, item);
                }
            }
            Ty::Struct(fields) => self.fields(fields, v),
            Ty::Named(names) => {
                let name = v.as_str().unwrap();
                self.u64(names.iter().position(|n| *n == name).unwrap() as u64);
            }
            Ty::Opt(inner) => {
                if v.is_null() {
                    self.u64(0);
                } else {
                    self.u64(1);
                    self.value(*inner, v);
                }
            }
        }
    }

    /// The listed fields in order (an optional one may be absent); the object must have no
    /// others.
    fn fields(&mut self, fields: &[(&str, Ty)], v: &Value) {
        let object = v.as_object().unwrap();
        for (name, ty) in fields {
            self.value(*ty, object.get(*name).unwrap_or(&Value::Null));
        }
        assert!(
            object
                .keys()
                .all(|k| fields.iter().any(|(name, _)| name == k)),
            "unlisted fields in {v}"
        );
    }

    /// An enumeration written as an object with one field, the variant's name.
    fn external(&mut self, variants: &[(&str, &[(&str, Ty)])], v: &Value) {
        let object = v.as_object().unwrap();
        assert_eq!(object.len(), 1);
        let (name, body) = object.iter().next().unwrap();
        let n = variants.iter().position(|(n, _)| n == name).unwrap();
        self.u64(n as u64);
        self.fields(variants[n].1, body);
    }

    /// A finding: `rule`, then the fact named by `finding`, its fields beside them.
    fn finding(&mut self, v: &Value) {
        let object = v.as_object().unwrap();
        self.value(Ty::Named(RULES), &object["rule"]);
        let name = object["finding"].as_str().unwrap();
        let n = FACTS.iter().position(|(n, _)| *n == name).unwrap();
        self.u64(n as u64);
        let mut rest = object.clone();
        rest.remove("rule");
        rest.remove("finding");
        self.fields(FACTS[n].1, &Value::Object(rest));
    }

    fn findings(&mut self, v: &Value) {
        let items = v.as_array().unwrap();
        self.u64(items.len() as u64);
        for item in items {
            self.finding(item);
        }
    }
}

const QUESTION_COUNTS: &[(&str, Ty)] = &[("question", Ty::U64), ("options", Ty::Seq(&Ty::U64))];
const GROUP_COUNTS: &[(&str, Ty)] = &[
    ("group", Ty::Str),
    ("ballots_cast", Ty::U64),
    ("present", Ty::Opt(&Ty::U64)),
    ("questions", Ty::Seq(&Ty::Struct(QUESTION_COUNTS))),
];

fn spec_counts(v: &Value) -> Vec<u8> {
    let mut e = SpecEncoder(Vec::new());
    e.fields(&[("groups", Ty::Seq(&Ty::Struct(GROUP_COUNTS)))], v);
    e.0
}

fn spec_outcome(v: &Value) -> Vec<u8> {
    let mut e = SpecEncoder(Vec::new());
    let o = v.as_object().unwrap();
    assert_eq!(o.len(), 4);
    e.value(Ty::Str, &o["election_id"]);
    e.value(Ty::Hash, &o["definition_hash"]);
    let groups = o["groups"].as_array().unwrap();
    e.u64(groups.len() as u64);
    for g in groups {
        let g = g.as_object().unwrap();
        assert_eq!(g.len(), 5);
        e.value(Ty::Str, &g["group"]);
        e.value(Ty::U64, &g["eligible"]);
        e.value(Ty::U64, &g["ballots_cast"]);
        e.value(Ty::Bool, &g["valid"]);
        e.findings(&g["findings"]);
    }
    let contests = o["contests"].as_array().unwrap();
    e.u64(contests.len() as u64);
    for c in contests {
        let c = c.as_object().unwrap();
        assert_eq!(c.len(), 4);
        e.value(Ty::Str, &c["contest"]);
        e.value(Ty::Bool, &c["decided"]);
        e.external(TOTALS, &c["totals"]);
        e.findings(&c["findings"]);
    }
    e.0
}

// ---------------------------------------------------------------------------------------
// The vectors
// ---------------------------------------------------------------------------------------

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Encoded {
    counts: Value,
    counts_encoding: String,
    outcome: Value,
    outcome_encoding: String,
}

impl Encoded {
    fn new(counts: &Counts, outcome: &Outcome) -> Self {
        Self {
            counts: serde_json::to_value(counts).unwrap(),
            counts_encoding: hex::encode(counts.to_canonical_bytes()),
            outcome: serde_json::to_value(outcome).unwrap(),
            outcome_encoding: hex::encode(outcome.to_canonical_bytes()),
        }
    }

    /// The committed encodings are the spec encoder's, and the code's of the parsed values.
    fn check(&self, what: &str) {
        assert_eq!(
            hex::encode(spec_counts(&self.counts)),
            self.counts_encoding,
            "{what}"
        );
        assert_eq!(
            hex::encode(spec_outcome(&self.outcome)),
            self.outcome_encoding,
            "{what}"
        );
        let counts = Counts::deserialize(&self.counts).unwrap();
        let outcome = Outcome::deserialize(&self.outcome).unwrap();
        assert_eq!(
            hex::encode(counts.to_canonical_bytes()),
            self.counts_encoding
        );
        assert_eq!(
            hex::encode(outcome.to_canonical_bytes()),
            self.outcome_encoding
        );
    }

    fn facts(&self) -> impl Iterator<Item = String> + '_ {
        let groups = self.outcome["groups"].as_array().unwrap().iter();
        let contests = self.outcome["contests"].as_array().unwrap().iter();
        groups
            .chain(contests)
            .flat_map(|x| x["findings"].as_array().unwrap().iter())
            .map(|f| f["finding"].as_str().unwrap().to_owned())
    }

    fn totals(&self) -> impl Iterator<Item = String> + '_ {
        self.outcome["contests"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|c| c["totals"].as_object().unwrap().keys().cloned())
    }
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct OutcomeCase {
    name: String,
    description: String,
    definition: Value,
    definition_hash: String,
    #[serde(flatten)]
    encoded: Encoded,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct OutcomesVector {
    description: String,
    cases: Vec<OutcomeCase>,
}

fn case(
    name: &str,
    description: &str,
    definition: &ElectionDefinition,
    rows: &[(u64, Vec<Vec<u64>>)],
) -> OutcomeCase {
    let counts = counts(definition, rows);
    let outcome = decide(definition, &counts, &[]).unwrap();
    OutcomeCase {
        name: name.into(),
        description: description.into(),
        definition: serde_json::to_value(definition.document()).unwrap(),
        definition_hash: definition.hash().to_string(),
        encoded: Encoded::new(&counts, &outcome),
    }
}

fn township(candidates: &[&str], seats: u32) -> ElectionDefinition {
    build(&single_group(
        320,
        Some("4/5"),
        json!([competitive("post", candidates, seats, "1/2")]),
    ))
}

fn trust_rows(cast: u64, trust: &[u64]) -> Vec<Vec<u64>> {
    trust.iter().map(|&t| vec![t, cast - t]).collect()
}

fn outcomes_vector() -> OutcomesVector {
    let recall = build(&single_group(
        320,
        None,
        json!([{"id": "recall", "title": {"zh": "罢免", "en": "Recall"},
                "kind": {"recall": {"official": person("x"), "abstain": true, "yes_more_than": "1/2"}}}]),
    ));
    let nobody = build(&single_group(
        10,
        None,
        json!([competitive("post", &["a", "b"], 1, "1/2")]),
    ));
    OutcomesVector {
        description: "Outcomes (spec/rules.md) of small elections that between them hold every finding the examples do not (tie, seats_filled, open_seats, recall, no_result, no_ballots, undecidable, no_competition) and the recall totals: each with its definition, its hash, the counts, the outcome decide gives, and the canonical encodings of counts and outcome (spec/rules.md §15)".into(),
        cases: vec![
            case("tie", "3 seats of 5, more than half of 300 needed: c and d tie at 170 for the last seat", &township(&["a", "b", "c", "d", "e"], 3), &[(300, vec![vec![200, 180, 170, 170, 60]])]),
            case("seats-filled", "2 seats of 4: c has a majority, but both seats went to candidates with more votes", &township(&["a", "b", "c", "d"], 2), &[(300, vec![vec![200, 190, 160, 50]])]),
            case("open-seats", "2 seats of 3: only a reaches a majority; b and c tie below it, which is an open seat, not a tie", &township(&["a", "b", "c"], 2), &[(300, vec![vec![200, 150, 150]])]),
            case("quorum-failed", "the group's 4/5 quorum is missed (255 of 320): the contest has no result", &township(&["a", "b"], 1), &[(255, vec![vec![200, 55]])]),
            case("no-ballots", "the group cast no ballot: no_ballots, and the contest has no result", &nobody, &[(0, vec![vec![0, 0]])]),
            case("recall", "yes must be more than half of all 320 eligible: 160 is not", &recall, &[(300, vec![vec![160, 130, 10]])]),
            case("no-competition", "only a passes the trust vote: the funnel leaves one candidate for one seat", &nanjing_like(None), &[(200, vec![vec![150, 120, 60, 60, 10]]), (100, trust_rows(100, &[90, 40, 30, 20, 10]))]),
            case("undecidable", "the trust vote's group misses its quorum, so the funnel that depends on it is undecidable", &nanjing_like(Some("4/5")), &[(200, vec![vec![150, 120, 60, 60, 10]]), (79, trust_rows(79, &[70, 60, 30, 20, 10]))]),
        ],
    }
}

#[test]
fn outcomes_vector_is_reproduced_and_encodes_as_the_spec_says() {
    let text = write_or_compare("outcomes.json", &outcomes_vector());
    let v: OutcomesVector = serde_json::from_str(&text).unwrap();
    let mut facts = BTreeSet::new();
    let mut totals = BTreeSet::new();
    for c in &v.cases {
        c.encoded.check(&c.name);
        // The committed definition decides the committed counts into the committed outcome.
        let definition = ElectionDefinition::from_json(&c.definition.to_string()).unwrap();
        assert_eq!(
            definition.hash().to_string(),
            c.definition_hash,
            "{}",
            c.name
        );
        let counts = Counts::deserialize(&c.encoded.counts).unwrap();
        let outcome = Outcome::deserialize(&c.encoded.outcome).unwrap();
        assert_eq!(
            decide(&definition, &counts, &[]).unwrap(),
            outcome,
            "{}",
            c.name
        );
        facts.extend(c.encoded.facts());
        totals.extend(c.encoded.totals());
    }
    for kind in [
        "tie",
        "seats_filled",
        "open_seats",
        "recall",
        "no_result",
        "no_ballots",
        "undecidable",
        "no_competition",
    ] {
        assert!(facts.contains(kind), "no case has a `{kind}` finding");
    }
    assert!(totals.contains("recall"));
}

// ---------------------------------------------------------------------------------------
// The examples
// ---------------------------------------------------------------------------------------

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExampleCase {
    /// The definition, `examples/<name>.json`; its counts and outcome are
    /// `examples/<name>.counts.json` and `.outcome.json`.
    name: String,
    definition_hash: String,
    /// The outcomes of earlier examples `decide` is given (an evaluation's previous year).
    earlier: Vec<String>,
    #[serde(flatten)]
    encoded: Encoded,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExamplesVector {
    description: String,
    examples: Vec<ExampleCase>,
}

const EXAMPLES: &[(&str, &[&str])] = &[
    ("nanjing-recommendation", &[]),
    ("nanjing-recommendation-xuanwu", &[]),
    ("nanjing-assembly", &[]),
    ("pingchang-recommendation", &[]),
    ("pingchang-round1", &[]),
    ("pingchang-round2", &[]),
    ("pingchang-round3", &[]),
    ("pingchang-recall", &[]),
    ("xinzhou-2023", &[]),
    ("xinzhou", &["xinzhou-2023"]),
    ("nanning", &[]),
];

fn examples_vector() -> ExamplesVector {
    let examples = EXAMPLES
        .iter()
        .map(|(name, earlier)| {
            let definition = example(name);
            let counts = example_counts(name);
            let given: Vec<Outcome> = earlier.iter().map(|e| example_outcome(e)).collect();
            let outcome = decide(&definition, &counts, &given).unwrap();
            assert_eq!(
                outcome,
                example_outcome(name),
                "examples/{name}.outcome.json"
            );
            ExampleCase {
                name: (*name).into(),
                definition_hash: definition.hash().to_string(),
                earlier: earlier.iter().map(|e| (*e).to_owned()).collect(),
                encoded: Encoded::new(&counts, &outcome),
            }
        })
        .collect();
    ExamplesVector {
        description: "The examples that spec/definition.md §4 and spec/rules.md §14 cite (examples/<name>.json, .counts.json, .outcome.json): each definition's hash, the outcomes of earlier examples decide is given, and the counts and outcome with their canonical encodings (spec/rules.md §15). The published result of each is encoded as counts_encoding ‖ outcome_encoding (spec/board.md §2.3)".into(),
        examples,
    }
}

/// The `examples/… <hash>` lines of `spec/definition.md` §4.
fn hashes_in_definition_md() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../spec/definition.md"),
    )
    .unwrap();
    text.lines()
        .filter_map(|line| {
            let (file, hash) = line.split_once(char::is_whitespace)?;
            let name = file.strip_prefix("examples/")?.strip_suffix(".json")?;
            Some((name.to_owned(), hash.trim().to_owned()))
        })
        .filter(|(_, hash)| hash.len() == 64)
        .collect()
}

#[test]
fn examples_vector_is_reproduced_and_agrees_with_the_spec() {
    let text = write_or_compare("examples.json", &examples_vector());
    let v: ExamplesVector = serde_json::from_str(&text).unwrap();
    for e in &v.examples {
        e.encoded.check(&e.name);
        // The committed JSON is the example files' content.
        assert_eq!(
            Counts::deserialize(&e.encoded.counts).unwrap(),
            example_counts(&e.name)
        );
        assert_eq!(
            Outcome::deserialize(&e.encoded.outcome).unwrap(),
            example_outcome(&e.name)
        );
    }
    let listed: Vec<(String, String)> = v
        .examples
        .iter()
        .map(|e| (e.name.clone(), e.definition_hash.clone()))
        .collect();
    assert_eq!(hashes_in_definition_md(), listed, "spec/definition.md §4");
    // spec/rules.md §15's worked finding.
    let tie =
        json!({"rule": "tie", "finding": "tie", "candidates": ["a", "b"], "votes": 7, "places": 1});
    let mut e = SpecEncoder(Vec::new());
    e.finding(&tie);
    let finding: zhixuan_election::Finding = serde::Deserialize::deserialize(&tie).unwrap();
    assert_eq!(e.0, finding.to_canonical_bytes());
    let mut expected = Vec::new();
    for n in [5u64, 9, 2, 1] {
        expected.extend_from_slice(&n.to_le_bytes());
    }
    expected.push(b'a');
    expected.extend_from_slice(&1u64.to_le_bytes());
    expected.push(b'b');
    expected.extend_from_slice(&7u64.to_le_bytes());
    expected.extend_from_slice(&1u64.to_le_bytes());
    assert_eq!(e.0, expected);
}
