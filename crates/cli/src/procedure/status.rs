//! `zhixuan procedure status`: a procedure as its replayed record shows it — every stage,
//! which are closed and when, when the last list's publicity period (公示期) ends, the
//! current stage, every post's list with names, and the lot's speaking order — in the
//! plan's own time offset.

use std::collections::BTreeMap;

use serde::Serialize;
use time::{OffsetDateTime, UtcOffset};
use zhixuan_election::{Bilingual, Lang, ProcedurePlan, StageRule, SECONDS_PER_DAY};
use zhixuan_record::{PostList, ProcedureEntry};

use super::board::OnBoard;
use crate::error::CliError;
use crate::remote::Remote;

/// One post's list, with names.
#[derive(Clone, Debug, Serialize)]
pub struct NamedList {
    /// The post's id in the plan.
    pub post: String,
    /// The post's name, in Chinese and English.
    pub post_name: Bilingual,
    /// The people on the list, in its order: each one's id and name (the id again when
    /// no registration names them); can be empty.
    pub people: Vec<(String, Bilingual)>,
}

impl NamedList {
    /// The list as one indented line, in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let people: Vec<String> = self
            .people
            .iter()
            .map(|(id, name)| match lang {
                Lang::Zh => format!("{}（{id}）", name.zh),
                Lang::En => format!("{} ({id})", name.en),
            })
            .collect();
        match lang {
            Lang::Zh if people.is_empty() => format!("  {}：（无）", self.post_name.zh),
            Lang::Zh => format!("  {}：{}", self.post_name.zh, people.join("、")),
            Lang::En if people.is_empty() => format!("  {}: (nobody)", self.post_name.en),
            Lang::En => format!("  {}: {}", self.post_name.en, people.join(", ")),
        }
    }
}

/// Every registrant's name by id, from the registrations on the log.
pub fn names(board: &OnBoard) -> BTreeMap<String, Bilingual> {
    board
        .entries
        .iter()
        .filter_map(|e| match &e.entry {
            ProcedureEntry::Registration(r) => {
                Some((r.body.registrant.id.clone(), r.body.registrant.name.clone()))
            }
            _ => None,
        })
        .collect()
}

fn name_of(people: &BTreeMap<String, Bilingual>, id: &str) -> Bilingual {
    people
        .get(id)
        .cloned()
        .unwrap_or_else(|| Bilingual::new(id, id))
}

/// `lists` with the names of the posts and the people.
pub fn named_lists(board: &OnBoard, lists: &[PostList]) -> Vec<NamedList> {
    let people = names(board);
    lists
        .iter()
        .map(|l| NamedList {
            post: l.post.clone(),
            post_name: board
                .plan
                .post(&l.post)
                .map_or_else(|| Bilingual::new(&l.post, &l.post), |p| p.name.clone()),
            people: l
                .people
                .iter()
                .map(|p| (p.clone(), name_of(&people, p)))
                .collect(),
        })
        .collect()
}

/// The speaking order on one line.
pub fn order_line(lang: Lang, order: &[(String, Bilingual)]) -> String {
    let names: Vec<&str> = order.iter().map(|(_, n)| lang.name(n)).collect();
    match lang {
        Lang::Zh => format!("  抽签决定的发言顺序：{}", names.join("、")),
        Lang::En => format!("  speaking order drawn by lot: {}", names.join(", ")),
    }
}

/// One stage as the status shows it.
#[derive(Clone, Debug, Serialize)]
pub struct StageStatus {
    /// The stage's id in the plan.
    pub id: String,
    /// The stage's name, in Chinese and English.
    pub name: Bilingual,
    /// What kind of stage it is (`announcement`, `registration`, `review`, `lot`, `vote`…).
    pub kind: &'static str,
    #[serde(skip)]
    kind_words: (&'static str, &'static str),
    /// When its list was published, in the plan's offset.
    pub closed_at: Option<String>,
    /// How many days its list stays up for objections (公示期) after it closes.
    pub publicity_days: u32,
}

/// `procedure status`.
#[derive(Clone, Debug, Serialize)]
pub struct ProcedureStatus {
    /// The procedure's id.
    pub procedure: String,
    /// The plan's title, in Chinese and English.
    pub title: Bilingual,
    /// How many entries the procedure's log on the board holds.
    pub entries: u64,
    /// Every stage of the plan, in order.
    pub stages: Vec<StageStatus>,
    /// The current stage (the first not closed); none once every stage is closed.
    pub current_stage: Option<String>,
    /// When the last published list's publicity period ends, in the plan's offset.
    pub publicity_ends: Option<String>,
    /// Every post's current list, with names.
    pub lists: Vec<NamedList>,
    /// The last lot's speaking order (ids and names); empty until a lot has closed.
    pub order: Vec<(String, Bilingual)>,
}

/// The offset the plan writes its times in (its first time's), for people.
fn plan_offset(plan: &ProcedurePlan) -> UtcOffset {
    plan.stages()
        .iter()
        .find_map(|s| match &s.rule {
            StageRule::Announcement { meeting, .. } => Some(meeting.offset()),
            StageRule::Registration { opens, .. } => Some(opens.offset()),
            _ => None,
        })
        .unwrap_or(UtcOffset::UTC)
}

fn shown(at: OffsetDateTime, offset: UtcOffset) -> String {
    let at = at.to_offset(offset);
    at.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| at.unix_timestamp().to_string())
}

impl ProcedureStatus {
    /// The status of procedure `id`, from its record on the board, replayed.
    pub async fn read(remote: &Remote, id: &str) -> Result<ProcedureStatus, CliError> {
        let board = OnBoard::read(remote, id).await?.ok_or_else(|| {
            CliError::usage(
                format!(
                    "公告栏 {} 上没有选举程序 `{id}`；请检查 --procedure",
                    remote.url()
                ),
                format!(
                    "no procedure `{id}` is on the board at {}; check --procedure",
                    remote.url()
                ),
            )
        })?;
        Ok(Self::of(&board))
    }

    /// The status of a replayed procedure.
    pub fn of(board: &OnBoard) -> ProcedureStatus {
        let plan = &board.plan;
        let offset = plan_offset(plan);
        let state = &board.state;
        let stages: Vec<StageStatus> = plan
            .stages()
            .iter()
            .enumerate()
            .map(|(i, s)| StageStatus {
                id: s.id.clone(),
                name: s.name.clone(),
                kind: s.rule.kind(),
                kind_words: (s.rule.kind_words(Lang::Zh), s.rule.kind_words(Lang::En)),
                closed_at: state.closed_at(i).map(|t| shown(t, offset)),
                publicity_days: s.publicity_days,
            })
            .collect();
        let publicity_ends = state.closed_stages().checked_sub(1).and_then(|last| {
            let stage = plan.stages().get(last)?;
            let closed = state.closed_at(last)?;
            Some(shown(
                closed + time::Duration::seconds(i64::from(stage.publicity_days) * SECONDS_PER_DAY),
                offset,
            ))
        });
        let people = names(board);
        ProcedureStatus {
            procedure: plan.procedure_id().to_owned(),
            title: plan.document().title.clone(),
            entries: state.size(),
            stages,
            current_stage: state.current_stage().map(|s| s.id.clone()),
            publicity_ends,
            lists: named_lists(board, state.lists()),
            order: state
                .order()
                .iter()
                .map(|p| (p.clone(), name_of(&people, p)))
                .collect(),
        }
    }

    /// What the command prints, in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let mut out = match lang {
            Lang::Zh => format!(
                "{}（选举程序 `{}`，公告栏上 {} 条）",
                self.title.zh, self.procedure, self.entries
            ),
            Lang::En => format!(
                "{} (procedure `{}`, {} entries on the board)",
                self.title.en, self.procedure, self.entries
            ),
        };
        for (i, s) in self.stages.iter().enumerate() {
            let kind = lang.pick(s.kind_words.0, s.kind_words.1);
            let current = self.current_stage.as_deref() == Some(s.id.as_str());
            let days = s.publicity_days;
            out.push('\n');
            out.push_str(&match (&s.closed_at, current, lang) {
                (Some(at), _, Lang::Zh) => format!(
                    "  {}. {}（{kind}，`{}`）：名单已于 {at} 公示，公示期 {days} 天",
                    i + 1,
                    s.name.zh,
                    s.id
                ),
                (Some(at), _, Lang::En) => format!(
                    "  {}. {} ({kind}, `{}`): list published {at}, publicity period {days} days",
                    i + 1,
                    s.name.en,
                    s.id
                ),
                (None, true, Lang::Zh) => {
                    format!(
                        "  {}. {}（{kind}，`{}`）：← 当前阶段",
                        i + 1,
                        s.name.zh,
                        s.id
                    )
                }
                (None, true, Lang::En) => format!(
                    "  {}. {} ({kind}, `{}`): ← the current stage",
                    i + 1,
                    s.name.en,
                    s.id
                ),
                (None, false, Lang::Zh) => {
                    format!("  {}. {}（{kind}，`{}`）：未开始", i + 1, s.name.zh, s.id)
                }
                (None, false, Lang::En) => {
                    format!("  {}. {} ({kind}, `{}`): not begun", i + 1, s.name.en, s.id)
                }
            });
        }
        if let Some(ends) = &self.publicity_ends {
            out.push('\n');
            out.push_str(&match lang {
                Lang::Zh => format!("最近一份名单的公示期至 {ends}"),
                Lang::En => format!("the last list's publicity period ends {ends}"),
            });
        }
        out.push('\n');
        out.push_str(match (self.current_stage.as_deref(), lang) {
            (None, Lang::Zh) => "所有阶段均已结束。名单：",
            (None, Lang::En) => "Every stage is closed. The lists:",
            (Some(_), Lang::Zh) => "目前的名单：",
            (Some(_), Lang::En) => "The lists as they stand:",
        });
        for list in &self.lists {
            out.push('\n');
            out.push_str(&list.render(lang));
        }
        if !self.order.is_empty() {
            out.push('\n');
            out.push_str(&order_line(lang, &self.order));
        }
        out
    }
}
