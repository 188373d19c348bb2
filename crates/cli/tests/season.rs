//! A season of three communities through the `zhixuan` command's library, over HTTP against a
//! board of the test's own: the organiser's season commands and the trustees', each step
//! rerun to show that what is done is recognised and skipped, a step taken too early failing
//! in every election without stopping the others, and the whole season verified at the end.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use clap::Parser;
use zhixuan_board::server::http::serve_local;
use zhixuan_board::server::{Board, Limits};
use zhixuan_board::SqliteStore;
use zhixuan_cli::keys::{self, Role};
use zhixuan_cli::season::{ItemStatus, SeasonDone};
use zhixuan_cli::{run, Cli, Lang, Report, Ui};
use zhixuan_testkit::{board_signer, small_election, TempDir};

const IDS: [&str; 3] = ["season-test-a", "season-test-b", "season-test-c"];

async fn zhixuan(board: &str, args: &[&str]) -> Report {
    let line = ["zhixuan", "--board", board]
        .into_iter()
        .chain(args.iter().copied());
    let cli = Cli::try_parse_from(line).unwrap_or_else(|e| panic!("{args:?}: {e}"));
    run(cli, &Ui::quiet(Lang::En))
        .await
        .unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

async fn season(board: &str, args: &[&str]) -> SeasonDone {
    match zhixuan(board, args).await {
        Report::Season(done) => done,
        other => panic!("{args:?}: not a season report: {}", other.render(Lang::En)),
    }
}

/// Each election's status, in the manifest's order.
fn statuses(done: &SeasonDone) -> Vec<&ItemStatus> {
    assert_eq!(
        done.items
            .iter()
            .map(|i| i.election.as_str())
            .collect::<Vec<_>>(),
        IDS
    );
    done.items.iter().map(|i| &i.status).collect()
}

fn all(done: &SeasonDone, status: &ItemStatus) {
    assert!(
        statuses(done).iter().all(|s| *s == status),
        "{}",
        done.render(Lang::En)
    );
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The template: the test kit's small election (one group `voters`, five candidates for
/// two seats in `committee`, three trustees of whom two decrypt), with this test's keys
/// and `{name}` in its title.
fn write_template(dir: &Path) {
    let public = |file: &str, role| {
        keys::load(&dir.join(file), role)
            .unwrap()
            .verifying_key()
            .to_string()
    };
    let mut doc = serde_json::to_value(small_election("season-template", 9)).unwrap();
    doc["organiser"] = public("organiser.key", Role::Organiser).into();
    for i in 1..=3 {
        doc["trustees"][i - 1]["key"] = public(&format!("trustee-{i}.key"), Role::Trustee).into();
    }
    doc["title"]["zh"] = "{name}委员差额选举".into();
    doc["title"]["en"] = "{name}: election of two committee members".into();
    std::fs::write(dir.join("template.json"), doc.to_string()).unwrap();
    std::fs::write(
        dir.join("communities.csv"),
        "编号,名称,英文名称,选民组,候选人\n\
         season-test-a,甲社区,Community A,voters=4,committee=王芳|李明|张伟|赵丽|陈刚\n\
         # a comment line, skipped\n\
         season-test-b,乙社区,,voters=3,\"committee=zheng-hua:郑华:Zheng Hua|冯静|何强|许婷|韩冰\"\n\
         season-test-c,丙社区,Community C,voters=5,\n",
    )
    .unwrap();
}

/// The slips of `election` (QR payloads), as `season slips` wrote them.
fn slips(dir: &Path, election: &str) -> Vec<String> {
    let text =
        std::fs::read_to_string(dir.join(format!("season/slips/{election}.voters.slips.txt")))
            .unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_season_of_three_communities_from_creation_to_verification() {
    let dir = TempDir::new("zhixuan_season");
    let d = dir.path();
    let store = SqliteStore::open(&d.join("board.db")).await.unwrap();
    let served = serve_local(
        Board::open(store.clone(), board_signer(8)).await.unwrap(),
        Limits::default(),
    )
    .await
    .unwrap();
    let url = served.url.clone();
    let b = url.as_str();
    zhixuan(
        b,
        &[
            "organiser",
            "keygen",
            "--out",
            path(&d.join("organiser.key")),
        ],
    )
    .await;
    for i in 1..=3 {
        let key = d.join(format!("trustee-{i}.key"));
        zhixuan(b, &["trustee", "keygen", "--out", path(&key)]).await;
    }
    write_template(d);
    let (season_dir, organiser_key) = (d.join("season"), d.join("organiser.key"));
    let org = |step: &'static str| {
        vec![
            "season".to_owned(),
            step.to_owned(),
            "--dir".to_owned(),
            path(&season_dir).to_owned(),
            "--key".to_owned(),
            path(&organiser_key).to_owned(),
        ]
    };
    let args = |v: &[String]| v.to_vec();
    let mut create = org("create");
    create.extend([
        "--template".to_owned(),
        path(&d.join("template.json")).to_owned(),
        "--communities".to_owned(),
        path(&d.join("communities.csv")).to_owned(),
    ]);
    let create: Vec<&str> = create.iter().map(String::as_str).collect();
    let created = season(b, &create).await;
    all(&created, &ItemStatus::Done);
    // Run again (an interrupted run, or to be sure): every definition is recognised.
    all(&season(b, &create).await, &ItemStatus::Already);
    let definition: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(season_dir.join("definitions/season-test-b.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(definition["title"]["zh"], "乙社区委员差额选举");
    assert_eq!(
        definition["title"]["en"],
        "乙社区: election of two committee members"
    );
    assert_eq!(definition["groups"][0]["eligible"], 3);
    let candidates = &definition["contests"][0]["kind"]["competitive"]["candidates"];
    assert_eq!(candidates[0]["id"], "zheng-hua");
    assert_eq!(candidates[0]["name"]["en"], "Zheng Hua");
    assert_eq!(candidates[1]["id"], "committee-2");
    assert_eq!(candidates[1]["name"]["zh"], "冯静");

    // The first community's slips were issued alone before the season's command ran.
    zhixuan(
        b,
        &[
            "organiser",
            "credentials",
            "--election",
            IDS[0],
            "--group",
            "voters",
            "--out",
            path(&season_dir.join("slips")),
            "--key",
            path(&organiser_key),
        ],
    )
    .await;
    let slipped = season(
        b,
        &org("slips").iter().map(String::as_str).collect::<Vec<_>>(),
    )
    .await;
    assert_eq!(
        statuses(&slipped),
        [&ItemStatus::Already, &ItemStatus::Done, &ItemStatus::Done]
    );

    // Opening before the trustees have dealt fails in every election, each named, and the
    // command's exit status says so.
    let open = args(&org("open"));
    let open: Vec<&str> = open.iter().map(String::as_str).collect();
    match zhixuan(b, &open).await {
        Report::Season(early) => {
            assert!(statuses(&early)
                .iter()
                .all(|s| matches!(s, ItemStatus::Failed { .. })));
            let text = early.render(Lang::En);
            assert!(
                IDS.iter().all(|id| text.contains(&format!("✗ {id}: "))),
                "{text}"
            );
            assert_eq!(Report::Season(early).exit_code(), 1);
        }
        other => panic!("{}", other.render(Lang::En)),
    }

    let trustee = |i: usize, step: &'static str| {
        vec![
            "trustee".to_owned(),
            "season".to_owned(),
            step.to_owned(),
            "--season".to_owned(),
            path(&season_dir.join("season.json")).to_owned(),
            "--key".to_owned(),
            path(&d.join(format!("trustee-{i}.key"))).to_owned(),
            "--states".to_owned(),
            path(&d.join(format!("trustee-{i}-states"))).to_owned(),
        ]
    };
    for step in ["deal", "check"] {
        for i in 1..=3 {
            let a = trustee(i, step);
            let done = season(b, &a.iter().map(String::as_str).collect::<Vec<_>>()).await;
            all(&done, &ItemStatus::Done);
        }
    }
    // A trustee's rerun sends nothing again.
    let a = trustee(1, "deal");
    all(
        &season(b, &a.iter().map(String::as_str).collect::<Vec<_>>()).await,
        &ItemStatus::Already,
    );
    assert!(d
        .join(format!("trustee-2-states/{}.state", IDS[2]))
        .exists());

    all(&season(b, &open).await, &ItemStatus::Done);
    all(&season(b, &open).await, &ItemStatus::Already);

    // Two voters of each community vote.
    for id in IDS {
        for slip in slips(d, id).iter().take(2) {
            zhixuan(
                b,
                &[
                    "vote",
                    "--credential",
                    slip,
                    "--choice",
                    "committee=1,2",
                    "--ballots",
                    path(&d.join("ballots")),
                ],
            )
            .await;
        }
    }

    for step in ["close", "tally"] {
        let a = org(step);
        all(
            &season(b, &a.iter().map(String::as_str).collect::<Vec<_>>()).await,
            &ItemStatus::Done,
        );
    }
    for i in [1, 3] {
        let a = trustee(i, "decrypt");
        all(
            &season(b, &a.iter().map(String::as_str).collect::<Vec<_>>()).await,
            &ItemStatus::Done,
        );
    }
    let result = org("result");
    let result: Vec<&str> = result.iter().map(String::as_str).collect();
    all(&season(b, &result).await, &ItemStatus::Done);
    all(&season(b, &result).await, &ItemStatus::Already);

    // The committee verifies the whole season from the board.
    let folder = d.join("records");
    let report = tokio::task::spawn_blocking(move || {
        zhixuan_verify::verify_season_board(&url, &folder, &zhixuan_verify::Options::default())
            .unwrap()
    })
    .await
    .unwrap();
    assert!(report.passed(), "{}", report.render(Lang::En));
    assert_eq!(report.lines.len(), 3);
    assert_eq!(report.ballots(), 6);
    drop(served);
    store.close().await;
}
