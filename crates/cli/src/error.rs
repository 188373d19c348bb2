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
        /// The board's address, as given with `--board`.
        url: String,
        /// The kind of entry sent; none for a read.
        what: Option<EntryKind>,
        /// The board's refusal code (e.g. `already_voted`), the same in every language.
        code: String,
        /// The board's own explanation, in English (Chinese output uses the code's own
        /// translation where there is one).
        message: String,
    },
    /// The board could not be reached: no connection, or no answer after every attempt.
    #[error("could not reach the board at {url}: {message}; check --board and that the board is running")]
    Unreachable {
        /// The board's address, as given with `--board`.
        url: String,
        /// What went wrong with the connection, as the HTTP client words it.
        message: String,
    },
    /// A ballot was sent and no answer came back: it may or may not be on the board.
    #[error("{source}\nYour ballot (tracking code {tracking_code}) may or may not be on the board. It is kept in {}: run the same command again to send it again (one ballot is never counted twice), or check it with `zhixuan check {tracking_code} --election {election}`", kept.display())]
    Unanswered {
        /// The election the ballot was cast in.
        election: String,
        /// The ballot's tracking code, for `zhixuan check`.
        tracking_code: zhixuan_tally::TrackingCode,
        /// The file where the ballot is kept, to be sent again.
        kept: PathBuf,
        /// Why no answer came (the board unreachable, or its answer unreadable).
        source: Box<CliError>,
    },
    /// A credential list was sent and no answer came back: it may or may not be on the board.
    #[error("{source}\nThe slips are kept in {} (and the printable .html beside it); their list may or may not be on the board: run the same command again to finish — it publishes the list of these very slips, or finds it there already", slips.display())]
    ListUnanswered {
        /// The file of the slips' codes just written (the printable .html is beside it).
        slips: PathBuf,
        /// Why no answer came (the board unreachable, or its answer unreadable).
        source: Box<CliError>,
    },
    /// A procedure's entry was sent and no answer came back: it may or may not be on the
    /// board. It is saved; the same command sends the very same entry again.
    #[error("{source}\nThe signed entry is saved in {}; it may or may not be on the board: run the same command again to send the very same entry (the board recognises it and never publishes it twice)", saved.display())]
    EntryUnanswered {
        /// The file where the signed entry is saved, to be sent again.
        saved: PathBuf,
        /// Why no answer came (the board unreachable, or its answer unreadable).
        source: Box<CliError>,
    },
    /// A procedure's rule does not allow what was asked, found before anything was sent
    /// (the same rule the board applies: `spec/procedure.md` §4).
    #[error("procedure `{procedure}`: {message} ({code}); nothing was sent")]
    ProcedureRule {
        /// The procedure's id.
        procedure: String,
        /// The rule's refusal code, the one the board would give.
        code: String,
        /// What the rule says, in English.
        message: String,
    },
    /// The procedure's plan file is not a valid plan.
    #[error("the procedure's plan {} is not valid: {source}", path.display())]
    Plan {
        /// The plan file given.
        path: PathBuf,
        /// What is wrong with it.
        #[source]
        source: PlanError,
    },
    /// The board answered, but with something this program cannot read (not the board's
    /// API, or a version it does not speak).
    #[error("the board at {url} answered something this program cannot read: {message}")]
    BadAnswer {
        /// The board's address, as given with `--board`.
        url: String,
        /// What could not be read, in English.
        message: String,
    },
    /// The board's log breaks the rules every honest board keeps: do not trust it.
    #[error("the board's log for `{election}` does not pass the admission rules: {problem}; do not rely on this board, report it to the supervision committee")]
    BoardLog {
        /// The election whose log it is.
        election: String,
        /// Which rule it breaks, and at which entry, in English.
        problem: String,
    },
    /// A file or folder could not be read, written or made.
    #[error("{doing} {}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What was being done with it, in English (e.g. "reading", "creating the folder").
        doing: &'static str,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// A key or state file can be read by other users of this computer: its secret may
    /// have been copied, so it is not used.
    #[error("{} is readable by other users (mode {mode:o}); run `chmod 600 {}` and check who may have copied it", path.display(), path.display())]
    Permissions {
        /// The file.
        path: PathBuf,
        /// Its Unix permission bits (shown in octal, e.g. 644).
        mode: u32,
    },
    /// The file to be written exists already; it is never overwritten, since it may hold a
    /// secret.
    #[error("{} already exists; it is not overwritten (it may hold a secret); choose another path or move it away", path.display())]
    Exists {
        /// The file that exists.
        path: PathBuf,
    },
    /// A file given as a key file is not one (wrong format, wrong kind of key).
    #[error("{} is not a usable key file: {problem}", path.display())]
    KeyFile {
        /// The file given.
        path: PathBuf,
        /// What is wrong with it, in English.
        problem: String,
    },
    /// An election definition file does not pass validation.
    #[error("the election definition {} is not valid: {}", path.display(), source.words(Lang::En))]
    Definition {
        /// The definition file given.
        path: PathBuf,
        /// What is wrong with it (which field, which rule).
        #[source]
        source: DefinitionError,
    },
    /// The organiser's key file given is not the key the election's definition names.
    #[error(
        "this key is not the organiser's key of `{election}`: the definition names {expected}"
    )]
    NotOrganiser {
        /// The election.
        election: String,
        /// The organiser's public key its definition names.
        expected: String,
    },
    /// The trustee's key file given is not the key of any trustee the definition names.
    #[error("this key is not the key of any trustee of `{election}`")]
    NotATrustee {
        /// The election.
        election: String,
    },
    /// The election is not in the phase the command needs (e.g. closing a vote not open).
    #[error("`{election}` is in phase: {}; this needs phase: {}", messages::phase(Lang::En, *phase), messages::phase(Lang::En, *needed))]
    Phase {
        /// The election.
        election: String,
        /// The phase it is in.
        phase: Phase,
        /// The phase the command needs.
        needed: Phase,
    },
    /// The voter group given is not one of the election's.
    #[error("`{group}` is not a voter group of this election; its groups are: {}", known.join(", "))]
    UnknownGroup {
        /// The group id given.
        group: String,
        /// The election's group ids, in the definition's order.
        known: Vec<String>,
    },
    /// A trustee's state file cannot be used with this election or this key.
    #[error("the trustee state {} cannot be used: {source}", path.display())]
    TrusteeState {
        /// The state file given.
        path: PathBuf,
        /// Why it cannot be used.
        #[source]
        source: CeremonyError,
    },
    /// A step of the key ceremony failed: e.g. a dealing or a share that does not check.
    #[error("key ceremony: {0}")]
    Ceremony(#[source] CeremonyError),
    /// Fewer trustees than the threshold have published their partial decryptions, so the
    /// result cannot be computed yet.
    #[error("only {} decrypted ({}); at least {need} are needed before the result can be computed", messages::count(have.len(), "trustee", "trustees"), list(have))]
    TooFewDecryptions {
        /// The trustees whose partial decryptions are on the board.
        have: Vec<TrusteeIndex>,
        /// How many are needed: the definition's threshold.
        need: u32,
    },
    /// A credential (a slip's code, QR text or file) cannot be used: mistyped, unreadable,
    /// or not on any of the election's lists.
    #[error("credential: {en}")]
    Credential {
        /// The problem in Chinese.
        zh: String,
        /// The problem in English.
        en: String,
    },
    /// A `--choice` cannot be read or does not fit its contest, in the output's language.
    #[error("choice: {0}")]
    Choice(String),
    /// The ballot could not be made from the choices given.
    #[error("ballot: {0}")]
    Ballot(#[source] BallotError),
    /// A tracking code is not well formed; the text says what is wrong with it.
    #[error("this is not a valid tracking code ({0}); a tracking code is 16 letters and digits in four groups, e.g. 7KQ2-M9XD-4RTB-H0PC")]
    TrackingCode(String),
    /// A valid code that no ballot on the board has.
    #[error("no ballot with tracking code {tracking_code} is on the board{}. First compare it with the code you wrote down, character by character{}; if it is exactly what the vote command showed you, tell the supervision committee: your ballot is missing", election.as_ref().map(|e| format!(" for `{e}`")).unwrap_or_default(), near_en(near))]
    NotOnBoard {
        /// The tracking code looked for.
        tracking_code: zhixuan_tally::TrackingCode,
        /// The election searched; none when every election on the board was.
        election: Option<String>,
        /// The board's codes one copying slip away from it.
        near: Vec<zhixuan_tally::TrackingCode>,
    },
    /// No ballot of a credential is on the board.
    #[error("no ballot cast with this credential is on the board for `{election}`: if you voted with it, tell the supervision committee")]
    NoBallot {
        /// The election searched.
        election: String,
    },
    /// A proof from the board did not verify: the board is not telling the truth.
    #[error("the board's proof does not verify: {0}; do not rely on this board, report it to the supervision committee")]
    Proof(String),
    /// The command was used in a way that cannot work (arguments that do not fit
    /// together, a file in the way); the message says what to do instead.
    #[error("{en}")]
    Usage {
        /// The message in Chinese.
        zh: String,
        /// The message in English.
        en: String,
    },
    /// The verifier found the record of an election the demo ran wrong.
    #[error("the record of `{election}` does not verify:\n{report}")]
    NotVerified {
        /// The election whose record failed.
        election: String,
        /// The verifier's report, in the output's language.
        report: String,
    },
    /// Something inside this program failed (a background task, an encoding, the demo's own
    /// board): not the user's doing.
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
