//! An outcome as people read it on the spot (当场公布结果): per group the turnout and its
//! checks, per contest who is elected, kept, eliminated or rated, with the numbers the rule
//! used. The published outcome (JSON) is the authority; this is how it is shown, the same
//! by the `zhixuan` command and by the committee's verifier.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::{
    percent, ContestKind, ContestOutcome, ContestTotals, ElectionDefinition, Fact, Fraction, Lang,
    Names, Outcome, Verdict,
};

/// The outcome of `definition` as text, in `lang`.
pub fn outcome_text(lang: Lang, definition: &ElectionDefinition, outcome: &Outcome) -> String {
    let mut out = String::new();
    for g in &outcome.groups {
        let name = definition
            .group(&g.group)
            .map_or(g.group.as_str(), |group| lang.name(&group.name));
        let turnout = Fraction::new(g.ballots_cast, g.eligible.max(1))
            .map(|f| percent(&f))
            .unwrap_or_default();
        let _ = write!(
            out,
            "{name}{} {}/{} ({turnout})",
            lang.pick("：投票", ": voted"),
            g.ballots_cast,
            g.eligible
        );
        for f in &g.findings {
            let _ = match (&f.fact, lang) {
                (Fact::Quorum { needed, met, .. }, Lang::Zh) => write!(
                    out,
                    "，法定人数 {needed}{}",
                    if *met { " ✓" } else { " ✗ 未达到" }
                ),
                (Fact::Quorum { needed, met, .. }, Lang::En) => write!(
                    out,
                    ", quorum {needed}{}",
                    if *met { " ✓" } else { " ✗ not met" }
                ),
                (Fact::PresentMinimum { at_least, met, .. }, Lang::Zh) => write!(
                    out,
                    "，至少 {at_least} 人{}",
                    if *met { " ✓" } else { " ✗ 未达到" }
                ),
                (Fact::PresentMinimum { at_least, met, .. }, Lang::En) => write!(
                    out,
                    ", at least {at_least} present{}",
                    if *met { " ✓" } else { " ✗ not met" }
                ),
                (Fact::Attendance { present, .. }, Lang::Zh) => {
                    write!(out, "，到会 {present} 人")
                }
                (Fact::Attendance { present, .. }, Lang::En) => {
                    write!(out, ", {present} present")
                }
                (Fact::NoBallots, _) => {
                    write!(out, " {}", lang.pick("（无人投票）", "(no ballots)"))
                }
                _ => Ok(()),
            };
        }
        out.push('\n');
    }
    for c in &outcome.contests {
        let title = definition
            .contest(&c.contest)
            .map_or(c.contest.as_str(), |d| lang.name(&d.title));
        let _ = writeln!(
            out,
            "\n【{title}】{}",
            if c.decided {
                ""
            } else {
                lang.pick(" —— 无结果", " — no result")
            }
        );
        out.push_str(&contest(lang, definition, c));
    }
    out
}

fn contest(lang: Lang, definition: &ElectionDefinition, c: &ContestOutcome) -> String {
    let names = Names::of(definition);
    let name = |id: &str| -> String { lang.name(&names.get(id)).to_owned() };
    let verdict_level = definition
        .contest(&c.contest)
        .and_then(|d| match &d.kind {
            ContestKind::Evaluation(e) => e.verdict.as_ref().map(|v| name(&v.level)),
            _ => None,
        })
        .unwrap_or_default();
    let mut out = String::new();
    // What each finding decides for each person, in the words the board's pages use.
    let status: HashMap<&str, String> = c
        .findings
        .iter()
        .filter_map(|f| f.fact.person_status())
        .map(|(who, words)| (who, lang.name(&words).to_owned()))
        .collect();
    match &c.totals {
        ContestTotals::Votes { ballots, ranking } => {
            let _ = writeln!(out, "  {} {ballots}", lang.pick("选票", "ballots"));
            for s in ranking {
                let _ = writeln!(
                    out,
                    "  {:>2}. {:<14} {:>6}  {}",
                    s.rank,
                    name(&s.candidate),
                    s.votes,
                    status.get(s.candidate.as_str()).map_or("", String::as_str)
                );
            }
        }
        ContestTotals::Trust {
            ballots,
            candidates,
        } => {
            let _ = writeln!(out, "  {} {ballots}", lang.pick("选票", "ballots"));
            for t in candidates {
                let _ = writeln!(
                    out,
                    "  {:<14} {} {:>5}  {} {:>5}  {} {:>5}  {}",
                    name(&t.candidate),
                    lang.pick("信任", "trust"),
                    t.trust,
                    lang.pick("不信任", "no trust"),
                    t.no_trust,
                    lang.pick("弃权", "abstain"),
                    t.abstain,
                    status.get(t.candidate.as_str()).map_or("", String::as_str)
                );
            }
        }
        ContestTotals::Evaluation { officials } => {
            for o in officials {
                let mut line = format!("  {:<14}", name(&o.official));
                for f in &c.findings {
                    let _ = match &f.fact {
                        Fact::Rated { official, satisfaction, score, .. } if official == &o.official => write!(
                            line,
                            " {} {}  {} {}",
                            lang.pick("满意率", "satisfaction"),
                            percent(satisfaction),
                            lang.pick("得分", "score"),
                            score.to_decimal(1)
                        ),
                        Fact::Verdict { official, share, verdict, .. } if official == &o.official => write!(
                            line,
                            "  {}",
                            match (verdict, lang) {
                                (Verdict::Competent, Lang::Zh) => format!("称职（{verdict_level} {}）", percent(share)),
                                (Verdict::Competent, Lang::En) => format!("competent ({verdict_level}: {})", percent(share)),
                                (Verdict::NotCompetent, Lang::Zh) => format!("不称职（{verdict_level} {}）", percent(share)),
                                (Verdict::NotCompetent, Lang::En) => format!("NOT COMPETENT ({verdict_level}: {})", percent(share)),
                            }
                        ),
                        Fact::Flagged { official, previous_election } if official == &o.official => write!(
                            line,
                            "  {}",
                            match lang {
                                Lang::Zh => format!("连续两次不称职（上次：{previous_election}），建议调整"),
                                Lang::En => format!("not competent twice running (also in {previous_election}): flagged for adjustment"),
                            }
                        ),
                        _ => Ok(()),
                    };
                }
                let _ = writeln!(out, "{line}");
            }
        }
        ContestTotals::Recall {
            ballots,
            eligible,
            yes,
            no,
            abstain,
        } => {
            let _ = writeln!(
                out,
                "  {} {ballots}/{eligible}: {} {yes}, {} {no}, {} {abstain}{}",
                lang.pick("选票", "ballots"),
                lang.pick("同意", "yes"),
                lang.pick("不同意", "no"),
                lang.pick("弃权", "abstain"),
                // A recall is about one official: the contest's only status.
                match status.values().next() {
                    Some(words) => format!("{}{words}", lang.pick(" —— ", " — ")),
                    None => String::new(),
                }
            );
        }
    }
    // What people must still decide, or why there is no result.
    for f in &c.findings {
        if matches!(
            f.fact,
            Fact::Tie { .. }
                | Fact::OpenSeats { .. }
                | Fact::NoCompetition { .. }
                | Fact::ShortList { .. }
                | Fact::NoResult { .. }
                | Fact::Undecidable { .. }
        ) {
            let _ = writeln!(out, "  {}", lang.name(&f.fact.words(&names)));
        }
    }
    out
}
