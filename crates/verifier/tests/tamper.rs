//! The tamper suite: from an honest record, one change at a time — by a dishonest board
//! that re-signs its checkpoint over whatever it now holds, by a dishonest organiser or
//! trustee who signs what they should not, or by damage to the file. Each must fail
//! verification at the step that answers for it, naming the item, and none may panic.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::sync::OnceLock;

use support::Verify;
use zhixuan_election::Fact;
use zhixuan_record::*;
use zhixuan_tally::TrusteeIndex;
use zhixuan_testkit::{
    audit_as_ballot, demo_key, example, example_counts, voter_signature, Finished, Record,
};
use zhixuan_verify::{verify_record, Lang, Options, Report, SavedCheckpoint, Status, Step};

/// The verifier's report on a record file, holding the board to the `saved` checkpoints.
fn verify_bytes(bytes: &[u8], saved: &[String]) -> Report {
    let options = Options {
        checkpoints: saved
            .iter()
            .enumerate()
            .map(|(i, text)| SavedCheckpoint {
                source: format!("saved-{i}"),
                text: text.clone(),
            })
            .collect(),
        ..Options::default()
    };
    verify_record(bytes, &options).unwrap()
}

/// Asserts that verification failed at `step` with a problem of `code`, at entry `index`
/// when the problem is with one entry.
#[track_caller]
fn expect(report: &Report, step: Step, code: &str, index: Option<u64>) {
    let text = report.render(Lang::En);
    assert!(!report.passed(), "the tampered record verified:\n{text}");
    // An outcome published in a record that fails is never read out as the election's.
    assert!(!text.contains("\nOutcome:\n"), "{text}");
    let s = report.step(step);
    assert_eq!(
        s.status,
        Status::Failed,
        "step {step:?} did not fail:\n{text}"
    );
    assert!(
        s.problems
            .iter()
            .any(|p| p.code == code && (index.is_none() || p.index == index)),
        "step {step:?} has no `{code}` problem at {index:?}:\n{text}"
    );
}

/// A small honest election up to the end of voting: 4 ballots per group of Xinzhou 2023.
fn voting() -> Record {
    Record::from_example("xinzhou-2023", 4)
}

/// The same election, concluded.
fn finished() -> Finished {
    let mut b = voting();
    b.conclude();
    b.finish()
}

/// Verifies the record `b` ends with, expecting its last entry to fail at `step` with `code`.
#[track_caller]
fn expect_last(b: Record, step: Step, code: &str) {
    let index = b.entries.len() as u64 - 1;
    expect(&b.finish().verify(), step, code, Some(index));
}

fn index_of(f: &Finished, kind: &str) -> usize {
    f.entries
        .iter()
        .position(|e| e.entry.kind() == kind)
        .unwrap()
}

fn ballot_mut(f: &mut Finished, nth: usize) -> (u64, &mut zhixuan_tally::Ballot) {
    let e = f
        .entries
        .iter_mut()
        .filter(|e| matches!(e.entry, Entry::Ballot(_)))
        .nth(nth)
        .unwrap();
    let index = e.index;
    let Entry::Ballot(b) = &mut e.entry else {
        unreachable!()
    };
    (index, b)
}

fn reindex(f: &mut Finished) {
    for (i, e) in f.entries.iter_mut().enumerate() {
        e.index = i as u64;
    }
}

#[test]
fn the_honest_base_verifies() {
    let report = finished().verify();
    assert!(report.complete(), "{}", report.render(Lang::En));
}

// Step 1: the record's form.

#[test]
fn a_truncated_file() {
    let bytes = finished().bytes();
    let cut = &bytes[..bytes.len() * 2 / 3];
    let report = verify_bytes(cut, &[]);
    expect(&report, Step::Record, "record_format", None);
}

#[test]
fn a_file_without_its_checkpoint() {
    let bytes = finished().bytes();
    let text = String::from_utf8(bytes).unwrap();
    let without: String = text
        .lines()
        .rev()
        .skip(1)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .map(|l| format!("{l}\n"))
        .collect();
    expect(
        &verify_bytes(without.as_bytes(), &[]),
        Step::Record,
        "record_format",
        None,
    );
}

#[test]
fn content_after_the_checkpoint() {
    let mut bytes = finished().bytes();
    bytes.extend_from_slice(b"{\"extra\":1}\n");
    expect(
        &verify_bytes(&bytes, &[]),
        Step::Record,
        "record_format",
        None,
    );
}

#[test]
fn a_non_canonical_point_encoding() {
    let mut f = finished();
    let text = String::from_utf8(f.bytes()).unwrap();
    // A ballot's credential key, replaced by the field element p (not canonical).
    let (_, ballot) = ballot_mut(&mut f, 0);
    let credential = serde_json::to_value(&ballot.credential).unwrap();
    let credential = credential.as_str().unwrap().to_owned();
    let p = "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f";
    let tampered = text.replacen(&credential, p, 2);
    assert_ne!(tampered, text);
    expect(
        &verify_bytes(tampered.as_bytes(), &[]),
        Step::Record,
        "record_format",
        None,
    );
}

/// `spec/protocol.md` §2.5: a hex digit written as a JSON escape. The leaves hash the
/// canonical encoding, so the board's checkpoint still covers the record: only the reader
/// can refuse it.
#[test]
fn a_hex_digit_written_as_an_escape() {
    let mut f = finished();
    let text = String::from_utf8(f.bytes()).unwrap();
    let (_, ballot) = ballot_mut(&mut f, 0);
    let point = ballot.contests[0].selections[0].ciphertext.a.to_string();
    let dealing = f
        .entries
        .iter()
        .find_map(|e| match &e.entry {
            Entry::Dealing(d) => Some(d.body.commitments[0].to_string()),
            _ => None,
        })
        .unwrap();
    for value in [point, dealing] {
        let quoted = format!("\"{value}\"");
        let escaped = format!("\"\\u{:04x}{}\"", value.as_bytes()[0], &value[1..]);
        let tampered = text.replacen(&quoted, &escaped, 1);
        assert_ne!(tampered, text);
        let report = verify_bytes(tampered.as_bytes(), &[]);
        expect(&report, Step::Record, "record_format", None);
        assert!(
            report.render(Lang::En).contains("escape"),
            "{}",
            report.render(Lang::En)
        );
    }
}

#[test]
fn entries_out_of_order() {
    let mut f = finished();
    let i = index_of(&f, "close_voting");
    f.entries.swap(i - 1, i);
    expect(&f.verify(), Step::Record, "record_format", None);
}

#[test]
fn a_header_for_another_election() {
    let f = finished();
    let mut header = f.header();
    header.election_id = "another-election".into();
    let bytes = f.bytes_with(&header, &f.checkpoint(f.entries.len() as u64));
    expect(
        &verify_bytes(&bytes, &[]),
        Step::Record,
        "election_mismatch",
        None,
    );
}

#[test]
fn a_forged_definition_signature() {
    let mut f = finished();
    let Entry::Definition(d) = &mut f.entries[0].entry else {
        unreachable!()
    };
    *d = Signed::sign(
        &demo_key("trustee-1"),
        &d.body.hash(),
        d.body.clone(),
        &mut rand::rng(),
    );
    expect(&f.verify(), Step::Record, "bad_signature", Some(0));
}

// Step 2: the board's checkpoints.

#[test]
fn an_entry_changed_without_re_signing() {
    let f = finished();
    let checkpoint = f.checkpoint(f.entries.len() as u64);
    let mut g = f.clone();
    g.entries[3].received_at += time::Duration::seconds(1);
    let bytes = g.bytes_with(&g.header(), &checkpoint);
    expect(
        &verify_bytes(&bytes, &[]),
        Step::Checkpoints,
        "root_mismatch",
        None,
    );
}

#[test]
fn a_checkpoint_signed_by_another_key() {
    let f = finished();
    let other = CheckpointSigner::new(
        "test.board".parse().unwrap(),
        SigningKey::from_bytes(&[9; 32]),
    );
    let tree = f.tree();
    let origin = Origin::for_election(&f.election_id).unwrap();
    let forged = other
        .sign(Checkpoint::new(origin, tree.len(), tree.root()).unwrap())
        .to_string();
    let bytes = f.bytes_with(&f.header(), &forged);
    expect(
        &verify_bytes(&bytes, &[]),
        Step::Checkpoints,
        "checkpoint",
        None,
    );
}

#[test]
fn history_rewritten_against_a_saved_checkpoint() {
    let f = finished();
    // A committee member saved the checkpoint when voting closed.
    let saved = f.checkpoint(index_of(&f, "close_voting") as u64 + 1);
    assert!(verify_bytes(&f.bytes(), std::slice::from_ref(&saved)).passed());
    // The board later changes when an early ballot arrived, and re-signs.
    let mut g = f.clone();
    let (i, _) = ballot_mut(&mut g, 0);
    g.entries[i as usize].received_at += time::Duration::seconds(1);
    let report = verify_bytes(&g.bytes(), &[saved]);
    expect(&report, Step::Checkpoints, "inconsistent_checkpoint", None);
    assert_eq!(
        report
            .steps
            .iter()
            .filter(|s| s.status == Status::Failed)
            .count(),
        1,
        "only the checkpoints can show this rewrite"
    );
}

#[test]
fn entries_removed_after_a_checkpoint_was_saved() {
    let f = finished();
    let saved = f.checkpoint(f.entries.len() as u64);
    let mut g = f.clone();
    g.entries.pop();
    expect(
        &verify_bytes(&g.bytes(), &[saved]),
        Step::Checkpoints,
        "truncated_log",
        None,
    );
}

// Step 3: the key ceremony.

#[test]
fn a_dealing_signed_by_another_trustee() {
    let mut f = finished();
    let i = index_of(&f, "dealing");
    let Entry::Dealing(d) = &mut f.entries[i].entry else {
        unreachable!()
    };
    *d = Signed::sign(
        &demo_key("trustee-2"),
        &f.definition.hash(),
        d.body.clone(),
        &mut rand::rng(),
    );
    expect(&f.verify(), Step::Ceremony, "bad_signature", Some(i as u64));
}

/// The outside review's attack (issue 14), stored by a board that did not check: trustee
/// 3's share for trustee 1 carries the ephemeral point and proof of trustee 2's share to
/// trustee 1, re-signed by trustee 3.
#[test]
fn a_dealing_with_a_copied_ephemeral_point() {
    let mut f = finished();
    let dealings: Vec<usize> = (0..f.entries.len())
        .filter(|&i| f.entries[i].entry.kind() == "dealing")
        .collect();
    let Entry::Dealing(victim) = &f.entries[dealings[1]].entry else {
        unreachable!()
    };
    let victim = victim.body.shares[0].clone();
    let i = dealings[2];
    let Entry::Dealing(d) = &mut f.entries[i].entry else {
        unreachable!()
    };
    let mut body = d.body.clone();
    assert_eq!(
        (
            body.dealer.0,
            body.shares[0].recipient.0,
            victim.recipient.0
        ),
        (3, 1, 1)
    );
    body.shares[0].ephemeral = victim.ephemeral;
    body.shares[0].proof = victim.proof;
    *d = Signed::sign(
        &demo_key("trustee-3"),
        &f.definition.hash(),
        body,
        &mut rand::rng(),
    );
    expect(
        &f.verify(),
        Step::Ceremony,
        "invalid_ceremony_message",
        Some(i as u64),
    );
}

/// A board that opened voting before a trustee answered a dealing (it could then never
/// complain about it): the last acknowledgement is removed from the record.
#[test]
fn voting_opened_before_a_dealing_was_answered() {
    let mut f = finished();
    let last = f
        .entries
        .iter()
        .rposition(|e| e.entry.kind() == "acknowledgement")
        .unwrap();
    f.entries.remove(last);
    reindex(&mut f);
    let open = index_of(&f, "open_voting");
    expect(
        &f.verify(),
        Step::Ceremony,
        "unanswered_dealing",
        Some(open as u64),
    );
}

#[test]
fn a_wrong_election_key() {
    let mut b = Record::new(example("xinzhou-2023"), &[]);
    b.setup();
    let mut f = b.finish();
    let i = index_of(&f, "open_voting");
    let Entry::OpenVoting(open) = &mut f.entries[i].entry else {
        unreachable!()
    };
    let other = zhixuan_tally::SigningKey::generate(&mut rand::rng());
    let mut body = open.body.clone();
    body.election_key =
        serde::Deserialize::deserialize(&serde_json::to_value(other.verifying_key()).unwrap())
            .unwrap();
    *open = Signed::sign(
        &demo_key("organiser"),
        &f.definition.hash(),
        body,
        &mut rand::rng(),
    );
    expect(
        &f.verify(),
        Step::Ceremony,
        "wrong_election_key",
        Some(i as u64),
    );
}

// Step 4: the credential lists.

#[test]
fn a_credential_list_published_twice() {
    let mut b = Record::new(example("xinzhou-2023"), &[]);
    let list = b.credential_list(0);
    b.apply(list.clone());
    b.push(list);
    expect_last(b, Step::Credentials, "duplicate_credential_list");
}

#[test]
fn a_credential_on_two_lists() {
    let mut b = Record::new(example("xinzhou-2023"), &[]);
    *b.credential_mut(1, 0) = b.credential(0, 0).clone();
    let first = b.credential_list(0);
    b.apply(first);
    let second = b.credential_list(1);
    b.push(second);
    expect_last(b, Step::Credentials, "credential_in_two_groups");
}

// Step 5: the ballots.

#[test]
fn a_changed_ballot_ciphertext() {
    let mut f = finished();
    let (i, b) = ballot_mut(&mut f, 2);
    let s = &mut b.contests[0].selections;
    s[0].ciphertext = s[1].ciphertext;
    expect(&f.verify(), Step::Ballots, "invalid_ballot", Some(i));
}

#[test]
fn a_swapped_proof() {
    let mut f = finished();
    let (i, b) = ballot_mut(&mut f, 1);
    let s = &mut b.contests[0].selections;
    let proof = s[0].proof.clone();
    s[0].proof = s[1].proof.clone();
    s[1].proof = proof;
    expect(&f.verify(), Step::Ballots, "invalid_ballot", Some(i));
}

#[test]
fn a_ballot_copied_under_another_credential() {
    let mut f = finished();
    let (_, other) = ballot_mut(&mut f, 1);
    let credential = other.credential.clone();
    let (i, b) = ballot_mut(&mut f, 0);
    b.credential = credential;
    expect(&f.verify(), Step::Ballots, "invalid_ballot", Some(i));
}

#[test]
fn a_duplicated_ballot() {
    let mut b = voting();
    let ballot = b.cast(0, &b.choices(0));
    b.push(Entry::Ballot(ballot));
    expect_last(b, Step::Ballots, "duplicate_ballot");
}

#[test]
fn a_second_ballot_from_one_credential() {
    let mut b = voting();
    let choices = b.choices(0);
    b.cast(0, &choices);
    b.used[0] -= 1;
    let (again, _) = b.ballot(0, &choices);
    b.push(Entry::Ballot(again));
    expect_last(b, Step::Ballots, "already_voted");
}

#[test]
fn a_ballot_from_an_unlisted_credential() {
    let mut b = voting();
    let g = 0;
    let next = b.used[g];
    *b.credential_mut(g, next) = zhixuan_tally::CredentialSecret::generate(&mut rand::rng());
    let (ballot, _) = b.ballot(g, &b.choices(g));
    b.push(Entry::Ballot(ballot));
    expect_last(b, Step::Ballots, "unknown_credential");
}

#[test]
fn a_ballot_after_close() {
    let mut b = voting();
    b.close();
    let (ballot, _) = b.ballot(0, &b.choices(0));
    b.push(Entry::Ballot(ballot));
    expect_last(b, Step::Ballots, "wrong_phase");
}

#[test]
fn a_ballot_received_outside_the_window() {
    let mut b = voting();
    let (ballot, _) = b.ballot(0, &b.choices(0));
    b.push(Entry::Ballot(ballot));
    let mut f = b.finish();
    let last = f.entries.len() - 1;
    let closes = f.definition.document().voting.closes;
    // The board stamps in UTC; the refusal states the time as the notice does, in the
    // election's zone.
    let late = closes + time::Duration::minutes(5);
    f.entries[last].received_at = late.to_offset(time::UtcOffset::UTC);
    assert_ne!(closes.offset(), time::UtcOffset::UTC);
    let report = f.verify();
    expect(
        &report,
        Step::Ballots,
        "outside_voting_window",
        Some(last as u64),
    );
    let rfc3339 = |t: time::OffsetDateTime| {
        t.format(&time::format_description::well_known::Rfc3339)
            .unwrap()
    };
    let text = report.render(Lang::En);
    assert!(
        text.contains(&format!("received at {}, outside", rfc3339(late))),
        "{text}"
    );
}

/// A ballot stamped earlier than the ballot before it: stamps follow the log's order
/// (`spec/board.md` §1), so a board cannot backdate one entry alone.
#[test]
fn a_ballot_stamped_before_the_entry_before_it() {
    let mut f = finished();
    let (second, _) = ballot_mut(&mut f, 1);
    let second = second as usize;
    f.entries[second].received_at = f.entries[second - 1].received_at - time::Duration::seconds(1);
    expect(
        &f.verify(),
        Step::Ballots,
        "stamp_order",
        Some(second as u64),
    );
}

/// The examples' revote policies: Xinzhou 2023 allows one ballot per credential, Nanning
/// counts the last.
const POLICIES: [&str; 2] = ["xinzhou-2023", "nanning"];

/// Issue 14, part 2: a board that swallowed a voter's audit stores it as a cast ballot under
/// the voter's credential, with the signature of the voter's real ballot: under `single`
/// before the real ballot (to lock the voter out), under `last_counts` after it (to replace
/// it). The signature is over another hash, so the record fails at that entry.
#[test]
fn a_swallowed_audit_stored_as_a_cast_ballot() {
    for name in POLICIES {
        let mut b = Record::from_example(name, 2);
        let choices = b.choices(0);
        let (prepared, voter) = b.prepare(0, &choices);
        let contests = prepared.contests().to_vec();
        let group = b.definition().document().groups[0].id.clone();
        let audit = prepared.audit(group);
        let forged = |signature| audit_as_ballot(&audit, contests.clone(), &voter, signature);
        let index = if b.definition().document().revote == zhixuan_election::RevotePolicy::Single {
            // The signature of a ballot the voter prepared and cast elsewhere.
            let style = b.style(0).clone();
            let mut rng = rand::rng();
            let signed = b
                .election
                .encryptor
                .encrypt_ballot(&style, &choices, &voter.public(), &mut rng)
                .unwrap()
                .cast(&voter, &mut rng)
                .unwrap();
            b.push(Entry::Ballot(forged(signed.signature)));
            let index = b.entries.len() as u64 - 1;
            b.cast_as(0, &voter, &choices);
            index
        } else {
            let real = b.cast_as(0, &voter, &choices);
            b.push(Entry::Ballot(forged(real.signature)));
            b.entries.len() as u64 - 1
        };
        expect(
            &b.finish().verify(),
            Step::Ballots,
            "invalid_ballot",
            Some(index),
        );
    }
}

/// Defence in depth: an audited ballot's hash is never counted, even if the voter signs it.
#[test]
fn an_audited_ballot_counted() {
    for name in POLICIES {
        let mut b = Record::from_example(name, 2);
        let (audited, contests, voter) = b.audit(0, &b.choices(0));
        let signature = voter_signature(&voter, &audited.hash());
        b.push(Entry::Ballot(audit_as_ballot(
            &audited, contests, &voter, signature,
        )));
        expect_last(b, Step::Ballots, "audited_ballot_cast");
    }
}

#[test]
fn an_organiser_action_signed_by_someone_else() {
    let mut b = voting();
    let close = Entry::CloseVoting(Signed::sign(
        &demo_key("trustee-1"),
        &b.election.hash,
        CloseVoting {},
        &mut rand::rng(),
    ));
    b.push(close);
    expect_last(b, Step::Ballots, "bad_signature");
}

// Step 6: the tally.

#[test]
fn a_removed_ballot() {
    let mut f = finished();
    let (i, _) = ballot_mut(&mut f, 3);
    f.entries.remove(i as usize);
    reindex(&mut f);
    let t = index_of(&f, "tally") as u64;
    expect(&f.verify(), Step::Tally, "tally_mismatch", Some(t));
}

#[test]
fn an_inserted_ballot() {
    let mut b = voting();
    let (ballot, _) = b.ballot(1, &b.choices(1));
    b.push(Entry::Ballot(ballot));
    b.conclude();
    let f = b.finish();
    let t = index_of(&f, "tally") as u64;
    expect(&f.verify(), Step::Tally, "tally_mismatch", Some(t));
}

#[test]
fn a_changed_tally() {
    let mut b = voting();
    b.close();
    let mut tally = b.honest_tally();
    let options = &mut tally.groups[0].tally.contests[0].options;
    options.swap(0, 1);
    let entry = Entry::Tally(b.election.signed(tally));
    b.push(entry);
    expect_last(b, Step::Tally, "tally_mismatch");
}

// Step 7: decryption.

#[test]
fn a_wrong_partial_decryption() {
    let mut b = voting();
    b.close();
    b.publish_tally();
    b.decrypt(&[1]);
    let mut wrong = b.decryption(3);
    wrong.groups[0].shares[0] = b.decryption(1).groups[0].shares[0].clone();
    let entry = Entry::PartialDecryption(b.election.trustee_signed(3, wrong));
    b.push(entry);
    expect_last(b, Step::Decryption, "invalid_decryption");
}

#[test]
fn too_few_trustees() {
    let mut b = voting();
    b.close();
    b.publish_tally();
    b.decrypt(&[1, 3]);
    let result = b.honest_result();
    let entry = Entry::Result(b.election.signed(result));
    b.push(entry);
    expect_last(b, Step::Decryption, "invalid_decryption");
}

#[test]
fn a_changed_count() {
    let mut b = voting();
    b.close();
    b.publish_tally();
    b.decrypt(&[1, 3, 5]);
    let mut result = b.honest_result();
    result.counts.groups[0].questions[0].options[0] += 1;
    let entry = Entry::Result(b.election.signed(result));
    b.push(entry);
    expect_last(b, Step::Decryption, "counts_mismatch");
}

// Step 8: the outcome.

/// The record with its result replaced by `change(honest result)`, signed by the organiser.
fn result_changed(f: &Finished, change: impl FnOnce(&mut PublishedResult)) -> Report {
    let mut f = f.clone();
    let last = f.entries.len() - 1;
    let Entry::Result(result) = &mut f.entries[last].entry else {
        unreachable!()
    };
    let mut body = result.body.clone();
    change(&mut body);
    *result = Signed::sign(
        &demo_key("organiser"),
        &f.definition.hash(),
        body,
        &mut rand::rng(),
    );
    let report = f.verify();
    expect(
        &report,
        Step::Outcome,
        "outcome_mismatch",
        Some(last as u64),
    );
    report
}

#[test]
fn a_failed_quorum_ignored() {
    result_changed(&finished(), |r| {
        let g = &mut r.outcome.groups[0];
        assert!(!g.valid, "4 of 288 members are not a quorum");
        g.valid = true;
    });
}

/// An example at full size, concluded honestly.
fn concluded(name: &str) -> Finished {
    let mut b = Record::new(example(name), &[]);
    b.setup();
    b.cast_counts(&example_counts(name), None);
    b.conclude();
    b.finish()
}

/// Nanjing's assembly (candidates without a majority), built once.
fn nanjing_assembly() -> &'static Finished {
    static ASSEMBLY: OnceLock<Finished> = OnceLock::new();
    ASSEMBLY.get_or_init(|| concluded("nanjing-assembly"))
}

/// Xuanwu's recommendation meeting (a trust threshold that takes candidates out), built
/// once.
fn xuanwu() -> &'static Finished {
    static XUANWU: OnceLock<Finished> = OnceLock::new();
    XUANWU.get_or_init(|| concluded("nanjing-recommendation-xuanwu"))
}

#[test]
fn a_winner_without_a_majority_declared_elected() {
    result_changed(nanjing_assembly(), |r| {
        let fact = r
            .outcome
            .contests
            .iter_mut()
            .flat_map(|c| c.findings.iter_mut())
            .find(|f| matches!(f.fact, Fact::NoMajority { .. }))
            .expect("Nanjing has a candidate without a majority");
        let Fact::NoMajority {
            candidate,
            votes,
            needed,
        } = fact.fact.clone()
        else {
            unreachable!()
        };
        fact.fact = Fact::Elected {
            candidate,
            votes,
            needed,
        };
    });
}

#[test]
fn a_trust_threshold_ignored() {
    result_changed(xuanwu(), |r| {
        let kept = r
            .outcome
            .contests
            .iter_mut()
            .flat_map(|c| c.findings.iter_mut())
            .find_map(|f| match &mut f.fact {
                Fact::Trust { kept, .. } if !*kept => Some(kept),
                _ => None,
            })
            .expect("Xuanwu has a candidate the trust vote does not keep");
        *kept = true;
    });
}

/// Pingchang round 1 at full size, concluded honestly, built once: Li Jianguo is elected
/// secretary with 190 votes of 300.
fn pingchang_round1() -> &'static Finished {
    static ROUND1: OnceLock<Finished> = OnceLock::new();
    ROUND1.get_or_init(|| {
        let mut b = Record::new(example("pingchang-round1"), &[]);
        b.setup();
        b.cast_counts(&example_counts("pingchang-round1"), None);
        b.conclude();
        b.finish()
    })
}

#[test]
fn a_broken_round_chain() {
    let round1 = pingchang_round1();
    let mut round2 = Record::new(example("pingchang-round2"), &[round1]);
    round2.setup();
    let honest = round2.finish();
    assert!(honest.verify().passed());
    // The board drops round 1 from the record, so round 2's candidates have no basis.
    let mut broken = honest.clone();
    broken.earlier.clear();
    expect(&broken.verify(), Step::Outcome, "round_chain", Some(0));
    // Or shows a round 1 whose published result was altered: its proofs no longer hold.
    let mut altered = honest;
    let Entry::Result(result) = &mut altered.earlier[0].result.entry else {
        unreachable!()
    };
    result.body.outcome.contests[0].decided = !result.body.outcome.contests[0].decided;
    expect(&altered.verify(), Step::Outcome, "earlier_election", None);
}

/// `value` with every string `a` and `b` exchanged, through its JSON.
fn exchange<T: serde::Serialize + serde::de::DeserializeOwned>(value: &T, a: &str, b: &str) -> T {
    let json = serde_json::to_string(value)
        .unwrap()
        .replace(&format!("\"{a}\""), "\"\u{1}\"")
        .replace(&format!("\"{b}\""), &format!("\"{a}\""))
        .replace("\"\u{1}\"", &format!("\"{b}\""));
    serde_json::from_str(&json).unwrap()
}

/// An organiser and a board together rewrite round 1's outcome: the organiser re-signs its
/// result with the runner-up elected secretary in the winner's place (the counts, which
/// the trustees' decryptions fix, unchanged), the board logs it and signs a checkpoint
/// over it, and round 2 is defined to follow from the forged outcome — the real winner
/// runs again, the runner-up does not. Every proof of publication holds; only deciding
/// round 1 again from its own counts shows the forgery (§3.8, item 9).
#[test]
fn an_earlier_outcome_that_contradicts_its_counts() {
    let (winner, runner_up) = ("li-jianguo", "wang-zhigang");
    let mut forged = pingchang_round1().clone();
    let last = forged.entries.len() - 1;
    let Entry::Result(signed) = &forged.entries[last].entry else {
        unreachable!("a concluded election ends with its result")
    };
    let mut result = signed.body.clone();
    assert_eq!(result.outcome.contests[0].elected(), [winner]);
    result.outcome = exchange(&result.outcome, winner, runner_up);
    assert_eq!(result.outcome.contests[0].elected(), [runner_up]);
    let round1_hash = forged.definition.hash();
    forged.outcome = Some(result.outcome.clone());
    forged.entries[last].entry = Entry::Result(Signed::sign(
        &demo_key("organiser"),
        &round1_hash,
        result,
        &mut rand::rng(),
    ));

    // Round 2 as the forged outcome has it: the real winner, a loser who stands again,
    // among the candidates (the runner-up, elected by the forgery, is not one anyway: he
    // lost and withdrew).
    let mut round2: serde_json::Value =
        serde_json::to_value(example("pingchang-round2").document()).unwrap();
    let registrants = round2["round"]["plan"]["registrants"].as_array().unwrap();
    let winner_name = registrants.iter().find(|r| r["id"] == winner).unwrap()["name"].clone();
    round2["contests"][0]["kind"]["competitive"]["candidates"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"id": winner, "name": winner_name}));
    let round2 = zhixuan_election::ElectionDefinition::from_json(&round2.to_string()).unwrap();
    // Record::new admits it as a board would: by the forged outcome, it follows.
    let mut b = Record::new(round2, &[&forged]);
    b.setup();
    let report = b.finish().verify();
    expect(&report, Step::Outcome, "earlier_outcome", None);
    let problems = &report.step(Step::Outcome).problems;
    let problem = problems
        .iter()
        .find(|p| p.code == "earlier_outcome")
        .unwrap();
    assert!(
        problem.reason.contains(forged.definition.election_id()),
        "the problem does not name round 1: {}",
        problem.reason
    );
    // Round 1's definition and forged result are on its log under the board's key: the
    // checks of publication (items 1–8) all pass, and only item 9 catches the forgery.
    assert!(
        problems.iter().all(|p| p.code != "earlier_election"),
        "{}",
        report.render(Lang::En)
    );
}

#[test]
fn a_trustee_decryption_for_another_trustee() {
    let mut b = voting();
    b.close();
    b.publish_tally();
    let mut d = b.decryption(2);
    d.trustee = TrusteeIndex(4);
    let entry = Entry::PartialDecryption(b.election.trustee_signed(2, d));
    b.push(entry);
    expect_last(b, Step::Decryption, "bad_signature");
}

// Attendance (spec/board.md §5.6a, §5.11 rule 4a).

/// Pingchang round 1 with its attendance entry changed by `change` (re-signed by the
/// organiser) or removed (`None`).
fn attendance_changed(change: Option<u64>) -> (Finished, u64) {
    let mut f = pingchang_round1().clone();
    let i = index_of(&f, "attendance");
    match change {
        Some(present) => {
            let Entry::Attendance(signed) = &mut f.entries[i].entry else {
                unreachable!()
            };
            let mut body = signed.body.clone();
            body.present = present;
            *signed = Signed::sign(
                &demo_key("organiser"),
                &f.definition.hash(),
                body,
                &mut rand::rng(),
            );
        }
        None => {
            f.entries.remove(i);
            reindex(&mut f);
        }
    }
    let result = index_of(&f, "result") as u64;
    (f, result)
}

#[test]
fn a_result_with_more_ballots_than_members_present() {
    // 300 ballots, but only 290 declared present: the board stored a result it must refuse.
    let (f, result) = attendance_changed(Some(290));
    expect(
        &f.verify(),
        Step::Outcome,
        "attendance_below_ballots",
        Some(result),
    );
}

#[test]
fn a_majority_of_those_present_without_attendance() {
    let (f, result) = attendance_changed(None);
    expect(
        &f.verify(),
        Step::Outcome,
        "attendance_missing",
        Some(result),
    );
}

#[test]
fn an_attendance_above_the_credential_list() {
    // 321 declared present of 320 members.
    let (f, _) = attendance_changed(Some(321));
    let i = index_of(&f, "attendance") as u64;
    expect(
        &f.verify(),
        Step::Ballots,
        "attendance_above_eligible",
        Some(i),
    );
}

#[test]
fn an_attendance_declared_twice_or_after_the_vote() {
    let mut b = voting();
    let first = b.election.attendance("members", 4);
    b.apply(first);
    let again = b.election.attendance("members", 4);
    b.push(again);
    expect_last(b, Step::Ballots, "duplicate_attendance");

    let mut b = voting();
    b.close();
    let late = b.election.attendance("members", 4);
    b.push(late);
    expect_last(b, Step::Ballots, "wrong_phase");

    let mut b = voting();
    let forged = Entry::Attendance(b.election.sign_as(
        &demo_key("trustee-1"),
        Attendance {
            group: "members".into(),
            present: 4,
        },
    ));
    b.push(forged);
    expect_last(b, Step::Ballots, "bad_signature");
}

// A withdrawal (spec/board.md §5.5a).

#[test]
fn a_withdrawal_stored_after_voting_opened() {
    // The organiser "withdrew" an election whose ballots were already cast, and the board
    // stored it: the withdrawal is found, and the election is still in its vote.
    let mut b = voting();
    let late = b
        .election
        .withdrawal("typo in a name", Some("xinzhou-2023-b"));
    b.push(late);
    let index = b.entries.len() as u64 - 1;
    let report = b.finish().verify();
    expect(
        &report,
        Step::Record,
        "withdrawal_after_opening",
        Some(index),
    );
    assert_eq!(report.phase, Some(Phase::Voting));
    assert!(report.withdrawal.is_none());
}

#[test]
fn entries_stored_after_a_withdrawal() {
    let mut b = Record::new(example("xinzhou-2023"), &[]);
    let list = b.credential_list(0);
    b.apply(list);
    let withdrawn = b.election.withdrawal("wrong voting day", None);
    b.apply(withdrawn);
    let list = b.credential_list(1);
    b.push(list);
    let index = b.entries.len() as u64 - 1;
    let report = b.finish().verify();
    expect(&report, Step::Record, "election_withdrawn", Some(index));
    // Still withdrawn: the refused entry changed nothing.
    assert_eq!(report.phase, Some(Phase::Withdrawn));
}

#[test]
fn a_withdrawal_signed_by_someone_else() {
    let mut b = Record::new(example("xinzhou-2023"), &[]);
    let forged = Entry::Withdrawal(b.election.sign_as(
        &demo_key("trustee-1"),
        Withdrawal {
            reason: "not mine to withdraw".into(),
            replaced_by: None,
        },
    ));
    b.push(forged);
    expect_last(b, Step::Record, "bad_signature");
}
