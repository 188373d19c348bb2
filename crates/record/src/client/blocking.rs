//! The blocking transport, on ureq: the verifier's client of a board, which links no
//! server stack and needs no async runtime (see [the module above](super)).

use zhixuan_election::{ElectionDefinition, ProcedurePlan};
use zhixuan_tally::TrackingCode;

use super::api::{self, Call, Patience};
use super::ClientError;
use crate::entry::Entry;
use crate::procedure::ProcedureEntry;
use crate::signed::Signed;
use crate::wire::{
    Ack, ConsistencyProof, ElectionInfo, EntriesPage, InclusionProof, ProcedureInfo, TrackingProof,
};

/// A blocking client for one board: the same requests, answers and errors as the async
/// `BoardClient` of feature `client`, and the same [`Patience`]. It only reads in practice
/// (the verifier), so a write is sent again only where the board said nothing was stored.
#[derive(Clone, Debug)]
pub struct BoardClient {
    base: String,
    agent: ureq::Agent,
    patience: Patience,
}

impl BoardClient {
    /// A client for the board at `base` (e.g. `http://127.0.0.1:8080`), with the default
    /// [`Patience`].
    pub fn new(base: &str) -> Self {
        Self::with_patience(base, Patience::default())
    }

    /// A client for the board at `base` that waits and tries again as `patience` says.
    pub fn with_patience(base: &str, patience: Patience) -> Self {
        // A refusal is an answer to read (the board's error body), not a transport error.
        // The answer must begin in time; its body may take long (a whole record).
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(patience.connect))
            .timeout_recv_response(Some(patience.answer))
            .build()
            .new_agent();
        Self {
            base: base.trim_end_matches('/').to_owned(),
            agent,
            patience,
        }
    }

    fn send_once<T>(&self, call: &Call<T>) -> Result<(u16, Result<String, String>), ClientError> {
        let url = call.url(&self.base);
        let sent = match &call.body {
            None => self.agent.get(&url).call(),
            Some(body) => self
                .agent
                .post(&url)
                .content_type(api::JSON)
                .send(&body[..]),
        };
        let mut response = sent.map_err(|e| api::unreachable(&url, e))?;
        let status = response.status().as_u16();
        // No size limit (ureq's default is 10 MB), as in the async client: a whole record
        // is larger.
        let body = response
            .body_mut()
            .with_config()
            .limit(u64::MAX)
            .lossy_utf8(true)
            .read_to_string()
            .map_err(|e| e.to_string());
        Ok((status, body))
    }

    fn send<T>(&self, call: Call<T>) -> Result<T, ClientError> {
        let mut made = 0;
        loop {
            made += 1;
            let error = match self.send_once(&call) {
                Ok((status, body)) if !matches!(status, 408 | 429 | 503) => {
                    return call.answer(status, body)
                }
                Ok((status, body)) => call.refusal(status, body),
                Err(e) => e,
            };
            let nothing_stored = matches!(
                error,
                ClientError::Refused {
                    status: 429 | 503,
                    ..
                }
            );
            let after = self
                .patience
                .again(made, &error)
                .filter(|_| call.body.is_none() || nothing_stored);
            match after {
                Some(after) => std::thread::sleep(after),
                None => return Err(error),
            }
        }
    }

    /// Publishes an election's definition, signed by its organiser.
    pub fn create_election(
        &self,
        definition: &Signed<ElectionDefinition>,
    ) -> Result<Ack, ClientError> {
        self.send(api::create_election(definition)?)
    }

    /// Publishes any later entry.
    pub fn append(&self, election: &str, entry: &Entry) -> Result<Ack, ClientError> {
        self.send(api::append(election, entry)?)
    }

    /// Every election on the board.
    pub fn elections(&self) -> Result<Vec<ElectionInfo>, ClientError> {
        self.send(api::elections())
    }

    /// One election's summary.
    pub fn election(&self, election: &str) -> Result<ElectionInfo, ClientError> {
        self.send(api::election(election))
    }

    /// A page of the log from `from`.
    pub fn entries(
        &self,
        election: &str,
        from: u64,
        limit: u64,
    ) -> Result<EntriesPage, ClientError> {
        self.send(api::entries(election, from, limit))
    }

    /// The latest signed checkpoint's text.
    pub fn checkpoint(&self, election: &str) -> Result<String, ClientError> {
        self.send(api::checkpoint(election))
    }

    /// The board's checkpoint verifier key.
    pub fn board_key(&self) -> Result<String, ClientError> {
        self.send(api::board_key())
    }

    /// The inclusion proof of entry `index` (in the tree of `size`, or the latest).
    pub fn inclusion(
        &self,
        election: &str,
        index: u64,
        size: Option<u64>,
    ) -> Result<InclusionProof, ClientError> {
        self.send(api::inclusion(election, index, size))
    }

    /// The inclusion proof of the ballot with this tracking code, and the ballot counted
    /// instead of it if a later one replaced it.
    pub fn tracking(
        &self,
        election: &str,
        code: &TrackingCode,
    ) -> Result<TrackingProof, ClientError> {
        self.send(api::tracking(election, code))
    }

    /// A consistency proof from size `from` to `to` (or the latest).
    pub fn consistency(
        &self,
        election: &str,
        from: u64,
        to: Option<u64>,
    ) -> Result<ConsistencyProof, ClientError> {
        self.send(api::consistency(election, from, to))
    }

    /// The whole record, as JSON Lines text.
    pub fn record(&self, election: &str) -> Result<String, ClientError> {
        self.send(api::record(election))
    }
    /// Publishes a procedure's plan, signed by its organiser.
    pub fn create_procedure(&self, plan: &Signed<ProcedurePlan>) -> Result<Ack, ClientError> {
        self.send(api::create_procedure(plan)?)
    }

    /// Publishes a later entry of a procedure.
    pub fn append_procedure(
        &self,
        procedure: &str,
        entry: &ProcedureEntry,
    ) -> Result<Ack, ClientError> {
        self.send(api::append_procedure(procedure, entry)?)
    }

    /// Every procedure on the board.
    pub fn procedures(&self) -> Result<Vec<ProcedureInfo>, ClientError> {
        self.send(api::procedures())
    }

    /// One procedure's summary: its current stage and lists.
    pub fn procedure(&self, procedure: &str) -> Result<ProcedureInfo, ClientError> {
        self.send(api::procedure(procedure))
    }

    /// A procedure's whole record, as JSON Lines text.
    pub fn procedure_record(&self, procedure: &str) -> Result<String, ClientError> {
        self.send(api::procedure_record(procedure))
    }
}
