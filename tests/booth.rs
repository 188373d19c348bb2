//! The voting booth (`/e/{id}/vote`, `spec/booth.md`) in a real browser, against a real
//! board: headless Chromium types slip codes, fills in ballots, audits one and casts
//! others, at a phone's width and at a desk's, in Chinese and in English, with the
//! connection lost once and in kiosk mode once; the booth's mistakes screens are shown
//! a mistyped code, a code of no voter, a full contest and a credential that already
//! voted. Then the election is closed and counted from what the board holds, the record
//! is exported and verified with the committee's verifier, and the counts are those the
//! browser chose: the ballots the JavaScript made are ballots the Rust verifier accepts.
//!
//! With `ZHIXUAN_SCREENSHOTS=DIR`, every screen is saved as a PNG
//! (`scripts/screenshots.sh`). The browser is the test kit's; without Chromium the test
//! fails under CI and is skipped, with a note, elsewhere.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use serde_json::{json, Value};
use zhixuan_board::server::http::serve_local;
use zhixuan_board::server::{Board, Limits};
use zhixuan_board::SqliteStore;
use zhixuan_cli::slips::SlipCode;
use zhixuan_election::ElectionDefinition;
use zhixuan_record::client::BoardClient;
use zhixuan_record::Entry;
use zhixuan_tally::Ballot;
use zhixuan_testkit::browser::{driver, Browser};
use zhixuan_testkit::{board_signer, small_election, Election, TempDir};

/// The small election's candidates, as the booth labels them (their ids are their names).
const CANDIDATES: [&str; 5] = ["an-li", "bai-xue", "cao-yang", "du-juan", "fang-hua"];

/// One voter's way through the booth.
struct Visit<'a> {
    /// Screenshots' names start with this.
    name: &'a str,
    /// The slip as the voter types it.
    typed: String,
    english: bool,
    /// The candidates ticked, by position.
    picks: &'a [usize],
    /// Audit one ballot (with other choices) before casting.
    audit_first: Option<&'a [usize]>,
    /// Go offline before casting, see the booth keep the ballot, come back and resend.
    lose_connection: bool,
}

/// Goes through the booth; returns the tracking code of the cast ballot and, if the voter
/// audited, of the audited one.
async fn vote(b: &Browser<'_>, id: &str, visit: &Visit<'_>) -> (String, Option<String>) {
    b.wait_for("#slip").await;
    if visit.english {
        b.click("#lang").await;
        b.wait_for("html[lang=en] #slip").await;
    }
    b.shoot(&format!("{}-1-slip", visit.name), false).await;
    b.type_into("#slip", &visit.typed).await;
    b.click("#slip-next").await;
    b.wait_for("fieldset.question").await;
    assert!(
        b.fits().await,
        "{}: the ballot is wider than the screen",
        visit.name
    );
    let mut audited = None;
    if let Some(picks) = visit.audit_first {
        fill(b, picks).await;
        let code = review_and_encrypt(b, visit, "audit").await;
        b.click("#audit").await;
        b.wait_for("#opened").await;
        let opened = b.text("#opened").await;
        for (i, candidate) in CANDIDATES.iter().enumerate() {
            assert_eq!(opened.contains(candidate), picks.contains(&i), "{opened}");
        }
        assert_eq!(b.text("#receipt #tracking-code").await, code);
        b.shoot(&format!("{}-5-audited", visit.name), false).await;
        b.click("#again").await;
        b.wait_for("fieldset.question").await;
        // The booth starts again with the audited choices ticked; untick them.
        fill(b, picks).await;
        audited = Some(code);
    }
    fill(b, visit.picks).await;
    let code = review_and_encrypt(b, visit, "cast").await;
    if Some(&code) == audited.as_ref() {
        panic!("a ballot encrypted again has a new tracking code");
    }
    if visit.lose_connection {
        offline(b, true).await;
        b.click("#cast").await;
        b.wait_for("#resend").await;
        assert_eq!(b.text("#tracking-code").await, code);
        b.shoot(&format!("{}-6-connection-lost", visit.name), false)
            .await;
        offline(b, false).await;
        b.click("#resend").await;
    } else {
        b.click("#cast").await;
    }
    b.wait_for("#receipt").await;
    assert!(b.text("#checked").await.starts_with('✓'));
    assert_eq!(b.text("#receipt #tracking-code").await, code);
    assert!(b
        .text("#receipt pre.checkpoint")
        .await
        .starts_with(&format!("zhixuan.board/{id}")));
    assert!(
        b.fits().await,
        "{}: the receipt is wider than the screen",
        visit.name
    );
    b.shoot(&format!("{}-7-receipt", visit.name), false).await;
    (code, audited)
}

/// Ticks the candidates at `picks` (a tick on a ticked one unticks it).
async fn fill(b: &Browser<'_>, picks: &[usize]) {
    for &p in picks {
        b.click(&format!("#q0-o{p}")).await;
    }
}

/// From the ballot to the tracking code: the review lists the choices, then the ballot is
/// encrypted and its code shown before anything is sent.
async fn review_and_encrypt(b: &Browser<'_>, visit: &Visit<'_>, what: &str) -> String {
    b.shoot(&format!("{}-2-ballot-{what}", visit.name), false)
        .await;
    b.click("#to-review").await;
    b.wait_for("#confirm").await;
    b.shoot(&format!("{}-3-review-{what}", visit.name), false)
        .await;
    b.click("#confirm").await;
    b.wait_for("#tracking-code").await;
    let code = b.text("#tracking-code").await;
    assert_eq!(code.len(), 19, "{code}");
    assert!(b.fits().await);
    b.shoot(&format!("{}-4-choose-{what}", visit.name), false)
        .await;
    code
}

/// Cuts or restores the page's network (DevTools emulation).
async fn offline(b: &Browser<'_>, off: bool) {
    b.cdp("Network.enable", json!({})).await;
    b.cdp(
        "Network.emulateNetworkConditions",
        json!({"offline": off, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}),
    )
    .await;
}

/// The slip as a careless voter types it: small letters, spaces for dashes, O for 0.
fn sloppy(code: &SlipCode) -> String {
    code.to_text()
        .to_lowercase()
        .replace('-', " ")
        .replace('0', "o")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn voters_vote_and_audit_through_the_booth_and_the_record_verifies() {
    let Some(driver) = driver().await else {
        return;
    };
    let dir = TempDir::new("zhixuan_booth");
    let definition = ElectionDefinition::from_document(small_election("booth-demo", 6)).unwrap();
    let hash = definition.hash();
    let codes: Vec<SlipCode> = (0..6).map(|_| SlipCode::generate()).collect();
    let voters = codes
        .iter()
        .map(|c| ("voters".to_owned(), c.credential(&hash).unwrap()))
        .collect();
    let election = Election::with_voters(definition, voters);
    let id = election.id().to_owned();
    let store = SqliteStore::open(&dir.path().join("board.db"))
        .await
        .unwrap();
    let board = Board::open(store, board_signer(7)).await.unwrap();
    let served = serve_local(board, Limits::default()).await.unwrap();
    let url = served.url.clone();
    let client = BoardClient::new(&url);
    election.setup(&client).await;
    let booth = format!("{url}/e/{id}/vote");

    // A phone, in Chinese: the slip's mistakes first, then an audit and a cast.
    let phone = driver.browser(&dir.path().join("phone"), 360, 780).await;
    phone.open(&booth).await;
    phone.wait_for("#slip").await;
    let text = codes[0].to_text().to_string();
    let last = text.chars().last().unwrap();
    let mistyped = format!(
        "{}{}",
        &text[..text.len() - 1],
        if last == 'A' { 'B' } else { 'A' }
    );
    phone.type_into("#slip", &mistyped).await;
    phone.click("#slip-next").await;
    phone.wait_for("#slip-error").await;
    assert!(phone.text("#slip-error").await.contains("校验字符"));
    assert!(phone.fits().await, "the slip screen is wider than a phone");
    phone.shoot("booth-360-zh-0-slip-mistyped", false).await;
    phone
        .type_into("#slip", &SlipCode::generate().to_text())
        .await;
    phone.click("#slip-next").await;
    phone.wait_for("#slip-error").await;
    assert!(phone
        .text("#slip-error")
        .await
        .contains("名单中没有这个凭证"));
    phone.shoot("booth-360-zh-0-slip-unknown", false).await;
    phone
        .type_into("#slip", &format!("ZHIXUAN:ANOTHER-ELECTION:{text}"))
        .await;
    phone.click("#slip-next").await;
    phone.wait_for("#slip-error").await;
    assert!(phone.text("#slip-error").await.contains("another-election"));
    phone.type_into("#slip", &sloppy(&codes[0])).await;
    phone.click("#slip-next").await;
    phone.wait_for("fieldset.question").await;
    // Two of five at most: a third tick is refused, and said so.
    fill(&phone, &[0, 2, 4]).await;
    assert!(phone.text("#q0 .error").await.contains("已经选满 2 人"));
    assert_eq!(phone.count("#q0 input:checked").await, 2);
    phone.shoot("booth-360-zh-0-ballot-full", false).await;
    fill(&phone, &[0, 2]).await;
    phone.open(&booth).await;

    let mut cast = Vec::new();
    let visits = [
        (
            360,
            "booth-360-zh",
            false,
            &[0usize, 2][..],
            Some(&[1usize][..]),
            false,
        ),
        (360, "booth-360-en", true, &[0, 1][..], None, true),
        (
            1280,
            "booth-1280-zh",
            false,
            &[2][..],
            Some(&[3, 4][..]),
            false,
        ),
        (1280, "booth-1280-en", true, &[][..], None, false),
    ];
    let mut audits = Vec::new();
    for (n, (width, name, english, picks, audit_first, lose)) in visits.into_iter().enumerate() {
        let b = if width == 360 {
            None
        } else {
            Some(driver.browser(&dir.path().join(name), width, 900).await)
        };
        let browser = b.as_ref().unwrap_or(&phone);
        browser.open(&booth).await;
        let visit = Visit {
            name,
            typed: if n % 2 == 0 {
                sloppy(&codes[n])
            } else {
                codes[n].payload(&id).to_string()
            },
            english,
            picks,
            audit_first,
            lose_connection: lose,
        };
        let (code, audited) = vote(browser, &id, &visit).await;
        cast.push((code, picks.to_vec()));
        if width != 360 {
            // Outside kiosk mode, "done" forgets the voter and says the vote is over.
            browser.click("#finish").await;
            browser.wait_for("[data-step=finished]").await;
            browser.shoot(&format!("{name}-8-finished"), false).await;
        }
        audits.extend(audited);
        if let Some(b) = b {
            b.close().await;
        }
    }

    // The first voter comes back: the board says the credential has voted.
    phone.open(&booth).await;
    phone.wait_for("#slip").await;
    phone.type_into("#slip", &codes[0].to_text()).await;
    phone.click("#slip-next").await;
    phone.wait_for("fieldset.question").await;
    phone.click("#to-review").await;
    phone.wait_for("#confirm").await;
    phone.click("#confirm").await;
    phone.wait_for("#cast").await;
    phone.click("#cast").await;
    phone.wait_for("[data-step=alreadyVoted]").await;
    assert!(phone.text("main").await.contains("已经投过票"));
    phone.shoot("booth-360-zh-8-already-voted", false).await;

    // A tablet set up with another board's key: the board's acknowledgement does not
    // verify, and the voter is told to alert the committee (the ballot is on the board).
    let other_key = board_signer(8).verifier().to_string().replace('+', "%2B");
    phone.open(&format!("{booth}?key={other_key}")).await;
    phone.wait_for("#slip").await;
    phone.type_into("#slip", &codes[5].to_text()).await;
    phone.click("#slip-next").await;
    phone.wait_for("fieldset.question").await;
    fill(&phone, &[4]).await;
    phone.click("#to-review").await;
    phone.wait_for("#confirm").await;
    phone.click("#confirm").await;
    phone.wait_for("#cast").await;
    let code = phone.text("#tracking-code").await;
    phone.click("#cast").await;
    phone.wait_for("#alarm").await;
    assert!(phone.text("#alarm").await.contains("立即告知监督委员会"));
    assert!(phone.text("main").await.contains("board's key"));
    phone.shoot("booth-360-zh-9-alarm", false).await;
    cast.push((code, vec![4]));

    // Kiosk mode: after the voter, the tablet forgets them and keeps nothing.
    let kiosk = format!("{booth}?kiosk=1");
    phone.open(&kiosk).await;
    let visit = Visit {
        name: "booth-360-zh-kiosk",
        typed: codes[4].to_text().to_string(),
        english: false,
        picks: &[1, 3],
        audit_first: None,
        lose_connection: false,
    };
    let (code, _) = vote(&phone, &id, &visit).await;
    cast.push((code, vec![1, 3]));
    phone.click("#finish").await;
    phone.wait_for("#slip").await;
    assert_eq!(
        phone
            .script("return document.getElementById('slip').value")
            .await,
        ""
    );
    assert_eq!(
        phone
            .script("return localStorage.length + sessionStorage.length + document.cookie.length")
            .await,
        json!(0)
    );
    phone.close().await;

    // Close and count what the board holds: the browser's ballots, as the board logged them.
    let mut ballots: Vec<Ballot> = Vec::new();
    let mut audited_codes = Vec::new();
    for entry in client.entries(&id, 0, 1000).await.unwrap().entries {
        match entry.entry {
            Entry::Ballot(b) => ballots.push(b),
            Entry::AuditedBallot(a) => audited_codes.push(a.tracking_code().to_string()),
            _ => {}
        }
    }
    assert_eq!(audited_codes, audits);
    let mut codes_on_board: Vec<String> = ballots
        .iter()
        .map(|b| b.tracking_code().to_string())
        .collect();
    let mut codes_cast: Vec<String> = cast.iter().map(|(c, _)| c.clone()).collect();
    codes_on_board.sort();
    codes_cast.sort();
    assert_eq!(codes_on_board, codes_cast);
    let outcome = election.finish(&client, &ballots).await;
    // Voting has closed: the booth says so, in both languages, and offers no slip field.
    let desk = driver.browser(&dir.path().join("closed"), 1280, 900).await;
    for lang in ["", "?lang=en"] {
        desk.open(&format!("{booth}{lang}")).await;
        desk.wait_for("[data-step=closed]").await;
        assert_eq!(desk.count("#slip").await, 0);
        desk.shoot(
            &format!(
                "booth-1280-{}-10-closed",
                if lang.is_empty() { "zh" } else { "en" }
            ),
            false,
        )
        .await;
    }
    desk.close().await;
    let mut votes = [0u64; 5];
    for (_, picks) in &cast {
        for &p in picks {
            votes[p] += 1;
        }
    }
    let counted = serde_json::to_value(&outcome).unwrap();
    for (i, candidate) in CANDIDATES.iter().enumerate() {
        assert!(
            votes_of(&counted, candidate) == Some(votes[i]),
            "{candidate}: {} expected in {counted}",
            votes[i]
        );
    }

    // The record, exported and verified by the committee's verifier.
    let path = dir.path().join("booth.record.jsonl");
    let reading = zhixuan_verify::BoardClient::new(&url);
    let (id2, into) = (id.clone(), path.clone());
    tokio::task::spawn_blocking(move || zhixuan_verify::fetch_record(&reading, &id2, &into, false))
        .await
        .unwrap()
        .unwrap();
    let options = zhixuan_verify::Options {
        board_key: Some(board_signer(7).verifier().to_string()),
        ..Default::default()
    };
    let report = zhixuan_verify::verify_record(
        std::fs::read(Path::new(&path)).unwrap().as_slice(),
        &options,
    )
    .unwrap();
    assert!(
        report.complete(),
        "{}",
        report.render(zhixuan_verify::Lang::En)
    );
    assert_eq!(report.audited, audits.len() as u64);
    drop(driver);
}

/// The votes the outcome's findings give a candidate, wherever they sit in its JSON.
fn votes_of(outcome: &Value, candidate: &str) -> Option<u64> {
    match outcome {
        Value::Object(map) => {
            if map.get("candidate").and_then(Value::as_str) == Some(candidate) {
                if let Some(v) = map.get("votes").and_then(Value::as_u64) {
                    return Some(v);
                }
            }
            map.values().find_map(|v| votes_of(v, candidate))
        }
        Value::Array(items) => items.iter().find_map(|v| votes_of(v, candidate)),
        _ => None,
    }
}
