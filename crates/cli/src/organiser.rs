//! The organiser (选举工作领导小组): publishes the definition, issues credentials, opens and
//! closes voting, computes the encrypted tally and publishes the result. Every message is
//! signed with the organiser's key, which the definition names.

use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;
use zhixuan_election::{outcome_text, CredentialList, ElectionDefinition, Outcome};
use zhixuan_record::{
    Attendance, CloseVoting, Entry, EntryKind, ErrorCode, Message, OpenVoting, Phase, Signed,
    Withdrawal,
};
use zhixuan_tally::{conclude, SigningKey, TrusteeIndex};

use crate::error::{list, CliError};
use crate::messages::Lang;
use crate::output::Ui;
use crate::remote::Remote;
use crate::slips::{self, SlipCode, SlipFiles};
use crate::trustee::ceremony_params;

/// Reads and validates a definition file; errors name the offending field's path.
pub fn load_definition(path: &Path) -> Result<ElectionDefinition, CliError> {
    let text = std::fs::read_to_string(path).map_err(|source| CliError::Io {
        path: path.to_owned(),
        doing: "reading",
        source,
    })?;
    ElectionDefinition::from_json(&text).map_err(|source| CliError::Definition {
        path: path.to_owned(),
        source,
    })
}

fn sign<T: Message>(
    key: &SigningKey,
    definition: &ElectionDefinition,
    body: T,
) -> Result<Signed<T>, CliError> {
    let organiser = &definition.document().organiser;
    if key.verifying_key() != organiser {
        return Err(CliError::NotOrganiser {
            election: definition.election_id().to_owned(),
            expected: organiser.to_string(),
        });
    }
    Ok(Signed::sign(
        key,
        &definition.hash(),
        body,
        &mut rand::rng(),
    ))
}

fn expect_phase(election: &str, phase: Phase, needed: Phase) -> Result<(), CliError> {
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

/// A published definition.
#[derive(Clone, Debug, Serialize)]
pub struct Created {
    /// The election's id.
    pub election: String,
    /// The definition's hash (hex), which every later entry is signed over.
    pub definition_hash: String,
    /// Each voter group's id and how many voters are eligible in it.
    pub groups: Vec<(String, u64)>,
    /// How many trustees the definition names.
    pub trustees: usize,
    /// How many of them must decrypt for the result to be computed.
    pub threshold: u32,
}

impl Created {
    /// What the command prints, in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let groups: Vec<String> = self
            .groups
            .iter()
            .map(|(g, n)| format!("{g} ({n})"))
            .collect();
        match lang {
            Lang::Zh => format!(
                "已在公告栏公布选举 `{}`\n定义哈希：{}\n选民组：{}\n监督委员：{} 位，门限 {}\n下一步：为每个选民组发放凭证（zhixuan organiser credentials），监督委员生成并分发密钥（zhixuan trustee deal）",
                self.election, self.definition_hash, groups.join("、"), self.trustees, self.threshold
            ),
            Lang::En => format!(
                "Published election `{}` on the board\ndefinition hash: {}\nvoter groups: {}\ntrustees: {}, threshold {}\nNext: issue credentials for each group (zhixuan organiser credentials); the trustees deal (zhixuan trustee deal)",
                self.election, self.definition_hash, groups.join(", "), self.trustees, self.threshold
            ),
        }
    }
}

/// Refuses a definition whose voting window has closed by `now`: the board would refuse to
/// open its vote (`spec/board.md` §5.5, rule 2a), after the slips were printed and the
/// trustees had dealt. Said before anything is sent, with what to change.
pub fn check_window_ahead(
    definition: &ElectionDefinition,
    now: time::OffsetDateTime,
) -> Result<(), CliError> {
    let window = &definition.document().voting;
    if now < window.closes {
        return Ok(());
    }
    let (opens, closes) = (rfc3339(window.opens), rfc3339(window.closes));
    let id = definition.election_id();
    Err(CliError::usage(
        format!(
            "选举 `{id}` 的投票时间（{opens} 至 {closes}）已经过去，公告栏将无法开始投票：请把定义中 voting 的 opens 和 closes 改为真正投票的时间（如 2026-06-15T08:30:00+08:00），再运行本命令"
        ),
        format!(
            "the voting window of `{id}` ({opens} to {closes}) has already passed, so the board could never open its vote: set `voting.opens` and `voting.closes` in the definition to when voting really opens and closes (e.g. 2026-06-15T08:30:00+08:00), then run this again"
        ),
    ))
}

/// Publishes a definition, signed with the organiser's key.
pub async fn create(
    remote: &Remote,
    key: &SigningKey,
    definition: &ElectionDefinition,
) -> Result<Created, CliError> {
    check_window_ahead(definition, time::OffsetDateTime::now_utc())?;
    let signed = sign(key, definition, definition.clone())?;
    remote.create(&signed).await?;
    let doc = definition.document();
    Ok(Created {
        election: definition.election_id().to_owned(),
        definition_hash: definition.hash().to_string(),
        groups: doc
            .groups
            .iter()
            .map(|g| (g.id.clone(), g.eligible))
            .collect(),
        trustees: doc.trustees.len(),
        threshold: doc.threshold,
    })
}

/// One group's credentials, issued.
#[derive(Clone, Debug, Serialize)]
pub struct Issued {
    /// The election's id.
    pub election: String,
    /// The voter group's id.
    pub group: String,
    /// How many credentials were issued: one per eligible voter of the group.
    pub credentials: usize,
    /// The printable slips and the list of slip codes written; both secret.
    pub files: SlipFiles,
    /// The hash of the published list, for the minutes of the meeting.
    pub list_hash: String,
}

impl Issued {
    /// What the command prints, in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => format!(
                "已为选民组 `{}` 生成 {} 份凭证，并在公告栏公布公开凭证名单（哈希 {}）\n可打印的凭证：{}\n凭证代码清单：{}\n这两个文件含有机密：打印并分发凭证后请删除，组织者不应保留副本",
                self.group, self.credentials, self.list_hash, self.files.html.display(), self.files.text.display()
            ),
            Lang::En => format!(
                "Issued {} credentials for group `{}` and published the public list on the board (hash {})\nprintable slips: {}\nslip codes: {}\nBoth files are secret: delete them once the slips are printed and handed out; the organiser keeps no copy",
                self.credentials, self.group, self.list_hash, self.files.html.display(), self.files.text.display()
            ),
        }
    }
}

/// Issues a group's credentials: generates one secret per eligible voter, writes the slips
/// into `dir` (naming the board at `public_url`, or at the address this command used), and
/// publishes only the public credentials. Returns the codes as well, for
/// the demo and rehearsals (a real run drops them, which zeroizes them).
pub async fn issue_credentials(
    remote: &Remote,
    key: &SigningKey,
    election: &str,
    group: &str,
    dir: &Path,
    public_url: Option<&str>,
) -> Result<(Issued, Vec<SlipCode>), CliError> {
    let setup = remote.setup(election).await?;
    // The slips name the board as voters reach it, and the key its checkpoints are signed
    // with, so that a voter can hold it to that key.
    let board = public_url.unwrap_or(remote.url()).to_owned();
    let board_key = remote.verifier().await?.to_string();
    let definition = &setup.definition;
    let Some(voter_group) = definition.group(group) else {
        return Err(CliError::UnknownGroup {
            group: group.to_owned(),
            known: definition
                .document()
                .groups
                .iter()
                .map(|g| g.id.clone())
                .collect(),
        });
    };
    let count = usize::try_from(voter_group.eligible).map_err(|_| {
        CliError::usage(
            format!("选民组 `{group}` 人数过多"),
            format!("group `{group}` is too large"),
        )
    })?;
    let hash = definition.hash();
    // Slips an earlier run wrote into `dir` are this group's slips: their list may be on
    // the board already (the answer to it was lost), or not yet. Either way they are used,
    // never replaced by new ones, so that no printed slip is ever orphaned.
    let paths = slips::files(dir, election, group);
    let codes: Vec<SlipCode> = if paths.text.exists() {
        let kept = slips::read(&paths.text)?;
        if kept.len() != count || kept.iter().any(|s| s.election.as_deref() != Some(election)) {
            return Err(CliError::usage(
                format!("{} 中的凭证不是选举 `{election}` 选民组 `{group}` 的 {count} 份凭证；请换一个 --out 文件夹", paths.text.display()),
                format!("{} does not hold the {count} slips of group `{group}` of `{election}`; choose another --out folder", paths.text.display()),
            ));
        }
        kept.into_iter().map(|s| s.code).collect()
    } else {
        (0..count).map(|_| SlipCode::generate()).collect()
    };
    let credentials = codes
        .iter()
        .map(|c| c.credential(&hash).map(|s| s.public()))
        .collect::<Result<Vec<_>, _>>()?;
    let list = CredentialList::new(definition, group, credentials)
        .map_err(|e| CliError::credential(e.to_string(), e.to_string()))?;
    let list_hash = hex::encode(list.hash());
    let issued = |files| Issued {
        election: election.to_owned(),
        group: group.to_owned(),
        credentials: count,
        files,
        list_hash: list_hash.clone(),
    };
    if let Some(published) = setup.lists.iter().find(|l| l.group == group) {
        if published.hash() == list.hash() {
            let files = slips::write(dir, definition, group, &board, &board_key, &codes)?;
            return Ok((issued(files), codes));
        }
        return Err(CliError::Refused {
            url: remote.url().to_owned(),
            what: Some(EntryKind::CredentialList),
            code: ErrorCode::DuplicateCredentialList.as_str().into(),
            message: format!(
                "the credential list for group `{group}` is already published, and {} holds no slips of it: give the --out folder its slips were written to",
                dir.display()
            ),
        });
    }
    if setup.election_key.is_some() {
        return Err(CliError::Phase {
            election: election.to_owned(),
            phase: Phase::Voting,
            needed: Phase::Setup,
        });
    }
    let signed = sign(key, definition, list)?;
    // The slips are written before the list is published, and kept if no answer comes: a
    // list whose secrets were lost would shut its voters out. Run again, this command
    // finds them and finishes.
    let files = slips::write(dir, definition, group, &board, &board_key, &codes)?;
    match remote
        .append(election, &Entry::CredentialList(signed))
        .await
    {
        Ok(_) => Ok((issued(files), codes)),
        Err(e @ (CliError::Unreachable { .. } | CliError::BadAnswer { .. })) => {
            Err(CliError::ListUnanswered {
                slips: files.text,
                source: Box::new(e),
            })
        }
        Err(e) => {
            let _ = std::fs::remove_file(&files.html);
            let _ = std::fs::remove_file(&files.text);
            Err(e)
        }
    }
}

/// Voting opened under the ceremony's key.
#[derive(Clone, Debug, Serialize)]
pub struct Opened {
    /// The election's id.
    pub election: String,
    /// The election's public key, which ballots are encrypted to.
    pub election_key: String,
    /// The trustees whose dealings count: they hold shares of the election key.
    pub qualified: Vec<TrusteeIndex>,
    /// The trustees disqualified by a founded complaint against their dealing.
    pub disqualified: Vec<TrusteeIndex>,
    /// The trustees who did not deal.
    pub absent: Vec<TrusteeIndex>,
    /// Complaints that turned out unfounded, as (complainer, dealer).
    pub unfounded_complaints: Vec<(TrusteeIndex, TrusteeIndex)>,
    /// When voting opens, per the definition (RFC 3339).
    pub opens: String,
    /// When voting closes, per the definition (RFC 3339).
    pub closes: String,
}

impl Opened {
    /// What the command prints, in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let list = |v: &[TrusteeIndex]| {
            if v.is_empty() {
                lang.pick("无", "none").to_owned()
            } else {
                v.iter()
                    .map(|i| i.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        let mut out = String::new();
        let _ = match lang {
            Lang::Zh => write!(
                out,
                "选举 `{}` 开始投票\n选举公钥：{}\n合格的监督委员：{}\n被取消资格：{}\n未参加：{}\n投票时间：{} 至 {}",
                self.election, self.election_key, list(&self.qualified), list(&self.disqualified), list(&self.absent), self.opens, self.closes
            ),
            Lang::En => write!(
                out,
                "Voting is open in `{}`\nelection key: {}\nqualified trustees: {}\ndisqualified: {}\nabsent: {}\nvoting window: {} to {}",
                self.election, self.election_key, list(&self.qualified), list(&self.disqualified), list(&self.absent), self.opens, self.closes
            ),
        };
        for (complainer, dealer) in &self.unfounded_complaints {
            let _ = match lang {
                Lang::Zh => write!(out, "\n监督委员 {complainer} 对 {dealer} 的投诉不成立"),
                Lang::En => write!(
                    out,
                    "\ntrustee {complainer}'s complaint against {dealer} is unfounded"
                ),
            };
        }
        out
    }
}

fn rfc3339(t: time::OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| t.unix_timestamp().to_string())
}

/// Opens voting: computes the ceremony's result from the dealings and complaints on the
/// board and publishes its election key.
pub async fn open(remote: &Remote, key: &SigningKey, election: &str) -> Result<Opened, CliError> {
    let setup = remote.setup(election).await?;
    let definition = &setup.definition;
    if setup.election_key.is_some() {
        return Err(CliError::Phase {
            election: election.to_owned(),
            phase: Phase::Voting,
            needed: Phase::Setup,
        });
    }
    let missing: Vec<&zhixuan_election::VoterGroup> = definition
        .document()
        .groups
        .iter()
        .filter(|g| !setup.lists.iter().any(|l| l.group == g.id))
        .collect();
    if !missing.is_empty() {
        let zh: Vec<String> = missing
            .iter()
            .map(|g| format!("{}（{}）", g.name.zh, g.id))
            .collect();
        let en: Vec<String> = missing
            .iter()
            .map(|g| format!("{} ({})", g.name.en, g.id))
            .collect();
        return Err(CliError::usage(
            format!("选民组 {} 的凭证名单尚未公布；请为每个组运行 `zhixuan organiser credentials --group ...`", zh.join("、")),
            format!("the credential lists of groups {} are not published yet; run `zhixuan organiser credentials --group ...` for each", en.join(", ")),
        ));
    }
    if time::OffsetDateTime::now_utc() >= definition.document().voting.closes {
        let closes = rfc3339(definition.document().voting.closes);
        return Err(CliError::usage(
            format!("选举 `{election}` 的投票时间已于 {closes} 结束，不能再开始投票：请改正定义中的投票时间，以新的选举编号发布（zhixuan organiser create），并为它发放凭证"),
            format!("the voting window of `{election}` closed at {closes}, so voting can no longer open: correct the window in the definition, publish it under a new election id (zhixuan organiser create) and issue credentials for it"),
        ));
    }
    let params = ceremony_params(definition)?;
    let ceremony =
        conclude(&params, &setup.dealings, &setup.complaints).map_err(CliError::Ceremony)?;
    if ceremony.qualified.len() < params.threshold as usize {
        return Err(CliError::usage(
            format!(
                "只有 {} 位监督委员的密钥分发合格（{}；未参加 {}，被取消资格 {}），至少需要 {} 位：请未参加的监督委员运行 `zhixuan trustee deal`",
                ceremony.qualified.len(),
                list(&ceremony.qualified),
                list(&ceremony.absent),
                list(&ceremony.disqualified),
                params.threshold
            ),
            format!(
                "only {} qualified ({}; absent {}, disqualified {}); at least {} are needed: ask the absent trustees to run `zhixuan trustee deal`",
                crate::messages::count(ceremony.qualified.len(), "trustee's dealing", "trustees' dealings"),
                list(&ceremony.qualified),
                list(&ceremony.absent),
                list(&ceremony.disqualified),
                params.threshold
            ),
        ));
    }
    let body = OpenVoting {
        election_key: ceremony.election_key.clone(),
    };
    let signed = sign(key, definition, body)?;
    remote.append(election, &Entry::OpenVoting(signed)).await?;
    let window = &definition.document().voting;
    Ok(Opened {
        election: election.to_owned(),
        election_key: ceremony.election_key.point().to_string(),
        qualified: ceremony.qualified,
        disqualified: ceremony.disqualified,
        absent: ceremony.absent,
        unfounded_complaints: ceremony.unfounded_complaints,
        opens: rfc3339(window.opens),
        closes: rfc3339(window.closes),
    })
}

/// A group's attendance, published.
#[derive(Clone, Debug, Serialize)]
pub struct AttendanceDeclared {
    /// The election's id.
    pub election: String,
    /// The voter group's id.
    pub group: String,
    /// How many of its members are present at the meeting.
    pub present: u64,
}

impl AttendanceDeclared {
    /// What the command prints, in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => format!(
                "已公布选举 `{}` 中选民组 {} 的到会人数：{} 人",
                self.election, self.group, self.present
            ),
            Lang::En => format!(
                "Published the attendance of group {} in `{}`: {} present",
                self.group, self.election, self.present
            ),
        }
    }
}

/// Publishes how many of a group's members are present at the meeting (`spec/board.md`
/// §5.6a): the base of a majority "of those present". Before voting closes, once per group.
pub async fn attendance(
    remote: &Remote,
    key: &SigningKey,
    election: &str,
    group: &str,
    present: u64,
) -> Result<AttendanceDeclared, CliError> {
    let definition = remote.definition(election).await?;
    let signed = sign(
        key,
        &definition,
        Attendance {
            group: group.to_owned(),
            present,
        },
    )?;
    remote.append(election, &Entry::Attendance(signed)).await?;
    Ok(AttendanceDeclared {
        election: election.to_owned(),
        group: group.to_owned(),
        present,
    })
}

/// An election withdrawn before voting.
#[derive(Clone, Debug, Serialize)]
pub struct Withdrawn {
    /// The election's id.
    pub election: String,
    /// Why it was withdrawn, in the organiser's words as published.
    pub reason: String,
    /// The id of the election that replaces it; none if none was named.
    pub replaced_by: Option<String>,
    /// The withdrawal's index in the log.
    pub index: u64,
    /// Whether this very withdrawal was on the board already (a command run again after
    /// its answer was lost).
    pub already: bool,
}

impl Withdrawn {
    /// What the command prints, in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let mut out = String::new();
        let _ = match lang {
            Lang::Zh => write!(
                out,
                "{}选举 `{}` 已撤回（公告栏第 {} 条），它的凭证作废\n理由：{}",
                if self.already { "这项撤回已经在公告栏上：" } else { "" },
                self.election,
                self.index,
                self.reason
            ),
            Lang::En => write!(
                out,
                "{}election `{}` is withdrawn (entry {} on the board); its slips are void\nreason: {}",
                if self.already { "This withdrawal was already on the board: " } else { "" },
                self.election,
                self.index,
                self.reason
            ),
        };
        let _ = match (lang, &self.replaced_by) {
            (Lang::Zh, Some(next)) => write!(out, "\n由选举 `{next}` 取代；请告知选民使用新选举的凭证"),
            (Lang::En, Some(next)) => write!(
                out,
                "\nreplaced by election `{next}`; tell the voters to use the new election's slips"
            ),
            (Lang::Zh, None) => write!(
                out,
                "\n下一步：以新的选举编号公布改正后的定义（zhixuan organiser create），并为它发放新的凭证"
            ),
            (Lang::En, None) => write!(
                out,
                "\nNext: publish the corrected definition under a new election id (zhixuan organiser create) and issue new slips for it"
            ),
        };
        out
    }
}

/// Withdraws an election before voting opens (`spec/board.md` §5.5a). Run again after a
/// lost answer, it finds its withdrawal on the board and says so; a withdrawal with another
/// reason or replacement is refused, since a withdrawal cannot be changed.
pub async fn withdraw(
    remote: &Remote,
    key: &SigningKey,
    election: &str,
    reason: &str,
    replaced_by: Option<&str>,
) -> Result<Withdrawn, CliError> {
    let body = Withdrawal {
        reason: reason.trim().to_owned(),
        replaced_by: replaced_by.map(|id| id.trim().to_owned()),
    };
    if let Some(problem) = body.problem(election) {
        return Err(CliError::usage(
            problem.words(Lang::Zh),
            problem.words(Lang::En),
        ));
    }
    let done = |index: u64, already: bool, body: &Withdrawal| Withdrawn {
        election: election.to_owned(),
        reason: body.reason.clone(),
        replaced_by: body.replaced_by.clone(),
        index,
        already,
    };
    let setup = remote.setup(election).await?;
    if let Some((index, on_board)) = &setup.withdrawal {
        if *on_board == body {
            return Ok(done(*index, true, on_board));
        }
        let replaced = on_board.replaced_by.as_deref().unwrap_or("—");
        return Err(CliError::usage(
            format!(
                "选举 `{election}` 已经撤回（公告栏第 {index} 条；理由：“{}”；取代它的选举：{replaced}），撤回不能更改",
                on_board.reason
            ),
            format!(
                "election `{election}` is already withdrawn (entry {index} on the board; reason: \"{}\"; replaced by: {replaced}), and a withdrawal cannot be changed",
                on_board.reason
            ),
        ));
    }
    if setup.election_key.is_some() {
        let words = ErrorCode::WithdrawalAfterOpening.meaning().refusal;
        return Err(CliError::usage(words.zh, words.en));
    }
    let signed = sign(key, &setup.definition, body.clone())?;
    let ack = remote.append(election, &Entry::Withdrawal(signed)).await?;
    Ok(done(ack.index, false, &body))
}

/// Voting closed.
#[derive(Clone, Debug, Serialize)]
pub struct Closed {
    /// The election's id.
    pub election: String,
    /// Ballots counted per group.
    pub ballots: Vec<(String, u64)>,
}

impl Closed {
    /// What the command prints, in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let groups: Vec<String> = self
            .ballots
            .iter()
            .map(|(g, n)| format!("{g}: {n}"))
            .collect();
        match lang {
            Lang::Zh => format!(
                "选举 `{}` 投票结束；有效选票：{}\n下一步：zhixuan organiser tally",
                self.election,
                groups.join("，")
            ),
            Lang::En => format!(
                "Voting is closed in `{}`; ballots counted: {}\nNext: zhixuan organiser tally",
                self.election,
                groups.join(", ")
            ),
        }
    }
}

/// Closes voting.
pub async fn close(remote: &Remote, key: &SigningKey, election: &str) -> Result<Closed, CliError> {
    let definition = remote.definition(election).await?;
    let signed = sign(key, &definition, CloseVoting {})?;
    remote.append(election, &Entry::CloseVoting(signed)).await?;
    let info = remote.info(election).await?;
    Ok(Closed {
        election: election.to_owned(),
        ballots: info.ballots,
    })
}

/// The encrypted tally, published.
#[derive(Clone, Debug, Serialize)]
pub struct Tallied {
    /// The election's id.
    pub election: String,
    /// Each voter group's id and how many ballots its tally sums.
    pub ballots: Vec<(String, u64)>,
}

impl Tallied {
    /// What the command prints, in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let groups: Vec<String> = self
            .ballots
            .iter()
            .map(|(g, n)| format!("{g}: {n}"))
            .collect();
        match lang {
            Lang::Zh => format!(
                "已公布选举 `{}` 的加密计票结果（{}）；已核查公告栏上每一张选票\n下一步：至少门限数的监督委员运行 zhixuan trustee decrypt",
                self.election,
                groups.join("，")
            ),
            Lang::En => format!(
                "Published the encrypted tally of `{}` ({}), after checking every ballot on the board\nNext: at least the threshold of trustees run zhixuan trustee decrypt",
                self.election,
                groups.join(", ")
            ),
        }
    }
}

/// Computes the encrypted tally from the board's ballots, after checking the whole log,
/// and publishes it.
pub async fn tally(
    remote: &Remote,
    key: &SigningKey,
    election: &str,
    ui: &Ui,
) -> Result<Tallied, CliError> {
    remote.expect_phase(election, Phase::Closed).await?;
    let state = remote.replay(election, ui).await?;
    expect_phase(election, state.phase(), Phase::Closed)?;
    let tally = state.encrypted_tally();
    let ballots = tally
        .groups
        .iter()
        .map(|g| (g.group.clone(), g.tally.ballots))
        .collect();
    let signed = sign(key, state.definition(), tally)?;
    remote.append(election, &Entry::Tally(signed)).await?;
    Ok(Tallied {
        election: election.to_owned(),
        ballots,
    })
}

/// The published result.
#[derive(Clone, Debug, Serialize)]
pub struct Decided {
    /// The election's id.
    pub election: String,
    /// The trustees whose decryptions this run combined; none when the result was on the
    /// board already.
    pub decrypted_by: Vec<TrusteeIndex>,
    /// Whether the result was on the board already (shown again, nothing sent).
    pub already_published: bool,
    /// The outcome: each group's turnout and each contest's counts and result, by the
    /// definition's rules.
    pub outcome: Outcome,
    /// The election's definition, to name the contests and candidates when printing (not
    /// in the JSON).
    #[serde(skip)]
    pub definition: ElectionDefinition,
}

impl Decided {
    /// What the command prints, in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let trustees: Vec<String> = self.decrypted_by.iter().map(|t| t.to_string()).collect();
        let head = match (lang, self.already_published) {
            (Lang::Zh, true) => format!("选举 `{}` 的结果已经公布在公告栏上：", self.election),
            (Lang::En, true) => format!(
                "The result of `{}` is already published on the board:",
                self.election
            ),
            (lang, false) => match lang {
                Lang::Zh => format!(
                    "已公布选举 `{}` 的结果（由监督委员 {} 解密）",
                    self.election,
                    trustees.join("、")
                ),
                Lang::En => format!(
                    "Published the result of `{}` (decrypted by trustees {})",
                    self.election,
                    trustees.join(", ")
                ),
            },
        };
        format!(
            "{head}\n{}",
            outcome_text(lang, &self.definition, &self.outcome)
        )
    }
}

/// Combines the trustees' partial decryptions, decides the outcome by the definition's
/// rules, and publishes both.
pub async fn result(
    remote: &Remote,
    key: &SigningKey,
    election: &str,
    ui: &Ui,
) -> Result<Decided, CliError> {
    if remote.info(election).await?.phase == Phase::Decided {
        // Run again (an answer lost, or to read it out once more): shown as published.
        let definition = remote.definition(election).await?;
        if let Some(published) = remote.published_result(election, &definition).await? {
            return Ok(Decided {
                election: election.to_owned(),
                decrypted_by: Vec::new(),
                already_published: true,
                outcome: published.outcome,
                definition,
            });
        }
    }
    remote.expect_phase(election, Phase::Tallied).await?;
    let state = remote.replay(election, ui).await?;
    expect_phase(election, state.phase(), Phase::Tallied)?;
    let decrypted_by = state.decrypted_by();
    let need = state.definition().document().threshold;
    if decrypted_by.len() < need as usize {
        return Err(CliError::TooFewDecryptions {
            have: decrypted_by,
            need,
        });
    }
    let result = state.result().map_err(|e| CliError::BoardLog {
        election: election.to_owned(),
        problem: e.to_string(),
    })?;
    let outcome = result.outcome.clone();
    let signed = sign(key, state.definition(), result)?;
    remote.append(election, &Entry::Result(signed)).await?;
    Ok(Decided {
        election: election.to_owned(),
        decrypted_by,
        already_published: false,
        outcome,
        definition: state.definition().clone(),
    })
}
