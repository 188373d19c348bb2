//! One election as the board serves it: its state, its Merkle tree, its latest signed
//! checkpoint, and the writer task that admits entries in order.
//!
//! Writes are committed in groups: the writer takes every request waiting in its queue
//! (up to [`MAX_BATCH`]), applies them in order, appends the accepted ones in one durable
//! transaction, signs one checkpoint covering them, and only then acknowledges each with
//! its index, its inclusion proof and that checkpoint. One fsync serves the whole group,
//! which is what lets a disk that syncs a few hundred times a second take thousands of
//! ballots.

use std::sync::{Arc, RwLock};

use time::OffsetDateTime;
use tokio::sync::{mpsc, oneshot};
use zhixuan_tally::{ElectionDefinition, Outcome, TrackingCode};

use super::error::ApiError;
use crate::log::checkpoint::{Checkpoint, CheckpointSigner, Origin};
use crate::log::merkle::{Hash, MerkleTree};
use crate::record::entry::{Entry, LogEntry};
use crate::record::state::{Applied, ElectionState, Prepared};
use crate::store::{NewEntry, Store, StoreError};
use crate::wire::Ack;

/// The most requests one group commit takes.
pub const MAX_BATCH: usize = 512;
/// Requests that may wait for the writer before clients are told to slow down.
const QUEUE: usize = 4096;
/// Entries read from the store per page when loading.
const PAGE: u64 = 2000;

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
    /// The Merkle tree of the log.
    pub tree: RwLock<MerkleTree>,
    /// The latest signed checkpoint's text.
    pub checkpoint: RwLock<String>,
    queue: mpsc::Sender<WriteRequest>,
}

/// The entries of a log read back from the store, parsed and checked against their stored
/// leaf hashes.
async fn read_log<S: Store>(store: &S, id: &str) -> Result<Vec<(LogEntry, Hash)>, ApiError> {
    let mut out = Vec::new();
    loop {
        let page = store.entries(id, out.len() as u64, PAGE).await?;
        if page.is_empty() {
            return Ok(out);
        }
        for stored in page {
            let entry: LogEntry = serde_json::from_str(&stored.entry.json).map_err(|e| {
                ApiError::new(
                    axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                    "corrupt_store",
                    format!(
                        "entry {} of election `{id}` in the database is unreadable: {e}",
                        stored.index
                    ),
                )
            })?;
            if entry.leaf_hash() != stored.entry.leaf_hash || entry.index != stored.index {
                return Err(ApiError::new(
                    axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                    "corrupt_store",
                    format!(
                        "entry {} of election `{id}` does not match its stored leaf hash",
                        stored.index
                    ),
                ));
            }
            out.push((entry, stored.entry.leaf_hash));
        }
    }
}

/// Replays a log into a fresh state and tree; ballots are verified in batches.
pub(crate) fn replay(
    log: Vec<(LogEntry, Hash)>,
    earlier: &[(ElectionDefinition, Outcome)],
) -> Result<(ElectionState, MerkleTree), ApiError> {
    let mut entries = log.into_iter();
    let Some((first, leaf)) = entries.next() else {
        return Err(ApiError::new(
            axum::http::StatusCode::INTERNAL_SERVER_ERROR,
            "corrupt_store",
            "an election in the database has no definition",
        ));
    };
    let mut state = ElectionState::new(&first, earlier)?;
    let mut tree = MerkleTree::new();
    tree.push(leaf);
    let mut pending: Vec<(LogEntry, Hash)> = Vec::new();
    let flush =
        |state: &mut ElectionState, tree: &mut MerkleTree, pending: &mut Vec<(LogEntry, Hash)>| {
            let ballots: Vec<_> = pending
                .iter()
                .filter_map(|(e, _)| match &e.entry {
                    Entry::Ballot(b) => Some(b.clone()),
                    _ => None,
                })
                .collect();
            let prepared = state.prepare_ballots(ballots);
            for ((e, leaf), p) in pending.drain(..).zip(prepared) {
                state.apply(p?, e.received_at)?;
                tree.push(leaf);
            }
            Ok::<(), ApiError>(())
        };
    for (entry, leaf) in entries {
        if matches!(entry.entry, Entry::Ballot(_)) {
            pending.push((entry, leaf));
            if pending.len() >= PAGE as usize {
                flush(&mut state, &mut tree, &mut pending)?;
            }
            continue;
        }
        flush(&mut state, &mut tree, &mut pending)?;
        let at = entry.received_at;
        let prepared = state.prepare(entry.entry)?;
        state.apply(prepared, at)?;
        tree.push(leaf);
    }
    flush(&mut state, &mut tree, &mut pending)?;
    Ok((state, tree))
}

impl Election {
    /// Loads an election from the store and starts its writer.
    pub(crate) async fn load<S: Store>(
        store: S,
        id: &str,
        signer: Arc<CheckpointSigner>,
        earlier: Vec<(ElectionDefinition, Outcome)>,
    ) -> Result<Arc<Self>, ApiError> {
        let log = read_log(&store, id).await?;
        let (state, tree) = replay(log, &earlier)?;
        let origin = Origin::for_election(id).map_err(ApiError::internal)?;
        let checkpoint = sign(&signer, &origin, &tree)?;
        let (queue, rx) = mpsc::channel(QUEUE);
        let election = Arc::new(Self {
            id: id.to_owned(),
            origin,
            state: RwLock::new(state),
            tree: RwLock::new(tree),
            checkpoint: RwLock::new(checkpoint),
            queue,
        });
        let writer = Writer {
            election: Arc::clone(&election),
            store,
            signer,
            earlier,
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
            .send(WriteRequest {
                prepared,
                received_at,
                reply,
            })
            .await
            .map_err(|_| shutting_down())?;
        rx.await.map_err(|_| shutting_down())?
    }

    /// The latest signed checkpoint.
    pub fn checkpoint(&self) -> String {
        self.checkpoint
            .read()
            .map(|c| c.clone())
            .unwrap_or_default()
    }
}

fn shutting_down() -> ApiError {
    ApiError::new(
        axum::http::StatusCode::SERVICE_UNAVAILABLE,
        "shutting_down",
        "the board is shutting down; nothing was stored — send it again when it is back",
    )
}

fn sign(signer: &CheckpointSigner, origin: &Origin, tree: &MerkleTree) -> Result<String, ApiError> {
    let checkpoint =
        Checkpoint::new(origin.clone(), tree.len(), tree.root()).map_err(ApiError::internal)?;
    Ok(signer.sign(checkpoint).to_string())
}

fn poisoned() -> ApiError {
    ApiError::new(
        axum::http::StatusCode::INTERNAL_SERVER_ERROR,
        "internal_error",
        "the board hit an internal error; nothing was stored",
    )
}

struct Writer<S> {
    election: Arc<Election>,
    store: S,
    signer: Arc<CheckpointSigner>,
    earlier: Vec<(ElectionDefinition, Outcome)>,
}

struct Staged {
    reply: oneshot::Sender<Result<Ack, ApiError>>,
    index: u64,
    leaf_hash: Hash,
    tracking_code: Option<TrackingCode>,
    supersedes: Option<u64>,
}

impl<S: Store> Writer<S> {
    async fn run(self, mut rx: mpsc::Receiver<WriteRequest>) {
        while let Some(first) = rx.recv().await {
            let mut batch = vec![first];
            while batch.len() < MAX_BATCH {
                match rx.try_recv() {
                    Ok(r) => batch.push(r),
                    Err(_) => break,
                }
            }
            self.commit(batch).await;
        }
    }

    async fn commit(&self, batch: Vec<WriteRequest>) {
        let mut staged = Vec::with_capacity(batch.len());
        let mut rows = Vec::with_capacity(batch.len());
        let base = {
            let Ok(mut state) = self.election.state.write() else {
                for r in batch {
                    let _ = r.reply.send(Err(poisoned()));
                }
                return;
            };
            let base = state.size();
            for req in batch {
                let index = state.size();
                match state.apply(req.prepared, req.received_at) {
                    Err(rejection) => {
                        let _ = req.reply.send(Err(rejection.into()));
                    }
                    Ok((applied, entry)) => match row(index, req.received_at, entry, &applied) {
                        Ok((new, leaf_hash, tracking_code)) => {
                            rows.push(new);
                            staged.push(Staged {
                                reply: req.reply,
                                index,
                                leaf_hash,
                                tracking_code,
                                supersedes: match applied {
                                    Applied::Ballot { supersedes, .. } => supersedes,
                                    _ => None,
                                },
                            });
                        }
                        Err(e) => {
                            let _ = req.reply.send(Err(e));
                        }
                    },
                }
            }
            base
        };
        if staged.is_empty() {
            return;
        }
        match self.store.append(&self.election.id, base, rows).await {
            Ok(()) => self.acknowledge(staged).await,
            Err(e) => {
                self.recover(&e).await;
                let error = ApiError::from(e);
                for s in staged {
                    let _ = s.reply.send(Err(error.clone()));
                }
            }
        }
    }

    async fn acknowledge(&self, staged: Vec<Staged>) {
        let signed = {
            let Ok(mut tree) = self.election.tree.write() else {
                return;
            };
            for s in &staged {
                tree.push(s.leaf_hash);
            }
            let Ok(checkpoint) = sign(&self.signer, &self.election.origin, &tree) else {
                return;
            };
            let size = tree.len();
            let proofs: Vec<Vec<Hash>> = staged
                .iter()
                .map(|s| tree.inclusion_proof(s.index, size).unwrap_or_default())
                .collect();
            (checkpoint, size, proofs)
        };
        let (checkpoint, size, proofs) = signed;
        if let Err(e) = self
            .store
            .save_checkpoint(&self.election.id, size, checkpoint.clone())
            .await
        {
            tracing::warn!(election = %self.election.id, error = %e, "checkpoint not stored; it is re-signed on restart");
        }
        if let Ok(mut latest) = self.election.checkpoint.write() {
            latest.clone_from(&checkpoint);
        }
        for (s, inclusion_proof) in staged.into_iter().zip(proofs) {
            let _ = s.reply.send(Ok(Ack {
                index: s.index,
                leaf_hash: s.leaf_hash,
                tracking_code: s.tracking_code,
                supersedes: s.supersedes,
                checkpoint: checkpoint.clone(),
                inclusion_proof,
            }));
        }
    }

    /// After a failed append the in-memory state is ahead of the log: rebuild it from the
    /// store, which also takes in whatever another server appended.
    async fn recover(&self, cause: &StoreError) {
        tracing::warn!(election = %self.election.id, error = %cause, "append failed; reloading the election from the store");
        let rebuilt = match read_log(&self.store, &self.election.id).await {
            Ok(log) => replay(log, &self.earlier),
            Err(e) => Err(e),
        };
        match rebuilt {
            Ok((state, tree)) => {
                if let (Ok(mut s), Ok(mut t)) =
                    (self.election.state.write(), self.election.tree.write())
                {
                    *s = state;
                    *t = tree;
                }
            }
            Err(e) => {
                tracing::error!(election = %self.election.id, error = ?e, "could not reload the election")
            }
        }
    }
}

fn row(
    index: u64,
    received_at: OffsetDateTime,
    entry: Entry,
    applied: &Applied,
) -> Result<(NewEntry, Hash, Option<TrackingCode>), ApiError> {
    let kind = entry.kind().to_owned();
    let log = LogEntry {
        index,
        received_at,
        entry,
    };
    let leaf_hash = log.leaf_hash();
    let json = serde_json::to_string(&log).map_err(ApiError::internal)?;
    let tracking_code = match applied {
        Applied::Ballot { hash, .. } | Applied::Audit { hash } => {
            Some(TrackingCode::from_hash(hash))
        }
        Applied::Other => None,
    };
    Ok((
        NewEntry {
            kind,
            received_at: received_at.unix_timestamp(),
            leaf_hash,
            json,
            tracking: tracking_code.map(|c| *c.as_bytes()),
        },
        leaf_hash,
        tracking_code,
    ))
}
