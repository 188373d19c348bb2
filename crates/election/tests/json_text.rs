//! What the protocol's JSON readers refuse: a field an object does not list, anywhere
//! (`spec/protocol.md` §2.5 and the "unknown fields are refused" of every section), and a
//! hexadecimal value with a digit written as a JSON escape sequence (`spec/protocol.md`
//! §2.5). Each case first checks that the untouched text parses, so that the refusal is
//! the change's doing.
#![allow(clippy::unwrap_used)]

// The one ceremony runner of the test kit (crates/testkit), included by path: this crate's
// own tests cannot depend on the kit, which depends on this crate. Each test uses part of it.
#[path = "../../testkit/src/ceremony.rs"]
#[allow(dead_code)]
mod common;

use common::*;
use curve25519_dalek::scalar::Scalar;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use zhixuan_election::*;
use zhixuan_tally::*;

/// The JSON text of `value` with `"extra": 1` added to the object at `pointer`.
fn with_extra_field<T: Serialize>(value: &T, pointer: &str) -> String {
    let mut json = serde_json::to_value(value).unwrap();
    let target = json
        .pointer_mut(pointer)
        .unwrap_or_else(|| panic!("no object at {pointer}"));
    target
        .as_object_mut()
        .unwrap_or_else(|| panic!("{pointer} is not an object"))
        .insert("extra".into(), Value::from(1));
    json.to_string()
}

/// `value` parses back from its text, and refuses an extra field in each object named.
fn refuses_extra_fields<T: Serialize + DeserializeOwned + PartialEq + core::fmt::Debug>(
    what: &str,
    value: &T,
    pointers: &[&str],
) {
    let text = serde_json::to_string(value).unwrap();
    assert_eq!(&serde_json::from_str::<T>(&text).unwrap(), value, "{what}");
    for pointer in pointers {
        let tampered = with_extra_field(value, pointer);
        let error = serde_json::from_str::<T>(&tampered)
            .map(|_| ())
            .expect_err(&format!(
                "{what}: an unknown field at `{pointer}` was accepted"
            ));
        assert!(
            error.to_string().contains("unknown field `extra`"),
            "{what} at `{pointer}`: {error}"
        );
    }
}

#[test]
fn unknown_fields_are_refused_in_every_protocol_object() {
    let setup = ceremony(election_hash(40), 2, 3);
    let (ballot, _) = cast(&setup, &style(), &[vec![1, 0, 0, 0, 1], vec![0, 1, 0]]);
    refuses_extra_fields(
        "ballot",
        &ballot,
        &[
            "",
            "/contests/0",
            "/contests/0/selections/0",
            "/contests/0/selections/0/ciphertext",
            "/contests/0/selections/0/proof/0",
            "/contests/1/total_proof/0",
            "/signature",
        ],
    );
    refuses_extra_fields("election context", setup.encryptor.context(), &[""]);
    refuses_extra_fields("ceremony parameters", &setup.params, &[""]);
    refuses_extra_fields("ceremony result", &setup.result, &[""]);

    let mut rng = rand::rng();
    let (params, mut trustees) = trustees(election_hash(41), 2, 3);
    let mut dealings: Vec<Dealing> = trustees.iter().map(|t| t.dealing(&mut rng)).collect();
    refuses_extra_fields("dealing", &dealings[0], &["", "/proof", "/shares/0"]);
    // Trustee 3 sends trustee 1 a wrong share, which draws a complaint.
    dealings[2].shares[0].masked_share += Scalar::ONE;
    let complaint = trustees[0]
        .receive(&dealings[2], &mut rng)
        .unwrap()
        .unwrap();
    assert_eq!(
        complaint.verify(&params, &dealings[2]).unwrap(),
        ComplaintVerdict::DealerAtFault
    );
    refuses_extra_fields("complaint", &complaint, &["", "/proof"]);

    let mut tally = TallyAccumulator::new(&style());
    tally
        .add(
            &ballot
                .clone()
                .verify(setup.encryptor.context(), &style())
                .unwrap(),
            1,
        )
        .unwrap();
    let tally = tally.finish();
    refuses_extra_fields(
        "encrypted tally",
        &tally,
        &["", "/contests/0", "/contests/0/options/0"],
    );
    let partial = setup.shares[0].decrypt(&setup.params.election, &tally.ciphertexts(), &mut rng);
    refuses_extra_fields(
        "partial decryption",
        &partial,
        &["", "/shares/0", "/shares/0/proof"],
    );
}

#[test]
fn unknown_fields_are_refused_in_counts_and_outcomes() {
    let counts: Counts = serde_json::from_str(include_str!(
        "../../../examples/nanjing-assembly.counts.json"
    ))
    .unwrap();
    refuses_extra_fields(
        "counts",
        &counts,
        &["", "/groups/0", "/groups/0/questions/0"],
    );
    let outcome: Outcome = serde_json::from_str(include_str!(
        "../../../examples/nanjing-assembly.outcome.json"
    ))
    .unwrap();
    refuses_extra_fields(
        "outcome",
        &outcome,
        &[
            "",
            "/groups/0",
            "/groups/0/findings/0",
            "/contests/0",
            "/contests/0/totals/votes",
            "/contests/0/totals/votes/ranking/0",
            "/contests/0/findings/0",
        ],
    );
    let evaluation: Outcome =
        serde_json::from_str(include_str!("../../../examples/nanning.outcome.json")).unwrap();
    let pointer = (0..evaluation.contests.len())
        .find(|&c| {
            matches!(
                evaluation.contests[c].totals,
                ContestTotals::Evaluation { .. }
            )
        })
        .map(|c| format!("/contests/{c}"))
        .unwrap();
    refuses_extra_fields(
        "evaluation outcome",
        &evaluation,
        &[
            &format!("{pointer}/totals/evaluation"),
            &format!("{pointer}/totals/evaluation/officials/0"),
            &format!("{pointer}/totals/evaluation/officials/0/groups/0"),
            &format!("{pointer}/findings/0"),
            &format!("{pointer}/findings/0/groups/0"),
        ],
    );
}

/// `text` with the first character of the first occurrence of the hex string `value`
/// written as a JSON escape, `\u00XX`: the same JSON string, spelled differently.
fn escape_first_digit(text: &str, value: &str) -> String {
    assert!(value.len() == 64 && text.contains(&format!("\"{value}\"")));
    let escaped = format!("\"\\u{:04x}{}\"", value.as_bytes()[0], &value[1..]);
    let tampered = text.replacen(&format!("\"{value}\""), &escaped, 1);
    let original: Value = serde_json::from_str(text).unwrap();
    let spelled: Value = serde_json::from_str(&tampered).unwrap();
    assert_eq!(original, spelled, "the escape must not change the value");
    tampered
}

fn refuses_escaped<T: DeserializeOwned>(what: &str, text: &str, value: &str) {
    assert!(
        serde_json::from_str::<T>(text).is_ok(),
        "{what}: the plain text parses"
    );
    let tampered = escape_first_digit(text, value);
    for error in [
        serde_json::from_str::<T>(&tampered)
            .map(|_| ())
            .unwrap_err(),
        serde_json::from_slice::<T>(tampered.as_bytes())
            .map(|_| ())
            .unwrap_err(),
    ] {
        assert!(
            error.to_string().contains("without escape sequences"),
            "{what}: {error}"
        );
    }
}

#[test]
fn a_hex_value_with_an_escaped_digit_is_refused() {
    let setup = ceremony(election_hash(42), 1, 1);
    let (ballot, credential) = cast(&setup, &style(), &[vec![0, 0, 0, 0, 0], vec![1, 0, 0]]);
    let text = serde_json::to_string(&ballot).unwrap();
    let selection = &ballot.contests[0].selections[0];
    // A hash, a credential, a point in a ciphertext, a point and a scalar in a range
    // proof, and the signature's scalar.
    for (what, value) in [
        ("election hash", ballot.election.to_string()),
        ("credential", credential.public().to_string()),
        ("ciphertext point", selection.ciphertext.a.to_string()),
        (
            "range proof point",
            selection.proof.branches[0].commitment_a.to_string(),
        ),
        (
            "range proof scalar",
            hex::encode(selection.proof.branches[0].challenge.as_bytes()),
        ),
        (
            "signature scalar",
            hex::encode(ballot.signature.response.as_bytes()),
        ),
    ] {
        refuses_escaped::<Ballot>(what, &text, &value);
    }
    // Every other spelling is still one value: an escape outside hex is only JSON.
    let spaced = text.replacen("\"election\"", "\"\\u0065lection\"", 1);
    assert_eq!(serde_json::from_str::<Ballot>(&spaced).unwrap(), ballot);
}

#[test]
fn hex_is_read_in_place_from_text_and_borrowed_values_only() {
    let setup = ceremony(election_hash(43), 1, 1);
    let (ballot, _) = cast(&setup, &style(), &[vec![0, 1, 0, 0, 0], vec![0, 0, 1]]);
    let value = serde_json::to_value(&ballot).unwrap();
    // A borrowed `Value` lends its strings, as the text does.
    assert_eq!(Ballot::deserialize(&value).unwrap(), ballot);
    // An owned `Value` or a reader hands over copies, which cannot show they were not
    // escaped.
    for error in [
        serde_json::from_value::<Ballot>(value)
            .map(|_| ())
            .unwrap_err(),
        serde_json::from_reader::<_, Ballot>(serde_json::to_vec(&ballot).unwrap().as_slice())
            .map(|_| ())
            .unwrap_err(),
    ] {
        assert!(
            error.to_string().contains("without escape sequences"),
            "{error}"
        );
    }
}
