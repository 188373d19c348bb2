//! A whole small procedure (`zhixuan_testkit::procedure::test_plan`) run only through the
//! `zhixuan procedure` commands against a real board, with the kit's small election as its
//! vote stage; answers lost on `register` and on `close` (every attempt's answer dropped by
//! the kit's proxy, so that the command gives up) and the command run again: recognised,
//! nothing doubled, the same list; and bad input — a third post, a stage out of order, a
//! decision off the list — refused with the board's code as a sentence in Chinese and
//! English, changing nothing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use clap::Parser;
use time::OffsetDateTime;
use zhixuan_board::server::http::serve_local;
use zhixuan_board::server::{Board, Limits};
use zhixuan_board::SqliteStore;
use zhixuan_cli::keys::{self, Role};
use zhixuan_cli::{run, Cli, CliError, Lang, Report, Ui};
use zhixuan_election::{Post, StageRule};
use zhixuan_record::client::BoardClient;
use zhixuan_record::ProcedureEntry;
use zhixuan_testkit::procedure::{body_key, cast_test_ballots, test_plan_closing_in, PEOPLE};
use zhixuan_testkit::{board_signer, demo_key, small_election, Election, Fault, Proxy, TempDir};

const ID: &str = "test-procedure";
const ENTRIES: &str = "/procedures/test-procedure/entries";

/// The test's folder, board and proxy.
struct Setting {
    dir: TempDir,
    url: String,
    client: BoardClient,
}

impl Setting {
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn p(&self, name: &str) -> String {
        self.path(name).display().to_string()
    }

    /// `zhixuan --board (proxy) ARGS` run as a person runs it, with the organiser's folder
    /// for saved entries unless the args give one.
    async fn zx(&self, args: &[&str]) -> Result<Report, CliError> {
        let mut line: Vec<String> = vec![
            "zhixuan".into(),
            "--board".into(),
            self.url.clone(),
            "procedure".into(),
        ];
        line.extend(args.iter().map(|a| (*a).to_owned()));
        if args[0] != "keygen" && args[0] != "status" && !args.contains(&"--dir") {
            line.push("--dir".into());
            line.push(self.p("organiser-entries"));
        }
        let cli = Cli::try_parse_from(&line).unwrap_or_else(|e| panic!("{line:?}: {e}"));
        run(cli, &Ui::quiet(Lang::En)).await
    }

    async fn ok(&self, args: &[&str]) -> Report {
        self.zx(args)
            .await
            .unwrap_or_else(|e| panic!("{args:?}: {}", e.message(Lang::En)))
    }

    async fn size(&self) -> u64 {
        self.client.procedure(ID).await.unwrap().size
    }

    /// The board refuses `args` with `code`, said in both languages, and nothing changes.
    async fn refused(&self, args: &[&str], code: &str, zh: &str) {
        let before = self.size().await;
        let e = self.zx(args).await.expect_err("refused");
        assert_eq!(e.code(), Some(code), "{}", e.message(Lang::En));
        let (en_text, zh_text) = (e.message(Lang::En), e.message(Lang::Zh));
        assert!(en_text.contains(code), "{en_text}");
        assert!(zh_text.contains(zh) && zh_text.contains(code), "{zh_text}");
        assert!(
            !zh_text.contains("refused"),
            "no English inside Chinese: {zh_text}"
        );
        assert_eq!(self.size().await, before, "nothing changes");
    }
}

fn published(report: Report) -> zhixuan_cli::procedure::Published {
    match report {
        Report::ProcedurePublished(p) => p,
        other => panic!("not a procedure entry: {other:?}"),
    }
}

/// `--procedure ID --stage STAGE REST…`.
fn with(stage: &str, rest: &[&str]) -> Vec<String> {
    ["--procedure", ID, "--stage", stage]
        .iter()
        .chain(rest)
        .map(|a| (*a).to_owned())
        .collect()
}

fn save_key(path: &Path, role: Role, key: &zhixuan_tally::SigningKey) {
    keys::save(path, role, key).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_whole_procedure_through_the_commands() {
    let dir = TempDir::new("zhixuan_procedure_cli");
    let store = SqliteStore::open(&dir.path().join("board.db"))
        .await
        .unwrap();
    let served = serve_local(
        Board::open(store, board_signer(8)).await.unwrap(),
        Limits::default(),
    )
    .await
    .unwrap();
    let proxy = Proxy::start(served.addr).await;
    let s = Setting {
        url: proxy.url.clone(),
        client: BoardClient::new(&served.url),
        dir,
    };

    // The plan: the kit's, with registration open for 25 s, and a third post so that a
    // registration for three posts is possible to ask for (the plan allows two).
    let mut plan = test_plan_closing_in(25);
    plan.posts.push(Post {
        id: "deputy".into(),
        name: zhixuan_testkit::procedure::words("deputy"),
        seats: 1,
    });
    let StageRule::Registration { closes, .. } = plan.stages[1].rule else {
        panic!("the kit's second stage registers")
    };
    std::fs::write(s.path("plan.json"), serde_json::to_string(&plan).unwrap()).unwrap();
    save_key(
        &s.path("organiser.key"),
        Role::Organiser,
        &demo_key("organiser"),
    );
    for body in ["branch", "street", "district"] {
        save_key(&s.path(&format!("{body}.key")), Role::Body, &body_key(body));
    }
    let (organiser, plan_path) = (s.p("organiser.key"), s.p("plan.json"));

    // The organiser publishes the plan; a rerun is recognised.
    let created = published(s.ok(&["create", &plan_path, "--key", &organiser]).await);
    assert_eq!((created.index, created.already), (0, false));
    let again = published(s.ok(&["create", &plan_path, "--key", &organiser]).await);
    assert_eq!((again.index, again.already), (0, true));

    macro_rules! zx_ok {
        ($cmd:expr, $stage:expr, $($rest:expr),*) => {{
            let args = with($stage, &[$($rest),*]);
            let mut line = vec![$cmd];
            line.extend(args.iter().map(String::as_str));
            published(s.ok(&line).await)
        }};
    }

    zx_ok!(
        "announce",
        "announce",
        "--text-zh",
        "大会在社区礼堂召开",
        "--text-en",
        "the meeting is in the hall",
        "--key",
        &organiser
    );
    zx_ok!("close", "announce", "--key", &organiser);

    // Registrants, each with a key of their own and a lot secret.
    let registrants: [(&str, &str, &[&str], usize); 6] = [
        ("an-li", "organisation", &["secretary", "committee"], 0),
        ("bai-xue", "self", &["committee"], 0),
        ("cao-yang", "joint", &["committee"], 3),
        ("du-juan", "self", &["committee"], 0),
        ("fang-hua", "joint", &["committee"], 3),
        ("gu-ming", "self", &["secretary"], 0),
    ];
    for (who, ..) in &registrants {
        s.ok(&[
            "keygen",
            "--role",
            "person",
            "--out",
            &s.p(&format!("{who}.key")),
        ])
        .await;
    }
    let register = |who: &str, channel: &str, posts: &[&str], signers: usize| -> Vec<String> {
        let mut line: Vec<String> = [
            "register",
            "--procedure",
            ID,
            "--stage",
            "register",
            "--id",
            who,
            "--name-zh",
            who,
            "--name-en",
            who,
            "--channel",
            channel,
        ]
        .into_iter()
        .map(str::to_owned)
        .collect();
        for post in posts {
            line.extend(["--post".to_owned(), (*post).to_owned()]);
        }
        for k in 1..=signers {
            line.extend(["--signer".to_owned(), format!("联名人 {k}")]);
        }
        line.extend([
            "--key".to_owned(),
            s.p(&format!("{who}.key")),
            "--lot-secret".to_owned(),
            s.p(&format!("{who}.lot")),
            "--dir".to_owned(),
            s.p(&format!("{who}-entries")),
        ]);
        line
    };
    for (who, channel, posts, signers) in &registrants {
        let line = register(who, channel, posts, *signers);
        if *who == "du-juan" {
            // Every attempt's answer is lost: the command gives up, the entry saved.
            for _ in 0..4 {
                proxy.next("POST", ENTRIES, Fault::LoseAnswer);
            }
            let args: Vec<&str> = line.iter().map(String::as_str).collect();
            let lost = s.zx(&args).await.expect_err("no answer");
            assert!(
                matches!(lost, CliError::EntryUnanswered { .. }),
                "{}",
                lost.message(Lang::En)
            );
            assert!(lost.message(Lang::Zh).contains("再运行一次同一命令"));
            let secret = std::fs::read(s.path("du-juan.lot")).unwrap();
            // Run again: the same entry, recognised; the lot secret is the one written.
            let rerun = published(s.ok(&args).await);
            assert!(rerun.already, "recognised as already on the board");
            assert_eq!(std::fs::read(s.path("du-juan.lot")).unwrap(), secret);
            continue;
        }
        let args: Vec<&str> = line.iter().map(String::as_str).collect();
        let r = published(s.ok(&args).await);
        assert!(!r.already);
    }
    assert_eq!(
        proxy.suffered().len(),
        4,
        "every answer to du-juan's attempts was lost"
    );
    // One registration of du-juan on the log, not two.
    let record = s.client.procedure_record(ID).await.unwrap();
    assert_eq!(
        record.matches("\"registrant\":{\"id\":\"du-juan\"").count(),
        1,
        "{record}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(s.path("an-li.lot"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    // A third post: refused by the board's rule, said in both languages.
    s.ok(&["keygen", "--role", "person", "--out", &s.p("he-ping.key")])
        .await;
    let third = register("he-ping", "self", &["secretary", "committee", "deputy"], 0);
    let args: Vec<&str> = third.iter().map(String::as_str).collect();
    s.refused(&args, "invalid_registration", "报名").await;

    // A stage out of order: the street committee cannot decide during registration.
    let street = s.p("street.key");
    let decide_early = with(
        "street-vote",
        &[
            "--choose",
            "an-li",
            "--reasons-zh",
            "早",
            "--reasons-en",
            "early",
            "--key",
            &street,
        ],
    );
    let mut line = vec!["decide"];
    line.extend(decide_early.iter().map(String::as_str));
    s.refused(&line, "stage_out_of_order", "阶段").await;

    // Closing registration waits for its window to close (the board's stamps decide).
    let wait = closes - OffsetDateTime::now_utc();
    if wait.is_positive() {
        tokio::time::sleep(std::time::Duration::from_millis(
            u64::try_from(wait.whole_milliseconds()).unwrap() + 1200,
        ))
        .await;
    }
    let closed = zx_ok!("close", "register", "--key", &organiser);
    assert_eq!(closed.lists.len(), 3);

    let branch = s.p("branch.key");
    for who in PEOPLE {
        zx_ok!(
            "review",
            "review",
            "--registrant",
            who,
            "--qualified",
            "--reason-zh",
            "符合条件",
            "--reason-en",
            "meets the conditions",
            "--key",
            &branch
        );
    }
    zx_ok!(
        "review",
        "review",
        "--registrant",
        "gu-ming",
        "--not-qualified",
        "--reason-zh",
        "党龄不足一年",
        "--reason-en",
        "a member for less than a year",
        "--key",
        &branch
    );

    // The close's answer is lost every time: the command gives up; run again, the stage is
    // closed once, with the same list, and the next stage is not closed.
    for _ in 0..4 {
        proxy.next("POST", ENTRIES, Fault::LoseAnswer);
    }
    let lost = s
        .zx(&[
            "close",
            "--procedure",
            ID,
            "--stage",
            "review",
            "--key",
            &organiser,
        ])
        .await
        .expect_err("no answer");
    assert!(matches!(lost, CliError::EntryUnanswered { .. }));
    let rerun = zx_ok!("close", "review", "--key", &organiser);
    assert!(rerun.already);
    let review_close = rerun.index;
    let lists: Vec<(String, Vec<String>)> = rerun
        .lists
        .iter()
        .map(|l| {
            (
                l.post.clone(),
                l.people.iter().map(|(id, _)| id.clone()).collect(),
            )
        })
        .collect();
    assert_eq!(
        lists,
        [
            ("secretary".to_owned(), vec!["an-li".to_owned()]),
            (
                "committee".to_owned(),
                PEOPLE[..].iter().map(|p| (*p).to_owned()).collect()
            ),
            ("deputy".to_owned(), vec![]),
        ]
    );
    let once_more = zx_ok!("close", "review", "--key", &organiser);
    assert!(once_more.already);
    assert_eq!(once_more.index, review_close);
    let info = s.client.procedure(ID).await.unwrap();
    assert_eq!(
        info.current_stage.as_deref(),
        Some("lot"),
        "the next stage is not closed"
    );
    assert_eq!(
        s.client
            .procedure_record(ID)
            .await
            .unwrap()
            .matches("\"kind\":\"stage_close\"")
            .count(),
        3
    );

    for (who, ..) in &registrants[..5] {
        let line: Vec<String> = with(
            "lot",
            &[
                "--registrant",
                who,
                "--lot-secret",
                &s.p(&format!("{who}.lot")),
                "--key",
                &s.p(&format!("{who}.key")),
                "--dir",
                &s.p(&format!("{who}-entries")),
            ],
        );
        let mut args = vec!["reveal"];
        args.extend(line.iter().map(String::as_str));
        s.ok(&args).await;
    }
    let lot = zx_ok!("close", "lot", "--key", &organiser);
    assert_eq!(lot.order.len(), 5);

    // The vote stage: the kit's small election, on the same board.
    let election = Election::new(small_election("procedure-vote", 10));
    election.setup(&s.client).await;
    zx_ok!(
        "link",
        "vote",
        "--election",
        "procedure-vote",
        "--key",
        &organiser
    );
    let ballots = cast_test_ballots(&election, &s.client).await;
    // Closing before the result: the rule's code, found before anything is sent.
    let early = s
        .zx(&[
            "close",
            "--procedure",
            ID,
            "--stage",
            "vote",
            "--key",
            &organiser,
        ])
        .await
        .expect_err("undecided");
    assert_eq!(early.code(), Some("election_undecided"));
    assert!(early.message(Lang::Zh).contains("election_undecided"));
    election.finish(&s.client, &ballots).await;
    let vote = zx_ok!("close", "vote", "--key", &organiser);
    assert_eq!(
        vote.lists[1]
            .people
            .iter()
            .map(|(id, _)| id.as_str())
            .collect::<Vec<_>>(),
        ["an-li", "bai-xue"]
    );

    // A decision off the list: bai-xue is not on the secretary's list.
    let off = with(
        "street-vote",
        &[
            "--choose",
            "bai-xue",
            "--reasons-zh",
            "考察",
            "--reasons-en",
            "inspection",
            "--key",
            &street,
        ],
    );
    let mut line = vec!["decide"];
    line.extend(off.iter().map(String::as_str));
    s.refused(&line, "not_on_list", "名单").await;
    // The refused decision was saved but is not on the board: the right one replaces it.
    zx_ok!(
        "decide",
        "street-vote",
        "--choose",
        "an-li",
        "--reasons-zh",
        "考察",
        "--reasons-en",
        "inspection",
        "--key",
        &street
    );
    zx_ok!("close", "street-vote", "--key", &organiser);

    zx_ok!(
        "statement",
        "pledges",
        "--person",
        "an-li",
        "--text-zh",
        "一年内建成服务站",
        "--text-en",
        "a service hall within a year",
        "--key",
        &organiser
    );
    zx_ok!("close", "pledges", "--key", &organiser);
    zx_ok!("endorse", "approve", "--key", &s.p("district.key"));
    zx_ok!("close", "approve", "--key", &organiser);

    let status = match s.ok(&["status", "--procedure", ID]).await {
        Report::ProcedureStatus(status) => status,
        other => panic!("{other:?}"),
    };
    assert_eq!(status.current_stage, None);
    assert!(status.stages.iter().all(|st| st.closed_at.is_some()));
    assert_eq!(status.order.len(), 5);
    let text = Report::ProcedureStatus(status.clone()).render(Lang::Zh);
    assert!(
        text.contains("所有阶段均已结束") && text.contains("an-li"),
        "{text}"
    );
    let text = Report::ProcedureStatus(status).render(Lang::En);
    assert!(
        text.contains("Every stage is closed") && text.contains("speaking order"),
        "{text}"
    );

    // The record the commands made is one the board's own rules admit from the start, and
    // every entry is there once.
    let record = s.client.procedure_record(ID).await.unwrap();
    let entries: Vec<ProcedureEntry> = record
        .lines()
        .skip(1)
        .filter(|l| !l.contains("\"checkpoint\""))
        .map(|l| {
            serde_json::from_str::<zhixuan_record::LogEntry<ProcedureEntry>>(l)
                .unwrap()
                .entry
        })
        .collect();
    for (i, e) in entries.iter().enumerate() {
        assert!(!entries[..i].contains(e), "entry {i} is there twice");
    }
}

/// A plan that does not validate is refused before anything is sent, with the field named,
/// in both languages.
#[tokio::test]
async fn a_bad_plan_names_its_field() {
    let dir = TempDir::new("zhixuan_procedure_bad_plan");
    let mut plan = test_plan_closing_in(60);
    if let StageRule::Review { body } = &mut plan.stages[2].rule {
        *body = "nobody".into();
    }
    let path = dir.path().join("plan.json");
    std::fs::write(&path, serde_json::to_string(&plan).unwrap()).unwrap();
    let key = dir.path().join("organiser.key");
    save_key(&key, Role::Organiser, &demo_key("organiser"));
    let line = [
        "zhixuan",
        "--board",
        "http://127.0.0.1:9",
        "procedure",
        "create",
        path.to_str().unwrap(),
        "--key",
        key.to_str().unwrap(),
    ];
    let e = run(Cli::try_parse_from(line).unwrap(), &Ui::quiet(Lang::En))
        .await
        .expect_err("invalid");
    let (en, zh) = (e.message(Lang::En), e.message(Lang::Zh));
    assert!(
        en.contains("stages[2].rule.body") && en.contains("nobody"),
        "{en}"
    );
    assert!(
        zh.contains("计划") && zh.contains("stages[2].rule.body"),
        "{zh}"
    );
    assert_eq!(e.exit_code(), zhixuan_cli::error::EXIT_INPUT);
}
