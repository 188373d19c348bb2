//! Whole elections through the `zhixuan` command, in process, against a real board on
//! SQLite over HTTP: every example election with every step a command line (keys,
//! definition, credential slips, the key ceremony, votes, audits, close, tally,
//! decryptions, result, record, tracking-code checks); a trustee who does not show up; a
//! trustee who deals a wrong share; a voter who votes twice; a voter who audits; and the
//! demo at a small size.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::path::Path;

use clap::Parser;
use support::{keygen, People, TestBoard};
use time::OffsetDateTime;
use zhixuan_cli::examples::{self, ExampleName, LiveSettings};
use zhixuan_cli::slips::{self, SlipCredential};
use zhixuan_cli::trustee::ShareStatus;
use zhixuan_cli::{CliError, Lang, Report, Ui};
use zhixuan_election::{decide, Counts, ElectionDefinition, GroupCounts, Outcome, QuestionCounts};
use zhixuan_record::{Entry, MerkleTree, RecordReader, Signed, SignedCheckpoint};
use zhixuan_tally::{CeremonyParams, ElectionHash, Trustee, TrusteeIndex};
use zhixuan_testkit::{board_signer, TempDir};
use zhixuan_verify::Standing;

/// The seed of the board's checkpoint key ([`board_signer`]).
const BOARD: u8 = 9;

/// `--choice` arguments that mark exactly `ballot` (by option and person numbers).
fn choice_args(definition: &ElectionDefinition, group: &str, ballot: &[Vec<u32>]) -> Vec<String> {
    let style = definition.ballot_style(group).unwrap();
    let mut args: Vec<(String, Vec<String>)> = Vec::new();
    let mut person = 0;
    for (styled, marks) in style.contests().iter().zip(ballot) {
        let question = definition.question(styled.contest).unwrap();
        if args.last().map(|(c, _)| c.as_str()) != Some(question.contest.as_str()) {
            args.push((question.contest.clone(), Vec::new()));
            person = 0;
        }
        person += 1;
        let chosen = marks
            .iter()
            .enumerate()
            .filter(|(_, &m)| m > 0)
            .map(|(o, _)| o + 1);
        let values = &mut args.last_mut().unwrap().1;
        for option in chosen {
            values.push(if question.subject.is_some() {
                format!("{person}:{option}")
            } else {
                option.to_string()
            });
        }
    }
    args.into_iter()
        .map(|(contest, values)| format!("{contest}={}", values.join(",")))
        .collect()
}

/// The counts a set of cast ballots adds up to.
fn counts_of(definition: &ElectionDefinition, cast: &[(String, Vec<Vec<u32>>)]) -> Counts {
    Counts {
        groups: definition
            .document()
            .groups
            .iter()
            .map(|g| {
                let style = definition.ballot_style(&g.id).unwrap();
                let mine: Vec<&Vec<Vec<u32>>> = cast
                    .iter()
                    .filter(|(c, _)| c == &g.id)
                    .map(|(_, b)| b)
                    .collect();
                GroupCounts {
                    group: g.id.clone(),
                    ballots_cast: mine.len() as u64,
                    present: None,
                    questions: style
                        .contests()
                        .iter()
                        .enumerate()
                        .map(|(q, c)| QuestionCounts {
                            question: c.contest,
                            options: (0..c.spec.option_limits.len())
                                .map(|o| mine.iter().map(|b| u64::from(b[q][o])).sum())
                                .collect(),
                        })
                        .collect(),
                }
            })
            .collect(),
    }
}

/// A definition from an example, for this run's keys, written to a file.
fn definition_file(
    board: &TestBoard,
    example: &examples::ExampleElection,
    people: &People,
    scale: Option<(u64, u64)>,
    published: &[(String, ElectionHash)],
) -> (ElectionDefinition, String) {
    let definition = examples::live_definition(
        example,
        &LiveSettings {
            now: OffsetDateTime::now_utc(),
            organiser: people.organiser.clone(),
            trustees: people.trustees.clone(),
            scale,
            published,
        },
    )
    .unwrap();
    let path = board.path(&format!("{}.json", definition.election_id()));
    std::fs::write(&path, definition.to_json().unwrap()).unwrap();
    (definition, path)
}

/// Publishes a definition and issues every group's slips; returns each group's slips.
async fn create_and_issue(
    board: &TestBoard,
    definition: &ElectionDefinition,
    file: &str,
) -> Vec<(String, Vec<SlipCredential>)> {
    let organiser = board.path("organiser.key");
    let id = definition.election_id();
    match board
        .ok(&["organiser", "create", file, "--key", &organiser])
        .await
    {
        Report::Created(c) => assert_eq!(c.definition_hash, definition.hash().to_string()),
        other => panic!("{other:?}"),
    }
    let mut slips_of = Vec::new();
    for group in &definition.document().groups {
        let out = board.path("slips");
        let report = board
            .ok(&[
                "organiser",
                "credentials",
                "--election",
                id,
                "--group",
                &group.id,
                "--out",
                &out,
                "--key",
                &organiser,
            ])
            .await;
        let Report::Issued(issued) = report else {
            panic!("{report:?}")
        };
        assert_eq!(issued.credentials as u64, group.eligible);
        let html = std::fs::read_to_string(&issued.files.html).unwrap();
        assert_eq!(
            html.matches("class=\"slip\"").count() as u64,
            group.eligible
        );
        assert!(html.contains("<svg"));
        let slips = slips::read(&issued.files.text).unwrap();
        assert_eq!(slips.len() as u64, group.eligible);
        slips_of.push((group.id.clone(), slips));
    }
    slips_of
}

fn trustee_args(board: &TestBoard, step: &str, id: &str, i: usize) -> [String; 8] {
    [
        "trustee".into(),
        step.into(),
        "--election".into(),
        id.into(),
        "--key".into(),
        board.path(&format!("trustee-{i}.key")),
        "--state".into(),
        board.path(&format!("{id}.trustee-{i}.state")),
    ]
}

async fn trustee(board: &TestBoard, step: &str, id: &str, i: usize) -> Result<Report, CliError> {
    let args = trustee_args(board, step, id, i);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    board.zx(&args).await
}

async fn organiser(board: &TestBoard, step: &str, id: &str) -> Result<Report, CliError> {
    let key = board.path("organiser.key");
    board
        .zx(&["organiser", step, "--election", id, "--key", &key])
        .await
}

/// Every trustee deals and checks, and the organiser opens voting.
async fn ceremony(board: &TestBoard, id: &str) {
    for i in 1..=5 {
        assert!(matches!(
            trustee(board, "deal", id, i).await,
            Ok(Report::Dealt(_))
        ));
    }
    for i in 1..=5 {
        let Ok(Report::Checked(checked)) = trustee(board, "check", id, i).await else {
            panic!("check {i}")
        };
        assert!(checked.dealers.iter().all(|(d, s)| *s
            == if d.0 as usize == i {
                ShareStatus::Own
            } else {
                ShareStatus::Good
            }));
    }
    let Ok(Report::Opened(opened)) = organiser(board, "open", id).await else {
        panic!("open")
    };
    assert_eq!(opened.qualified.len(), 5);
}

async fn vote(
    board: &TestBoard,
    definition: &ElectionDefinition,
    slip: &SlipCredential,
    group: &str,
    ballot: &[Vec<u32>],
    audit: bool,
) -> Result<Report, CliError> {
    let device = board.path("ballots");
    vote_from(board, &device, definition, slip, group, ballot, audit).await
}

/// [`vote`] from a device that keeps its ballots in `device`.
async fn vote_from(
    board: &TestBoard,
    device: &str,
    definition: &ElectionDefinition,
    slip: &SlipCredential,
    group: &str,
    ballot: &[Vec<u32>],
    audit: bool,
) -> Result<Report, CliError> {
    let id = definition.election_id();
    let code = slip.code.to_text();
    let mut args: Vec<String> = vec![
        "vote".into(),
        "--election".into(),
        id.into(),
        "--credential".into(),
        code.to_string(),
        "--ballots".into(),
        device.into(),
    ];
    for c in choice_args(definition, group, ballot) {
        args.push("--choice".into());
        args.push(c);
    }
    if audit {
        args.push("--audit".into());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    board.zx(&args).await
}

/// Close, tally, decryption by `decrypting`, result; returns the outcome.
async fn finish(board: &TestBoard, id: &str, decrypting: &[usize]) -> Outcome {
    assert!(matches!(
        organiser(board, "close", id).await,
        Ok(Report::Closed(_))
    ));
    assert!(matches!(
        organiser(board, "tally", id).await,
        Ok(Report::Tallied(_))
    ));
    for &i in decrypting {
        assert!(matches!(
            trustee(board, "decrypt", id, i).await,
            Ok(Report::Decrypted(_))
        ));
    }
    let outcome = match organiser(board, "result", id).await {
        Ok(Report::Decided(d)) => {
            assert_eq!(d.decrypted_by.len(), decrypting.len());
            assert!(!d.already_published);
            d.outcome
        }
        other => panic!("{other:?}"),
    };
    // Run again, the published result is shown again; a second decryption is done already.
    match organiser(board, "result", id).await {
        Ok(Report::Decided(d)) => assert!(d.already_published && d.outcome == outcome),
        other => panic!("{other:?}"),
    }
    match trustee(board, "decrypt", id, decrypting[0]).await {
        Ok(Report::Decrypted(d)) => assert!(d.already_published),
        other => panic!("{other:?}"),
    }
    // The status shows the outcome too.
    match board.ok(&["status", "--election", id]).await {
        Report::Status(s) => assert_eq!(s.outcome.as_ref(), Some(&outcome)),
        other => panic!("{other:?}"),
    }
    outcome
}

/// The exported record's entries hash to the root of its signed checkpoint, and the
/// verifier passes it, held to the board's key as the test knows it; returns its entries.
async fn record(board: &TestBoard, id: &str) -> Vec<Entry> {
    let out = board.path(&format!("{id}.jsonl"));
    assert!(matches!(
        board.ok(&["record", "--election", id, "--out", &out]).await,
        Report::Record(_)
    ));
    let text = std::fs::read_to_string(&out).unwrap();
    let mut reader = RecordReader::new(text.as_bytes()).unwrap();
    let mut tree = MerkleTree::new();
    let mut entries = Vec::new();
    while let Some(entry) = reader.next_entry() {
        let entry = entry.unwrap();
        tree.push(entry.leaf_hash());
        entries.push(entry.entry);
    }
    let signed: SignedCheckpoint = reader.footer().unwrap().checkpoint.parse().unwrap();
    let verifier = board_signer(BOARD).verifier();
    let checkpoint = signed.verify(&verifier).unwrap();
    assert_eq!(
        (checkpoint.size(), *checkpoint.root()),
        (tree.len(), tree.root())
    );
    let options = zhixuan_verify::Options {
        board_key: Some(verifier.to_string()),
        ..Default::default()
    };
    let report = zhixuan_verify::verify_record(text.as_bytes(), &options).unwrap();
    assert!(
        report.complete(),
        "{}",
        report.render(zhixuan_verify::Lang::En)
    );
    entries
}

/// An example election, every step a command line: the planned ballots are cast one voter
/// at a time with `vote`, the first voter audits a ballot first, and where the last ballot
/// counts the second voter votes twice. The published outcome must be exactly what the
/// rules give for the ballots cast.
async fn run_example(name: ExampleName, voters: u64) {
    let board = TestBoard::start(name.as_str(), BOARD).await;
    let people = keygen(&board).await;
    let list = name.elections();
    let scale = Some((voters, examples::electorate(&list[0]).unwrap()));
    let mut published: Vec<(String, ElectionHash)> = Vec::new();
    let mut earlier: Vec<Outcome> = Vec::new();
    for example in &list {
        let (definition, file) = definition_file(&board, example, &people, scale, &published);
        let id = definition.election_id().to_owned();
        let slips = create_and_issue(&board, &definition, &file).await;
        // The meeting's attendance, signed in before voting opens (where a majority is of
        // those present): the trustees' commands, the opening and every vote read past it.
        let attendance = examples::planned_attendance(example, &definition).unwrap();
        for (group, present) in &attendance {
            let key = board.path("organiser.key");
            let present_arg = present.to_string();
            let declared = board
                .zx(&[
                    "organiser",
                    "attendance",
                    "--election",
                    &id,
                    "--group",
                    group,
                    "--present",
                    &present_arg,
                    "--key",
                    &key,
                ])
                .await;
            assert!(
                matches!(declared, Ok(Report::Attendance(_))),
                "{declared:?}"
            );
        }
        ceremony(&board, &id).await;
        let last_counts =
            definition.document().revote == zhixuan_election::RevotePolicy::LastCounts;
        let mut cast: Vec<(String, Vec<Vec<u32>>)> = Vec::new();
        let mut receipts = Vec::new();
        let (mut audited_code, mut superseded) = (None, None);
        let mut n = 0;
        for (group, ballots) in examples::planned_ballots(example, &definition).unwrap() {
            let group_slips = &slips.iter().find(|(g, _)| g == &group).unwrap().1;
            for (ballot, slip) in ballots.iter().zip(group_slips) {
                if n == 0 {
                    let Report::Receipt(audit) =
                        vote(&board, &definition, slip, &group, ballot, true)
                            .await
                            .unwrap()
                    else {
                        panic!()
                    };
                    audited_code = Some(audit.tracking_code.to_string());
                    let marks = audit.audited.unwrap();
                    let marked: usize = marks
                        .iter()
                        .flat_map(|m| &m.marks)
                        .map(|(_, o)| o.len())
                        .sum();
                    assert_eq!(marked as u32, ballot.iter().flatten().sum::<u32>());
                }
                if n == 1 && last_counts {
                    let style = definition.ballot_style(&group).unwrap();
                    let first = zhixuan_cli::simulate::random_choices(style);
                    let Report::Receipt(replaced) =
                        vote(&board, &definition, slip, &group, &first, false)
                            .await
                            .unwrap()
                    else {
                        panic!()
                    };
                    superseded = Some(replaced.tracking_code.to_string());
                }
                let Report::Receipt(receipt) =
                    vote(&board, &definition, slip, &group, ballot, false)
                        .await
                        .unwrap()
                else {
                    panic!()
                };
                assert_eq!(receipt.supersedes.is_some(), n == 1 && last_counts);
                receipts.push(receipt);
                cast.push((group.clone(), ballot.clone()));
                n += 1;
            }
        }
        let outcome = finish(&board, &id, &[1, 3, 5]).await;
        let mut counts = counts_of(&definition, &cast);
        for group in &mut counts.groups {
            group.present = attendance
                .iter()
                .find(|(g, _)| g == &group.group)
                .map(|(_, p)| *p);
        }
        let expected = decide(&definition, &counts, &earlier).unwrap();
        assert_eq!(outcome, expected, "{id}");
        let entries = record(&board, &id).await;
        let ballots = entries
            .iter()
            .filter(|e| matches!(e, Entry::Ballot(_)))
            .count();
        let audited = entries
            .iter()
            .filter(|e| matches!(e, Entry::AuditedBallot(_)))
            .count();
        assert_eq!(ballots, cast.len() + usize::from(last_counts));
        assert_eq!(audited, 1);
        let code = receipts[receipts.len() / 2].tracking_code.to_string();
        // `zhixuan check` says of each ballot whether it is counted, superseded or audited.
        match board.ok(&["check", &code, "--election", &id]).await {
            Report::Tracked(t) => {
                assert_eq!(t.kind, "ballot");
                assert_eq!(t.index, receipts[receipts.len() / 2].index);
                assert_eq!(t.standing, Standing::Counted);
                assert!(t.render(Lang::Zh).contains("计入：这是此凭证计入的选票"));
            }
            other => panic!("{other:?}"),
        }
        let audited_code = audited_code.unwrap();
        match board.ok(&["check", &audited_code, "--election", &id]).await {
            Report::Tracked(t) => {
                assert_eq!(t.standing, Standing::Audited);
                assert!(t
                    .render(Lang::En)
                    .contains("an audited ballot, not counted"));
            }
            other => panic!("{other:?}"),
        }
        if let Some(code) = &superseded {
            match board.ok(&["check", code.as_str(), "--election", &id]).await {
                Report::Tracked(t) => {
                    assert_eq!(t.standing, Standing::Superseded);
                    let later = receipts[1].index;
                    assert_eq!(t.superseded_by, Some(later));
                    assert!(t.render(Lang::En).contains(&format!(
                        "not counted: superseded — the same credential cast a later ballot at entry {later}"
                    )));
                    assert!(t.render(Lang::Zh).contains("已被取代"));
                }
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(superseded.is_some(), last_counts);
        published.push((id, definition.hash()));
        earlier.push(outcome);
    }
    board.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nanjing_through_the_commands() {
    run_example(ExampleName::Nanjing, 24).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pingchang_three_rounds_through_the_commands() {
    run_example(ExampleName::Pingchang, 40).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn xinzhou_two_years_through_the_commands() {
    run_example(ExampleName::Xinzhou, 40).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nanning_weighted_through_the_commands() {
    run_example(ExampleName::Nanning, 26).await;
}

/// A small Nanjing election up to the opening of the vote, without the ceremony.
async fn small_election(
    board: &TestBoard,
    voters: u64,
) -> (ElectionDefinition, Vec<(String, Vec<SlipCredential>)>) {
    let people = keygen(board).await;
    let example = &ExampleName::Nanjing.elections()[0];
    let scale = Some((voters, examples::electorate(example).unwrap()));
    let (definition, file) = definition_file(board, example, &people, scale, &[]);
    let slips = create_and_issue(board, &definition, &file).await;
    (definition, slips)
}

/// Casts one random valid ballot per slip; returns what was cast.
async fn cast_some(
    board: &TestBoard,
    definition: &ElectionDefinition,
    slips: &[(String, Vec<SlipCredential>)],
    per_group: usize,
) -> Vec<(String, Vec<Vec<u32>>)> {
    let mut cast = Vec::new();
    for (group, group_slips) in slips {
        let style = definition.ballot_style(group).unwrap();
        for slip in group_slips.iter().take(per_group) {
            let ballot = zhixuan_cli::simulate::random_choices(style);
            vote(board, definition, slip, group, &ballot, false)
                .await
                .unwrap();
            cast.push((group.clone(), ballot));
        }
    }
    cast
}

/// Trustee 5 never deals and trustees 2 and 4 never decrypt: the other three still give
/// the right counts. With only two decryptions the result is refused, with a clear reason.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_of_five_trustees_suffice() {
    let board = TestBoard::start("absent-trustee", BOARD).await;
    let (definition, slips) = small_election(&board, 20).await;
    let id = definition.election_id().to_owned();
    for i in 1..=4 {
        trustee(&board, "deal", &id, i).await.unwrap();
    }
    for i in 1..=4 {
        let Ok(Report::Checked(c)) = trustee(&board, "check", &id, i).await else {
            panic!()
        };
        assert_eq!(c.dealers[4], (TrusteeIndex(5), ShareStatus::Waiting));
    }
    let Ok(Report::Opened(opened)) = organiser(&board, "open", &id).await else {
        panic!()
    };
    assert_eq!(opened.absent, vec![TrusteeIndex(5)]);
    assert_eq!(opened.qualified.len(), 4);
    let cast = cast_some(&board, &definition, &slips, 6).await;
    organiser(&board, "close", &id).await.unwrap();
    organiser(&board, "tally", &id).await.unwrap();
    for i in [1, 3] {
        trustee(&board, "decrypt", &id, i).await.unwrap();
    }
    let err = organiser(&board, "result", &id).await.unwrap_err();
    assert!(
        matches!(err, CliError::TooFewDecryptions { need: 3, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("at least 3"));
    // The absent trustee cannot decrypt: it never dealt, so it has no state.
    assert!(trustee(&board, "decrypt", &id, 5).await.is_err());
    trustee(&board, "decrypt", &id, 4).await.unwrap();
    let Ok(Report::Decided(decided)) = organiser(&board, "result", &id).await else {
        panic!()
    };
    assert_eq!(
        decided.decrypted_by,
        vec![TrusteeIndex(1), TrusteeIndex(3), TrusteeIndex(4)]
    );
    let expected = decide(&definition, &counts_of(&definition, &cast), &[]).unwrap();
    assert_eq!(decided.outcome, expected);
    board.stop().await;
}

/// Trustee 4 deals trustee 2 a wrong share. Trustee 2's `check` publishes a complaint; the
/// ceremony's result, computed by `open`, disqualifies trustee 4, and the election still
/// decrypts correctly (trustee 2, the complainer, among the decrypting three).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_share_draws_a_complaint_and_excludes_its_dealer() {
    let board = TestBoard::start("wrong-share", BOARD).await;
    let (definition, slips) = small_election(&board, 20).await;
    let id = definition.election_id().to_owned();
    for i in [1, 2, 3, 5] {
        trustee(&board, "deal", &id, i).await.unwrap();
    }
    // Trustee 4 deals by hand, with one share changed, signed with its own key.
    let key = zhixuan_cli::keys::load(
        Path::new(&board.path("trustee-4.key")),
        zhixuan_cli::keys::Role::Trustee,
    )
    .unwrap();
    let doc = definition.document();
    let params = CeremonyParams::new(
        definition.hash(),
        doc.threshold,
        doc.trustees.iter().map(|t| t.key.clone()).collect(),
    )
    .unwrap();
    let mut rng = rand::rng();
    let cheat = Trustee::new(params, TrusteeIndex(4), key.clone(), &mut rng).unwrap();
    let mut dealing = cheat.dealing(&mut rng);
    let share = dealing
        .shares
        .iter_mut()
        .find(|s| s.recipient == TrusteeIndex(2))
        .unwrap();
    share.masked_share += curve25519_dalek::Scalar::ONE;
    let entry = Entry::Dealing(Signed::sign(&key, &definition.hash(), dealing, &mut rng));
    board.client().append(&id, &entry).await.unwrap();

    for i in [1, 2, 3, 5] {
        let Ok(Report::Checked(c)) = trustee(&board, "check", &id, i).await else {
            panic!()
        };
        let expected = if i == 2 {
            ShareStatus::Complained
        } else {
            ShareStatus::Good
        };
        assert_eq!(c.dealers[3], (TrusteeIndex(4), expected), "trustee {i}");
    }
    // Checking again publishes nothing new (the board would refuse a duplicate).
    trustee(&board, "check", &id, 2).await.unwrap();
    // Voting waits for trustee 4's answers to the others' dealings: it keeps its state and
    // checks like anyone else.
    let err = organiser(&board, "open", &id).await.unwrap_err();
    assert!(err.to_string().contains("trustee 4"), "{err}");
    zhixuan_cli::keys::replace(
        Path::new(&board.path(&format!("{id}.trustee-4.state"))),
        &cheat.save(),
    )
    .unwrap();
    trustee(&board, "check", &id, 4).await.unwrap();
    let Ok(Report::Opened(opened)) = organiser(&board, "open", &id).await else {
        panic!()
    };
    assert_eq!(opened.disqualified, vec![TrusteeIndex(4)]);
    assert_eq!(
        opened.qualified,
        vec![
            TrusteeIndex(1),
            TrusteeIndex(2),
            TrusteeIndex(3),
            TrusteeIndex(5)
        ]
    );
    let cast = cast_some(&board, &definition, &slips, 5).await;
    // A state file others can read is refused before anything is sent.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let state = board.path(&format!("{id}.trustee-2.state"));
        std::fs::set_permissions(&state, std::fs::Permissions::from_mode(0o640)).unwrap();
        organiser(&board, "close", &id).await.unwrap();
        organiser(&board, "tally", &id).await.unwrap();
        let err = trustee(&board, "decrypt", &id, 2).await.unwrap_err();
        assert!(matches!(err, CliError::Permissions { .. }), "{err}");
        std::fs::set_permissions(&state, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    #[cfg(not(unix))]
    {
        organiser(&board, "close", &id).await.unwrap();
        organiser(&board, "tally", &id).await.unwrap();
    }
    for i in [2, 3, 5] {
        trustee(&board, "decrypt", &id, i).await.unwrap();
    }
    let Ok(Report::Decided(decided)) = organiser(&board, "result", &id).await else {
        panic!()
    };
    let expected = decide(&definition, &counts_of(&definition, &cast), &[]).unwrap();
    assert_eq!(decided.outcome, expected);
    let entries = record(&board, &id).await;
    let complaints: Vec<_> = entries
        .iter()
        .filter_map(|e| match e {
            Entry::Complaint(c) => Some((c.body.dealer, c.body.recipient)),
            _ => None,
        })
        .collect();
    assert_eq!(complaints, vec![(TrusteeIndex(4), TrusteeIndex(2))]);
    board.stop().await;
}

/// One ballot per credential: a second one is refused, with a message naming the board,
/// the ballot and the reason, in both languages, and the exit status for a refusal; the
/// counts hold the first ballot only.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_ballot_from_one_credential_is_refused() {
    let board = TestBoard::start("votes-twice", BOARD).await;
    let (definition, slips) = small_election(&board, 20).await;
    let id = definition.election_id().to_owned();
    ceremony(&board, &id).await;
    let (group, group_slips) = &slips[0];
    let style = definition.ballot_style(group).unwrap();
    let first = zhixuan_cli::simulate::random_choices(style);
    let Ok(Report::Receipt(receipt)) =
        vote(&board, &definition, &group_slips[0], group, &first, false).await
    else {
        panic!("the first ballot")
    };
    let second = zhixuan_cli::simulate::random_choices(style);
    // From the same device, the ballot it kept is sent again, and its receipt shown again.
    let Ok(Report::Receipt(again)) =
        vote(&board, &definition, &group_slips[0], group, &second, false).await
    else {
        panic!("the same ballot again")
    };
    assert_eq!(
        (again.tracking_code, again.index),
        (receipt.tracking_code, receipt.index)
    );
    // From another device, a second ballot is refused.
    let other = board.path("another-device");
    let err = vote_from(
        &board,
        &other,
        &definition,
        &group_slips[0],
        group,
        &second,
        false,
    )
    .await
    .unwrap_err();
    assert_eq!(err.code(), Some("already_voted"));
    assert_eq!(err.exit_code(), zhixuan_cli::error::EXIT_FAILED);
    let en = err.message(Lang::En);
    assert!(
        en.starts_with(&format!(
            "the board at {} refused the ballot:",
            board.server.url
        )),
        "{en}"
    );
    assert!(en.ends_with("(already_voted)"), "{en}");
    assert!(err.message(Lang::Zh).contains("此凭证已经投过票"));
    // A mistyped slip code is caught before anything is sent.
    let mut typo = group_slips[1].code.to_text().to_string();
    typo.replace_range(0..1, if typo.starts_with('7') { "8" } else { "7" });
    let choice = choice_args(&definition, group, &first);
    let mut args = vec!["vote", "--election", &id, "--credential", &typo];
    for c in &choice {
        args.extend(["--choice", c]);
    }
    let err = board.zx(&args).await.unwrap_err();
    assert!(matches!(err, CliError::Credential { .. }), "{err}");
    // A choice the ballot does not offer names what it does offer.
    let err = board
        .zx(&[
            "vote",
            "--election",
            &id,
            "--credential",
            &group_slips[1].code.to_text(),
            "--choice",
            "committee-recommendation=Nobody",
        ])
        .await
        .unwrap_err();
    assert!(err.to_string().contains("has no option `Nobody`"), "{err}");
    let decided = finish(&board, &id, &[1, 2, 3]).await;
    let expected = decide(
        &definition,
        &counts_of(&definition, &[(group.clone(), first)]),
        &[],
    )
    .unwrap();
    assert_eq!(decided, expected);
    board.stop().await;
}

/// A voter audits a ballot: the receipt shows what it held, the board shows it as an
/// audited ballot, it is never counted, and the same credential then casts a real one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_voter_who_audits_then_casts() {
    let board = TestBoard::start("audits", BOARD).await;
    let (definition, slips) = small_election(&board, 20).await;
    let id = definition.election_id().to_owned();
    ceremony(&board, &id).await;
    let (group, group_slips) = &slips[1];
    let slip = &group_slips[0];
    // Trust votes by name and label, as a person would type them.
    let trust = "secretary-trust=王芳:信任,li-ming:no trust,3:弃权,Liu Yang:trust,陈静:trust,6:2";
    let payload = slip.code.payload(&id);
    // The committee's nine registrants: trust for each, by number.
    let committee = "committee-trust=1:1,2:1,3:1,4:1,5:1,6:1,7:1,8:1,9:1";
    let Report::Receipt(audit) = board
        .ok(&[
            "vote",
            "--credential",
            &payload,
            "--choice",
            trust,
            "--choice",
            committee,
            "--audit",
        ])
        .await
    else {
        panic!()
    };
    let marks = audit.audited.as_ref().unwrap();
    let shown: Vec<String> = marks[0]
        .marks
        .iter()
        .map(|(_, o)| o[0].en.clone())
        .collect();
    assert_eq!(
        shown,
        ["trust", "no trust", "abstain", "trust", "trust", "no trust"]
    );
    assert!(audit.render(Lang::Zh).contains("核验"));
    match board
        .ok(&["check", &audit.tracking_code.to_string(), "--election", &id])
        .await
    {
        Report::Tracked(t) => {
            assert_eq!(t.kind, "audited_ballot");
            assert_eq!(t.standing, Standing::Audited);
        }
        other => panic!("{other:?}"),
    }
    let device = board.path("ballots");
    let Report::Receipt(cast) = board
        .ok(&[
            "vote",
            "--credential",
            &payload,
            "--choice",
            trust,
            "--choice",
            committee,
            "--ballots",
            &device,
        ])
        .await
    else {
        panic!()
    };
    assert_ne!(cast.tracking_code, audit.tracking_code);
    let outcome = finish(&board, &id, &[3, 4, 5]).await;
    let mut ballot = vec![
        vec![1, 0, 0],
        vec![0, 1, 0],
        vec![0, 0, 1],
        vec![1, 0, 0],
        vec![1, 0, 0],
        vec![0, 1, 0],
    ];
    ballot.extend(std::iter::repeat_n(vec![1, 0, 0], 9));
    let expected = decide(
        &definition,
        &counts_of(&definition, &[(group.clone(), ballot)]),
        &[],
    )
    .unwrap();
    assert_eq!(outcome, expected);
    assert_eq!(outcome.group(group).unwrap().ballots_cast, 1);
    board.stop().await;
}

/// Runs `zhixuan demo` with `args` in a fresh folder, checks that every verify command it
/// prints works as printed (one `record` per election, one `procedure` with the elections'
/// records), and returns the folder (kept while it is held), the demo and the procedure's
/// verification.
async fn demo(
    name: &str,
    args: &[&str],
) -> (
    TempDir,
    zhixuan_cli::demo::DemoReport,
    zhixuan_verify::ProcedureReport,
) {
    let dir = TempDir::new(name);
    let dir_arg = dir.path().display().to_string();
    let mut argv = vec!["zhixuan", "demo", "--dir", &dir_arg];
    argv.extend_from_slice(args);
    let cli = zhixuan_cli::Cli::try_parse_from(argv).unwrap();
    let Report::Demo(demo) = zhixuan_cli::run(cli, &Ui::quiet(Lang::Zh)).await.unwrap() else {
        panic!()
    };
    let commands: Vec<Vec<String>> = demo
        .render(Lang::En)
        .lines()
        .filter(|l| l.trim_start().starts_with("zhixuan-verify"))
        .map(|l| l.split_whitespace().map(str::to_owned).collect())
        .collect();
    assert_eq!(commands.len(), demo.elections.len() + 1);
    let mut reports = Vec::new();
    for words in commands.iter().filter(|w| w[1] == "record") {
        assert_eq!(words.len(), 3, "{words:?}");
        let file = std::io::BufReader::new(std::fs::File::open(&words[2]).unwrap());
        let report =
            zhixuan_verify::verify_record(file, &zhixuan_verify::Options::default()).unwrap();
        assert!(report.complete(), "{}", words[2]);
        reports.push(report);
    }
    assert_eq!(reports.len(), demo.elections.len());
    let procedure: Vec<&Vec<String>> = commands.iter().filter(|w| w[1] == "procedure").collect();
    assert_eq!(procedure.len(), 1);
    let words = procedure[0];
    let elections: Vec<&String> = words[3..].iter().skip(1).step_by(2).collect();
    assert_eq!(elections.len(), demo.elections.len(), "{words:?}");
    let file = std::io::BufReader::new(std::fs::File::open(&words[2]).unwrap());
    let report =
        zhixuan_verify::verify_procedure(file, &reports, &zhixuan_verify::Options::default())
            .unwrap();
    assert!(report.passed(), "{}", report.render(Lang::En));
    assert!(report.stages.iter().all(|s| s.closed_at.is_some()));
    (dir, demo, report)
}

/// `zhixuan demo --voters 30`: a whole election on its own board; the record it leaves
/// is complete and signed, and the outcome is decided by three trustees.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_at_a_small_size() {
    let (_dir, demo, procedure) = demo("zhixuan_suite_demo", &["--voters", "30"]).await;
    // Nanjing: the recommendation meeting, then the members' assembly.
    assert_eq!(demo.elections.len(), 2);
    let e = &demo.elections[0];
    assert_eq!(e.decrypted_by, vec![1, 3, 5]);
    assert!(e.verification.complete());
    assert_eq!(e.verification.audited, 3);
    assert_eq!(e.audited, 3);
    let eligible: u64 = e.groups.iter().map(|g| g.1).sum();
    assert_eq!(eligible, 30);
    assert!(e.groups.iter().all(|g| g.2 > 0 && g.2 <= g.1));
    let text = std::fs::read_to_string(&e.record).unwrap();
    let mut reader = RecordReader::new(text.as_bytes()).unwrap();
    let mut ballots = 0;
    while let Some(entry) = reader.next_entry() {
        if matches!(entry.unwrap().entry, Entry::Ballot(_)) {
            ballots += 1;
        }
    }
    reader.footer().unwrap();
    assert_eq!(ballots, e.groups.iter().map(|g| g.2).sum::<u64>());
    assert!(demo.database.exists() && demo.board_key.exists());
    assert!(demo.render(Lang::Zh).contains("当选"));
    // The procedure ran every stage: the lists end with one secretary and five members.
    assert_eq!(procedure.lists[0].1.len(), 1);
    assert_eq!(procedure.lists[1].1.len(), 5);
}

/// `zhixuan demo --example pingchang`: the three publics and three rounds as a procedure
/// around the four elections; each round's candidates follow from the lists and the
/// rounds before, and the lists end with the secretary, the deputy, three members and the
/// discipline committee members elected (a seat may stay open, as in the example).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pingchang_demo_runs_its_procedure() {
    let (_dir, demo, procedure) = demo(
        "zhixuan_suite_demo_pingchang",
        &["--example", "pingchang", "--voters", "40"],
    )
    .await;
    assert_eq!(demo.elections.len(), 4);
    let sizes: Vec<usize> = procedure.lists.iter().map(|l| l.1.len()).collect();
    assert_eq!(sizes[..3], [1, 1, 3]);
    assert!((1..=3).contains(&sizes[3]), "{sizes:?}");
    assert!(!procedure.order.is_empty());
}

/// `zhixuan demo --example xinzhou`: this year's rating as a procedure — the notice checked
/// against the board's stamps, the questions at the meeting, both ratings, the filing — with
/// last year's evaluation before it, outside the procedure.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_xinzhou_demo_runs_its_procedure() {
    let (_dir, demo, procedure) = demo(
        "zhixuan_suite_demo_xinzhou",
        &["--example", "xinzhou", "--voters", "40"],
    )
    .await;
    assert_eq!(demo.elections.len(), 2);
    assert_eq!(procedure.stages.len(), 5);
    assert_eq!(procedure.lists.len(), 2);
}

/// A rehearsal: `simulate` casts a random valid ballot for every slip of a group from
/// concurrent clients (every fourth voter auditing one first); run again, every ballot is
/// refused as a second vote. `status`, `ballot` and `--json` show the same election.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rehearsal_with_simulate() {
    let board = TestBoard::start("simulate", BOARD).await;
    let (definition, _) = small_election(&board, 30).await;
    let id = definition.election_id().to_owned();
    ceremony(&board, &id).await;
    let members = definition.group("members").unwrap().eligible as usize;
    let file = board.path(&format!("slips/{id}.members.slips.txt"));
    let args = [
        "simulate",
        "--election",
        &id,
        "--slips",
        &file,
        "--concurrency",
        "8",
        "--audit-every",
        "4",
    ];
    let Report::Simulated(first) = board.ok(&args).await else {
        panic!()
    };
    assert_eq!((first.voters, first.cast), (members, members));
    assert_eq!(first.audited, members.div_ceil(4));
    assert!(first.refused.is_empty(), "{:?}", first.refused);
    let Report::Simulated(again) = board.ok(&args).await else {
        panic!()
    };
    assert_eq!(again.cast, 0);
    assert_eq!(again.refused.get("already_voted"), Some(&members));

    let status = board.ok(&["status", "--election", &id]).await;
    let Report::Status(s) = &status else { panic!() };
    assert_eq!(s.info.phase, zhixuan_record::Phase::Voting);
    assert_eq!(s.info.ballots[0], ("members".to_owned(), members as u64));
    let json: serde_json::Value = serde_json::from_str(&status.to_json().unwrap()).unwrap();
    assert_eq!(json["report"], "status");
    assert_eq!(json["phase"], "voting");

    let Report::Ballot(ballot) = board
        .ok(&["ballot", "--election", &id, "--group", "attendees"])
        .await
    else {
        panic!()
    };
    // A trust vote on each of the 6 registrants for secretary and the 9 for the committee.
    assert_eq!(ballot.questions.len(), 15);
    assert!(Report::Ballot(ballot)
        .render(Lang::En)
        .contains("Wang Fang"));
    board.stop().await;
}
