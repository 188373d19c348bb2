//! Verifying a procedure (`spec/verification.md` step 9): an honest procedure run through a
//! real board verifies with its election's record; then, one change at a time, a dishonest
//! board that re-signs its checkpoint over what it now holds (so that step 2 passes), or a
//! dishonest organiser who signs what the rules refuse: each must fail step 9 with its code,
//! naming the entry.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::OnceLock;

use zhixuan_board::server::http::serve_local;
use zhixuan_board::server::{Board, Limits};
use zhixuan_board::SqliteStore;
use zhixuan_record::client::BoardClient;
use zhixuan_record::*;
use zhixuan_testkit::procedure::{run_test_procedure, Procedure};
use zhixuan_testkit::{board_signer, TempDir};
use zhixuan_verify::{
    verify_procedure, verify_record, Lang, Options, ProcedureReport, Report, Status, Step,
};

/// The seed of the test board's checkpoint key.
const BOARD: u8 = 9;

struct Honest {
    procedure: Procedure,
    record: String,
    election: String,
}

/// The honest run, once for the whole file: it takes a few seconds (registration closes).
fn honest() -> &'static Honest {
    static HONEST: OnceLock<Honest> = OnceLock::new();
    HONEST.get_or_init(|| {
        tokio::runtime::Runtime::new().unwrap().block_on(async {
            let dir = TempDir::new("zhixuan_verify_procedure");
            let store = SqliteStore::open(&dir.path().join("board.db"))
                .await
                .unwrap();
            let board = Board::open(store, board_signer(BOARD)).await.unwrap();
            let server = serve_local(board, Limits::default()).await.unwrap();
            let client = BoardClient::new(&server.url);
            let (procedure, election) = run_test_procedure(&client).await;
            let record = client.procedure_record(procedure.id()).await.unwrap();
            let election = client.record(election.id()).await.unwrap();
            server.stop().await.unwrap();
            Honest {
                procedure,
                record,
                election,
            }
        })
    })
}

fn election_report() -> Report {
    verify_record(honest().election.as_bytes(), &Options::default()).unwrap()
}

fn verify(record: &str, elections: &[Report]) -> ProcedureReport {
    verify_procedure(record.as_bytes(), elections, &Options::default()).unwrap()
}

/// The record's entries.
fn entries(record: &str) -> Vec<LogEntry<ProcedureEntry>> {
    let lines: Vec<&str> = record.lines().collect();
    lines[1..lines.len() - 1]
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// A record of `entries` whose checkpoint the (dishonest) board re-signed over them.
fn resigned(entries: &[LogEntry<ProcedureEntry>]) -> String {
    let header_line = honest().record.lines().next().unwrap();
    let mut header: RecordHeader = serde_json::from_str(header_line).unwrap();
    header.entries = entries.len() as u64;
    let mut tree = MerkleTree::new();
    let mut out = serde_json::to_string(&header).unwrap() + "\n";
    for (i, e) in entries.iter().enumerate() {
        let mut e = e.clone();
        e.index = i as u64;
        tree.push(e.leaf_hash());
        out += &(serde_json::to_string(&e).unwrap() + "\n");
    }
    let origin = Origin::for_election(honest().procedure.id()).unwrap();
    let checkpoint =
        board_signer(BOARD).sign(Checkpoint::new(origin, tree.len(), tree.root()).unwrap());
    out + &serde_json::to_string(&RecordFooter {
        checkpoint: checkpoint.to_string(),
    })
    .unwrap()
        + "\n"
}

#[track_caller]
fn expect(report: &ProcedureReport, code: &str) {
    let text = report.render(Lang::En);
    assert!(!report.passed(), "{text}");
    assert_eq!(
        report.step(Step::Checkpoints).unwrap().status,
        Status::Passed,
        "{text}"
    );
    let step = report.step(Step::Procedure).unwrap();
    assert_eq!(step.status, Status::Failed, "{text}");
    assert!(
        step.problems
            .iter()
            .any(|p| p.code == code && p.index.is_some()),
        "expected {code}:\n{text}"
    );
}

#[test]
fn an_honest_procedure_verifies_with_its_elections_record() {
    let report = verify(&honest().record, &[election_report()]);
    let text = report.render(Lang::En);
    assert!(report.passed(), "{text}");
    assert_eq!(
        report.step(Step::Procedure).unwrap().checked,
        entries(&honest().record).len() as u64 - 1
    );
    assert!(
        report.stages.iter().all(|s| s.closed_at.is_some()),
        "{text}"
    );
    assert_eq!(report.lists[1].1, ["an-li", "bai-xue"]);
    assert_eq!(report.order.len(), 5);
    assert!(report.render(Lang::Zh).contains("各阶段"));
}

#[test]
fn without_its_elections_record_a_vote_stage_does_not_verify() {
    expect(&verify(&honest().record, &[]), "election_missing");
}

fn organiser_close(index: usize, edit: impl FnOnce(&mut StageClose)) -> String {
    let mut all = entries(&honest().record);
    let ProcedureEntry::StageClose(signed) = &all[index].entry else {
        panic!("entry {index} is not a close")
    };
    let mut body = signed.body.clone();
    edit(&mut body);
    all[index].entry = ProcedureEntry::StageClose(honest().procedure.organiser(body));
    resigned(&all)
}

fn index_of(kind: EntryKind, stage: &str) -> usize {
    entries(&honest().record)
        .iter()
        .position(|e| e.entry.kind() == kind && e.entry.stage() == Some(stage))
        .unwrap()
}

#[test]
fn a_list_that_does_not_follow_from_the_previous_one_is_found() {
    // The organiser adds the disqualified registrant back to the reviewed list.
    let record = organiser_close(index_of(EntryKind::StageClose, "review"), |c| {
        c.lists[0].people.push("gu-ming".into());
    });
    expect(&verify(&record, &[election_report()]), "list_mismatch");
}

#[test]
fn a_lot_that_does_not_reproduce_is_found() {
    let record = organiser_close(index_of(EntryKind::StageClose, "lot"), |c| {
        c.order.reverse()
    });
    expect(&verify(&record, &[election_report()]), "list_mismatch");
}

#[test]
fn a_vote_stage_that_passes_on_others_than_the_elected_is_found() {
    let record = organiser_close(index_of(EntryKind::StageClose, "vote"), |c| {
        c.lists[1].people = vec!["cao-yang".into(), "du-juan".into()];
    });
    expect(&verify(&record, &[election_report()]), "list_mismatch");
}

#[test]
fn a_stage_out_of_order_is_found() {
    // The board moves the street committee's decision before the vote stage.
    let mut all = entries(&honest().record);
    let decision = all.remove(index_of(EntryKind::Decision, "street-vote"));
    let at = index_of(EntryKind::StageElection, "vote");
    all.insert(at, decision);
    expect(
        &verify(&resigned(&all), &[election_report()]),
        "stage_out_of_order",
    );
}

#[test]
fn stamps_that_go_back_are_found() {
    let mut all = entries(&honest().record);
    let last = all.len() - 1;
    all[last].received_at = all[0].received_at - time::Duration::days(1);
    expect(
        &verify(&resigned(&all), &[election_report()]),
        "stamp_order",
    );
}

#[test]
fn a_registration_for_too_many_posts_stored_anyway_is_found() {
    let mut all = entries(&honest().record);
    let at = index_of(EntryKind::Registration, "register");
    let third = honest().procedure.registration(
        "register",
        "he-ping",
        zhixuan_election::Channel::SelfNomination,
        &["secretary", "committee", "secretary"],
        0,
    );
    let mut entry = all[at].clone();
    entry.entry = third;
    all.insert(at + 1, entry);
    expect(
        &verify(&resigned(&all), &[election_report()]),
        "invalid_registration",
    );
}
