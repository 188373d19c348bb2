//! The board's web pages in a real browser: the demo election (Nanjing, 30 voters) is run
//! with the `zhixuan demo` command, a board is served on its database, and headless
//! Chromium, driven through chromedriver's WebDriver protocol, does what a voter and a
//! committee member would: opens the board, follows the election's link, types a tracking
//! code into the form and submits it, reads the answer, opens the result, switches to
//! English — and, at a phone's width, no page is wider than the screen.
//!
//! With `ZHIXUAN_SCREENSHOTS=DIR` set, each page is also saved for people to look at: a PNG
//! of the whole page at the phone's and the desk's width, and the result and election
//! pages printed as A4 PDFs (`scripts/screenshots.sh`). The browser is the test kit's
//! ([`zhixuan_testkit::browser`]); without Chromium the test fails under CI and is skipped,
//! with a note, elsewhere.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use clap::Parser;
use zhixuan_board::server::http::{serve_local, Local};
use zhixuan_board::server::{Board, Limits};
use zhixuan_board::SqliteStore;
use zhixuan_cli::{Lang, Report, Ui};
use zhixuan_record::{CheckpointSigner, Entry, RecordReader};
use zhixuan_testkit::browser::driver;
use zhixuan_testkit::TempDir;

/// Runs the demo of `example` into `dir` and serves a board on its database and key.
async fn demo_board(example: &str, dir: &Path) -> (Local, zhixuan_cli::demo::DemoReport) {
    let dir_arg = dir.display().to_string();
    let cli = zhixuan_cli::Cli::try_parse_from([
        "zhixuan",
        "demo",
        "--example",
        example,
        "--voters",
        "30",
        "--dir",
        &dir_arg,
    ])
    .unwrap();
    let Report::Demo(demo) = zhixuan_cli::run(cli, &Ui::quiet(Lang::Zh)).await.unwrap() else {
        panic!("the demo reports a demo")
    };
    let key = std::fs::read_to_string(&demo.board_key).unwrap();
    let mut bytes = [0u8; 32];
    for (i, byte) in bytes.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&key.trim()[2 * i..2 * i + 2], 16).unwrap();
    }
    let signer = CheckpointSigner::new(
        "zhixuan.demo".parse().unwrap(),
        zhixuan_record::SigningKey::from_bytes(&bytes),
    );
    let store = SqliteStore::open(&demo.database).await.unwrap();
    let board = Board::open(store, signer).await.unwrap();
    let served = serve_local(board, Limits::default()).await.unwrap();
    (served, demo)
}

/// The tracking code of the first ballot cast in a record.
fn first_tracking_code(record: &Path) -> String {
    let text = std::fs::read_to_string(record).unwrap();
    let mut reader = RecordReader::new(text.as_bytes()).unwrap();
    while let Some(entry) = reader.next_entry() {
        if let Entry::Ballot(b) = entry.unwrap().entry {
            return b.tracking_code().to_string();
        }
    }
    panic!("the record holds no ballot")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_voter_and_a_committee_member_read_the_board_in_a_browser() {
    let Some(driver) = driver().await else {
        return;
    };
    let dir = TempDir::new("zhixuan_browser");
    let (served, demo) = demo_board("nanjing", dir.path()).await;
    let url = served.url.clone();
    // Nanjing's members' assembly: a quorum, and a secretary and committee elected.
    let election = &demo.elections[1];
    let id = election.election.as_str();
    let code = first_tracking_code(&election.record);
    let title = election.title.zh.clone();

    // A voter on a phone.
    let browser = driver.browser(&dir.path().join("phone"), 412, 915).await;
    browser.open(&url).await;
    assert_eq!(browser.text("h1").await, "公告栏上的选举");
    assert!(browser.text("table.elections").await.contains("结果已公布"));
    assert!(browser.fits().await, "the list is wider than a phone");
    browser.shoot("phone-1-list", false).await;
    browser.click(&format!("a[href=\"/e/{id}\"]")).await;
    browser.wait_for_url(&format!("/e/{id}")).await;
    assert_eq!(browser.text("h1").await, title);
    assert!(browser
        .text("#trustees")
        .await
        .contains("任意 3 位共同解密"));
    assert!(
        browser.fits().await,
        "the election page is wider than a phone"
    );
    browser.shoot("phone-2-election", false).await;
    browser.click("nav.actions a[href$=\"/track\"]").await;
    browser.wait_for_url("/track").await;
    browser.type_into("#code", &code).await;
    browser.click("form.track button[type=submit]").await;
    browser.wait_for_url(&format!("/e/{id}/track?code=")).await;
    let answer = browser.text("#answer").await;
    assert!(answer.contains("✓ 您的选票在公告栏上"), "{answer}");
    assert!(answer.contains("✓ 包含证明已验证。"), "{answer}");
    assert!(answer.contains(&code));
    assert!(answer.contains(&format!("zhixuan.board/{id}")));
    assert!(
        browser.fits().await,
        "the tracking answer is wider than a phone"
    );
    browser.shoot("phone-3-track", false).await;
    // A mistyped code.
    browser.type_into("#code", "nonsense!").await;
    browser.click("form.track button[type=submit]").await;
    browser.wait_for_url("code=nonsense").await;
    assert!(browser
        .text("#answer")
        .await
        .contains("这不是一个有效的跟踪码"));
    browser.open(&format!("{url}/e/{id}/result")).await;
    assert!(browser.fits().await, "the result is wider than a phone");
    browser.shoot("phone-4-result", false).await;
    browser.close().await;

    // A committee member at a desk reads the result, then in English.
    let browser = driver.browser(&dir.path().join("desk"), 1280, 900).await;
    browser.open(&url).await;
    browser.shoot("desk-1-list", false).await;
    browser.open(&format!("{url}/e/{id}")).await;
    browser.shoot("desk-2-election", true).await;
    browser.click("nav.actions a[href$=\"/result\"]").await;
    browser.wait_for_url(&format!("/e/{id}/result")).await;
    let headline = browser.text("section.headline").await;
    let names = zhixuan_election::Names::of(&election.definition);
    for contest in &election.outcome.contests {
        let post = names.get(&contest.contest).zh;
        assert!(headline.contains(&post), "{post} in {headline}");
        for elected in contest.elected() {
            assert!(headline.contains(&names.get(elected).zh), "{headline}");
        }
    }
    assert_eq!(
        browser.count("section.contest").await,
        election.outcome.contests.len()
    );
    let turnout = browser.text("#turnout").await;
    for (group, eligible, cast) in &election.groups {
        let name = names.get(group).zh;
        assert!(turnout.contains(&name), "{turnout}");
        assert!(
            turnout.contains(&format!("投票 {cast} / {eligible} 人")),
            "{turnout}"
        );
    }
    assert!(turnout.contains("法定人数"));
    assert!(browser.count("span.rule").await > election.outcome.contests.len());
    browser.shoot("desk-3-result", true).await;
    browser.click("header.site a.lang").await;
    browser
        .wait_for_url(&format!("/e/{id}/result?lang=en"))
        .await;
    assert_eq!(
        browser.script("return document.documentElement.lang").await,
        "en"
    );
    assert_eq!(browser.text("#headline").await, "In short");
    assert!(browser.text("main").await.contains("How it was decided"));
    browser.shoot("desk-4-result-en", false).await;
    browser.close().await;

    // Chromium is done with its profile in `dir` before `dir` is removed.
    drop(driver);
}

/// Pingchang's three rounds, top post first: each round's result lists every round in
/// order with who it elected, and links to the others.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_rounds_of_a_multi_round_election_in_order() {
    let Some(driver) = driver().await else {
        return;
    };
    let dir = TempDir::new("zhixuan_browser_rounds");
    let (served, demo) = demo_board("pingchang", dir.path()).await;
    let url = served.url.clone();
    let rounds: Vec<_> = demo
        .elections
        .iter()
        .filter(|e| e.definition.document().round.is_some())
        .collect();
    assert_eq!(rounds.len(), 3);
    let browser = driver.browser(&dir.path().join("desk"), 1280, 900).await;
    browser
        .open(&format!("{url}/e/{}", rounds[1].election))
        .await;
    assert!(browser
        .text("#round")
        .await
        .contains("本选举是第 2 轮，共 3 轮"));
    browser.click("nav.actions a[href$=\"/result\"]").await;
    browser
        .wait_for_url(&format!("/e/{}/result", rounds[1].election))
        .await;
    assert_eq!(browser.count("ol.rounds > li").await, 3);
    let listed = browser.text("ol.rounds").await;
    let lines: Vec<&str> = listed.lines().collect();
    for (n, (line, round)) in lines.iter().zip(&rounds).enumerate() {
        assert!(line.starts_with(&format!("第 {} 轮", n + 1)), "{line}");
        let names = zhixuan_election::Names::of(&round.definition);
        for contest in &round.outcome.contests {
            for elected in contest.elected() {
                assert!(line.contains(&names.get(elected).zh), "{line}");
            }
        }
    }
    assert!(lines[1].contains("（本页）"), "{listed}");
    browser.shoot("desk-5-rounds", false).await;
    browser
        .click(&format!(
            "ol.rounds a[href=\"/e/{}/result\"]",
            rounds[2].election
        ))
        .await;
    browser
        .wait_for_url(&format!("/e/{}/result", rounds[2].election))
        .await;
    assert!(browser
        .text("ol.rounds")
        .await
        .lines()
        .nth(2)
        .unwrap()
        .contains("（本页）"));
    browser.close().await;
    // Chromium is done with its profile in `dir` before `dir` is removed.
    drop(driver);
}

/// Xinzhou's evaluation at a glance, at a desk and on a phone: per official and group a
/// stacked bar of the ratings with the verdict's line, the overall verdict beside the name,
/// and on a phone every row a card that fits the screen, the verdict in it; and an
/// election withdrawn before voting, its page saying what replaces it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_evaluation_result_at_a_glance_at_a_desk_and_on_a_phone() {
    let Some(driver) = driver().await else {
        return;
    };
    let dir = TempDir::new("zhixuan_browser_evaluation");
    let (served, demo) = demo_board("xinzhou", dir.path()).await;
    let url = served.url.clone();
    let election = demo.elections.last().unwrap();
    let id = election.election.as_str();
    let bars: usize = election
        .outcome
        .contests
        .iter()
        .map(|c| match &c.totals {
            zhixuan_election::ContestTotals::Evaluation { officials } => {
                officials.iter().map(|o| o.groups.len()).sum()
            }
            _ => 0,
        })
        .sum();
    assert!(bars > 0);
    // An election withdrawn before voting, beside them, replaced by this year's.
    let withdrawn =
        zhixuan_testkit::Election::new(zhixuan_testkit::small_election("xinzhou-wrong-day", 4));
    let client = zhixuan_record::client::BoardClient::new(&url);
    client
        .create_election(&withdrawn.definition_entry())
        .await
        .unwrap();
    client
        .append(
            withdrawn.id(),
            &withdrawn.withdrawal("会议日期有误 / the wrong meeting day", Some(id)),
        )
        .await
        .unwrap();
    for (name, width, height) in [("desk", 1280, 900), ("phone", 412, 915)] {
        let browser = driver.browser(&dir.path().join(name), width, height).await;
        browser.open(&format!("{url}/e/{id}/result")).await;
        assert_eq!(browser.count("span.bar.stacked").await, bars);
        assert_eq!(browser.count("span.bar.stacked span.mark").await, bars);
        let verdicts = browser.text("td.verdict").await;
        assert!(verdicts.contains("称职"), "{verdicts}");
        assert!(
            browser.fits().await,
            "the result is wider than the {name}'s screen"
        );
        browser.shoot(&format!("{name}-6-evaluation"), true).await;
        browser.open(&url).await;
        assert!(
            browser.fits().await,
            "the list is wider than the {name}'s screen"
        );
        browser
            .shoot(&format!("{name}-7-list-evaluation"), false)
            .await;
        browser.open(&format!("{url}/e/{}", withdrawn.id())).await;
        let notice = browser.text("section.withdrawn").await;
        assert!(notice.contains("已撤回 — 由以下选举取代"), "{notice}");
        assert!(notice.contains(id), "{notice}");
        assert!(
            browser.fits().await,
            "the withdrawn election is wider than the {name}'s screen"
        );
        browser.shoot(&format!("{name}-8-withdrawn"), false).await;
        browser.close().await;
    }
    // Chromium is done with its profile in `dir` before `dir` is removed.
    drop(driver);
}
