//! Procedures on the board (`spec/procedure.md` §6): each a log of its own beside the
//! elections, in the same store, whose entry 0 is a plan. Procedures are small (tens of
//! entries), so each is written under one lock, one entry at a time: the stamp, the
//! admission rules (`ProcedureState`), the store, the tree and a signed checkpoint.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use time::OffsetDateTime;
use tokio::sync::Mutex;
use zhixuan_election::ProcedurePlan;
use zhixuan_record::{
    Ack, ErrorCode, LinkedElection, LogEntry, MerkleTree, Origin, ProcedureEntry, ProcedureInfo,
    ProcedurePage, ProcedureRejection, ProcedureState, RecordFooter, RecordHeader, Signed,
    RECORD_FORMAT, RECORD_VERSION,
};

use super::api::{now, parse, JsonBody, Shared, MAX_PAGE};
use super::error::ApiError;
use super::writer::{read_log, sign};
use super::Board;
use crate::store::{NewEntry, Store, StoreError};

/// The kind of entry 0 of a procedure's log, as the store keeps it.
pub(crate) const PLAN_KIND: &str = "plan";

/// One procedure's log in memory.
pub struct ProcedureLog {
    state: ProcedureState,
    tree: MerkleTree,
    origin: Origin,
    checkpoint: String,
}

/// The procedures this server has loaded, by id.
#[derive(Default)]
pub struct Procedures(std::sync::RwLock<HashMap<String, Arc<Mutex<ProcedureLog>>>>);

impl Procedures {
    fn get(&self, id: &str) -> Option<Arc<Mutex<ProcedureLog>>> {
        self.0.read().ok().and_then(|m| m.get(id).cloned())
    }

    fn insert(&self, id: &str, log: ProcedureLog) -> Arc<Mutex<ProcedureLog>> {
        let log = Arc::new(Mutex::new(log));
        if let Ok(mut m) = self.0.write() {
            m.entry(id.to_owned()).or_insert_with(|| Arc::clone(&log));
        }
        self.get(id).unwrap_or(log)
    }

    /// The ids loaded, sorted.
    pub fn ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self
            .0
            .read()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        ids.sort();
        ids
    }
}

impl From<ProcedureRejection> for ApiError {
    fn from(rejection: ProcedureRejection) -> Self {
        ApiError::new(rejection.code(), rejection.to_string())
    }
}

fn unknown(id: &str) -> ApiError {
    ApiError::new(
        ErrorCode::UnknownProcedure,
        format!("no procedure `{id}` is on this board; check the id"),
    )
}

impl ProcedureLog {
    /// The plan.
    pub fn plan(&self) -> &ProcedurePlan {
        self.state.plan()
    }

    /// The latest signed checkpoint's text.
    pub fn checkpoint(&self) -> &str {
        &self.checkpoint
    }
}

impl<S: Store> Board<S> {
    /// Whether entry 0 of the log `id` in the store is a plan.
    pub(crate) async fn is_procedure(&self, id: &str) -> Result<bool, ApiError> {
        match self.store().entries(id, 0, 1).await {
            Ok(first) => Ok(first.first().is_some_and(|e| e.entry.kind == PLAN_KIND)),
            Err(StoreError::UnknownElection(_)) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    /// Whether a log (an election's or a procedure's) has this id.
    async fn log_exists(&self, id: &str) -> Result<bool, ApiError> {
        match self.store().entries(id, 0, 1).await {
            Ok(first) => Ok(!first.is_empty()),
            Err(StoreError::UnknownElection(_)) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    /// The procedure `id`, loaded from the store (and replayed through the admission rules)
    /// the first time it is asked for.
    pub async fn procedure(&self, id: &str) -> Result<Arc<Mutex<ProcedureLog>>, ApiError> {
        if let Some(log) = self.procedures.get(id) {
            return Ok(log);
        }
        if !zhixuan_election::is_valid_id(id) || !self.is_procedure(id).await? {
            return Err(unknown(id));
        }
        let log = self.load_procedure(id).await?;
        Ok(self.procedures.insert(id, log))
    }

    /// The election a procedure's entry refers to, as this board holds it.
    async fn linked(&self, id: Option<String>) -> Result<Option<LinkedElection>, ApiError> {
        let Some(id) = id else { return Ok(None) };
        let election = match self.find(&id).await {
            Ok(election) => election,
            Err(e) if e.status.is_server_error() => return Err(e),
            Err(_) => return Ok(None),
        };
        if election.outcome().is_none() {
            election.refresh().await?;
        }
        let definition = election
            .state
            .read()
            .map_err(|_| ApiError::internal("election state unavailable"))?
            .definition()
            .clone();
        Ok(Some(LinkedElection {
            definition,
            outcome: election.outcome(),
        }))
    }

    async fn load_procedure(&self, id: &str) -> Result<ProcedureLog, ApiError> {
        let entries = read_log::<S, ProcedureEntry>(self.store(), id, 0).await?;
        let refused = |index: u64, e: &dyn std::fmt::Display| {
            ApiError::corrupt_store(format!(
                "entry {index} of procedure `{id}` in the store is refused by the admission \
                 rules ({e}): the store is damaged or was written by other software"
            ))
        };
        let mut iter = entries.into_iter();
        let Some((first, leaf)) = iter.next() else {
            return Err(unknown(id));
        };
        let ProcedureEntry::Plan(plan) = &first.entry else {
            return Err(refused(0, &"entry 0 is not a plan"));
        };
        let mut state = ProcedureState::new(plan, first.received_at).map_err(|e| refused(0, &e))?;
        let mut tree = MerkleTree::new();
        tree.push(leaf);
        for (entry, leaf) in iter {
            let linked = self.linked(state.election_needed(&entry.entry)).await?;
            state
                .apply(&entry.entry, entry.received_at, linked.as_ref())
                .map_err(|e| refused(entry.index, &e))?;
            tree.push(leaf);
        }
        let origin = Origin::for_election(id).map_err(ApiError::internal)?;
        let checkpoint = sign(&self.signer, &origin, &tree)?;
        Ok(ProcedureLog {
            state,
            tree,
            origin,
            checkpoint,
        })
    }
}

fn stamp_after(state: &ProcedureState) -> OffsetDateTime {
    // spec/procedure.md §3: stamps never decrease along the log.
    now().max(state.last_stamp())
}

fn row(entry: &LogEntry<ProcedureEntry>) -> Result<NewEntry, ApiError> {
    Ok(NewEntry {
        kind: entry.entry.kind().as_str().to_owned(),
        received_at: entry.received_at.unix_timestamp(),
        leaf_hash: entry.leaf_hash(),
        json: serde_json::to_string(entry).map_err(ApiError::internal)?,
        tracking: None,
    })
}

fn ack(log: &ProcedureLog, index: u64) -> Result<Ack, ApiError> {
    let size = log.tree.len();
    Ok(Ack {
        index,
        leaf_hash: log
            .tree
            .leaf_hash(index)
            .ok_or_else(|| ApiError::internal("the entry is not in the tree"))?,
        tracking_code: None,
        supersedes: None,
        checkpoint: log.checkpoint.clone(),
        inclusion_proof: log
            .tree
            .inclusion_proof(index, size)
            .map_err(ApiError::internal)?,
    })
}

/// `POST /procedures`: publishes a procedure's plan, signed by its organiser.
pub(super) async fn create<S: Store>(
    State(board): Shared<S>,
    JsonBody(body): JsonBody,
) -> Result<Json<Ack>, ApiError> {
    let signed: Signed<ProcedurePlan> = parse(&body)?;
    let id = signed.body.procedure_id().to_owned();
    let exists = || {
        ApiError::new(
            ErrorCode::ProcedureExists,
            format!(
                "a procedure or an election `{id}` is already on this board; choose another id"
            ),
        )
    };
    if board.log_exists(&id).await? {
        // A resend of this very plan, whose first answer was lost, is answered as the first
        // was (`spec/procedure.md` §6).
        let shared = board.procedure(&id).await.map_err(|_| exists())?;
        let log = shared.lock().await;
        let plan = ProcedureEntry::Plan(signed);
        return match resent(&board, &id, &plan, log.tree.len()).await? {
            Some(index) => ack(&log, index).map(Json),
            None => Err(exists()),
        };
    }
    let entry = LogEntry {
        index: 0,
        received_at: now(),
        entry: ProcedureEntry::Plan(signed),
    };
    let ProcedureEntry::Plan(plan) = &entry.entry else {
        return Err(ApiError::internal("a plan entry holds a plan"));
    };
    let state = ProcedureState::new(plan, entry.received_at)?;
    match board.store().create_election(&id, row(&entry)?).await {
        Err(StoreError::ElectionExists(_)) => return Err(exists()),
        other => other?,
    }
    let mut tree = MerkleTree::new();
    tree.push(entry.leaf_hash());
    let origin = Origin::for_election(&id).map_err(ApiError::internal)?;
    let checkpoint = sign(&board.signer, &origin, &tree)?;
    board
        .store()
        .save_checkpoint(&id, 1, checkpoint.clone())
        .await?;
    let log = ProcedureLog {
        state,
        tree,
        origin,
        checkpoint,
    };
    let answer = ack(&log, 0)?;
    board.procedures.insert(&id, log);
    Ok(Json(answer))
}

/// `POST /procedures/{id}/entries`: any later entry of a procedure.
pub(super) async fn append<S: Store>(
    State(board): Shared<S>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody,
) -> Result<Json<Ack>, ApiError> {
    let entry: ProcedureEntry = parse(&body)?;
    if matches!(entry, ProcedureEntry::Plan(_)) {
        return Err(ProcedureRejection::NotAPlan.into());
    }
    let shared = board.procedure(&id).await?;
    let mut log = shared.lock().await;
    let linked = board.linked(log.state.election_needed(&entry)).await?;
    let mut state = log.state.clone();
    let stamped = LogEntry {
        index: state.size(),
        received_at: stamp_after(&state),
        entry,
    };
    if let Err(refusal) = state.apply(&stamped.entry, stamped.received_at, linked.as_ref()) {
        // A resend whose first answer was lost finds its entry on the log (§6).
        return match resent(&board, &id, &stamped.entry, log.tree.len()).await? {
            Some(index) => ack(&log, index).map(Json),
            None => Err(refusal.into()),
        };
    }
    match board
        .store()
        .append(&id, stamped.index, vec![row(&stamped)?])
        .await
    {
        // Another server sharing the store wrote first: this server's view is stale.
        Err(StoreError::Conflict { .. }) => {
            *log = board.load_procedure(&id).await?;
            return Err(ApiError::busy());
        }
        other => other?,
    }
    log.tree.push(stamped.leaf_hash());
    log.state = state;
    let checkpoint = sign(&board.signer, &log.origin, &log.tree)?;
    board
        .store()
        .save_checkpoint(&id, log.tree.len(), checkpoint.clone())
        .await?;
    log.checkpoint = checkpoint;
    ack(&log, stamped.index).map(Json)
}

/// The index of an entry of the procedure's log (of `size` entries) identical to `entry`,
/// signature included: a resend of what the board already holds. Procedure logs are short
/// (a registration per person, a decision per stage), so the refused write reads them.
async fn resent<S: Store>(
    board: &Board<S>,
    id: &str,
    entry: &ProcedureEntry,
    size: u64,
) -> Result<Option<u64>, ApiError> {
    Ok(entries(board, id, 0, size)
        .await?
        .into_iter()
        .find(|e| e.entry == *entry)
        .map(|e| e.index))
}

/// What `GET /procedures/{id}` answers.
pub fn info(log: &ProcedureLog) -> ProcedureInfo {
    let state = &log.state;
    ProcedureInfo {
        procedure_id: state.plan().procedure_id().to_owned(),
        plan_hash: state.plan().hash().to_string(),
        size: state.size(),
        current_stage: state.current_stage().map(|s| s.id.clone()),
        closed_stages: state.closed_stages() as u64,
        lists: state
            .lists()
            .iter()
            .map(|l| (l.post.clone(), l.people.clone()))
            .collect(),
        order: state.order().to_vec(),
    }
}

/// `GET /procedures/{id}`.
pub(super) async fn summary<S: Store>(
    State(board): Shared<S>,
    Path(id): Path<String>,
) -> Result<Json<ProcedureInfo>, ApiError> {
    let shared = board.procedure(&id).await?;
    let log = shared.lock().await;
    Ok(Json(info(&log)))
}

/// `GET /procedures`: every procedure this server has loaded.
pub(super) async fn list<S: Store>(
    State(board): Shared<S>,
) -> Result<Json<Vec<ProcedureInfo>>, ApiError> {
    let mut out = Vec::new();
    for id in board.procedures.ids() {
        let shared = board.procedure(&id).await?;
        out.push(info(&*shared.lock().await));
    }
    Ok(Json(out))
}

#[derive(Deserialize)]
pub(super) struct Page {
    from: Option<u64>,
    limit: Option<u64>,
}

/// The entries of a procedure's log, read back and parsed.
pub async fn entries<S: Store>(
    board: &Board<S>,
    id: &str,
    from: u64,
    limit: u64,
) -> Result<Vec<LogEntry<ProcedureEntry>>, ApiError> {
    let mut out = Vec::new();
    for stored in board.store().entries(id, from, limit).await? {
        out.push(serde_json::from_str(&stored.entry.json).map_err(|e| {
            ApiError::corrupt_store(format!(
                "entry {} of `{id}` is unreadable: {e}",
                stored.index
            ))
        })?);
    }
    Ok(out)
}

/// `GET /procedures/{id}/entries?from=&limit=`.
pub(super) async fn page<S: Store>(
    State(board): Shared<S>,
    Path(id): Path<String>,
    Query(page): Query<Page>,
) -> Result<Json<ProcedurePage>, ApiError> {
    let shared = board.procedure(&id).await?;
    let size = shared.lock().await.tree.len();
    let from = page.from.unwrap_or(0);
    let limit = page.limit.unwrap_or(MAX_PAGE).min(MAX_PAGE);
    let entries = entries(&board, &id, from, limit.min(size.saturating_sub(from))).await?;
    let next = (!entries.is_empty()).then(|| from + entries.len() as u64);
    Ok(Json(ProcedurePage { entries, next }))
}

/// `GET /procedures/{id}/checkpoint`.
pub(super) async fn checkpoint<S: Store>(
    State(board): Shared<S>,
    Path(id): Path<String>,
) -> Result<String, ApiError> {
    let shared = board.procedure(&id).await?;
    let log = shared.lock().await;
    Ok(log.checkpoint.clone())
}

/// `GET /procedures/{id}/record`: the procedure's record file (`spec/board.md` §9, with a
/// procedure's entries).
pub(super) async fn record<S: Store>(
    State(board): Shared<S>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let shared = board.procedure(&id).await?;
    let (size, checkpoint) = {
        let log = shared.lock().await;
        (log.tree.len(), log.checkpoint.clone())
    };
    let header = RecordHeader {
        format: RECORD_FORMAT.into(),
        version: RECORD_VERSION,
        election_id: id.clone(),
        board_key: board.board_key(),
        entries: size,
        earlier: Vec::new(),
    };
    let mut text = serde_json::to_string(&header).map_err(ApiError::internal)?;
    text.push('\n');
    let mut from = 0;
    while from < size {
        let page = entries(&board, &id, from, MAX_PAGE.min(size - from)).await?;
        if page.is_empty() {
            return Err(ApiError::corrupt_store(format!(
                "the store holds fewer than {size} entries of procedure `{id}`"
            )));
        }
        for e in &page {
            text.push_str(&serde_json::to_string(e).map_err(ApiError::internal)?);
            text.push('\n');
        }
        from += page.len() as u64;
    }
    text.push_str(
        &serde_json::to_string(&RecordFooter { checkpoint }).map_err(ApiError::internal)?,
    );
    text.push('\n');
    Ok(([(header::CONTENT_TYPE, "application/x-ndjson")], text).into_response())
}
