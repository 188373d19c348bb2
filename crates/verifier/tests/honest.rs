//! The verifier passes on honest records of every example election, and recomputes the
//! outcome each example's counts give.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::Verify;
use zhixuan_testkit::{example, example_counts, example_outcome, Finished, Record};
use zhixuan_verify::{Lang, Status, Step};

/// The whole example, at its full size, with its counts; then verified.
fn run(name: &str, earlier: &[&Finished]) -> Finished {
    let mut b = Record::new(example(name), earlier);
    b.setup();
    b.cast_counts(&example_counts(name), None);
    b.conclude();
    let finished = b.finish();
    let report = finished.verify();
    assert!(report.passed(), "{name}:\n{}", report.render(Lang::En));
    assert!(report.complete());
    assert_eq!(
        report.outcome.as_ref(),
        Some(&example_outcome(name)),
        "{name}"
    );
    for step in Step::ELECTION {
        assert_eq!(report.step(step).status, Status::Passed, "{name} {step:?}");
        assert!(
            report.step(step).checked > 0,
            "{name} {step:?} checked nothing"
        );
    }
    finished
}

#[test]
fn nanjing() {
    run("nanjing-recommendation", &[]);
    run("nanjing-recommendation-xuanwu", &[]);
    run("nanjing-assembly", &[]);
}

#[test]
fn nanning_weighted_evaluation() {
    run("nanning", &[]);
}

#[test]
fn xinzhou_evaluation_continues_the_year_before() {
    let previous = run("xinzhou-2023", &[]);
    run("xinzhou", &[&previous]);
}

#[test]
fn pingchang_three_rounds() {
    run("pingchang-recommendation", &[]);
    let round1 = run("pingchang-round1", &[]);
    let round2 = run("pingchang-round2", &[&round1]);
    run("pingchang-round3", &[&round2]);
}

#[test]
fn a_record_without_a_result_verifies_as_far_as_it_goes() {
    let mut b = Record::from_example("xinzhou-2023", 5);
    b.close();
    let report = b.finish().verify();
    assert!(report.passed(), "{}", report.render(Lang::En));
    assert!(!report.complete());
    assert_eq!(
        report.step(Step::Ballots).checked,
        21,
        "20 ballots (5 in each of the 4 groups) and the close"
    );
    for step in [Step::Tally, Step::Decryption, Step::Outcome] {
        assert_eq!(report.step(step).status, Status::NotReached, "{step:?}");
    }
}

#[test]
fn the_report_reads_in_both_languages() {
    let mut b = Record::from_example("xinzhou-2023", 3);
    b.conclude();
    let report = b.finish().verify();
    let zh = report.render(Lang::Zh);
    let en = report.render(Lang::En);
    assert!(zh.contains("记录通过验证"), "{zh}");
    assert!(en.contains("the record verifies"), "{en}");
    assert!(zh.contains("✓ 5."));
    // The steps' details start in one column whatever the language (a Chinese character
    // is two columns wide), and groups go by their names.
    for text in [&zh, &en] {
        let columns: Vec<usize> = text
            .lines()
            .filter(|l| l.starts_with(" ✓ "))
            .map(|l| {
                let title = l.find(". ").unwrap() + 2;
                let detail = title + l[title..].find(|c: char| c.is_ascii_digit()).unwrap();
                unicode_width::UnicodeWidthStr::width(&l[..detail])
            })
            .collect();
        assert!(
            columns.len() == 8 && columns.windows(2).all(|w| w[0] == w[1]),
            "{columns:?}\n{text}"
        );
    }
    let xinzhou = zhixuan_testkit::example("xinzhou-2023");
    let group = &xinzhou.document().groups[0];
    assert!(zh.contains(&format!("{} ", group.name.zh)), "{zh}");
    assert!(!zh.contains(&format!("{} ", group.id)), "{zh}");
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["steps"].as_array().unwrap().len(), 8);
    assert_eq!(json["steps"][4]["status"], "passed");
}

#[test]
fn a_withdrawn_election_verifies_as_withdrawn_without_a_result() {
    let mut b = Record::new(example("xinzhou-2023"), &[]);
    let list = b.credential_list(0);
    b.apply(list);
    let dealing = b.election.dealing(1);
    b.apply(dealing);
    let withdrawn = b.election.withdrawal(
        "选举日期有误 / the wrong voting day",
        Some("xinzhou-2023-b"),
    );
    b.apply(withdrawn);
    let report = b.finish().verify();
    let english = report.render(Lang::En);
    assert!(report.passed(), "{english}");
    assert!(!report.complete(), "a withdrawn election has no result");
    assert_eq!(report.phase, Some(zhixuan_record::Phase::Withdrawn));
    let withdrawal = report.withdrawal.as_ref().unwrap();
    assert_eq!(withdrawal.replaced_by.as_deref(), Some("xinzhou-2023-b"));
    // Steps 1 to 4 checked what there was; the vote never came.
    assert_eq!(report.step(Step::Record).checked, 2, "{english}");
    for step in [Step::Ballots, Step::Tally, Step::Decryption, Step::Outcome] {
        assert_eq!(report.step(step).status, Status::NotReached, "{step:?}");
    }
    assert!(english.contains(
        "The organiser withdrew this election before voting, replaced by election xinzhou-2023-b; reason: 选举日期有误"
    ), "{english}");
    assert!(english.contains("Verdict: the record verifies; the election was withdrawn before voting, so it has no result and never will"), "{english}");
    let chinese = report.render(Lang::Zh);
    assert!(
        chinese.contains("组织者在投票前撤回了本选举，由选举 xinzhou-2023-b 取代"),
        "{chinese}"
    );
    assert!(
        chinese.contains("结论：记录通过验证；本选举在投票前已撤回"),
        "{chinese}"
    );
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["phase"], "withdrawn");
    assert_eq!(json["withdrawal"]["replaced_by"], "xinzhou-2023-b");
}
