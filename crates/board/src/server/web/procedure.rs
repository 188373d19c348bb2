//! `/p/{id}`: a procedure as a timeline (`spec/board.md` §12): each stage in order, with
//! its rule, its publicity period, what was published in it — registrants and their
//! channels, the review's decisions and reasons, objections and their answers, the lot's
//! order, the linked election, a body's decision — and the list it closed with.

use std::collections::BTreeMap;

use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{html, Markup};
use zhixuan_election::{Bilingual, Channel, ProcedurePlan, Stage, StageRule};
use zhixuan_record::{LogEntry, PostList, ProcedureEntry};

use super::{failed, when, Href, Lang, Page, Shared, View};
use crate::server::procedure::{entries, info};
use crate::store::Store;

/// The names the page shows for ids: posts from the plan; people from their registrations,
/// then from the candidates and officials of the elections the vote stages link (an
/// evaluation's officials register nowhere).
struct Names {
    posts: BTreeMap<String, Bilingual>,
    people: BTreeMap<String, Bilingual>,
}

impl Names {
    async fn new<S: Store>(
        board: &crate::server::Board<S>,
        plan: &ProcedurePlan,
        all: &[LogEntry<ProcedureEntry>],
    ) -> Names {
        let posts = plan
            .document()
            .posts
            .iter()
            .map(|p| (p.id.clone(), p.name.clone()))
            .collect();
        let mut people = BTreeMap::new();
        for e in all {
            match &e.entry {
                ProcedureEntry::Registration(s) => {
                    let r = &s.body.registrant;
                    people.insert(r.id.clone(), r.name.clone());
                }
                ProcedureEntry::StageElection(s) => {
                    // An election not on this board leaves its ids unnamed.
                    let Ok(election) = board.find(&s.body.election_id).await else {
                        continue;
                    };
                    let Ok(state) = election.state.read() else {
                        continue;
                    };
                    for contest in &state.definition().document().contests {
                        for p in contest.kind.people() {
                            people.entry(p.id.clone()).or_insert_with(|| p.name.clone());
                        }
                    }
                }
                _ => {}
            }
        }
        Names { posts, people }
    }

    fn post<'a>(&'a self, lang: Lang, id: &'a str) -> &'a str {
        self.posts.get(id).map_or(id, |n| lang.name(n))
    }

    fn person<'a>(&'a self, lang: Lang, id: &'a str) -> &'a str {
        self.people.get(id).map_or(id, |n| lang.name(n))
    }

    fn people(&self, lang: Lang, ids: &[String]) -> String {
        let names: Vec<&str> = ids.iter().map(|id| self.person(lang, id)).collect();
        names.join(lang.pick("、", ", "))
    }
}

fn channel(lang: Lang, c: Channel) -> &'static str {
    match c {
        Channel::Organisation => lang.pick("组织推荐", "organisation"),
        Channel::SelfNomination => lang.pick("个人自荐", "self-nomination"),
        Channel::Joint => lang.pick("联名举荐", "joint nomination"),
    }
}

fn rule(lang: Lang, names: &Names, stage: &Stage) -> String {
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
        StageRule::Decision { pick, post, .. } => match (lang, names.post(lang, post)) {
            (Lang::Zh, post) => format!("从{post}名单中确定 {pick} 人"),
            (Lang::En, post) => format!("picks {pick} from the list of {post}"),
        },
        StageRule::Petition { members, share, .. } => match lang {
            Lang::Zh => format!("至少 {share} 的 {members} 名党员联名"),
            Lang::En => format!("at least {share} of {members} members sign"),
        },
        StageRule::Vote { post, contest } => match (lang, names.post(lang, post)) {
            (Lang::Zh, post) => format!("{post}名单即选举中 {contest} 的候选人（或受评人员）"),
            (Lang::En, post) => {
                format!("the list of {post} is the candidates (or those rated) of contest {contest}")
            }
        },
        _ => String::new(),
    }
}

fn item(lang: Lang, names: &Names, entry: &LogEntry<ProcedureEntry>) -> Option<Markup> {
    let at = when(entry.received_at);
    let line = match &entry.entry {
        ProcedureEntry::Announcement(s) => html! { (lang.name(&s.body.text)) },
        ProcedureEntry::Registration(s) => html! {
            strong { (lang.name(&s.body.registrant.name)) } " (" code { (s.body.registrant.id) } ") — "
            (channel(lang, s.body.channel)) " — "
            (s.body.posts.iter().map(|p| names.post(lang, p)).collect::<Vec<_>>().join(lang.pick("、", ", ")))
            @if !s.body.signers.is_empty() { " — " (s.body.signers.len()) (lang.pick(" 人联名", " signers")) }
        },
        ProcedureEntry::ReviewDecision(s) => html! {
            (names.person(lang, &s.body.registrant)) " — "
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
            html! { (names.person(lang, &s.body.registrant)) (lang.pick(" 揭示了抽签密值", " revealed their lot secret")) }
        }
        ProcedureEntry::StageElection(s) => html! {
            (lang.pick("选举：", "Election: ")) a href=(lang.href(&format!("/e/{}", s.body.election_id))) { (s.body.election_id) }
        },
        ProcedureEntry::Decision(s) => {
            html! { strong { (names.people(lang, &s.body.chosen)) } " — " (lang.name(&s.body.reasons)) }
        }
        ProcedureEntry::Petition(s) => {
            html! { (s.body.signers.len()) (lang.pick(" 名党员联名", " members signed")) }
        }
        ProcedureEntry::Endorsement(_) => html! { (lang.pick("已签署", "signed")) },
        ProcedureEntry::Statement(s) => {
            html! { (names.person(lang, &s.body.person)) ": " (lang.name(&s.body.text)) }
        }
        ProcedureEntry::StageClose(_) | ProcedureEntry::Plan(_) => return None,
    };
    Some(html! { li { time { (at) } " " (line) } })
}

fn lists(lang: Lang, names: &Names, lists: &[PostList], order: &[String]) -> Markup {
    html! {
        ul.lists {
            @for l in lists {
                li {
                    strong { (names.post(lang, &l.post)) } (lang.pick("：", ": "))
                    @if l.people.is_empty() { (lang.pick("（无）", "(none)")) } @else { (names.people(lang, &l.people)) }
                }
            }
            @if !order.is_empty() { li { strong { (lang.pick("发言顺序", "speaking order")) } (lang.pick("：", ": ")) (names.people(lang, order)) } }
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
    let names = Names::new(&board, &plan, &all).await;
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
                    @let r = rule(lang, &names, stage);
                    @if !r.is_empty() { p { (r) } }
                    @if stage.publicity_days > 0 {
                        p { (lang.pick("公示期：", "Publicity period: ")) (stage.publicity_days) (lang.pick(" 天", " days")) }
                    }
                    ul.items { @for e in &mine { @if let Some(m) = item(lang, &names, e) { (m) } } }
                    @if let Some((at, c)) = close {
                        p { strong { (lang.pick("公示名单", "Published list")) } " " time { (when(at)) } }
                        (lists(lang, &names, &c.body.lists, &c.body.order))
                    }
                }
            }
        }
        h2 { (lang.pick("最新签名检查点", "Latest signed checkpoint")) }
        pre { (checkpoint) }
    };
    page.render(StatusCode::OK, body)
}
