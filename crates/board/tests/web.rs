//! The board's web pages, asked in process as a browser would, through one small election
//! from its definition to its result: what each page says at each phase, in both
//! languages; that a candidate named with markup is shown as text; the tracking-code
//! lookup found, not found and mistyped; a friendly page for an election that is not on
//! the board, whatever the path holds; and the JSON API's own answers unchanged.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use tower::ServiceExt;
use zhixuan_board::server::http::{serve_local, Local};
use zhixuan_board::server::{router, Board, Limits};
use zhixuan_board::SqliteStore;
use zhixuan_election::{ContestKind, DefinitionDocument, RevotePolicy};
use zhixuan_record::client::BoardClient;
use zhixuan_record::Entry;
use zhixuan_testkit::{board_signer, small_choices, small_election, Election, TempDir};

/// What a page answered.
struct Answer {
    status: StatusCode,
    content_type: String,
    text: String,
}

async fn get(app: &Router, path: &str) -> Answer {
    let response = app
        .clone()
        .oneshot(
            Request::get(path)
                .header(header::HOST, "board.example:8080")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    let status = response.status();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    Answer {
        status,
        content_type,
        text: String::from_utf8(bytes.to_vec()).unwrap(),
    }
}

/// A page that must be HTML with `status`.
/// A board on SQLite in a fresh folder (kept while the test runs), served over HTTP for
/// writes, and its router for reading pages in process.
async fn start(name: &str) -> (TempDir, Local, Router) {
    let dir = TempDir::new(name);
    let store = SqliteStore::open(&dir.path().join("board.db"))
        .await
        .unwrap();
    let board = Board::open(store, board_signer(3)).await.unwrap();
    let served = serve_local(board.clone(), Limits::default()).await.unwrap();
    (dir, served, router(board, Limits::default()))
}

async fn page(app: &Router, path: &str, status: StatusCode) -> String {
    let answer = get(app, path).await;
    assert_eq!(answer.status, status, "{path}: {}", answer.text);
    assert_eq!(answer.content_type, "text/html; charset=utf-8", "{path}");
    assert!(answer.text.starts_with("<!DOCTYPE html>"), "{path}");
    answer.text
}

const SCRIPT_NAME: &str = "<script>alert(\"x\")</script>安李";
const BOLD_NAME: &str = "An <b>Li</b> & co";

/// The test kit's small election, its first candidate named with markup.
fn document(id: &str) -> DefinitionDocument {
    let mut doc = small_election(id, 8);
    let ContestKind::Competitive(contest) = &mut doc.contests[0].kind else {
        panic!("the small election is competitive")
    };
    contest.candidates[0].name.zh = SCRIPT_NAME.into();
    contest.candidates[0].name.en = BOLD_NAME.into();
    doc
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pages_follow_an_election_from_its_definition_to_its_result() {
    let (_dir, served, app) = start("web").await;
    let client = BoardClient::new(&served.url);
    let fixture = Election::new(document("web-pages"));
    let id = fixture.id().to_owned();

    // Empty board.
    let home = page(&app, "/", StatusCode::OK).await;
    assert!(home.contains("公告栏上还没有选举"), "{home}");

    // Setup: the definition in words, the ceremony not started.
    client
        .create_election(&fixture.definition_entry())
        .await
        .unwrap();
    let home = page(&app, "/", StatusCode::OK).await;
    assert!(home.contains("委员差额选举") && home.contains("准备阶段"));
    assert!(home.contains("href=\"/e/web-pages\""));
    assert!(!home.contains("http-equiv=\"refresh\""));
    let election = page(&app, "/e/web-pages", StatusCode::OK).await;
    for expected in [
        "5 名候选人竞选 2 个名额",
        "得票超过投票人数的半数方可当选",
        "尚未公布密钥分发",
        "任意 2 位共同解密",
        "zhixuan.board/web-pages",
        "zhixuan-verify board http://board.example:8080 web-pages",
        "href=\"/elections/web-pages/record\"",
        "aria-current=\"step\"",
    ] {
        assert!(election.contains(expected), "missing `{expected}`");
    }
    // The candidate's name is text: escaped, never markup.
    assert!(!election.contains("<script>alert"), "{election}");
    assert!(election.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;安李"));
    let english = page(&app, "/e/web-pages?lang=en", StatusCode::OK).await;
    assert!(english.contains("<html lang=\"en\">"));
    assert!(english.contains("An &lt;b&gt;Li&lt;/b&gt; &amp; co"));
    assert!(!english.contains("<b>Li</b>"));
    assert!(english.contains("elected with more than half of ballots cast"));
    assert!(english.contains("href=\"/e/web-pages\" hreflang=\"zh-CN\""));
    assert!(election.contains("href=\"/e/web-pages?lang=en\" hreflang=\"en\""));

    // Voting: counts per group, tracking codes found with their proof checked.
    for list in fixture.credential_lists() {
        client.append(&id, &list).await.unwrap();
    }
    client.append(&id, &fixture.dealing(1)).await.unwrap();
    let election = page(&app, "/e/web-pages", StatusCode::OK).await;
    assert!(election.contains("已公布密钥分发") && election.contains("尚未公布密钥分发"));
    for i in 2..=3 {
        client.append(&id, &fixture.dealing(i)).await.unwrap();
    }
    let election = page(&app, "/e/web-pages?lang=en", StatusCode::OK).await;
    assert!(election.contains(
        "Still awaited: trustee 2 on trustee 1's dealing; trustee 3 on trustee 1's dealing"
    ));
    for ack in fixture.acknowledgements() {
        client.append(&id, &ack).await.unwrap();
    }
    let election = page(&app, "/e/web-pages?lang=en", StatusCode::OK).await;
    assert!(!election.contains("Still awaited"));
    client.append(&id, &fixture.open_voting()).await.unwrap();
    // Five of six choose the first candidate, four the second: both have more than half.
    let choices = |n: usize| match n {
        0..=3 => vec![vec![1, 1, 0, 0, 0]],
        4 => vec![vec![1, 0, 1, 0, 0]],
        _ => vec![vec![0, 0, 1, 0, 0]],
    };
    let ballots: Vec<_> = (0..6)
        .map(|n| fixture.ballot_with(n, &choices(n)))
        .collect();
    let mut acks = Vec::new();
    for b in &ballots {
        acks.push(client.append(&id, &Entry::Ballot(b.clone())).await.unwrap());
    }
    let home = page(&app, "/", StatusCode::OK).await;
    assert!(home.contains("投票进行中"));
    assert!(home.contains("<strong>6</strong> / 8"), "{home}");
    // Live while voting is open: the list and the election reload by themselves.
    assert!(home.contains("<meta http-equiv=\"refresh\" content=\"30\">"));
    assert!(page(&app, "/e/web-pages", StatusCode::OK)
        .await
        .contains("http-equiv=\"refresh\""));

    let code = ballots[2].tracking_code().to_string();
    let found = page(
        &app,
        &format!("/e/web-pages/track?code={code}"),
        StatusCode::OK,
    )
    .await;
    assert!(found.contains("您的选票在公告栏上"), "{found}");
    assert!(found.contains("包含证明已验证"));
    assert!(found.contains(&format!("<dd>{}</dd>", acks[2].index)));
    assert!(found.contains("计入（这是此凭证计入的选票）"));
    // The checkpoint shown is the board's latest, and it signs the size the page states.
    let checkpoint = client.checkpoint(&id).await.unwrap();
    assert!(found.contains(checkpoint.trim_end()));
    let size: u64 = checkpoint.lines().nth(1).unwrap().parse().unwrap();
    assert!(found.contains(&format!("日志大小 {size}")));
    assert!(found.contains(&format!(
        "zhixuan-verify ballot --board http://board.example:8080 --election web-pages {code}"
    )));
    // Typed in lower case and without dashes, as people do.
    let loose = code.replace('-', "").to_lowercase();
    let found = page(
        &app,
        &format!("/e/web-pages/track?code={loose}&lang=en"),
        StatusCode::OK,
    )
    .await;
    assert!(found.contains("Inclusion proof verified."));
    assert!(found.contains(&format!("href=\"/e/web-pages/track?code={loose}\"")));
    // An audited ballot is on the board, and never counted: the page says so.
    let (opened, _) = fixture.audit_with(6, &choices(0));
    let audited_code = opened.tracking_code().to_string();
    client
        .append(&id, &Entry::AuditedBallot(opened))
        .await
        .unwrap();
    let audited = page(
        &app,
        &format!("/e/web-pages/track?code={audited_code}"),
        StatusCode::OK,
    )
    .await;
    assert!(audited.contains("包含证明已验证"));
    assert!(audited.contains("不计入：这张选票被打开核验"), "{audited}");
    // A code no ballot has; a code that is no code; the form alone.
    let absent = fixture.ballot(7).tracking_code().to_string();
    let missing = page(
        &app,
        &format!("/e/web-pages/track?code={absent}"),
        StatusCode::NOT_FOUND,
    )
    .await;
    assert!(missing.contains("公告栏上没有这张选票"));
    assert!(!missing.contains("包含证明已验证"));
    let mistyped = page(
        &app,
        "/e/web-pages/track?code=%3Cscript%3E",
        StatusCode::BAD_REQUEST,
    )
    .await;
    assert!(mistyped.contains("这不是一个有效的跟踪码"));
    assert!(!mistyped.contains("<script>"));
    assert!(mistyped.contains("value=\"&lt;script&gt;\""));
    let form = page(&app, "/e/web-pages/track", StatusCode::OK).await;
    assert!(form.contains("<label for=\"code\">"));
    assert!(!form.contains("id=\"answer\""));

    // Before the result: said plainly.
    let pending = page(&app, "/e/web-pages/result", StatusCode::OK).await;
    assert!(pending.contains("结果尚未公布"));

    // The result: who is elected, by which rule, with the counts.
    let outcome = fixture.finish(&client, &ballots).await;
    let elected: Vec<&str> = outcome.contests[0].elected();
    assert_eq!(elected, ["an-li", "bai-xue"], "{outcome:?}");
    let result = page(&app, "/e/web-pages/result", StatusCode::OK).await;
    assert!(result.contains("结果一览"));
    assert!(result.contains("投票 6 / 8 人（75.0%）"), "{result}");
    assert!(result.contains("过半数当选"));
    // For the printed notice: when the result was published, and the checkpoint that
    // commits the board to it.
    assert!(result.contains("结果公布时间"));
    let checkpoint = client.checkpoint(&id).await.unwrap();
    assert!(result.contains(checkpoint.trim_end()));
    let ranking = match &outcome.contests[0].totals {
        zhixuan_election::ContestTotals::Votes { ranking, .. } => ranking.clone(),
        other => panic!("{other:?}"),
    };
    for s in &ranking {
        let row = format!("<td class=\"num\" data-label=\"得票\">{}</td>", s.votes);
        assert!(result.contains(&row), "no row with {} votes", s.votes);
    }
    for candidate in &elected {
        let shown = if *candidate == "an-li" {
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;安李".to_owned()
        } else {
            (*candidate).to_owned()
        };
        assert!(
            result.contains(&format!("{shown} 得")),
            "{candidate} elected"
        );
    }
    assert!(!result.contains("<script>alert"));
    let english = page(&app, "/e/web-pages/result?lang=en", StatusCode::OK).await;
    assert!(english.contains("ELECTED (needed 4)"), "{english}");
    assert!(english.contains("no majority (needed 4)"));
    assert!(english.contains("majority"));
    let election = page(&app, "/e/web-pages", StatusCode::OK).await;
    assert!(election.contains("结果已公布"));
    assert!(election.contains("href=\"/e/web-pages/result\""));
    assert!(election.contains("✓ 已公布部分解密"));
    let home = page(&app, "/", StatusCode::OK).await;
    assert!(home.contains("结果已公布"));
    assert!(!home.contains("http-equiv=\"refresh\""));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_election_is_a_friendly_page_whatever_the_path_holds() {
    let dir = TempDir::new("web-404");
    let store = SqliteStore::open(&dir.path().join("board.db"))
        .await
        .unwrap();
    let board = Board::open(store, board_signer(4)).await.unwrap();
    let app = router(board, Limits::default());
    for path in [
        "/e/no-such-election",
        "/e/no-such-election/result",
        "/e/no-such-election/track?code=ABCD",
        "/e/..%2F..%2Fetc%2Fpasswd",
        "/e/%2E%2E/result",
        "/e/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "/e/UPPER?lang=en",
    ] {
        let text = page(&app, path, StatusCode::NOT_FOUND).await;
        assert!(
            text.contains("公告栏上没有这个选举")
                || text.contains("No such election on this board"),
            "{path}: {text}"
        );
        assert!(!text.contains("passwd") && !text.contains("<script>alert"));
        assert!(text.contains("href=\"/"));
    }
    // The JSON API keeps its own answers.
    let api = get(&app, "/elections/no-such-election").await;
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    assert_eq!(api.content_type, "application/json");
    assert!(api.text.contains("\"code\":\"unknown_election\""));
    let nowhere = get(&app, "/nothing-here").await;
    assert_eq!(nowhere.content_type, "application/json");
    assert!(nowhere.text.contains("\"code\":\"not_found\""));
}

/// The tracking page says, in both languages, which of the three a ballot is: counted,
/// superseded by a later ballot of the same credential (where the last counts), or audited
/// and never counted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_tracking_page_says_counted_superseded_or_audited() {
    let (_dir, served, app) = start("web-standing").await;
    let client = BoardClient::new(&served.url);
    let mut doc = small_election("web-standing", 4);
    doc.revote = RevotePolicy::LastCounts;
    let fixture = Election::new(doc);
    let id = fixture.id().to_owned();
    fixture.setup(&client).await;

    let (audited, _) = fixture.audit_with(0, &small_choices(0));
    let first = fixture.ballot_with(0, &small_choices(1));
    let second = fixture.ballot_with(0, &small_choices(2));
    client
        .append(&id, &Entry::AuditedBallot(audited.clone()))
        .await
        .unwrap();
    client
        .append(&id, &Entry::Ballot(first.clone()))
        .await
        .unwrap();
    let later = client
        .append(&id, &Entry::Ballot(second.clone()))
        .await
        .unwrap();
    assert!(later.supersedes.is_some());

    let track = |code: String, lang: &'static str| {
        let app = app.clone();
        async move {
            page(
                &app,
                &format!("/e/web-standing/track?code={code}{lang}"),
                StatusCode::OK,
            )
            .await
        }
    };
    let counted = track(second.tracking_code().to_string(), "").await;
    assert!(
        counted.contains("计入（这是此凭证计入的选票）"),
        "{counted}"
    );
    let counted = track(second.tracking_code().to_string(), "&lang=en").await;
    assert!(counted.contains("yes: this is the ballot counted for its credential"));

    let superseded = track(first.tracking_code().to_string(), "").await;
    assert!(
        superseded.contains(&format!(
            "不计入：已被取代——同一凭证后来在第 {} 条又投了一张选票",
            later.index
        )),
        "{superseded}"
    );
    let superseded = track(first.tracking_code().to_string(), "&lang=en").await;
    assert!(
        superseded.contains(&format!(
            "no: superseded — the same credential voted again at entry {}",
            later.index
        )),
        "{superseded}"
    );
    assert!(!superseded.contains("yes: this is the ballot counted"));

    let opened = track(audited.tracking_code().to_string(), "").await;
    assert!(opened.contains("不计入：这张选票被打开核验"), "{opened}");
    let opened = track(audited.tracking_code().to_string(), "&lang=en").await;
    assert!(
        opened.contains("an audited ballot is never counted"),
        "{opened}"
    );
}
