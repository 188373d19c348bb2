//! `/e/{id}/track?code=…`: a voter types the tracking code they were given and sees
//! whether their ballot is on the board, when the board received it, whether it is the
//! one counted — and that its inclusion proof holds against the board's latest signed
//! checkpoint, which this page checks before saying so, exactly as a verifier would:
//! the checkpoint's signature and origin, the entry's leaf hash, and the proof to the root.
//!
//! The board checking its own proof shows the voter what it proves; it is not an
//! independent check, so the page also gives the `zhixuan-verify ballot` command that is.

use std::sync::Arc;

use axum::extract::{Path, Query};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use maud::{html, Markup};
use time::OffsetDateTime;
use zhixuan_tally::{TrackingCode, TrackingCodeError};

use super::{board_url, failed, when, Href, Lang, Page, Shared, View};
use crate::server::error::ApiError;
use crate::server::writer::Election;
use crate::server::Board;
use crate::store::Store;
use zhixuan_record::Entry;
use zhixuan_record::{verify_inclusion, Hash};
use zhixuan_record::{Origin, SignedCheckpoint};

/// Where the ballot stands in the count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Standing {
    /// Cast and counted.
    Counted,
    /// Cast, then replaced by the ballot at this index, a later one of the same credential
    /// (where the last counts).
    Superseded(u64),
    /// Opened to check the voting device (Benaloh audit): published, never counted.
    Audited,
}

/// A ballot found on the board, with its proof checked.
struct Found {
    index: u64,
    received_at: OffsetDateTime,
    standing: Standing,
    leaf_hash: Hash,
    proof: Vec<Hash>,
    size: u64,
    root: Hash,
    checkpoint: String,
}

/// Why a lookup found no ballot to show.
#[derive(Debug)]
enum LookupError {
    /// What was typed is not a tracking code.
    NotACode(TrackingCodeError),
    /// No ballot with this tracking code is on the board.
    NotFound,
    /// The board's own proof does not hold: the page says so rather than vouch for it.
    BadProof(String),
    /// The board could not look it up.
    Board(ApiError),
}

impl From<TrackingCodeError> for LookupError {
    fn from(e: TrackingCodeError) -> Self {
        LookupError::NotACode(e)
    }
}

impl From<ApiError> for LookupError {
    fn from(e: ApiError) -> Self {
        LookupError::Board(e)
    }
}

fn bad(reason: impl Into<String>) -> LookupError {
    LookupError::BadProof(reason.into())
}

pub(super) async fn page<S: Store>(
    axum::extract::State(board): Shared<S>,
    Path(id): Path<String>,
    Query(query): Query<View>,
    headers: HeaderMap,
) -> Response {
    let lang = query.lang();
    let election = match board.find(&id).await {
        Ok(election) => election,
        Err(error) => return failed(lang, &error),
    };
    let typed = query
        .code
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    let lookup = match typed {
        Some(code) => Some(lookup(&board, &election, code).await),
        None => None,
    };
    let path = match typed {
        Some(code) => format!("/e/{id}/track?code={}", query_value(code)),
        None => format!("/e/{id}/track"),
    };
    let title = lang.pick("查找我的选票", "Find my ballot");
    let page = Page {
        lang,
        title,
        path: &path,
        refresh: None,
    };
    let status = match &lookup {
        None | Some(Ok(_)) => StatusCode::OK,
        Some(Err(LookupError::NotACode(_))) => StatusCode::BAD_REQUEST,
        Some(Err(LookupError::NotFound)) => StatusCode::NOT_FOUND,
        Some(Err(LookupError::BadProof(_))) => StatusCode::INTERNAL_SERVER_ERROR,
        Some(Err(LookupError::Board(e))) => e.status,
    };
    let election_title = election
        .state
        .read()
        .map(|s| lang.name(&s.definition().document().title).to_owned())
        .unwrap_or_default();
    let body = html! {
        h1 { (title) }
        p { a href=(lang.href(&format!("/e/{id}"))) { "← " (election_title) } }
        form.track method="get" action=(format!("/e/{id}/track")) {
            label for="code" { (lang.pick("跟踪码（投票后拿到的 16 个字符，例如 ABCD-EFGH-JKLM-NPQR）", "Tracking code (the 16 characters you were given when you voted, e.g. ABCD-EFGH-JKLM-NPQR)")) }
            input #code type="text" name="code" value=[typed] autocomplete="off" autocapitalize="characters" spellcheck="false" required;
            @if lang == Lang::En { input type="hidden" name="lang" value="en"; }
            button type="submit" { (lang.pick("查找", "Look up")) }
        }
        @if let (Some(code), Some(lookup)) = (typed, &lookup) {
            section #answer aria-live="polite" {
                @match lookup {
                    Ok(found) => { (found_section(lang, &id, code, found, &board_url(&headers))) }
                    Err(error) => { (error_section(lang, error)) }
                }
            }
        }
    };
    page.render(status, body)
}

/// A code as it goes back into a query string: tracking codes are letters, digits and
/// dashes, and anything else typed is percent-encoded.
fn query_value(code: &str) -> String {
    code.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'-' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Finds the ballot with `code` and checks its inclusion proof against the latest signed
/// checkpoint that covers it.
async fn lookup<S: Store>(
    board: &Board<S>,
    election: &Arc<Election>,
    code: &str,
) -> Result<Found, LookupError> {
    let code: TrackingCode = code.parse()?;
    let id = &election.id;
    let index = board
        .store()
        .find_tracking(id, *code.as_bytes())
        .await
        .map_err(ApiError::from)?
        .ok_or(LookupError::NotFound)?;
    let entry = super::super::api::entry_at(board, id, index)
        .await
        .map_err(|_| bad(format!("entry {index} is not readable")))?;
    let (found_code, credential) = match &entry.entry {
        Entry::Ballot(b) => (b.tracking_code(), Some(b.credential.clone())),
        Entry::AuditedBallot(a) => (a.tracking_code(), None),
        other => return Err(bad(format!("entry {index} is a {}", other.kind()))),
    };
    if found_code != code {
        return Err(bad(format!("entry {index} has another tracking code")));
    }
    let (size, checkpoint) = super::super::api::covering(election, index + 1).await?;
    let (proof, leaf_hash) = {
        let tree = election
            .tree
            .read()
            .map_err(|_| ApiError::internal("election tree unavailable"))?;
        let proof = tree
            .inclusion_proof(index, size)
            .map_err(|e| bad(e.to_string()))?;
        (proof, tree.leaf_hash(index))
    };
    // Check what the page is about to claim, as a verifier would.
    if leaf_hash != Some(entry.leaf_hash()) {
        return Err(bad(format!("entry {index} does not match its leaf hash")));
    }
    let signed: SignedCheckpoint = checkpoint
        .parse()
        .map_err(|e| bad(format!("the checkpoint: {e}")))?;
    let verified = signed
        .verify(&board.signer.verifier())
        .map_err(|e| bad(format!("the checkpoint: {e}")))?;
    let origin = Origin::for_election(id).map_err(|e| bad(e.to_string()))?;
    if verified.origin() != &origin || verified.size() != size {
        return Err(bad("the checkpoint is not of this election's log"));
    }
    let root = *verified.root();
    let leaf_hash = entry.leaf_hash();
    verify_inclusion(&leaf_hash, index, size, &proof, &root)
        .map_err(|e| bad(format!("the inclusion proof: {e}")))?;
    let standing = match credential {
        None => Standing::Audited,
        Some(credential) => {
            match super::super::api::superseded_by(election, &credential, index, size)? {
                Some(later) => Standing::Superseded(later),
                None => Standing::Counted,
            }
        }
    };
    let received_at = election
        .state
        .read()
        .map(|s| s.definition().document().voting.local(entry.received_at))
        .unwrap_or(entry.received_at);
    Ok(Found {
        index,
        received_at,
        standing,
        leaf_hash,
        proof,
        size,
        root,
        checkpoint,
    })
}

fn found_section(lang: Lang, id: &str, code: &str, found: &Found, url: &str) -> Markup {
    html! {
        h2.ok { "✓ " (lang.pick("您的选票在公告栏上", "Your ballot is on the board")) }
        dl.facts {
            dt { (lang.pick("跟踪码", "Tracking code")) } dd { code { (code) } }
            dt { (lang.pick("收到时间", "Received")) } dd { (when(found.received_at)) }
            dt { (lang.pick("日志条目序号", "Log entry")) } dd { (found.index) }
            dt { (lang.pick("计票", "Counted")) }
            dd { (match found.standing {
                Standing::Counted => lang.pick("计入（这是此凭证计入的选票）", "yes: this is the ballot counted for its credential").to_owned(),
                Standing::Superseded(later) => match lang {
                    Lang::Zh => format!("不计入：已被取代——同一凭证后来在第 {later} 条又投了一张选票，只计最后一张"),
                    Lang::En => format!("no: superseded — the same credential voted again at entry {later}, and only the last ballot counts"),
                },
                Standing::Audited => lang.pick("不计入：这张选票被打开核验（公开加密内容），核验过的选票从不计票", "no: this ballot was opened to audit the encryption; an audited ballot is never counted").to_owned(),
            }) }
        }
        p.ok {
            strong { "✓ " (lang.pick("包含证明已验证。", "Inclusion proof verified.")) }
            " "
            (match lang {
                Lang::Zh => format!(
                    "公告栏服务器刚才核对了：这张选票（条目 {}）包含在公告栏签名的检查点中——日志大小 {}，根哈希如下；检查点的签名和来源也已核对。",
                    found.index, found.size
                ),
                Lang::En => format!(
                    "The board's server just checked that this ballot (entry {}) is included under the checkpoint the board signed — log size {}, root below — and checked the checkpoint's signature and origin.",
                    found.index, found.size
                ),
            })
        }
        p { (lang.pick("根哈希：", "Root hash: ")) code.hash { (found.root.to_string()) } }
        pre.checkpoint { (found.checkpoint) }
        details {
            summary { (lang.pick("证明的细节", "The proof in detail")) }
            p { (lang.pick("叶哈希：", "Leaf hash: ")) code.hash { (found.leaf_hash.to_string()) } }
            ol.proof { @for h in &found.proof { li { code.hash { (h.to_string()) } } } }
        }
        p { (lang.pick(
            "这是公告栏自己做的检查。要独立核对（不依赖公告栏），请在自己的电脑上运行：",
            "This check was made by the board itself. To check independently of the board, run on your own computer:",
        )) }
        pre.command { code { "zhixuan-verify ballot --board " (url) " --election " (id) " " (code) } }
    }
}

fn error_section(lang: Lang, error: &LookupError) -> Markup {
    html! {
        @match error {
            LookupError::NotACode(e) => {
                h2.bad { "✗ " (lang.pick("这不是一个有效的跟踪码", "This is not a tracking code")) }
                p { (lang.pick("跟踪码有 16 个字符（字母和数字，可用短横线分组）。请核对后重新输入。", "A tracking code has 16 characters (letters and digits, optionally grouped with dashes). Check it and type it again.")) }
                @if lang == Lang::En { p.note { (e.to_string()) } }
            }
            LookupError::NotFound => {
                h2.bad { "✗ " (lang.pick("公告栏上没有这张选票", "No ballot with this code is on the board")) }
                p { (lang.pick(
                    "请核对跟踪码。如果您确实投了票并拿到了这个跟踪码，而公告栏上找不到它，请立即告诉选举工作监督委员会。",
                    "Check the code. If you did vote and were given this code, and the board does not have it, tell the supervision committee at once.",
                )) }
            }
            LookupError::BadProof(reason) => {
                h2.bad { "✗ " (lang.pick("公告栏的证明没有通过验证", "The board's proof does not hold")) }
                p { (lang.pick("请告诉选举工作监督委员会。", "Tell the supervision committee.")) }
                p.note { (reason) }
            }
            LookupError::Board(e) => {
                h2.bad { (lang.pick("公告栏暂时无法查询", "The board cannot look this up right now")) }
                p.note { (e.body.message) }
            }
        }
    }
}
