//! Texts shared by several commands: the board's refusal codes, entry kinds, phases. The
//! language itself is the verifier's [`Lang`], so that both tools speak alike.

use zhixuan_record::Phase;

pub use zhixuan_election::Lang;

/// What an entry kind is called, for messages such as "the board refused the ballot".
pub fn entry_kind(lang: Lang, kind: &str) -> &'static str {
    match (kind, lang) {
        ("definition", Lang::Zh) => "选举定义",
        ("definition", Lang::En) => "the election definition",
        ("credential_list", Lang::Zh) => "凭证名单",
        ("credential_list", Lang::En) => "the credential list",
        ("dealing", Lang::Zh) => "密钥分发",
        ("dealing", Lang::En) => "the dealing",
        ("complaint", Lang::Zh) => "投诉",
        ("complaint", Lang::En) => "the complaint",
        ("open_voting", Lang::Zh) => "开始投票",
        ("open_voting", Lang::En) => "opening the vote",
        ("ballot", Lang::Zh) => "选票",
        ("ballot", Lang::En) => "the ballot",
        ("audited_ballot", Lang::Zh) => "核验选票",
        ("audited_ballot", Lang::En) => "the audited ballot",
        ("close_voting", Lang::Zh) => "结束投票",
        ("close_voting", Lang::En) => "closing the vote",
        ("tally", Lang::Zh) => "加密计票结果",
        ("tally", Lang::En) => "the encrypted tally",
        ("partial_decryption", Lang::Zh) => "部分解密",
        ("partial_decryption", Lang::En) => "the partial decryption",
        ("result", Lang::Zh) => "选举结果",
        ("result", Lang::En) => "the result",
        (_, Lang::Zh) => "请求",
        (_, Lang::En) => "the request",
    }
}

/// A phase of the election, as people say it (the board's words, so that its pages and
/// this command agree).
pub fn phase(lang: Lang, phase: Phase) -> &'static str {
    let (zh, en) = phase.words();
    lang.pick(zh, en)
}

/// The board's refusal, in Chinese where the code is one people meet in normal use; the
/// board's own English sentence otherwise (it names details this table cannot).
pub fn refusal(lang: Lang, code: &str, board_message: &str) -> String {
    let zh = match code {
        "already_voted" => "此凭证已经投过票，本次选举每个凭证只能投一次",
        "unknown_credential" => "此凭证不在任何选民组的名单上",
        "outside_voting_window" => "不在投票时间内",
        "wrong_phase" => "选举当前所处阶段不接受此项",
        "audited_ballot_cast" => "这张选票已被核验（公开），不能再投出",
        "duplicate_ballot" => "这张选票已经在公告栏上",
        "bad_signature" => "签名与公告栏上记录的密钥不符",
        "unknown_election" => "公告栏上没有这个选举，请检查选举编号",
        "election_exists" => "公告栏上已有同一编号的选举",
        "duplicate_credential_list" => "这个选民组的凭证名单已经公布",
        "duplicate_dealing" => "这位监督委员已经公布过密钥分发",
        "duplicate_complaint" => "这份投诉已经公布",
        "dealing_already_answered" => "这位监督委员已经答复过这份密钥分发（确认或投诉）",
        "acknowledgement_mismatch" => "确认的密钥分发与公告栏上的不是同一份",
        "unanswered_dealing" => {
            "还有监督委员没有答复某份密钥分发，请其运行 zhixuan trustee check 后再开始投票"
        }
        "duplicate_decryption" => "这位监督委员已经公布过部分解密",
        "missing_credential_list" => "还有选民组的凭证名单没有公布",
        "too_few_dealers" => "合格的密钥分发少于门限数",
        "earlier_election_missing" => "本选举所依据的上一轮选举结果尚未在公告栏公布",
        "outcome_mismatch" => "公布的结果与规则计算的结果不符",
        "counts_mismatch" => "公布的票数与解密结果不符",
        "tally_mismatch" => "加密计票结果与选票之和不符",
        "invalid_ballot" => "选票无效",
        "busy" | "storage_unwritable" | "storage_error" => "公告栏暂时无法保存，请稍后重试",
        "body_too_large" => "请求内容超过公告栏接受的大小",
        "unsupported_media_type" => "写入公告栏的内容必须是 JSON（Content-Type: application/json）",
        "uri_too_long" | "headers_too_large" | "length_required" | "bad_request" => {
            "公告栏无法读取这个请求"
        }
        "header_timeout" => "请求头未能按时送达公告栏，连接已关闭",
        _ => "",
    };
    match lang {
        Lang::Zh if !zh.is_empty() => format!("{zh}（{board_message}）"),
        _ => board_message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_locale_chooses_the_language() {
        assert_eq!(Lang::from_locale(Some("zh_CN.UTF-8")), Lang::Zh);
        assert_eq!(Lang::from_locale(Some("ZH_tw")), Lang::Zh);
        assert_eq!(Lang::from_locale(Some("en_GB.UTF-8")), Lang::En);
        assert_eq!(Lang::from_locale(Some("C")), Lang::En);
        assert_eq!(Lang::from_locale(None), Lang::En);
    }

    #[test]
    fn known_refusals_are_translated_and_keep_the_boards_words() {
        let zh = refusal(
            Lang::Zh,
            "already_voted",
            "this credential has already cast",
        );
        assert!(zh.starts_with("此凭证已经投过票"));
        assert!(zh.contains("this credential has already cast"));
        assert_eq!(refusal(Lang::En, "already_voted", "x"), "x");
        assert_eq!(refusal(Lang::Zh, "something_new", "x"), "x");
    }
}
