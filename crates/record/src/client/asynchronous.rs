//! The async transport, on reqwest: the CLI's and the tests' client of a board.

use zhixuan_election::{ElectionDefinition, ProcedurePlan};
use zhixuan_tally::TrackingCode;

use std::time::Duration;

use super::api::{self, Call, Patience, Waiting, Watch};
use super::ClientError;
use crate::entry::Entry;
use crate::procedure::ProcedureEntry;
use crate::signed::Signed;
use crate::wire::{
    Ack, ConsistencyProof, ElectionInfo, EntriesPage, InclusionProof, ProcedureInfo, ProcedurePage,
    TrackingProof,
};

/// A client for one board.
#[derive(Clone)]
pub struct BoardClient {
    base: String,
    http: reqwest::Client,
    patience: Patience,
    watch: Option<Watch>,
}

impl std::fmt::Debug for BoardClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BoardClient")
            .field("base", &self.base)
            .field("patience", &self.patience)
            .finish_non_exhaustive()
    }
}

/// How long a request goes unanswered before whoever watches is told what is awaited.
const SLOW: Duration = Duration::from_secs(3);

impl BoardClient {
    /// A client for the board at `base` (e.g. `http://127.0.0.1:8080`), with the default
    /// [`Patience`].
    pub fn new(base: &str) -> Self {
        Self::with_patience(base, Patience::default())
    }

    /// A client for the board at `base` that waits and tries again as `patience` says.
    pub fn with_patience(base: &str, patience: Patience) -> Self {
        let http = reqwest::Client::builder()
            .connect_timeout(patience.connect)
            .read_timeout(patience.answer)
            .build()
            .unwrap_or_default();
        Self {
            patience,
            ..Self::with_http(base, http)
        }
    }

    /// A client for the board at `base` that sends through `http` (its own timeouts, proxy
    /// or local address), once per request.
    pub fn with_http(base: &str, http: reqwest::Client) -> Self {
        Self {
            base: base.trim_end_matches('/').to_owned(),
            http,
            patience: Patience {
                attempts: 1,
                ..Patience::default()
            },
            watch: None,
        }
    }

    /// This client, telling `watch` what it waits for.
    pub fn watched(self, watch: Watch) -> Self {
        Self {
            watch: Some(watch),
            ..self
        }
    }

    fn tell(&self, waiting: &Waiting<'_>) {
        if let Some(watch) = &self.watch {
            watch(waiting);
        }
    }

    async fn send_once<T>(
        &self,
        call: &Call<T>,
    ) -> Result<(u16, Result<String, String>), ClientError> {
        let url = call.url(&self.base);
        let request = match &call.body {
            None => self.http.get(&url),
            Some(body) => self
                .http
                .post(&url)
                .header(reqwest::header::CONTENT_TYPE, api::JSON)
                .body(body.clone()),
        };
        let sending = request.send();
        tokio::pin!(sending);
        let response = match tokio::time::timeout(SLOW, &mut sending).await {
            Ok(response) => response,
            Err(_) => {
                self.tell(&Waiting::Slow {
                    path: &call.path,
                    write: call.body.is_some(),
                });
                sending.await
            }
        }
        .map_err(|e| api::unreachable(&url, e))?;
        let status = response.status().as_u16();
        let body = response.text().await.map_err(|e| e.to_string());
        Ok((status, body))
    }

    /// Sends `call`, again as [`Patience::again`] allows; `lost` is set when an attempt
    /// got no answer (a write may then have been stored).
    async fn send_lost<T>(&self, call: Call<T>, lost: &mut bool) -> Result<T, ClientError> {
        let mut made = 0;
        loop {
            made += 1;
            let error = match self.send_once(&call).await {
                Ok((status, body)) if !matches!(status, 408 | 429 | 503) => {
                    return call.answer(status, body)
                }
                Ok((status, body)) => call.refusal(status, body),
                Err(e) => e,
            };
            let Some(after) = self.patience.again(made, &error) else {
                return Err(error);
            };
            *lost |= !matches!(
                error,
                ClientError::Refused {
                    status: 429 | 503,
                    ..
                }
            );
            self.tell(&Waiting::Again {
                path: &call.path,
                next: made + 1,
                of: self.patience.attempts,
                after,
                error: &error,
            });
            tokio::time::sleep(after).await;
        }
    }

    async fn send<T>(&self, call: Call<T>) -> Result<T, ClientError> {
        self.send_lost(call, &mut false).await
    }

    /// Sends a write; if an answer was lost and the copy sent again is refused as already
    /// there, finds the first copy among the log's entries from `from` and answers with
    /// its acknowledgement.
    async fn write(
        &self,
        call: Call<Ack>,
        election: &str,
        entry: &Entry,
        from: impl Fn(u64) -> u64,
    ) -> Result<Ack, ClientError> {
        let mut lost = false;
        match self.send_lost(call, &mut lost).await {
            Err(e) if lost && api::already_there(&e) => {
                let size = self.election(election).await?.size;
                let mut next = from(size);
                while next < size {
                    let page = self.entries(election, next, 1000).await?;
                    if let Some(found) = page.entries.iter().find(|e| &e.entry == entry) {
                        let proof = self.inclusion(election, found.index, None).await?;
                        return Ok(api::found(found, proof));
                    }
                    next = match page.next {
                        Some(n) if n > next => n,
                        _ => break,
                    };
                }
                Err(e)
            }
            answer => answer,
        }
    }

    /// Publishes an election's definition, signed by its organiser.
    pub async fn create_election(
        &self,
        definition: &Signed<ElectionDefinition>,
    ) -> Result<Ack, ClientError> {
        let id = definition.body.election_id();
        let entry = Entry::Definition(definition.clone());
        self.write(api::create_election(definition)?, id, &entry, |_| 0)
            .await
    }

    /// Publishes any later entry. An entry whose answer was lost is looked for among the
    /// log's last thousand entries.
    pub async fn append(&self, election: &str, entry: &Entry) -> Result<Ack, ClientError> {
        self.write(api::append(election, entry)?, election, entry, |size| {
            size.saturating_sub(1000)
        })
        .await
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

    /// Every procedure on the board.
    pub async fn procedures(&self) -> Result<Vec<ProcedureInfo>, ClientError> {
        self.send(api::procedures()).await
    }

    /// One procedure's summary: its current stage and lists.
    pub async fn procedure(&self, procedure: &str) -> Result<ProcedureInfo, ClientError> {
        self.send(api::procedure(procedure)).await
    }

    /// A page of a procedure's log from `from`.
    pub async fn procedure_entries(
        &self,
        procedure: &str,
        from: u64,
        limit: u64,
    ) -> Result<ProcedurePage, ClientError> {
        self.send(api::procedure_entries(procedure, from, limit))
            .await
    }

    /// A procedure's whole record, as JSON Lines text.
    pub async fn procedure_record(&self, procedure: &str) -> Result<String, ClientError> {
        self.send(api::procedure_record(procedure)).await
    }
}
