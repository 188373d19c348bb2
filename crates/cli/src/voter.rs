//! A voter: casts an encrypted ballot with a credential, gets a tracking code with the
//! board's signed proof that the ballot is in the log; or audits a ballot instead of
//! casting it (Benaloh: the board publishes it opened, the voter sees what it held, and it
//! is never counted); and later checks that a tracking code is on the board.
//!
//! Before encrypting anything the voter's device checks what it encrypts under: the
//! definition's signature, the credential lists' signatures, and that the election key the
//! organiser opened voting with is the one the trustees' published dealings give.

use std::sync::Arc;

use serde::Serialize;
use zhixuan_election::ElectionDefinition;
use zhixuan_record::{verify_inclusion, Ack, CheckpointVerifier, Entry, Phase};
use zhixuan_tally::{
    conclude, BallotStyle, CredentialSecret, ElectionContext, Encryptor, PreparedBallot,
    TrackingCode,
};

use zhixuan_verify::{check_ballot_on_board, BallotCheckError, Standing};

use crate::choices::{self, MarkedContest};
use crate::error::CliError;
use crate::messages::Lang;
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
    pub setup: Setup,
    /// Boxed: its precomputed table is 30 kB, too much to move around on the stack.
    pub encryptor: Box<Encryptor>,
    pub verifier: CheckpointVerifier,
}

impl Voting {
    /// Reads the election from the board and checks it (see the module's documentation).
    pub async fn fetch(remote: &Remote, election: &str) -> Result<Arc<Self>, CliError> {
        let setup = remote.setup(election).await?;
        let Some(key) = setup.election_key.clone() else {
            return Err(CliError::Phase {
                election: election.to_owned(),
                phase: Phase::Setup,
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
    pub election: String,
    pub group: String,
    pub tracking_code: TrackingCode,
    /// The ballot's entry in the log.
    pub index: u64,
    /// The size of the signed checkpoint the inclusion proof was checked against.
    pub checkpoint_size: u64,
    /// For a ballot that replaced the voter's earlier one, the earlier one's entry.
    pub supersedes: Option<u64>,
    /// For an audited ballot, what it held.
    pub audited: Option<Vec<MarkedContest>>,
}

impl Receipt {
    pub fn render(&self, lang: Lang) -> String {
        let mut out = match (&self.audited, lang) {
            (None, Lang::Zh) => format!(
                "选票已投出并记录在公告栏第 {} 条（已用公告栏签名的检查点验证）\n查询码：{}\n请记下查询码，之后可用 zhixuan check {} 核对",
                self.index, self.tracking_code, self.tracking_code
            ),
            (None, Lang::En) => format!(
                "Ballot cast: entry {} of the board's log (checked against the board's signed checkpoint)\ntracking code: {}\nWrite it down; check it later with zhixuan check {}",
                self.index, self.tracking_code, self.tracking_code
            ),
            (Some(_), Lang::Zh) => format!(
                "这张选票已被核验而未投出（公告栏第 {} 条，查询码 {}）；它不会被计票。公告栏公开的内容显示它包含：",
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
            out.push_str(lang.pick(
                "如与您的选择一致，说明设备加密诚实；请重新投票（zhixuan vote，不加 --audit）。",
                "If that is what you chose, your device encrypts honestly; now vote for real (zhixuan vote without --audit).",
            ));
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
            "the board acknowledged tracking code {:?}, not {code}",
            ack.tracking_code
        )));
    }
    let (size, root) = checked_checkpoint(&ack.checkpoint, &voting.verifier, election)?;
    verify_inclusion(&ack.leaf_hash, ack.index, size, &ack.inclusion_proof, &root)
        .map_err(|e| CliError::Proof(format!("the ballot's inclusion proof: {e}")))?;
    Ok(size)
}

/// Sends an encrypted ballot: cast (only now does the credential sign it), or (with
/// `audit`) opened instead of cast, published under the voter's group without the
/// credential.
pub async fn submit(
    remote: &Remote,
    voting: &Voting,
    group: &str,
    prepared: PreparedBallot,
    credential: &CredentialSecret,
    audit: bool,
) -> Result<Receipt, CliError> {
    let election = voting.definition().election_id().to_owned();
    let code = prepared.tracking_code();
    let (entry, audited) = if audit {
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
        (Entry::AuditedBallot(audited), Some(marks))
    } else {
        let ballot = prepared
            .cast(credential, &mut rand::rng())
            .map_err(CliError::Ballot)?;
        (Entry::Ballot(ballot), None)
    };
    let ack = remote.append(&election, &entry).await?;
    let checkpoint_size = check_ack(voting, &ack, code)?;
    Ok(Receipt {
        election,
        group: group.to_owned(),
        tracking_code: code,
        index: ack.index,
        checkpoint_size,
        supersedes: ack.supersedes,
        audited,
    })
}

/// Encrypts and sends a ballot. Encryption runs off the async workers.
pub async fn vote(
    remote: &Remote,
    voting: &Arc<Voting>,
    credential: CredentialSecret,
    choices: Vec<Vec<u32>>,
    audit: bool,
) -> Result<Receipt, CliError> {
    let group = voting.ballot_of(&credential)?.0.to_owned();
    let encrypting = Arc::clone(voting);
    let (prepared, credential) = tokio::task::spawn_blocking(move || {
        encrypting
            .encrypt(&credential, &choices)
            .map(|prepared| (prepared, credential))
    })
    .await
    .map_err(|e| CliError::Internal(e.to_string()))??;
    submit(remote, voting, &group, prepared, &credential, audit).await
}

/// A tracking code found on the board.
#[derive(Clone, Debug, Serialize)]
pub struct Tracked {
    pub election: String,
    pub tracking_code: TrackingCode,
    pub index: u64,
    /// `ballot` or `audited_ballot`.
    pub kind: String,
    /// Counted, superseded (by `superseded_by`) or audited.
    pub standing: Standing,
    /// For a superseded ballot, the entry of the later ballot counted instead.
    pub superseded_by: Option<u64>,
    pub checkpoint_size: u64,
    pub board_key: String,
}

impl Tracked {
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
                "查询码 {} 在公告栏上：选举 `{}` 第 {} 条\n{standing}\n包含证明已对照公告栏签名的检查点（共 {} 条）验证\n公告栏密钥：{}",
                self.tracking_code, self.election, self.index, self.checkpoint_size, self.board_key
            ),
            Lang::En => format!(
                "Tracking code {} is on the board: entry {} of `{}`\n{standing}\nits inclusion proof checks against the board's signed checkpoint of {} entries\nboard key: {}",
                self.tracking_code, self.index, self.election, self.checkpoint_size, self.board_key
            ),
        }
    }
}

/// Finds a tracking code on the board and checks the board's proof that the ballot is in
/// the log its signed checkpoint commits to, and where the board names a later ballot of the
/// same credential counted instead, that one too: the verifier's own check
/// ([`check_ballot_on_board`]), so that a voter and a committee check a ballot alike.
pub async fn check(remote: &Remote, election: &str, code: &str) -> Result<Tracked, CliError> {
    let code: TrackingCode = code
        .parse()
        .map_err(|e: zhixuan_tally::TrackingCodeError| CliError::TrackingCode(e.to_string()))?;
    let board_key = remote.verifier().await?.to_string();
    let reading = remote.verifier_client();
    let (id, key) = (election.to_owned(), board_key.clone());
    // The verifier's client blocks: off the async workers (see `Remote::export`).
    let found = tokio::task::spawn_blocking(move || {
        check_ballot_on_board(&reading, &id, &code, Some(&key), None)
    })
    .await
    .map_err(|e| CliError::Internal(e.to_string()))?
    .map_err(|e| match e {
        BallotCheckError::Board(e) => remote.error(None)(e),
        other => CliError::Proof(other.to_string()),
    })?;
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
