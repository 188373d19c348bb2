//! Why a command failed, in words a person can act on, in either language, and the exit
//! status it ends with.

use std::path::PathBuf;

use thiserror::Error;
use zhixuan_election::{DefinitionError, PlanError};
use zhixuan_record::{EntryKind, Phase};
use zhixuan_tally::{BallotError, CeremonyError, TrusteeIndex};

use crate::messages::{self, Lang};

/// Exit status: the board refused, or a check failed.
pub const EXIT_FAILED: u8 = 1;
/// Exit status: the command's input (arguments, files) could not be used.
pub const EXIT_INPUT: u8 = 2;
/// Exit status: the board could not be reached or answered nonsense.
pub const EXIT_UNREACHABLE: u8 = 3;

/// Why a command failed.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum CliError {
    /// The board refused a write or a read.
    #[error(
        "the board at {url} refused {}: {message} ({code})",
        messages::sent(Lang::En, *what)
    )]
    Refused {
        url: String,
        /// The kind of entry sent; none for a read.
        what: Option<EntryKind>,
        code: String,
        message: String,
    },
    #[error("could not reach the board at {url}: {message}; check --board and that the board is running")]
    Unreachable { url: String, message: String },
    /// A ballot was sent and no answer came back: it may or may not be on the board.
    #[error("{source}\nYour ballot (tracking code {tracking_code}) may or may not be on the board. It is kept in {}: run the same command again to send it again (one ballot is never counted twice), or check it with `zhixuan check {tracking_code} --election {election}`", kept.display())]
    Unanswered {
        election: String,
        tracking_code: zhixuan_tally::TrackingCode,
        kept: PathBuf,
        source: Box<CliError>,
    },
    /// A credential list was sent and no answer came back: it may or may not be on the board.
    #[error("{source}\nThe slips are kept in {} (and the printable .html beside it); their list may or may not be on the board: run the same command again to finish — it publishes the list of these very slips, or finds it there already", slips.display())]
    ListUnanswered {
        slips: PathBuf,
        source: Box<CliError>,
    },
    /// A procedure's entry was sent and no answer came back: it may or may not be on the
    /// board. It is saved; the same command sends the very same entry again.
    #[error("{source}\nThe signed entry is saved in {}; it may or may not be on the board: run the same command again to send the very same entry (the board recognises it and never publishes it twice)", saved.display())]
    EntryUnanswered {
        saved: PathBuf,
        source: Box<CliError>,
    },
    /// A procedure's rule does not allow what was asked, found before anything was sent
    /// (the same rule the board applies: `spec/procedure.md` §4).
    #[error("procedure `{procedure}`: {message} ({code}); nothing was sent")]
    ProcedureRule {
        procedure: String,
        code: String,
        message: String,
    },
    #[error("the procedure's plan {} is not valid: {source}", path.display())]
    Plan {
        path: PathBuf,
        #[source]
        source: PlanError,
    },
    #[error("the board at {url} answered something this program cannot read: {message}")]
    BadAnswer { url: String, message: String },
    /// The board's log breaks the rules every honest board keeps: do not trust it.
    #[error("the board's log for `{election}` does not pass the admission rules: {problem}; do not rely on this board, report it to the supervision committee")]
    BoardLog { election: String, problem: String },
    #[error("{doing} {}: {source}", path.display())]
    Io {
        path: PathBuf,
        doing: &'static str,
        #[source]
        source: std::io::Error,
    },
    #[error("{} is readable by other users (mode {mode:o}); run `chmod 600 {}` and check who may have copied it", path.display(), path.display())]
    Permissions { path: PathBuf, mode: u32 },
    #[error("{} already exists; it is not overwritten (it may hold a secret); choose another path or move it away", path.display())]
    Exists { path: PathBuf },
    #[error("{} is not a usable key file: {problem}", path.display())]
    KeyFile { path: PathBuf, problem: String },
    #[error("the election definition {} is not valid: {}", path.display(), source.words(Lang::En))]
    Definition {
        path: PathBuf,
        #[source]
        source: DefinitionError,
    },
    #[error(
        "this key is not the organiser's key of `{election}`: the definition names {expected}"
    )]
    NotOrganiser { election: String, expected: String },
    #[error("this key is not the key of any trustee of `{election}`")]
    NotATrustee { election: String },
    #[error("`{election}` is in phase: {}; this needs phase: {}", messages::phase(Lang::En, *phase), messages::phase(Lang::En, *needed))]
    Phase {
        election: String,
        phase: Phase,
        needed: Phase,
    },
    #[error("`{group}` is not a voter group of this election; its groups are: {}", known.join(", "))]
    UnknownGroup { group: String, known: Vec<String> },
    #[error("the trustee state {} cannot be used: {source}", path.display())]
    TrusteeState {
        path: PathBuf,
        #[source]
        source: CeremonyError,
    },
    #[error("key ceremony: {0}")]
    Ceremony(#[source] CeremonyError),
    #[error("only {} decrypted ({}); at least {need} are needed before the result can be computed", messages::count(have.len(), "trustee", "trustees"), list(have))]
    TooFewDecryptions { have: Vec<TrusteeIndex>, need: u32 },
    #[error("credential: {en}")]
    Credential { zh: String, en: String },
    #[error("choice: {0}")]
    Choice(String),
    #[error("ballot: {0}")]
    Ballot(#[source] BallotError),
    #[error("this is not a valid tracking code ({0}); a tracking code is 16 letters and digits in four groups, e.g. 7KQ2-M9XD-4RTB-H0PC")]
    TrackingCode(String),
    /// A valid code that no ballot on the board has.
    #[error("no ballot with tracking code {tracking_code} is on the board{}. First compare it with the code you wrote down, character by character{}; if it is exactly what the vote command showed you, tell the supervision committee: your ballot is missing", election.as_ref().map(|e| format!(" for `{e}`")).unwrap_or_default(), near_en(near))]
    NotOnBoard {
        tracking_code: zhixuan_tally::TrackingCode,
        election: Option<String>,
        /// The board's codes one copying slip away from it.
        near: Vec<zhixuan_tally::TrackingCode>,
    },
    /// No ballot of a credential is on the board.
    #[error("no ballot cast with this credential is on the board for `{election}`: if you voted with it, tell the supervision committee")]
    NoBallot { election: String },
    /// A proof from the board did not verify: the board is not telling the truth.
    #[error("the board's proof does not verify: {0}; do not rely on this board, report it to the supervision committee")]
    Proof(String),
    #[error("{en}")]
    Usage { zh: String, en: String },
    /// The verifier found the record of an election the demo ran wrong.
    #[error("the record of `{election}` does not verify:\n{report}")]
    NotVerified { election: String, report: String },
    #[error("an internal task failed: {0}")]
    Internal(String),
}

fn near_en(near: &[zhixuan_tally::TrackingCode]) -> String {
    match near {
        [] => String::new(),
        codes => format!(
            " (the board has {}, one slip away: is that yours?)",
            codes
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn near_zh(near: &[zhixuan_tally::TrackingCode]) -> String {
    match near {
        [] => String::new(),
        codes => format!(
            "（公告栏上有只差一个字符的 {}，是不是您的？）",
            codes
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("、")
        ),
    }
}

/// Trustees as people read them: `1, 3, 5`, or `-` for none.
pub(crate) fn list(trustees: &[TrusteeIndex]) -> String {
    if trustees.is_empty() {
        return "-".to_owned();
    }
    trustees
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The error for a failed file operation on `path`.
pub(crate) fn io_error<'a>(
    path: &'a std::path::Path,
    doing: &'static str,
) -> impl FnOnce(std::io::Error) -> CliError + 'a {
    move |source| CliError::Io {
        path: path.to_owned(),
        doing,
        source,
    }
}

impl CliError {
    /// A problem with a credential, in both languages.
    pub fn credential(zh: impl Into<String>, en: impl Into<String>) -> Self {
        CliError::Credential {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// A problem with how the command was used, in both languages.
    pub fn usage(zh: impl Into<String>, en: impl Into<String>) -> Self {
        CliError::Usage {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The exit status this error ends the command with.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Unreachable { .. }
            | CliError::BadAnswer { .. }
            | CliError::Unanswered { .. }
            | CliError::ListUnanswered { .. }
            | CliError::EntryUnanswered { .. } => EXIT_UNREACHABLE,
            CliError::Refused { .. }
            | CliError::BoardLog { .. }
            | CliError::Phase { .. }
            | CliError::Ceremony(_)
            | CliError::TooFewDecryptions { .. }
            | CliError::Proof(_)
            | CliError::NotOnBoard { .. }
            | CliError::NoBallot { .. }
            | CliError::NotVerified { .. }
            | CliError::ProcedureRule { .. }
            | CliError::Internal(_) => EXIT_FAILED,
            _ => EXIT_INPUT,
        }
    }

    /// The board's refusal code, if the board refused.
    pub fn code(&self) -> Option<&str> {
        match self {
            CliError::Refused { code, .. } | CliError::ProcedureRule { code, .. } => Some(code),
            _ => None,
        }
    }

    /// The message in `lang`. Details that come from libraries (a definition's field path,
    /// a proof's name) stay as those libraries word them.
    pub fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            CliError::Refused {
                url,
                what,
                code,
                message,
            } => format!(
                "公告栏 {url} 拒绝了{}：{}（{code}）",
                messages::sent(lang, *what),
                messages::refusal(lang, code, message)
            ),
            CliError::Unreachable { url, message } => format!(
                "无法连接公告栏 {url}：{message}；请检查 --board 参数以及公告栏是否在运行"
            ),
            CliError::BadAnswer { url, message } => {
                format!("公告栏 {url} 的回答无法读取：{message}")
            }
            CliError::Unanswered {
                election,
                tracking_code,
                kept,
                source,
            } => format!(
                "{}\n您的选票（跟踪码 {tracking_code}）可能已经、也可能尚未记录在公告栏上。选票保存在 {}：再运行一次同一命令即可重新发送（同一张选票不会被计两次），或用 `zhixuan check {tracking_code} --election {election}` 查询",
                source.message(lang),
                kept.display()
            ),
            CliError::ListUnanswered { slips, source } => format!(
                "{}\n凭证保存在 {}（可打印的 .html 在其旁边）；其名单可能已经、也可能尚未公布在公告栏上：再运行一次同一命令即可完成——它会公布这些凭证的名单，或发现名单已在公告栏上",
                source.message(lang),
                slips.display()
            ),
            CliError::EntryUnanswered { saved, source } => format!(
                "{}\n已签名的条目保存在 {}；它可能已经、也可能尚未记录在公告栏上：再运行一次同一命令即可重新发送同一份条目（公告栏会认出它，绝不会重复公布）",
                source.message(lang),
                saved.display()
            ),
            CliError::ProcedureRule {
                procedure,
                code,
                message,
            } => format!(
                "选举程序 `{procedure}`：{}（{code}）；没有发送任何内容",
                messages::refusal(lang, code, message)
            ),
            CliError::Plan { path, source } => {
                format!("选举程序的计划 {} 有误：{source}", path.display())
            }
            CliError::BoardLog { election, problem } => format!(
                "公告栏上选举 `{election}` 的记录不符合规则：{problem}；请不要依赖这个公告栏，并报告监督委员会"
            ),
            CliError::Io {
                path,
                doing,
                source,
            } => format!("{doing} {} 失败：{source}", path.display()),
            CliError::Permissions { path, mode } => format!(
                "{} 可被其他用户读取（权限 {mode:o}）；请运行 `chmod 600 {}`，并核查是否有人复制过它",
                path.display(),
                path.display()
            ),
            CliError::Exists { path } => format!(
                "{} 已经存在，不会被覆盖（其中可能有密钥）；请换一个路径或先移走它",
                path.display()
            ),
            CliError::KeyFile { path, problem } => {
                format!("{} 不是可用的密钥文件：{problem}", path.display())
            }
            CliError::Definition { path, source } => {
                format!("选举定义 {} 有误：{}", path.display(), source.words(lang))
            }
            CliError::NotOrganiser { election, expected } => format!(
                "这不是选举 `{election}` 组织者的密钥：选举定义中组织者的公钥是 {expected}"
            ),
            CliError::NotATrustee { election } => {
                format!("这个密钥不属于选举 `{election}` 的任何一位监督委员")
            }
            CliError::Phase {
                election,
                phase,
                needed,
            } => format!(
                "选举 `{election}` 当前阶段：{}；此操作需要的阶段：{}",
                messages::phase(lang, *phase),
                messages::phase(lang, *needed)
            ),
            CliError::UnknownGroup { group, known } => format!(
                "`{group}` 不是本选举的选民组；选民组有：{}",
                known.join("、")
            ),
            CliError::TrusteeState { path, source } => {
                format!("监督委员状态文件 {} 无法使用：{source}", path.display())
            }
            CliError::Ceremony(e) => format!("密钥生成仪式：{e}"),
            CliError::TooFewDecryptions { have, need } => format!(
                "只有 {} 位监督委员完成了解密（{}），至少需要 {need} 位才能计算结果",
                have.len(),
                list(have)
            ),
            CliError::Credential { zh, .. } => format!("凭证：{zh}"),
            CliError::Choice(problem) => format!("选择：{problem}"),
            CliError::Ballot(e) => format!("选票：{e}"),
            CliError::TrackingCode(problem) => format!(
                "这不是有效的跟踪码（{problem}）；跟踪码由 16 个字母和数字分四组组成，如 7KQ2-M9XD-4RTB-H0PC"
            ),
            CliError::NotOnBoard {
                tracking_code,
                election,
                near,
            } => format!(
                "公告栏上{}没有跟踪码为 {tracking_code} 的选票。请先把它与您记下的跟踪码逐个字符核对{}；如果它与投票时显示的完全一致，请告诉选举监督委员会：您的选票不见了",
                election.as_ref().map(|e| format!("选举 `{e}` 中")).unwrap_or_default(),
                near_zh(near)
            ),
            CliError::NoBallot { election } => format!(
                "公告栏上选举 `{election}` 中没有用这张凭证投出的选票：如果您用它投过票，请告诉选举监督委员会"
            ),
            CliError::Proof(problem) => format!(
                "公告栏提供的证明无法验证：{problem}；请不要依赖这个公告栏，并报告监督委员会"
            ),
            CliError::Usage { zh, .. } => zh.clone(),
            CliError::NotVerified { election, report } => {
                format!("选举 `{election}` 的记录未通过验证：\n{report}")
            }
            CliError::Internal(problem) => format!("内部任务失败：{problem}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_names_the_board_the_entry_and_the_code() {
        let e = CliError::Refused {
            url: "http://127.0.0.1:8080".into(),
            what: Some(EntryKind::Ballot),
            code: "already_voted".into(),
            message: "this credential has already cast a ballot".into(),
        };
        assert_eq!(
            e.message(Lang::En),
            "the board at http://127.0.0.1:8080 refused the ballot: this credential has already cast a ballot (already_voted)"
        );
        let zh = e.message(Lang::Zh);
        assert!(
            zh.contains("拒绝了选票") && zh.contains("已经投过票") && zh.contains("already_voted")
        );
        assert_eq!(e.exit_code(), EXIT_FAILED);
        assert_eq!(e.code(), Some("already_voted"));
    }
}
