//! The board's web pages in a real browser: the demo election (Nanjing, 30 voters) is run
//! with the `zhixuan demo` command, a board is served on its database, and headless
//! Chromium, driven through chromedriver's WebDriver protocol, does what a voter and a
//! committee member would: opens the board, follows the election's link, types a tracking
//! code into the form and submits it, reads the answer, opens the result, switches to
//! English — and, at a phone's width, no page is wider than the screen.
//!
//! With `ZHIXUAN_SCREENSHOTS=DIR` set, each page is also saved for people to look at: a PNG
//! of the whole page at the phone's and the desk's width, and the result and election
//! pages printed as A4 PDFs (`scripts/screenshots.sh`).
//!
//! Chromium and chromedriver are Debian's `chromium` and `chromium-driver`, which `.ci/run`
//! installs. Without them the test fails under CI (`CI=true`) and is skipped, with a
//! note, elsewhere.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use clap::Parser;
use serde_json::{json, Value};
use zhixuan_board::server::http::{serve_local, Local};
use zhixuan_board::server::{Board, Limits};
use zhixuan_board::SqliteStore;
use zhixuan_cli::{Lang, Report, Ui};
use zhixuan_record::{CheckpointSigner, Entry, RecordReader};
use zhixuan_testkit::TempDir;

/// WebDriver's key for an element reference.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A chromedriver process, killed when dropped.
struct Driver {
    process: Child,
    url: String,
    http: reqwest::Client,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// One browser session, deleted when the test is done with it.
struct Browser<'a> {
    driver: &'a Driver,
    session: String,
}

fn installed(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

impl Driver {
    /// Starts chromedriver on a free loopback port, or says why it cannot.
    async fn start() -> Option<Driver> {
        if !installed("chromium") || !installed("chromedriver") {
            return None;
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let process = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let driver = Driver {
            process,
            url: format!("http://127.0.0.1:{port}"),
            http: reqwest::Client::new(),
        };
        for _ in 0..100 {
            let ready = driver
                .http
                .get(format!("{}/status", driver.url))
                .send()
                .await;
            if let Ok(answer) = ready {
                let status: Value = answer.json().await.unwrap();
                if status["value"]["ready"] == true {
                    return Some(driver);
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("chromedriver did not start");
    }

    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let mut request = self.http.request(method, format!("{}{path}", self.url));
        if let Some(body) = body {
            request = request.json(&body);
        }
        let answer: Value = request.send().await.unwrap().json().await.unwrap();
        assert!(
            answer["value"]["error"].is_null(),
            "WebDriver {path}: {answer}"
        );
        answer["value"].clone()
    }

    /// A headless Chromium whose screen is `width` × `height` CSS pixels; a width under
    /// 600 is a phone's (emulated: a desktop window cannot be made that narrow).
    async fn browser(&self, profile: &Path, width: u32, height: u32) -> Browser<'_> {
        let args = [
            "--headless".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-gpu".to_owned(),
            "--disable-quic".to_owned(),
            "--no-first-run".to_owned(),
            "--disable-background-networking".to_owned(),
            "--disable-component-update".to_owned(),
            "--disable-sync".to_owned(),
            format!("--user-data-dir={}", profile.display()),
            format!("--window-size={width},{height}"),
        ];
        let mut options = json!({"binary": "/usr/bin/chromium", "args": args});
        if width < 600 {
            options["mobileEmulation"] = json!({"deviceMetrics": {
                "width": width, "height": height, "pixelRatio": 1.0, "touch": true,
            }});
        }
        let session = self
            .call(
                reqwest::Method::POST,
                "/session",
                Some(json!({"capabilities": {"alwaysMatch": {
                    "browserName": "chrome",
                    "goog:chromeOptions": options,
                }}})),
            )
            .await;
        Browser {
            driver: self,
            session: session["sessionId"].as_str().unwrap().to_owned(),
        }
    }
}

impl Browser<'_> {
    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        self.driver
            .call(method, &format!("/session/{}{path}", self.session), body)
            .await
    }

    async fn open(&self, url: &str) {
        self.call(reqwest::Method::POST, "/url", Some(json!({ "url": url })))
            .await;
    }

    async fn url(&self) -> String {
        self.call(reqwest::Method::GET, "/url", None)
            .await
            .as_str()
            .unwrap()
            .to_owned()
    }

    async fn find(&self, css: &str) -> String {
        let found = self
            .call(
                reqwest::Method::POST,
                "/element",
                Some(json!({"using": "css selector", "value": css})),
            )
            .await;
        found[ELEMENT].as_str().unwrap().to_owned()
    }

    async fn count(&self, css: &str) -> usize {
        self.call(
            reqwest::Method::POST,
            "/elements",
            Some(json!({"using": "css selector", "value": css})),
        )
        .await
        .as_array()
        .unwrap()
        .len()
    }

    /// The text of the first element matching `css`, as the browser renders it.
    async fn text(&self, css: &str) -> String {
        let element = self.find(css).await;
        self.call(
            reqwest::Method::GET,
            &format!("/element/{element}/text"),
            None,
        )
        .await
        .as_str()
        .unwrap()
        .to_owned()
    }

    async fn click(&self, css: &str) {
        let element = self.find(css).await;
        self.call(
            reqwest::Method::POST,
            &format!("/element/{element}/click"),
            Some(json!({})),
        )
        .await;
    }

    /// Waits until the page's address contains `part`: a submitted form may still be
    /// loading when the click returns.
    async fn wait_for_url(&self, part: &str) {
        for _ in 0..100 {
            if self.url().await.contains(part) {
                let ready = self.script("return document.readyState").await;
                if ready == json!("complete") {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the browser never reached {part}: {}", self.url().await);
    }

    /// Replaces the text of the input `css` with `text`, typed key by key.
    async fn type_into(&self, css: &str, text: &str) {
        let element = self.find(css).await;
        self.call(
            reqwest::Method::POST,
            &format!("/element/{element}/clear"),
            Some(json!({})),
        )
        .await;
        self.call(
            reqwest::Method::POST,
            &format!("/element/{element}/value"),
            Some(json!({ "text": text })),
        )
        .await;
    }

    async fn script(&self, script: &str) -> Value {
        self.call(
            reqwest::Method::POST,
            "/execute/sync",
            Some(json!({"script": script, "args": []})),
        )
        .await
    }

    /// Whether the page fits the window's width (no sideways scrolling on a phone).
    async fn fits(&self) -> bool {
        self.script("return document.documentElement.scrollWidth <= window.innerWidth")
            .await
            == json!(true)
    }

    /// Saves the whole page as `NAME.png`, and with `print` also as an A4 `NAME.pdf`, when
    /// `ZHIXUAN_SCREENSHOTS` names a folder.
    async fn shoot(&self, name: &str, print: bool) {
        use base64::Engine as _;
        let Some(dir) = std::env::var_os("ZHIXUAN_SCREENSHOTS") else {
            return;
        };
        let dir = Path::new(&dir);
        std::fs::create_dir_all(dir).unwrap();
        let decode = |v: Value| {
            base64::engine::general_purpose::STANDARD
                .decode(v.as_str().unwrap())
                .unwrap()
        };
        // The whole page, not only the screen: Chromium's own capture, through the driver.
        let cdp = |cmd: &str, params: Value| {
            self.call(
                reqwest::Method::POST,
                "/goog/cdp/execute",
                Some(json!({"cmd": cmd, "params": params})),
            )
        };
        let metrics = cdp("Page.getLayoutMetrics", json!({})).await;
        let size = &metrics["cssContentSize"];
        let png = cdp(
            "Page.captureScreenshot",
            json!({"format": "png", "captureBeyondViewport": true, "clip": {
                "x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1,
            }}),
        )
        .await;
        std::fs::write(dir.join(format!("{name}.png")), decode(png["data"].clone())).unwrap();
        if print {
            let pdf = self
                .call(
                    reqwest::Method::POST,
                    "/print",
                    Some(json!({"page": {"width": 21.0, "height": 29.7}, "background": true})),
                )
                .await;
            std::fs::write(dir.join(format!("{name}.pdf")), decode(pdf)).unwrap();
        }
    }

    async fn close(self) {
        self.call(reqwest::Method::DELETE, "", None).await;
    }
}

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

/// chromedriver, or `None` with a note where it may be missing (not under CI).
async fn driver() -> Option<Driver> {
    let driver = Driver::start().await;
    if driver.is_none() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI must have chromium and chromedriver (.ci/run installs them)"
        );
        eprintln!("note: chromium or chromedriver is not installed; the browser test is skipped (apt-get install chromium chromium-driver)");
    }
    driver
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
