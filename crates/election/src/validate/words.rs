//! A refused definition in people's words, in Chinese and in English: where (the field,
//! named as the notice names it, then its JSON path to find it in the file) and what is
//! wrong, with the parser's jargon ("expected u64", "offset hour") turned into plain words.

use super::problem::{DefinitionError, DefinitionProblem};
use super::MAX_SELECTIONS;
use crate::definition::DEFINITION_VERSION;
use crate::lang::Lang;
use crate::text::MAX_NAME_CHARS;

/// What a field of the definition is called, in Chinese and in English; `None` for a name
/// this table does not know, which is shown as it is written.
fn field(name: &str) -> Option<(&'static str, &'static str)> {
    Some(match name {
        "version" => ("版本", "version"),
        "election_id" => ("选举编号", "election id"),
        "title" => ("标题", "title"),
        "name" => ("名称", "name"),
        "zh" => ("中文", "Chinese"),
        "en" => ("英文", "English"),
        "organiser" => ("组织者公钥", "organiser's key"),
        "trustees" => ("监督委员", "trustee"),
        "threshold" => ("解密门限", "threshold"),
        "key" => ("公钥", "key"),
        "id" => ("编号", "id"),
        "voting" => ("投票时间", "voting window"),
        "opens" => ("开始时间", "opening time"),
        "closes" => ("结束时间", "closing time"),
        "revote" => ("重新投票规则", "revote rule"),
        "groups" => ("选民组", "voter group"),
        "eligible" => ("应到人数", "eligible number"),
        "contests" => ("投票事项", "contest"),
        "kind" => ("类型与规则", "kind and rule"),
        "candidates" => ("候选人", "candidate"),
        "officials" => ("被测评人", "official"),
        "official" => ("被测评人", "official"),
        "seats" => ("名额", "seats"),
        "max_approvals" => ("最多可推荐人数", "most approvals"),
        "majority_more_than" => ("当选所需得票比例", "majority needed"),
        "majority_of" => ("过半数的基数", "base of the majority"),
        "trust_more_than" => ("信任票比例门槛", "trust share needed"),
        "yes_more_than" => ("赞成票比例门槛", "yes share needed"),
        "quorum_at_least" => ("到会人数下限", "quorum"),
        "present_at_least" => ("最少到会人数", "minimum present"),
        "eligible_at_most" => ("人数上限", "size cap"),
        "share" => ("比例", "share"),
        "of_group" => ("参照的选民组", "group it is a share of"),
        "weight" => ("权重", "weight"),
        "scale" => ("测评等级", "rating scale"),
        "level" => ("等级", "level"),
        "label" => ("等级名称", "level's name"),
        "favourable" => ("满意等级", "favourable levels"),
        "points" => ("分值", "points"),
        "combine" => ("合并方式", "how groups combine"),
        "verdict" => ("评定规则", "verdict rule"),
        "previous" => ("上一年度测评", "previous evaluation"),
        "more_than" => ("比例门槛", "share threshold"),
        "funnel" => ("差额筛选", "funnel"),
        "keep" => ("保留人数", "number kept"),
        "cut" => ("保留方式", "cut"),
        "trust_contest" => ("信任投票事项", "trust contest"),
        "abstain" => ("弃权", "abstention"),
        "round" => ("轮次", "round"),
        "number" => ("轮次序号", "round number"),
        "follows" => ("上一轮", "round it follows"),
        "plan" => ("轮次安排", "plan of rounds"),
        "posts" => ("职位", "post"),
        "registrants" => ("报名人", "registrant"),
        "max_posts_per_registrant" => ("每人最多报名职位数", "most posts per registrant"),
        "if_not_elected" => ("未当选时", "if not elected"),
        "definition_hash" => ("定义哈希", "definition hash"),
        "recommendation" => ("推荐票", "recommendation"),
        "trust" => ("信任投票", "trust vote"),
        "competitive" => ("差额选举", "competitive election"),
        "evaluation" => ("测评", "evaluation"),
        "recall" => ("罢免", "recall"),
        _ => return None,
    })
}

/// A path such as `contests[1].kind.trust.trust_more_than`, as a person reads it:
/// "第 2 个投票事项 › 类型与规则 › 信任投票 › 信任票比例门槛".
pub(crate) fn path_words(path: &str, lang: Lang) -> String {
    if path.is_empty() || path == "." {
        return lang.pick("整个定义", "the whole definition").to_owned();
    }
    path.split('.')
        .map(|segment| {
            let (name, index) = match segment.split_once('[') {
                Some((name, rest)) => (name, rest.trim_end_matches(']').parse::<usize>().ok()),
                None => (segment, None),
            };
            let words = field(name).map_or(name, |(zh, en)| lang.pick(zh, en));
            match (index, lang) {
                (Some(i), Lang::Zh) => format!("第 {} 个{words}", i + 1),
                (Some(i), Lang::En) => format!("{words} {}", i + 1),
                (None, _) => words.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join(" › ")
}

/// A list's contents (`Empty`, `TooMany`, `Unknown`) in Chinese.
fn what_zh(what: &str) -> &str {
    match what {
        "a combined rate" => "合并后的比例",
        "a rate" => "比例",
        "a share of trust" => "信任票比例",
        "candidates" => "候选人",
        "contest" => "投票事项",
        "contests for this group to answer" => "本组要投票的事项",
        "contests" => "投票事项",
        "level of the scale" => "测评等级",
        "levels" => "测评等级",
        "people" => "人员",
        "post" => "职位",
        "posts" => "职位",
        "questions" => "投票问题",
        "registrants" => "报名人",
        "those present" => "到会人数",
        "trustees" => "监督委员",
        "voter group" => "选民组",
        "voter groups" => "选民组",
        other => other,
    }
}

/// What a JSON value's expected type or form is, in plain words, from serde's wording.
fn expected_words(expected: &str, lang: Lang) -> String {
    let e = expected.trim();
    let (zh, en) = if e.starts_with('u') || e.starts_with('i') || e.contains("integer") {
        (
            "一个整数（不带引号，如 5）",
            "a whole number (no quotes, e.g. 5)",
        )
    } else if e.contains("string") || e.contains("str") {
        ("一段文字（用英文双引号括起来）", "text (in double quotes)")
    } else if e.contains("fraction") {
        ("一个分数，如 \"1/2\"", "a fraction such as \"1/2\"")
    } else if e.contains("sequence") || e.contains("array") || e.starts_with("a list") {
        ("一个列表（方括号 [ ]）", "a list (square brackets [ ])")
    } else if e.contains("map") || e.starts_with("struct") || e.contains("object") {
        ("一个对象（花括号 { }）", "an object (curly brackets { })")
    } else if e.contains("bool") {
        ("true 或 false", "true or false")
    } else {
        return e.to_owned();
    };
    lang.pick(zh, en).to_owned()
}

/// Backquoted names in serde's "expected one of `a`, `b`".
fn names(list: &str) -> Vec<&str> {
    list.split('`').skip(1).step_by(2).collect()
}

/// The parser's message in plain words. serde's messages name Rust types and the time
/// parser's name its grammar; a person needs what to write instead.
/// `time` says the value is a time (a window's `opens` or `closes`): whatever the time
/// parser says is wrong, what a person needs is how a time is written.
pub(crate) fn json_words(message: &str, time: bool, lang: Lang) -> String {
    // serde_json appends " at line L column C"; keep the place, in words.
    let (text, place) = match message.rfind(" at line ") {
        Some(i) => (&message[..i], Some(&message[i + " at line ".len()..])),
        None => (message, None),
    };
    let place = place.and_then(|p| {
        let (line, column) = p.split_once(" column ")?;
        Some(match lang {
            Lang::Zh => format!("（第 {line} 行第 {column} 列）"),
            Lang::En => format!(" (line {line}, column {column})"),
        })
    });
    let said = if let Some(rest) = text.strip_prefix("missing field ") {
        let name = rest.trim_matches('`');
        match lang {
            Lang::Zh => format!(
                "缺少“{}”（{name}）一项",
                field(name).map_or(name, |(zh, _)| zh)
            ),
            Lang::En => format!("`{name}` is missing"),
        }
    } else if let Some(rest) = text.strip_prefix("unknown field ") {
        let (name, expected) = rest.split_once(", expected").unwrap_or((rest, ""));
        let name = name.trim_matches('`');
        let known: Vec<String> = names(expected)
            .into_iter()
            .map(|n| match (lang, field(n)) {
                (Lang::Zh, Some((zh, _))) => format!("{zh}（{n}）"),
                _ => n.to_owned(),
            })
            .collect();
        let known = known.join(lang.pick("、", ", "));
        match lang {
            Lang::Zh => format!("这里不能有“{name}”一项；可以有的是：{known}"),
            Lang::En => format!("`{name}` does not belong here; the fields here are: {known}"),
        }
    } else if let Some(rest) = text.strip_prefix("unknown variant ") {
        let (name, expected) = rest.split_once(", expected").unwrap_or((rest, ""));
        let name = name.trim_matches('`');
        let known = names(expected).join(lang.pick("、", ", "));
        match lang {
            Lang::Zh => format!("“{name}”不是可选的值；可选的是：{known}"),
            Lang::En => format!("`{name}` is not one of the values allowed here: {known}"),
        }
    } else if let Some(rest) = text.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let found = found
            .replace("string ", "")
            .replace("integer ", "")
            .replace("floating point ", "");
        match lang {
            Lang::Zh => format!("这里应写{}，而不是 {found}", expected_words(expected, lang)),
            Lang::En => format!(
                "this must be {}, not {found}",
                expected_words(expected, lang)
            ),
        }
    } else if let Some(rest) = text.strip_prefix("invalid value: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let found = found.replace("integer ", "").replace("string ", "");
        match lang {
            Lang::Zh => format!("{found} 不可用：这里应写{}", expected_words(expected, lang)),
            Lang::En => format!(
                "{found} will not do: this must be {}",
                expected_words(expected, lang)
            ),
        }
    } else if time && !text.starts_with("invalid type") {
        // The time parser's grammar ("the 'offset hour' component could not be parsed").
        lang.pick(
            "时间的写法不对：请照 2026-06-15T08:30:00+08:00 的样子写（日期、时刻，最后是与世界时的时差，北京时间为 +08:00）",
            "the time is not written as one: write it like 2026-06-15T08:30:00+08:00 (the date, T, the time, the offset from UTC)",
        )
        .to_owned()
    } else if text.starts_with("EOF while parsing") {
        lang.pick(
            "文件在中途结束：缺少结尾的括号或引号",
            "the file ends too soon: a closing bracket or quote is missing",
        )
        .to_owned()
    } else if text.starts_with("expected")
        || text.starts_with("trailing")
        || text.starts_with("key must")
    {
        lang.pick(
            "这里不是正确的 JSON：请检查逗号、冒号、括号和引号",
            "this is not valid JSON here: check the commas, colons, brackets and quotes",
        )
        .to_owned()
    } else if text.starts_with("invalid length ") {
        lang.pick("列表的项数不对", "the list has the wrong number of items")
            .to_owned()
    } else {
        // A message of the definition's own types (a key, a fraction, a time), already
        // in words; in Chinese, said to be the reader's English.
        match lang {
            Lang::Zh => format!("这个值不可用（{text}）"),
            Lang::En => text.to_owned(),
        }
    };
    format!("{said}{}", place.unwrap_or_default())
}

impl DefinitionError {
    /// The whole error in `lang`: where, then what is wrong, with nothing of the other
    /// language but the field's JSON path, given to find it in the file.
    pub fn words(&self, lang: Lang) -> String {
        let path = self.path();
        let place = path_words(path, lang);
        let what = match self {
            DefinitionError::Json { message, .. } => {
                let time = path.ends_with("opens") || path.ends_with("closes");
                json_words(message, time, lang)
            }
            DefinitionError::Invalid { problem, .. } => problem.words(lang),
        };
        if path.is_empty() || path == "." {
            return match lang {
                Lang::Zh => format!("{place}：{what}"),
                Lang::En => format!("{place}: {what}"),
            };
        }
        match lang {
            Lang::Zh => format!("{place}（位置 {path}）：{what}"),
            Lang::En => format!("{place} ({path}): {what}"),
        }
    }
}

impl DefinitionProblem {
    /// The problem in `lang`.
    pub fn words(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        use DefinitionProblem as P;
        let path = |p: &str| path_words(p, Lang::Zh);
        fn kind(k: &str) -> &str {
            field(k).map_or(k, |(zh, _)| zh)
        }
        match self {
            P::UnsupportedVersion { found } => {
                format!("不支持版本 {found}；本软件读取版本 {DEFINITION_VERSION}")
            }
            P::InvalidId { id } => format!(
                "“{id}”不能作编号：请只用 1 到 64 个小写字母、数字和“-”"
            ),
            P::EmptyName => "名称是空的".into(),
            P::LongName => format!("名称超过 {MAX_NAME_CHARS} 个字"),
            P::ControlCharacter => "名称中含有控制字符".into(),
            P::Duplicate { id, first } => {
                format!("“{id}”出现了不止一次（第一次在{}）", path(first))
            }
            P::SharedKey { other } => {
                let other = if other == "the organiser's key" {
                    "组织者的公钥".to_owned()
                } else {
                    path(other)
                };
                format!("这个公钥与{other}相同；每一方都需要自己的密钥")
            }
            P::Empty { what } => format!("没有{}", what_zh(what)),
            P::TooMany { what, count, max } => {
                format!("{count} 个{}太多了（最多 {max} 个）", what_zh(what))
            }
            P::Unknown { what, id } => {
                format!("“{id}”不是本选举的{}", what_zh(what))
            }
            P::Zero => "必须至少为 1".into(),
            P::LimitAboveCandidates { limit, candidates } => {
                format!("{limit} 超过了候选人数 {candidates}")
            }
            P::LimitTooLarge { limit } => {
                format!("{limit} 超过了一张选票的证明所能涵盖的数目（最多 {MAX_SELECTIONS}）")
            }
            P::ThresholdAboveTrustees {
                threshold,
                trustees,
            } => format!("解密门限 {threshold} 超过了监督委员人数 {trustees}"),
            P::ShareOutOfRange { value, range } => {
                let range = if *range == "(0, 1)" {
                    "大于 0 且小于 1"
                } else {
                    "大于 0 且不超过 1"
                };
                format!("{value} 不在允许的范围内：比例必须{range}")
            }
            P::NoCompetition { candidates, seats } => format!(
                "{candidates} 名候选人竞选 {seats} 个名额，不是差额选举：候选人数必须多于名额"
            ),
            P::FunnelNoCompetition { keep, seats } => format!(
                "为 {seats} 个名额保留 {keep} 人就没有差额了：差额筛选保留的人数必须多于名额"
            ),
            P::WindowOrder => "投票结束时间必须晚于开始时间".into(),
            P::FractionalSeconds => "时间只能精确到整秒".into(),
            P::AboveCap {
                eligible,
                share,
                of_group,
                of_eligible,
                max,
            } => format!(
                "{eligible} 人超过了选民组“{of_group}”应到 {of_eligible} 人的 {share}（最多 {max} 人）"
            ),
            P::PresentAboveEligible { present, eligible } => {
                format!("要求至少 {present} 人到会，但应到只有 {eligible} 人")
            }
            P::CapOfItself => "选民组的人数上限不能以它自己的人数为准".into(),
            P::NameMismatch { id, other } => {
                format!("“{id}”在{}处的名称与这里不同", path(other))
            }
            P::Unanswered => "没有任何选民组对这个事项投票".into(),
            P::ContestOrder { contest, after } => format!(
                "“{contest}”必须列在“{after}”之前，按投票事项定义的顺序"
            ),
            P::WeightMissing { contest } => {
                format!("缺少权重：本组参加加权测评“{contest}”")
            }
            P::WeightUnused => "本组参加的测评都不加权，不需要权重".into(),
            P::KindMismatch {
                id,
                found,
                expected,
            } => format!(
                "“{id}”是{}，不是{}",
                kind(found),
                kind(expected)
            ),
            P::AdvisoryTrust { id } => format!(
                "“{id}”是咨询性的信任投票（没有信任票比例门槛），会保留所有人，差额筛选不能以它为准"
            ),
            P::CandidatesDiffer { other } => format!("候选人与“{other}”的不同"),
            P::TooFewLevels => "测评至少需要 2 个等级".into(),
            P::NoFavourableLevel => "没有任何满意等级，满意率将永远为 0".into(),
            P::PreviousWithoutVerdict => "与上一年度对照需要评定规则".into(),
            P::SelfReference => "选举不能以它自己为上一轮".into(),
            P::TooManyPosts { count, max } => {
                format!("报名 {count} 个职位超过了每人最多 {max} 个")
            }
            P::UnknownRound { number, rounds } => {
                format!("第 {number} 轮不在安排之中（共 {rounds} 轮）")
            }
            P::FirstRoundFollows => "第 1 轮之前没有上一轮".into(),
            P::FollowsMissing { number } => format!("第 {number} 轮必须写明它接续的上一轮"),
            P::RoundContestMissing { number, post } => {
                format!("第 {number} 轮选举职位“{post}”，但没有编号为“{post}”的投票事项")
            }
            P::SeatsMismatch {
                post,
                expected,
                found,
            } => format!("名额为 {found}，但轮次安排给职位“{post}”的名额是 {expected}"),
            P::NotRegistered { candidate } => format!("“{candidate}”不是报名人"),
            P::DidNotApply { candidate, post } => {
                format!("“{candidate}”没有报名职位“{post}”")
            }
            P::DoesNotStandAgain {
                candidate,
                first,
                post,
            } => format!(
                "“{candidate}”先参选“{first}”，未当选时不再参选（if_not_elected 为 withdraws），所以不能是“{post}”的候选人"
            ),
            P::ApplicantMissing { registrant, post } => format!(
                "“{registrant}”报名了职位“{post}”，但不是第 1 轮的候选人"
            ),
            P::Style(e) => format!("这个选民组的选票无法投票（{e}）"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_as_the_notice_names_things() {
        assert_eq!(
            path_words("contests[1].kind.trust.trust_more_than", Lang::Zh),
            "第 2 个投票事项 › 类型与规则 › 信任投票 › 信任票比例门槛"
        );
        assert_eq!(
            path_words("groups[0].eligible", Lang::En),
            "voter group 1 › eligible number"
        );
    }

    #[test]
    fn the_parsers_jargon_becomes_plain_words() {
        let u64 = json_words(
            "invalid type: string \"five\", expected u64 at line 3 column 9",
            false,
            Lang::Zh,
        );
        assert_eq!(
            u64,
            "这里应写一个整数（不带引号，如 5），而不是 \"five\"（第 3 行第 9 列）"
        );
        let en = json_words(
            "invalid type: string \"five\", expected u64 at line 3 column 9",
            false,
            Lang::En,
        );
        assert!(!en.contains("u64"), "{en}");
        let time = json_words(
            "the 'offset hour' component could not be parsed at line 1 column 2",
            true,
            Lang::En,
        );
        assert!(
            !time.contains("offset hour") && time.contains("2026-06-15T08:30:00+08:00"),
            "{time}"
        );
    }
}
