//! The board-wide group commit: one task per store that takes the writes waiting from
//! every election's writer and commits them in one transaction ([`Store::write_batch`]).
//!
//! Each election's writer already commits the requests waiting for *its* election
//! together. With hundreds of elections that is not enough: clients rarely have two
//! ballots waiting in the same election, so nearly every ballot would pay a durable commit
//! of its own. Gathering across elections makes a commit's cost shared by whatever is
//! waiting anywhere on the board, so the cost per ballot does not grow with the number of
//! elections. The committer takes what is waiting when it is free — no timer: an idle board
//! commits a lone write at once, and a busy one gathers while its previous commit runs.
//!
//! Every write is answered only after the transaction holding it has committed (or
//! failed), so an acknowledgement still follows a durable commit.

use tokio::sync::{mpsc, oneshot};

use super::{ElectionSummary, NewEntry, Store, StoreError, StoredEntry, Write};

/// Batches waiting for the committer before their writers wait to hand in more.
const QUEUE: usize = 4096;

/// The most writes one transaction takes, counting each entry of an append: enough for
/// every writer's group to share a commit, few enough that one transaction stays short.
const MAX_WRITES: usize = 8192;

/// A store whose writes ([`Store::write_batch`], and so [`Store::append`] and
/// [`Store::save_checkpoint`]) are committed together with the writes other tasks are
/// waiting on; reads and election creation go to the store directly. Cloning is cheap
/// and shares the one committer.
#[derive(Clone, Debug)]
pub struct GroupCommit<S> {
    store: S,
    queue: mpsc::Sender<Pending>,
}

/// A caller's writes, committed in one transaction with others, and where to answer.
#[derive(Debug)]
struct Pending {
    writes: Vec<Write>,
    reply: oneshot::Sender<Vec<Result<(), StoreError>>>,
}

impl Pending {
    /// Its weight against [`MAX_WRITES`]: an append counts its entries.
    fn weight(&self) -> usize {
        self.writes
            .iter()
            .map(|write| match write {
                Write::Append { entries, .. } => entries.len().max(1),
                Write::Checkpoint { .. } => 1,
            })
            .sum()
    }
}

impl<S: Store> GroupCommit<S> {
    /// Starts the committer of `store` on the current Tokio runtime. It stops once every
    /// clone of the returned handle is dropped.
    pub fn new(store: S) -> GroupCommit<S> {
        let (queue, rx) = mpsc::channel(QUEUE);
        tokio::spawn(run(store.clone(), rx));
        GroupCommit { store, queue }
    }
}

/// The committer: takes the batches waiting (at least one, up to [`MAX_WRITES`]), commits
/// them in one transaction, and answers each its share of the answers.
async fn run<S: Store>(store: S, mut rx: mpsc::Receiver<Pending>) {
    while let Some(first) = rx.recv().await {
        let mut weight = first.weight();
        let mut taken = vec![first];
        while weight < MAX_WRITES {
            let Ok(next) = rx.try_recv() else { break };
            weight += next.weight();
            taken.push(next);
        }
        let mut writes = Vec::with_capacity(weight);
        let mut shares = Vec::with_capacity(taken.len());
        for pending in taken {
            shares.push((pending.writes.len(), pending.reply));
            writes.extend(pending.writes);
        }
        let mut answers = store.write_batch(writes).await.into_iter();
        for (count, reply) in shares {
            let mut share: Vec<_> = answers.by_ref().take(count).collect();
            // A store answering fewer writes than it was given broke its contract.
            share.resize_with(count, || {
                Err(StoreError::Database(
                    "the store answered fewer writes of a batch than it was given".to_owned(),
                ))
            });
            // A caller that stopped waiting needs no answer.
            let _ = reply.send(share);
        }
    }
}

impl<S: Store> Store for GroupCommit<S> {
    async fn create_election(&self, election: &str, first: NewEntry) -> Result<(), StoreError> {
        self.store.create_election(election, first).await
    }

    async fn elections(&self) -> Result<Vec<ElectionSummary>, StoreError> {
        self.store.elections().await
    }

    async fn write_batch(&self, writes: Vec<Write>) -> Vec<Result<(), StoreError>> {
        if writes.is_empty() {
            return Vec::new();
        }
        let count = writes.len();
        let stopped = || vec![Err(StoreError::CommitterStopped); count];
        let (reply, answer) = oneshot::channel();
        if self.queue.send(Pending { writes, reply }).await.is_err() {
            return stopped();
        }
        answer.await.unwrap_or_else(|_| stopped())
    }

    async fn entries(
        &self,
        election: &str,
        from: u64,
        limit: u64,
    ) -> Result<Vec<StoredEntry>, StoreError> {
        self.store.entries(election, from, limit).await
    }

    async fn find_tracking(
        &self,
        election: &str,
        tracking: [u8; 10],
    ) -> Result<Option<u64>, StoreError> {
        self.store.find_tracking(election, tracking).await
    }

    async fn latest_checkpoint(&self, election: &str) -> Result<Option<(u64, String)>, StoreError> {
        self.store.latest_checkpoint(election).await
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, HashMap};
    use std::future::Future;
    use std::pin::Pin;
    use std::sync::{Arc, Mutex};
    use std::task::Poll;

    use zhixuan_record::hash_leaf;

    use super::*;
    use crate::store::Plan;

    /// Logs in memory that record the size of every batch committed.
    #[derive(Clone, Debug, Default)]
    struct Memory {
        logs: Arc<Mutex<BTreeMap<String, Vec<NewEntry>>>>,
        checkpoints: Arc<Mutex<BTreeMap<(String, u64), String>>>,
        batches: Arc<Mutex<Vec<usize>>>,
    }

    impl Store for Memory {
        async fn create_election(&self, election: &str, first: NewEntry) -> Result<(), StoreError> {
            self.logs
                .lock()
                .unwrap()
                .insert(election.to_owned(), vec![first]);
            Ok(())
        }

        async fn elections(&self) -> Result<Vec<ElectionSummary>, StoreError> {
            let logs = self.logs.lock().unwrap();
            Ok(logs
                .iter()
                .map(|(id, log)| ElectionSummary {
                    id: id.clone(),
                    size: log.len() as u64,
                    first_kind: log[0].kind.clone(),
                })
                .collect())
        }

        async fn write_batch(&self, writes: Vec<Write>) -> Vec<Result<(), StoreError>> {
            self.batches.lock().unwrap().push(writes.len());
            let mut logs = self.logs.lock().unwrap();
            let sizes: HashMap<String, u64> = logs
                .iter()
                .map(|(id, log)| (id.clone(), log.len() as u64))
                .collect();
            let plan = Plan::new(&writes, &sizes);
            for (election, _, entries) in &plan.appends {
                logs.get_mut(*election).unwrap().extend_from_slice(entries);
            }
            let mut checkpoints = self.checkpoints.lock().unwrap();
            for (election, size, text) in &plan.checkpoints {
                checkpoints
                    .entry((election.to_string(), *size))
                    .or_insert_with(|| text.to_string());
            }
            plan.answers
        }

        async fn entries(
            &self,
            election: &str,
            from: u64,
            limit: u64,
        ) -> Result<Vec<StoredEntry>, StoreError> {
            let logs = self.logs.lock().unwrap();
            let log = logs
                .get(election)
                .ok_or_else(|| StoreError::UnknownElection(election.to_owned()))?;
            Ok((from..)
                .zip(log.iter().skip(from as usize).take(limit as usize))
                .map(|(index, entry)| StoredEntry {
                    index,
                    entry: entry.clone(),
                })
                .collect())
        }

        async fn find_tracking(
            &self,
            election: &str,
            tracking: [u8; 10],
        ) -> Result<Option<u64>, StoreError> {
            let found = self.entries(election, 0, u64::MAX).await?;
            Ok(found
                .into_iter()
                .find(|stored| stored.entry.tracking == Some(tracking))
                .map(|stored| stored.index))
        }

        async fn latest_checkpoint(
            &self,
            election: &str,
        ) -> Result<Option<(u64, String)>, StoreError> {
            let checkpoints = self.checkpoints.lock().unwrap();
            Ok(checkpoints
                .iter()
                .filter(|((id, _), _)| id == election)
                .map(|((_, size), text)| (*size, text.clone()))
                .next_back())
        }
    }

    fn entry(voter: u8) -> NewEntry {
        let json = format!(r#"{{"voter":{voter}}}"#);
        NewEntry {
            kind: "ballot".to_owned(),
            received_at: 0,
            leaf_hash: hash_leaf(json.as_bytes()),
            json,
            tracking: Some([voter; 10]),
        }
    }

    fn append(election: &str, expected_size: u64, voter: u8) -> Write {
        Write::Append {
            election: election.to_owned(),
            expected_size,
            entries: vec![entry(voter)],
        }
    }

    fn checkpoint(election: &str, size: u64) -> Write {
        Write::Checkpoint {
            election: election.to_owned(),
            size,
            text: format!("{election} at {size}"),
        }
    }

    /// Polls a future once: for a caller of the committer, enough to hand in its writes.
    async fn poll_once<F: Future + Unpin>(future: &mut F) -> Poll<F::Output> {
        std::future::poll_fn(|cx| Poll::Ready(Pin::new(&mut *future).poll(cx))).await
    }

    /// Writes handed in while the committer is not running (this test's runtime has one
    /// thread, so it runs only once the test waits) go in one transaction, and each caller
    /// is answered for its own writes, in order: a conflict or an unknown election is
    /// refused alone. A write handed in to an idle committer is committed at once, alone.
    #[tokio::test]
    async fn writes_waiting_together_share_one_transaction() {
        let memory = Memory::default();
        for id in ["a", "b", "c"] {
            memory.create_election(id, entry(0)).await.unwrap();
        }
        let store = GroupCommit::new(memory.clone());
        let callers = [
            vec![append("a", 1, 1), checkpoint("a", 1)],
            vec![append("b", 7, 2)],
            vec![append("a", 2, 3)],
            vec![checkpoint("nope", 1)],
            vec![],
        ];
        let mut waiting: Vec<_> = callers
            .into_iter()
            .map(|writes| Box::pin(store.write_batch(writes)))
            .collect();
        let mut answers = Vec::new();
        for caller in &mut waiting {
            if let Poll::Ready(answer) = poll_once(caller).await {
                answers.push(Some(answer));
            } else {
                answers.push(None);
            }
        }
        // Only the caller with nothing to write is answered without the committer.
        assert_eq!(answers.iter().filter(|a| a.is_some()).count(), 1);
        assert!(matches!(&answers[4], Some(answer) if answer.is_empty()));
        for (answer, caller) in answers.iter_mut().zip(waiting) {
            if answer.is_none() {
                *answer = Some(caller.await);
            }
        }
        let answers: Vec<_> = answers.into_iter().map(Option::unwrap).collect();
        assert_eq!(*memory.batches.lock().unwrap(), vec![5]);
        assert!(answers[0].iter().all(Result::is_ok), "{:?}", answers[0]);
        assert!(
            matches!(
                answers[1][..],
                [Err(StoreError::Conflict {
                    expected: 7,
                    actual: 1,
                    ..
                })]
            ),
            "{:?}",
            answers[1]
        );
        assert!(matches!(answers[2][..], [Ok(())]), "{:?}", answers[2]);
        assert!(
            matches!(&answers[3][..], [Err(StoreError::UnknownElection(id))] if id == "nope"),
            "{:?}",
            answers[3]
        );
        let trackings = |entries: Vec<StoredEntry>| -> Vec<u8> {
            entries
                .iter()
                .map(|e| e.entry.tracking.unwrap()[0])
                .collect()
        };
        assert_eq!(
            trackings(store.entries("a", 0, 10).await.unwrap()),
            [0, 1, 3]
        );
        assert_eq!(trackings(store.entries("b", 0, 10).await.unwrap()), [0]);
        assert_eq!(
            store.latest_checkpoint("a").await.unwrap(),
            Some((1, "a at 1".to_owned()))
        );

        store.append("c", 1, vec![entry(4)]).await.unwrap();
        assert_eq!(*memory.batches.lock().unwrap(), vec![5, 1]);
    }
}
