//! Texts shared by several commands: the board's refusal codes, entry kinds, phases. The
//! language itself is the verifier's [`Lang`], so that both tools speak alike.

use zhixuan_record::{EntryKind, ErrorCode, Phase};

pub use zhixuan_election::Lang;

/// What was sent, for messages such as "the board refused the ballot": an entry of its
/// kind, or a request (a read).
pub fn sent(lang: Lang, what: Option<EntryKind>) -> &'static str {
    match what {
        Some(kind) => kind.words(lang),
        None => lang.pick("请求", "the request"),
    }
}

/// `n` things in English: "1 trustee", "3 trustees".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A phase of the election, as people say it (the board's words, so that its pages and
/// this command agree).
pub fn phase(lang: Lang, phase: Phase) -> &'static str {
    let (zh, en) = phase.words();
    lang.pick(zh, en)
}

/// The board's refusal: in Chinese, from the one table of codes (no English inside a
/// Chinese sentence; the code, which the message carries as well, leads to the details); in
/// English, the board's own sentence, which names the details. A code this version does not
/// know keeps the board's sentence.
pub fn refusal(lang: Lang, code: &str, board_message: &str) -> String {
    match (lang, code.parse::<ErrorCode>()) {
        (Lang::Zh, Ok(code)) => code.meaning().refusal.zh.to_owned(),
        _ => board_message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular() {
        assert_eq!(count(1, "trustee", "trustees"), "1 trustee");
        assert_eq!(count(3, "trustee", "trustees"), "3 trustees");
        assert_eq!(count(0, "trustee", "trustees"), "0 trustees");
    }

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
        assert!(
            !zh.contains("this credential"),
            "no English inside Chinese: {zh}"
        );
        assert_eq!(refusal(Lang::En, "already_voted", "x"), "x");
        assert_eq!(refusal(Lang::Zh, "something_new", "x"), "x");
    }
}
