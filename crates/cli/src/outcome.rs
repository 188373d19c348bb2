//! An outcome as people read it on the spot (当场公布结果): per group the turnout and its
//! checks, per contest who is elected, kept, eliminated or rated, with the numbers the rule
//! used. The published outcome (JSON) is the authority; this is how it is shown.

use std::collections::HashMap;
use std::fmt::Write as _;

use zhixuan_tally::{
    Bilingual, ContestKind, ContestOutcome, ContestTotals, ElectionDefinition, Fact, Fraction,
    Outcome, Verdict,
};

use crate::messages::Lang;

fn percent(f: &Fraction) -> String {
    Fraction::new(f.num().saturating_mul(100), f.den())
        .map(|p| format!("{}%", p.to_decimal(1)))
        .unwrap_or_else(|_| f.to_string())
}

/// Names of the people and rating levels of a contest, by id.
fn names(definition: &ElectionDefinition, contest: &str) -> HashMap<String, Bilingual> {
    let mut out = HashMap::new();
    if let Some(c) = definition.contest(contest) {
        for p in c.kind.people() {
            out.insert(p.id.clone(), p.name.clone());
        }
        if let ContestKind::Evaluation(e) = &c.kind {
            for level in &e.scale {
                out.insert(level.id.clone(), level.label.clone());
            }
        }
    }
    out
}

/// The outcome as text.
pub fn render(lang: Lang, definition: &ElectionDefinition, outcome: &Outcome) -> String {
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
    let names = names(definition, &c.contest);
    let name = |id: &str| -> String {
        names
            .get(id)
            .map_or_else(|| id.to_owned(), |n| lang.name(n).to_owned())
    };
    let verdict_level = definition
        .contest(&c.contest)
        .and_then(|d| match &d.kind {
            ContestKind::Evaluation(e) => e.verdict.as_ref().map(|v| name(&v.level)),
            _ => None,
        })
        .unwrap_or_default();
    let mut out = String::new();
    let mut status: HashMap<&str, String> = HashMap::new();
    for f in &c.findings {
        let (who, what) = match (&f.fact, lang) {
            (
                Fact::Elected {
                    candidate, needed, ..
                },
                Lang::Zh,
            ) => (candidate, format!("当选（需 {needed} 票）")),
            (
                Fact::Elected {
                    candidate, needed, ..
                },
                Lang::En,
            ) => (candidate, format!("ELECTED (needed {needed})")),
            (
                Fact::NoMajority {
                    candidate, needed, ..
                },
                Lang::Zh,
            ) => (candidate, format!("未过半数（需 {needed} 票）")),
            (
                Fact::NoMajority {
                    candidate, needed, ..
                },
                Lang::En,
            ) => (candidate, format!("no majority (needed {needed})")),
            (Fact::SeatsFilled { candidate, .. }, Lang::Zh) => {
                (candidate, "过半数，但名额已满".to_owned())
            }
            (Fact::SeatsFilled { candidate, .. }, Lang::En) => {
                (candidate, "majority, but the seats are filled".to_owned())
            }
            (Fact::Kept { candidate, .. }, Lang::Zh) => (candidate, "进入下一轮".to_owned()),
            (Fact::Kept { candidate, .. }, Lang::En) => (candidate, "KEPT".to_owned()),
            (Fact::Eliminated { candidate, .. }, Lang::Zh) => (candidate, "淘汰".to_owned()),
            (Fact::Eliminated { candidate, .. }, Lang::En) => (candidate, "eliminated".to_owned()),
            (Fact::EliminatedByTrust { candidate, .. }, Lang::Zh) => {
                (candidate, "信任票未过半，淘汰".to_owned())
            }
            (Fact::EliminatedByTrust { candidate, .. }, Lang::En) => {
                (candidate, "eliminated by the trust vote".to_owned())
            }
            _ => continue,
        };
        status.insert(who.as_str(), what);
    }
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
                let verdict = c.findings.iter().find_map(|f| match &f.fact {
                    Fact::Trust {
                        candidate,
                        needed,
                        kept,
                        ..
                    } if candidate == &t.candidate => Some(match (lang, kept) {
                        (Lang::Zh, true) => format!("信任（需 {needed} 票）"),
                        (Lang::Zh, false) => format!("未获信任（需 {needed} 票）"),
                        (Lang::En, true) => format!("trusted (needed {needed})"),
                        (Lang::En, false) => format!("NOT trusted (needed {needed})"),
                    }),
                    _ => None,
                });
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
                    verdict.unwrap_or_default()
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
            let recalled = c.findings.iter().find_map(|f| match &f.fact {
                Fact::Recall {
                    recalled, needed, ..
                } => Some((*recalled, *needed)),
                _ => None,
            });
            let _ = writeln!(
                out,
                "  {} {ballots}/{eligible}: {} {yes}, {} {no}, {} {abstain}{}",
                lang.pick("选票", "ballots"),
                lang.pick("同意", "yes"),
                lang.pick("不同意", "no"),
                lang.pick("弃权", "abstain"),
                match (recalled, lang) {
                    (Some((true, n)), Lang::Zh) => format!(" —— 罢免通过（需 {n} 票）"),
                    (Some((false, n)), Lang::Zh) => format!(" —— 罢免未通过（需 {n} 票）"),
                    (Some((true, n)), Lang::En) => format!(" — RECALLED (needed {n})"),
                    (Some((false, n)), Lang::En) => format!(" — not recalled (needed {n})"),
                    (None, _) => String::new(),
                }
            );
        }
    }
    for f in &c.findings {
        let _ =
            match (&f.fact, lang) {
                (
                    Fact::Tie {
                        candidates,
                        votes,
                        places,
                    },
                    Lang::Zh,
                ) => writeln!(
                    out,
                    "  平票：{} 各 {votes} 票，争 {places} 个名额，须另行决定",
                    candidates
                        .iter()
                        .map(|c| name(c))
                        .collect::<Vec<_>>()
                        .join("、")
                ),
                (
                    Fact::Tie {
                        candidates,
                        votes,
                        places,
                    },
                    Lang::En,
                ) => {
                    writeln!(
                out,
                "  TIE: {} with {votes} votes each for {places} place(s): people must decide",
                candidates.iter().map(|c| name(c)).collect::<Vec<_>>().join(", ")
            )
                }
                (Fact::OpenSeats { seats }, Lang::Zh) => {
                    writeln!(out, "  {seats} 个名额无人当选，需另行选举")
                }
                (Fact::OpenSeats { seats }, Lang::En) => {
                    writeln!(out, "  {seats} seat(s) unfilled: another round is needed")
                }
                (Fact::NoCompetition { remaining, seats }, Lang::Zh) => writeln!(
                    out,
                    "  剩余 {remaining} 人，不多于 {seats} 个名额，不构成差额"
                ),
                (Fact::NoCompetition { remaining, seats }, Lang::En) => writeln!(
                    out,
                    "  {remaining} remain for {seats} seat(s): no longer competitive"
                ),
                (Fact::NoResult { group }, Lang::Zh) => {
                    writeln!(out, "  选民组 {group} 的选票不能决定结果")
                }
                (Fact::NoResult { group }, Lang::En) => {
                    writeln!(out, "  group {group}'s ballots cannot decide")
                }
                (Fact::Undecidable { depends_on }, Lang::Zh) => {
                    writeln!(out, "  所依据的 {depends_on} 没有结果")
                }
                (Fact::Undecidable { depends_on }, Lang::En) => {
                    writeln!(out, "  {depends_on}, which this depends on, has no result")
                }
                _ => Ok(()),
            };
    }
    out
}
