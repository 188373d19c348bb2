//! A procedure on the board (`spec/procedure.md`): every stage's admission rule, and its
//! refusals, first through the rules themselves with stamps the test chooses (so that
//! notice and publicity periods of days can be crossed), then over HTTP on a real board
//! with a real election as its vote stage, a restart that replays the log, and the record.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use time::{Duration, OffsetDateTime};
use zhixuan_board::server::http::{serve_local, Local};
use zhixuan_board::server::{Board, Limits};
use zhixuan_board::*;
use zhixuan_election::{Channel, Fraction, PlanDocument, StageRule};
use zhixuan_record::client::BoardClient;
use zhixuan_record::*;
use zhixuan_testkit::procedure::{
    body_key, cast_test_ballots, registrations, review, stage, test_plan, test_plan_now, words,
    Run, PEOPLE,
};
use zhixuan_testkit::{
    board_signer, demo_key, example_path, small_election, Election, Procedure, TempDir,
};

/// A fixed start, so that the calendar of the rules' test is the same at every run.
fn t0() -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(1_750_000_000).unwrap()
}

/// The plan with a recall petition stage instead of the last three.
fn petition_plan(start: OffsetDateTime) -> PlanDocument {
    let mut p = test_plan(start, 0);
    p.stages.truncate(2);
    p.stages.push(stage(
        "petition",
        0,
        StageRule::Petition {
            official: "an-li".into(),
            members: 50,
            share: "1/5".parse::<Fraction>().unwrap(),
        },
    ));
    p
}

fn code(result: Result<(), ProcedureRejection>) -> ErrorCode {
    result.expect_err("refused").code()
}

/// Every rule of every stage, with the stamps of a real calendar.
#[test]
fn every_stage_admits_what_its_rule_allows_and_refuses_the_rest() {
    let start = t0();
    let at = |d: i64| start + Duration::days(d);
    let p = Procedure::new(test_plan(start, 0));
    let mut state = ProcedureState::new(&p.plan_entry(), start).unwrap();

    // A stage out of order: registration before the announcement's stage has closed.
    let regs = registrations(&p);
    assert_eq!(
        code(state.apply(&regs[0], at(1), None)),
        ErrorCode::StageOutOfOrder
    );
    // The announcement, too late for 3 days of notice before day 10, then in time.
    let announce = ProcedureEntry::Announcement(p.organiser(Announcement {
        stage: "announce".into(),
        text: words("meeting on day 10 in the hall"),
    }));
    assert_eq!(
        code(state.apply(&announce, at(8), None)),
        ErrorCode::NoticeTooShort
    );
    // Signed by someone else than the organiser.
    let forged = ProcedureEntry::Announcement(p.sign_as(
        &body_key("branch"),
        Announcement {
            stage: "announce".into(),
            text: words("forged"),
        },
    ));
    assert_eq!(
        code(state.apply(&forged, at(0), None)),
        ErrorCode::BadSignature
    );
    state.apply(&announce, at(0), None).unwrap();
    // A list that is not the rule's: the close of the announcement lists someone.
    let mut wrong = state.expected_close(at(0), None).unwrap();
    wrong.lists[0].people.push("an-li".into());
    let wrong = ProcedureEntry::StageClose(p.organiser(wrong));
    assert_eq!(
        code(state.apply(&wrong, at(0), None)),
        ErrorCode::ListMismatch
    );
    state
        .apply(&p.close(&state, at(0), None), at(0), None)
        .unwrap();
    // Stamps never go back.
    assert_eq!(
        code(state.apply(&regs[0], start - Duration::days(1), None)),
        ErrorCode::StampOrder
    );

    // Registration: outside its window, then inside.
    assert_eq!(
        code(state.apply(&regs[0], at(0) + Duration::hours(1), None)),
        ErrorCode::OutsideRegistrationWindow
    );
    for r in &regs {
        state.apply(r, at(1), None).unwrap();
    }
    // A third post, the same person twice, a joint nomination short of signers.
    let third = p.registration(
        "register",
        "he-ping",
        Channel::SelfNomination,
        &["secretary", "committee", "secretary"],
        0,
    );
    assert_eq!(
        code(state.apply(&third, at(2), None)),
        ErrorCode::InvalidRegistration
    );
    let again = p.registration(
        "register",
        "an-li",
        Channel::SelfNomination,
        &["committee"],
        0,
    );
    assert_eq!(
        code(state.apply(&again, at(2), None)),
        ErrorCode::AlreadyRegistered
    );
    let short = p.registration("register", "he-ping", Channel::Joint, &["committee"], 2);
    assert_eq!(
        code(state.apply(&short, at(2), None)),
        ErrorCode::InvalidRegistration
    );
    // The list cannot close while registration is open.
    let early = ProcedureEntry::StageClose(p.organiser(StageClose {
        stage: "register".into(),
        lists: state.lists().to_vec(),
        order: vec![],
    }));
    assert_eq!(
        code(state.apply(&early, at(3), None)),
        ErrorCode::StageIncomplete
    );
    let size = state.size();
    state
        .apply(&p.close(&state, at(4), None), at(4), None)
        .unwrap();
    assert_eq!(state.size(), size + 1);

    // Review: by the branch only; someone not registered; closing before all are reviewed.
    let by_street = ProcedureEntry::ReviewDecision(p.body(
        "street",
        ReviewDecision {
            stage: "review".into(),
            registrant: "an-li".into(),
            qualified: true,
            reason: words("ok"),
        },
    ));
    assert_eq!(
        code(state.apply(&by_street, at(4), None)),
        ErrorCode::BadSignature
    );
    assert_eq!(
        code(state.apply(&review(&p, "nobody", true), at(4), None)),
        ErrorCode::NotOnList
    );
    for who in PEOPLE {
        state.apply(&review(&p, who, true), at(4), None).unwrap();
    }
    assert_eq!(
        code(state.apply(&review(&p, "an-li", false), at(4), None)),
        ErrorCode::AlreadyDecided
    );
    assert!(state.expected_close(at(4), None).is_err());
    state
        .apply(&review(&p, "gu-ming", false), at(4), None)
        .unwrap();
    state
        .apply(&p.close(&state, at(4), None), at(4), None)
        .unwrap();
    assert_eq!(state.lists()[0].people, ["an-li"]);
    assert_eq!(state.lists()[1].people, PEOPLE);

    // The review's list is published for 2 days: an objection inside them, the lot not
    // before they end and not while the objection is unanswered.
    let objection = ProcedureEntry::Objection(p.sign_as(
        &demo_key("a-resident"),
        Objection {
            stage: "review".into(),
            key: demo_key("a-resident").verifying_key().clone(),
            text: words("gu-ming has been a member for two years"),
        },
    ));
    let objection_index = state.size();
    state.apply(&objection, at(5), None).unwrap();
    let reveal = p.reveal("lot", "an-li");
    assert_eq!(
        code(state.apply(&reveal, at(5), None)),
        ErrorCode::PublicityPeriodRunning
    );
    assert_eq!(
        code(state.apply(&reveal, at(7), None)),
        ErrorCode::ObjectionPending
    );
    let answer = |upheld| {
        ProcedureEntry::ObjectionAnswer(p.body(
            "branch",
            ObjectionAnswer {
                stage: "review".into(),
                objection: objection_index,
                upheld,
                text: words("membership records checked"),
            },
        ))
    };
    // An upheld objection stops the procedure; this one is answered, not upheld.
    let mut upheld = state.clone();
    upheld.apply(&answer(true), at(6), None).unwrap();
    assert_eq!(
        code(upheld.apply(&reveal, at(7), None)),
        ErrorCode::ObjectionPending
    );
    state.apply(&answer(false), at(6), None).unwrap();
    // Objections end with the publicity period.
    assert_eq!(
        code(state.apply(&objection, at(6) + Duration::days(1), None)),
        ErrorCode::OutsidePublicityPeriod
    );

    // The lot: a secret that is not the committed one; then every reveal but one.
    let mut cheat = p.reveal("lot", "bai-xue");
    if let ProcedureEntry::LotReveal(s) = &mut cheat {
        *s = p.sign_as(
            &zhixuan_testkit::procedure::registrant_key("bai-xue"),
            LotReveal {
                stage: "lot".into(),
                registrant: "bai-xue".into(),
                secret: zhixuan_tally::ElectionHash([9; 32]),
            },
        );
    }
    assert_eq!(
        code(state.apply(&cheat, at(7), None)),
        ErrorCode::LotMismatch
    );
    for who in &PEOPLE[..4] {
        state.apply(&p.reveal("lot", who), at(7), None).unwrap();
    }
    let close = p.close(&state, at(7), None);
    let ProcedureEntry::StageClose(signed) = &close else {
        unreachable!()
    };
    let order = signed.body.order.clone();
    // Anyone reproduces the order from the reveals; fang-hua did not reveal: last.
    let reveals: Vec<(&str, zhixuan_tally::ElectionHash)> = PEOPLE[..4]
        .iter()
        .map(|w| (*w, zhixuan_testkit::procedure::lot_secret(w)))
        .collect();
    let everyone: Vec<String> = PEOPLE.iter().map(|s| s.to_string()).collect();
    assert_eq!(order, lot_order(&p.plan.hash(), "lot", &everyone, &reveals));
    assert_eq!(order.last().map(String::as_str), Some("fang-hua"));
    let mut swapped = signed.body.clone();
    swapped.order.swap(0, 1);
    let swapped = ProcedureEntry::StageClose(p.organiser(swapped));
    assert_eq!(
        code(state.apply(&swapped, at(7), None)),
        ErrorCode::ListMismatch
    );
    state.apply(&close, at(7), None).unwrap();
    assert_eq!(state.order(), order);

    // The vote stage: an election whose candidates differ is refused; the small election
    // (whose five candidates are the committee list) is linked.
    let election = Election::new(small_election("test-vote", 10));
    let linked = LinkedElection {
        definition: election.definition.clone(),
        outcome: None,
    };
    let link = |e: &Election| {
        ProcedureEntry::StageElection(p.organiser(StageElection {
            stage: "vote".into(),
            election_id: e.id().into(),
            definition_hash: e.definition.hash(),
        }))
    };
    let mut other = small_election("test-vote", 10);
    if let zhixuan_election::ContestKind::Competitive(c) = &mut other.contests[0].kind {
        c.candidates.pop();
        c.seats = 1;
    }
    let other = Election::new(other);
    let other_linked = LinkedElection {
        definition: other.definition.clone(),
        outcome: None,
    };
    assert_eq!(
        code(state.apply(&link(&other), at(8), Some(&other_linked))),
        ErrorCode::CandidatesDiffer
    );
    assert_eq!(
        code(state.apply(&link(&election), at(8), None)),
        ErrorCode::CandidatesDiffer
    );
    state.apply(&link(&election), at(8), Some(&linked)).unwrap();
    // Not closed before the election has a result.
    assert!(matches!(
        state.expected_close(at(9), Some(&linked)),
        Err(ProcedureRejection::ElectionUndecided { .. })
    ));
}

/// A petition below its share is refused; one that reaches it passes.
#[test]
fn a_recall_petition_must_reach_its_share() {
    let start = t0();
    let p = Procedure::new(petition_plan(start));
    let mut state = ProcedureState::new(&p.plan_entry(), start).unwrap();
    let announce = ProcedureEntry::Announcement(p.organiser(Announcement {
        stage: "announce".into(),
        text: words("meeting"),
    }));
    state.apply(&announce, start, None).unwrap();
    state
        .apply(&p.close(&state, start, None), start, None)
        .unwrap();
    let at = start + Duration::days(4);
    state.apply(&p.close(&state, at, None), at, None).unwrap();
    let petition = |n: usize| {
        ProcedureEntry::Petition(
            p.organiser(Petition {
                stage: "petition".into(),
                // A name signed twice counts once.
                signers: (0..n)
                    .map(|i| format!("member {}", i.min(n.saturating_sub(2))))
                    .collect(),
            }),
        )
    };
    // 1/5 of 50 is 10 signers: 10 names with one twice are 9.
    assert_eq!(
        code(state.apply(&petition(10), at, None)),
        ErrorCode::PetitionShort
    );
    state.apply(&petition(11), at, None).unwrap();
    state.apply(&p.close(&state, at, None), at, None).unwrap();
    assert!(state.current_stage().is_none());
}

async fn start_board(path: &std::path::Path) -> Local {
    let store = SqliteStore::open(path).await.unwrap();
    let board = Board::open(store, board_signer(5)).await.unwrap();
    serve_local(board, Limits::default()).await.unwrap()
}

/// The whole procedure over HTTP: a plan whose periods have passed (registration closing
/// 3 s after the start, no publicity), the stages through the board, the vote stage linked
/// to a real election run on the same board, refusals that change nothing, a restart, and
/// the record.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_whole_procedure_through_the_board() {
    let dir = TempDir::new("zhixuan_procedure");
    let db = dir.path().join("board.db");
    let server = start_board(&db).await;
    let client = BoardClient::new(&server.url);
    let p = Procedure::new(test_plan_now());
    let id = p.id().to_owned();
    let mut run = Run::start(&p, &client).await;
    let again = client.create_procedure(&p.plan_entry()).await.unwrap_err();
    assert_eq!(again.code(), Some("procedure_exists"));

    run.send(
        ProcedureEntry::Announcement(p.organiser(Announcement {
            stage: "announce".into(),
            text: words("meeting in the hall"),
        })),
        None,
    )
    .await;
    run.close(None).await;
    for r in registrations(&p) {
        run.send(r, None).await;
    }
    // A registration for a third post: refused with its code, naming the stage; nothing
    // changes.
    let before = client.procedure(&id).await.unwrap();
    let third = p.registration(
        "register",
        "he-ping",
        Channel::SelfNomination,
        &["secretary", "committee", "secretary"],
        0,
    );
    let err = client.append_procedure(&id, &third).await.unwrap_err();
    assert_eq!(err.code(), Some("invalid_registration"));
    assert!(err.to_string().contains("register"), "{err}");
    assert_eq!(client.procedure(&id).await.unwrap(), before);

    // Registration closes 3 s after the plan's start: wait for it.
    tokio::time::sleep(std::time::Duration::from_secs(4)).await;
    run.close(None).await;
    for who in PEOPLE {
        run.send(review(&p, who, true), None).await;
    }
    run.send(review(&p, "gu-ming", false), None).await;
    run.close(None).await;
    for who in PEOPLE {
        run.send(p.reveal("lot", who), None).await;
    }
    run.close(None).await;

    // The vote: the small election on the same board, with 10 voters.
    let election = Election::new(small_election("procedure-vote", 10));
    let link = ProcedureEntry::StageElection(p.organiser(StageElection {
        stage: "vote".into(),
        election_id: election.id().into(),
        definition_hash: election.definition.hash(),
    }));
    // Not before the election is on the board.
    let err = client.append_procedure(&id, &link).await.unwrap_err();
    assert_eq!(err.code(), Some("candidates_differ"));
    election.setup(&client).await;
    let mut linked = LinkedElection {
        definition: election.definition.clone(),
        outcome: None,
    };
    run.send(link, Some(&linked)).await;
    let ballots = cast_test_ballots(&election, &client).await;
    // Closing the stage before the result is refused.
    let early = ProcedureEntry::StageClose(p.organiser(StageClose {
        stage: "vote".into(),
        lists: run.mirror.lists().to_vec(),
        order: vec![],
    }));
    let err = client.append_procedure(&id, &early).await.unwrap_err();
    assert_eq!(err.code(), Some("election_undecided"));
    linked.outcome = Some(election.finish(&client, &ballots).await);
    run.close(Some(&linked)).await;
    let info = client.procedure(&id).await.unwrap();
    assert_eq!(
        info.lists[1],
        (
            "committee".to_owned(),
            vec!["an-li".to_owned(), "bai-xue".to_owned()]
        )
    );

    // The street committee picks someone not on the list, the wrong number, then one.
    let decide = |chosen: &[&str]| {
        ProcedureEntry::Decision(p.body(
            "street",
            Decision {
                stage: "street-vote".into(),
                chosen: chosen.iter().map(|s| s.to_string()).collect(),
                reasons: words("recommendation, inspection and the trust vote weighed"),
            },
        ))
    };
    let err = client
        .append_procedure(&id, &decide(&["gu-ming"]))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("not_on_list"));
    let err = client
        .append_procedure(&id, &decide(&[]))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("wrong_pick"));
    // A stage out of order: the approval before the decision.
    let approve = |lists: Vec<PostList>| {
        ProcedureEntry::Endorsement(p.body(
            "district",
            Endorsement {
                stage: "approve".into(),
                lists,
            },
        ))
    };
    let err = client
        .append_procedure(&id, &approve(run.mirror.lists().to_vec()))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("stage_out_of_order"));
    run.send(decide(&["an-li"]), None).await;
    run.close(None).await;
    run.send(
        ProcedureEntry::Statement(p.organiser(Statement {
            stage: "pledges".into(),
            person: "an-li".into(),
            text: words("a service hall open on weekends within a year"),
        })),
        None,
    )
    .await;
    run.close(None).await;
    let mut wrong = run.mirror.lists().to_vec();
    wrong[0].people.clear();
    let err = client
        .append_procedure(&id, &approve(wrong))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("list_mismatch"));
    run.send(approve(run.mirror.lists().to_vec()), None).await;
    run.close(None).await;
    let info = client.procedure(&id).await.unwrap();
    assert_eq!(info.current_stage, None);
    assert_eq!(info.closed_stages, 8);

    // The record: every entry, stamps never decreasing, under the board's checkpoint.
    let record = client.procedure_record(&id).await.unwrap();
    let lines: Vec<&str> = record.lines().collect();
    assert_eq!(lines.len() as u64, info.size + 2);
    let entries: Vec<LogEntry<ProcedureEntry>> = lines[1..lines.len() - 1]
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(entries
        .windows(2)
        .all(|w| w[0].received_at <= w[1].received_at));
    let footer: RecordFooter = serde_json::from_str(lines[lines.len() - 1]).unwrap();
    let mut tree = MerkleTree::new();
    for e in &entries {
        tree.push(e.leaf_hash());
    }
    let checkpoint: SignedCheckpoint = footer.checkpoint.parse().unwrap();
    let verified = checkpoint.verify(&board_signer(5).verifier()).unwrap();
    assert_eq!(verified.root(), &tree.root());

    // The timeline page shows every stage, the linked election and the final lists.
    let page = reqwest::get(format!("{}/p/{id}?lang=en", server.url))
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    for text in [
        "register",
        "street-vote",
        "/e/procedure-vote",
        "not qualified",
        "an-li, bai-xue",
    ] {
        assert!(html.contains(text), "the page lacks {text}");
    }
    let index = reqwest::get(&server.url)
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(index.contains(&format!("/p/{id}")));
    let missing = reqwest::get(format!("{}/p/nothing-here", server.url))
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);

    // A restart replays the procedure (after its election) and serves the same.
    drop(client);
    server.stop().await.unwrap();
    let server = start_board(&db).await;
    let client = BoardClient::new(&server.url);
    // Listed before anyone asks for it by id: the board loads procedures when it opens.
    assert_eq!(
        client.procedures().await.unwrap(),
        std::slice::from_ref(&info)
    );
    assert_eq!(client.procedure(&id).await.unwrap(), info);
    assert!(client.elections().await.unwrap().iter().all(|e| e.id != id));
    server.stop().await.unwrap();
}

/// A time of an example's calendar, as the example writes it (RFC 3339).
fn at(text: &str) -> OffsetDateTime {
    OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).unwrap()
}

/// `examples/{name}.procedure.json`, which must name the demonstration keys
/// (examples/README.md), and its state from its plan, stamped `start`.
fn example_procedure(name: &str, start: &str) -> (Procedure, ProcedureState) {
    let text = std::fs::read_to_string(example_path(&format!("{name}.procedure.json"))).unwrap();
    let plan = zhixuan_election::ProcedurePlan::from_json(&text).unwrap();
    assert_eq!(
        plan.document().organiser,
        *demo_key("organiser").verifying_key()
    );
    for b in &plan.document().bodies {
        assert_eq!(b.key, *body_key(&b.id).verifying_key(), "body {}", b.id);
    }
    let p = Procedure { plan };
    let state = ProcedureState::new(&p.plan_entry(), at(start)).unwrap();
    (p, state)
}

/// Admits `entry` stamped `when`: the rules must accept it.
fn step(
    state: &mut ProcedureState,
    entry: ProcedureEntry,
    when: &str,
    linked: Option<&LinkedElection>,
) {
    state.apply(&entry, at(when), linked).unwrap();
}

/// Closes the current stage at `when` with the lists its rule gives.
fn close(state: &mut ProcedureState, p: &Procedure, when: &str, linked: Option<&LinkedElection>) {
    let entry = p.close(state, at(when), linked);
    state.apply(&entry, at(when), linked).unwrap();
}

/// The organiser's link of `stage` to the election of `definition`.
fn link(
    p: &Procedure,
    stage: &str,
    definition: &zhixuan_election::ElectionDefinition,
) -> ProcedureEntry {
    ProcedureEntry::StageElection(p.organiser(StageElection {
        stage: stage.into(),
        election_id: definition.election_id().into(),
        definition_hash: definition.hash(),
    }))
}

/// The body `body` files or approves the lists as they stand, at `when`; the stage closes.
fn endorse(state: &mut ProcedureState, p: &Procedure, body: &str, stage: &str, when: &str) {
    let entry = ProcedureEntry::Endorsement(p.body(
        body,
        Endorsement {
            stage: stage.into(),
            lists: state.lists().to_vec(),
        },
    ));
    step(state, entry, when, None);
    close(state, p, when, None);
}

/// `examples/nanjing.procedure.json`: the eight steps of Nanjing's 公推直选 as a plan,
/// run through the rules on the example's own calendar with the example elections'
/// definitions and outcomes — registration by the three channels, the review (one
/// registrant for each post not qualified), the recommendation meeting keeping at least 4
/// for secretary (5, with a tie at the cut) and 7 for the committee, inspection to 3, the
/// street committee's vote to 2, the assembly electing the secretary 2 for 1 and 5 of 7
/// members, filing, approval and pledges. Every list follows from the one before; the
/// assembly's candidates are exactly the street committee's two.
#[test]
fn the_nanjing_procedure_example_runs_from_registration_to_approval() {
    use zhixuan_testkit::{example, example_outcome};
    let (p, mut state) = example_procedure("nanjing", "2024-05-05T09:00:00+08:00");
    step(
        &mut state,
        ProcedureEntry::Announcement(p.organiser(Announcement {
            stage: "announce".into(),
            text: words("推荐大会 6月1日 8:30 社区会堂"),
        })),
        "2024-05-05T09:00:00+08:00",
        None,
    );
    close(&mut state, &p, "2024-05-05T09:00:00+08:00", None);

    let recommendation = example("nanjing-recommendation");
    let assembly = example("nanjing-assembly");
    let candidates = |contest: &str| -> Vec<String> {
        match &recommendation.contest(contest).unwrap().kind {
            zhixuan_election::ContestKind::Recommendation(c) => {
                c.candidates.iter().map(|c| c.id.clone()).collect()
            }
            _ => unreachable!(),
        }
    };
    let channels = [
        Channel::Organisation,
        Channel::SelfNomination,
        Channel::Joint,
    ];
    let register = |state: &mut ProcedureState, ids: &[String], post: &str| {
        for (i, id) in ids.iter().enumerate() {
            let channel = channels[i % 3];
            let signers = if channel == Channel::Joint { 12 } else { 0 };
            let entry = p.registration("registration", id, channel, &[post], signers);
            state
                .apply(&entry, at("2024-05-08T10:00:00+08:00"), None)
                .unwrap();
        }
    };
    let mut secretaries = candidates("secretary-recommendation");
    secretaries.push("qian-jun".into());
    let mut members = candidates("committee-recommendation");
    members.push("ma-li".into());
    register(&mut state, &secretaries, "secretary");
    register(&mut state, &members, "committee");
    close(&mut state, &p, "2024-05-13T17:00:00+08:00", None);
    for id in secretaries.iter().chain(&members) {
        let qualified = id != "qian-jun" && id != "ma-li";
        let entry = ProcedureEntry::ReviewDecision(p.body(
            "party-organisation",
            ReviewDecision {
                stage: "review".into(),
                registrant: id.clone(),
                qualified,
                reason: words(if qualified {
                    "符合条件"
                } else {
                    "党龄不满一年"
                }),
            },
        ));
        step(&mut state, entry, "2024-05-14T10:00:00+08:00", None);
    }
    close(&mut state, &p, "2024-05-14T10:00:00+08:00", None);

    let meeting = LinkedElection {
        definition: recommendation.clone(),
        outcome: Some(example_outcome("nanjing-recommendation")),
    };
    // Not before the review's 5 days of publicity have passed.
    assert_eq!(
        code(state.apply(
            &link(&p, "recommendation-secretary", &recommendation),
            at("2024-05-17T10:00:00+08:00"),
            Some(&meeting)
        )),
        ErrorCode::PublicityPeriodRunning
    );
    step(
        &mut state,
        link(&p, "recommendation-secretary", &recommendation),
        "2024-05-20T10:00:00+08:00",
        Some(&meeting),
    );
    close(&mut state, &p, "2024-06-01T12:00:00+08:00", Some(&meeting));
    // At least 4: five kept, with a tie at the cut.
    assert_eq!(state.lists()[0].people.len(), 5);
    step(
        &mut state,
        link(&p, "recommendation-committee", &recommendation),
        "2024-06-01T12:00:00+08:00",
        Some(&meeting),
    );
    close(&mut state, &p, "2024-06-01T12:00:00+08:00", Some(&meeting));
    assert_eq!(state.lists()[1].people.len(), 7);

    let decide = |stage: &str, chosen: &[&str]| {
        ProcedureEntry::Decision(p.body(
            "street-committee",
            Decision {
                stage: stage.into(),
                chosen: chosen.iter().map(|s| s.to_string()).collect(),
                reasons: words("推荐票、考察情况与信任投票综合考虑"),
            },
        ))
    };
    step(
        &mut state,
        decide("inspection", &["wang-fang", "li-ming", "zhang-wei"]),
        "2024-06-07T10:00:00+08:00",
        None,
    );
    close(&mut state, &p, "2024-06-07T10:00:00+08:00", None);
    step(
        &mut state,
        decide("street-vote", &["wang-fang", "li-ming"]),
        "2024-06-08T10:00:00+08:00",
        None,
    );
    close(&mut state, &p, "2024-06-08T10:00:00+08:00", None);

    let members_assembly = LinkedElection {
        definition: assembly.clone(),
        outcome: Some(example_outcome("nanjing-assembly")),
    };
    step(
        &mut state,
        link(&p, "assembly-secretary", &assembly),
        "2024-06-14T10:00:00+08:00",
        Some(&members_assembly),
    );
    close(
        &mut state,
        &p,
        "2024-06-15T12:00:00+08:00",
        Some(&members_assembly),
    );
    step(
        &mut state,
        link(&p, "assembly-committee", &assembly),
        "2024-06-15T12:00:00+08:00",
        Some(&members_assembly),
    );
    close(
        &mut state,
        &p,
        "2024-06-15T12:00:00+08:00",
        Some(&members_assembly),
    );
    assert_eq!(state.lists()[0].people, ["wang-fang"]);
    assert_eq!(
        state.lists()[1].people,
        ["sun-li", "zhou-qiang", "wu-min", "zheng-hao", "feng-xia"]
    );
    for stage in ["filing", "approval"] {
        endorse(
            &mut state,
            &p,
            "district-committee",
            stage,
            "2024-06-20T10:00:00+08:00",
        );
    }
    let pledge = ProcedureEntry::Statement(p.organiser(Statement {
        stage: "pledges".into(),
        person: "wang-fang".into(),
        text: words("一年内建成社区服务站，周末开放"),
    }));
    step(&mut state, pledge, "2024-06-21T10:00:00+08:00", None);
    close(&mut state, &p, "2024-06-21T10:00:00+08:00", None);
    assert!(state.current_stage().is_none());
}

/// `examples/pingchang.procedure.json`: Pingchang's three publics, two ballots and three
/// rounds as a plan, run through the rules on the example's own calendar with the example
/// elections' definitions and outcomes — registration for up to two posts each, the review
/// (one registrant not qualified), the lot for the speaking order, the recommendation
/// meeting keeping the formal candidates of four posts, then the three rounds top post
/// first and the discipline committee members (one seat left open), approval and the term
/// pledge. A round's candidates follow from the lists and the rounds before: nobody elected runs again, and
/// nobody who has not yet run is left out; whoever lost an earlier round may stand again.
#[test]
fn the_pingchang_procedure_example_runs_three_rounds_from_the_lists() {
    use zhixuan_election::{ContestKind, ElectionDefinition};
    use zhixuan_testkit::{example, example_outcome};
    let (p, mut state) = example_procedure("pingchang", "2024-06-08T09:00:00+08:00");
    step(
        &mut state,
        ProcedureEntry::Announcement(p.organiser(Announcement {
            stage: "publicity".into(),
            text: words("公开推荐大会 6月28日 8:30 乡镇会堂"),
        })),
        "2024-06-08T09:00:00+08:00",
        None,
    );
    close(&mut state, &p, "2024-06-08T09:00:00+08:00", None);

    // Everyone a recommendation contest names registers for its posts, in plan order: at
    // most two each.
    let recommendation = example("pingchang-recommendation");
    let posts = [
        "secretary",
        "deputy-secretary",
        "member",
        "discipline-member",
    ];
    let mut applied: Vec<(String, Vec<&str>)> = Vec::new();
    for post in posts {
        let ContestKind::Recommendation(c) = &recommendation.contest(post).unwrap().kind else {
            unreachable!()
        };
        for who in &c.candidates {
            match applied.iter_mut().find(|(id, _)| *id == who.id) {
                Some((_, mine)) => mine.push(post),
                None => applied.push((who.id.clone(), vec![post])),
            }
        }
    }
    applied.push(("qian-jun".into(), vec!["secretary"]));
    let channels = [
        Channel::Organisation,
        Channel::SelfNomination,
        Channel::Joint,
    ];
    for (i, (id, mine)) in applied.iter().enumerate() {
        let channel = channels[i % 3];
        let signers = if channel == Channel::Joint { 10 } else { 0 };
        let entry = p.registration("registration", id, channel, mine, signers);
        step(&mut state, entry, "2024-06-12T10:00:00+08:00", None);
    }
    // A third post is refused: the report's two posts each.
    let third = p.registration(
        "registration",
        "extra",
        Channel::SelfNomination,
        &["secretary", "deputy-secretary", "member"],
        0,
    );
    assert_eq!(
        code(state.apply(&third, at("2024-06-12T10:00:00+08:00"), None)),
        ErrorCode::InvalidRegistration
    );
    close(&mut state, &p, "2024-06-17T17:00:00+08:00", None);
    for (id, _) in &applied {
        let entry = ProcedureEntry::ReviewDecision(p.body(
            "township-committee",
            ReviewDecision {
                stage: "review".into(),
                registrant: id.clone(),
                qualified: id != "qian-jun",
                reason: words("审查"),
            },
        ));
        step(&mut state, entry, "2024-06-18T10:00:00+08:00", None);
    }
    close(&mut state, &p, "2024-06-18T10:00:00+08:00", None);
    for (id, _) in applied.iter().filter(|(id, _)| id != "qian-jun") {
        step(
            &mut state,
            p.reveal("lot", id),
            "2024-06-24T10:00:00+08:00",
            None,
        );
    }
    close(&mut state, &p, "2024-06-24T10:00:00+08:00", None);
    assert_eq!(state.order().len(), applied.len() - 1);

    let linked = |name: &str| LinkedElection {
        definition: example(name),
        outcome: Some(example_outcome(name)),
    };
    let meeting = linked("pingchang-recommendation");
    for stage in [
        "recommendation-secretary",
        "recommendation-deputy",
        "recommendation-member",
        "recommendation-discipline",
    ] {
        step(
            &mut state,
            link(&p, stage, &recommendation),
            "2024-06-28T11:30:00+08:00",
            Some(&meeting),
        );
        close(&mut state, &p, "2024-06-28T11:30:00+08:00", Some(&meeting));
    }

    // Round 2 is not the stage of its turn: round 1 comes first.
    let round2 = linked("pingchang-round2");
    assert_eq!(
        code(state.apply(
            &link(&p, "round-2", &round2.definition),
            at("2024-07-05T09:00:00+08:00"),
            Some(&round2)
        )),
        ErrorCode::StageOutOfOrder
    );
    let round1 = linked("pingchang-round1");
    step(
        &mut state,
        link(&p, "round-1", &round1.definition),
        "2024-07-05T09:00:00+08:00",
        Some(&round1),
    );
    close(&mut state, &p, "2024-07-05T10:05:00+08:00", Some(&round1));
    assert_eq!(state.lists()[0].people, ["li-jianguo"]);

    // Round 2 as the example has it, and as a board must refuse it: the secretary elected
    // in round 1 running again, or a registrant who has not yet run left out.
    let altered = |edit: &dyn Fn(&mut Vec<zhixuan_election::Candidate>)| {
        let mut doc: zhixuan_election::DefinitionDocument = serde_json::from_str(
            &std::fs::read_to_string(example_path("pingchang-round2.json")).unwrap(),
        )
        .unwrap();
        let ContestKind::Competitive(c) = &mut doc.contests[0].kind else {
            unreachable!()
        };
        edit(&mut c.candidates);
        LinkedElection {
            definition: ElectionDefinition::from_document(doc).unwrap(),
            outcome: None,
        }
    };
    let with_secretary = altered(&|c| {
        c.push(zhixuan_election::Candidate {
            id: "li-jianguo".into(),
            name: zhixuan_election::Bilingual::new("李建国", "Li Jianguo"),
        })
    });
    let without_zhou = altered(&|c| c.retain(|c| c.id != "zhou-tao"));
    for bad in [&with_secretary, &without_zhou] {
        assert_eq!(
            code(state.apply(
                &link(&p, "round-2", &bad.definition),
                at("2024-07-05T10:30:00+08:00"),
                Some(bad)
            )),
            ErrorCode::CandidatesDiffer
        );
    }
    step(
        &mut state,
        link(&p, "round-2", &round2.definition),
        "2024-07-05T10:30:00+08:00",
        Some(&round2),
    );
    close(&mut state, &p, "2024-07-05T11:35:00+08:00", Some(&round2));
    let round3 = linked("pingchang-round3");
    for stage in ["round-3", "discipline"] {
        step(
            &mut state,
            link(&p, stage, &round3.definition),
            "2024-07-05T14:35:00+08:00",
            Some(&round3),
        );
        close(&mut state, &p, "2024-07-05T14:35:00+08:00", Some(&round3));
    }
    // The discipline committee's third seat stays open: Jiang Bo has more than half of the
    // ballots but not of the members present.
    let elected: Vec<usize> = state.lists().iter().map(|l| l.people.len()).collect();
    assert_eq!(elected, [1, 1, 3, 2]);
    endorse(
        &mut state,
        &p,
        "county-committee",
        "approval",
        "2024-07-10T10:00:00+08:00",
    );
    let pledge = ProcedureEntry::Statement(p.organiser(Statement {
        stage: "pledge".into(),
        person: "li-jianguo".into(),
        text: words("任期内每年向全体党员述职"),
    }));
    step(&mut state, pledge, "2024-07-10T10:00:00+08:00", None);
    close(&mut state, &p, "2024-07-10T10:00:00+08:00", None);
    assert!(state.current_stage().is_none());
}

/// `examples/xinzhou.procedure.json`: Xinzhou's direct evaluation as a procedure around this
/// year's rating — the time, place and procedure published 3 days ahead (2 days is refused),
/// the questions at the meeting recorded, the village party organisation and the
/// leadership's members rated, and the result filed: the list that leaves the rating is
/// the officials not competent two years running, for organisational adjustment.
#[test]
fn the_xinzhou_procedure_example_checks_its_notice_and_refers_for_adjustment() {
    use zhixuan_testkit::{example, example_outcome};
    let (p, mut state) = example_procedure("xinzhou", "2024-12-10T09:00:00+08:00");
    let announce = ProcedureEntry::Announcement(p.organiser(Announcement {
        stage: "announce".into(),
        text: words("12月20日14:00 村委会议室；程序：述职、质询、测评"),
    }));
    // Two days ahead is not the report's three.
    assert_eq!(
        code(state.apply(&announce, at("2024-12-18T14:00:00+08:00"), None)),
        ErrorCode::NoticeTooShort
    );
    step(&mut state, announce, "2024-12-17T14:00:00+08:00", None);
    close(&mut state, &p, "2024-12-17T14:00:00+08:00", None);
    let question = ProcedureEntry::Statement(p.organiser(Statement {
        stage: "questioning".into(),
        person: "deng-wei".into(),
        text: words("问：村道硬化为何延期？答：资金下月到位，春节前完工。"),
    }));
    step(&mut state, question, "2024-12-20T14:30:00+08:00", None);
    close(&mut state, &p, "2024-12-20T14:40:00+08:00", None);
    let rating = LinkedElection {
        definition: example("xinzhou"),
        outcome: Some(example_outcome("xinzhou")),
    };
    for stage in ["rate-organisation", "rate-officials"] {
        step(
            &mut state,
            link(&p, stage, &rating.definition),
            "2024-12-20T17:30:00+08:00",
            Some(&rating),
        );
        close(&mut state, &p, "2024-12-20T17:30:00+08:00", Some(&rating));
    }
    // Deng Wei, not competent in 2023 and in 2024, is referred for adjustment.
    assert!(state.lists()[0].people.is_empty());
    assert_eq!(state.lists()[1].people, ["deng-wei"]);
    endorse(
        &mut state,
        &p,
        "town-committee",
        "filing",
        "2024-12-23T10:00:00+08:00",
    );
    assert!(state.current_stage().is_none());
}

/// `examples/pingchang-recall.procedure.json`: a recall (罢免) in Pingchang, years after the
/// election — the members' petition, counted against its declared share of the 320
/// members (63 of the 64 needed is refused), then the recall vote on the official the
/// petition names (a vote on anyone else is refused), then the county's approval of the list
/// it leaves: the official recalled.
#[test]
fn the_pingchang_recall_example_needs_its_petition_and_its_official() {
    use zhixuan_testkit::{example, example_outcome};
    let (p, mut state) = example_procedure("pingchang-recall", "2025-06-01T09:00:00+08:00");
    let petition = |n: usize| {
        ProcedureEntry::Petition(p.organiser(Petition {
            stage: "petition".into(),
            signers: (1..=n).map(|i| format!("党员 {i}")).collect(),
        }))
    };
    assert_eq!(
        code(state.apply(&petition(63), at("2025-06-20T09:00:00+08:00"), None)),
        ErrorCode::PetitionShort
    );
    state
        .apply(&petition(64), at("2025-06-20T09:00:00+08:00"), None)
        .unwrap();
    let entry = p.close(&state, at("2025-06-20T10:00:00+08:00"), None);
    state
        .apply(&entry, at("2025-06-20T10:00:00+08:00"), None)
        .unwrap();

    // A recall vote on someone the petition did not name.
    let mut doc: zhixuan_election::DefinitionDocument = serde_json::from_str(
        &std::fs::read_to_string(example_path("pingchang-recall.json")).unwrap(),
    )
    .unwrap();
    let zhixuan_election::ContestKind::Recall(c) = &mut doc.contests[0].kind else {
        unreachable!()
    };
    c.official.id = "chen-wen".into();
    let other = LinkedElection {
        definition: zhixuan_election::ElectionDefinition::from_document(doc).unwrap(),
        outcome: None,
    };
    assert_eq!(
        code(state.apply(
            &link(&p, "recall-vote", &other.definition),
            at("2025-07-01T09:00:00+08:00"),
            Some(&other)
        )),
        ErrorCode::CandidatesDiffer
    );
    let vote = LinkedElection {
        definition: example("pingchang-recall"),
        outcome: Some(example_outcome("pingchang-recall")),
    };
    state
        .apply(
            &link(&p, "recall-vote", &vote.definition),
            at("2025-07-01T09:00:00+08:00"),
            Some(&vote),
        )
        .unwrap();
    let entry = p.close(&state, at("2025-07-10T12:00:00+08:00"), Some(&vote));
    state
        .apply(&entry, at("2025-07-10T12:00:00+08:00"), Some(&vote))
        .unwrap();
    // 170 of the 320 members voted yes: more than half of all of them.
    assert_eq!(state.lists()[0].people, ["li-jianguo"]);
    endorse(
        &mut state,
        &p,
        "county-committee",
        "approval",
        "2025-07-16T09:00:00+08:00",
    );
    assert!(state.current_stage().is_none());
}
