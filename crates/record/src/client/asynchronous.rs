//! The async transport, on reqwest: the CLI's and the tests' client of a board.

use zhixuan_election::{ElectionDefinition, ProcedurePlan};
use zhixuan_tally::TrackingCode;

use super::api::{self, Call};
use super::ClientError;
use crate::entry::Entry;
use crate::procedure::ProcedureEntry;
use crate::signed::Signed;
use crate::wire::{
    Ack, ConsistencyProof, ElectionInfo, EntriesPage, InclusionProof, ProcedureInfo, TrackingProof,
};

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

    async fn send<T>(&self, mut call: Call<T>) -> Result<T, ClientError> {
        let url = call.url(&self.base);
        let request = match call.body.take() {
            None => self.http.get(&url),
            Some(body) => self
                .http
                .post(&url)
                .header(reqwest::header::CONTENT_TYPE, api::JSON)
                .body(body),
        };
        let response = request
            .send()
            .await
            .map_err(|e| api::unreachable(&url, e))?;
        let status = response.status().as_u16();
        let body = response.text().await.map_err(|e| e.to_string());
        call.answer(status, body)
    }

    /// Publishes an election's definition, signed by its organiser.
    pub async fn create_election(
        &self,
        definition: &Signed<ElectionDefinition>,
    ) -> Result<Ack, ClientError> {
        self.send(api::create_election(definition)?).await
    }

    /// Publishes any later entry.
    pub async fn append(&self, election: &str, entry: &Entry) -> Result<Ack, ClientError> {
        self.send(api::append(election, entry)?).await
    }

    /// Every election on the board.
    pub async fn elections(&self) -> Result<Vec<ElectionInfo>, ClientError> {
        self.send(api::elections()).await
    }

    /// One election's summary.
    pub async fn election(&self, election: &str) -> Result<ElectionInfo, ClientError> {
        self.send(api::election(election)).await
    }

    /// A page of the log from `from`.
    pub async fn entries(
        &self,
        election: &str,
        from: u64,
        limit: u64,
    ) -> Result<EntriesPage, ClientError> {
        self.send(api::entries(election, from, limit)).await
    }

    /// The latest signed checkpoint's text.
    pub async fn checkpoint(&self, election: &str) -> Result<String, ClientError> {
        self.send(api::checkpoint(election)).await
    }

    /// The board's checkpoint verifier key.
    pub async fn board_key(&self) -> Result<String, ClientError> {
        self.send(api::board_key()).await
    }

    /// The inclusion proof of entry `index` (in the tree of `size`, or the latest).
    pub async fn inclusion(
        &self,
        election: &str,
        index: u64,
        size: Option<u64>,
    ) -> Result<InclusionProof, ClientError> {
        self.send(api::inclusion(election, index, size)).await
    }

    /// The inclusion proof of the ballot with this tracking code, and the ballot counted
    /// instead of it if a later one replaced it.
    pub async fn tracking(
        &self,
        election: &str,
        code: &TrackingCode,
    ) -> Result<TrackingProof, ClientError> {
        self.send(api::tracking(election, code)).await
    }

    /// A consistency proof from size `from` to `to` (or the latest).
    pub async fn consistency(
        &self,
        election: &str,
        from: u64,
        to: Option<u64>,
    ) -> Result<ConsistencyProof, ClientError> {
        self.send(api::consistency(election, from, to)).await
    }

    /// The whole record, as JSON Lines text.
    pub async fn record(&self, election: &str) -> Result<String, ClientError> {
        self.send(api::record(election)).await
    }
    /// Publishes a procedure's plan, signed by its organiser.
    pub async fn create_procedure(&self, plan: &Signed<ProcedurePlan>) -> Result<Ack, ClientError> {
        self.send(api::create_procedure(plan)?).await
    }

    /// Publishes a later entry of a procedure.
    pub async fn append_procedure(
        &self,
        procedure: &str,
        entry: &ProcedureEntry,
    ) -> Result<Ack, ClientError> {
        self.send(api::append_procedure(procedure, entry)?).await
    }

    /// One procedure's summary: its current stage and lists.
    pub async fn procedure(&self, procedure: &str) -> Result<ProcedureInfo, ClientError> {
        self.send(api::procedure(procedure)).await
    }

    /// A procedure's whole record, as JSON Lines text.
    pub async fn procedure_record(&self, procedure: &str) -> Result<String, ClientError> {
        self.send(api::procedure_record(procedure)).await
    }
}
