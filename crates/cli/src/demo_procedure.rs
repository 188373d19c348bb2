//! The demo's procedure (`spec/procedure.md`): the stages around an example's elections,
//! on the demo's board, from its plan — Nanjing's eight steps around its two elections
//! (`examples/nanjing.procedure.json`), Pingchang's three publics and three rounds
//! (`examples/pingchang.procedure.json`), Xinzhou's rating with its notice and questions
//! (`examples/xinzhou.procedure.json`).
//!
//! The plan is the example's, with the demo's keys (the organiser's, and one made for each
//! deciding body and registrant) and a compressed calendar: every date moves by the same
//! amount so that registration closes two seconds after the demo starts (without a
//! registration, the meeting is just its notice away), and the publicity
//! periods (公示期) are shortened to none, so that the whole procedure runs in a minute. The
//! demo says so when it starts. Each stage runs as its rule asks, in order; a vote stage
//! waits for its election, which the demo runs in between; the lists are the ones the board
//! checks, from the organiser's own replay of the log (`ProcedureState`).

use std::collections::BTreeMap;

use time::{Duration, OffsetDateTime};
use zhixuan_election::{
    Bilingual, Candidate, Channel, ElectionDefinition, Outcome, PlanDocument, ProcedurePlan,
    StageRule, Statements,
};
use zhixuan_record::client::BoardClient;
use zhixuan_record::{
    Announcement, Decision, Endorsement, LinkedElection, LotReveal, Message, ProcedureEntry,
    ProcedureState, ReviewDecision, Signed, StageElection, Statement,
};
use zhixuan_tally::{ElectionHash, SigningKey};

use crate::error::CliError;
use crate::output::Ui;
use crate::procedure::{lists_line, now, registration};

/// Registrants the review does not qualify, for the first two posts: the review decides on
/// everyone.
const NOT_QUALIFIED: [(&str, &str, &str); 2] =
    [("qian-jun", "钱军", "Qian Jun"), ("ma-li", "马力", "Ma Li")];

/// An election the demo ran: what a vote stage links and closes with.
pub struct Ran {
    pub definition: ElectionDefinition,
    pub outcome: Outcome,
}

/// The procedure under way.
pub struct DemoProcedure {
    plan: ProcedurePlan,
    organiser: SigningKey,
    bodies: BTreeMap<String, SigningKey>,
    registrants: BTreeMap<String, (SigningKey, ElectionHash)>,
    /// The (election, contest) pairs vote stages have linked: a later stage on the same
    /// contest id (Pingchang's round 1 after the recommendation, both `secretary`) takes the
    /// next election that has it.
    linked: Vec<(String, String)>,
    client: BoardClient,
    mirror: ProcedureState,
}

fn err(e: impl std::fmt::Display) -> CliError {
    CliError::Internal(format!("the demo's procedure: {e}"))
}

/// A time as the plan writes it (RFC 3339, with its offset).
fn when(at: OffsetDateTime) -> String {
    at.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| at.unix_timestamp().to_string())
}

fn words(zh: &str, en: &str) -> Bilingual {
    Bilingual::new(zh, en)
}

impl DemoProcedure {
    /// Publishes the plan `text` (an example's) with `organiser`'s key on the board at `url`.
    pub async fn start(
        url: &str,
        organiser: &SigningKey,
        text: &str,
        ui: &Ui,
    ) -> Result<Self, CliError> {
        let mut document: PlanDocument = serde_json::from_str(text).map_err(err)?;
        let mut rng = rand::rng();
        document.organiser = organiser.verifying_key().clone();
        let mut bodies = BTreeMap::new();
        for body in &mut document.bodies {
            let key = SigningKey::generate(&mut rng);
            body.key = key.verifying_key().clone();
            bodies.insert(body.id.clone(), key);
        }
        // The compressed calendar: registration closes in two seconds (or, without one, the
        // meeting is just its notice away), every other date moves with it; no publicity
        // periods.
        let anchor = document.stages.iter().find_map(|s| match &s.rule {
            StageRule::Registration { closes, .. } => Some(*closes - Duration::seconds(2)),
            _ => None,
        });
        let anchor = anchor.or_else(|| {
            document.stages.iter().find_map(|s| match &s.rule {
                StageRule::Announcement {
                    meeting,
                    notice_days,
                } => {
                    Some(*meeting - Duration::days(i64::from(*notice_days)) - Duration::minutes(1))
                }
                _ => None,
            })
        });
        let shift = anchor.map_or(Duration::ZERO, |anchor| now() - anchor);
        for stage in &mut document.stages {
            stage.publicity_days = 0;
            match &mut stage.rule {
                StageRule::Announcement { meeting, .. } => *meeting += shift,
                StageRule::Registration { opens, closes, .. } => {
                    *opens += shift;
                    *closes += shift;
                }
                _ => {}
            }
        }
        let plan = ProcedurePlan::from_document(document).map_err(err)?;
        let signed = crate::procedure::sign(&plan, organiser, plan.clone());
        let client = BoardClient::new(url);
        client.create_procedure(&signed).await.map_err(err)?;
        let mirror = ProcedureState::new(&signed, OffsetDateTime::UNIX_EPOCH).map_err(err)?;
        ui.step(
            &format!(
                "── {} ──\n        （演示压缩了日程：各日期整体平移，公示期缩短为零）",
                plan.document().title.zh
            ),
            &format!(
                "── {} ──\n        (a compressed calendar for the demo: every date moved alike, no publicity periods)",
                plan.document().title.en
            ),
        );
        Ok(Self {
            plan,
            organiser: organiser.clone(),
            bodies,
            registrants: BTreeMap::new(),
            linked: Vec::new(),
            client,
            mirror,
        })
    }

    /// The procedure's id.
    pub fn id(&self) -> &str {
        self.plan.procedure_id()
    }

    fn sign<T: Message>(&self, key: &SigningKey, body: T) -> Signed<T> {
        crate::procedure::sign(&self.plan, key, body)
    }

    fn body_key(&self, id: &str) -> Result<&SigningKey, CliError> {
        self.bodies
            .get(id)
            .ok_or_else(|| err(format!("no key for the body `{id}`")))
    }

    async fn send(
        &mut self,
        entry: ProcedureEntry,
        linked: Option<&LinkedElection>,
    ) -> Result<(), CliError> {
        self.client
            .append_procedure(self.plan.procedure_id(), &entry)
            .await
            .map_err(err)?;
        self.mirror.apply(&entry, now(), linked).map_err(err)
    }

    async fn close(&mut self, linked: Option<&LinkedElection>, ui: &Ui) -> Result<(), CliError> {
        let stage = self
            .mirror
            .current_stage()
            .cloned()
            .ok_or_else(|| err("no stage to close"))?;
        let close = self.mirror.expected_close(now(), linked).map_err(err)?;
        let (zh, en) = (
            lists_line(&close.lists, "；"),
            lists_line(&close.lists, "; "),
        );
        let entry = ProcedureEntry::StageClose(self.sign(&self.organiser, close));
        self.send(entry, linked).await?;
        ui.step(
            &format!(
                "阶段「{}」（{}）公示名单 — {}",
                stage.name.zh,
                stage.rule.kind_words(zhixuan_election::Lang::Zh),
                zh
            ),
            &format!(
                "stage \"{}\" ({}) published — {}",
                stage.name.en,
                stage.rule.kind_words(zhixuan_election::Lang::En),
                en
            ),
        );
        Ok(())
    }

    /// The candidates of `contest` in whichever of `elections` has it.
    fn candidates(elections: &[ElectionDefinition], contest: &str) -> Vec<Candidate> {
        elections
            .iter()
            .find_map(|d| d.contest(contest))
            .map(|c| c.kind.people().to_vec())
            .unwrap_or_default()
    }

    /// The ids of the candidates or officials of the first vote stage after the current.
    fn next_vote_people(&self, upcoming: &[ElectionDefinition]) -> Vec<String> {
        self.plan
            .stages()
            .iter()
            .skip(self.mirror.closed_stages())
            .find_map(|s| match &s.rule {
                StageRule::Vote { contest, .. } => Some(contest),
                _ => None,
            })
            .map(|contest| {
                Self::candidates(upcoming, contest)
                    .into_iter()
                    .map(|c| c.id)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Runs the stages until a vote stage whose election is not among `ran`, or the end.
    /// `upcoming` are the definitions of every election of the demo (the registrants are
    /// the first vote stage's candidates of each post).
    pub async fn advance(
        &mut self,
        upcoming: &[ElectionDefinition],
        ran: &[Ran],
        ui: &Ui,
    ) -> Result<(), CliError> {
        while let Some(stage) = self.mirror.current_stage().cloned() {
            let id = stage.id.clone();
            match &stage.rule {
                StageRule::Announcement { meeting, .. } => {
                    let title = &self.plan.document().title;
                    let text = words(
                        &format!(
                            "{}：会议于 {} 召开，时间、地点和程序在此公布",
                            title.zh,
                            when(*meeting)
                        ),
                        &format!(
                            "{}: the meeting opens at {}; its time, place and procedure are published here",
                            title.en,
                            when(*meeting)
                        ),
                    );
                    let e = ProcedureEntry::Announcement(
                        self.sign(&self.organiser, Announcement { stage: id, text }),
                    );
                    self.send(e, None).await?;
                    self.close(None, ui).await?;
                }
                StageRule::Registration { closes, .. } => {
                    let closes = *closes;
                    self.register(&id, upcoming).await?;
                    let wait = closes - now();
                    if wait.is_positive() {
                        tokio::time::sleep(std::time::Duration::from_millis(
                            u64::try_from(wait.whole_milliseconds()).unwrap_or(0) + 1000,
                        ))
                        .await;
                    }
                    self.close(None, ui).await?;
                }
                StageRule::Review { body } => {
                    let key = self.body_key(body)?.clone();
                    let everyone: Vec<String> = self.registrants.keys().cloned().collect();
                    for who in everyone {
                        let qualified = !NOT_QUALIFIED.iter().any(|(id, ..)| *id == who);
                        let reason = if qualified {
                            words("符合任职条件", "meets the conditions")
                        } else {
                            words(
                                "入党不满一年（演示）",
                                "a member for less than a year (demonstration)",
                            )
                        };
                        let e = ProcedureEntry::ReviewDecision(self.sign(
                            &key,
                            ReviewDecision {
                                stage: id.clone(),
                                registrant: who,
                                qualified,
                                reason,
                            },
                        ));
                        self.send(e, None).await?;
                    }
                    self.close(None, ui).await?;
                }
                StageRule::Lot => {
                    // Those still on a list draw: the review has removed the others.
                    let people: Vec<String> = self
                        .registrants
                        .keys()
                        .filter(|who| self.mirror.lists().iter().any(|l| l.people.contains(who)))
                        .cloned()
                        .collect();
                    for who in people {
                        if let Some((key, secret)) = self.registrants.get(&who).cloned() {
                            let e = ProcedureEntry::LotReveal(self.sign(
                                &key,
                                LotReveal {
                                    stage: id.clone(),
                                    registrant: who,
                                    secret,
                                },
                            ));
                            self.send(e, None).await?;
                        }
                    }
                    self.close(None, ui).await?;
                }
                StageRule::Vote { contest, .. } => {
                    let Some(election) = ran.iter().find(|r| {
                        r.definition.contest(contest).is_some()
                            && !self
                                .linked
                                .iter()
                                .any(|(e, c)| e == r.definition.election_id() && c == contest)
                    }) else {
                        return Ok(());
                    };
                    let linked = LinkedElection {
                        definition: election.definition.clone(),
                        outcome: Some(election.outcome.clone()),
                    };
                    let e = ProcedureEntry::StageElection(self.sign(
                        &self.organiser,
                        StageElection {
                            stage: id,
                            election_id: election.definition.election_id().into(),
                            definition_hash: election.definition.hash(),
                        },
                    ));
                    self.send(e, Some(&linked)).await?;
                    self.linked
                        .push((election.definition.election_id().into(), contest.clone()));
                    self.close(Some(&linked), ui).await?;
                }
                StageRule::Decision { body, post, pick } => {
                    // The demo's body picks the first on the list: the list is in the
                    // order of the vote or decision that made it.
                    let chosen: Vec<String> = self
                        .mirror
                        .lists()
                        .iter()
                        .find(|l| &l.post == post)
                        .map(|l| l.people.iter().take(*pick as usize).cloned().collect())
                        .unwrap_or_default();
                    let key = self.body_key(body)?.clone();
                    let reasons = words("综合推荐票、考察情况和信任投票（演示）", "recommendation votes, inspection and the trust vote weighed (demonstration)");
                    let e = ProcedureEntry::Decision(self.sign(
                        &key,
                        Decision {
                            stage: id,
                            chosen,
                            reasons,
                        },
                    ));
                    self.send(e, None).await?;
                    self.close(None, ui).await?;
                }
                StageRule::Filing { body } | StageRule::Approval { body } => {
                    let key = self.body_key(body)?.clone();
                    let lists = self.mirror.lists().to_vec();
                    let e = ProcedureEntry::Endorsement(
                        self.sign(&key, Endorsement { stage: id, lists }),
                    );
                    self.send(e, None).await?;
                    self.close(None, ui).await?;
                }
                StageRule::Publication { statements } => {
                    // Pledges by those the lists hold (the secretary first); questions to
                    // those the next vote stage rates or elects.
                    let (people, zh, en) = match statements {
                        Statements::Pledges => (
                            self.mirror
                                .lists()
                                .first()
                                .map(|l| l.people.clone())
                                .unwrap_or_default(),
                            "一年内建成社区服务站，周末开放（演示）",
                            "a community service hall open at weekends within a year (demonstration)",
                        ),
                        Statements::Questions => (
                            self.next_vote_people(upcoming),
                            "问：去年承诺的事项办得怎样？答：已完成大部分，余下的年内办完（演示）",
                            "Q: how far are last year's promises? A: mostly done, the rest within the year (demonstration)",
                        ),
                    };
                    for person in people {
                        let e = ProcedureEntry::Statement(self.sign(
                            &self.organiser,
                            Statement {
                                stage: id.clone(),
                                person,
                                text: words(zh, en),
                            },
                        ));
                        self.send(e, None).await?;
                    }
                    self.close(None, ui).await?;
                }
                StageRule::Petition { .. } => {
                    return Err(err("the demo's plan has no petition"));
                }
            }
        }
        Ok(())
    }

    /// Registers everyone the first vote stage of each post names as a candidate, for
    /// each post they are named for, in plan order (Pingchang: up to two), and one
    /// registrant for each of the first two posts who will not qualify; through the
    /// channels in turn.
    async fn register(
        &mut self,
        stage: &str,
        upcoming: &[ElectionDefinition],
    ) -> Result<(), CliError> {
        let mut rng = rand::rng();
        let channels = [
            Channel::Organisation,
            Channel::SelfNomination,
            Channel::Joint,
        ];
        let mut applied: Vec<(Candidate, Vec<String>)> = Vec::new();
        for (i, post) in self.plan.document().posts.iter().enumerate() {
            let first_vote = self.plan.stages().iter().find_map(|s| match &s.rule {
                StageRule::Vote { post: p, contest } if *p == post.id => Some(contest),
                _ => None,
            });
            let Some(contest) = first_vote else { continue };
            let mut people = Self::candidates(upcoming, contest);
            if let Some((id, zh, en)) = NOT_QUALIFIED.get(i) {
                people.push(Candidate {
                    id: (*id).into(),
                    name: words(zh, en),
                });
            }
            for person in people {
                match applied.iter_mut().find(|(c, _)| c.id == person.id) {
                    Some((_, posts)) => posts.push(post.id.clone()),
                    None => applied.push((person, vec![post.id.clone()])),
                }
            }
        }
        let signers_needed = self
            .plan
            .stages()
            .iter()
            .find_map(|s| match &s.rule {
                StageRule::Registration {
                    joint_signers_at_least,
                    ..
                } => Some(*joint_signers_at_least),
                _ => None,
            })
            .unwrap_or(1);
        for (n, (person, posts)) in applied.into_iter().enumerate() {
            let key = SigningKey::generate(&mut rng);
            let mut secret = [0u8; 32];
            rand::Rng::fill_bytes(&mut rng, &mut secret);
            let secret = ElectionHash(secret);
            let channel = channels[n % channels.len()];
            let signers = if channel == Channel::Joint {
                (1..=signers_needed)
                    .map(|k| format!("联名人 {k}"))
                    .collect()
            } else {
                Vec::new()
            };
            let body = registration(
                stage,
                person.clone(),
                &key,
                channel,
                posts,
                signers,
                Some(&secret),
            );
            let e = ProcedureEntry::Registration(self.sign(&key, body));
            self.send(e, None).await?;
            self.registrants.insert(person.id, (key, secret));
        }
        Ok(())
    }

    /// The procedure's record, from the board.
    pub async fn record(&self) -> Result<String, CliError> {
        self.client
            .procedure_record(self.plan.procedure_id())
            .await
            .map_err(err)
    }
}
