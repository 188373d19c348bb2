//! The procedure's commands: each reads and replays the procedure from the board, loads its
//! signer's key ([`Writer::open`]), checks that the key is the one the plan names for the
//! entry, and publishes the entry through [`saved::publish`] (saved first, sent, its acknowledgement
//! checked). The board decides what is admitted (`spec/procedure.md` §4): a refusal comes
//! back with its code, as a sentence in either language, and changes nothing.

use std::path::Path;

use serde::Serialize;
use zhixuan_election::{Bilingual, Candidate, Lang, ProcedurePlan};
use zhixuan_record::{
    Announcement, Decision, Endorsement, EntryKind, LotReveal, Message, Objection, ObjectionAnswer,
    Petition, ProcedureEntry, ReviewDecision, Signed, StageClose, StageElection, Statement,
};
use zhixuan_tally::{SigningKey, VerifyingKey};

use super::args::{
    AnnounceArgs, AnswerArgs, CreateArgs, DecideArgs, KeyFor, LinkArgs, ObjectArgs, PetitionArgs,
    ProcedureCommand, RegisterArgs, RevealArgs, ReviewArgs, StageKeyArgs, StatementArgs,
};
use super::board::{linked_election, OnBoard};
use super::saved::{self, Outgoing, Sent};
use super::status::{named_lists, names, NamedList, ProcedureStatus};
use super::{bilingual, lot};
use crate::error::CliError;
use crate::keys::{self, Role};
use crate::output::Ui;
use crate::remote::Remote;
use crate::report::{KeyCreated, Report};

/// What a write did.
#[derive(Clone, Debug, Serialize)]
pub struct Published {
    /// The procedure's id.
    pub procedure: String,
    /// The stage, none for the plan.
    pub stage: Option<String>,
    /// The kind of entry, as the board names it (e.g. `registration`, `stage_close`).
    pub kind: &'static str,
    /// The same kind, to name it in words when printing (not in the JSON).
    #[serde(skip)]
    pub entry_kind: EntryKind,
    /// Where it is on the log and how that was checked; none when a stage found closed
    /// already is reported from the log without sending anything.
    pub sent: Option<Sent>,
    /// Its index on the log.
    pub index: u64,
    /// It was on the board before this command ran.
    pub already: bool,
    /// For a close: every post's list after it, with names.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lists: Vec<NamedList>,
    /// For a lot's close: the speaking order, with names.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub order: Vec<(String, Bilingual)>,
    /// Something the person must know (a lot secret written, and where).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<Bilingual>,
}

impl Published {
    /// What the command prints, in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let what = self.entry_kind.words(lang);
        let stage = match (&self.stage, lang) {
            (Some(s), Lang::Zh) => format!("，阶段 `{s}`"),
            (Some(s), Lang::En) => format!(", stage `{s}`"),
            (None, _) => String::new(),
        };
        let mut out = match (lang, self.already, &self.sent) {
            (Lang::Zh, false, _) => format!(
                "已在公告栏公布{what}：选举程序 `{}`{stage}，第 {} 条",
                self.procedure, self.index
            ),
            (Lang::Zh, true, Some(_)) => format!(
                "{what}早已在公告栏上：选举程序 `{}`{stage}，第 {} 条（重新发送的是同一份已签名条目，公告栏认出了它，没有重复公布）",
                self.procedure, self.index
            ),
            (Lang::Zh, true, None) => format!(
                "{what}早已在公告栏上：选举程序 `{}`{stage}，第 {} 条；没有发送任何内容",
                self.procedure, self.index
            ),
            (Lang::En, false, _) => format!(
                "Published {what}: procedure `{}`{stage}, entry {}",
                self.procedure, self.index
            ),
            (Lang::En, true, Some(_)) => format!(
                "{} is already on the board: procedure `{}`{stage}, entry {} (the same signed entry was sent again; the board recognised it and published nothing twice)",
                capitalised(what),
                self.procedure,
                self.index
            ),
            (Lang::En, true, None) => format!(
                "{} is already on the board: procedure `{}`{stage}, entry {}; nothing was sent",
                capitalised(what),
                self.procedure,
                self.index
            ),
        };
        if let Some(sent) = &self.sent {
            out.push('\n');
            out.push_str(&match lang {
                Lang::Zh => format!(
                    "其包含证明已按公告栏签名的检查点（{} 条）核对；已签名的条目保存在 {}",
                    sent.checkpoint_size,
                    sent.saved.display()
                ),
                Lang::En => format!(
                    "its inclusion proof checks against the board's signed checkpoint of {} entries; the signed entry is saved in {}",
                    sent.checkpoint_size,
                    sent.saved.display()
                ),
            });
        }
        for list in &self.lists {
            out.push('\n');
            out.push_str(&list.render(lang));
        }
        if !self.order.is_empty() {
            out.push('\n');
            out.push_str(&super::status::order_line(lang, &self.order));
        }
        if let Some(note) = &self.note {
            out.push('\n');
            out.push_str(lang.name(note));
        }
        out
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Runs a procedure command.
pub async fn run(command: ProcedureCommand, remote: &Remote, ui: &Ui) -> Result<Report, CliError> {
    Ok(match command {
        ProcedureCommand::Keygen(a) => {
            let role = match a.role {
                KeyFor::Body => Role::Body,
                KeyFor::Person => Role::Person,
            };
            let public = keys::generate(&a.out, role)?;
            Report::KeyCreated(KeyCreated {
                role,
                path: a.out,
                public_key: public.to_string(),
            })
        }
        ProcedureCommand::Create(a) => Report::ProcedurePublished(create(remote, &a, ui).await?),
        ProcedureCommand::Announce(a) => {
            Report::ProcedurePublished(announce(remote, &a, ui).await?)
        }
        ProcedureCommand::Register(a) => {
            Report::ProcedurePublished(register(remote, &a, ui).await?)
        }
        ProcedureCommand::Review(a) => Report::ProcedurePublished(review(remote, &a, ui).await?),
        ProcedureCommand::Object(a) => Report::ProcedurePublished(object(remote, &a, ui).await?),
        ProcedureCommand::Answer(a) => Report::ProcedurePublished(answer(remote, &a, ui).await?),
        ProcedureCommand::Reveal(a) => Report::ProcedurePublished(reveal(remote, &a, ui).await?),
        ProcedureCommand::Link(a) => Report::ProcedurePublished(link(remote, &a, ui).await?),
        ProcedureCommand::Decide(a) => Report::ProcedurePublished(decide(remote, &a, ui).await?),
        ProcedureCommand::Petition(a) => {
            Report::ProcedurePublished(petition(remote, &a, ui).await?)
        }
        ProcedureCommand::Endorse(a) => Report::ProcedurePublished(endorse(remote, &a, ui).await?),
        ProcedureCommand::Statement(a) => {
            Report::ProcedurePublished(statement(remote, &a, ui).await?)
        }
        ProcedureCommand::Close(a) => Report::ProcedurePublished(close(remote, &a, ui).await?),
        ProcedureCommand::Status(a) => {
            Report::ProcedureStatus(ProcedureStatus::read(remote, &a.procedure).await?)
        }
    })
}

/// The procedure on the board, which must be there.
async fn on_board(remote: &Remote, id: &str) -> Result<OnBoard, CliError> {
    OnBoard::read(remote, id).await?.ok_or_else(|| {
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
    })
}

/// Who must sign an entry, as the plan names them.
enum Signer<'a> {
    Organiser,
    /// The body of the stage; a stage without one is left to the board, which names the
    /// stage's kind.
    StageBody(&'a str),
    /// Who answers an objection to the stage: its body, or the organiser if it has none.
    Answerer(&'a str),
    /// The key a registrant registered with.
    Registrant(&'a str),
    /// Any person: a new registrant, or an objector.
    Person,
}

impl Signer<'_> {
    /// Which role's key file the signer holds.
    fn role(&self, board: &OnBoard) -> Role {
        match self {
            Signer::Organiser => Role::Organiser,
            Signer::StageBody(_) => Role::Body,
            Signer::Answerer(stage) => {
                match board.plan.stage(stage).and_then(|(_, s)| s.rule.body()) {
                    Some(_) => Role::Body,
                    None => Role::Organiser,
                }
            }
            Signer::Registrant(_) | Signer::Person => Role::Person,
        }
    }
}

/// Checks that `key` is the one the plan (or the log) names for `signer`; a stage the plan
/// does not have is left to the board, which names it.
fn expect_signer(board: &OnBoard, key: &SigningKey, signer: Signer<'_>) -> Result<(), CliError> {
    let plan = &board.plan;
    let (expected, zh, en): (Option<VerifyingKey>, String, String) = match signer {
        Signer::Organiser => (
            Some(plan.document().organiser.clone()),
            "组织者".into(),
            "the organiser".into(),
        ),
        Signer::StageBody(stage) | Signer::Answerer(stage) => {
            let answer = matches!(signer, Signer::Answerer(_));
            match plan.stage(stage) {
                None => (None, String::new(), String::new()),
                Some((_, s)) => match s.rule.body().and_then(|b| plan.body(b)) {
                    Some(body) => (
                        Some(body.key.clone()),
                        format!("机构「{}」", body.name.zh),
                        format!("the body `{}`", body.id),
                    ),
                    None if answer => (
                        Some(plan.document().organiser.clone()),
                        "组织者".into(),
                        "the organiser".into(),
                    ),
                    None => (None, String::new(), String::new()),
                },
            }
        }
        Signer::Registrant(who) => (
            board.entries.iter().find_map(|e| match &e.entry {
                ProcedureEntry::Registration(r) if r.body.registrant.id == who => {
                    Some(r.body.key.clone())
                }
                _ => None,
            }),
            format!("报名人 `{who}`"),
            format!("registrant `{who}`"),
        ),
        Signer::Person => (None, String::new(), String::new()),
    };
    match expected {
        Some(expected) if &expected != key.verifying_key() => Err(CliError::usage(
            format!(
                "这不是{zh}的密钥：选举程序 `{}` 中{zh}的公钥是 {expected}；没有发送任何内容",
                plan.procedure_id()
            ),
            format!(
                "this key is not {en}'s: procedure `{}` names {expected} for {en}; nothing was sent",
                plan.procedure_id()
            ),
        )),
        _ => Ok(()),
    }
}

/// Who writes what for which stage: the command's context.
struct Writer<'a> {
    remote: &'a Remote,
    board: OnBoard,
    at: &'a StageKeyArgs,
    key: SigningKey,
    ui: &'a Ui,
}

impl<'a> Writer<'a> {
    /// The procedure `at` names as the board holds it, and the key of `at`'s key file, which
    /// must be `signer`'s.
    async fn open(
        remote: &'a Remote,
        at: &'a StageKeyArgs,
        signer: Signer<'_>,
        ui: &'a Ui,
    ) -> Result<Self, CliError> {
        let board = on_board(remote, &at.procedure.procedure).await?;
        let key = keys::load(&at.key, signer.role(&board))?;
        expect_signer(&board, &key, signer)?;
        Ok(Writer {
            remote,
            board,
            at,
            key,
            ui,
        })
    }

    /// Publishes `body` for the stage, signed by the key, saved under `name`.
    async fn send<T: Message + PartialEq + Clone>(
        &self,
        name: String,
        body: T,
        wrap: fn(Signed<T>) -> ProcedureEntry,
    ) -> Result<Published, CliError> {
        let dir = saved::folder(self.at.entries.as_deref(), &self.at.procedure.procedure);
        let out = Outgoing {
            plan: &self.board.plan,
            name,
            key: &self.key,
            body,
            wrap,
        };
        let sent = saved::publish(self.remote, Some(&self.board), &dir, out, self.ui).await?;
        Ok(published(
            &self.board.plan,
            Some(&self.at.stage),
            T::KIND,
            sent,
        ))
    }
}

fn published(plan: &ProcedurePlan, stage: Option<&str>, kind: EntryKind, sent: Sent) -> Published {
    Published {
        procedure: plan.procedure_id().to_owned(),
        stage: stage.map(str::to_owned),
        kind: kind.as_str(),
        entry_kind: kind,
        index: sent.index,
        already: sent.already,
        sent: Some(sent),
        lists: Vec::new(),
        order: Vec::new(),
        note: None,
    }
}

/// `procedure create`: the plan validated, signed by its organiser, published.
async fn create(remote: &Remote, a: &CreateArgs, ui: &Ui) -> Result<Published, CliError> {
    let text = std::fs::read_to_string(&a.plan).map_err(|source| CliError::Io {
        path: a.plan.clone(),
        doing: "reading",
        source,
    })?;
    let plan = ProcedurePlan::from_json(&text).map_err(|source| CliError::Plan {
        path: a.plan.clone(),
        source,
    })?;
    let key = keys::load(&a.key, Role::Organiser)?;
    let organiser = &plan.document().organiser;
    if key.verifying_key() != organiser {
        return Err(CliError::usage(
            format!(
                "这不是选举程序 `{}` 组织者的密钥：计划中组织者的公钥是 {organiser}；没有发送任何内容",
                plan.procedure_id()
            ),
            format!(
                "this key is not the organiser's key of procedure `{}`: the plan names {organiser}; nothing was sent",
                plan.procedure_id()
            ),
        ));
    }
    let id = plan.procedure_id().to_owned();
    let board = OnBoard::read(remote, &id).await?;
    let dir = saved::folder(a.entries.as_deref(), &id);
    let out = Outgoing {
        plan: &plan,
        name: "plan.json".into(),
        key: &key,
        body: plan.clone(),
        wrap: ProcedureEntry::Plan,
    };
    let sent = saved::publish(remote, board.as_ref(), &dir, out, ui).await?;
    Ok(published(&plan, None, EntryKind::Plan, sent))
}

async fn announce(remote: &Remote, a: &AnnounceArgs, ui: &Ui) -> Result<Published, CliError> {
    let w = Writer::open(remote, &a.at, Signer::Organiser, ui).await?;
    let body = Announcement {
        stage: a.at.stage.clone(),
        text: bilingual(&a.text_zh, &a.text_en),
    };
    let name = format!("{}.announcement.json", a.at.stage);
    w.send(name, body, ProcedureEntry::Announcement).await
}

async fn register(remote: &Remote, a: &RegisterArgs, ui: &Ui) -> Result<Published, CliError> {
    let w = Writer::open(remote, &a.at, Signer::Person, ui).await?;
    let procedure = &a.at.procedure.procedure;
    // The secret is on disk before anything that commits to it is signed or sent.
    let secret = a
        .lot_secret
        .as_deref()
        .map(|path| lot::obtain(path, procedure, &a.registrant).map(|(s, made)| (s, made, path)))
        .transpose()?;
    let body = super::registration(
        &a.at.stage,
        Candidate {
            id: a.registrant.clone(),
            name: bilingual(&a.name_zh, &a.name_en),
        },
        &w.key,
        a.channel.into(),
        a.posts.clone(),
        a.signers.clone(),
        secret.as_ref().map(|(s, ..)| s),
    );
    let name = format!("{}.registration.{}.json", a.at.stage, a.registrant);
    let mut out = w.send(name, body, ProcedureEntry::Registration).await?;
    out.note = Some(match secret {
        Some((_, made, path)) => lot_note(path, made),
        None => Bilingual::new(
            "没有给出 --lot-secret：您不参加发言顺序的抽签，将排在最后",
            "no --lot-secret: you take no part in drawing the speaking order and speak last",
        ),
    });
    Ok(out)
}

fn lot_note(path: &Path, made: bool) -> Bilingual {
    let p = path.display();
    if made {
        Bilingual::new(
            format!("抽签秘密已写入 {p}（仅本人可读）：请保管好，抽签阶段用 `zhixuan procedure reveal` 公开它；抽签之前不要给任何人看"),
            format!("the lot secret is written in {p} (readable only by you): keep it, reveal it at the lot with `zhixuan procedure reveal`, and show it to nobody before then"),
        )
    } else {
        Bilingual::new(
            format!("抽签秘密沿用 {p} 中已有的秘密"),
            format!("the lot secret is the one already in {p}"),
        )
    }
}

async fn review(remote: &Remote, a: &ReviewArgs, ui: &Ui) -> Result<Published, CliError> {
    let w = Writer::open(remote, &a.at, Signer::StageBody(&a.at.stage), ui).await?;
    let body = ReviewDecision {
        stage: a.at.stage.clone(),
        registrant: a.registrant.clone(),
        qualified: a.qualified && !a.not_qualified,
        reason: bilingual(&a.reason_zh, &a.reason_en),
    };
    let name = format!("{}.review.{}.json", a.at.stage, a.registrant);
    w.send(name, body, ProcedureEntry::ReviewDecision).await
}

async fn object(remote: &Remote, a: &ObjectArgs, ui: &Ui) -> Result<Published, CliError> {
    let w = Writer::open(remote, &a.at, Signer::Person, ui).await?;
    let body = Objection {
        stage: a.at.stage.clone(),
        key: w.key.verifying_key().clone(),
        text: bilingual(&a.text_zh, &a.text_en),
    };
    let objector = w.key.verifying_key().to_string();
    let name = format!(
        "{}.objection.{}.{}.json",
        a.at.stage,
        &objector[..16.min(objector.len())],
        saved::short_hash(&body)
    );
    w.send(name, body, ProcedureEntry::Objection).await
}

async fn answer(remote: &Remote, a: &AnswerArgs, ui: &Ui) -> Result<Published, CliError> {
    let w = Writer::open(remote, &a.at, Signer::Answerer(&a.at.stage), ui).await?;
    let body = ObjectionAnswer {
        stage: a.at.stage.clone(),
        objection: a.objection,
        upheld: a.upheld && !a.not_upheld,
        text: bilingual(&a.text_zh, &a.text_en),
    };
    let name = format!("{}.answer.{}.json", a.at.stage, a.objection);
    w.send(name, body, ProcedureEntry::ObjectionAnswer).await
}

async fn reveal(remote: &Remote, a: &RevealArgs, ui: &Ui) -> Result<Published, CliError> {
    let w = Writer::open(remote, &a.at, Signer::Registrant(&a.registrant), ui).await?;
    let secret = lot::read(&a.lot_secret, &a.at.procedure.procedure, &a.registrant)?;
    let body = LotReveal {
        stage: a.at.stage.clone(),
        registrant: a.registrant.clone(),
        secret,
    };
    let name = format!("{}.reveal.{}.json", a.at.stage, a.registrant);
    w.send(name, body, ProcedureEntry::LotReveal).await
}

async fn link(remote: &Remote, a: &LinkArgs, ui: &Ui) -> Result<Published, CliError> {
    let w = Writer::open(remote, &a.at, Signer::Organiser, ui).await?;
    let election = linked_election(remote, &a.election).await?.ok_or_else(|| {
        CliError::usage(
            format!("公告栏 {} 上没有选举 `{}`；请先用 `zhixuan organiser create` 公布它", remote.url(), a.election),
            format!(
                "no election `{}` is on the board at {}; publish it first with `zhixuan organiser create`",
                a.election,
                remote.url()
            ),
        )
    })?;
    let body = StageElection {
        stage: a.at.stage.clone(),
        election_id: a.election.clone(),
        definition_hash: election.definition.hash(),
    };
    let name = format!("{}.election.json", a.at.stage);
    w.send(name, body, ProcedureEntry::StageElection).await
}

async fn decide(remote: &Remote, a: &DecideArgs, ui: &Ui) -> Result<Published, CliError> {
    let w = Writer::open(remote, &a.at, Signer::StageBody(&a.at.stage), ui).await?;
    let body = Decision {
        stage: a.at.stage.clone(),
        chosen: a.choose.clone(),
        reasons: bilingual(&a.reasons_zh, &a.reasons_en),
    };
    let name = format!("{}.decision.json", a.at.stage);
    w.send(name, body, ProcedureEntry::Decision).await
}

async fn petition(remote: &Remote, a: &PetitionArgs, ui: &Ui) -> Result<Published, CliError> {
    let w = Writer::open(remote, &a.at, Signer::Organiser, ui).await?;
    let body = Petition {
        stage: a.at.stage.clone(),
        signers: a.signers.clone(),
    };
    let name = format!("{}.petition.json", a.at.stage);
    w.send(name, body, ProcedureEntry::Petition).await
}

/// `procedure endorse`: the lists as they stand on the replayed log.
async fn endorse(remote: &Remote, a: &StageKeyArgs, ui: &Ui) -> Result<Published, CliError> {
    let w = Writer::open(remote, a, Signer::StageBody(&a.stage), ui).await?;
    let body = Endorsement {
        stage: a.stage.clone(),
        lists: w.board.state.lists().to_vec(),
    };
    let name = format!("{}.endorsement.json", a.stage);
    let lists = named_lists(&w.board, &body.lists);
    let mut out = w.send(name, body, ProcedureEntry::Endorsement).await?;
    out.lists = lists;
    Ok(out)
}

async fn statement(remote: &Remote, a: &StatementArgs, ui: &Ui) -> Result<Published, CliError> {
    let w = Writer::open(remote, &a.at, Signer::Organiser, ui).await?;
    let body = Statement {
        stage: a.at.stage.clone(),
        person: a.person.clone(),
        text: bilingual(&a.text_zh, &a.text_en),
    };
    let name = format!(
        "{}.statement.{}.{}.json",
        a.at.stage,
        a.person,
        saved::short_hash(&body)
    );
    w.send(name, body, ProcedureEntry::Statement).await
}

/// `procedure close`: the close the stage's rule gives on the replayed log, with the linked
/// election as the board holds it now. A stage closed already is reported, not closed
/// again: a rerun after a lost answer never closes the next stage.
async fn close(remote: &Remote, a: &StageKeyArgs, ui: &Ui) -> Result<Published, CliError> {
    let w = Writer::open(remote, a, Signer::Organiser, ui).await?;
    let board = &w.board;
    let id = &a.procedure.procedure;
    let (position, _) = board.plan.stage(&a.stage).ok_or_else(|| {
        CliError::usage(
            format!("选举程序 `{id}` 的计划中没有阶段 `{}`", a.stage),
            format!("the plan of procedure `{id}` has no stage `{}`", a.stage),
        )
    })?;
    let name = format!("{}.close.json", a.stage);
    let dir = saved::folder(a.entries.as_deref(), id);
    if position < board.state.closed_stages() {
        let logged = board.entries.iter().find_map(|e| match &e.entry {
            ProcedureEntry::StageClose(s) if s.body.stage == a.stage => Some((e.index, s)),
            _ => None,
        });
        let Some((index, signed)) = logged else {
            return Err(CliError::BoardLog {
                election: id.clone(),
                problem: format!(
                    "stage `{}` counts as closed but no close is on the log",
                    a.stage
                ),
            });
        };
        let mut out = if saved::holds(
            &dir.join(&name),
            &ProcedureEntry::StageClose(signed.clone()),
        )? {
            // Our own close, saved before a lost answer: sent again, recognised.
            w.send(name, signed.body.clone(), ProcedureEntry::StageClose)
                .await?
        } else {
            Published {
                already: true,
                index,
                ..published_without_sending(&board.plan, &a.stage)
            }
        };
        out.already = true;
        return Ok(with_lists(out, board, &signed.body));
    }
    let current = board
        .state
        .current_stage()
        .map(|s| s.id.clone())
        .unwrap_or_default();
    if position > board.state.closed_stages() {
        return Err(CliError::usage(
            format!("阶段 `{}` 还不能结束：当前阶段是 `{current}`", a.stage),
            format!(
                "stage `{}` cannot close yet: the current stage is `{current}`",
                a.stage
            ),
        ));
    }
    let election = board.entries.iter().rev().find_map(|e| match &e.entry {
        ProcedureEntry::StageElection(s) if s.body.stage == a.stage => {
            Some(s.body.election_id.clone())
        }
        _ => None,
    });
    let linked = match &election {
        Some(e) => linked_election(remote, e).await?,
        None => None,
    };
    let body = board
        .state
        .expected_close(super::now(), linked.as_ref())
        .map_err(|e| CliError::ProcedureRule {
            procedure: id.clone(),
            code: e.code().as_str().to_owned(),
            message: e.to_string(),
        })?;
    let out = w
        .send(name, body.clone(), ProcedureEntry::StageClose)
        .await?;
    Ok(with_lists(out, board, &body))
}

fn published_without_sending(plan: &ProcedurePlan, stage: &str) -> Published {
    Published {
        procedure: plan.procedure_id().to_owned(),
        stage: Some(stage.to_owned()),
        kind: EntryKind::StageClose.as_str(),
        entry_kind: EntryKind::StageClose,
        sent: None,
        index: 0,
        already: true,
        lists: Vec::new(),
        order: Vec::new(),
        note: None,
    }
}

fn with_lists(mut out: Published, board: &OnBoard, close: &StageClose) -> Published {
    let people = names(board);
    out.lists = named_lists(board, &close.lists);
    out.order = close
        .order
        .iter()
        .map(|p| {
            (
                p.clone(),
                people
                    .get(p)
                    .cloned()
                    .unwrap_or_else(|| Bilingual::new(p.as_str(), p.as_str())),
            )
        })
        .collect();
    out
}
