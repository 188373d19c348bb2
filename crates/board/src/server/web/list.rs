//! `/`: every election on the board, with its phase and the ballots cast so far per group.

use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::Response;
use maud::html;

use super::{failed, phase, Href, Lang, Page, Shared, Snapshot, View, LIVE};
use crate::store::Store;
use zhixuan_record::Phase;

pub(super) async fn page<S: Store>(
    axum::extract::State(board): Shared<S>,
    Query(view): Query<View>,
) -> Response {
    let lang = view.lang();
    let mut elections = Vec::new();
    let ids = match board.store().elections().await {
        Ok(all) => all,
        Err(e) => return failed(lang, &e.into()),
    };
    let mut procedures = Vec::new();
    for summary in ids {
        if summary.first_kind == crate::server::procedure::PLAN_KIND {
            procedures.push(summary.id);
            continue;
        }
        match Snapshot::load(&board, &summary.id).await {
            Ok(snapshot) => elections.push(snapshot),
            Err(e) => return failed(lang, &e),
        }
    }
    let live = elections.iter().any(|e| e.phase == Phase::Voting);
    let page = Page {
        lang,
        title: lang.pick("公告栏上的选举", "Elections on this board"),
        path: "/",
        refresh: live.then_some(LIVE),
    };
    let body = html! {
        h1 { (page.title) }
        p { (lang.pick(
            "每一项选举的定义、每一张（加密的）选票、计票和结果都公布在这里。点击选举查看详情、结果，或用跟踪码查找您的选票。",
            "Each election's definition, every (encrypted) ballot, the tally and the result are published here. Open an election for its details and result, or to find your ballot by its tracking code.",
        )) }
        @if !procedures.is_empty() {
            h2 { (lang.pick("选举程序", "Procedures")) }
            ul { @for id in &procedures { li { a href=(lang.href(&format!("/p/{id}"))) { code { (id) } } } } }
        }
        @if elections.is_empty() {
            p { (lang.pick("公告栏上还没有选举。", "There is no election on this board yet.")) }
        } @else {
            table.elections.stack {
                caption {
                    (lang.pick("各组已投票数为此刻公告栏上计入的选票数。", "Ballots cast per group are those counted on the board at this moment."))
                    @if live { " " (match lang {
                        Lang::Zh => format!("投票进行中，本页每 {LIVE} 秒自动刷新。"),
                        Lang::En => format!("Voting is open: this page reloads every {LIVE} seconds."),
                    }) }
                }
                thead { tr {
                    th scope="col" { (lang.pick("选举", "Election")) }
                    th scope="col" { (lang.pick("状态", "State")) }
                    th scope="col" { (lang.pick("各组已投票数", "Ballots cast per group")) }
                } }
                tbody {
                    @for e in &elections {
                        @let id = e.definition.election_id();
                        tr {
                            th scope="row" {
                                a href=(lang.href(&format!("/e/{id}"))) { (lang.name(&e.definition.document().title)) }
                                br;
                                code { (id) }
                            }
                            td data-label=(lang.pick("状态", "State")) {
                                (phase(lang, e.phase))
                                @if let Some(next) = e.withdrawal.as_ref().and_then(|w| w.replaced_by.as_ref()) {
                                    br;
                                    (lang.pick("由 ", "replaced by "))
                                    a href=(lang.href(&format!("/e/{next}"))) { code { (next) } }
                                    (lang.pick(" 取代", ""))
                                }
                            }
                            td data-label=(lang.pick("各组已投票数", "Ballots cast per group")) {
                                ul.counts {
                                    @for (g, cast) in e.definition.document().groups.iter().zip(&e.ballots) {
                                        li { (lang.name(&g.name)) (lang.pick("：", ": ")) strong { (cast) } " / " (g.eligible) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    page.render(StatusCode::OK, body)
}
