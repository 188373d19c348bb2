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
    Fraction, GroupOutcome, Names, OptionMeaning, Outcome, Verdict,
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
                        table.counts {
                            caption {
                                (match lang {
                                    Lang::Zh => format!("有效选票 {ballots} 张"),
                                    Lang::En => format!("{ballots} ballots"),
                                })
                                @if !per_group.is_empty() {
                                    (lang.pick("；得票为各组之和，各组得票分列于后。", "; votes are the groups' sum, each group's votes follow."))
                                }
                            }
                            thead { tr {
                                th scope="col" class="num" { (lang.pick("名次", "Rank")) }
                                th scope="col" { (lang.pick("候选人", "Candidate")) }
                                th scope="col" class="num" { (lang.pick("得票", "Votes")) }
                                @for (group, _) in &per_group {
                                    th scope="col" class="num" { (name(group)) }
                                }
                                th scope="col" class="barcell" { span.visually-hidden { (lang.pick("图示", "Chart")) } }
                                th scope="col" { (lang.pick("结果 · 依据的规则", "Result · rule")) }
                            } }
                            tbody {
                                @for s in ranking {
                                    @let who = name(&s.candidate);
                                    tr {
                                        td.num { (s.rank) }
                                        th scope="row" { (who) }
                                        td.num { (s.votes) }
                                        @for (_, votes) in &per_group {
                                            td.num { (votes.get(&s.candidate).copied().unwrap_or(0)) }
                                        }
                                        td.barcell { (bar(s.votes, *ballots, None, &count_label(&who, s.votes))) }
                                        td { @for line in status(&s.candidate) { (line) br; } }
                                    }
                                }
                            }
                        }
                    }
                    ContestTotals::Trust { ballots, candidates } => {
                        table.counts {
                            caption { (match lang {
                                Lang::Zh => format!("信任投票选票 {ballots} 张"),
                                Lang::En => format!("{ballots} trust ballots"),
                            }) }
                            thead { tr {
                                th scope="col" { (lang.pick("候选人", "Candidate")) }
                                th scope="col" class="num" { (lang.pick("信任", "Trust")) }
                                th scope="col" class="num" { (lang.pick("不信任", "No trust")) }
                                th scope="col" class="num" { (lang.pick("弃权", "Abstain")) }
                                th scope="col" class="barcell" { span.visually-hidden { (lang.pick("信任票图示", "Trust votes, chart")) } }
                                th scope="col" { (lang.pick("结果 · 依据的规则", "Result · rule")) }
                            } }
                            tbody {
                                @for t in candidates {
                                    @let who = name(&t.candidate);
                                    tr {
                                        th scope="row" { (who) }
                                        td.num { (t.trust) }
                                        td.num { (t.no_trust) }
                                        td.num { (t.abstain) }
                                        td.barcell { (bar(t.trust, *ballots, None, &count_label(&who, t.trust))) }
                                        td { @for line in status(&t.candidate) { (line) br; } }
                                    }
                                }
                            }
                        }
                    }
                    ContestTotals::Evaluation { officials } => {
                        @let scale = match definition.contest(&c.contest).map(|d| &d.kind) {
                            Some(ContestKind::Evaluation(e)) => e.scale.clone(),
                            _ => Vec::new(),
                        };
                        table.counts {
                            caption { (lang.pick("各组的评价票数", "Ratings per group")) }
                            thead { tr {
                                th scope="col" { (lang.pick("参评人", "Official")) }
                                th scope="col" { (lang.pick("选民组", "Group")) }
                                @for level in &scale { th scope="col" class="num" { (lang.name(&level.label)) } }
                                th scope="col" class="barcell" { (lang.pick("满意（含基本满意）", "Favourable")) }
                            } }
                            tbody {
                                @for o in officials {
                                    @for (i, g) in o.groups.iter().enumerate() {
                                        @let total: u64 = g.levels.iter().sum();
                                        @let favourable: u64 = g.levels.iter().zip(&scale).filter(|(_, l)| l.favourable).map(|(n, _)| *n).sum();
                                        tr {
                                            @if i == 0 { th scope="rowgroup" rowspan=(o.groups.len()) { (name(&o.official)) } }
                                            td { (name(&g.group)) }
                                            @for n in &g.levels { td.num { (n) } }
                                            td.barcell { (bar(favourable, total, None, &format!("{favourable} / {total}"))) " " (favourable) " / " (total) }
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
}
