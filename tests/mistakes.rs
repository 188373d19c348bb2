//! What organisers and voters meet when they make a mistake or lose the connection
//! (issue 17), through the `zhixuan` command in process against a real board on SQLite,
//! some of it through a proxy that loses answers and stalls on purpose
//! ([`zhixuan_testkit::Proxy`]):
//!
//! - a definition whose voting window has passed is refused before anything is sent;
//! - a ballot whose answer is lost is sent again and answered with its first
//!   acknowledgement; when every answer is lost the voter still has the tracking code and
//!   the kept ballot, and running the command again finishes; `check` finds the ballot from
//!   the slip alone, and finds the election of a code alone; a code one character off is
//!   told apart from a missing ballot; an audit after voting says the vote stands;
//! - a credential list whose answer is lost keeps its slips, and running the command again
//!   finds the list on the board and finishes with the same slips;
//! - an opening whose answer is lost is found in the log when the copy sent again is refused;
//! - a board that stalls is given up on and asked again, in seconds;
//! - an election is withdrawn before voting (a lost answer, and the command run again, are
//!   recognised), shown as withdrawn, and refused once voting has opened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::time::{Duration, Instant};

use support::{keygen, People, TestBoard};
use time::OffsetDateTime;
use zhixuan_cli::examples::{self, ExampleName, LiveSettings};
use zhixuan_cli::slips::{self, SlipCredential};
use zhixuan_cli::{CliError, Lang, Report};
use zhixuan_election::ElectionDefinition;
use zhixuan_testkit::{board_signer, Fault};

/// The seed of the board's checkpoint key ([`board_signer`]).
const BOARD: u8 = 4;

/// The organiser's and five trustees' keys, and a small Nanjing definition for them with
/// its voting window moved by `window` from "an hour ago to in two hours", in a file.
async fn definition(board: &TestBoard, window: time::Duration) -> (ElectionDefinition, String) {
    let People {
        organiser,
        trustees,
    } = keygen(board).await;
    let example = &ExampleName::Nanjing.elections()[0];
    let definition = examples::live_definition(
        example,
        &LiveSettings {
            now: OffsetDateTime::now_utc() + window,
            organiser,
            trustees,
            scale: Some((6, examples::electorate(example).unwrap())),
            published: &[],
        },
    )
    .unwrap();
    let path = board.path("definition.json");
    std::fs::write(&path, definition.to_json().unwrap()).unwrap();
    (definition, path)
}

fn organiser_args<'a>(board: &'a TestBoard, step: &'a str, id: &'a str) -> Vec<String> {
    vec![
        "organiser".into(),
        step.into(),
        "--election".into(),
        id.into(),
        "--key".into(),
        board.path("organiser.key"),
    ]
}

async fn run(board: &TestBoard, args: &[String]) -> Result<Report, CliError> {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    board.zx(&args).await
}

fn credentials_args(board: &TestBoard, id: &str, group: &str) -> Vec<String> {
    let mut args = organiser_args(board, "credentials", id);
    args.extend([
        "--group".into(),
        group.into(),
        "--out".into(),
        board.path("slips"),
    ]);
    args
}

/// The key ceremony: every trustee deals, then checks.
async fn ceremony(board: &TestBoard, id: &str) {
    for step in ["deal", "check"] {
        for i in 1..=5 {
            let args: Vec<String> = vec![
                "trustee".into(),
                step.into(),
                "--election".into(),
                id.into(),
                "--key".into(),
                board.path(&format!("trustee-{i}.key")),
                "--state".into(),
                board.path(&format!("trustee-{i}.state")),
            ];
            run(board, &args).await.unwrap();
        }
    }
}

/// Published, every group's slips issued, the ceremony done; voting not yet open.
async fn ready(board: &TestBoard) -> (ElectionDefinition, Vec<(String, Vec<SlipCredential>)>) {
    let (definition, file) = definition(board, time::Duration::ZERO).await;
    let key = board.path("organiser.key");
    board
        .ok(&["organiser", "create", &file, "--key", &key])
        .await;
    let id = definition.election_id().to_owned();
    let mut slips_of = Vec::new();
    for group in &definition.document().groups {
        let Report::Issued(issued) = run(board, &credentials_args(board, &id, &group.id))
            .await
            .unwrap()
        else {
            panic!("credentials")
        };
        slips_of.push((group.id.clone(), slips::read(&issued.files.text).unwrap()));
    }
    ceremony(board, &id).await;
    (definition, slips_of)
}

/// `--choice` arguments for a random valid ballot of `group`.
fn choices(definition: &ElectionDefinition, group: &str) -> Vec<String> {
    let style = definition.ballot_style(group).unwrap();
    let ballot = zhixuan_cli::simulate::random_choices(style);
    let mut args: Vec<(String, Vec<String>)> = Vec::new();
    let mut person = 0;
    for (styled, marks) in style.contests().iter().zip(&ballot) {
        let question = definition.question(styled.contest).unwrap();
        if args.last().map(|(c, _)| c.as_str()) != Some(question.contest.as_str()) {
            args.push((question.contest.clone(), Vec::new()));
            person = 0;
        }
        person += 1;
        let values = &mut args.last_mut().unwrap().1;
        for (o, _) in marks.iter().enumerate().filter(|(_, &m)| m > 0) {
            values.push(if question.subject.is_some() {
                format!("{person}:{}", o + 1)
            } else {
                (o + 1).to_string()
            });
        }
    }
    args.into_iter()
        .flat_map(|(contest, values)| {
            ["--choice".into(), format!("{contest}={}", values.join(","))]
        })
        .collect()
}

fn vote_args(
    board: &TestBoard,
    definition: &ElectionDefinition,
    slip: &SlipCredential,
    group: &str,
    device: &str,
) -> Vec<String> {
    let mut args: Vec<String> = vec![
        "vote".into(),
        "--election".into(),
        definition.election_id().into(),
        "--credential".into(),
        slip.code.to_text().to_string(),
        "--ballots".into(),
        board.path(device),
    ];
    args.extend(choices(definition, group));
    args
}

/// Ballots on the board, per group.
async fn ballots(board: &TestBoard, id: &str) -> Vec<(String, u64)> {
    board.client().election(id).await.unwrap().ballots
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_voting_window_in_the_past_is_refused_before_anything_is_sent() {
    let board = TestBoard::behind_proxy("past", BOARD).await;
    let (definition, file) = definition(&board, -time::Duration::days(3)).await;
    let key = board.path("organiser.key");
    let err = board
        .zx(&["organiser", "create", &file, "--key", &key])
        .await
        .unwrap_err();
    let en = err.message(Lang::En);
    assert!(
        en.contains("has already passed") && en.contains("voting.opens"),
        "{en}"
    );
    assert!(err.message(Lang::Zh).contains("投票时间"), "{err}");
    assert!(
        board.client().elections().await.unwrap().is_empty(),
        "nothing was sent"
    );
    assert!(
        board
            .client()
            .election(definition.election_id())
            .await
            .is_err(),
        "the election is not on the board"
    );
    board.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lost_answers_lose_no_ballot_and_no_slip() {
    let board = TestBoard::behind_proxy("lost", BOARD).await;
    let (definition, file) = definition(&board, time::Duration::ZERO).await;
    let key = board.path("organiser.key");
    board
        .ok(&["organiser", "create", &file, "--key", &key])
        .await;
    let id = definition.election_id().to_owned();
    let entries = format!("/elections/{id}/entries");
    // Opening before the lists are out names the groups by name, not as Rust prints them.
    let err = run(&board, &organiser_args(&board, "open", &id))
        .await
        .unwrap_err();
    for group in &definition.document().groups {
        assert!(
            err.message(Lang::En)
                .contains(&format!("{} ({})", group.name.en, group.id)),
            "{err}"
        );
        assert!(err.message(Lang::Zh).contains(&group.name.zh), "{err}");
    }
    assert!(!err.message(Lang::En).contains('['), "{err}");
    let groups: Vec<String> = definition
        .document()
        .groups
        .iter()
        .map(|g| g.id.clone())
        .collect();

    // The credential list reaches the board; no answer ever comes back. The slips stay.
    for _ in 0..4 {
        board.proxy().next("POST", &entries, Fault::LoseAnswer);
    }
    let err = run(&board, &credentials_args(&board, &id, &groups[0]))
        .await
        .unwrap_err();
    let CliError::ListUnanswered { slips: kept, .. } = &err else {
        panic!("{err}")
    };
    assert_eq!(err.exit_code(), zhixuan_cli::error::EXIT_UNREACHABLE);
    let written = std::fs::read(kept).unwrap();
    let list_on_board = board.client().entries(&id, 1, 10).await.unwrap().entries;
    assert_eq!(list_on_board.len(), 1, "the list reached the board once");
    // Run again: the list on the board is recognised as these slips' list.
    let Report::Issued(issued) = run(&board, &credentials_args(&board, &id, &groups[0]))
        .await
        .unwrap()
    else {
        panic!("credentials again")
    };
    assert_eq!(&issued.files.text, kept);
    assert_eq!(std::fs::read(kept).unwrap(), written, "the same slips");
    assert_eq!(board.client().election(&id).await.unwrap().size, 2);
    // One lost answer is retried at once, and the copy's refusal resolved from the log. The
    // slips name the board by its public address and its key.
    board.proxy().next("POST", &entries, Fault::LoseAnswer);
    let mut public = credentials_args(&board, &id, &groups[1]);
    public.extend([
        "--public-url".into(),
        " board.village.example:8080/ ".into(),
    ]);
    let Report::Issued(issued) = run(&board, &public).await.unwrap() else {
        panic!("credentials with --public-url")
    };
    let html = std::fs::read_to_string(&issued.files.html).unwrap();
    let board_key = board_signer(BOARD).verifier().to_string();
    assert!(html.contains("--board http://board.village.example:8080 --board-key"));
    assert!(html.contains(&board_key) && !html.contains(&board.proxy().url));
    let slips_of: Vec<Vec<SlipCredential>> = groups
        .iter()
        .map(|g| slips::read(&slips::files(&board.dir.path().join("slips"), &id, g).text).unwrap())
        .collect();

    ceremony(&board, &id).await;
    board.proxy().next("POST", &entries, Fault::LoseAnswer);
    let Report::Opened(_) = run(&board, &organiser_args(&board, "open", &id))
        .await
        .unwrap()
    else {
        panic!("open")
    };
    assert_eq!(board.proxy().suffered().len(), 6);

    // A voter who holds the board to the key on the slip: another key is refused before
    // anything is encrypted or sent.
    let mut pinned = vec![
        "--board-key".to_owned(),
        board_signer(5).verifier().to_string(),
    ];
    pinned.extend(vote_args(
        &board,
        &definition,
        &slips_of[0][2],
        &groups[0],
        "phone",
    ));
    let err = run(&board, &pinned).await.unwrap_err();
    assert!(matches!(err, CliError::Proof(_)), "{err}");
    assert_eq!(ballots(&board, &id).await[0].1, 0);
    pinned[1] = board_key.clone();
    run(&board, &pinned).await.unwrap();
    assert_eq!(ballots(&board, &id).await[0].1, 1);

    // A ballot whose answer is lost once: sent again at once, answered as the first time.
    let group = &groups[0];
    board.proxy().next("POST", &entries, Fault::LoseAnswer);
    let Report::Receipt(first) = run(
        &board,
        &vote_args(&board, &definition, &slips_of[0][0], group, "phone"),
    )
    .await
    .unwrap() else {
        panic!("vote")
    };
    assert_eq!(ballots(&board, &id).await[0].1, 2, "counted once");

    // Every answer lost: the voter is told the tracking code and where the ballot is kept.
    for _ in 0..4 {
        board.proxy().next("POST", &entries, Fault::LoseAnswer);
    }
    let voter = &slips_of[0][1];
    let err = run(
        &board,
        &vote_args(&board, &definition, voter, group, "phone"),
    )
    .await
    .unwrap_err();
    let CliError::Unanswered { tracking_code, .. } = &err else {
        panic!("{err}")
    };
    let tracking_code = *tracking_code;
    assert!(err.message(Lang::En).contains(&tracking_code.to_string()));
    assert!(err.message(Lang::Zh).contains("跟踪码"));
    assert_eq!(ballots(&board, &id).await[0].1, 3, "it reached the board");
    // Again, with other choices: the kept ballot is sent, not a new one.
    let Report::Receipt(again) = run(
        &board,
        &vote_args(&board, &definition, voter, group, "phone"),
    )
    .await
    .unwrap() else {
        panic!("vote again")
    };
    assert_eq!(again.tracking_code, tracking_code);
    assert_eq!(ballots(&board, &id).await[0].1, 3, "not counted twice");

    // `check` from the slip: with the kept ballot, and on a device that kept nothing.
    let slip = voter.code.to_text().to_string();
    for device in ["phone", "library-computer"] {
        let ballots_dir = board.path(device);
        let Report::Tracked(tracked) = board
            .ok(&[
                "check",
                "--election",
                &id,
                "--credential",
                &slip,
                "--ballots",
                &ballots_dir,
            ])
            .await
        else {
            panic!("check --credential")
        };
        assert_eq!(
            (tracked.tracking_code, tracked.index),
            (again.tracking_code, again.index)
        );
    }
    // `check` of a code alone finds its election.
    let code = first.tracking_code.to_string();
    let Report::Tracked(tracked) = board.ok(&["check", &code]).await else {
        panic!("check CODE")
    };
    assert_eq!(
        (tracked.election.as_str(), tracked.index),
        (id.as_str(), first.index)
    );
    // A code copied with one character wrong is not a missing ballot.
    let last = code.chars().last().unwrap();
    let typo = format!(
        "{}{}",
        &code[..code.len() - 1],
        if last == '0' { '1' } else { '0' }
    );
    let err = board
        .zx(&["check", &typo, "--election", &id])
        .await
        .unwrap_err();
    let CliError::NotOnBoard { near, .. } = &err else {
        panic!("{err}")
    };
    assert_eq!(near, &vec![first.tracking_code]);
    assert!(err.message(Lang::En).contains("one slip away"), "{err}");
    let err = board.zx(&["check", "7KQ2-M9XD-4RTB"]).await.unwrap_err();
    assert!(
        err.message(Lang::En).contains("not a valid tracking code"),
        "{err}"
    );

    // An audit after voting says the vote stands.
    let mut audit = vote_args(&board, &definition, voter, group, "phone");
    audit.push("--audit".into());
    let Report::Receipt(audited) = run(&board, &audit).await.unwrap() else {
        panic!("audit")
    };
    assert_eq!(audited.already_cast, Some((tracking_code, false)));
    assert!(audited.render(Lang::En).contains("has already voted"));
    board.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_board_is_given_up_on_and_asked_again() {
    let board = TestBoard::behind_proxy("stall", BOARD).await;
    let (definition, _) = ready(&board).await;
    let id = definition.election_id().to_owned();
    board
        .proxy()
        .next("GET", &format!("/elections/{id}"), Fault::Stall);
    let started = Instant::now();
    let report = board.ok(&["status", "--election", &id]).await;
    let Report::Status(status) = &report else {
        panic!("status")
    };
    assert_eq!(status.info.id, id);
    assert_eq!(board.proxy().suffered().len(), 1);
    // Every list out, every trustee dealt and checked.
    let everyone: Vec<zhixuan_tally::TrusteeIndex> =
        (1..=5).map(zhixuan_tally::TrusteeIndex).collect();
    assert_eq!(status.setup.dealt, everyone);
    assert_eq!(status.setup.checked, everyone);
    assert_eq!(status.setup.lists.len(), definition.document().groups.len());
    assert!(report
        .render(Lang::En)
        .contains("trustees who dealt: 1, 2, 3, 4, 5"));
    // In Chinese, by the groups' Chinese names.
    let zh = report.render(Lang::Zh);
    for group in &definition.document().groups {
        assert!(zh.contains(&format!("{}: 0", group.name.zh)), "{zh}");
    }
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "gave up after {:?}",
        started.elapsed()
    );
    // A board that never answers: the command ends, saying so.
    for _ in 0..4 {
        board
            .proxy()
            .next("GET", &format!("/elections/{id}"), Fault::Stall);
    }
    let err = board.zx(&["status", "--election", &id]).await.unwrap_err();
    assert!(matches!(err, CliError::Unreachable { .. }), "{err}");
    board.stop().await;
}

fn withdraw_args(board: &TestBoard, id: &str, reason: &str, replaced_by: &str) -> Vec<String> {
    let mut args = organiser_args(board, "withdraw", id);
    args.extend([
        "--reason".into(),
        reason.into(),
        "--replaced-by".into(),
        replaced_by.into(),
    ]);
    args
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_election_is_withdrawn_before_voting_and_a_lost_answer_loses_nothing() {
    let board = TestBoard::behind_proxy("withdraw", BOARD).await;
    let (definition, file) = definition(&board, time::Duration::ZERO).await;
    let key = board.path("organiser.key");
    board
        .ok(&["organiser", "create", &file, "--key", &key])
        .await;
    let id = definition.election_id().to_owned();
    let entries = format!("/elections/{id}/entries");
    let groups: Vec<String> = definition
        .document()
        .groups
        .iter()
        .map(|g| g.id.clone())
        .collect();
    let Report::Issued(issued) = run(&board, &credentials_args(&board, &id, &groups[0]))
        .await
        .unwrap()
    else {
        panic!("credentials")
    };
    let slips = slips::read(&issued.files.text).unwrap();

    // Without a reason, nothing is sent.
    let err = run(&board, &withdraw_args(&board, &id, " ", "corrected-2026"))
        .await
        .unwrap_err();
    assert!(err.message(Lang::En).contains("no reason"), "{err}");
    assert!(err.message(Lang::Zh).contains("必须写明理由"), "{err}");
    let size = board.client().election(&id).await.unwrap().size;

    // The withdrawal reaches the board, its answer is lost; the copy sent again is refused
    // as the election is withdrawn, and the client finds its own copy on the log.
    let reason = "the wrong meeting day";
    board.proxy().next("POST", &entries, Fault::LoseAnswer);
    let Report::Withdrawn(first) = run(
        &board,
        &withdraw_args(&board, &id, reason, "corrected-2026"),
    )
    .await
    .unwrap() else {
        panic!("withdraw")
    };
    assert_eq!(board.proxy().suffered().len(), 1);
    assert_eq!((first.index, first.already), (size, false));
    // Run again (its answer lost for good the first time), it recognises the withdrawal.
    let Report::Withdrawn(again) = run(
        &board,
        &withdraw_args(&board, &id, reason, "corrected-2026"),
    )
    .await
    .unwrap() else {
        panic!("withdraw again")
    };
    assert_eq!((again.index, again.already), (first.index, true));
    assert!(again
        .render(Lang::En)
        .contains("This withdrawal was already on the board"));
    assert!(again
        .render(Lang::Zh)
        .contains("由选举 `corrected-2026` 取代"));
    assert_eq!(board.client().election(&id).await.unwrap().size, size + 1);
    // Another reason is not the same withdrawal, and a withdrawal cannot be changed.
    let err = run(
        &board,
        &withdraw_args(&board, &id, "another", "corrected-2026"),
    )
    .await
    .unwrap_err();
    assert!(err.message(Lang::En).contains("cannot be changed"), "{err}");

    // The status says so; the other group's slips are refused.
    let Report::Status(status) = board.ok(&["status", "--election", &id]).await else {
        panic!("status")
    };
    let text = Report::Status(status).render(Lang::En);
    assert!(
        text.contains("withdrawn before voting, replaced by election `corrected-2026`"),
        "{text}"
    );
    assert!(text.contains(reason), "{text}");
    let err = run(&board, &credentials_args(&board, &id, &groups[1]))
        .await
        .unwrap_err();
    assert!(
        err.message(Lang::En).contains("election_withdrawn"),
        "{err}"
    );
    assert!(err.message(Lang::Zh).contains("已被组织者撤回"), "{err}");
    // A voter with a slip of the withdrawn election is told it was withdrawn.
    let err = run(
        &board,
        &vote_args(&board, &definition, &slips[0], &groups[0], "phone"),
    )
    .await
    .unwrap_err();
    assert!(
        err.message(Lang::En).contains("withdrawn before voting"),
        "{err}"
    );
    assert!(err.message(Lang::Zh).contains("已撤回"), "{err}");
    board.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_election_whose_voting_opened_cannot_be_withdrawn() {
    let board = TestBoard::behind_proxy("withdraw-late", BOARD).await;
    let (definition, _) = ready(&board).await;
    let id = definition.election_id().to_owned();
    run(&board, &organiser_args(&board, "open", &id))
        .await
        .unwrap();
    let err = run(
        &board,
        &withdraw_args(&board, &id, "too late", "corrected-2026"),
    )
    .await
    .unwrap_err();
    assert!(
        err.message(Lang::En).contains("can no longer be withdrawn"),
        "{err}"
    );
    assert!(err.message(Lang::Zh).contains("不能再撤回选举"), "{err}");
    board.stop().await;
}
