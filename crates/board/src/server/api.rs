//! Request handlers. Writes parse the body strictly (unknown fields refused, paths named in
//! errors), run the order-independent checks on a blocking thread (they are CPU-bound
//! proof verification), then queue the entry for the election's writer.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Path, Query, Request, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use futures_util::StreamExt;
use serde::Deserialize;
use time::OffsetDateTime;
use zhixuan_election::ElectionDefinition;
use zhixuan_tally::{Credential, TrackingCode};

use super::error::ApiError;
use super::writer::Election;
use super::Board;
use crate::store::{NewEntry, Store};
use zhixuan_record::Signed;
use zhixuan_record::{
    Ack, ConsistencyProof, ElectionInfo, ErrorCode, InclusionProof, TrackingProof,
};
use zhixuan_record::{EarlierElection, RecordFooter, RecordHeader, RECORD_FORMAT, RECORD_VERSION};
use zhixuan_record::{ElectionState, Prepared};
use zhixuan_record::{Entry, LogEntry};

pub(super) type Shared<S> = State<Arc<Board<S>>>;

/// Entries per page when reading.
pub(super) const MAX_PAGE: u64 = 1000;

pub(super) fn parse<T: serde::de::DeserializeOwned>(body: &Bytes) -> Result<T, ApiError> {
    let mut de = serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        // The root (`.`) and an unknown place (`?`) say nothing the position does not.
        let at = if path == "." || path == "?" {
            String::new()
        } else {
            format!(" (at `{path}`)")
        };
        ApiError::malformed(format!(
            "the request body is not a valid entry: {}{at}",
            e.inner()
        ))
    })
}

/// The body of a write: JSON, by its `Content-Type` (`application/json`, parameters
/// allowed); anything else is answered 415 before the body is read (`spec/board.md` §7).
pub(super) struct JsonBody(pub(super) Bytes);

impl<S: Send + Sync> FromRequest<S> for JsonBody {
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<Self, Response> {
        let media_type = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(str::trim);
        if !media_type.is_some_and(|t| t.eq_ignore_ascii_case("application/json")) {
            return Err(ApiError::new(ErrorCode::UnsupportedMediaType,
                "a write's body must be JSON, sent with Content-Type: application/json; nothing was read or stored",
            )
            .into_response());
        }
        Bytes::from_request(request, state)
            .await
            .map(JsonBody)
            .map_err(IntoResponse::into_response)
    }
}

pub(super) fn now() -> OffsetDateTime {
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
        .map_err(|_| ApiError::internal("election state unavailable"))?;
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

/// Catches `election` up with the store if other servers appended to it: what a reader
/// asks for is the log as stored, not as this server last wrote it. A store that cannot
/// be read leaves the answer as this server has it, which is still signed and consistent.
///
/// The state's size is the mark, not the checkpoint's: the state runs ahead of the store
/// while this server's own group is being appended, never behind it, so only another
/// server's entries send a reader through the writer's queue.
pub(super) async fn current<S: Store>(board: &Board<S>, election: &Election) {
    let Ok(size) = election.state.read().map(|s| s.size()) else {
        return;
    };
    let behind =
        matches!(board.store().entries(&election.id, size, 1).await, Ok(page) if !page.is_empty());
    if behind {
        if let Err(e) = election.refresh().await {
            tracing::warn!(election = %election.id, error = ?e, "could not catch up with the store");
        }
    }
}

/// The latest signed checkpoint (size and text), caught up with the store first if it
/// covers fewer than `size` entries: the entries asked about may have been appended by
/// another server, or by this one a moment before its checkpoint was published.
pub(super) async fn covering(election: &Election, size: u64) -> Result<(u64, String), ApiError> {
    let latest = election.latest();
    if latest.0 >= size {
        return Ok(latest);
    }
    election.refresh().await?;
    Ok(election.latest())
}

pub(super) async fn list<S: Store>(
    State(board): Shared<S>,
) -> Result<Json<Vec<ElectionInfo>>, ApiError> {
    let mut out = Vec::new();
    for election in board.elections().await? {
        current(&board, &election).await;
        out.push(info(&election)?);
    }
    Ok(Json(out))
}

pub(super) async fn summary<S: Store>(
    State(board): Shared<S>,
    Path(id): Path<String>,
) -> Result<Json<ElectionInfo>, ApiError> {
    let election = board.find(&id).await?;
    current(&board, &election).await;
    info(&election).map(Json)
}

/// `POST /elections`: publishes an election's definition, signed by its organiser.
pub(super) async fn create<S: Store>(
    State(board): Shared<S>,
    JsonBody(body): JsonBody,
) -> Result<Json<Ack>, ApiError> {
    let signed: Signed<ElectionDefinition> = parse(&body)?;
    let id = signed.body.election_id().to_owned();
    let exists = || {
        ApiError::new(
            ErrorCode::ElectionExists,
            format!("an election `{id}` already exists on this board; choose another election id"),
        )
    };
    match board.find(&id).await {
        Ok(_) => return Err(exists()),
        Err(e) if e.code() == Some(ErrorCode::UnknownElection) => {}
        Err(e) => return Err(e),
    }
    let earlier = board.earlier(&signed.body).await?;
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
    let checkpoint = board.find(&id).await?.checkpoint();
    Ok(Json(Ack {
        index: 0,
        leaf_hash,
        tracking_code: None,
        supersedes: None,
        checkpoint,
        inclusion_proof: Vec::new(),
    }))
}

/// Parses `body` as an entry and makes its order-independent checks, on a blocking thread:
/// both are CPU-bound (parsing decodes every point of a ballot, checking verifies its
/// proofs), and the async workers must stay free to move requests along.
async fn prepare(election: &Arc<Election>, body: &Bytes) -> Result<Prepared, ApiError> {
    let (checking, body) = (Arc::clone(election), body.clone());
    tokio::task::spawn_blocking(move || {
        let entry = parse(&body)?;
        let state = checking
            .state
            .read()
            .map_err(|_| ApiError::internal("election state unavailable"))?;
        state.prepare(entry).map_err(ApiError::from)
    })
    .await
    .map_err(|_| ApiError::internal("the check was interrupted"))?
}

/// `POST /elections/{id}/entries`: any later entry.
pub(super) async fn append<S: Store>(
    State(board): Shared<S>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody,
) -> Result<Json<Ack>, ApiError> {
    let election = board.find(&id).await?;
    let received_at = now();
    let prepared = match prepare(&election, &body).await {
        // Other servers sharing the store may have opened voting or published the list
        // that names this credential: catch up before refusing.
        Err(e)
            if matches!(
                e.code(),
                Some(ErrorCode::WrongPhase | ErrorCode::UnknownCredential)
            ) =>
        {
            election.refresh().await?;
            prepare(&election, &body).await
        }
        other => other,
    };
    let refusal = match prepared {
        Ok(prepared) => match election.submit(prepared, received_at).await {
            Ok(ack) => return Ok(Json(ack)),
            Err(e) => e,
        },
        Err(e) => e,
    };
    // A resend whose first answer was lost finds its ballot on the log, or voting since
    // closed: it is answered as the first was (`spec/board.md` §5.7).
    if matches!(
        refusal.code(),
        Some(ErrorCode::DuplicateBallot | ErrorCode::WrongPhase | ErrorCode::OutsideVotingWindow)
    ) {
        if let Some(ack) = resent(&board, &election, &body).await? {
            return Ok(Json(ack));
        }
    }
    Err(refusal)
}

/// The acknowledgement of the ballot or audited ballot on the log that `body` is a copy
/// of, byte for byte as an entry: its index, leaf hash, tracking code and `supersedes`,
/// under the latest checkpoint with a fresh inclusion proof. `None` for anything else.
async fn resent<S: Store>(
    board: &Board<S>,
    election: &Election,
    body: &Bytes,
) -> Result<Option<Ack>, ApiError> {
    let body = body.clone();
    let Ok(Ok(entry)) = tokio::task::spawn_blocking(move || parse::<Entry>(&body)).await else {
        return Ok(None);
    };
    let hash = match &entry {
        Entry::Ballot(b) => b.hash(),
        Entry::AuditedBallot(a) => a.hash(),
        _ => return Ok(None),
    };
    let code = TrackingCode::from_hash(&hash);
    let Some(index) = board
        .store()
        .find_tracking(&election.id, *code.as_bytes())
        .await?
    else {
        return Ok(None);
    };
    if entry_at(board, &election.id, index).await?.entry != entry {
        return Ok(None);
    }
    let supersedes = election
        .state
        .read()
        .map_err(|_| ApiError::internal("election state unavailable"))?
        .supersedes(&hash);
    let inclusion = inclusion_of(election, index, None).await?;
    Ok(Some(Ack {
        index,
        leaf_hash: inclusion.leaf_hash,
        tracking_code: Some(code),
        supersedes,
        checkpoint: inclusion.checkpoint,
        inclusion_proof: inclusion.proof,
    }))
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
    board.find(&id).await?;
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
    let election = board.find(&id).await?;
    current(&board, &election).await;
    Ok(election.checkpoint())
}

#[derive(Deserialize)]
pub(super) struct InclusionQuery {
    index: u64,
    size: Option<u64>,
}

/// The inclusion proof of entry `index` in the tree of `size`, or, when no size is asked
/// for, in the tree the latest checkpoint signs.
async fn inclusion_of(
    election: &Election,
    index: u64,
    size: Option<u64>,
) -> Result<InclusionProof, ApiError> {
    let needed = size.unwrap_or(0).max(index.saturating_add(1));
    let (signed, checkpoint) = covering(election, needed).await?;
    let size = size.unwrap_or(signed);
    let tree = election
        .tree
        .read()
        .map_err(|_| ApiError::internal("election tree unavailable"))?;
    let bad =
        |e: zhixuan_record::ProofError| ApiError::new(ErrorCode::BadProofRequest, e.to_string());
    let proof = tree.inclusion_proof(index, size).map_err(bad)?;
    let leaf_hash = tree.leaf_hash(index).ok_or_else(|| {
        ApiError::new(
            ErrorCode::NoSuchEntry,
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
    let election = board.find(&id).await?;
    inclusion_of(&election, q.index, q.size).await.map(Json)
}

#[derive(Deserialize)]
pub(super) struct SizeQuery {
    size: Option<u64>,
}

/// The entry at `index`, read back from the store.
pub(super) async fn entry_at<S: Store>(
    board: &Board<S>,
    id: &str,
    index: u64,
) -> Result<LogEntry, ApiError> {
    board
        .store()
        .entries(id, index, 1)
        .await?
        .into_iter()
        .find(|e| e.index == index)
        .and_then(|e| serde_json::from_str::<LogEntry>(&e.entry.json).ok())
        .ok_or_else(|| ApiError::internal(format!("entry {index} is not readable")))
}

/// For the cast ballot at `index` by `credential`: the index of the later ballot of the same
/// credential counted instead (revote `last_counts`), if there is one among the first
/// `size` entries.
pub(super) fn superseded_by(
    election: &Election,
    credential: &Credential,
    index: u64,
    size: u64,
) -> Result<Option<u64>, ApiError> {
    let counted = election
        .state
        .read()
        .map_err(|_| ApiError::internal("election state unavailable"))?
        .counted(credential);
    Ok(counted.filter(|&k| k > index && k < size))
}

/// `GET /elections/{id}/proof/tracking/{code}`: where a voter's ballot is, with its proof,
/// and the ballot counted instead of it if a later one replaced it.
pub(super) async fn tracking<S: Store>(
    State(board): Shared<S>,
    Path((id, code)): Path<(String, String)>,
    Query(q): Query<SizeQuery>,
) -> Result<Json<TrackingProof>, ApiError> {
    let election = board.find(&id).await?;
    let code: TrackingCode = code
        .parse()
        .map_err(|e: zhixuan_tally::TrackingCodeError| {
            ApiError::new(ErrorCode::BadTrackingCode, e.to_string())
        })?;
    let index = board
        .store()
        .find_tracking(&id, *code.as_bytes())
        .await?
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::TrackingCodeNotFound,
                format!("no ballot with tracking code {code} is on the board for election `{id}`"),
            )
        })?;
    let credential = match entry_at(&board, &id, index).await?.entry {
        Entry::Ballot(ballot) => Some(ballot.credential),
        _ => None,
    };
    if let Some(credential) = &credential {
        // The ballot counted instead may be newer than the latest checkpoint: catch up, so
        // that the proof's checkpoint covers it.
        if let Some(later) = superseded_by(&election, credential, index, u64::MAX)? {
            covering(&election, later + 1).await?;
        }
    }
    let inclusion = inclusion_of(&election, index, q.size).await?;
    let superseded_by = match &credential {
        Some(credential) => superseded_by(&election, credential, index, inclusion.size)?,
        None => None,
    };
    Ok(Json(TrackingProof {
        inclusion,
        superseded_by,
    }))
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
    let election = board.find(&id).await?;
    let (signed, _) = covering(&election, q.to.unwrap_or(0)).await?;
    let to = q.to.unwrap_or(signed);
    let tree = election
        .tree
        .read()
        .map_err(|_| ApiError::internal("election tree unavailable"))?;
    let proof = tree
        .consistency_proof(q.from, to)
        .map_err(|e| ApiError::new(ErrorCode::BadProofRequest, e.to_string()))?;
    Ok(Json(ConsistencyProof {
        from: q.from,
        to,
        proof,
    }))
}

/// `GET /elections/{id}/record`: the whole record as one JSON Lines file, consistent with
/// the checkpoint in its last line, streamed from the store a page at a time so that a
/// record of any size is never held in memory whole. The header carries the earlier
/// elections this one names, each proved to be on the board.
pub(super) async fn record<S: Store>(
    State(board): Shared<S>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let election = board.find(&id).await?;
    current(&board, &election).await;
    let (size, checkpoint) = election.latest();
    let definition = election
        .state
        .read()
        .map(|s| s.definition().clone())
        .map_err(|_| ApiError::internal("election state unavailable"))?;
    let mut earlier = Vec::new();
    for (named, _) in board.earlier(&definition).await? {
        earlier.push(appendix(&board, named.election_id()).await?);
    }
    let header = RecordHeader {
        format: RECORD_FORMAT.into(),
        version: RECORD_VERSION,
        election_id: id.clone(),
        board_key: board.board_key(),
        entries: size,
        earlier,
    };
    let head = json_line(&header)?;
    let foot = json_line(&RecordFooter { checkpoint })?;
    let store = board.store().clone();
    let pages = futures_util::stream::try_unfold(0u64, move |from| {
        let (store, id) = (store.clone(), id.clone());
        async move {
            if from >= size {
                return Ok(None);
            }
            let page = store
                .entries(&id, from, MAX_PAGE.min(size - from))
                .await
                .map_err(std::io::Error::other)?;
            if page.is_empty() {
                return Err(std::io::Error::other(format!(
                    "the store holds fewer than {size} entries of election `{id}`"
                )));
            }
            let next = from + page.len() as u64;
            let mut chunk = Vec::with_capacity(page.iter().map(|e| e.entry.json.len() + 1).sum());
            for e in &page {
                chunk.extend_from_slice(e.entry.json.as_bytes());
                chunk.push(b'\n');
            }
            Ok(Some((Bytes::from(chunk), next)))
        }
    });
    let body = futures_util::stream::once(async { Ok(head) })
        .chain(pages)
        .chain(futures_util::stream::once(async { Ok(foot) }));
    Ok((
        [(header::CONTENT_TYPE, "application/x-ndjson")],
        Body::from_stream(body),
    )
        .into_response())
}

/// One line of a record: a value as JSON, then a newline.
fn json_line<T: serde::Serialize>(value: &T) -> Result<Bytes, ApiError> {
    let mut line = serde_json::to_vec(value).map_err(ApiError::internal)?;
    line.push(b'\n');
    Ok(Bytes::from(line))
}

/// An earlier election's definition and result, with their inclusion proofs under its
/// latest signed checkpoint. Nothing follows a result in a log, so the result is the last
/// entry that checkpoint covers.
async fn appendix<S: Store>(board: &Board<S>, id: &str) -> Result<EarlierElection, ApiError> {
    let election = board.find(id).await?;
    let mut latest = election.latest();
    if latest.0 < 2 || !is_result(board, id, latest.0 - 1).await? {
        // The result may have been appended, and its checkpoint not yet published.
        election.refresh().await?;
        latest = election.latest();
    }
    let (size, checkpoint) = latest;
    let entry = |index: u64| async move {
        let stored = board.store().entries(id, index, 1).await?;
        stored
            .first()
            .and_then(|e| serde_json::from_str::<LogEntry>(&e.entry.json).ok())
            .filter(|e| e.index == index)
            .ok_or_else(|| {
                ApiError::corrupt_store(format!(
                    "entry {index} of election `{id}` in the store is missing or unreadable"
                ))
            })
    };
    let result = entry(size.saturating_sub(1)).await?;
    if !matches!(result.entry, Entry::Result(_)) {
        return Err(ApiError::corrupt_store(format!(
            "election `{id}` has an outcome, but its last entry is not its result"
        )));
    }
    let definition = entry(0).await?;
    let tree = election
        .tree
        .read()
        .map_err(|_| ApiError::internal("election tree unavailable"))?;
    let proof = |index: u64| {
        tree.inclusion_proof(index, size)
            .map_err(|e| ApiError::corrupt_store(format!("election `{id}`: {e}")))
    };
    Ok(EarlierElection {
        definition_proof: proof(definition.index)?,
        result_proof: proof(result.index)?,
        definition,
        result,
        checkpoint,
    })
}

/// Whether entry `index` of election `id` in the store is a result.
async fn is_result<S: Store>(board: &Board<S>, id: &str, index: u64) -> Result<bool, ApiError> {
    let stored = board.store().entries(id, index, 1).await?;
    Ok(stored
        .first()
        .filter(|e| e.index == index)
        .is_some_and(|e| e.entry.kind == "result"))
}
