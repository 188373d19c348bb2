//! A refused definition reads fully in the reader's language (issue 17, item 9): in
//! Chinese, nothing of English but the field's JSON path, given to find it in the file, and
//! the values the definition itself holds; the parser's jargon ("expected u64", "offset
//! hour") in plain words in both languages.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod rules_support;

use rules_support::*;
use serde_json::{json, Value};
use zhixuan_election::{ElectionDefinition, Lang};

fn xinzhou() -> Value {
    serde_json::from_str(&example_text("xinzhou-2023.json")).unwrap()
}

/// The error's words in both languages after `change`.
fn words(change: impl FnOnce(&mut Value)) -> (String, String) {
    let mut doc = xinzhou();
    change(&mut doc);
    let error = ElectionDefinition::from_json(&doc.to_string()).expect_err("refused");
    (error.words(Lang::Zh), error.words(Lang::En))
}

/// The Chinese text without its JSON path ("（位置 …）"), the quoted values the
/// definition holds and the sample of a time: what remains must hold no Latin letter.
#[track_caller]
fn all_chinese(zh: &str) {
    // The sample of how a time is written is a sample, not English.
    let mut rest = zh.replace("2026-06-15T08:30:00+08:00", "");
    if let (Some(a), Some(b)) = (rest.find("（位置 "), rest.find('）')) {
        rest.replace_range(a..b + '）'.len_utf8(), "");
    }
    let mut plain = String::new();
    let mut quoted = false;
    for c in rest.chars() {
        match c {
            '“' => quoted = true,
            '”' => quoted = false,
            '"' => quoted = !quoted,
            _ if !quoted => plain.push(c),
            _ => {}
        }
    }
    assert!(
        !plain.chars().any(|c| c.is_ascii_alphabetic()),
        "English left in {zh:?} (read as {plain:?})"
    );
}

#[test]
fn a_rule_broken_reads_in_chinese_with_its_field_named() {
    let (zh, en) = words(|d| d["threshold"] = json!(9));
    assert_eq!(
        zh,
        "解密门限（位置 threshold）：解密门限 9 超过了监督委员人数 5"
    );
    all_chinese(&zh);
    assert_eq!(
        en,
        "threshold (threshold): threshold 9 is more than the 5 trustees"
    );

    let (zh, _) = words(|d| d["groups"][0]["eligible"] = json!(0));
    assert!(
        zh.starts_with("第 1 个选民组 › 应到人数（位置 groups[0].eligible）"),
        "{zh}"
    );
    all_chinese(&zh);

    let (zh, _) = words(|d| d["voting"]["closes"] = d["voting"]["opens"].clone());
    assert!(zh.contains("投票结束时间必须晚于开始时间"), "{zh}");
    all_chinese(&zh);

    let (zh, _) = words(|d| d["groups"][1]["contests"] = json!(["no-such-contest"]));
    assert!(zh.contains("“no-such-contest”不是本选举的投票事项"), "{zh}");
    all_chinese(&zh);
}

#[test]
fn the_parsers_jargon_is_plain_words_in_both_languages() {
    // A number written as text.
    let (zh, en) = words(|d| d["groups"][0]["eligible"] = json!("40"));
    assert!(zh.contains("这里应写一个整数（不带引号，如 5）"), "{zh}");
    all_chinese(&zh);
    assert!(!en.contains("u64") && en.contains("a whole number"), "{en}");
    // A time without its offset.
    let (zh, en) = words(|d| d["voting"]["opens"] = json!("2026-06-15 08:30"));
    assert!(
        zh.starts_with("投票时间 › 开始时间（位置 voting.opens）"),
        "{zh}"
    );
    assert!(zh.contains("2026-06-15T08:30:00+08:00"), "{zh}");
    all_chinese(&zh);
    assert!(
        !en.contains("component") && !en.contains("offset hour"),
        "{en}"
    );
    // A missing field and a field that does not belong.
    let (zh, en) = words(|d| {
        d.as_object_mut().unwrap().remove("threshold");
    });
    assert!(zh.contains("缺少“解密门限”（threshold）一项"), "{zh}");
    assert!(en.contains("`threshold` is missing"), "{en}");
    let (zh, _) = words(|d| d["voting"]["open"] = json!("x"));
    assert!(zh.contains("这里不能有“open”一项"), "{zh}");
}
