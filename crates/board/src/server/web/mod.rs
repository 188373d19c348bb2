//! The board as a web page (公告栏): what voters, observers and the supervision committee
//! read in a browser — the elections on the board, each election's definition in words,
//! its trustees and latest signed checkpoint, its results, and a tracking-code lookup that
//! checks the ballot's inclusion proof against that checkpoint.
//!
//! Pages are rendered on the server as plain HTML (maud escapes every value it is given,
//! so a candidate's name is text, never markup), with one embedded stylesheet and no
//! script: they read the same with scripts off, on a phone, and printed on A4 for a
//! physical notice board. Chinese is the default; `?lang=en` gives English, and every
//! page links to the other language. Pages live beside the JSON API, not in it: they are
//! not part of `spec/openapi.json`, and `spec/board.md` §12 lists them.

mod booth;
mod list;
mod overview;
mod procedure;
mod result;
mod track;

use std::sync::Arc;

use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::{html, Markup, PreEscaped, DOCTYPE};
use serde::Deserialize;
use time::OffsetDateTime;
use zhixuan_election::{ElectionDefinition, Lang, Outcome};
use zhixuan_tally::{CeremonyResult, TrusteeIndex};

use super::error::ApiError;
use super::writer::Election;
use super::{Board, Route};
use crate::store::Store;
use zhixuan_record::Hash;
use zhixuan_record::{Entry, Phase, Withdrawal};

/// The stylesheet, embedded in every page: no request leaves for anything else.
const STYLE: &str = include_str!("style.css");

/// Every page the board serves to browsers. [`super::router`] serves them beside
/// [`super::routes`].
pub fn pages<S: Store>() -> Vec<Route<S>> {
    vec![
        Route::get("/", list::page::<S>),
        Route::get("/e/{id}", overview::page::<S>),
        Route::get("/e/{id}/result", result::page::<S>),
        Route::get("/e/{id}/track", track::page::<S>),
        Route::get("/p/{id}", procedure::page::<S>),
    ]
    .into_iter()
    .chain(booth::pages::<S>())
    .collect()
}

type Shared<S> = axum::extract::State<Arc<Board<S>>>;

/// A page's links carry its language.
trait Href {
    /// `path` in this language: Chinese needs no parameter.
    fn href(self, path: &str) -> String;
}

impl Href for Lang {
    fn href(self, path: &str) -> String {
        match self {
            Lang::Zh => path.to_owned(),
            Lang::En if path.contains('?') => format!("{path}&lang=en"),
            Lang::En => format!("{path}?lang=en"),
        }
    }
}

/// The query pages read: `lang=en` for English; the tracking page also reads the `code`
/// typed into its form.
#[derive(Deserialize)]
struct View {
    lang: Option<String>,
    code: Option<String>,
}

impl View {
    fn lang(&self) -> Lang {
        match self.lang.as_deref() {
            Some("en") => Lang::En,
            _ => Lang::Zh,
        }
    }
}

/// What a page shows besides its body: its language, its title, and its own path (with
/// any query but `lang`), for the link to the other language.
struct Page<'a> {
    lang: Lang,
    title: &'a str,
    path: &'a str,
    /// Reload every so many seconds, while counts change (voting open): live counts with
    /// no script.
    refresh: Option<u32>,
}

impl Page<'_> {
    fn render(&self, status: StatusCode, body: Markup) -> Response {
        let lang = self.lang;
        let markup = html! {
            (DOCTYPE)
            html lang=(lang.tag()) {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    @if let Some(seconds) = self.refresh {
                        meta http-equiv="refresh" content=(seconds);
                    }
                    title { (self.title) " · " (lang.pick("直选公告栏", "Zhixuan bulletin board")) }
                    style { (PreEscaped(STYLE)) }
                }
                body {
                    header.site {
                        a.home href=(lang.href("/")) { (lang.pick("直选公告栏", "Zhixuan bulletin board")) }
                        a.lang href=(lang.other().href(self.path)) hreflang=(lang.other().tag()) lang=(lang.other().tag()) {
                            (lang.pick("English", "中文"))
                        }
                    }
                    main { (body) }
                    footer.site {
                        p {
                            (lang.pick(
                                "公告栏上的一切都由公告栏签名，只能追加、不能改写；任何人都可以下载记录并独立验证。",
                                "Everything on this board is signed by it and can only be appended to, never rewritten; anyone can download the record and verify it independently.",
                            ))
                            " "
                            a href="/openapi.json" { "API" }
                        }
                    }
                }
            }
        };
        (
            status,
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (header::CACHE_CONTROL, "no-store"),
            ],
            markup.into_string(),
        )
            .into_response()
    }
}

/// A page for a request the board could not serve: a friendly 404 for an election that is
/// not on the board (the id is not repeated: it may be anything a client typed), the
/// board's own sentence otherwise.
fn failed(lang: Lang, error: &ApiError) -> Response {
    let page = Page {
        lang,
        title: lang.pick("出错了", "Something went wrong"),
        path: "/",
        refresh: None,
    };
    let unknown = error.code() == Some(zhixuan_record::ErrorCode::UnknownElection);
    let body = html! {
        h1 { (if unknown { lang.pick("公告栏上没有这个选举", "No such election on this board") } else { page.title }) }
        @if unknown {
            p { (lang.pick("请检查链接或选举编号。", "Check the link or the election id.")) }
        } @else {
            p { (error.body.message) }
        }
        p { a href=(lang.href("/")) { (lang.pick("返回公告栏上的全部选举", "Back to every election on the board")) } }
    };
    page.render(error.status, body)
}

/// One election as a page shows it: a consistent copy of what its state holds.
struct Snapshot {
    definition: ElectionDefinition,
    phase: Phase,
    /// Per group, in definition order.
    ballots: Vec<u64>,
    dealers: Vec<TrusteeIndex>,
    complaints: usize,
    /// (dealer, recipient) pairs whose answer voting still waits for.
    awaited: Vec<(TrusteeIndex, TrusteeIndex)>,
    ceremony: Option<CeremonyResult>,
    decrypted_by: Vec<TrusteeIndex>,
    outcome: Option<Outcome>,
    /// The latest signed checkpoint: size and text.
    checkpoint: (u64, String),
    /// The root of the tree that checkpoint signs.
    root: Hash,
    /// The organiser's withdrawal, once the election is withdrawn.
    withdrawal: Option<Withdrawal>,
}

impl Snapshot {
    fn of(election: &Election) -> Result<Snapshot, ApiError> {
        let outcome = election.outcome();
        let checkpoint = election.latest();
        let root = election
            .tree
            .read()
            .map_err(|_| ApiError::internal("election tree unavailable"))?
            .root_at(checkpoint.0)
            .map_err(ApiError::internal)?;
        let state = election
            .state
            .read()
            .map_err(|_| ApiError::internal("election state unavailable"))?;
        Ok(Snapshot {
            definition: state.definition().clone(),
            phase: state.phase(),
            ballots: state.ballots_per_group(),
            dealers: state.dealers(),
            complaints: state.complaints(),
            awaited: state.awaited_answers(),
            ceremony: state.ceremony().cloned(),
            decrypted_by: state.decrypted_by(),
            outcome,
            checkpoint,
            root,
            withdrawal: None,
        })
    }

    /// The election, caught up with the store, as a snapshot.
    async fn load<S: Store>(board: &Board<S>, id: &str) -> Result<Snapshot, ApiError> {
        let election = board.find(id).await?;
        super::api::current(board, &election).await;
        let mut snapshot = Snapshot::of(&election)?;
        // Nothing is accepted after a withdrawal: it is the log's last entry.
        if snapshot.phase == Phase::Withdrawn {
            let last = snapshot.checkpoint.0.saturating_sub(1);
            if let Entry::Withdrawal(signed) = super::api::entry_at(board, id, last).await?.entry {
                snapshot.withdrawal = Some(signed.body);
            }
        }
        Ok(snapshot)
    }
}

/// How often a page showing an election whose voting is open reloads, in seconds.
const LIVE: u32 = 30;

/// A phase in the page's language.
fn phase(lang: Lang, phase: Phase) -> &'static str {
    let (zh, en) = phase.words();
    lang.pick(zh, en)
}

/// A time as people read it on a notice: date, time and offset, no `T`.
fn when(t: OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .map(|s| s.replacen('T', " ", 1))
        .unwrap_or_else(|_| t.unix_timestamp().to_string())
}

/// The board's address as the browser reached it, for commands to copy: the `Host`
/// header if it is a plain host name or address with a port, a placeholder otherwise.
fn board_url(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        });
    match host {
        Some(host) => format!("http://{host}"),
        None => "http://BOARD".to_owned(),
    }
}

/// A horizontal bar for `part` of `whole`, with an optional mark at `mark` (a quorum);
/// the numbers beside it carry the information, the bar only shows it.
fn bar(part: u64, whole: u64, mark: Option<u64>, label: &str) -> Markup {
    let share = |n: u64| {
        if whole == 0 {
            0.0
        } else {
            (n.min(whole) as f64) * 100.0 / whole as f64
        }
    };
    html! {
        span.bar role="img" aria-label=(label) {
            span.fill style=(format!("width:{:.1}%", share(part))) {}
            @if let Some(mark) = mark {
                span.mark style=(format!("left:{:.1}%", share(mark))) {}
            }
        }
    }
}

/// The record's download link and the commands that verify it, for the election and
/// result pages.
fn verify_section(lang: Lang, id: &str, url: &str) -> Markup {
    let record = format!("/elections/{id}/record");
    html! {
        section #verify {
            h2 { (lang.pick("下载记录并验证", "Download the record and verify it")) }
            p {
                a.button href=(record) download=(format!("{id}.record.jsonl")) {
                    (lang.pick("下载完整记录", "Download the whole record"))
                }
                " "
                (lang.pick(
                    "（JSON Lines 文件：定义、全部选票、计票、解密与结果，以及公告栏签名的检查点）",
                    "(a JSON Lines file: the definition, every ballot, the tally, the decryptions and the result, with the board's signed checkpoint)",
                ))
            }
            p { (lang.pick("用 zhixuan-verify 验证下载的记录（检查每一个证明、每一张选票、计票、解密和结果）：", "Verify the downloaded record with zhixuan-verify (every proof, every ballot, the tally, the decryption and the outcome):")) }
            pre.command { code { "zhixuan-verify record " (id) ".record.jsonl --checkpoint checkpoint.txt" } }
            p { (lang.pick("或者直接从公告栏验证：", "or straight from the board:")) }
            pre.command { code { "zhixuan-verify board " (url) " " (id) } }
            p.note { (lang.pick(
                "checkpoint.txt 是您先前复制保存的签名检查点（见上文“最新签名检查点”）；公告栏的公钥应与组织者公示的通知核对。",
                "checkpoint.txt is a signed checkpoint you copied earlier and kept (see “Latest signed checkpoint” above); check the board's key against the organiser's published notice.",
            )) }
        }
    }
}

/// The latest signed checkpoint, for people to copy and keep.
fn checkpoint_section(lang: Lang, size: u64, root: &Hash, text: &str) -> Markup {
    html! {
        section #checkpoint {
            h2 { (lang.pick("最新签名检查点", "Latest signed checkpoint")) }
            p {
                (lang.pick("日志条目数：", "Log size: ")) strong { (size) }
                br;
                (lang.pick("根哈希：", "Root hash: ")) code.hash { (root) }
            }
            p { (lang.pick(
                "请复制并保存这段文字。以后任何人都可以凭它检查公告栏没有改写历史：公告栏签过的两个检查点若不一致，就是公告栏作假的证据。",
                "Copy this text and keep it. Later, anyone can hold the board to it: two checkpoints the board signed that do not agree are evidence that it rewrote history.",
            )) }
            pre.checkpoint { (text) }
        }
    }
}
