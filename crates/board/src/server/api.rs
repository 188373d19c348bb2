//! Request handlers. Writes parse the body strictly (unknown fields refused, paths named in
//! errors), run the order-independent checks on a blocking thread (they are CPU-bound
//! proof verification), then queue the entry for the election's writer.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use time::OffsetDateTime;
use zhixuan_tally::{ElectionDefinition, TrackingCode};

use super::election::Election;
use super::error::ApiError;
use super::Board;
use crate::record::entry::{Entry, LogEntry};
use crate::record::file::{RecordFooter, RecordHeader, RECORD_FORMAT, RECORD_VERSION};
use crate::record::signed::Signed;
use crate::record::state::ElectionState;
use crate::store::{NewEntry, Store};
use crate::wire::{Ack, ConsistencyProof, ElectionInfo, InclusionProof};

type Shared<S> = State<Arc<Board<S>>>;

/// Entries per page when reading.
const MAX_PAGE: u64 = 1000;

fn parse<T: serde::de::DeserializeOwned>(body: &Bytes) -> Result<T, ApiError> {
    let mut de = serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        ApiError::malformed(format!(
            "the request body is not a valid entry: {} (at `{path}`)",
            e.inner()
        ))
    })
}

fn now() -> OffsetDateTime {
    let t = OffsetDateTime::now_utc();
    t.replace_nanosecond(0).unwrap_or(t)
}

pub(super) async fn health() -> Json<serde_json::Value> {
    Json(serde_json::json!({ "status": "ok" }))
}

pub(super) async fn board_key<S: Store>(State(board): Shared<S>) -> String {
    board.board_key()
}

fn info(election: &Election) -> Result<ElectionInfo, ApiError> {
    let state = election
        .state
        .read()
        .map_err(|_| ApiError::internal("state unavailable"))?;
    Ok(ElectionInfo {
        id: election.id.clone(),
        definition_hash: state.definition().hash().to_string(),
        phase: state.phase(),
        size: state.size(),
        ballots: state
            .definition()
            .document()
            .groups
            .iter()
            .map(|g| g.id.clone())
            .zip(state.ballots_per_group())
            .collect(),
    })
}

pub(super) async fn list<S: Store>(
    State(board): Shared<S>,
) -> Result<Json<Vec<ElectionInfo>>, ApiError> {
    board
        .elections()
        .iter()
        .map(|e| info(e))
        .collect::<Result<Vec<_>, _>>()
        .map(Json)
}

pub(super) async fn summary<S: Store>(
    State(board): Shared<S>,
    Path(id): Path<String>,
) -> Result<Json<ElectionInfo>, ApiError> {
    let election = board.election(&id)?;
    info(&election).map(Json)
}

/// `POST /elections`: publishes an election's definition, signed by its organiser.
pub(super) async fn create<S: Store>(
    State(board): Shared<S>,
    body: Bytes,
) -> Result<Json<Ack>, ApiError> {
    let signed: Signed<ElectionDefinition> = parse(&body)?;
    let id = signed.body.election_id().to_owned();
    if board.election(&id).is_ok() {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "election_exists",
            format!("an election `{id}` already exists on this board; choose another election id"),
        ));
    }
    let earlier = board.earlier(&signed.body)?;
    let entry = LogEntry {
        index: 0,
        received_at: now(),
        entry: Entry::Definition(signed),
    };
    ElectionState::new(&entry, &earlier)?;
    let leaf_hash = entry.leaf_hash();
    let json = serde_json::to_string(&entry).map_err(ApiError::internal)?;
    board
        .store()
        .create_election(
            &id,
            NewEntry {
                kind: "definition".into(),
                received_at: entry.received_at.unix_timestamp(),
                leaf_hash,
                json,
                tracking: None,
            },
        )
        .await?;
    let election = Election::load(
        board.store().clone(),
        &id,
        Arc::clone(board.signer()),
        earlier,
    )
    .await?;
    let checkpoint = election.checkpoint();
    board.insert(election);
    Ok(Json(Ack {
        index: 0,
        leaf_hash,
        tracking_code: None,
        supersedes: None,
        checkpoint,
        inclusion_proof: Vec::new(),
    }))
}

/// `POST /elections/{id}/entries`: any later entry.
pub(super) async fn append<S: Store>(
    State(board): Shared<S>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<Ack>, ApiError> {
    let election = board.election(&id)?;
    let entry: Entry = parse(&body)?;
    let received_at = now();
    let checking = Arc::clone(&election);
    let prepared = tokio::task::spawn_blocking(move || {
        let state = checking
            .state
            .read()
            .map_err(|_| ApiError::internal("state unavailable"))?;
        state.prepare(entry).map_err(ApiError::from)
    })
    .await
    .map_err(|_| ApiError::internal("the check was interrupted"))??;
    election.submit(prepared, received_at).await.map(Json)
}

#[derive(Deserialize)]
pub(super) struct Page {
    from: Option<u64>,
    limit: Option<u64>,
}

/// `GET /elections/{id}/entries?from=&limit=`: a page of the log, for following it live.
pub(super) async fn entries<S: Store>(
    State(board): Shared<S>,
    Path(id): Path<String>,
    Query(page): Query<Page>,
) -> Result<Response, ApiError> {
    board.election(&id)?;
    let from = page.from.unwrap_or(0);
    let limit = page.limit.unwrap_or(MAX_PAGE).clamp(1, MAX_PAGE);
    let stored = board.store().entries(&id, from, limit).await?;
    let next = stored.last().map(|e| e.index + 1);
    let mut body = String::from("{\"entries\":[");
    for (i, e) in stored.iter().enumerate() {
        if i > 0 {
            body.push(',');
        }
        body.push_str(&e.entry.json);
    }
    body.push_str("],\"next\":");
    body.push_str(&next.map_or("null".to_owned(), |n| n.to_string()));
    body.push('}');
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

pub(super) async fn checkpoint<S: Store>(
    State(board): Shared<S>,
    Path(id): Path<String>,
) -> Result<String, ApiError> {
    Ok(board.election(&id)?.checkpoint())
}

#[derive(Deserialize)]
pub(super) struct InclusionQuery {
    index: u64,
    size: Option<u64>,
}

fn inclusion_of(
    election: &Election,
    index: u64,
    size: Option<u64>,
) -> Result<InclusionProof, ApiError> {
    let checkpoint = election.checkpoint();
    let tree = election
        .tree
        .read()
        .map_err(|_| ApiError::internal("tree unavailable"))?;
    let size = size.unwrap_or(tree.len());
    let bad = |e: crate::ProofError| {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_proof_request", e.to_string())
    };
    let proof = tree.inclusion_proof(index, size).map_err(bad)?;
    let leaf_hash = tree.leaf_hash(index).ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "no_such_entry",
            format!("the log has no entry {index}"),
        )
    })?;
    Ok(InclusionProof {
        index,
        size,
        leaf_hash,
        proof,
        checkpoint,
    })
}

pub(super) async fn inclusion<S: Store>(
    State(board): Shared<S>,
    Path(id): Path<String>,
    Query(q): Query<InclusionQuery>,
) -> Result<Json<InclusionProof>, ApiError> {
    let election = board.election(&id)?;
    inclusion_of(&election, q.index, q.size).map(Json)
}

#[derive(Deserialize)]
pub(super) struct SizeQuery {
    size: Option<u64>,
}

/// `GET /elections/{id}/proof/tracking/{code}`: where a voter's ballot is, with its proof.
pub(super) async fn tracking<S: Store>(
    State(board): Shared<S>,
    Path((id, code)): Path<(String, String)>,
    Query(q): Query<SizeQuery>,
) -> Result<Json<InclusionProof>, ApiError> {
    let election = board.election(&id)?;
    let code: TrackingCode = code
        .parse()
        .map_err(|e: zhixuan_tally::TrackingCodeError| {
            ApiError::new(StatusCode::BAD_REQUEST, "bad_tracking_code", e.to_string())
        })?;
    let index = board
        .store()
        .find_tracking(&id, *code.as_bytes())
        .await?
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::NOT_FOUND,
                "tracking_code_not_found",
                format!("no ballot with tracking code {code} is on the board for election `{id}`"),
            )
        })?;
    inclusion_of(&election, index, q.size).map(Json)
}

#[derive(Deserialize)]
pub(super) struct ConsistencyQuery {
    from: u64,
    to: Option<u64>,
}

pub(super) async fn consistency<S: Store>(
    State(board): Shared<S>,
    Path(id): Path<String>,
    Query(q): Query<ConsistencyQuery>,
) -> Result<Json<ConsistencyProof>, ApiError> {
    let election = board.election(&id)?;
    let tree = election
        .tree
        .read()
        .map_err(|_| ApiError::internal("tree unavailable"))?;
    let to = q.to.unwrap_or(tree.len());
    let proof = tree
        .consistency_proof(q.from, to)
        .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, "bad_proof_request", e.to_string()))?;
    Ok(Json(ConsistencyProof {
        from: q.from,
        to,
        proof,
    }))
}

/// `GET /elections/{id}/record`: the whole record as one JSON Lines file, consistent with
/// the checkpoint in its last line.
pub(super) async fn record<S: Store>(
    State(board): Shared<S>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let election = board.election(&id)?;
    let checkpoint = election.checkpoint();
    let size = election
        .tree
        .read()
        .map(|t| t.len())
        .map_err(|_| ApiError::internal("tree unavailable"))?;
    let header = RecordHeader {
        format: RECORD_FORMAT.into(),
        version: RECORD_VERSION,
        election_id: id.clone(),
        board_key: board.board_key(),
        entries: size,
        earlier: Vec::new(),
    };
    let mut out = serde_json::to_string(&header).map_err(ApiError::internal)?;
    out.push('\n');
    let mut from = 0;
    while from < size {
        let page = board
            .store()
            .entries(&id, from, MAX_PAGE.min(size - from))
            .await?;
        if page.is_empty() {
            break;
        }
        for e in &page {
            out.push_str(&e.entry.json);
            out.push('\n');
        }
        from += page.len() as u64;
    }
    out.push_str(&serde_json::to_string(&RecordFooter { checkpoint }).map_err(ApiError::internal)?);
    out.push('\n');
    Ok((
        [(header::CONTENT_TYPE, "application/x-ndjson")],
        Body::from(out),
    )
        .into_response())
}
