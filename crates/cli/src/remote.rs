//! The board as every role sees it: the typed client, with errors that name the board and
//! what was refused, and the reads each role needs, checked rather than trusted.
//!
//! Nothing here takes the board's word for anything it can check: the definition and every
//! organiser or trustee message are checked against their signatures; the full log is
//! replayed through the board's own admission rules (every ballot proof verified, the
//! tally against the ballots, decryptions against the tally) and its Merkle root compared
//! with the board's signed checkpoint. A board that breaks the rules is named as such.

use std::path::Path;
use std::sync::Arc;

use zhixuan_election::{CredentialList, ElectionDefinition, Outcome};
use zhixuan_record::client::{BoardClient, ClientError, Patience, Waiting, Watch};
use zhixuan_record::{
    decide_earlier, named_elections, verify_consistency, Ack, CheckpointVerifier, ElectionInfo,
    ElectionState, Entry, EntryKind, LogEntry, Phase, PublishedResult, Replay, Signed,
    SignedCheckpoint, Verdict, Withdrawal,
};
use zhixuan_tally::{Acknowledgement, Complaint, Dealing, ElectionKey, TrusteeIndex};

use crate::error::{io_error, CliError};
use crate::output::Ui;

/// Entries asked for per page (the board's largest page).
const PAGE: u64 = 1000;
/// Entries checked at a time when replaying: enough ballots for batch verification to
/// pay, few enough for progress to show.
const CHUNK: usize = 200;

/// One board, by URL.
#[derive(Clone, Debug)]
pub struct Remote {
    client: BoardClient,
    url: String,
    patience: Patience,
    /// The board's key as the person gave it (`--board-key`), if they did.
    pinned: Option<CheckpointVerifier>,
}

/// What the setup phase published: the definition, the credential lists and the ceremony's
/// messages, each checked against its signer's key; and the election key, once voting has
/// opened, or the withdrawal that ended it before.
#[derive(Clone, Debug)]
pub struct Setup {
    /// The election's definition (entry 0), signed by the organiser it names.
    pub definition: ElectionDefinition,
    /// The published credential lists, one per voter group, in the log's order.
    pub lists: Vec<CredentialList>,
    /// The trustees' dealings (commitments and encrypted shares), in the log's order.
    pub dealings: Vec<Dealing>,
    /// The trustees' complaints against shares dealt to them.
    pub complaints: Vec<Complaint>,
    /// The trustees' acknowledgements of good shares dealt to them.
    pub acknowledgements: Vec<Acknowledgement>,
    /// The election key voting opened under; none before voting opens.
    pub election_key: Option<ElectionKey>,
    /// The organiser's withdrawal and its index, if the election was withdrawn.
    pub withdrawal: Option<(u64, Withdrawal)>,
}

impl Setup {
    /// Which group a credential votes in.
    pub fn group_of(&self, credential: &zhixuan_tally::Credential) -> Option<&str> {
        self.lists
            .iter()
            .find(|l| l.contains(credential))
            .map(|l| l.group.as_str())
    }
}

impl Remote {
    /// The board at `url` (e.g. `http://127.0.0.1:8080`), with the default patience and
    /// nobody told what is awaited.
    pub fn new(url: &str) -> Self {
        Self {
            client: BoardClient::new(url),
            url: url.trim_end_matches('/').to_owned(),
            patience: Patience::default(),
            pinned: None,
        }
    }

    /// This board, held to `key`: every checkpoint is checked against it, and a board that
    /// serves another key is named as not to be relied on.
    pub fn pinned(self, key: CheckpointVerifier) -> Self {
        Self {
            pinned: Some(key),
            ..self
        }
    }

    /// The board at `url`, waited for as `patience` says; what is awaited, and each new
    /// attempt, is a line on `ui`.
    pub fn watched(url: &str, patience: Patience, ui: &Ui) -> Self {
        let url = url.trim_end_matches('/').to_owned();
        let (ui, board) = (ui.clone(), url.clone());
        let watch: Watch = Arc::new(move |waiting: &Waiting<'_>| {
            match waiting {
            Waiting::Slow { path, write } => ui.note(
                &format!(
                    "正在等待公告栏 {board} 的回答（{}：{path}）……",
                    if *write { "写入" } else { "读取" }
                ),
                &format!(
                    "waiting for the board at {board} to answer ({} {path})…",
                    if *write { "writing" } else { "reading" }
                ),
            ),
            Waiting::Again {
                next,
                of,
                after,
                error,
                ..
            } => ui.note(
                &format!(
                    "公告栏没有答复（{error}）；{} 秒后重试（第 {next} 次，共 {of} 次）",
                    after.as_secs()
                ),
                &format!(
                    "no answer from the board ({error}); trying again in {} s (attempt {next} of {of})",
                    after.as_secs()
                ),
            ),
            _ => {}
        }
        });
        Self {
            client: BoardClient::with_patience(&url, patience).watched(watch),
            url,
            patience,
            pinned: None,
        }
    }

    /// The board's URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// How a failed request to this board is reported: `what` is the kind of entry sent,
    /// none for a read.
    pub(crate) fn error(
        &self,
        what: Option<EntryKind>,
    ) -> impl FnOnce(ClientError) -> CliError + '_ {
        move |e| match e {
            ClientError::Refused { body, .. } => CliError::Refused {
                url: self.url.clone(),
                what,
                code: body.code,
                message: body.message,
            },
            ClientError::Unreachable { message, .. } => CliError::Unreachable {
                url: self.url.clone(),
                message,
            },
            other => CliError::BadAnswer {
                url: self.url.clone(),
                message: other.to_string(),
            },
        }
    }

    /// Publishes a definition.
    pub async fn create(&self, definition: &Signed<ElectionDefinition>) -> Result<Ack, CliError> {
        self.client
            .create_election(definition)
            .await
            .map_err(self.error(Some(EntryKind::Definition)))
    }

    /// Publishes a later entry.
    pub async fn append(&self, election: &str, entry: &Entry) -> Result<Ack, CliError> {
        self.client
            .append(election, entry)
            .await
            .map_err(self.error(Some(entry.kind())))
    }

    /// Fails early, before any long work, unless the election is in phase `needed`.
    pub async fn expect_phase(&self, election: &str, needed: Phase) -> Result<(), CliError> {
        let phase = self.info(election).await?.phase;
        if phase == needed {
            Ok(())
        } else {
            Err(CliError::Phase {
                election: election.to_owned(),
                phase,
                needed,
            })
        }
    }

    /// An election's summary: phase, size, ballots per group.
    pub async fn info(&self, election: &str) -> Result<ElectionInfo, CliError> {
        self.client
            .election(election)
            .await
            .map_err(self.error(None))
    }

    /// The board's checkpoint key: the one given with `--board-key`, which the board must
    /// serve too; else the one it serves.
    pub async fn verifier(&self) -> Result<CheckpointVerifier, CliError> {
        let text = self.client.board_key().await.map_err(self.error(None))?;
        let served: CheckpointVerifier = text.trim().parse().map_err(|e| CliError::BadAnswer {
            url: self.url.clone(),
            message: format!("the board key: {e}"),
        })?;
        match &self.pinned {
            Some(pinned) if *pinned != served => Err(CliError::Proof(format!(
                "the board at {} signs with key {served}, not with the key you gave ({pinned})",
                self.url
            ))),
            Some(pinned) => Ok(pinned.clone()),
            None => Ok(served),
        }
    }

    /// The signed checkpoint of an election's log, checked against the board's key and
    /// the election's origin; returns its size and root.
    pub async fn checkpoint(
        &self,
        election: &str,
        verifier: &CheckpointVerifier,
    ) -> Result<(u64, zhixuan_record::Hash), CliError> {
        let text = self
            .client
            .checkpoint(election)
            .await
            .map_err(self.error(None))?;
        checked_checkpoint(&text, verifier, election)
    }

    /// Exports the election's record to `path` (never over an existing file), with the
    /// earlier elections it names appended to its header, as the verifier reads it; returns
    /// the number of entries. The verifier's own fetch does the work, so the file is exactly
    /// what `zhixuan-verify board` would check.
    pub async fn export(&self, election: &str, path: &Path, ui: &Ui) -> Result<u64, CliError> {
        if path.exists() {
            return Err(CliError::usage(
                format!("{} 已经存在，不会被覆盖；请换一个 --out 路径或先移走它", path.display()),
                format!("{} already exists and is not overwritten; choose another --out path or move it away", path.display()),
            ));
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(io_error(dir, "creating the folder"))?;
        }
        let reading = self.verifier_client();
        let (id, into, progress) = (election.to_owned(), path.to_owned(), ui.interactive());
        // The verifier's client blocks: on a thread of its own, not an async worker, which
        // may be serving this very board (in the demo).
        tokio::task::spawn_blocking(move || {
            zhixuan_verify::fetch_record(&reading, &id, &into, progress)
        })
        .await
        .map_err(|e| CliError::Internal(e.to_string()))?
        .map_err(|e| match e {
            zhixuan_verify::FetchError::Board(e) => self.error(None)(e),
            other => CliError::BadAnswer {
                url: self.url.clone(),
                message: other.to_string(),
            },
        })
    }

    /// The verifier's blocking client of this board, for the verifier's own checks. Call
    /// them through `spawn_blocking`: see [`Remote::export`].
    pub(crate) fn verifier_client(&self) -> zhixuan_verify::BoardClient {
        zhixuan_verify::BoardClient::with_patience(&self.url, self.patience)
    }

    /// The client, for the reads this module does not wrap (proofs).
    pub fn client(&self) -> &BoardClient {
        &self.client
    }

    /// A page of the log from `from`.
    pub async fn page(&self, election: &str, from: u64) -> Result<Vec<LogEntry>, CliError> {
        let page = self
            .client
            .entries(election, from, PAGE)
            .await
            .map_err(self.error(None))?;
        for (offset, entry) in page.entries.iter().enumerate() {
            if entry.index != from + offset as u64 {
                return Err(CliError::BoardLog {
                    election: election.to_owned(),
                    problem: format!(
                        "asked for entry {}, the board sent entry {}",
                        from + offset as u64,
                        entry.index
                    ),
                });
            }
        }
        Ok(page.entries)
    }

    /// The election's definition (entry 0), signed by the organiser it names.
    pub async fn definition(&self, election: &str) -> Result<ElectionDefinition, CliError> {
        let first = self.page(election, 0).await?;
        definition_of(election, first.first())
    }

    /// The setup phase: entries up to and including the opening of the vote.
    pub async fn setup(&self, election: &str) -> Result<Setup, CliError> {
        let mut entries = self.page(election, 0).await?.into_iter();
        let definition = definition_of(election, entries.next().as_ref())?;
        let hash = definition.hash();
        let doc = definition.document();
        let bad = |index: u64, what: &str| CliError::BoardLog {
            election: election.to_owned(),
            problem: format!("entry {index}: {what}"),
        };
        let trustee_key = |index: TrusteeIndex| {
            (index.0 as usize)
                .checked_sub(1)
                .and_then(|i| doc.trustees.get(i))
                .map(|t| &t.key)
        };
        let mut setup = Setup {
            lists: Vec::new(),
            dealings: Vec::new(),
            complaints: Vec::new(),
            acknowledgements: Vec::new(),
            election_key: None,
            withdrawal: None,
            definition: definition.clone(),
        };
        let mut next = 1;
        loop {
            for entry in entries.by_ref() {
                next = entry.index + 1;
                match entry.entry {
                    Entry::CredentialList(s) => {
                        if !s.verify(&doc.organiser, &hash) {
                            return Err(bad(
                                entry.index,
                                "a credential list not signed by the organiser",
                            ));
                        }
                        s.body
                            .validate(&definition)
                            .map_err(|e| bad(entry.index, &e.to_string()))?;
                        setup.lists.push(s.body);
                    }
                    Entry::Dealing(s) => {
                        let key = trustee_key(s.body.dealer)
                            .ok_or_else(|| bad(entry.index, "a dealing by an unknown trustee"))?;
                        if !s.verify(key, &hash) {
                            return Err(bad(entry.index, "a dealing not signed by its trustee"));
                        }
                        setup.dealings.push(s.body);
                    }
                    Entry::Complaint(s) => {
                        let key = trustee_key(s.body.recipient)
                            .ok_or_else(|| bad(entry.index, "a complaint by an unknown trustee"))?;
                        if !s.verify(key, &hash) {
                            return Err(bad(entry.index, "a complaint not signed by its trustee"));
                        }
                        setup.complaints.push(s.body);
                    }
                    Entry::Acknowledgement(s) => {
                        let key = trustee_key(s.body.recipient).ok_or_else(|| {
                            bad(entry.index, "an acknowledgement by an unknown trustee")
                        })?;
                        if !s.verify(key, &hash) {
                            return Err(bad(
                                entry.index,
                                "an acknowledgement not signed by its trustee",
                            ));
                        }
                        setup.acknowledgements.push(s.body);
                    }
                    Entry::OpenVoting(s) => {
                        if !s.verify(&doc.organiser, &hash) {
                            return Err(bad(
                                entry.index,
                                "the opening not signed by the organiser",
                            ));
                        }
                        setup.election_key = Some(s.body.election_key);
                        return Ok(setup);
                    }
                    // Attendance may be declared before voting opens (spec/board.md §5.6a);
                    // a ballot does not depend on it.
                    Entry::Attendance(s) => {
                        if !s.verify(&doc.organiser, &hash) {
                            return Err(bad(
                                entry.index,
                                "an attendance not signed by the organiser",
                            ));
                        }
                    }
                    // Nothing is accepted after a withdrawal (spec/board.md §5.5a).
                    Entry::Withdrawal(s) => {
                        if !s.verify(&doc.organiser, &hash) {
                            return Err(bad(
                                entry.index,
                                "a withdrawal not signed by the organiser",
                            ));
                        }
                        setup.withdrawal = Some((entry.index, s.body));
                        return Ok(setup);
                    }
                    _ => {
                        return Err(bad(
                            entry.index,
                            "an entry of a later phase before voting opened",
                        ))
                    }
                }
            }
            let page = self.page(election, next).await?;
            if page.is_empty() {
                return Ok(setup);
            }
            entries = page.into_iter();
        }
    }

    /// The definitions and published outcomes of the elections `definition` names (an
    /// earlier round, last year's evaluation), every round back to the first. Each outcome
    /// is decided again from its own published counts (`spec/verification.md` §3.8, check
    /// 9): one its counts contradict is the board's or the organiser's forgery.
    pub async fn earlier(
        &self,
        definition: &ElectionDefinition,
    ) -> Result<Vec<(ElectionDefinition, Outcome)>, CliError> {
        let mut out: Vec<(ElectionDefinition, PublishedResult)> = Vec::new();
        let mut waiting = named_elections(definition);
        while let Some((id, hash)) = waiting.pop() {
            if out.iter().any(|(d, _)| d.hash() == hash) {
                continue;
            }
            let earlier = self.definition(&id).await?;
            if earlier.hash() != hash {
                return Err(CliError::BoardLog {
                    election: id,
                    problem: format!(
                        "its definition hash is {}, but `{}` names {hash}",
                        earlier.hash(),
                        definition.election_id()
                    ),
                });
            }
            let result = match self.published_result(&id, &earlier).await? {
                Some(result) => result,
                None => {
                    return Err(CliError::usage(
                        format!(
                            "`{}` 依据的选举 `{id}` 的结果尚未在公告栏公布；请先完成 `{id}`",
                            definition.election_id()
                        ),
                        format!(
                            "`{}` follows `{id}`, whose result is not yet published on this board; finish `{id}` first",
                            definition.election_id()
                        ),
                    ))
                }
            };
            waiting.extend(named_elections(&earlier));
            out.push((earlier, result));
        }
        decide_earlier(&out).map_err(|e| CliError::BoardLog {
            election: definition.election_id().to_owned(),
            problem: e.to_string(),
        })
    }

    /// The published result of `election`, signed by the organiser `definition` names: the
    /// last entry of a decided log. `None` before it is published.
    pub async fn published_result(
        &self,
        election: &str,
        definition: &ElectionDefinition,
    ) -> Result<Option<PublishedResult>, CliError> {
        let size = self.info(election).await?.size;
        let last = self
            .client
            .entries(election, size.saturating_sub(1), 1)
            .await
            .map_err(self.error(None))?;
        Ok(match last.entries.into_iter().next().map(|e| e.entry) {
            Some(Entry::Result(s))
                if s.verify(&definition.document().organiser, &definition.hash()) =>
            {
                Some(s.body)
            }
            _ => None,
        })
    }

    /// Replays the whole log through the admission rules and checks it against the board's
    /// signed checkpoint. The state it returns is what an honest board holds; it is boxed,
    /// as it holds the election's encryption table (30 kB).
    pub async fn replay(&self, election: &str, ui: &Ui) -> Result<Box<ElectionState>, CliError> {
        let verifier = self.verifier().await?;
        let size = self.info(election).await?.size;
        let bar = ui.bar(
            size,
            ui.lang.pick("核查公告栏记录", "checking the board's log"),
        );
        let mut page = self.page(election, 0).await?;
        if page.is_empty() {
            return Err(CliError::BoardLog {
                election: election.to_owned(),
                problem: "the log is empty".into(),
            });
        }
        let first = page.remove(0);
        let definition = definition_of(election, Some(&first))?;
        let earlier = self.earlier(&definition).await?;
        let leaf = first.leaf_hash();
        let mut replay =
            Box::new(
                Replay::start(&first, leaf, &earlier).map_err(|e| CliError::BoardLog {
                    election: election.to_owned(),
                    problem: format!("entry 0: {e}"),
                })?,
            );
        bar.inc(1);
        while !page.is_empty() {
            // Proof verification is CPU work: off the async workers, which may be serving
            // the board itself (in the demo); in chunks, so that progress shows.
            while !page.is_empty() {
                let rest = page.split_off(page.len().min(CHUNK));
                let chunk = std::mem::replace(&mut page, rest);
                let count = chunk.len() as u64;
                let id = election.to_owned();
                replay = tokio::task::spawn_blocking(move || {
                    apply_page(&id, &mut replay, chunk).map(|()| replay)
                })
                .await
                .map_err(|e| CliError::Internal(e.to_string()))??;
                bar.inc(count);
            }
            let next = replay.next_index();
            page = self.page(election, next).await?;
        }
        let id = election.to_owned();
        let (state, tree) = tokio::task::spawn_blocking(move || {
            replay
                .finish(&mut |v| admitted(&id, v))
                .map(|(state, tree)| (Box::new(state), tree))
        })
        .await
        .map_err(|e| CliError::Internal(e.to_string()))??;
        bar.finish_and_clear();
        let (cp_size, cp_root) = self.checkpoint(election, &verifier).await?;
        let ours = tree.len();
        // The board commits entries before it signs the checkpoint that covers them, so a
        // page may run past the latest checkpoint (another party's write in flight): then
        // the checkpoint must sign a prefix of what was served.
        let consistent = if cp_size <= ours {
            tree.root_at(cp_size).is_ok_and(|root| root == cp_root)
        } else {
            let proof = self
                .client
                .consistency(election, ours, Some(cp_size))
                .await
                .map_err(self.error(None))?;
            verify_consistency(ours, cp_size, &tree.root(), &cp_root, &proof.proof).is_ok()
        };
        if !consistent {
            return Err(CliError::Proof(format!(
                "the {ours} entries the board served do not hash to its signed checkpoint of {cp_size} entries"
            )));
        }
        Ok(state)
    }
}

/// The board's base URL from what a person gives as `--board`: spaces around it and a
/// trailing `/` dropped, `http://` added when no scheme is given, and a page address copied
/// from the browser (`…/e/ELECTION`, `…/e/ELECTION/track`) cut back to the board's.
pub fn board_address(given: &str) -> Result<String, CliError> {
    let text = given.trim();
    let bad = |zh: &str, en: &str| {
        CliError::usage(
            format!("--board `{given}` 不是公告栏的地址：{zh}；请给出如 http://公告栏主机:8080 的地址"),
            format!("--board `{given}` is not a board's address: {en}; give one like http://BOARD-HOST:8080"),
        )
    };
    if text.is_empty() {
        return Err(bad("它是空的", "it is empty"));
    }
    let url = match text.split_once("://") {
        Some((scheme, _))
            if scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https") =>
        {
            text.to_owned()
        }
        Some((scheme, _)) => {
            return Err(bad(
                &format!("`{scheme}` 不是 http 或 https"),
                &format!("`{scheme}` is not http or https"),
            ))
        }
        None => format!("http://{text}"),
    };
    let start = url.find("://").map_or(0, |i| i + 3);
    let host_end = url[start..].find('/').map_or(url.len(), |i| start + i);
    if url[start..host_end].is_empty() || url[start..host_end].contains(char::is_whitespace) {
        return Err(bad("其中没有主机名", "it names no host"));
    }
    let path = &url[host_end..];
    // A page of an election (`spec/board.md` §12) lives under `/e/` of the board's root.
    let base = match path.find("/e/") {
        Some(page) => &url[..host_end + page],
        None => url.as_str(),
    };
    Ok(base.trim_end_matches('/').to_owned())
}

/// Replays one page of entries; runs of ballots are verified as a batch on all cores.
fn apply_page(election: &str, replay: &mut Replay, page: Vec<LogEntry>) -> Result<(), CliError> {
    for entry in page {
        if entry.index != replay.next_index() {
            return Err(CliError::BoardLog {
                election: election.to_owned(),
                problem: format!("entry {} out of order", entry.index),
            });
        }
        let leaf = entry.leaf_hash();
        replay.push(entry, leaf, &mut |v| admitted(election, v))?;
    }
    Ok(())
}

/// A refusal in the board's own log: the board stored what it should have refused.
fn admitted(election: &str, verdict: Verdict) -> Result<(), CliError> {
    verdict.result.map(drop).map_err(|e| CliError::BoardLog {
        election: election.to_owned(),
        problem: format!("entry {}: {e} ({})", verdict.index, e.code()),
    })
}

/// Checks a checkpoint's signature and origin; returns its size and root.
pub fn checked_checkpoint(
    text: &str,
    verifier: &CheckpointVerifier,
    election: &str,
) -> Result<(u64, zhixuan_record::Hash), CliError> {
    let signed: SignedCheckpoint = text
        .parse()
        .map_err(|e| CliError::Proof(format!("the checkpoint cannot be read: {e}")))?;
    let checkpoint = signed
        .verify(verifier)
        .map_err(|e| CliError::Proof(format!("the checkpoint: {e}")))?;
    if checkpoint.origin().election_id() != election {
        return Err(CliError::Proof(format!(
            "the checkpoint is for `{}`, not `{election}`",
            checkpoint.origin().election_id()
        )));
    }
    Ok((checkpoint.size(), *checkpoint.root()))
}

fn definition_of(election: &str, entry: Option<&LogEntry>) -> Result<ElectionDefinition, CliError> {
    let bad = |problem: &str| CliError::BoardLog {
        election: election.to_owned(),
        problem: problem.to_owned(),
    };
    let Some(LogEntry {
        index: 0,
        entry: Entry::Definition(signed),
        ..
    }) = entry
    else {
        return Err(bad("entry 0 is not a definition"));
    };
    let definition = signed.body.clone();
    if definition.election_id() != election {
        return Err(bad("entry 0 defines another election"));
    }
    if !signed.verify(&definition.document().organiser, &definition.hash()) {
        return Err(bad(
            "the definition is not signed by the organiser it names",
        ));
    }
    Ok(definition)
}

#[cfg(test)]
mod tests {
    use super::board_address;

    #[test]
    fn a_board_address_is_read_as_people_give_it() {
        for (given, url) in [
            ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
            ("  http://board.example:8080/ ", "http://board.example:8080"),
            ("board.example:8080", "http://board.example:8080"),
            ("HTTPS://board.example", "HTTPS://board.example"),
            (
                "http://board.example:8080/e/nanjing-2024",
                "http://board.example:8080",
            ),
            (
                "board.example/e/nanjing-2024/track?lang=en",
                "http://board.example",
            ),
            (
                "https://gov.example/board/e/x/result",
                "https://gov.example/board",
            ),
        ] {
            assert_eq!(board_address(given).unwrap(), url, "{given}");
        }
        for given in ["", "   ", "ftp://board.example", "http:///e/x"] {
            let err = board_address(given).unwrap_err();
            assert!(
                err.to_string().contains("is not a board's address"),
                "{given}: {err}"
            );
        }
    }
}
