//! Every code a board answers with, and what it means to people: one table, in both
//! languages (`spec/board.md` §8).
//!
//! A code has two voices. To the organiser, trustee or voter whose write the board refused
//! it is a **refusal**: what happened and what to do. To the supervision committee reading
//! a record that holds such an entry anyway it is a **finding**: which rule the board broke
//! by storing it. Codes about a request rather than an entry (a body too large, a timeout)
//! can never be findings. The table is one `match`, so the compiler checks that every code
//! has its status and both languages of every voice it has.

use core::fmt;
use core::str::FromStr;

use serde::{Deserialize, Serialize};

/// A text in Chinese and in English.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Words {
    /// 中文.
    pub zh: &'static str,
    /// English.
    pub en: &'static str,
}

/// What a code means: its HTTP status on the board and its voices.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Meaning {
    /// The HTTP status the board answers it with.
    pub status: u16,
    /// To the person whose request was refused.
    pub refusal: Words,
    /// To the committee, of a record that holds an entry refused for this reason; none for
    /// codes about a request rather than an entry.
    pub finding: Option<Words>,
}

macro_rules! codes {
    ($($variant:ident = $text:literal,)*) => {
        /// A stable machine-readable code of the board's answers (`spec/board.md` §8).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        // Each variant is its code; its meaning is in `ErrorCode::meaning`.
        #[allow(missing_docs)]
        pub enum ErrorCode {
            $($variant,)*
        }

        impl ErrorCode {
            /// Every code.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)*];

            /// The code as it is written on the wire.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $text,)*
                }
            }
        }

        impl FromStr for ErrorCode {
            type Err = UnknownCode;

            fn from_str(s: &str) -> Result<Self, UnknownCode> {
                match s {
                    $($text => Ok(ErrorCode::$variant),)*
                    _ => Err(UnknownCode(s.to_owned())),
                }
            }
        }
    };
}

codes! {
    MalformedJson = "malformed_json",
    BadRequest = "bad_request",
    BadProofRequest = "bad_proof_request",
    BadTrackingCode = "bad_tracking_code",
    NotFound = "not_found",
    UnknownElection = "unknown_election",
    NoSuchEntry = "no_such_entry",
    TrackingCodeNotFound = "tracking_code_not_found",
    MethodNotAllowed = "method_not_allowed",
    Timeout = "timeout",
    HeaderTimeout = "header_timeout",
    ElectionExists = "election_exists",
    EarlierElectionMissing = "earlier_election_missing",
    LengthRequired = "length_required",
    BodyTooLarge = "body_too_large",
    UriTooLong = "uri_too_long",
    UnsupportedMediaType = "unsupported_media_type",
    RateLimited = "rate_limited",
    HeadersTooLarge = "headers_too_large",
    InternalError = "internal_error",
    StorageError = "storage_error",
    CorruptStore = "corrupt_store",
    StorageUnwritable = "storage_unwritable",
    Busy = "busy",
    ShuttingDown = "shutting_down",
    NotADefinition = "not_a_definition",
    DefinitionExists = "definition_exists",
    WrongPhase = "wrong_phase",
    BadSignature = "bad_signature",
    InvalidCredentialList = "invalid_credential_list",
    DuplicateCredentialList = "duplicate_credential_list",
    CredentialInTwoGroups = "credential_in_two_groups",
    InvalidCeremonyMessage = "invalid_ceremony_message",
    DuplicateDealing = "duplicate_dealing",
    DuplicateComplaint = "duplicate_complaint",
    DealingAlreadyAnswered = "dealing_already_answered",
    AcknowledgementMismatch = "acknowledgement_mismatch",
    UnansweredDealing = "unanswered_dealing",
    MissingCredentialList = "missing_credential_list",
    TooFewDealers = "too_few_dealers",
    WrongElectionKey = "wrong_election_key",
    UnknownCredential = "unknown_credential",
    UnknownGroup = "unknown_group",
    OutsideVotingWindow = "outside_voting_window",
    VotingWindowPassed = "voting_window_passed",
    AlreadyVoted = "already_voted",
    DuplicateBallot = "duplicate_ballot",
    AuditedBallotCast = "audited_ballot_cast",
    InvalidBallot = "invalid_ballot",
    TallyMismatch = "tally_mismatch",
    TallyGroups = "tally_groups",
    DuplicateDecryption = "duplicate_decryption",
    InvalidDecryption = "invalid_decryption",
    CountsMismatch = "counts_mismatch",
    OutcomeMismatch = "outcome_mismatch",
    OutcomeError = "outcome_error",
    RoundChain = "round_chain",
    DuplicateAttendance = "duplicate_attendance",
    AttendanceAboveEligible = "attendance_above_eligible",
    AttendanceBelowBallots = "attendance_below_ballots",
    AttendanceMissing = "attendance_missing",
    WithdrawalAfterOpening = "withdrawal_after_opening",
    ElectionWithdrawn = "election_withdrawn",
    Malformed = "malformed",
    UnknownProcedure = "unknown_procedure",
    ProcedureExists = "procedure_exists",
    NotAPlan = "not_a_plan",
    InvalidPlan = "invalid_plan",
    UnknownStage = "unknown_stage",
    WrongStageKind = "wrong_stage_kind",
    StageOutOfOrder = "stage_out_of_order",
    PublicityPeriodRunning = "publicity_period_running",
    ObjectionPending = "objection_pending",
    OutsidePublicityPeriod = "outside_publicity_period",
    NoticeTooShort = "notice_too_short",
    OutsideRegistrationWindow = "outside_registration_window",
    InvalidRegistration = "invalid_registration",
    AlreadyRegistered = "already_registered",
    NotOnList = "not_on_list",
    AlreadyDecided = "already_decided",
    WrongPick = "wrong_pick",
    LotMismatch = "lot_mismatch",
    CandidatesDiffer = "candidates_differ",
    ElectionUndecided = "election_undecided",
    PetitionShort = "petition_short",
    StageIncomplete = "stage_incomplete",
    ListMismatch = "list_mismatch",
    StampOrder = "stamp_order",
}

/// A code this version does not know (a newer board's).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown code `{0}`")]
pub struct UnknownCode(pub String);

const fn words(zh: &'static str, en: &'static str) -> Words {
    Words { zh, en }
}

/// A code about the request, not about an entry.
const fn request(status: u16, zh: &'static str, en: &'static str) -> Meaning {
    Meaning {
        status,
        refusal: words(zh, en),
        finding: None,
    }
}

/// A code about an entry, refused by the admission rules (`spec/board.md` §5).
const fn entry(status: u16, refusal: Words, finding: Words) -> Meaning {
    Meaning {
        status,
        refusal,
        finding: Some(finding),
    }
}

impl ErrorCode {
    /// The code's status and voices.
    pub fn meaning(self) -> Meaning {
        use ErrorCode::*;
        let unreadable = |status| {
            request(
                status,
                "公告栏无法读取这个请求",
                "the board cannot read this request",
            )
        };
        let unsaved = |status| {
            request(
                status,
                "公告栏暂时无法保存，请稍后重试",
                "the board cannot store anything just now; send it again later",
            )
        };
        match self {
            MalformedJson => request(400, "请求内容格式有误", "the request's JSON is not of the expected shape"),
            BadRequest => unreadable(400),
            LengthRequired => unreadable(411),
            UriTooLong => unreadable(414),
            HeadersTooLarge => unreadable(431),
            BadProofRequest => request(400, "所请求的日志大小或位置不存在", "the log has no such size or index"),
            BadTrackingCode => request(400, "这不是一个跟踪码", "this is not a tracking code"),
            NotFound => request(404, "公告栏上没有这个地址", "no such path on this board"),
            UnknownElection => request(404, "公告栏上没有这个选举，请检查选举编号", "no election with this id is on this board; check the id"),
            NoSuchEntry => request(404, "日志中没有这个位置的条目", "the log has no entry at this index"),
            TrackingCodeNotFound => request(404, "公告栏上没有这个跟踪码的选票", "no ballot with this tracking code is on the board"),
            MethodNotAllowed => request(405, "这个地址不接受这种请求", "this path does not take this method"),
            Timeout => request(408, "公告栏未能按时完成请求；写入可能已经保存，请先查找再重发", "the board did not finish in time; a write may have been stored, look for it before sending it again"),
            HeaderTimeout => request(408, "请求头未能按时送达公告栏，连接已关闭", "the request head did not arrive in time; the connection was closed"),
            ElectionExists => request(409, "公告栏上已有同一编号的选举", "an election with this id is already on this board"),
            EarlierElectionMissing => request(409, "本选举所依据的上一轮选举结果尚未在公告栏公布", "the result of the earlier election this one follows is not on this board"),
            BodyTooLarge => request(413, "请求内容超过公告栏接受的大小", "the request is larger than the board accepts"),
            UnsupportedMediaType => request(415, "写入公告栏的内容必须是 JSON（Content-Type: application/json）", "a write must be JSON (Content-Type: application/json)"),
            RateLimited => request(429, "这个地址写入过于频繁，请稍后再发", "too many writes from this address; send it again later"),
            InternalError => request(500, "公告栏内部错误", "the board failed inside"),
            StorageError | CorruptStore => request(500, "公告栏的存储出错，请联系公告栏管理员", "the board's storage failed; tell the board's operator"),
            StorageUnwritable | Busy | ShuttingDown => unsaved(503),
            NotADefinition => entry(422,
                words("选举的第一个条目必须是选举定义", "an election's first entry must be its definition"),
                words("第一个条目不是选举定义", "the first entry is not the definition")),
            DefinitionExists => entry(409,
                words("选举定义已经公布", "the definition is already published"),
                words("选举定义重复出现", "the definition appears twice")),
            WrongPhase => entry(409,
                words("选举当前所处阶段不接受此项", "the election's phase does not take this now"),
                words("条目出现在选举流程中不应出现的阶段", "an entry in a phase that does not take it")),
            BadSignature => entry(403,
                words("签名与公告栏上记录的密钥不符", "the signature is not by the key on the board"),
                words("签名无法用应签署者的公钥验证", "a signature does not verify with its signer's key")),
            InvalidCredentialList => entry(422,
                words("凭证名单无效", "the credential list is invalid"),
                words("选民凭证名单无效", "a credential list is invalid")),
            DuplicateCredentialList => entry(409,
                words("这个选民组的凭证名单已经公布", "this group's credential list is already published"),
                words("同一选民组的凭证名单重复公布", "a group's credential list is published twice")),
            CredentialInTwoGroups => entry(422,
                words("有凭证同时出现在两个选民组的名单上", "a credential is on two groups' lists"),
                words("同一凭证出现在两个选民组中", "a credential is on two groups' lists")),
            InvalidCeremonyMessage => entry(422,
                words("密钥生成仪式的消息无效", "the key-ceremony message is invalid"),
                words("密钥生成仪式的消息无效", "a key-ceremony message is invalid")),
            DuplicateDealing => entry(409,
                words("这位监督委员已经公布过密钥分发", "this trustee has already published its dealing"),
                words("受托人重复公布分发信息", "a trustee's dealing is published twice")),
            DuplicateComplaint => entry(409,
                words("这份投诉已经公布", "this complaint is already published"),
                words("重复的投诉", "a complaint is published twice")),
            DealingAlreadyAnswered => entry(409,
                words("这位监督委员已经答复过这份密钥分发（确认或投诉）", "this trustee has already answered this dealing (acknowledged or complained)"),
                words("同一受托人对同一份分发答复了两次", "a trustee answered one dealing twice")),
            AcknowledgementMismatch => entry(422,
                words("确认的密钥分发与公告栏上的不是同一份", "the acknowledgement names another dealing than the one on the board"),
                words("确认所指的分发不是公告板上的那一份", "an acknowledgement names another dealing than the one on the board")),
            UnansweredDealing => entry(409,
                words("还有监督委员没有答复某份密钥分发，请其运行 zhixuan trustee check 后再开始投票", "a trustee has not yet answered a dealing; they run `zhixuan trustee check`, then voting can open"),
                words("投票开始时仍有分发未得到受托人的确认或投诉", "voting opened while a dealing was still unanswered")),
            MissingCredentialList => entry(409,
                words("还有选民组的凭证名单没有公布", "a group's credential list is not yet published"),
                words("开始投票时缺少选民组的凭证名单", "voting opened without a group's credential list")),
            TooFewDealers => entry(409,
                words("合格的密钥分发少于门限数", "fewer trustees' dealings qualified than the threshold"),
                words("合格的受托人不足门限", "fewer trustees qualified than the threshold")),
            WrongElectionKey => entry(422,
                words("选举公钥与密钥仪式的结果不符", "the election key is not the one the key ceremony produced"),
                words("选举公钥与密钥仪式的结果不符", "the election key is not the one the key ceremony produced")),
            UnknownCredential => entry(403,
                words("此凭证不在任何选民组的名单上", "this credential is on no voter group's list"),
                words("选票的凭证不在任何选民名单上", "a ballot's credential is on no list")),
            UnknownGroup => entry(422,
                words("核验选票所写的选民组不存在", "the audited ballot names a group this election does not have"),
                words("核验选票所写的选民组不存在", "an audited ballot names a group this election does not have")),
            OutsideVotingWindow => entry(409,
                words("不在投票时间内", "outside the voting window"),
                words("选票在投票时间之外被接收", "a ballot was received outside the voting window")),
            VotingWindowPassed => entry(409,
                words("选举定义中的投票时间已经结束，不能再开始投票：请改正定义中的投票时间（voting 的 opens 与 closes），以新的选举编号重新发布", "the definition's voting window has already closed, so voting cannot open: correct the voting window (voting.opens and voting.closes) and publish the definition again under a new election id"),
                words("投票在投票时间结束之后才开始", "voting was opened after the voting window had closed")),
            AlreadyVoted => entry(409,
                words("此凭证已经投过票，本次选举每个凭证只能投一次", "this credential has already voted; this election takes one ballot per credential"),
                words("同一凭证投了第二张票", "a credential cast a second ballot")),
            DuplicateBallot => entry(409,
                words("这张选票已经在公告栏上", "this ballot is already on the board"),
                words("同一张选票重复出现", "a ballot appears twice")),
            AuditedBallotCast => entry(409,
                words("这张选票已被核验（公开），不能再投出", "this ballot was audited (opened); it can never be cast"),
                words("已核查（开启）的选票被投入", "an audited (opened) ballot was cast")),
            InvalidBallot => entry(422,
                words("选票无效", "the ballot is invalid"),
                words("选票的证明或签名无效", "a ballot's proofs or signature do not verify")),
            TallyMismatch => entry(422,
                words("加密计票结果与选票之和不符", "the tally is not the sum of the counted ballots"),
                words("加密计票不等于所计选票之和", "the encrypted tally is not the sum of the counted ballots")),
            TallyGroups => entry(422,
                words("加密计票的选民组与定义不符", "the tally's groups are not the definition's"),
                words("加密计票的选民组与定义不符", "the tally's groups are not the definition's")),
            DuplicateDecryption => entry(409,
                words("这位监督委员已经公布过部分解密", "this trustee has already published its partial decryption"),
                words("受托人重复公布部分解密", "a trustee's partial decryption is published twice")),
            InvalidDecryption => entry(422,
                words("部分解密无效", "the partial decryption is invalid"),
                words("部分解密无效或不足门限", "a partial decryption is invalid, or too few")),
            CountsMismatch => entry(422,
                words("公布的票数与解密结果不符", "the counts are not the decrypted ones"),
                words("公布的票数与解密结果不符", "the published counts are not the decrypted ones")),
            OutcomeMismatch => entry(422,
                words("公布的结果与规则计算的结果不符", "the outcome is not the one the rules give"),
                words("公布的结果与按规则重算的结果不符", "the published outcome is not the one the rules give")),
            OutcomeError => entry(422,
                words("无法按规则得出结果", "the rules give no outcome for these counts"),
                words("无法按规则得出结果", "the rules give no outcome for these counts")),
            RoundChain => entry(422,
                words("本轮候选人名单不能由前几轮结果得出", "this round's candidates do not follow from the earlier rounds"),
                words("本轮候选人名单不能由前几轮结果得出", "a round's candidates do not follow from the earlier rounds")),
            DuplicateAttendance => entry(409,
                words("该选民组的到会人数已经公布", "this group's attendance is already on the board"),
                words("同一选民组的到会人数公布了两次", "a group's attendance was published twice")),
            AttendanceAboveEligible => entry(422,
                words("到会人数超过该选民组的凭证人数", "more are declared present than the group has credentials"),
                words("公布的到会人数超过该选民组的凭证人数", "an attendance declares more present than the group has credentials")),
            AttendanceBelowBallots => entry(422,
                words("投票人数超过公布的到会人数", "more ballots were cast than members were declared present"),
                words("投票人数超过公布的到会人数，结果却被接受", "a result was accepted although more ballots were cast than members were declared present")),
            AttendanceMissing => entry(422,
                words("按到会人数过半数计票，但该选民组没有公布到会人数", "the majority is of those present, but the group's attendance is not on the board"),
                words("按到会人数过半数计票，但没有到会人数，结果却被接受", "a result was accepted by a majority of those present without the group's attendance")),
            WithdrawalAfterOpening => entry(409,
                words("投票已经开始，不能再撤回选举：选举只能在开始投票之前撤回", "voting has already opened, so the election can no longer be withdrawn: an election is withdrawn only before voting opens"),
                words("投票开始之后仍然公布了撤回选举", "a withdrawal was stored after voting had opened")),
            ElectionWithdrawn => entry(409,
                words("这次选举已被组织者撤回，公告栏不再接受任何内容；它的选民凭证作废", "the organiser has withdrawn this election, so the board accepts nothing more for it; its slips are void"),
                words("选举撤回之后仍然接受了条目", "an entry was stored after the election was withdrawn")),
            Malformed => entry(422,
                words("条目内容有误", "the entry is malformed"),
                words("条目内容有误", "an entry is malformed")),
            UnknownProcedure => request(404, "公告栏上没有这个选举程序，请检查编号", "no procedure with this id is on this board; check the id"),
            ProcedureExists => request(409, "公告栏上已有同一编号的选举程序或选举", "a procedure or an election with this id is already on this board"),
            NotAPlan => entry(422,
                words("选举程序的第一个条目必须是程序方案", "a procedure's first entry must be its plan"),
                words("第一个条目不是程序方案", "the first entry is not the plan")),
            InvalidPlan => entry(422,
                words("程序方案无效", "the plan is invalid"),
                words("程序方案无效", "the plan is invalid")),
            UnknownStage => entry(422,
                words("程序方案中没有这个阶段", "the plan has no such stage"),
                words("条目所写的阶段不在程序方案中", "an entry names a stage the plan does not have")),
            WrongStageKind => entry(422,
                words("这个阶段不接受这类条目", "this stage does not take this kind of entry"),
                words("条目与其阶段的类型不符", "an entry of a kind its stage does not take")),
            StageOutOfOrder => entry(409,
                words("这个阶段不是当前阶段：前一阶段尚未结束，或本阶段已经结束", "this is not the current stage: the one before is not closed, or this one is"),
                words("条目出现在其阶段之外（阶段顺序被打乱）", "an entry outside its stage's turn (stages out of order)")),
            PublicityPeriodRunning => entry(409,
                words("前一阶段的公示期尚未结束，下一阶段还不能开始", "the previous stage's publicity period has not ended; the next stage cannot begin yet"),
                words("公示期未满就开始了下一阶段", "a stage began before the previous list's publicity period ended")),
            ObjectionPending => entry(409,
                words("前一阶段还有异议没有答复，或有异议成立", "an objection to an earlier stage is unanswered or was upheld"),
                words("有异议未答复或异议成立时程序仍继续进行", "the procedure went on with an objection unanswered or upheld")),
            OutsidePublicityPeriod => entry(409,
                words("异议只能在该阶段名单的公示期内提出", "an objection is taken only during the stage's publicity period"),
                words("公示期之外收到了异议", "an objection was taken outside its publicity period")),
            NoticeTooShort => entry(422,
                words("公告距会议的时间短于规定的提前天数", "the notice is published later than the days of notice the plan requires"),
                words("公告晚于规定的提前天数", "an announcement came later than its notice period allows")),
            OutsideRegistrationWindow => entry(409,
                words("不在报名时间内", "outside the registration window"),
                words("报名在报名时间之外被接收", "a registration was received outside its window")),
            InvalidRegistration => entry(422,
                words("报名不符合本阶段的规则（渠道、职位、联名人数或职位数上限）", "the registration breaks the stage's rule (channel, posts, signers, or the posts limit)"),
                words("报名不符合报名阶段的规则", "a registration breaks its stage's rule")),
            AlreadyRegistered => entry(409,
                words("此人已经报名", "this person has already registered"),
                words("同一人报名了两次", "a person registered twice")),
            NotOnList => entry(422,
                words("所写的人不在本阶段所依据的名单上", "the person named is not on the list this stage works from"),
                words("条目所写的人不在上一阶段的名单上", "an entry names someone not on the previous list")),
            AlreadyDecided => entry(409,
                words("本阶段对此已经作出决定", "this stage has already decided this"),
                words("同一事项被决定了两次", "one matter was decided twice")),
            WrongPick => entry(422,
                words("决定所选人数与方案规定的人数不符", "the decision picks another number than the plan declares"),
                words("决定所选人数与方案不符", "a decision picks another number than the plan declares")),
            LotMismatch => entry(422,
                words("抽签揭示与报名时的承诺不符", "the lot secret does not match the commitment made at registration"),
                words("抽签揭示与承诺不符", "a lot secret does not match its commitment")),
            CandidatesDiffer => entry(422,
                words("选举的候选人与本阶段的名单不一致", "the election's candidates are not exactly the stage's list"),
                words("选举的候选人与程序阶段的名单不一致", "an election's candidates differ from its stage's list")),
            ElectionUndecided => entry(409,
                words("本阶段的选举尚未公布结果", "the stage's election has no result yet"),
                words("阶段在其选举有结果之前就结束了", "a stage closed before its election was decided")),
            PetitionShort => entry(422,
                words("联名人数未达到方案规定的比例", "the petition has fewer signers than the share the plan declares"),
                words("罢免联名人数未达到规定比例", "a petition with fewer signers than its share")),
            StageIncomplete => entry(409,
                words("本阶段尚未完成，还不能结束", "this stage is not finished and cannot close yet"),
                words("阶段未完成就结束了", "a stage closed before it was finished")),
            ListMismatch => entry(422,
                words("公布的名单与按本阶段规则得出的名单不符", "the list is not the one the stage's rule gives"),
                words("公布的名单与按规则得出的名单不符", "a published list is not the one its stage's rule gives")),
            StampOrder => entry(422,
                words("条目时间早于前一条目", "the entry's time is earlier than the entry before it"),
                words("条目的时间戳没有按日志顺序递增", "entry stamps do not increase along the log")),
        }
    }

    /// The HTTP status the board answers this code with.
    pub fn status(self) -> u16 {
        self.meaning().status
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_reads_back_and_has_both_languages() {
        for &code in ErrorCode::ALL {
            assert_eq!(code.as_str().parse::<ErrorCode>(), Ok(code));
            let json = serde_json::to_string(&code).unwrap_or_default();
            assert_eq!(json, format!("\"{code}\""));
            let m = code.meaning();
            assert!((400..600).contains(&m.status), "{code}");
            for w in std::iter::once(m.refusal).chain(m.finding) {
                assert!(!w.zh.is_empty() && !w.en.is_empty(), "{code}");
                assert!(!w.zh.is_ascii(), "{code}: the Chinese text is not Chinese");
            }
        }
        assert!("something_new".parse::<ErrorCode>().is_err());
    }
}
