//! One election as the board serves it: its state, its Merkle tree, its latest signed
//! checkpoint, and the writer task that admits entries in order.
//!
//! Writes are committed in groups: the writer takes every request waiting in its queue
//! (up to [`MAX_BATCH`]), applies them in order, appends the accepted ones in one durable
//! transaction, signs one checkpoint covering them, and only then acknowledges each with
//! its index, its inclusion proof and that checkpoint. The board hands the writers a
//! [`GroupCommit`](crate::store::GroupCommit) store, so that transaction also carries the
//! groups other elections' writers are waiting on, and the checkpoints signed since the
//! last one. One fsync serves them all, which is what lets a disk that syncs a few hundred
//! times a second take thousands of ballots, spread over one election or hundreds.
//!
//! Several board servers may share one store (PostgreSQL behind a load balancer). Each
//! keeps its own state and tree; the store decides the order, refusing an append that
//! expects a size the log no longer has. The writer then undoes its group (the state's
//! journal), applies what the other servers appended, and applies and appends its group
//! again, so that every server holds the same log and signs the same tree. No reply —
//! acceptance or refusal — is sent before the store has confirmed that the state it was
//! decided on is the log as stored. A server also catches up when asked to
//! ([`Election::refresh`]): before answering about entries past its tree, and before
//! refusing an entry for a reason another server's entries may have removed.

use std::borrow::BorrowMut;
use std::sync::{Arc, RwLock};

use rayon::prelude::*;
use time::OffsetDateTime;
use tokio::sync::{mpsc, oneshot};
use zhixuan_election::{ElectionDefinition, Outcome};
use zhixuan_tally::TrackingCode;

use super::error::ApiError;
use crate::store::{NewEntry, Store, StoreError, StoredEntry};
use zhixuan_record::{
    Ack, Applied, Checkpoint, CheckpointSigner, CheckpointVerifier, ElectionState, Entry,
    ErrorCode, Hash, LogEntry, MerkleTree, Origin, Prepared, Rejection, Replay, SignedCheckpoint,
    Verdict,
};

/// The most requests one group commit takes.
pub const MAX_BATCH: usize = 512;
/// Requests that may wait for the writer before clients are told to slow down.
const QUEUE: usize = 4096;
/// Entries read from the store per page when loading.
const PAGE: u64 = 2000;
/// How many times the writer tries a group whose append other servers keep getting in
/// before, before it answers `busy`.
const ATTEMPTS: usize = 16;

/// What the writer is asked to do.
// Nearly every request is a write; boxing it would only add an allocation.
#[allow(clippy::large_enum_variant)]
enum Request {
    /// Admit an entry.
    Write(WriteRequest),
    /// Catch up with what other servers appended.
    Refresh(oneshot::Sender<Result<(), ApiError>>),
}

struct WriteRequest {
    prepared: Prepared,
    received_at: OffsetDateTime,
    reply: oneshot::Sender<Result<Ack, ApiError>>,
}

/// The in-memory view of one election's log.
pub struct Election {
    /// The election id.
    pub id: String,
    origin: Origin,
    /// The admission state.
    pub state: RwLock<ElectionState>,
    /// The Merkle tree of the log. It holds at least the entries the latest checkpoint
    /// covers: leaves are pushed before the checkpoint that covers them is published.
    pub tree: RwLock<MerkleTree>,
    /// The latest signed checkpoint: its size and its text.
    latest: RwLock<(u64, String)>,
    queue: mpsc::Sender<Request>,
}

/// The entries of a log from index `from`, read back from the store, parsed and checked
/// against their stored indices and leaf hashes.
pub(super) async fn read_log<
    S: Store,
    E: serde::de::DeserializeOwned + zhixuan_tally::Encode + Send,
>(
    store: &S,
    id: &str,
    from: u64,
) -> Result<Vec<(LogEntry<E>, Hash)>, ApiError> {
    parse_log(id, from, read_rows(store, id, from).await?)
}

/// The stored rows of a log from index `from`, unparsed.
async fn read_rows<S: Store>(store: &S, id: &str, from: u64) -> Result<Vec<StoredEntry>, ApiError> {
    let mut out = Vec::new();
    loop {
        let page = store.entries(id, from + out.len() as u64, PAGE).await?;
        if page.is_empty() {
            return Ok(out);
        }
        out.extend(page);
    }
}

/// Parses stored rows (on all cores: reading a ballot decompresses its points, the larger
/// part of a restart's work) and holds each to its stored index and leaf hash.
fn parse_log<E: serde::de::DeserializeOwned + zhixuan_tally::Encode + Send>(
    id: &str,
    from: u64,
    rows: Vec<StoredEntry>,
) -> Result<Vec<(LogEntry<E>, Hash)>, ApiError> {
    rows.into_par_iter()
        .enumerate()
        .map(|(offset, stored)| {
            let expected = from + offset as u64;
            let entry: LogEntry<E> = serde_json::from_str(&stored.entry.json).map_err(|e| {
                ApiError::corrupt_store(format!(
                    "entry {} of election `{id}` in the store is unreadable: {e}",
                    stored.index
                ))
            })?;
            if stored.index != expected
                || entry.index != stored.index
                || entry.leaf_hash() != stored.entry.leaf_hash
            {
                return Err(ApiError::corrupt_store(format!(
                    "entry {} of election `{id}` in the store does not match its index or \
                     its stored leaf hash",
                    stored.index
                )));
            }
            Ok((entry, stored.entry.leaf_hash))
        })
        .collect()
}

/// How many leading entries of a log the board's own latest stored checkpoint vouches for
/// (`spec/board.md` §10.1): none if there is no checkpoint by this board's key; its size if
/// the stored leaves up to it have exactly its root. A checkpoint by this board's key that
/// the stored log does not extend — rows altered, reordered, replaced or removed — is the
/// store contradicting what the board published: it refuses to start.
fn vouched_size(
    id: &str,
    origin: &Origin,
    verifier: &CheckpointVerifier,
    stored: Option<(u64, String)>,
    leaves: &[Hash],
) -> Result<u64, ApiError> {
    let Some((stored_size, text)) = stored else {
        return Ok(0);
    };
    let signed: SignedCheckpoint = match text.parse() {
        Ok(signed) => signed,
        Err(e) => {
            tracing::warn!(election = %id, error = %e, "stored checkpoint unreadable: every entry is verified again");
            return Ok(0);
        }
    };
    let checkpoint = match signed.verify(verifier) {
        Ok(checkpoint) => checkpoint,
        Err(e) => {
            tracing::warn!(election = %id, error = %e, "stored checkpoint not by this board's key: every entry is verified again");
            return Ok(0);
        }
    };
    let size = checkpoint.size();
    if checkpoint.origin() != origin || size != stored_size {
        return Err(ApiError::corrupt_store(format!(
            "the checkpoint stored for election `{id}` at size {stored_size} is this board's \
             signature over another log ({} at size {size}): the store was altered",
            checkpoint.origin()
        )));
    }
    if size > leaves.len() as u64 {
        return Err(ApiError::corrupt_store(format!(
            "the store holds {} entries of election `{id}`, but this board signed a checkpoint \
             of {size}: entries were removed (the store was truncated or rolled back)",
            leaves.len()
        )));
    }
    let mut tree = MerkleTree::new();
    for leaf in leaves.iter().take(size as usize) {
        tree.push(*leaf);
    }
    if tree.root() != *checkpoint.root() {
        return Err(ApiError::corrupt_store(format!(
            "the first {size} entries of election `{id}` in the store do not have the root of \
             the checkpoint this board signed over them: entries were altered, reordered or \
             replaced"
        )));
    }
    Ok(size)
}

/// A stored entry the admission rules refuse: the store is damaged, or was written by
/// software with other rules. Not the client's fault, and nothing the board can serve.
fn refused_in_store(id: &str, index: u64, rejection: &Rejection) -> ApiError {
    ApiError::corrupt_store(format!(
        "entry {index} of election `{id}` in the store is refused by the admission rules \
         ({rejection}): the store is damaged or was written by other software"
    ))
}

/// Replays entries read back from the store; any refusal is [`refused_in_store`].
fn apply_stored<S: BorrowMut<ElectionState>, T: BorrowMut<MerkleTree>>(
    id: &str,
    mut replay: Replay<S, T>,
    log: impl IntoIterator<Item = (LogEntry, Hash)>,
) -> Result<(S, T), ApiError> {
    let mut stop = |v: Verdict| {
        v.result
            .map(drop)
            .map_err(|r| refused_in_store(id, v.index, &r))
    };
    for (entry, leaf) in log {
        replay.push(entry, leaf, &mut stop)?;
    }
    replay.finish(&mut stop)
}

/// Replays a whole log into a fresh state and tree, the ballots below `vouched` without
/// their proofs checked again (`spec/board.md` §10.1).
pub(crate) fn replay(
    id: &str,
    log: Vec<(LogEntry, Hash)>,
    earlier: &[(ElectionDefinition, Outcome)],
    vouched: u64,
) -> Result<(ElectionState, MerkleTree), ApiError> {
    let mut entries = log.into_iter();
    let Some((first, leaf)) = entries.next() else {
        return Err(ApiError::corrupt_store(format!(
            "election `{id}` has no entries in the store, not even its definition"
        )));
    };
    let start = Replay::start(&first, leaf, earlier)
        .map_err(|r| refused_in_store(id, 0, &r))?
        .vouched_below(vouched);
    apply_stored(id, start, entries)
}

impl Election {
    /// Loads an election from the store and starts its writer.
    pub(crate) async fn load<S: Store>(
        store: S,
        id: &str,
        signer: Arc<CheckpointSigner>,
        earlier: Vec<(ElectionDefinition, Outcome)>,
    ) -> Result<Arc<Self>, ApiError> {
        let origin = Origin::for_election(id)
            .map_err(|e| ApiError::corrupt_store(format!("election `{id}` in the store: {e}")))?;
        let rows = read_rows(&store, id, 0).await?;
        let stored_checkpoint = store.latest_checkpoint(id).await?;
        let (state, tree, vouched) = {
            let (id, origin, verifier) = (id.to_owned(), origin.clone(), signer.verifier());
            // Parsing and replaying are CPU-bound, so off the async workers.
            tokio::task::spawn_blocking(move || {
                let log = parse_log(&id, 0, rows)?;
                let leaves: Vec<Hash> = log.iter().map(|(_, leaf)| *leaf).collect();
                let vouched = vouched_size(&id, &origin, &verifier, stored_checkpoint, &leaves)?;
                replay(&id, log, &earlier, vouched).map(|(state, tree)| (state, tree, vouched))
            })
            .await
            .map_err(|_| ApiError::internal("the replay was interrupted"))??
        };
        let latest = (tree.len(), sign(&signer, &origin, &tree)?);
        // Stored, so that the next start finds every entry replayed now vouched for (unless
        // the stored one vouched for all of them already).
        if vouched < latest.0 {
            if let Err(e) = store.save_checkpoint(id, latest.0, latest.1.clone()).await {
                tracing::warn!(election = %id, error = %e, "checkpoint not stored; the next start verifies every entry again");
            }
        }
        let (queue, rx) = mpsc::channel(QUEUE);
        let election = Arc::new(Self {
            id: id.to_owned(),
            origin,
            state: RwLock::new(state),
            tree: RwLock::new(tree),
            latest: RwLock::new(latest),
            queue,
        });
        let writer = Writer {
            election: Arc::clone(&election),
            store,
            signer,
        };
        tokio::spawn(writer.run(rx));
        Ok(election)
    }

    /// Queues a prepared entry and waits until it is durable (or refused).
    pub async fn submit(
        &self,
        prepared: Prepared,
        received_at: OffsetDateTime,
    ) -> Result<Ack, ApiError> {
        let (reply, rx) = oneshot::channel();
        self.queue
            .send(Request::Write(WriteRequest {
                prepared,
                received_at,
                reply,
            }))
            .await
            .map_err(|_| shutting_down())?;
        rx.await.map_err(|_| shutting_down())?
    }

    /// Brings the state and tree up to the log as stored, taking in whatever other servers
    /// appended, and signs a checkpoint of it.
    pub async fn refresh(&self) -> Result<(), ApiError> {
        let (reply, rx) = oneshot::channel();
        self.queue
            .send(Request::Refresh(reply))
            .await
            .map_err(|_| shutting_down())?;
        rx.await.map_err(|_| shutting_down())?
    }

    /// The latest signed checkpoint's text.
    pub fn checkpoint(&self) -> String {
        self.latest().1
    }

    /// The latest signed checkpoint: the size it signs, and its text.
    pub fn latest(&self) -> (u64, String) {
        self.latest
            .read()
            .map(|latest| latest.clone())
            .unwrap_or_default()
    }

    /// The published outcome, once the result is durable: while a group is being appended
    /// the state is ahead of the log, and what it shows may yet be undone.
    pub fn outcome(&self) -> Option<Outcome> {
        let state = self.state.read().ok()?;
        let tree = self.tree.read().ok()?;
        if state.size() == tree.len() {
            state.outcome().cloned()
        } else {
            None
        }
    }
}

fn shutting_down() -> ApiError {
    ApiError::new(
        ErrorCode::ShuttingDown,
        "the board is shutting down; nothing was stored — send it again when it is back",
    )
}

pub(super) fn sign(
    signer: &CheckpointSigner,
    origin: &Origin,
    tree: &MerkleTree,
) -> Result<String, ApiError> {
    let checkpoint = Checkpoint::new(origin.clone(), tree.len(), tree.root()).map_err(|e| {
        ApiError::corrupt_store(format!("cannot sign a checkpoint of `{origin}`: {e}"))
    })?;
    Ok(signer.sign(checkpoint).to_string())
}

struct Writer<S> {
    election: Arc<Election>,
    store: S,
    signer: Arc<CheckpointSigner>,
}

/// An accepted entry of a group, waiting for the append.
struct Staged {
    index: u64,
    leaf_hash: Hash,
    tracking_code: Option<TrackingCode>,
    supersedes: Option<u64>,
}

/// A group applied to the state (under its journal): where it starts, the rows to append,
/// and per request, what it will be answered once the append is confirmed.
struct Group {
    base: u64,
    rows: Vec<NewEntry>,
    outcomes: Vec<Result<Staged, ApiError>>,
}

impl<S: Store> Writer<S> {
    async fn run(self, mut rx: mpsc::Receiver<Request>) {
        while let Some(first) = rx.recv().await {
            let mut batch = Vec::new();
            let mut refreshes = Vec::new();
            let mut next = Some(first);
            while let Some(request) = next.take() {
                match request {
                    Request::Write(w) => batch.push(w),
                    Request::Refresh(reply) => refreshes.push(reply),
                }
                if batch.len() < MAX_BATCH {
                    next = rx.try_recv().ok();
                }
            }
            if !batch.is_empty() {
                self.commit(batch).await;
            }
            if !refreshes.is_empty() {
                let caught_up = self.catch_up().await;
                for reply in refreshes {
                    let _ = reply.send(caught_up.clone());
                }
            }
        }
    }

    async fn commit(&self, batch: Vec<WriteRequest>) {
        for _ in 0..ATTEMPTS {
            let applied = match self.apply(&batch) {
                Ok(applied) => applied,
                Err(e) => return answer_all(batch, &e),
            };
            match self
                .store
                .append(&self.election.id, applied.base, applied.rows)
                .await
            {
                Ok(()) => {
                    if let Ok(mut state) = self.election.state.write() {
                        state.commit();
                    }
                    return self.acknowledge(batch, applied.outcomes).await;
                }
                Err(StoreError::Conflict { .. }) => {
                    self.rollback();
                    if let Err(e) = self.catch_up().await {
                        return answer_all(batch, &e);
                    }
                }
                Err(e) => {
                    self.rollback();
                    return answer_all(batch, &ApiError::from(e));
                }
            }
        }
        answer_all(batch, &ApiError::busy());
    }

    /// Applies copies of the group's entries under a fresh journal. A refusal is only
    /// recorded: whether it stands depends on the append confirming the state.
    fn apply(&self, batch: &[WriteRequest]) -> Result<Group, ApiError> {
        let mut state = self
            .election
            .state
            .write()
            .map_err(|_| ApiError::internal("election state unavailable"))?;
        state.begin();
        let base = state.size();
        let mut rows = Vec::with_capacity(batch.len());
        let mut outcomes = Vec::with_capacity(batch.len());
        for req in batch {
            let index = state.size();
            // spec/board.md §1: stamped no earlier than the entry before, whatever this
            // server's clock or another server's says.
            let stamp = req.received_at.max(state.last_stamp());
            match state.apply(req.prepared.clone(), stamp) {
                Err(rejection) => outcomes.push(Err(ApiError::from(rejection))),
                Ok((applied, entry)) => match row(index, stamp, entry, &applied) {
                    Ok((new, staged)) => {
                        rows.push(new);
                        outcomes.push(Ok(staged));
                    }
                    // The entry is applied but has no row: the group cannot be appended.
                    Err(e) => {
                        state.rollback();
                        return Err(e);
                    }
                },
            }
        }
        Ok(Group {
            base,
            rows,
            outcomes,
        })
    }

    fn rollback(&self) {
        if let Ok(mut state) = self.election.state.write() {
            state.rollback();
        }
    }

    async fn acknowledge(&self, batch: Vec<WriteRequest>, outcomes: Vec<Result<Staged, ApiError>>) {
        let signed = {
            let Ok(mut tree) = self.election.tree.write() else {
                return answer_all(batch, &ApiError::internal("election tree unavailable"));
            };
            for staged in outcomes.iter().flatten() {
                tree.push(staged.leaf_hash);
            }
            let checkpoint = sign(&self.signer, &self.election.origin, &tree);
            let size = tree.len();
            let proofs: Vec<Vec<Hash>> = outcomes
                .iter()
                .map(|o| match o {
                    Ok(s) => tree.inclusion_proof(s.index, size).unwrap_or_default(),
                    Err(_) => Vec::new(),
                })
                .collect();
            checkpoint.map(|c| (c, size, proofs))
        };
        let (checkpoint, size, proofs) = match signed {
            Ok(signed) => signed,
            Err(e) => return answer_all(batch, &e),
        };
        self.publish(size, &checkpoint);
        for ((req, outcome), inclusion_proof) in batch.into_iter().zip(outcomes).zip(proofs) {
            let answer = outcome.map(|s| Ack {
                index: s.index,
                leaf_hash: s.leaf_hash,
                tracking_code: s.tracking_code,
                supersedes: s.supersedes,
                checkpoint: checkpoint.clone(),
                inclusion_proof,
            });
            let _ = req.reply.send(answer);
        }
    }

    /// Makes a checkpoint the latest and has it stored. The store is not waited for: the
    /// entries it covers are durable already, and a checkpoint missing from the store is
    /// signed again at the next start, so it rides with the committer's next transaction
    /// instead of holding the acknowledgements for a commit of its own.
    fn publish(&self, size: u64, checkpoint: &str) {
        let (store, id, text) = (
            self.store.clone(),
            self.election.id.clone(),
            checkpoint.to_owned(),
        );
        tokio::spawn(async move {
            if let Err(e) = store.save_checkpoint(&id, size, text).await {
                tracing::warn!(election = %id, error = %e, "checkpoint not stored; it is re-signed on restart");
            }
        });
        if let Ok(mut latest) = self.election.latest.write() {
            *latest = (size, checkpoint.to_owned());
        }
    }

    /// Reads what other servers appended past this server's state, applies it, and signs a
    /// checkpoint of the longer tree.
    async fn catch_up(&self) -> Result<(), ApiError> {
        let from = self
            .election
            .state
            .read()
            .map(|s| s.size())
            .map_err(|_| ApiError::internal("election state unavailable"))?;
        let log = read_log(&self.store, &self.election.id, from).await?;
        if log.is_empty() {
            return Ok(());
        }
        tracing::debug!(election = %self.election.id, from, entries = log.len(), "catching up with the store");
        let election = Arc::clone(&self.election);
        let signer = Arc::clone(&self.signer);
        let (size, checkpoint) = tokio::task::spawn_blocking(move || {
            let mut state = election
                .state
                .write()
                .map_err(|_| ApiError::internal("election state unavailable"))?;
            let mut tree = election
                .tree
                .write()
                .map_err(|_| ApiError::internal("election tree unavailable"))?;
            apply_stored(&election.id, Replay::resume(&mut state, &mut tree), log)?;
            sign(&signer, &election.origin, &tree).map(|c| (tree.len(), c))
        })
        .await
        .map_err(|_| ApiError::internal("the catch-up was interrupted"))??;
        self.publish(size, &checkpoint);
        Ok(())
    }
}

fn answer_all(batch: Vec<WriteRequest>, error: &ApiError) {
    for req in batch {
        let _ = req.reply.send(Err(error.clone()));
    }
}

fn row(
    index: u64,
    received_at: OffsetDateTime,
    entry: Entry,
    applied: &Applied,
) -> Result<(NewEntry, Staged), ApiError> {
    let kind = entry.kind().as_str().to_owned();
    let log = LogEntry {
        index,
        received_at,
        entry,
    };
    let leaf_hash = log.leaf_hash();
    let json = serde_json::to_string(&log).map_err(ApiError::internal)?;
    let (tracking_code, supersedes) = match applied {
        Applied::Ballot {
            hash, supersedes, ..
        } => (Some(TrackingCode::from_hash(hash)), *supersedes),
        Applied::Audit { hash } => (Some(TrackingCode::from_hash(hash)), None),
        Applied::Other => (None, None),
    };
    Ok((
        NewEntry {
            kind,
            received_at: received_at.unix_timestamp(),
            leaf_hash,
            json,
            tracking: tracking_code.map(|c| *c.as_bytes()),
        },
        Staged {
            index,
            leaf_hash,
            tracking_code,
            supersedes,
        },
    ))
}
