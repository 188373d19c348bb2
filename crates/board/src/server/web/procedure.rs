//! `/p/{id}`: a procedure as a timeline (`spec/board.md` §12): each stage in order, with
//! its rule, its publicity period, what was published in it — registrants and their
//! channels, the review's decisions and reasons, objections and their answers, the lot's
//! order, the linked election, a body's decision — and the list it closed with.

use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{html, Markup};
use zhixuan_election::{Channel, Stage, StageRule};
use zhixuan_record::{LogEntry, PostList, ProcedureEntry};

use super::{failed, when, Href, Lang, Page, Shared, View};
use crate::server::procedure::{entries, info};
use crate::store::Store;

fn channel(lang: Lang, c: Channel) -> &'static str {
    match c {
        Channel::Organisation => lang.pick("组织推荐", "organisation"),
        Channel::SelfNomination => lang.pick("个人自荐", "self-nomination"),
        Channel::Joint => lang.pick("联名举荐", "joint nomination"),
    }
}

fn rule(lang: Lang, stage: &Stage) -> String {
    match &stage.rule {
        StageRule::Announcement {
            meeting,
            notice_days,
        } => match lang {
            Lang::Zh => format!("会议 {}，至少提前 {notice_days} 天公告", when(*meeting)),
            Lang::En => format!("meeting {}, announced at least {notice_days} days ahead", when(*meeting)),
        },
        StageRule::Registration {
            opens,
            closes,
            joint_signers_at_least,
            posts_per_registrant_at_most,
            ..
        } => match lang {
            Lang::Zh => format!(
                "{} 至 {}；每人最多报 {posts_per_registrant_at_most} 个职位；联名至少 {joint_signers_at_least} 人",
                when(*opens),
                when(*closes)
            ),
            Lang::En => format!(
                "{} to {}; at most {posts_per_registrant_at_most} posts each; joint nominations with at least {joint_signers_at_least} signers",
                when(*opens),
                when(*closes)
            ),
        },
        StageRule::Decision { pick, post, .. } => match lang {
            Lang::Zh => format!("从 {post} 名单中确定 {pick} 人"),
            Lang::En => format!("picks {pick} from the list of {post}"),
        },
        StageRule::Petition { members, share, .. } => match lang {
            Lang::Zh => format!("至少 {share} 的 {members} 名党员联名"),
            Lang::En => format!("at least {share} of {members} members sign"),
        },
        StageRule::Vote { post, contest } => match lang {
            Lang::Zh => format!("{post} 名单即选举中 {contest} 的候选人"),
            Lang::En => format!("the list of {post} is the candidates of contest {contest}"),
        },
        _ => String::new(),
    }
}

fn item(lang: Lang, entry: &LogEntry<ProcedureEntry>) -> Option<Markup> {
    let at = when(entry.received_at);
    let line = match &entry.entry {
        ProcedureEntry::Announcement(s) => html! { (lang.name(&s.body.text)) },
        ProcedureEntry::Registration(s) => html! {
            strong { (lang.name(&s.body.registrant.name)) } " (" code { (s.body.registrant.id) } ") — "
            (channel(lang, s.body.channel)) " — " (s.body.posts.join(", "))
            @if !s.body.signers.is_empty() { " — " (s.body.signers.len()) (lang.pick(" 人联名", " signers")) }
        },
        ProcedureEntry::ReviewDecision(s) => html! {
            code { (s.body.registrant) } " — "
            @if s.body.qualified { (lang.pick("合格", "qualified")) } @else { strong { (lang.pick("不合格", "not qualified")) } }
            " — " (lang.name(&s.body.reason))
        },
        ProcedureEntry::Objection(s) => {
            html! { strong { (lang.pick("异议", "Objection")) } " #" (entry.index) ": " (lang.name(&s.body.text)) }
        }
        ProcedureEntry::ObjectionAnswer(s) => html! {
            strong { (lang.pick("答复", "Answer")) } " #" (s.body.objection) ": "
            (if s.body.upheld { lang.pick("异议成立", "upheld") } else { lang.pick("异议不成立", "not upheld") })
            " — " (lang.name(&s.body.text))
        },
        ProcedureEntry::LotReveal(s) => {
            html! { code { (s.body.registrant) } (lang.pick(" 揭示了抽签密值", " revealed their lot secret")) }
        }
        ProcedureEntry::StageElection(s) => html! {
            (lang.pick("选举：", "Election: ")) a href=(lang.href(&format!("/e/{}", s.body.election_id))) { (s.body.election_id) }
        },
        ProcedureEntry::Decision(s) => {
            html! { strong { (s.body.chosen.join(", ")) } " — " (lang.name(&s.body.reasons)) }
        }
        ProcedureEntry::Petition(s) => {
            html! { (s.body.signers.len()) (lang.pick(" 名党员联名", " members signed")) }
        }
        ProcedureEntry::Endorsement(_) => html! { (lang.pick("已签署", "signed")) },
        ProcedureEntry::Statement(s) => {
            html! { code { (s.body.person) } ": " (lang.name(&s.body.text)) }
        }
        ProcedureEntry::StageClose(_) | ProcedureEntry::Plan(_) => return None,
    };
    Some(html! { li { time { (at) } " " (line) } })
}

fn lists(lang: Lang, lists: &[PostList], order: &[String]) -> Markup {
    html! {
        ul.lists {
            @for l in lists { li { strong { (l.post) } (lang.pick("：", ": ")) (l.people.join(", ")) } }
            @if !order.is_empty() { li { strong { (lang.pick("发言顺序", "speaking order")) } (lang.pick("：", ": ")) (order.join(", ")) } }
        }
    }
}

pub(super) async fn page<S: Store>(
    axum::extract::State(board): Shared<S>,
    Path(id): Path<String>,
    Query(view): Query<View>,
) -> Response {
    let lang = view.lang();
    let log = match board.procedure(&id).await {
        Ok(log) => log,
        Err(e) => return failed(lang, &e),
    };
    let (summary, plan, checkpoint) = {
        let log = log.lock().await;
        (info(&log), log.plan().clone(), log.checkpoint().to_owned())
    };
    let all = match entries(&board, &id, 0, summary.size).await {
        Ok(all) => all,
        Err(e) => return failed(lang, &e),
    };
    let title = lang.name(&plan.document().title).to_owned();
    let path = format!("/p/{id}");
    let page = Page {
        lang,
        title: &title,
        path: &path,
        refresh: None,
    };
    let body = html! {
        h1 { (title) }
        p {
            (lang.pick("选举程序的每个阶段都公布在公告栏上并经签名；每个阶段的名单都由上一阶段按规则得出，任何人都可以用 zhixuan-verify procedure 核验。",
                       "Every stage of the procedure is published on the board and signed; each stage's list follows from the one before by its rule, which anyone can check with zhixuan-verify procedure."))
        }
        p { (lang.pick("方案哈希：", "Plan hash: ")) code { (summary.plan_hash) } }
        ol.timeline {
            @for (i, stage) in plan.stages().iter().enumerate() {
                @let mine: Vec<&LogEntry<ProcedureEntry>> = all.iter().filter(|e| e.entry.stage() == Some(stage.id.as_str())).collect();
                @let close = mine.iter().find_map(|e| match &e.entry { ProcedureEntry::StageClose(c) => Some((e.received_at, c)), _ => None });
                li.stage {
                    h2 {
                        (lang.name(&stage.name)) " "
                        small { "(" (stage.rule.kind_words(lang)) ")" }
                        @if summary.closed_stages as usize == i { " " mark { (lang.pick("当前阶段", "current stage")) } }
                    }
                    @let r = rule(lang, stage);
                    @if !r.is_empty() { p { (r) } }
                    @if stage.publicity_days > 0 {
                        p { (lang.pick("公示期：", "Publicity period: ")) (stage.publicity_days) (lang.pick(" 天", " days")) }
                    }
                    ul.items { @for e in &mine { @if let Some(m) = item(lang, e) { (m) } } }
                    @if let Some((at, c)) = close {
                        p { strong { (lang.pick("公示名单", "Published list")) } " " time { (when(at)) } }
                        (lists(lang, &c.body.lists, &c.body.order))
                    }
                }
            }
        }
        h2 { (lang.pick("最新签名检查点", "Latest signed checkpoint")) }
        pre { (checkpoint) }
    };
    page.render(StatusCode::OK, body)
}
