//! The board's typed client: every write to a board, from the CLI and the tests, goes
//! through here rather than through hand-built requests.

use serde::de::DeserializeOwned;
use thiserror::Error;
use zhixuan_election::ElectionDefinition;
use zhixuan_tally::TrackingCode;

use crate::entry::Entry;
use crate::signed::Signed;
use crate::wire::{
    Ack, ConsistencyProof, ElectionInfo, EntriesPage, ErrorBody, InclusionProof, TrackingProof,
};

/// Why a request to the board failed.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum ClientError {
    /// The board refused the request; `body` says why.
    #[error("the board refused ({status}): {} [{}]", body.message, body.code)]
    Refused {
        /// The HTTP status.
        status: u16,
        /// The board's explanation.
        body: ErrorBody,
    },
    /// The board could not be reached.
    #[error("could not reach the board at {url}: {message}")]
    Unreachable {
        /// The URL.
        url: String,
        /// What went wrong.
        message: String,
    },
    /// The board answered something this client does not understand.
    #[error("the board's answer could not be read: {0}")]
    Decode(String),
}

impl ClientError {
    /// The board's error code, when it refused.
    pub fn code(&self) -> Option<&str> {
        match self {
            ClientError::Refused { body, .. } => Some(&body.code),
            _ => None,
        }
    }
}

/// A client for one board.
#[derive(Clone, Debug)]
pub struct BoardClient {
    base: String,
    http: reqwest::Client,
}

impl BoardClient {
    /// A client for the board at `base` (e.g. `http://127.0.0.1:8080`).
    pub fn new(base: &str) -> Self {
        Self::with_http(base, reqwest::Client::new())
    }

    /// A client for the board at `base` that sends through `http` (its own timeouts, proxy
    /// or local address).
    pub fn with_http(base: &str, http: reqwest::Client) -> Self {
        Self {
            base: base.trim_end_matches('/').to_owned(),
            http,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    async fn send(
        &self,
        request: reqwest::RequestBuilder,
        url: &str,
    ) -> Result<reqwest::Response, ClientError> {
        let response = request.send().await.map_err(|e| ClientError::Unreachable {
            url: url.to_owned(),
            message: e.to_string(),
        })?;
        if response.status().is_success() {
            return Ok(response);
        }
        let status = response.status().as_u16();
        let text = response.text().await.unwrap_or_default();
        let body = serde_json::from_str(&text).unwrap_or(ErrorBody {
            code: "http_error".into(),
            message: text,
        });
        Err(ClientError::Refused { status, body })
    }

    async fn get_json<T: DeserializeOwned>(&self, path: &str) -> Result<T, ClientError> {
        let url = self.url(path);
        let response = self.send(self.http.get(&url), &url).await?;
        let text = response
            .text()
            .await
            .map_err(|e| ClientError::Decode(e.to_string()))?;
        serde_json::from_str(&text).map_err(|e| ClientError::Decode(e.to_string()))
    }

    async fn get_text(&self, path: &str) -> Result<String, ClientError> {
        let url = self.url(path);
        let response = self.send(self.http.get(&url), &url).await?;
        response
            .text()
            .await
            .map_err(|e| ClientError::Decode(e.to_string()))
    }

    async fn post<B: serde::Serialize>(&self, path: &str, body: &B) -> Result<Ack, ClientError> {
        let url = self.url(path);
        let json = serde_json::to_vec(body).map_err(|e| ClientError::Decode(e.to_string()))?;
        let request = self
            .http
            .post(&url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(json);
        let response = self.send(request, &url).await?;
        let text = response
            .text()
            .await
            .map_err(|e| ClientError::Decode(e.to_string()))?;
        serde_json::from_str(&text).map_err(|e| ClientError::Decode(e.to_string()))
    }

    /// Publishes an election's definition, signed by its organiser.
    pub async fn create_election(
        &self,
        definition: &Signed<ElectionDefinition>,
    ) -> Result<Ack, ClientError> {
        self.post("/elections", definition).await
    }

    /// Publishes any later entry.
    pub async fn append(&self, election: &str, entry: &Entry) -> Result<Ack, ClientError> {
        self.post(&format!("/elections/{election}/entries"), entry)
            .await
    }

    /// Every election on the board.
    pub async fn elections(&self) -> Result<Vec<ElectionInfo>, ClientError> {
        self.get_json("/elections").await
    }

    /// One election's summary.
    pub async fn election(&self, election: &str) -> Result<ElectionInfo, ClientError> {
        self.get_json(&format!("/elections/{election}")).await
    }

    /// A page of the log from `from`.
    pub async fn entries(
        &self,
        election: &str,
        from: u64,
        limit: u64,
    ) -> Result<EntriesPage, ClientError> {
        self.get_json(&format!(
            "/elections/{election}/entries?from={from}&limit={limit}"
        ))
        .await
    }

    /// The latest signed checkpoint's text.
    pub async fn checkpoint(&self, election: &str) -> Result<String, ClientError> {
        self.get_text(&format!("/elections/{election}/checkpoint"))
            .await
    }

    /// The board's checkpoint verifier key.
    pub async fn board_key(&self) -> Result<String, ClientError> {
        self.get_text("/board-key").await
    }

    /// The inclusion proof of entry `index` (in the tree of `size`, or the latest).
    pub async fn inclusion(
        &self,
        election: &str,
        index: u64,
        size: Option<u64>,
    ) -> Result<InclusionProof, ClientError> {
        let size = size.map_or(String::new(), |s| format!("&size={s}"));
        self.get_json(&format!(
            "/elections/{election}/proof/inclusion?index={index}{size}"
        ))
        .await
    }

    /// The inclusion proof of the ballot with this tracking code, and the ballot counted
    /// instead of it if a later one replaced it.
    pub async fn tracking(
        &self,
        election: &str,
        code: &TrackingCode,
    ) -> Result<TrackingProof, ClientError> {
        self.get_json(&format!("/elections/{election}/proof/tracking/{code}"))
            .await
    }

    /// A consistency proof from size `from` to `to` (or the latest).
    pub async fn consistency(
        &self,
        election: &str,
        from: u64,
        to: Option<u64>,
    ) -> Result<ConsistencyProof, ClientError> {
        let to = to.map_or(String::new(), |t| format!("&to={t}"));
        self.get_json(&format!(
            "/elections/{election}/proof/consistency?from={from}{to}"
        ))
        .await
    }

    /// The whole record, as JSON Lines text.
    pub async fn record(&self, election: &str) -> Result<String, ClientError> {
        self.get_text(&format!("/elections/{election}/record"))
            .await
    }
}
