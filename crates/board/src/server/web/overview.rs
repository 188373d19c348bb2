//! `/e/{id}`: one election as its notice reads — the definition in words (posts,
//! candidates, groups and their rules), where the election stands, the trustees and their
//! key ceremony, the latest signed checkpoint, and how to find a ballot or verify it all.

use axum::extract::{Path, Query};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use maud::{html, Markup};
use zhixuan_election::{ContestKind, Names};
use zhixuan_tally::TrusteeIndex;

use super::{
    board_url, checkpoint_section, failed, phase, verify_section, when, Href, Lang, Page, Shared,
    Snapshot, View, LIVE,
};
use crate::store::Store;
use zhixuan_record::{Phase, Withdrawal};

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
    let path = format!("/e/{id}");
    let title = lang.name(&e.definition.document().title).to_owned();
    let page = Page {
        lang,
        title: &title,
        path: &path,
        refresh: (e.phase == Phase::Voting).then_some(LIVE),
    };
    let body = html! {
        h1 { (title) }
        p.meta {
            (lang.pick("选举编号 ", "Election id ")) code { (id) }
            br;
            (lang.pick("定义哈希 ", "Definition hash ")) code.hash { (e.definition.hash().to_string()) }
        }
        (progress(lang, e.phase))
        @if let Some(w) = &e.withdrawal {
            (withdrawn(lang, w))
        }
        nav.actions {
            @if e.outcome.is_some() {
                a.button href=(lang.href(&format!("{path}/result"))) { (lang.pick("查看结果", "See the result")) }
            }
            // A withdrawn election never had a ballot to find.
            @if e.withdrawal.is_none() {
                a.button href=(lang.href(&format!("{path}/track"))) { (lang.pick("用跟踪码查找选票", "Find a ballot by tracking code")) }
            }
            a.button href="#verify" { (lang.pick("下载记录并验证", "Download and verify")) }
        }
        (definition(lang, &e))
        (trustees(lang, &e))
        (checkpoint_section(lang, e.checkpoint.0, &e.root, &e.checkpoint.1))
        (verify_section(lang, &id, &board_url(&headers)))
    };
    page.render(StatusCode::OK, body)
}

/// The lifecycle, with the current phase marked in words, not only in style.
pub(super) fn progress(lang: Lang, now: Phase) -> Markup {
    // A withdrawn election left the lifecycle: its state is said, not drawn as a step.
    let position = Phase::LIFECYCLE.iter().position(|p| *p == now);
    html! {
        section.progress aria-label=(lang.pick("选举进程", "Progress of the election")) {
            p { (lang.pick("当前状态：", "Current state: ")) strong { (phase(lang, now)) } }
            @if let Some(position) = position { ol.phases {
                @for (i, p) in Phase::LIFECYCLE.iter().enumerate() {
                    @if i < position {
                        li.done { "✓ " (phase(lang, *p)) }
                    } @else if i == position {
                        li.now aria-current="step" { "▶ " (phase(lang, *p)) (lang.pick("（当前）", " (now)")) }
                    } @else {
                        li { (phase(lang, *p)) }
                    }
                }
            } }
        }
    }
}

/// The organiser's withdrawal (`spec/board.md` §5.5a): why, what replaces the election,
/// and that its slips are void.
pub(super) fn withdrawn(lang: Lang, w: &Withdrawal) -> Markup {
    html! {
        section.withdrawn role="status" {
            h2 { (lang.pick("本次选举已在投票前撤回", "This election was withdrawn before voting")) }
            @if let Some(next) = &w.replaced_by {
                p.replaced {
                    (lang.pick("已撤回 — 由以下选举取代：", "Withdrawn — replaced by "))
                    a href=(lang.href(&format!("/e/{next}"))) { code { (next) } }
                }
            }
            p { (lang.pick("组织者说明的理由：", "The organiser's reason: ")) q { (w.reason) } }
            p { (lang.pick(
                "本次选举的选民凭证（选票单）作废，不能用于任何选举。公告栏不再接受本次选举的任何内容。",
                "This election's voter slips are void and count in no election. The board accepts nothing more for this election.",
            )) }
        }
    }
}

fn definition(lang: Lang, e: &Snapshot) -> Markup {
    let doc = e.definition.document();
    let names = Names::of(&e.definition);
    html! {
        section #voting {
            h2 { (lang.pick("投票时间与规则", "Voting window and rules")) }
            p {
                (lang.pick("投票时间：", "Voting: ")) (when(doc.voting.opens)) " — " (when(doc.voting.closes))
                br;
                (lang.name(&doc.revote.words()))
            }
        }
        @if let Some(round) = &doc.round {
            section #round {
                h2 { (lang.pick("轮次", "Rounds")) }
                p {
                    @match lang {
                        Lang::Zh => { "本选举是第 " (round.number) " 轮，共 " (round.plan.posts.len()) " 轮，从最高职位选起：" }
                        Lang::En => { "This election is round " (round.number) " of " (round.plan.posts.len()) ", top post first:" }
                    }
                }
                ol {
                    @for (i, post) in round.plan.posts.iter().enumerate() {
                        li {
                            (lang.name(&post.name))
                            @match lang {
                                Lang::Zh => { "（" (post.seats) " 个名额）" }
                                Lang::En => { " (" (post.seats) " seat(s))" }
                            }
                            @if i + 1 == round.number as usize { strong { (lang.pick(" ← 本轮", " ← this round")) } }
                        }
                    }
                }
                @if let Some(follows) = &round.follows {
                    p {
                        (lang.pick("上一轮：", "Previous round: "))
                        a href=(lang.href(&format!("/e/{}/result", follows.election_id))) { code { (follows.election_id) } }
                        (lang.pick("。上一轮已当选的人不再参加本轮。", ". Those elected in an earlier round do not run again."))
                    }
                }
            }
        }
        section #groups {
            h2 { (lang.pick("选民组", "Voter groups")) }
            p { (lang.pick("各组分别计票。", "Each group's ballots are tallied separately.")) }
            @for (g, cast) in doc.groups.iter().zip(&e.ballots) {
                article.group {
                    h3 { (lang.name(&g.name)) }
                    dl.facts {
                        dt { (lang.pick("应到", "Eligible")) } dd { (g.eligible) }
                        dt { (lang.pick("已投", "Cast")) } dd { (cast) }
                        dt { (lang.pick("投票事项", "Votes on")) }
                        dd { @for (i, c) in g.contests.iter().enumerate() {
                            @if i > 0 { (lang.pick("；", "; ")) }
                            (lang.name(&names.get(c)))
                        } }
                        @let rules = g.rule_words(&names);
                        @if !rules.is_empty() {
                            dt { (lang.pick("规则", "Rules")) }
                            dd { @for rule in &rules { (lang.name(rule)) br; } }
                        }
                    }
                }
            }
        }
        section #contests {
            h2 { (lang.pick("投票事项与候选人", "What is voted on, and the candidates")) }
            @for c in &doc.contests {
                article.contest {
                    h3 { (lang.name(&c.title)) }
                    ul.rules { @for rule in c.kind.rule_words(&names) { li { (lang.name(&rule)) } } }
                    p { (match c.kind {
                        ContestKind::Evaluation(_) | ContestKind::Recall(_) => lang.pick("参评人：", "Officials:"),
                        _ => lang.pick("候选人：", "Candidates:"),
                    }) }
                    ol.people {
                        @for p in c.kind.people() {
                            li { (lang.name(&p.name)) " " code { (p.id) } }
                        }
                    }
                }
            }
        }
    }
}

/// The trustees, the threshold, and how far the key ceremony and the decryption went.
fn trustees(lang: Lang, e: &Snapshot) -> Markup {
    let doc = e.definition.document();
    let status = |i: TrusteeIndex| -> &'static str {
        match &e.ceremony {
            None if e.dealers.contains(&i) => lang.pick("已公布密钥分发", "has dealt"),
            None => lang.pick("尚未公布密钥分发", "has not dealt yet"),
            Some(c) if c.qualified.contains(&i) => lang.pick("密钥分发合格", "dealt, qualified"),
            Some(c) if c.disqualified.contains(&i) => {
                lang.pick("因有效投诉被取消资格", "disqualified by a valid complaint")
            }
            Some(_) => lang.pick("未参加密钥分发", "did not deal"),
        }
    };
    html! {
        section #trustees {
            h2 { (lang.pick("监督委员（密钥持有人）", "Trustees (supervision committee)")) }
            p {
                @match lang {
                    Lang::Zh => { "选举密钥由 " (doc.trustees.len()) " 位监督委员分持，任意 " (doc.threshold) " 位共同解密计票结果；少于 " (doc.threshold) " 位无法解密任何选票。" }
                    Lang::En => { "The election key is shared among " (doc.trustees.len()) " trustees; any " (doc.threshold) " of them together decrypt the tally, and fewer cannot decrypt any ballot." }
                }
                @if e.complaints > 0 {
                    " " (lang.pick("密钥生成中的投诉：", "Complaints in the key ceremony: ")) (e.complaints)
                }
            }
            @if e.ceremony.is_none() && !e.awaited.is_empty() {
                p.awaited {
                    (lang.pick(
                        "投票开始前，每位已分发的监督委员须确认或投诉其他人的分发。尚待答复：",
                        "Before voting opens, every trustee who dealt must acknowledge or complain about every other dealing. Still awaited: ",
                    ))
                    @for (n, (dealer, recipient)) in e.awaited.iter().enumerate() {
                        @if n > 0 { (lang.pick("；", "; ")) }
                        @match lang {
                            Lang::Zh => { "监督委员 " (recipient) " 对 " (dealer) " 的分发" }
                            Lang::En => { "trustee " (recipient) " on trustee " (dealer) "'s dealing" }
                        }
                    }
                }
            }
            div.scroll {
                table {
                    thead { tr {
                        th scope="col" class="num" { "#" }
                        th scope="col" { (lang.pick("姓名", "Name")) }
                        th scope="col" { (lang.pick("密钥生成", "Key ceremony")) }
                        th scope="col" { (lang.pick("解密", "Decryption")) }
                    } }
                    tbody {
                        @for (n, t) in doc.trustees.iter().enumerate() {
                            @let i = TrusteeIndex(n as u32 + 1);
                            tr {
                                td.num { (i.0) }
                                th scope="row" { (lang.name(&t.name)) " " code { (t.id) } }
                                td { (status(i)) }
                                td {
                                    @if e.decrypted_by.contains(&i) {
                                        (lang.pick("✓ 已公布部分解密", "✓ published a partial decryption"))
                                    } @else if e.phase == Phase::Tallied || e.phase == Phase::Decided {
                                        (lang.pick("未参加", "did not take part"))
                                    } @else {
                                        "—"
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
