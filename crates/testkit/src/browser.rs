//! A headless Chromium driven through chromedriver's WebDriver protocol, for the tests
//! that look at the board's pages as a person would (`tests/browser.rs`, `tests/booth.rs`)
//! and the booth's bench: sessions at a phone's or a desk's width, clicks and typing,
//! scripts, Chrome DevTools commands, and screenshots saved for people to look at
//! (`ZHIXUAN_SCREENSHOTS=DIR`).
//!
//! Chromium and chromedriver are Debian's `chromium` and `chromium-driver`, which `.ci/run`
//! installs. Without them [`driver`] fails under CI (`CI=true`) and answers `None`, with a
//! note, elsewhere.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{json, Value};

/// WebDriver's key for an element reference.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A chromedriver process, killed when dropped.
pub struct Driver {
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
pub struct Browser<'a> {
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
    pub async fn start() -> Option<Driver> {
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

    /// A WebDriver command; panics on a WebDriver error, with the answer.
    pub async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
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
    pub async fn browser(&self, profile: &Path, width: u32, height: u32) -> Browser<'_> {
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
    /// A WebDriver command of this session.
    pub async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        self.driver
            .call(method, &format!("/session/{}{path}", self.session), body)
            .await
    }

    /// Opens `url`.
    pub async fn open(&self, url: &str) {
        self.call(reqwest::Method::POST, "/url", Some(json!({ "url": url })))
            .await;
    }

    /// The page's address.
    pub async fn url(&self) -> String {
        self.call(reqwest::Method::GET, "/url", None)
            .await
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// The first element matching `css`.
    pub async fn find(&self, css: &str) -> String {
        let found = self
            .call(
                reqwest::Method::POST,
                "/element",
                Some(json!({"using": "css selector", "value": css})),
            )
            .await;
        found[ELEMENT].as_str().unwrap().to_owned()
    }

    /// How many elements match `css`.
    pub async fn count(&self, css: &str) -> usize {
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
    pub async fn text(&self, css: &str) -> String {
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

    /// Clicks the first element matching `css`.
    pub async fn click(&self, css: &str) {
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
    pub async fn wait_for_url(&self, part: &str) {
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
    pub async fn type_into(&self, css: &str, text: &str) {
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

    /// Runs `script` in the page and answers its value.
    pub async fn script(&self, script: &str) -> Value {
        self.call(
            reqwest::Method::POST,
            "/execute/sync",
            Some(json!({"script": script, "args": []})),
        )
        .await
    }

    /// Whether the page fits the window's width (no sideways scrolling on a phone).
    pub async fn fits(&self) -> bool {
        self.script("return document.documentElement.scrollWidth <= window.innerWidth")
            .await
            == json!(true)
    }

    /// Saves the whole page as `NAME.png`, and with `print` also as an A4 `NAME.pdf`, when
    /// `ZHIXUAN_SCREENSHOTS` names a folder.
    pub async fn shoot(&self, name: &str, print: bool) {
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
        let metrics = self.cdp("Page.getLayoutMetrics", json!({})).await;
        let size = &metrics["cssContentSize"];
        let png = self
            .cdp(
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

    /// A Chrome DevTools Protocol command, through chromedriver's `goog/cdp/execute`.
    pub async fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.call(
            reqwest::Method::POST,
            "/goog/cdp/execute",
            Some(json!({"cmd": cmd, "params": params})),
        )
        .await
    }

    /// Waits until an element matches `css` (a screen the page draws after work or an
    /// answer from the board), for at most a minute.
    pub async fn wait_for(&self, css: &str) {
        for _ in 0..600 {
            if self.count(css).await > 0 {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let text = self.script("return document.body.innerText").await;
        panic!("no element matches {css}; the page reads: {text}");
    }

    /// Ends the session.
    pub async fn close(self) {
        self.call(reqwest::Method::DELETE, "", None).await;
    }
}

/// chromedriver, or `None` with a note where it may be missing (not under CI).
pub async fn driver() -> Option<Driver> {
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
