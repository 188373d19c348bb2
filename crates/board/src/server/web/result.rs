//! `/e/{id}/result`: the published result as a notice (当场公布结果) — who was elected,
//! kept, eliminated or rated, each with the rule that decided it; turnout against quorum
//! per group; ties and open seats stated plainly; bars of votes and ratings; and, for a
//! multi-round election, every round in order. The published outcome is the authority:
//! this page only shows it.

use std::collections::HashMap;

use axum::extract::{Path, Query};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use maud::{html, Markup};
use time::OffsetDateTime;
use zhixuan_election::{
    percent, ContestKind, ContestOutcome, ContestTotals, Counts, ElectionDefinition, Fact,
    Fraction, GroupOutcome, Names, OptionMeaning, Outcome, RatingLevel, Verdict, VerdictRule,
};

use super::overview::progress;
use super::{
    bar, board_url, checkpoint_section, failed, verify_section, when, Href, Lang, Page, Shared,
    Snapshot, View,
};
use crate::server::Board;
use crate::store::Store;
use zhixuan_record::{Entry, LogEntry};

pub(super) async fn page<S: Store>(
    axum::extract::State(board): Shared<S>,
    Path(id): Path<String>,
    Query(view): Query<View>,
    headers: HeaderMap,
) -> Response {
    let lang = view.lang();
    let e = match Snapshot::load(&board, &id).await {
        Ok(snapshot) => snapshot,
        Err(error) => return failed(lang, &error),
    };
    let published = match &e.outcome {
        Some(_) => published_result(&board, &id, e.checkpoint.0).await,
        None => None,
    };
    let counts = published.as_ref().map(|(_, counts)| counts);
    let rounds = match rounds(&board, &e.definition).await {
        Ok(rounds) => rounds,
        Err(error) => return failed(lang, &error),
    };
    let path = format!("/e/{id}/result");
    let title = format!(
        "{}{}",
        lang.name(&e.definition.document().title),
        lang.pick("：选举结果", ": result")
    );
    let page = Page {
        lang,
        title: &title,
        path: &path,
        refresh: None,
    };
    let names = Names::of(&e.definition);
    let body = html! {
        h1 { (title) }
        p { a href=(lang.href(&format!("/e/{id}"))) { (lang.pick("← 选举详情（定义、监督委员、检查点）", "← The election (definition, trustees, checkpoint)")) } }
        @match &e.outcome {
            None => {
                p.notice { (lang.pick("结果尚未公布。", "The result is not published yet.")) }
                (progress(lang, e.phase))
            }
            Some(outcome) => {
                @if let Some((at, _)) = &published {
                    p.meta { (lang.pick("结果公布时间（公告栏收到时间）：", "Published (received by the board): ")) (when(e.definition.document().voting.local(*at))) }
                }
                (headline(lang, &names, outcome))
                (turnout(lang, &names, outcome))
                @for c in &outcome.contests {
                    (contest(lang, &names, &e.definition, counts, c))
                }
            }
        }
        @if rounds.len() > 1 {
            (round_list(lang, &id, &rounds))
        }
        (checkpoint_section(lang, e.checkpoint.0, &e.root, &e.checkpoint.1))
        (verify_section(lang, &id, &board_url(&headers)))
    };
    page.render(StatusCode::OK, body)
}

/// The summary a notice leads with: per contest, who is elected, kept, trusted or rated
/// not competent, and whatever people must still decide.
fn headline(lang: Lang, names: &Names, outcome: &Outcome) -> Markup {
    let people = |ids: &[&str]| {
        ids.iter()
            .map(|id| lang.name(&names.get(id)).to_owned())
            .collect::<Vec<_>>()
            .join(lang.pick("、", ", "))
    };
    html! {
        section.headline aria-labelledby="headline" {
            h2 #headline { (lang.pick("结果一览", "In short")) }
            ul {
                @for c in &outcome.contests {
                    li {
                        strong { (lang.name(&names.get(&c.contest))) (lang.pick("：", ": ")) }
                        (summary(lang, c, &people))
                        @if c.open_seats() > 0 {
                            " " strong.warn { "⚠ " (match lang {
                                Lang::Zh => format!("{} 个名额空缺", c.open_seats()),
                                Lang::En => format!("{} seat(s) unfilled", c.open_seats()),
                            }) }
                        }
                        @if c.has_tie() {
                            " " strong.warn { "⚠ " (lang.pick("平票，须另行决定", "a tie for people to decide")) }
                        }
                    }
                }
            }
        }
    }
}

/// One contest's result in a line.
fn summary(lang: Lang, c: &ContestOutcome, people: &dyn Fn(&[&str]) -> String) -> String {
    let list = |zh: &str, en: &str, ids: &[&str]| -> Option<String> {
        (!ids.is_empty()).then(|| format!("{}{}", lang.pick(zh, en), people(ids)))
    };
    let facts = || c.findings.iter().map(|f| &f.fact);
    let parts: Vec<String> = if !c.decided {
        vec![lang
            .pick("没有结果（原因见下文）", "no result (the reason is below)")
            .to_owned()]
    } else {
        match &c.totals {
            ContestTotals::Trust { .. } => {
                let trusted = |kept: bool| -> Vec<&str> {
                    facts()
                        .filter_map(|f| match f {
                            Fact::Trust {
                                candidate, kept: k, ..
                            } if *k == kept => Some(candidate.as_str()),
                            _ => None,
                        })
                        .collect()
                };
                let advisory = facts().any(|f| matches!(f, Fact::TrustShare { .. }));
                [
                    list("获得信任：", "trusted: ", &trusted(true)),
                    list("未获信任：", "not trusted: ", &trusted(false)),
                    advisory.then(|| {
                        lang.pick(
                            "信任票比例供参考（不设门槛），见下文",
                            "shares of trust, advisory (no threshold): below",
                        )
                        .to_owned()
                    }),
                ]
                .into_iter()
                .flatten()
                .collect()
            }
            ContestTotals::Evaluation { .. } => {
                let not_competent: Vec<&str> = facts()
                    .filter_map(|f| match f {
                        Fact::Verdict {
                            official,
                            verdict: Verdict::NotCompetent,
                            ..
                        } => Some(official.as_str()),
                        _ => None,
                    })
                    .collect();
                let judged = facts().any(|f| matches!(f, Fact::Verdict { .. }));
                match list("不称职：", "not competent: ", &not_competent) {
                    Some(line) => vec![line],
                    None if judged => vec![lang.pick("全部称职", "all competent").to_owned()],
                    None => vec![lang
                        .pick("满意率与得分见下文", "rates and scores below")
                        .to_owned()],
                }
            }
            ContestTotals::Recall { .. } => facts()
                .filter_map(|f| match f {
                    Fact::Recall { recalled, .. } => Some(
                        if *recalled {
                            lang.pick("罢免通过", "recalled")
                        } else {
                            lang.pick("罢免未通过", "not recalled")
                        }
                        .to_owned(),
                    ),
                    _ => None,
                })
                .collect(),
            ContestTotals::Votes { ranking, .. } => {
                let first: Vec<&str> = ranking
                    .iter()
                    .filter(|s| s.rank == 1)
                    .map(|s| s.candidate.as_str())
                    .collect();
                list("当选：", "elected: ", &c.elected())
                    .or_else(|| list("进入下一阶段：", "going on: ", &c.kept()))
                    .or_else(|| {
                        (c.open_seats() > 0)
                            .then(|| lang.pick("无人当选", "no one elected").to_owned())
                    })
                    .or_else(|| list("得票最多：", "most votes: ", &first))
                    .into_iter()
                    .collect()
            }
        }
    };
    parts.join(lang.pick("；", "; "))
}

/// Turnout per group against its quorum and minimum, with the findings in words.
fn turnout(lang: Lang, names: &Names, outcome: &Outcome) -> Markup {
    html! {
        section #turnout {
            h2 { (lang.pick("投票率", "Turnout")) }
            @for g in &outcome.groups {
                (group_turnout(lang, names, g))
            }
        }
    }
}

fn group_turnout(lang: Lang, names: &Names, g: &GroupOutcome) -> Markup {
    let rate = Fraction::new(g.ballots_cast, g.eligible.max(1))
        .map(|f| percent(&f))
        .unwrap_or_default();
    let quorum = g.findings.iter().find_map(|f| match &f.fact {
        Fact::Quorum { needed, .. } => Some(*needed),
        _ => None,
    });
    let turnout = match lang {
        Lang::Zh => format!("投票 {} / {} 人（{rate}）", g.ballots_cast, g.eligible),
        Lang::En => format!("{} of {} voted ({rate})", g.ballots_cast, g.eligible),
    };
    html! {
        div.group {
            h3 { (lang.name(&names.get(&g.group))) }
            p {
                (turnout) " "
                (bar(g.ballots_cast, g.eligible, quorum, &turnout))
                @if let Some(needed) = quorum {
                    " " span.quorum { (match lang {
                        Lang::Zh => format!("（竖线：法定人数 {needed}）"),
                        Lang::En => format!("(line: the quorum, {needed})"),
                    }) }
                }
            }
            ul.findings {
                @for f in &g.findings {
                    li { span.rule { (lang.name(&f.rule.words())) } " " (lang.name(&f.fact.words(names))) }
                }
                li { strong { (if g.valid {
                    lang.pick("本组选票有效。", "This group's ballots count.")
                } else {
                    lang.pick("本组选票不能决定任何结果。", "This group's ballots decide nothing.")
                }) } }
            }
        }
    }
}

/// When the board received the result, and the counts it published per group: the result
/// is the last entry of a decided election's log. `None` if the store cannot give it; the
/// page then shows the totals the outcome carries, which are the sums of these counts.
async fn published_result<S: Store>(
    board: &Board<S>,
    id: &str,
    size: u64,
) -> Option<(OffsetDateTime, Counts)> {
    let last = size.checked_sub(1)?;
    let stored = board.store().entries(id, last, 1).await.ok()?;
    let entry: LogEntry = serde_json::from_str(&stored.first()?.entry.json).ok()?;
    match entry.entry {
        Entry::Result(result) => Some((entry.received_at, result.body.counts)),
        _ => None,
    }
}

/// Each group's votes per candidate in `contest`, where more than one group answers it
/// (the outcome's ranking sums them): in definition group order.
fn votes_per_group(
    definition: &ElectionDefinition,
    counts: &Counts,
    contest: &str,
) -> Vec<(String, HashMap<String, u64>)> {
    let groups: Vec<&str> = definition
        .groups_answering(contest)
        .map(|g| g.id.as_str())
        .collect();
    if groups.len() < 2 {
        return Vec::new();
    }
    let mut out = Vec::new();
    for group in counts
        .groups
        .iter()
        .filter(|g| groups.contains(&g.group.as_str()))
    {
        let mut votes = HashMap::new();
        for question in definition.questions_of(contest) {
            let Some(counted) = group
                .questions
                .iter()
                .find(|q| q.question == question.index)
            else {
                continue;
            };
            for (option, n) in question.options.iter().zip(&counted.options) {
                if let OptionMeaning::Candidate(candidate) = &option.meaning {
                    *votes.entry(candidate.clone()).or_insert(0) += n;
                }
            }
        }
        out.push((group.group.clone(), votes));
    }
    out
}

/// One contest: its counts as a table with bars, and every finding with its rule.
fn contest(
    lang: Lang,
    names: &Names,
    definition: &ElectionDefinition,
    counts: Option<&Counts>,
    c: &ContestOutcome,
) -> Markup {
    let per_group = counts
        .map(|counts| votes_per_group(definition, counts, &c.contest))
        .unwrap_or_default();
    let status = |person: &str| -> Vec<String> {
        c.findings
            .iter()
            .filter_map(|f| {
                let (who, words) = f.fact.person_status()?;
                (who == person)
                    .then(|| format!("{} · {}", lang.name(&words), lang.name(&f.rule.words())))
            })
            .collect()
    };
    let name = |id: &str| lang.name(&names.get(id)).to_owned();
    let count_label = |who: &str, n: u64| match lang {
        Lang::Zh => format!("{who}：{n} 票"),
        Lang::En => format!("{who}: {n} votes"),
    };
    // The least votes that is a majority: the same for every candidate of the contest.
    let majority = c.findings.iter().find_map(|f| match &f.fact {
        Fact::Elected { needed, .. } | Fact::NoMajority { needed, .. } => Some(*needed),
        _ => None,
    });
    let trust_needed = |candidate: &str| {
        c.findings.iter().find_map(|f| match &f.fact {
            Fact::Trust {
                candidate: who,
                needed,
                ..
            } if who == candidate => Some(*needed),
            _ => None,
        })
    };
    let line_words = |needed: u64| match lang {
        Lang::Zh => format!("（竖线：需 {needed} 票）"),
        Lang::En => format!(" (line: {needed} needed)"),
    };
    html! {
        section.contest {
            h2 { (name(&c.contest)) }
            @if !c.decided {
                p.notice { "⚠ " (lang.pick("本项没有结果。票数照样公布。", "This contest has no result. Its counts are published all the same.")) }
            }
            @for f in c.findings.iter().filter(|f| matches!(f.fact, Fact::Tie { .. } | Fact::OpenSeats { .. } | Fact::NoCompetition { .. } | Fact::ShortList { .. })) {
                p.notice { "⚠ " (lang.name(&f.fact.words(names))) }
            }
            div.scroll {
                @match &c.totals {
                    ContestTotals::Votes { ballots, ranking } => {
                        table.counts.stack {
                            caption {
                                (match lang {
                                    Lang::Zh => format!("有效选票 {ballots} 张"),
                                    Lang::En => format!("{ballots} ballots"),
                                })
                                @if !per_group.is_empty() {
                                    (lang.pick("；得票为各组之和，各组得票分列于后。", "; votes are the groups' sum, each group's votes follow."))
                                }
                                @if let Some(needed) = majority {
                                    (match lang {
                                        Lang::Zh => format!("；图中竖线为过半数所需的 {needed} 票。"),
                                        Lang::En => format!("; the line in each bar is the majority, {needed} votes."),
                                    })
                                }
                            }
                            thead { tr {
                                th scope="col" class="num" { (lang.pick("名次", "Rank")) }
                                th scope="col" { (lang.pick("候选人", "Candidate")) }
                                th scope="col" class="result" { (lang.pick("结果 · 依据的规则", "Result · rule")) }
                                th scope="col" class="num" { (lang.pick("得票", "Votes")) }
                                @for (group, _) in &per_group {
                                    th scope="col" class="num" { (name(group)) }
                                }
                                th scope="col" class="barcell" { span.visually-hidden { (lang.pick("图示", "Chart")) } }
                            } }
                            tbody {
                                @for s in ranking {
                                    @let who = name(&s.candidate);
                                    tr {
                                        td.num data-label=(lang.pick("名次", "Rank")) { (s.rank) }
                                        th scope="row" { (who) }
                                        td.result { @for line in status(&s.candidate) { (line) br; } }
                                        td.num data-label=(lang.pick("得票", "Votes")) { (s.votes) }
                                        @for (group, votes) in &per_group {
                                            td.num data-label=(name(group)) { (votes.get(&s.candidate).copied().unwrap_or(0)) }
                                        }
                                        td.barcell { (bar(s.votes, *ballots, majority, &format!("{}{}", count_label(&who, s.votes), majority.map(line_words).unwrap_or_default()))) }
                                    }
                                }
                            }
                        }
                    }
                    ContestTotals::Trust { ballots, candidates } => {
                        table.counts.stack {
                            caption {
                                (match lang {
                                    Lang::Zh => format!("信任投票选票 {ballots} 张"),
                                    Lang::En => format!("{ballots} trust ballots"),
                                })
                                @if candidates.iter().any(|t| trust_needed(&t.candidate).is_some()) {
                                    (lang.pick("；图中竖线为保留所需的信任票数。", "; the line in each bar is the trust votes needed to stay."))
                                }
                            }
                            thead { tr {
                                th scope="col" { (lang.pick("候选人", "Candidate")) }
                                th scope="col" class="result" { (lang.pick("结果 · 依据的规则", "Result · rule")) }
                                th scope="col" class="num" { (lang.pick("信任", "Trust")) }
                                th scope="col" class="num" { (lang.pick("不信任", "No trust")) }
                                th scope="col" class="num" { (lang.pick("弃权", "Abstain")) }
                                th scope="col" class="barcell" { span.visually-hidden { (lang.pick("信任票图示", "Trust votes, chart")) } }
                            } }
                            tbody {
                                @for t in candidates {
                                    @let who = name(&t.candidate);
                                    tr {
                                        th scope="row" { (who) }
                                        td.result { @for line in status(&t.candidate) { (line) br; } }
                                        td.num data-label=(lang.pick("信任", "Trust")) { (t.trust) }
                                        td.num data-label=(lang.pick("不信任", "No trust")) { (t.no_trust) }
                                        td.num data-label=(lang.pick("弃权", "Abstain")) { (t.abstain) }
                                        @let needed = trust_needed(&t.candidate);
                                        td.barcell { (bar(t.trust, *ballots, needed, &format!("{}{}", count_label(&who, t.trust), needed.map(line_words).unwrap_or_default()))) }
                                    }
                                }
                            }
                        }
                    }
                    ContestTotals::Evaluation { officials } => {
                        @let rule = match definition.contest(&c.contest).map(|d| &d.kind) {
                            Some(ContestKind::Evaluation(e)) => Some(e),
                            _ => None,
                        };
                        @let scale = rule.map(|e| e.scale.clone()).unwrap_or_default();
                        @let verdict = rule.and_then(|e| e.verdict.as_ref());
                        @let levels = ordered_levels(&scale, verdict.map(|v| v.level.as_str()));
                        table.counts.evaluation.stack {
                            caption {
                                (lang.pick("各组的评价票数。", "Ratings per group. "))
                                (legend(lang, &scale, &levels, verdict))
                            }
                            thead { tr {
                                th scope="col" { (lang.pick("参评人", "Official")) }
                                th scope="col" class="verdict" { (lang.pick("总体评定", "Overall")) }
                                th scope="col" { (lang.pick("选民组", "Group")) }
                                @for level in &scale { th scope="col" class="num" { (lang.name(&level.label)) } }
                                th scope="col" class="barcell" { (lang.pick("评价分布", "Ratings")) }
                            } }
                            tbody {
                                @for o in officials {
                                    @let official = name(&o.official);
                                    @for (i, g) in o.groups.iter().enumerate() {
                                        tr {
                                            @if i == 0 {
                                                th scope="rowgroup" rowspan=(o.groups.len()) { (official) }
                                                td.verdict rowspan=(o.groups.len()) { (overall(lang, c, &o.official, &scale, verdict)) }
                                            } @else {
                                                th.again aria-hidden="true" { (official) }
                                            }
                                            td data-label=(lang.pick("选民组", "Group")) { (name(&g.group)) }
                                            @for (n, level) in g.levels.iter().zip(&scale) { td.num data-label=(lang.name(&level.label)) { (n) } }
                                            td.barcell { (stacked(lang, &scale, &levels, &g.levels, verdict, &format!("{official} · {}", name(&g.group)))) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    ContestTotals::Recall { ballots, eligible, yes, no, abstain } => {
                        @let summary = match lang {
                            Lang::Zh => format!("选票 {ballots} 张（全体应到 {eligible} 人）：同意 {yes}，不同意 {no}，弃权 {abstain}"),
                            Lang::En => format!("{ballots} ballots ({eligible} eligible): yes {yes}, no {no}, abstain {abstain}"),
                        };
                        p { (summary) " " (bar(*yes, *eligible, None, &summary)) }
                    }
                }
            }
            details.how open {
                summary { (lang.pick("如何决定（每一条都注明依据的规则）", "How it was decided (each with its rule)")) }
                ol.findings {
                    @for f in &c.findings {
                        li { span.rule { (lang.name(&f.rule.words())) } " " (lang.name(&f.fact.words(names))) }
                    }
                }
            }
        }
    }
}

/// The scale's levels in the order a stacked bar draws them: the scale's order, but the
/// verdict's level last, at the bar's right end, so that the verdict's line (at
/// `1 − more_than` from the left) is crossed exactly when its share is more than declared.
fn ordered_levels(scale: &[RatingLevel], verdict: Option<&str>) -> Vec<usize> {
    let (last, mut rest): (Vec<usize>, Vec<usize>) =
        (0..scale.len()).partition(|&i| Some(scale[i].id.as_str()) == verdict);
    rest.extend(last);
    rest
}

/// A level's shade: favourable levels dark to light, the others hatched; the verdict's
/// level in the warning colour. Never the only carrier of meaning: each segment has its
/// words, and the legend names each shade.
fn shade(scale: &[RatingLevel], i: usize, verdict: Option<&VerdictRule>) -> &'static str {
    if verdict.is_some_and(|v| v.level == scale[i].id) {
        return "seg verdict";
    }
    let favourable_before = scale[..i].iter().filter(|l| l.favourable).count();
    match (scale[i].favourable, favourable_before) {
        (true, 0) => "seg s0",
        (true, 1) => "seg s1",
        (true, _) => "seg s2",
        (false, _) => "seg s3",
    }
}

/// What the shades and the line mean, in words.
fn legend(
    lang: Lang,
    scale: &[RatingLevel],
    levels: &[usize],
    verdict: Option<&VerdictRule>,
) -> Markup {
    html! {
        span.legend {
            (lang.pick("图示从左到右：", "Each bar, left to right: "))
            @for (k, &i) in levels.iter().enumerate() {
                @if k > 0 { (lang.pick("、", ", ")) }
                span class=(shade(scale, i, verdict)) aria-hidden="true" {}
                " " (lang.name(&scale[i].label))
            }
            @if let Some(v) = verdict {
                @let label = scale.iter().find(|l| l.id == v.level).map_or(v.level.as_str(), |l| lang.name(&l.label));
                (match lang {
                    Lang::Zh => format!("。竖线：“{label}”超过 {} 即评定为不称职（“{label}”一段越过竖线）。", percent(&v.more_than)),
                    Lang::En => format!(". The line: more than {} “{label}” is not competent (the “{label}” segment crosses the line).", percent(&v.more_than)),
                })
            }
        }
    }
}

/// One group's ratings of one official as a stacked bar, with the verdict's line.
fn stacked(
    lang: Lang,
    scale: &[RatingLevel],
    levels: &[usize],
    counts: &[u64],
    verdict: Option<&VerdictRule>,
    who: &str,
) -> Markup {
    let total: u64 = counts.iter().sum();
    let width = |n: u64| {
        if total == 0 {
            0.0
        } else {
            n as f64 * 100.0 / total as f64
        }
    };
    let words: Vec<String> = levels
        .iter()
        .map(|&i| {
            let n = counts.get(i).copied().unwrap_or(0);
            format!("{} {n}", lang.name(&scale[i].label))
        })
        .collect();
    let label = format!(
        "{who}{}{}",
        lang.pick("：", ": "),
        words.join(lang.pick("，", ", "))
    );
    html! {
        span.bar.stacked role="img" aria-label=(label) title=(label) {
            @for &i in levels {
                @let n = counts.get(i).copied().unwrap_or(0);
                @if n > 0 {
                    span class=(shade(scale, i, verdict)) style=(format!("width:{:.1}%", width(n))) {}
                }
            }
            @if let Some(v) = verdict {
                @let at = 100.0 - v.more_than.num() as f64 * 100.0 / v.more_than.den().max(1) as f64;
                span.mark style=(format!("left:{at:.1}%")) {}
            }
        }
    }
}

/// An official's overall result: the verdict (from the outcome) with the combined share
/// at the verdict's level against the declared one, or the combined satisfaction rate.
fn overall(
    lang: Lang,
    c: &ContestOutcome,
    official: &str,
    scale: &[RatingLevel],
    verdict: Option<&VerdictRule>,
) -> Markup {
    let found = c.findings.iter().find_map(|f| match &f.fact {
        Fact::Verdict {
            official: o,
            share,
            more_than,
            verdict,
        } if o == official => Some((share, more_than, *verdict)),
        _ => None,
    });
    let rated = c.findings.iter().find_map(|f| match &f.fact {
        Fact::Rated {
            official: o,
            satisfaction,
            ..
        } if o == official => Some(satisfaction),
        _ => None,
    });
    let label = verdict
        .and_then(|v| scale.iter().find(|l| l.id == v.level))
        .map(|l| lang.name(&l.label).to_owned())
        .unwrap_or_default();
    html! {
        @match found {
            Some((share, more_than, Verdict::NotCompetent)) => {
                strong.bad { "✗ " (lang.pick("不称职", "Not competent")) }
                br;
                (format!("{label} {}{} {}", percent(share), lang.pick("，超过", " > "), percent(more_than)))
            }
            Some((share, more_than, Verdict::Competent)) => {
                strong.ok { "✓ " (lang.pick("称职", "Competent")) }
                br;
                (format!("{label} {}{} {}", percent(share), lang.pick("，未超过", " ≤ "), percent(more_than)))
            }
            None => {
                @if let Some(rate) = rated {
                    (lang.pick("满意率 ", "Satisfaction ")) strong { (percent(rate)) }
                }
            }
        }
    }
}

/// One round of a multi-round election: its id, title and outcome if published.
struct RoundEntry {
    number: u32,
    id: String,
    definition: ElectionDefinition,
    outcome: Option<Outcome>,
}

/// Every round of the chain `definition` belongs to, in round order: the earlier rounds it
/// names, itself, and the later rounds on this board that follow it.
async fn rounds<S: Store>(
    board: &Board<S>,
    definition: &ElectionDefinition,
) -> Result<Vec<RoundEntry>, crate::server::error::ApiError> {
    let Some(round) = &definition.document().round else {
        return Ok(Vec::new());
    };
    let entry = |d: &ElectionDefinition, o: Option<Outcome>| RoundEntry {
        number: d.document().round.as_ref().map_or(0, |r| r.number),
        id: d.election_id().to_owned(),
        definition: d.clone(),
        outcome: o,
    };
    let mut out: Vec<RoundEntry> = board
        .earlier(definition)
        .await?
        .into_iter()
        .filter(|(d, _)| d.document().round.is_some())
        .map(|(d, o)| entry(&d, Some(o)))
        .collect();
    let mut last = (definition.election_id().to_owned(), definition.hash());
    out.push(entry(definition, board.find(&last.0).await?.outcome()));
    // Later rounds name their predecessor; follow the chain forward through the board.
    let all = board.elections().await?;
    for _ in round.number as usize..round.plan.posts.len() {
        let next = all.iter().find_map(|e| {
            let d = e.state.read().ok()?.definition().clone();
            let follows = d.document().round.as_ref()?.follows.as_ref()?;
            (follows.election_id == last.0 && follows.definition_hash == last.1)
                .then(|| (d, e.outcome()))
        });
        let Some((d, o)) = next else { break };
        last = (d.election_id().to_owned(), d.hash());
        out.push(entry(&d, o));
    }
    out.sort_by_key(|r| r.number);
    Ok(out)
}

fn round_list(lang: Lang, current: &str, rounds: &[RoundEntry]) -> Markup {
    html! {
        section #rounds {
            h2 { (lang.pick("各轮结果（按顺序）", "The rounds, in order")) }
            ol.rounds {
                @for r in rounds {
                    @let names = Names::of(&r.definition);
                    li {
                        @match lang {
                            Lang::Zh => { "第 " (r.number) " 轮：" }
                            Lang::En => { "Round " (r.number) ": " }
                        }
                        @if r.id == current {
                            strong { (lang.name(&r.definition.document().title)) } (lang.pick("（本页）", " (this page)"))
                        } @else {
                            a href=(lang.href(&format!("/e/{}/result", r.id))) { (lang.name(&r.definition.document().title)) }
                        }
                        " — "
                        @match &r.outcome {
                            None => { (lang.pick("结果尚未公布", "result not published yet")) }
                            Some(o) => {
                                @let elected: Vec<String> = o.contests.iter().flat_map(|c| c.elected()).map(|id| lang.name(&names.get(id)).to_owned()).collect();
                                @if elected.is_empty() {
                                    (lang.pick("无人当选", "no one elected"))
                                } @else {
                                    (lang.pick("当选 ", "elected ")) (elected.join(lang.pick("、", ", ")))
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    const EXAMPLES: [&str; 11] = [
        "nanjing-recommendation",
        "nanjing-recommendation-xuanwu",
        "nanjing-assembly",
        "pingchang-recommendation",
        "pingchang-round1",
        "pingchang-round2",
        "pingchang-round3",
        "pingchang-recall",
        "xinzhou-2023",
        "xinzhou",
        "nanning",
    ];

    fn example(name: &str) -> (ElectionDefinition, Outcome, Counts) {
        let read = |file: String| {
            std::fs::read_to_string(format!(
                "{}/../../examples/{file}",
                env!("CARGO_MANIFEST_DIR")
            ))
            .unwrap()
        };
        let definition = ElectionDefinition::from_json(&read(format!("{name}.json"))).unwrap();
        let outcome = serde_json::from_str(&read(format!("{name}.outcome.json"))).unwrap();
        let counts = serde_json::from_str(&read(format!("{name}.counts.json"))).unwrap();
        (definition, outcome, counts)
    }

    /// Text as the page holds it: escaped.
    fn escaped(text: &str) -> String {
        html! { (text) }.into_string()
    }

    /// Every example's published outcome — recommendations, trust votes, funnels, the
    /// rounds, evaluations pooled and weighted, a verdict two years running — reads in both
    /// languages: every contest, every person, every finding with its rule.
    #[test]
    fn every_example_outcome_reads_in_both_languages() {
        for name in EXAMPLES {
            let (definition, outcome, counts) = example(name);
            let names = Names::of(&definition);
            for lang in [Lang::Zh, Lang::En] {
                let page = html! {
                    (headline(lang, &names, &outcome))
                    (turnout(lang, &names, &outcome))
                    @for c in &outcome.contests { (contest(lang, &names, &definition, Some(&counts), c)) }
                }
                .into_string();
                for c in &outcome.contests {
                    assert!(page.contains(&escaped(lang.name(&names.get(&c.contest)))));
                    for f in &c.findings {
                        let line = format!(
                            "<span class=\"rule\">{}</span> {}",
                            escaped(lang.name(&f.rule.words())),
                            escaped(lang.name(&f.fact.words(&names)))
                        );
                        assert!(page.contains(&line), "{name}: {line}");
                    }
                }
                for d in &definition.document().contests {
                    for p in d.kind.people() {
                        assert!(page.contains(&escaped(lang.name(&p.name))), "{name}");
                    }
                }
                for g in &outcome.groups {
                    assert!(page.contains(&escaped(lang.name(&names.get(&g.group)))));
                }
            }
        }
    }

    /// Where two groups answer one contest (Pingchang's recommendation: members and
    /// resident representatives), each group's votes stand beside the total, and add up
    /// to it.
    #[test]
    fn a_contest_two_groups_answer_shows_each_groups_votes() {
        let (definition, outcome, counts) = example("pingchang-recommendation");
        let c = &outcome.contests[0];
        let per_group = votes_per_group(&definition, &counts, &c.contest);
        assert_eq!(per_group.len(), 2);
        let ContestTotals::Votes { ranking, .. } = &c.totals else {
            panic!("a recommendation has votes")
        };
        for s in ranking {
            let sum: u64 = per_group
                .iter()
                .map(|(_, votes)| votes.get(&s.candidate).copied().unwrap_or(0))
                .sum();
            assert_eq!(sum, s.votes, "{}", s.candidate);
        }
        assert!(per_group.iter().all(|(_, v)| v.values().any(|n| *n > 0)));
        let names = Names::of(&definition);
        let page = contest(Lang::Zh, &names, &definition, Some(&counts), c).into_string();
        for (group, _) in &per_group {
            let header = format!(
                "<th scope=\"col\" class=\"num\">{}</th>",
                escaped(&names.get(group).zh)
            );
            assert!(page.contains(&header), "{header}");
        }
        // One group alone: no columns per group.
        let (nanjing, outcome, counts) = example("nanjing-assembly");
        assert!(votes_per_group(&nanjing, &counts, &outcome.contests[0].contest).is_empty());
    }

    /// The headline names who an evaluation found not competent; the flag for two years
    /// running is stated with its rule.
    #[test]
    fn an_evaluation_headline_names_the_not_competent() {
        let (definition, outcome, _) = example("xinzhou");
        let names = Names::of(&definition);
        let not_competent: Vec<String> = outcome
            .contests
            .iter()
            .flat_map(|c| &c.findings)
            .filter_map(|f| match &f.fact {
                Fact::Verdict {
                    official,
                    verdict: Verdict::NotCompetent,
                    ..
                } => Some(names.get(official).zh),
                _ => None,
            })
            .collect();
        assert!(!not_competent.is_empty());
        let page = headline(Lang::Zh, &names, &outcome).into_string();
        for official in &not_competent {
            assert!(page.contains(&format!("不称职：{official}")), "{page}");
        }
        let full = contest(Lang::En, &names, &definition, None, &outcome.contests[1]).into_string();
        assert!(full.contains("not competent twice running"), "{full}");
    }

    /// An evaluation at a glance: per official and group a stacked bar of every level, the
    /// verdict's level last with the verdict's line on it; an overall column with the
    /// verdict; the bars' text equivalents and a legend in words.
    #[test]
    fn an_evaluation_shows_stacked_bars_with_the_verdicts_line() {
        let (definition, outcome, counts) = example("xinzhou");
        let names = Names::of(&definition);
        for c in &outcome.contests {
            let ContestTotals::Evaluation { officials } = &c.totals else {
                continue;
            };
            let Some(ContestKind::Evaluation(rule)) =
                definition.contest(&c.contest).map(|d| &d.kind)
            else {
                panic!("an evaluation contest")
            };
            let page = contest(Lang::Zh, &names, &definition, Some(&counts), c).into_string();
            let bars = officials.iter().map(|o| o.groups.len()).sum::<usize>();
            assert_eq!(page.matches("class=\"bar stacked\"").count(), bars);
            if let Some(v) = &rule.verdict {
                // The line at 1 − more_than, once per bar.
                let at = 100.0 - v.more_than.num() as f64 * 100.0 / v.more_than.den() as f64;
                assert_eq!(
                    page.matches(&format!("left:{at:.1}%")).count(),
                    bars,
                    "{page}"
                );
                // The verdict's level is drawn last, whatever its place in the scale.
                let order = ordered_levels(&rule.scale, Some(&v.level));
                assert_eq!(rule.scale[*order.last().unwrap()].id, v.level);
                assert!(page.contains("竖线："), "{page}");
                for o in officials {
                    let verdict = c.verdict(&o.official);
                    let words = match verdict {
                        Some(Verdict::NotCompetent) => "✗ 不称职",
                        Some(Verdict::Competent) => "✓ 称职",
                        None => continue,
                    };
                    assert!(page.contains(words), "{page}");
                }
            }
            // Each bar says its counts in words.
            let o = &officials[0];
            let label = format!(
                "aria-label=\"{} · {}：{}",
                escaped(&names.get(&o.official).zh),
                escaped(&names.get(&o.groups[0].group).zh),
                escaped(&rule.scale[0].label.zh)
            );
            assert!(page.contains(&label), "{label}\n{page}");
        }
    }

    /// Candidate and trust bars carry their threshold's line, said in words too; the
    /// result column comes right after the name, so a narrow screen never hides it.
    #[test]
    fn votes_and_trust_bars_carry_their_thresholds_line() {
        for name in ["nanjing-assembly", "pingchang-round1"] {
            let (definition, outcome, counts) = example(name);
            let names = Names::of(&definition);
            for c in &outcome.contests {
                let page = contest(Lang::Zh, &names, &definition, Some(&counts), c).into_string();
                let needed = c.findings.iter().find_map(|f| match &f.fact {
                    Fact::Elected { needed, .. } | Fact::NoMajority { needed, .. } => Some(*needed),
                    Fact::Trust { needed, .. } => Some(*needed),
                    _ => None,
                });
                if let Some(needed) = needed {
                    assert!(page.contains("class=\"mark\""), "{name}: {page}");
                    assert!(page.contains(&format!("需 {needed} 票")), "{name}: {page}");
                }
                if matches!(
                    c.totals,
                    ContestTotals::Votes { .. } | ContestTotals::Trust { .. }
                ) {
                    let candidate = page.find("<th scope=\"row\">").unwrap();
                    let result = page[candidate..].find("class=\"result\"").unwrap();
                    let number = page[candidate..].find("class=\"num\"").unwrap();
                    assert!(
                        result < number,
                        "{name}: the result comes before the numbers"
                    );
                }
            }
        }
    }
}
