//! The board's API without IO: for each endpoint, the request to send (method, path and
//! query, JSON body) and how its answer is read. The transports only move bytes.

use serde::de::DeserializeOwned;
use serde::Serialize;
use zhixuan_election::ElectionDefinition;
use zhixuan_tally::TrackingCode;

use super::ClientError;
use crate::entry::Entry;
use crate::signed::Signed;
use crate::wire::{
    Ack, ConsistencyProof, ElectionInfo, EntriesPage, ErrorBody, InclusionProof, TrackingProof,
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
        // A refusal stays a refusal whatever its body: one that cannot be read, or is not
        // the board's error body (a proxy's page, say), is kept as the message.
        let text = body.unwrap_or_default();
        let body = serde_json::from_str(&text).unwrap_or(ErrorBody {
            code: "http_error".into(),
            message: text,
        });
        Err(ClientError::Refused { status, body })
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
