//! How declared rules and findings read to people, in both languages: the sentences the
//! board's web pages post and the `zhixuan` command prints, written once here so that a
//! villager reading the notice board and an organiser at the terminal read the same words.
//!
//! Every text is a [`Bilingual`] pair; the caller picks the language. Names of people,
//! groups, contests and rating levels are looked up by id through a [`Names`] the caller
//! builds from the definition, since findings name things by id only.

use std::collections::HashMap;

use crate::contest::{Combine, ContestKind, FunnelCut, MajorityOf};
use crate::definition::{ElectionDefinition, RevotePolicy};
use crate::fraction::Fraction;
use crate::group::VoterGroup;
use crate::outcome::{Fact, Rule, Verdict};
use crate::text::Bilingual;

/// The names of everything a definition names by id: its groups, its contests, and each
/// contest's people and rating levels. An id without a name reads as itself.
#[derive(Clone, Debug, Default)]
pub struct Names(HashMap<String, Bilingual>);

impl Names {
    /// Every name in `definition`.
    pub fn of(definition: &ElectionDefinition) -> Names {
        let doc = definition.document();
        let mut names = HashMap::new();
        for g in &doc.groups {
            names.insert(g.id.clone(), g.name.clone());
        }
        for c in &doc.contests {
            names.insert(c.id.clone(), c.title.clone());
            for p in c.kind.people() {
                names.insert(p.id.clone(), p.name.clone());
            }
            if let ContestKind::Evaluation(e) = &c.kind {
                for level in &e.scale {
                    names.insert(level.id.clone(), level.label.clone());
                }
            }
        }
        Names(names)
    }

    /// The name of `id`, or `id` itself in both languages.
    pub fn get(&self, id: &str) -> Bilingual {
        self.0
            .get(id)
            .cloned()
            .unwrap_or_else(|| Bilingual::new(id, id))
    }

    /// Several names, joined as each language lists them.
    fn list(&self, ids: &[String]) -> Bilingual {
        let names: Vec<Bilingual> = ids.iter().map(|id| self.get(id)).collect();
        Bilingual::new(
            names
                .iter()
                .map(|n| n.zh.as_str())
                .collect::<Vec<_>>()
                .join("、"),
            names
                .iter()
                .map(|n| n.en.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        )
    }
}

/// Two texts built from the same parts.
fn both(zh: String, en: String) -> Bilingual {
    Bilingual { zh, en }
}

/// A fraction as a percentage with one decimal, for people (`2/3` → `66.7%`).
pub fn percent(f: &Fraction) -> String {
    Fraction::new(f.num().saturating_mul(100), f.den())
        .map(|p| format!("{}%", p.to_decimal(1)))
        .unwrap_or_else(|_| f.to_string())
}

/// A declared share as people say it: "half" (半数) for 1/2, "two thirds" for 2/3, the
/// fraction itself otherwise (4/5, 30%).
pub fn share(f: &Fraction) -> Bilingual {
    let value = |n: u64, d: u64| f.num().saturating_mul(d) == n.saturating_mul(f.den());
    if value(1, 2) {
        Bilingual::new("半数", "half")
    } else if value(2, 3) {
        Bilingual::new("三分之二", "two thirds")
    } else if value(1, 3) {
        Bilingual::new("三分之一", "one third")
    } else {
        Bilingual::new(f.to_string(), f.to_string())
    }
}

impl Rule {
    /// The rule's short name, as `spec/rules.md` explains it.
    pub fn words(self) -> Bilingual {
        let (zh, en) = match self {
            Rule::Quorum => ("法定人数", "quorum"),
            Rule::PresentMinimum => ("最低到会人数", "minimum present"),
            Rule::NoBallots => ("无人投票", "no ballots"),
            Rule::Majority => ("过半数当选", "majority"),
            Rule::SeatOrder => ("按得票多少分配名额", "seats in order of votes"),
            Rule::Tie => ("平票", "tie"),
            Rule::TrustThreshold => ("信任票门槛", "trust threshold"),
            Rule::Funnel => ("差额筛选", "funnel"),
            Rule::FunnelCompetition => ("保持差额", "still competitive"),
            Rule::Rating => ("满意率与得分", "rating"),
            Rule::Verdict => ("称职评定", "verdict"),
            Rule::ConsecutiveVerdicts => ("连续两次不称职", "not competent twice running"),
            Rule::Recall => ("罢免", "recall"),
            Rule::TrustShare => ("群众认可程度", "share of trust"),
            Rule::Attendance => ("到会人数", "attendance"),
        };
        Bilingual::new(zh, en)
    }
}

impl Fact {
    /// What the finding says, as one sentence with the numbers the rule used.
    pub fn words(&self, names: &Names) -> Bilingual {
        let name = |id: &str| names.get(id);
        let met = |met: bool| {
            if met {
                ("达到", "met")
            } else {
                ("未达到", "NOT met")
            }
        };
        match self {
            Fact::Quorum {
                cast,
                eligible,
                at_least,
                needed,
                met: m,
            } => {
                let (s, (mz, me)) = (share(at_least), met(*m));
                both(
                    format!("投票 {cast} 人，应到 {eligible} 人；须达到应到人数的 {}（{needed} 人）：{mz}", s.zh),
                    format!("{cast} of {eligible} voted; turnout must reach {} ({needed}): {me}", s.en),
                )
            }
            Fact::PresentMinimum {
                cast,
                at_least,
                met: m,
            } => {
                let (mz, me) = met(*m);
                both(
                    format!("投票 {cast} 人，须至少 {at_least} 人：{mz}"),
                    format!("{cast} voted; at least {at_least} must vote: {me}"),
                )
            }
            Fact::NoBallots => Bilingual::new(
                "无人投票，本组不能决定任何结果",
                "no ballots were cast: this group decides nothing",
            ),
            Fact::NoResult { group } => {
                let g = name(group);
                both(
                    format!("选民组「{}」的选票不能决定结果，本项没有结果", g.zh),
                    format!("the ballots of “{}” cannot decide: no result", g.en),
                )
            }
            Fact::Undecidable { depends_on } => {
                let c = name(depends_on);
                both(
                    format!("所依据的「{}」没有结果，本项也没有结果", c.zh),
                    format!(
                        "“{}”, which this depends on, has no result: no result",
                        c.en
                    ),
                )
            }
            Fact::Elected {
                candidate,
                votes,
                needed,
            } => {
                let c = name(candidate);
                both(
                    format!("{} 得 {votes} 票，达到当选所需的 {needed} 票：当选", c.zh),
                    format!("{}: {votes} votes, {needed} needed: ELECTED", c.en),
                )
            }
            Fact::NoMajority {
                candidate,
                votes,
                needed,
            } => {
                let c = name(candidate);
                both(
                    format!(
                        "{} 得 {votes} 票，未达到当选所需的 {needed} 票：未当选",
                        c.zh
                    ),
                    format!("{}: {votes} votes, {needed} needed: not elected", c.en),
                )
            }
            Fact::SeatsFilled { candidate, votes } => {
                let c = name(candidate);
                both(
                    format!("{} 得 {votes} 票，过半数，但名额已由得票更多者占满：未当选", c.zh),
                    format!(
                        "{}: {votes} votes, a majority, but every seat went to a candidate with more votes: not elected",
                        c.en
                    ),
                )
            }
            Fact::OpenSeats { seats } => both(
                format!("{seats} 个名额无人当选，需另行选举"),
                format!("{seats} seat(s) unfilled: another election is needed"),
            ),
            Fact::Tie {
                candidates,
                votes,
                places,
            } => {
                let c = names.list(candidates);
                both(
                    format!("平票：{} 各得 {votes} 票，争 {places} 个名额，须由大家另行决定（规则不作决定）", c.zh),
                    format!(
                        "TIE: {} have {votes} votes each for {places} place(s): people must decide (the rules do not)",
                        c.en
                    ),
                )
            }
            Fact::Trust {
                candidate,
                trust,
                ballots,
                needed,
                kept,
            } => {
                let c = name(candidate);
                let (kz, ke) = if *kept {
                    ("获得信任，保留", "kept")
                } else {
                    ("未获信任", "NOT trusted")
                };
                both(
                    format!(
                        "{} 获信任票 {trust} 张（共 {ballots} 张，需 {needed} 张）：{kz}",
                        c.zh
                    ),
                    format!(
                        "{}: {trust} trust votes of {ballots} ({needed} needed): {ke}",
                        c.en
                    ),
                )
            }
            Fact::EliminatedByTrust {
                candidate,
                trust_contest,
            } => {
                let (c, t) = (name(candidate), name(trust_contest));
                both(
                    format!("{} 未在「{}」中获得信任：淘汰", c.zh, t.zh),
                    format!("{} was not kept by “{}”: eliminated", c.en, t.en),
                )
            }
            Fact::Kept { candidate, votes } => {
                let c = name(candidate);
                both(
                    format!("{} 得 {votes} 票：进入下一阶段", c.zh),
                    format!("{}: {votes} votes: goes on to the next stage", c.en),
                )
            }
            Fact::Eliminated { candidate, votes } => {
                let c = name(candidate);
                both(
                    format!("{} 得 {votes} 票：淘汰", c.zh),
                    format!("{}: {votes} votes: eliminated", c.en),
                )
            }
            Fact::NoCompetition { remaining, seats } => both(
                format!("剩余 {remaining} 人，不多于 {seats} 个名额，不构成差额"),
                format!("{remaining} remain for {seats} seat(s): no longer competitive"),
            ),
            Fact::Rated {
                official,
                satisfaction,
                score,
                groups,
            } => {
                let o = name(official);
                let mut text = both(
                    format!(
                        "{}：满意率 {}，得分 {}",
                        o.zh,
                        percent(satisfaction),
                        score.to_decimal(1)
                    ),
                    format!(
                        "{}: satisfaction {}, score {}",
                        o.en,
                        percent(satisfaction),
                        score.to_decimal(1)
                    ),
                );
                if groups.len() > 1 {
                    for g in groups {
                        let n = name(&g.group);
                        let (p, s) = (percent(&g.satisfaction), g.score.to_decimal(1));
                        text.zh
                            .push_str(&format!("；{}：满意率 {p}，得分 {s}", n.zh));
                        text.en.push_str(&format!("; {}: {p}, score {s}", n.en));
                    }
                }
                text
            }
            Fact::Verdict {
                official,
                share: at_level,
                more_than,
                verdict,
            } => {
                let o = name(official);
                let (vz, ve) = match verdict {
                    Verdict::Competent => ("称职", "competent"),
                    Verdict::NotCompetent => ("不称职", "NOT COMPETENT"),
                };
                both(
                    format!(
                        "{}：处于判定档次的评价占 {}（超过 {} 即不称职）：{vz}",
                        o.zh,
                        percent(at_level),
                        percent(more_than)
                    ),
                    format!(
                        "{}: {} at the verdict level (more than {} is not competent): {ve}",
                        o.en,
                        percent(at_level),
                        percent(more_than)
                    ),
                )
            }
            Fact::Flagged {
                official,
                previous_election,
            } => {
                let o = name(official);
                both(
                    format!("{} 连续两次不称职（上次：{previous_election}），建议调整", o.zh),
                    format!(
                        "{}: not competent twice running (also in {previous_election}): flagged for adjustment",
                        o.en
                    ),
                )
            }
            Fact::Recall {
                official,
                yes,
                eligible,
                needed,
                recalled,
            } => {
                let o = name(official);
                let (rz, re) = if *recalled {
                    ("罢免通过", "RECALLED")
                } else {
                    ("罢免未通过", "not recalled")
                };
                both(
                    format!(
                        "{}：同意罢免 {yes} 票，全体应到 {eligible} 人，需 {needed} 票：{rz}",
                        o.zh
                    ),
                    format!(
                        "{}: {yes} for recall of {eligible} eligible, {needed} needed: {re}",
                        o.en
                    ),
                )
            }
            Fact::ShortList { remaining, keep } => both(
                format!("符合条件的只有 {remaining} 人，少于应产生的至少 {keep} 人：全部保留，须由组织另行研究"),
                format!(
                    "only {remaining} qualify, fewer than the at least {keep} this stage must produce: all kept, for the organisers to consider"
                ),
            ),
            Fact::TrustShare {
                candidate,
                trust,
                ballots,
                share: s,
            } => {
                let c = name(candidate);
                both(
                    format!(
                        "{} 获信任票 {trust} 张（共 {ballots} 张，占 {}），供参考",
                        c.zh,
                        percent(s)
                    ),
                    format!(
                        "{}: {trust} trust votes of {ballots} ({}), advisory",
                        c.en,
                        percent(s)
                    ),
                )
            }
            Fact::Attendance { present, cast } => both(
                format!("到会 {present} 人，投票 {cast} 人"),
                format!("{present} present at the meeting, {cast} voted"),
            ),
        }
    }
}

impl Fact {
    /// What the finding decides for one person, in a few words beside their name in a
    /// table of counts: the person's id, and "elected (needed 207)" or the like. `None` for
    /// findings about no one person (quorum, ties, open seats, ratings).
    pub fn person_status(&self) -> Option<(&str, Bilingual)> {
        let status = |zh: String, en: String| Bilingual { zh, en };
        Some(match self {
            Fact::Elected {
                candidate, needed, ..
            } => (
                candidate,
                status(
                    format!("当选（需 {needed} 票）"),
                    format!("ELECTED (needed {needed})"),
                ),
            ),
            Fact::NoMajority {
                candidate, needed, ..
            } => (
                candidate,
                status(
                    format!("未过半数（需 {needed} 票）"),
                    format!("no majority (needed {needed})"),
                ),
            ),
            Fact::SeatsFilled { candidate, .. } => (
                candidate,
                Bilingual::new("过半数，但名额已满", "majority, but the seats are filled"),
            ),
            Fact::Kept { candidate, .. } => (candidate, Bilingual::new("进入下一阶段", "KEPT")),
            Fact::Eliminated { candidate, .. } => (candidate, Bilingual::new("淘汰", "eliminated")),
            Fact::EliminatedByTrust { candidate, .. } => (
                candidate,
                Bilingual::new("信任票未过半，淘汰", "eliminated by the trust vote"),
            ),
            Fact::Trust {
                candidate,
                needed,
                kept: true,
                ..
            } => (
                candidate,
                status(
                    format!("信任（需 {needed} 票）"),
                    format!("trusted (needed {needed})"),
                ),
            ),
            Fact::Trust {
                candidate,
                needed,
                kept: false,
                ..
            } => (
                candidate,
                status(
                    format!("未获信任（需 {needed} 票）"),
                    format!("NOT trusted (needed {needed})"),
                ),
            ),
            Fact::TrustShare {
                candidate,
                share: s,
                ..
            } => (
                candidate,
                status(
                    format!("信任票占 {}（供参考）", percent(s)),
                    format!("{} trust (advisory)", percent(s)),
                ),
            ),
            Fact::Recall {
                official,
                needed,
                recalled,
                ..
            } => (
                official,
                if *recalled {
                    status(
                        format!("罢免通过（需 {needed} 票）"),
                        format!("RECALLED (needed {needed})"),
                    )
                } else {
                    status(
                        format!("罢免未通过（需 {needed} 票）"),
                        format!("not recalled (needed {needed})"),
                    )
                },
            ),
            _ => return None,
        })
    }
}

impl VoterGroup {
    /// The group's declared rules, one sentence each: quorum, minimum present, size cap,
    /// weight.
    pub fn rule_words(&self, names: &Names) -> Vec<Bilingual> {
        let mut out = Vec::new();
        if let Some(q) = &self.quorum_at_least {
            let s = share(q);
            let needed = q.least_reaching(self.eligible);
            out.push(both(
                format!("投票人数须达到应到人数的 {}（{needed} 人），本组选票才有效", s.zh),
                format!("turnout must reach {} of the eligible ({needed}) for this group's ballots to count", s.en),
            ));
        }
        if let Some(n) = self.present_at_least {
            out.push(both(
                format!("至少 {n} 人投票"),
                format!("at least {n} must vote"),
            ));
        }
        if let Some(cap) = &self.eligible_at_most {
            let (s, g) = (share(&cap.share), names.get(&cap.of_group));
            out.push(both(
                format!("人数不超过「{}」的 {}", g.zh, s.zh),
                format!("no more than {} of “{}”", s.en, g.en),
            ));
        }
        if let Some(w) = self.weight {
            out.push(both(
                format!("加权评价中的权重为 {w}"),
                format!("weight {w} in weighted evaluations"),
            ));
        }
        out
    }
}

impl ContestKind {
    /// The contest's declared rule, one sentence each part.
    pub fn rule_words(&self, names: &Names) -> Vec<Bilingual> {
        let mut out = Vec::new();
        match self {
            ContestKind::Recommendation(c) => {
                out.push(both(
                    format!("推荐票：每张选票最多推荐 {} 人，按得票多少排序", c.max_approvals),
                    format!("Recommendation: each ballot approves up to {}; candidates are ranked by votes", c.max_approvals),
                ));
                if let Some(f) = &c.funnel {
                    out.push(match f.cut {
                        FunnelCut::Places => both(
                            format!("得票前 {} 名进入下一阶段（{} 个名额，须多于名额，差额）", f.keep, f.seats),
                            format!("the top {} go on to the next stage (for {} seat(s): more candidates than seats)", f.keep, f.seats),
                        ),
                        FunnelCut::AtLeast => both(
                            format!("至少产生 {} 名进入下一阶段（{} 个名额）：与第 {} 名同票者一并保留，不足 {} 名时予以说明", f.keep, f.seats, f.keep, f.keep),
                            format!("at least {} go on to the next stage (for {} seat(s)): anyone with the votes of the {}th goes on too, and a shortfall is reported", f.keep, f.seats, f.keep),
                        ),
                    });
                    if let Some(t) = &f.trust_contest {
                        let t = names.get(t);
                        out.push(both(
                            format!("只有在「{}」中获得信任的候选人才能进入下一阶段", t.zh),
                            format!("only candidates kept by “{}” may go on", t.en),
                        ));
                    }
                }
            }
            ContestKind::Trust(c) => {
                let (oz, oe) = if c.abstain {
                    ("信任 / 不信任 / 弃权", "trust / no trust / abstain")
                } else {
                    ("信任 / 不信任", "trust / no trust")
                };
                out.push(match &c.trust_more_than {
                    Some(threshold) => {
                        let s = share(threshold);
                        both(
                            format!("信任投票：对每位候选人选择{oz}；信任票超过该候选人选票的{}方可保留", s.zh),
                            format!("Trust vote: {oe} for each candidate; a candidate stays in the race with trust votes from more than {} of the ballots", s.en),
                        )
                    }
                    None => both(
                        format!("信任投票：对每位候选人选择{oz}；公布每人信任票所占比例，供参考（群众认可程度），不设门槛"),
                        format!("Trust vote: {oe} for each candidate; each candidate's share of trust is published as advice (no threshold)"),
                    ),
                });
            }
            ContestKind::Competitive(c) => {
                let s = share(&c.majority_more_than);
                out.push(both(
                    format!("差额选举：{} 名候选人竞选 {} 个名额，每张选票最多选 {} 人", c.candidates.len(), c.seats, c.seats),
                    format!("Competitive election: {} candidates for {} seat(s); each ballot chooses up to {}", c.candidates.len(), c.seats, c.seats),
                ));
                out.push(match c.majority_of {
                    MajorityOf::BallotsCast => both(
                        format!("得票超过投票人数的{}方可当选；名额按得票多少依次分配，平票由大家另行决定", s.zh),
                        format!("elected with more than {} of ballots cast; seats go in order of votes, and a tie is for people to decide", s.en),
                    ),
                    MajorityOf::Present => both(
                        format!("得票超过到会人数的{}方可当选；名额按得票多少依次分配，平票由大家另行决定", s.zh),
                        format!("elected with more than {} of those present at the meeting; seats go in order of votes, and a tie is for people to decide", s.en),
                    ),
                });
            }
            ContestKind::Evaluation(e) => {
                let levels_zh: Vec<String> = e
                    .scale
                    .iter()
                    .map(|l| format!("{}（{} 分）", l.label.zh, l.points))
                    .collect();
                let levels_en: Vec<String> = e
                    .scale
                    .iter()
                    .map(|l| format!("{} ({} points)", l.label.en, l.points))
                    .collect();
                let favourable = |pick: fn(&Bilingual) -> &str, and: &str| {
                    e.scale
                        .iter()
                        .filter(|l| l.favourable)
                        .map(|l| pick(&l.label))
                        .collect::<Vec<_>>()
                        .join(and)
                };
                out.push(both(
                    format!(
                        "直评：对每位参评人选一项，{}；满意率为{}所占比例",
                        levels_zh.join(" / "),
                        favourable(|b| &b.zh, "与")
                    ),
                    format!(
                        "Evaluation: one rating per official, {}; the satisfaction rate is the share of {}",
                        levels_en.join(" / "),
                        favourable(|b| &b.en, " and ")
                    ),
                ));
                out.push(match e.combine {
                    Combine::Pooled => Bilingual::new(
                        "各组评价合并计算，每票同等",
                        "every rating counts once, whatever the group",
                    ),
                    Combine::Weighted => Bilingual::new(
                        "各组分别计算，再按各组声明的权重合并",
                        "each group's rates are combined with the group's declared weight",
                    ),
                });
                if let Some(v) = &e.verdict {
                    let level = names.get(&v.level);
                    out.push(both(
                        format!(
                            "「{}」超过 {} 的，评为不称职",
                            level.zh,
                            percent(&v.more_than)
                        ),
                        format!(
                            "more than {} “{}” is not competent",
                            percent(&v.more_than),
                            level.en
                        ),
                    ));
                }
                if let Some(p) = &e.previous {
                    out.push(both(
                        format!("与上次评价（{}）比较：连续两次不称职的，建议调整", p.election_id),
                        format!("compared with the previous evaluation ({}): not competent twice running is flagged for adjustment", p.election_id),
                    ));
                }
            }
            ContestKind::Recall(r) => {
                let s = share(&r.yes_more_than);
                out.push(both(
                    format!("罢免：同意票须超过全体有选举权人数（不只是投票人数）的{}", s.zh),
                    format!("Recall: passes with yes votes from more than {} of ALL eligible, not only of those who voted", s.en),
                ));
            }
        }
        out
    }
}

impl RevotePolicy {
    /// What a voter may do after casting.
    pub fn words(self) -> Bilingual {
        match self {
            RevotePolicy::Single => {
                Bilingual::new("每个凭证只能投一次票", "one ballot per credential")
            }
            RevotePolicy::LastCounts => Bilingual::new(
                "可以重新投票，只计最后一次",
                "a voter may vote again; only the last ballot counts",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn shares_read_as_people_say_them() {
        let f = |s: &str| s.parse::<Fraction>().unwrap();
        assert_eq!(share(&f("1/2")).en, "half");
        assert_eq!(share(&f("2/4")).zh, "半数");
        assert_eq!(share(&f("4/5")).en, "4/5");
        assert_eq!(percent(&f("2/3")), "66.7%");
    }

    #[test]
    fn findings_name_people_and_numbers() {
        let names = Names::default();
        let elected = Fact::Elected {
            candidate: "li-ming".into(),
            votes: 312,
            needed: 207,
        }
        .words(&names);
        assert_eq!(elected.en, "li-ming: 312 votes, 207 needed: ELECTED");
        assert!(elected.zh.contains("当选"));
        let tie = Fact::Tie {
            candidates: vec!["a".into(), "b".into()],
            votes: 5,
            places: 1,
        }
        .words(&names);
        assert!(tie.zh.starts_with("平票：a、b 各得 5 票"), "{}", tie.zh);
    }
}
