//! A voter: casts an encrypted ballot with a credential, gets a tracking code with the
//! board's signed proof that the ballot is in the log; or audits a ballot instead of
//! casting it (Benaloh: the board publishes it opened, the voter sees what it held, and it
//! is never counted); and later checks that a tracking code is on the board.
//!
//! Before encrypting anything the voter's device checks what it encrypts under: the
//! definition's signature, the credential lists' signatures, and that the election key the
//! organiser opened voting with is the one the trustees' published dealings give.

use std::path::Path;
use std::sync::Arc;

use serde::Serialize;
use zhixuan_election::{ElectionDefinition, RevotePolicy};
use zhixuan_record::{verify_inclusion, Ack, CheckpointVerifier, Entry, Phase};
use zhixuan_tally::{
    conclude, BallotStyle, Credential, CredentialSecret, ElectionContext, Encryptor,
    PreparedBallot, TrackingCode,
};

use zhixuan_verify::{check_ballot_on_board, BallotCheckError, Standing};

use crate::choices::{self, MarkedContest};
use crate::error::CliError;
use crate::kept::{self, KeptBallot};
use crate::messages::Lang;
use crate::output::Ui;
use crate::remote::{checked_checkpoint, Remote, Setup};
use crate::trustee::ceremony_params;

/// The error for a credential on no list of the election.
pub fn not_listed() -> CliError {
    CliError::credential(
        "此凭证不在本选举任何选民组的名单上：请核对凭证代码和选举编号",
        "this credential is not on any voter group's list of this election: check the slip code and the election id",
    )
}

/// What a voter's device needs to vote in an election, checked.
pub struct Voting {
    /// The election's setup on the board (definition, credential lists, key ceremony),
    /// each entry checked against its signer's key.
    pub setup: Setup,
    /// Boxed: its precomputed table is 30 kB, too much to move around on the stack.
    pub encryptor: Box<Encryptor>,
    /// The board's checkpoint key (the one given with `--board-key`, else the one the board
    /// serves): the ballot's inclusion proof is checked against it.
    pub verifier: CheckpointVerifier,
}

impl Voting {
    /// Reads the election from the board and checks it (see the module's documentation).
    pub async fn fetch(remote: &Remote, election: &str) -> Result<Arc<Self>, CliError> {
        let setup = remote.setup(election).await?;
        let Some(key) = setup.election_key.clone() else {
            // Not open yet, or never: withdrawn before voting, its slips void.
            let phase = match setup.withdrawal {
                Some(_) => Phase::Withdrawn,
                None => Phase::Setup,
            };
            return Err(CliError::Phase {
                election: election.to_owned(),
                phase,
                needed: Phase::Voting,
            });
        };
        let params = ceremony_params(&setup.definition)?;
        let ceremony = conclude(&params, &setup.dealings, &setup.complaints).map_err(|e| {
            CliError::BoardLog {
                election: election.to_owned(),
                problem: format!("the key ceremony on the board: {e}"),
            }
        })?;
        if ceremony.election_key != key {
            return Err(CliError::BoardLog {
                election: election.to_owned(),
                problem: "voting was opened under a key the trustees' dealings do not give".into(),
            });
        }
        let encryptor = Box::new(Encryptor::new(ElectionContext {
            election: setup.definition.hash(),
            key,
        }));
        let verifier = remote.verifier().await?;
        Ok(Arc::new(Self {
            setup,
            encryptor,
            verifier,
        }))
    }

    /// The definition.
    pub fn definition(&self) -> &ElectionDefinition {
        &self.setup.definition
    }

    /// The credential's group and its ballot style.
    pub fn ballot_of(
        &self,
        credential: &CredentialSecret,
    ) -> Result<(&str, &BallotStyle), CliError> {
        let group = self
            .setup
            .group_of(&credential.public())
            .ok_or_else(not_listed)?;
        let style = self
            .definition()
            .ballot_style(group)
            .ok_or_else(|| CliError::Internal(format!("group `{group}` has no ballot style")))?;
        Ok((group, style))
    }

    /// Encrypts choices with their proofs into a ballot not yet cast or audited (CPU work:
    /// a few milliseconds). Nothing is signed yet.
    pub fn encrypt(
        &self,
        credential: &CredentialSecret,
        choices: &[Vec<u32>],
    ) -> Result<PreparedBallot, CliError> {
        let (_, style) = self.ballot_of(credential)?;
        self.encryptor
            .encrypt_ballot(style, choices, &credential.public(), &mut rand::rng())
            .map_err(CliError::Ballot)
    }
}

/// What the voter keeps: the tracking code and where the board put the ballot.
#[derive(Clone, Debug, Serialize)]
pub struct Receipt {
    /// The election's id.
    pub election: String,
    /// The voter group the credential votes in.
    pub group: String,
    /// The ballot's tracking code, to check it on the board later.
    pub tracking_code: TrackingCode,
    /// The ballot's entry in the log.
    pub index: u64,
    /// The size of the signed checkpoint the inclusion proof was checked against.
    pub checkpoint_size: u64,
    /// For a ballot that replaced the voter's earlier one, the earlier one's entry.
    pub supersedes: Option<u64>,
    /// For an audited ballot, what it held.
    pub audited: Option<Vec<MarkedContest>>,
    /// For an audit by a voter whose credential has already cast a ballot: that ballot's
    /// tracking code, and whether a new ballot would replace it (the last one counts).
    pub already_cast: Option<(TrackingCode, bool)>,
}

impl Receipt {
    /// What the command prints, in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let mut out = match (&self.audited, lang) {
            (None, Lang::Zh) => format!(
                "选票已投出并记录在公告栏第 {} 条（已用公告栏签名的检查点验证）\n跟踪码：{}\n请记下跟踪码，之后可用 zhixuan check {} --election {} 核对",
                self.index, self.tracking_code, self.tracking_code, self.election
            ),
            (None, Lang::En) => format!(
                "Ballot cast: entry {} of the board's log (checked against the board's signed checkpoint)\ntracking code: {}\nWrite it down; check it later with zhixuan check {} --election {}",
                self.index, self.tracking_code, self.tracking_code, self.election
            ),
            (Some(_), Lang::Zh) => format!(
                "这张选票已被核验而未投出（公告栏第 {} 条，跟踪码 {}）；它不会被计票。公告栏公开的内容显示它包含：",
                self.index, self.tracking_code
            ),
            (Some(_), Lang::En) => format!(
                "This ballot was audited, not cast (entry {}, tracking code {}); it will never be counted. Opened on the board, it held:",
                self.index, self.tracking_code
            ),
        };
        if let Some(marks) = &self.audited {
            out.push('\n');
            out.push_str(&choices::render_marks(lang, marks));
            out.push_str(&match (self.already_cast, lang) {
                (None, _) => lang.pick(
                    "如与您的选择一致，说明设备加密诚实；请重新投票（zhixuan vote，不加 --audit）。",
                    "If that is what you chose, your device encrypts honestly; now vote for real (zhixuan vote without --audit).",
                ).to_owned(),
                (Some((code, false)), Lang::Zh) => format!("如与您的选择一致，说明设备加密诚实。此凭证已经投过票（跟踪码 {code}），本次核验不改变那张选票；本选举每个凭证只能投一次。"),
                (Some((code, false)), Lang::En) => format!("If that is what you chose, your device encrypts honestly. This credential has already voted (tracking code {code}); this audit does not change that ballot, and this election takes one ballot per credential."),
                (Some((code, true)), Lang::Zh) => format!("如与您的选择一致，说明设备加密诚实。此凭证已经投过票（跟踪码 {code}），本次核验不改变那张选票；如要改投，请再次运行 zhixuan vote（不加 --audit），以最后一次为准。"),
                (Some((code, true)), Lang::En) => format!("If that is what you chose, your device encrypts honestly. This credential has already voted (tracking code {code}); this audit does not change that ballot. To replace it, vote again (zhixuan vote without --audit): the last one counts."),
            });
        }
        if let Some(earlier) = self.supersedes {
            out.push('\n');
            out.push_str(&match lang {
                Lang::Zh => format!("本票取代您之前在第 {earlier} 条投出的选票（以最后一次为准）"),
                Lang::En => format!("This ballot replaces the one you cast at entry {earlier} (the last one counts)"),
            });
        }
        out
    }
}

/// Checks an acknowledgement: it carries this ballot's tracking code and a signed
/// checkpoint that includes the entry.
fn check_ack(voting: &Voting, ack: &Ack, code: TrackingCode) -> Result<u64, CliError> {
    let election = voting.definition().election_id();
    if ack.tracking_code != Some(code) {
        return Err(CliError::Proof(format!(
            "the board acknowledged tracking code {}, not {code}",
            ack.tracking_code
                .map_or("(none)".to_owned(), |c| c.to_string())
        )));
    }
    let (size, root) = checked_checkpoint(&ack.checkpoint, &voting.verifier, election)?;
    verify_inclusion(&ack.leaf_hash, ack.index, size, &ack.inclusion_proof, &root)
        .map_err(|e| CliError::Proof(format!("the ballot's inclusion proof: {e}")))?;
    Ok(size)
}

/// Seals an encrypted ballot for sending: cast (only now does the credential sign it), or
/// (with `audit`) opened instead of cast, published under the voter's group without the
/// credential; for an audit, also what it holds.
pub fn seal(
    voting: &Voting,
    group: &str,
    prepared: PreparedBallot,
    credential: &CredentialSecret,
    audit: bool,
) -> Result<(Entry, Option<Vec<MarkedContest>>), CliError> {
    if audit {
        let style = voting
            .definition()
            .ballot_style(group)
            .ok_or_else(|| CliError::Internal(format!("group `{group}` has no ballot style")))?;
        let audited = prepared.audit(group);
        // What the board will publish is checked before it is sent: the opening must
        // reproduce every ciphertext.
        let verified = audited
            .verify(&voting.encryptor, style)
            .map_err(CliError::Ballot)?;
        let marks = choices::describe(voting.definition(), style, verified.choices());
        Ok((Entry::AuditedBallot(audited), Some(marks)))
    } else {
        let ballot = prepared
            .cast(credential, &mut rand::rng())
            .map_err(CliError::Ballot)?;
        Ok((Entry::Ballot(ballot), None))
    }
}

/// Sends a sealed ballot with tracking code `code` and checks the board's acknowledgement.
pub async fn send(
    remote: &Remote,
    voting: &Voting,
    group: &str,
    entry: &Entry,
    code: TrackingCode,
    audited: Option<Vec<MarkedContest>>,
) -> Result<Receipt, CliError> {
    let election = voting.definition().election_id().to_owned();
    let ack = remote.append(&election, entry).await?;
    let checkpoint_size = check_ack(voting, &ack, code)?;
    Ok(Receipt {
        election,
        group: group.to_owned(),
        tracking_code: code,
        index: ack.index,
        checkpoint_size,
        supersedes: ack.supersedes,
        audited,
        already_cast: None,
    })
}

/// Seals and sends an encrypted ballot (see [`seal`]).
pub async fn submit(
    remote: &Remote,
    voting: &Voting,
    group: &str,
    prepared: PreparedBallot,
    credential: &CredentialSecret,
    audit: bool,
) -> Result<Receipt, CliError> {
    let code = prepared.tracking_code();
    let (entry, audited) = seal(voting, group, prepared, credential, audit)?;
    send(remote, voting, group, &entry, code, audited).await
}

/// Encrypts choices off the async workers.
async fn encrypt(
    voting: &Arc<Voting>,
    credential: CredentialSecret,
    choices: Vec<Vec<u32>>,
) -> Result<(PreparedBallot, CredentialSecret), CliError> {
    let encrypting = Arc::clone(voting);
    tokio::task::spawn_blocking(move || {
        encrypting
            .encrypt(&credential, &choices)
            .map(|prepared| (prepared, credential))
    })
    .await
    .map_err(|e| CliError::Internal(e.to_string()))?
}

/// Encrypts and sends a ballot.
pub async fn vote(
    remote: &Remote,
    voting: &Arc<Voting>,
    credential: CredentialSecret,
    choices: Vec<Vec<u32>>,
    audit: bool,
) -> Result<Receipt, CliError> {
    let group = voting.ballot_of(&credential)?.0.to_owned();
    let (prepared, credential) = encrypt(voting, credential, choices).await?;
    submit(remote, voting, &group, prepared, &credential, audit).await
}

/// Casts a ballot the way a voter's own device does: the ballot is kept under `dir` and its
/// tracking code shown before it is sent, so that a lost answer loses nothing (see
/// [`kept`](crate::kept)). A ballot kept earlier and not known to be on the board is sent
/// again instead of a new one, and so is one that is, where the election takes one ballot
/// per credential (the board answers with its acknowledgement, and the voter sees the
/// receipt again); where the last ballot counts, a new one replaces it.
pub async fn cast_keeping(
    remote: &Remote,
    voting: &Arc<Voting>,
    credential: CredentialSecret,
    choices: Vec<Vec<u32>>,
    dir: &Path,
    ui: &Ui,
) -> Result<Receipt, CliError> {
    let group = voting.ballot_of(&credential)?.0.to_owned();
    let election = voting.definition().election_id().to_owned();
    let path = kept::path(dir, &election, &credential.public());
    let single = voting.definition().document().revote == RevotePolicy::Single;
    let ballot = match kept::read(&path)? {
        Some(earlier) if earlier.acknowledged.is_none() || single => {
            match earlier.acknowledged {
                None => ui.note(
                    &format!("重新发送 {} 中保存的选票（跟踪码 {}）：上次未收到公告栏的回答；同一张选票不会被计两次", path.display(), earlier.tracking_code),
                    &format!("sending again the ballot kept in {} (tracking code {}): the board's answer to it was lost last time; one ballot is never counted twice", path.display(), earlier.tracking_code),
                ),
                Some(index) => ui.note(
                    &format!("此凭证已经投过票（公告栏第 {index} 条，跟踪码 {}）；本选举每个凭证只能投一次，下面再次显示这张选票的回执", earlier.tracking_code),
                    &format!("this credential has already voted (entry {index}, tracking code {}); this election takes one ballot per credential, so here is that ballot's receipt again", earlier.tracking_code),
                ),
            }
            earlier
        }
        _ => {
            let (prepared, credential) = encrypt(voting, credential, choices).await?;
            let tracking_code = prepared.tracking_code();
            let (entry, _) = seal(voting, &group, prepared, &credential, false)?;
            let ballot = KeptBallot {
                election: election.clone(),
                tracking_code,
                entry,
                acknowledged: None,
            };
            kept::write(&path, &ballot)?;
            ui.note(
                &format!("跟踪码：{tracking_code}（选票已保存在 {}）；正在发送到公告栏……", path.display()),
                &format!("tracking code: {tracking_code} (the ballot is kept in {}); sending it to the board…", path.display()),
            );
            ballot
        }
    };
    let sent = send(
        remote,
        voting,
        &group,
        &ballot.entry,
        ballot.tracking_code,
        None,
    )
    .await;
    match sent {
        Ok(receipt) => {
            kept::write(
                &path,
                &KeptBallot {
                    acknowledged: Some(receipt.index),
                    ..ballot
                },
            )?;
            Ok(receipt)
        }
        Err(e @ (CliError::Unreachable { .. } | CliError::BadAnswer { .. })) => {
            Err(CliError::Unanswered {
                election,
                tracking_code: ballot.tracking_code,
                kept: path,
                source: Box::new(e),
            })
        }
        Err(e) => Err(e),
    }
}

/// A tracking code found on the board.
#[derive(Clone, Debug, Serialize)]
pub struct Tracked {
    /// The election the ballot is in.
    pub election: String,
    /// The tracking code found.
    pub tracking_code: TrackingCode,
    /// The ballot's entry in the election's log.
    pub index: u64,
    /// `ballot` or `audited_ballot`.
    pub kind: String,
    /// Counted, superseded (by `superseded_by`) or audited.
    pub standing: Standing,
    /// For a superseded ballot, the entry of the later ballot counted instead.
    pub superseded_by: Option<u64>,
    /// The size of the signed checkpoint the inclusion proof was checked against.
    pub checkpoint_size: u64,
    /// The board's checkpoint key that checkpoint was checked against.
    pub board_key: String,
}

impl Tracked {
    /// What the command prints, in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let later = self.superseded_by.unwrap_or_default();
        let standing = match (self.standing, lang) {
            (Standing::Counted, Lang::Zh) => "已投出的选票，计入：这是此凭证计入的选票".to_owned(),
            (Standing::Counted, Lang::En) => {
                "a cast ballot, counted: the ballot counted for its credential".to_owned()
            }
            (Standing::Superseded, Lang::Zh) => format!(
                "已投出的选票，不计入：已被取代——同一凭证后来在第 {later} 条又投了一张选票，只计最后一张；如果那不是您投的，请立即告诉选举工作监督委员会"
            ),
            (Standing::Superseded, Lang::En) => format!(
                "a cast ballot, not counted: superseded — the same credential cast a later ballot at entry {later}, and only the last counts; if you did not cast it, tell the supervision committee at once"
            ),
            (Standing::Audited, Lang::Zh) => {
                "核验选票，不计入：它被打开核验，核验过的选票从不计票".to_owned()
            }
            (Standing::Audited, Lang::En) => {
                "an audited ballot, not counted: it was opened to audit the device, and an audited ballot is never counted".to_owned()
            }
        };
        match lang {
            Lang::Zh => format!(
                "跟踪码 {} 在公告栏上：选举 `{}` 第 {} 条\n{standing}\n包含证明已对照公告栏签名的检查点（共 {} 条）验证\n公告栏密钥：{}",
                self.tracking_code, self.election, self.index, self.checkpoint_size, self.board_key
            ),
            Lang::En => format!(
                "Tracking code {} is on the board: entry {} of `{}`\n{standing}\nits inclusion proof checks against the board's signed checkpoint of {} entries\nboard key: {}",
                self.tracking_code, self.index, self.election, self.checkpoint_size, self.board_key
            ),
        }
    }
}

/// Reads a typed tracking code; a code that cannot be one is told apart from one that is not
/// on the board.
pub fn parse_code(text: &str) -> Result<TrackingCode, CliError> {
    text.parse()
        .map_err(|e: zhixuan_tally::TrackingCodeError| CliError::TrackingCode(e.to_string()))
}

/// Every ballot and audited ballot on the board's log of `election`: index, tracking code,
/// and a cast ballot's credential.
async fn ballots_on_board(
    remote: &Remote,
    election: &str,
) -> Result<Vec<(u64, TrackingCode, Option<Credential>)>, CliError> {
    let mut out = Vec::new();
    let mut next = 0;
    loop {
        let page = remote.page(election, next).await?;
        let Some(last) = page.last() else {
            return Ok(out);
        };
        next = last.index + 1;
        for entry in page {
            match entry.entry {
                Entry::Ballot(b) => out.push((entry.index, b.tracking_code(), Some(b.credential))),
                Entry::AuditedBallot(a) => out.push((entry.index, a.tracking_code(), None)),
                _ => {}
            }
        }
    }
}

/// The tracking code of the ballot `credential` cast last in `election`, found in the
/// board's log: what a voter who lost the receipt can still check, from the slip.
pub async fn cast_by(
    remote: &Remote,
    election: &str,
    credential: &Credential,
) -> Result<Option<TrackingCode>, CliError> {
    Ok(ballots_on_board(remote, election)
        .await?
        .into_iter()
        .rev()
        .find(|(_, _, c)| c.as_ref() == Some(credential))
        .map(|(_, code, _)| code))
}

/// The election on the board that has a ballot with this tracking code.
pub async fn election_with(remote: &Remote, code: &TrackingCode) -> Result<String, CliError> {
    let elections = remote
        .client()
        .elections()
        .await
        .map_err(remote.error(None))?;
    for info in &elections {
        match remote.client().tracking(&info.id, code).await {
            Ok(_) => return Ok(info.id.clone()),
            Err(e) if e.code() == Some("tracking_code_not_found") => {}
            Err(e) => return Err(remote.error(None)(e)),
        }
    }
    Err(CliError::NotOnBoard {
        tracking_code: *code,
        election: None,
        near: Vec::new(),
    })
}

/// Whether two codes differ in exactly one character, or by two neighbours swapped: the
/// mistakes people make copying a code.
fn one_slip_apart(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len() != b.len() {
        return false;
    }
    let differ: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
    match differ[..] {
        [_] => true,
        [i, j] => j == i + 1 && a[i] == b[j] && a[j] == b[i],
        _ => false,
    }
}

/// Finds a tracking code on the board and checks the board's proof that the ballot is in
/// the log its signed checkpoint commits to, and where the board names a later ballot of the
/// same credential counted instead, that one too: the verifier's own check
/// ([`check_ballot_on_board`]), so that a voter and a committee check a ballot alike. A
/// code not on the board is told with the board's codes one copying slip away, if any.
pub async fn check(
    remote: &Remote,
    election: &str,
    code: TrackingCode,
) -> Result<Tracked, CliError> {
    let board_key = remote.verifier().await?.to_string();
    let reading = remote.verifier_client();
    let (id, key) = (election.to_owned(), board_key.clone());
    // The verifier's client blocks: off the async workers (see `Remote::export`).
    let found = tokio::task::spawn_blocking(move || {
        check_ballot_on_board(&reading, &id, &code, Some(&key), None)
    })
    .await
    .map_err(|e| CliError::Internal(e.to_string()))?;
    let found = match found {
        Ok(found) => found,
        Err(BallotCheckError::Board(e)) if e.code() == Some("tracking_code_not_found") => {
            let typed = code.to_string();
            let near = ballots_on_board(remote, election)
                .await?
                .into_iter()
                .map(|(_, c, _)| c)
                .filter(|c| one_slip_apart(&c.to_string(), &typed))
                .collect();
            return Err(CliError::NotOnBoard {
                tracking_code: code,
                election: Some(election.to_owned()),
                near,
            });
        }
        Err(BallotCheckError::Board(e)) => return Err(remote.error(None)(e)),
        Err(other) => return Err(CliError::Proof(other.to_string())),
    };
    Ok(Tracked {
        election: election.to_owned(),
        tracking_code: code,
        index: found.index,
        kind: found.kind,
        standing: found.standing,
        superseded_by: found.superseded_by,
        checkpoint_size: found.checkpoint_size,
        board_key,
    })
}

#[cfg(test)]
mod tests {
    use super::one_slip_apart;

    #[test]
    fn a_copying_slip_is_one_character_or_two_neighbours_swapped() {
        let code = "7KQ2-M9XD-4RTB-H0PC";
        assert!(one_slip_apart(code, "7KQ2-M9XD-4RTB-H0PD"));
        assert!(one_slip_apart(code, "K7Q2-M9XD-4RTB-H0PC"));
        assert!(!one_slip_apart(code, code));
        assert!(!one_slip_apart(code, "7KQ2-M9XD-4RTB-H1PD"));
        assert!(!one_slip_apart(code, "Q7K2-M9XD-4RTB-H0PC"));
    }
}
