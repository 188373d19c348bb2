//! The board's API without IO: for each endpoint, the request to send (method, path and
//! query, JSON body) and how its answer is read. The transports only move bytes.

use std::time::Duration;

use serde::de::DeserializeOwned;
use serde::Serialize;
use zhixuan_election::{ElectionDefinition, ProcedurePlan};
use zhixuan_tally::TrackingCode;

use super::ClientError;
use crate::entry::Entry;
use crate::procedure::ProcedureEntry;
use crate::signed::Signed;
use crate::wire::{
    Ack, ConsistencyProof, ElectionInfo, EntriesPage, ErrorBody, InclusionProof, ProcedureInfo,
    ProcedurePage, TrackingProof,
};

/// The content type of a request's body: every write is JSON.
pub(super) const JSON: &str = "application/json";

/// One request to a board, and how its answer is read into a `T`. The API has two shapes
/// of request: a read is a GET without a body, a write a POST of a JSON body.
pub(super) struct Call<T> {
    /// The path and query, appended to the board's base URL.
    pub(super) path: String,
    /// A write's body, of type [`JSON`]; `None` for a read.
    pub(super) body: Option<Vec<u8>>,
    read: fn(String) -> Result<T, ClientError>,
}

impl<T> Call<T> {
    fn get(path: String, read: fn(String) -> Result<T, ClientError>) -> Self {
        Self {
            path,
            body: None,
            read,
        }
    }

    /// The URL of this request on the board at `base` (no trailing slash).
    pub(super) fn url(&self, base: &str) -> String {
        format!("{base}{}", self.path)
    }

    /// What the board's answer means: its `status`, and its body's text or why the body
    /// could not be read.
    pub(super) fn answer(
        self,
        status: u16,
        body: Result<String, String>,
    ) -> Result<T, ClientError> {
        if (200..300).contains(&status) {
            return (self.read)(body.map_err(ClientError::Decode)?);
        }
        Err(self.refusal(status, body))
    }

    /// The refusal an answer with a status that is not a success means.
    pub(super) fn refusal(&self, status: u16, body: Result<String, String>) -> ClientError {
        // A refusal stays a refusal whatever its body: one that is not the board's error
        // body (a proxy's page, say) becomes the message, one that cannot be read an empty
        // message.
        let text = body.unwrap_or_default();
        let body = serde_json::from_str(&text).unwrap_or(ErrorBody {
            code: "http_error".into(),
            message: text,
        });
        ClientError::Refused { status, body }
    }
}

/// How long a transport waits for a board, and how it tries again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Patience {
    /// To connect.
    pub connect: Duration,
    /// For the board's answer to begin, and between two parts of it. Longer than the
    /// board's own timeout (30 s, `spec/board.md` §7.1), so that a slow board answers
    /// `timeout` itself.
    pub answer: Duration,
    /// How many times a request is sent at most.
    pub attempts: u32,
    /// The wait before the second attempt, doubled before each further one.
    pub backoff: Duration,
}

impl Default for Patience {
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(10),
            answer: Duration::from_secs(45),
            attempts: 4,
            backoff: Duration::from_secs(1),
        }
    }
}

impl Patience {
    /// Whether, after `made` attempts that ended in `error`, the request is sent again,
    /// and after how long. Only where that is safe: nothing was answered (the board, or
    /// the way to it, was down or stalled), or the board said nothing was stored (`busy`,
    /// `rate_limited`, a 503). A write sent again is recognised by the board (a ballot is
    /// answered with its first acknowledgement, `spec/board.md` §5.7) or by the client
    /// ([`already_there`]).
    pub fn again(&self, made: u32, error: &ClientError) -> Option<Duration> {
        let retryable = match error {
            ClientError::Unreachable { .. } => true,
            ClientError::Refused { status, .. } => matches!(status, 408 | 429 | 503),
            ClientError::Decode(_) => false,
        };
        (retryable && made < self.attempts).then(|| {
            self.backoff
                .saturating_mul(1 << made.saturating_sub(1).min(16))
        })
    }
}

/// What a client is waiting for, told to whoever watches it ([`Watch`]).
#[derive(Debug)]
#[non_exhaustive]
pub enum Waiting<'a> {
    /// No answer yet to the request for `path`, after the first seconds.
    Slow {
        /// The request's path.
        path: &'a str,
        /// Whether it is a write.
        write: bool,
    },
    /// Attempt `next` of `of` follows in `after`, because of `error`.
    Again {
        /// The request's path.
        path: &'a str,
        /// The attempt that follows.
        next: u32,
        /// How many attempts at most.
        of: u32,
        /// How long until then.
        after: Duration,
        /// Why the last one failed.
        error: &'a ClientError,
    },
}

/// Who is told what a client is waiting for: the command prints it as a line.
pub type Watch = std::sync::Arc<dyn Fn(&Waiting<'_>) + Send + Sync>;

/// After a write whose answer was lost was sent again: whether this refusal means its
/// first copy is on the log already (a duplicate, or the phase it moved the election to),
/// so that the client looks for it there. Only the async client looks (the verifier's
/// blocking client never writes).
#[cfg(feature = "client")]
pub(super) fn already_there(error: &ClientError) -> bool {
    matches!(
        error.code(),
        Some(
            "duplicate_credential_list"
                | "duplicate_dealing"
                | "duplicate_complaint"
                | "dealing_already_answered"
                | "duplicate_decryption"
                | "wrong_phase"
                | "election_exists"
                | "election_withdrawn"
        )
    )
}

/// The acknowledgement of `entry`, found at `index` of a log whose inclusion proof is
/// `proof`: what the board answered when the answer was lost.
#[cfg(feature = "client")]
pub(super) fn found(entry: &crate::LogEntry, proof: InclusionProof) -> Ack {
    Ack {
        index: entry.index,
        leaf_hash: entry.leaf_hash(),
        tracking_code: None,
        supersedes: None,
        checkpoint: proof.checkpoint,
        inclusion_proof: proof.proof,
    }
}

/// The error for a request that got no answer from the board at `url`.
pub(super) fn unreachable(url: &str, error: impl std::fmt::Display) -> ClientError {
    ClientError::Unreachable {
        url: url.to_owned(),
        message: error.to_string(),
    }
}

fn json<T: DeserializeOwned>(text: String) -> Result<T, ClientError> {
    serde_json::from_str(&text).map_err(|e| ClientError::Decode(e.to_string()))
}

fn text(text: String) -> Result<String, ClientError> {
    Ok(text)
}

fn post<B: Serialize>(path: String, body: &B) -> Result<Call<Ack>, ClientError> {
    let body = serde_json::to_vec(body).map_err(|e| ClientError::Decode(e.to_string()))?;
    Ok(Call {
        path,
        body: Some(body),
        read: json,
    })
}

/// Publishes an election's definition, signed by its organiser.
pub(super) fn create_election(
    definition: &Signed<ElectionDefinition>,
) -> Result<Call<Ack>, ClientError> {
    post("/elections".into(), definition)
}

/// Publishes any later entry.
pub(super) fn append(election: &str, entry: &Entry) -> Result<Call<Ack>, ClientError> {
    post(format!("/elections/{election}/entries"), entry)
}

/// Every election on the board.
pub(super) fn elections() -> Call<Vec<ElectionInfo>> {
    Call::get("/elections".into(), json)
}

/// One election's summary.
pub(super) fn election(election: &str) -> Call<ElectionInfo> {
    Call::get(format!("/elections/{election}"), json)
}

/// A page of the log from `from`.
pub(super) fn entries(election: &str, from: u64, limit: u64) -> Call<EntriesPage> {
    Call::get(
        format!("/elections/{election}/entries?from={from}&limit={limit}"),
        json,
    )
}

/// The latest signed checkpoint's text.
pub(super) fn checkpoint(election: &str) -> Call<String> {
    Call::get(format!("/elections/{election}/checkpoint"), text)
}

/// The board's checkpoint verifier key.
pub(super) fn board_key() -> Call<String> {
    Call::get("/board-key".into(), text)
}

/// The inclusion proof of entry `index` (in the tree of `size`, or the latest).
pub(super) fn inclusion(election: &str, index: u64, size: Option<u64>) -> Call<InclusionProof> {
    let size = size.map_or(String::new(), |s| format!("&size={s}"));
    Call::get(
        format!("/elections/{election}/proof/inclusion?index={index}{size}"),
        json,
    )
}

/// The inclusion proof of the ballot with this tracking code.
pub(super) fn tracking(election: &str, code: &TrackingCode) -> Call<TrackingProof> {
    Call::get(format!("/elections/{election}/proof/tracking/{code}"), json)
}

/// A consistency proof from size `from` to `to` (or the latest).
pub(super) fn consistency(election: &str, from: u64, to: Option<u64>) -> Call<ConsistencyProof> {
    let to = to.map_or(String::new(), |t| format!("&to={t}"));
    Call::get(
        format!("/elections/{election}/proof/consistency?from={from}{to}"),
        json,
    )
}

/// The whole record, as JSON Lines text.
pub(super) fn record(election: &str) -> Call<String> {
    Call::get(format!("/elections/{election}/record"), text)
}

/// Publishes a procedure's plan, signed by its organiser (`spec/procedure.md` §6).
pub(super) fn create_procedure(plan: &Signed<ProcedurePlan>) -> Result<Call<Ack>, ClientError> {
    post("/procedures".into(), plan)
}

/// Publishes a later entry of a procedure.
pub(super) fn append_procedure(
    procedure: &str,
    entry: &ProcedureEntry,
) -> Result<Call<Ack>, ClientError> {
    post(format!("/procedures/{procedure}/entries"), entry)
}

/// Every procedure on the board.
pub(super) fn procedures() -> Call<Vec<ProcedureInfo>> {
    Call::get("/procedures".into(), json)
}

/// One procedure's summary: its current stage and lists.
pub(super) fn procedure(procedure: &str) -> Call<ProcedureInfo> {
    Call::get(format!("/procedures/{procedure}"), json)
}

/// A page of a procedure's log from `from`.
pub(super) fn procedure_entries(procedure: &str, from: u64, limit: u64) -> Call<ProcedurePage> {
    Call::get(
        format!("/procedures/{procedure}/entries?from={from}&limit={limit}"),
        json,
    )
}

/// A procedure's whole record, as JSON Lines text.
pub(super) fn procedure_record(procedure: &str) -> Call<String> {
    Call::get(format!("/procedures/{procedure}/record"), text)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A read's path, checking that it is a GET (no body).
    fn get<T>(call: Call<T>) -> String {
        assert!(call.body.is_none(), "{} is a read", call.path);
        call.path
    }

    #[test]
    fn reads_are_gets_of_the_boards_paths() {
        let code: TrackingCode = "7K3M-Q9XA-2B4C-D8EF".parse().unwrap();
        let paths = [
            get(elections()),
            get(election("e")),
            get(entries("e", 5, 10)),
            get(checkpoint("e")),
            get(board_key()),
            get(inclusion("e", 3, None)),
            get(inclusion("e", 3, Some(9))),
            get(tracking("e", &code)),
            get(consistency("e", 2, None)),
            get(consistency("e", 2, Some(7))),
            get(record("e")),
            get(procedure("p")),
            get(procedure_entries("p", 2, 1)),
            get(procedure_record("p")),
        ];
        assert_eq!(
            paths,
            [
                "/elections",
                "/elections/e",
                "/elections/e/entries?from=5&limit=10",
                "/elections/e/checkpoint",
                "/board-key",
                "/elections/e/proof/inclusion?index=3",
                "/elections/e/proof/inclusion?index=3&size=9",
                "/elections/e/proof/tracking/7K3M-Q9XA-2B4C-D8EF",
                "/elections/e/proof/consistency?from=2",
                "/elections/e/proof/consistency?from=2&to=7",
                "/elections/e/record",
                "/procedures/p",
                "/procedures/p/entries?from=2&limit=1",
                "/procedures/p/record",
            ]
        );
        assert_eq!(board_key().url("http://b:1"), "http://b:1/board-key");
    }

    #[test]
    fn a_write_posts_its_body_as_json() {
        let call = post(
            "/elections/e/entries".into(),
            &serde_json::json!({"kind": "x"}),
        )
        .unwrap();
        assert_eq!(call.path, "/elections/e/entries");
        assert_eq!(call.body.as_deref(), Some(&br#"{"kind":"x"}"#[..]));
    }

    #[test]
    fn a_success_is_read_as_json_or_text() {
        let info = r#"{"id":"e","definition_hash":"h","phase":"voting","size":3,"ballots":[]}"#;
        let read = election("e").answer(200, Ok(info.into())).unwrap();
        assert_eq!((read.id.as_str(), read.size), ("e", 3));
        let key = board_key().answer(200, Ok("key text\n".into())).unwrap();
        assert_eq!(key, "key text\n");
        let garbled = election("e").answer(200, Ok("<html>".into())).unwrap_err();
        assert!(matches!(garbled, ClientError::Decode(_)), "{garbled}");
        let cut = board_key()
            .answer(200, Err("connection reset".into()))
            .unwrap_err();
        assert!(
            matches!(&cut, ClientError::Decode(m) if m == "connection reset"),
            "{cut}"
        );
    }

    #[test]
    fn a_refusal_keeps_the_status_and_the_boards_code() {
        let body = r#"{"code":"already_voted","message":"this credential has voted"}"#;
        let refused = board_key().answer(409, Ok(body.into())).unwrap_err();
        assert_eq!(refused.code(), Some("already_voted"));
        assert!(matches!(refused, ClientError::Refused { status: 409, .. }));
        // Not the board's error body: still a refusal, with the text as its message.
        let proxy = board_key()
            .answer(502, Ok("Bad Gateway".into()))
            .unwrap_err();
        let ClientError::Refused { status, body } = proxy else {
            panic!("{proxy}")
        };
        assert_eq!((status, body.code.as_str()), (502, "http_error"));
        assert_eq!(body.message, "Bad Gateway");
        let unread = board_key().answer(500, Err("reset".into())).unwrap_err();
        assert_eq!(unread.code(), Some("http_error"));
        assert_eq!(unreachable("http://b/x", "refused").code(), None);
    }
}
