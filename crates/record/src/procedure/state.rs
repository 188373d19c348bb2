//! The admission rules of a procedure's log (`spec/procedure.md` §4), which the board
//! applies before it stores an entry and the verifier replays over a record.

use std::collections::{BTreeMap, BTreeSet};

use time::OffsetDateTime;
use zhixuan_election::{
    ContestKind, ElectionDefinition, Outcome, ProcedurePlan, Stage, StageRule, SECONDS_PER_DAY,
};
use zhixuan_tally::{ElectionHash, VerifyingKey};

use super::entry::{PostList, ProcedureEntry, Registration, StageClose};
use super::lot::{lot_commitment, lot_order};
use super::rejection::ProcedureRejection;
use crate::signed::{Message, Signed};

/// An election a procedure's entry refers to, as the board (or the verifier's records)
/// holds it: its definition, and its outcome once its result is published.
#[derive(Clone, Debug)]
pub struct LinkedElection {
    /// The election's definition.
    pub definition: ElectionDefinition,
    /// Its published outcome, if any.
    pub outcome: Option<Outcome>,
}

/// What the procedure knows of one registrant.
#[derive(Clone, Debug)]
struct Person {
    key: VerifyingKey,
    commitment: Option<ElectionHash>,
}

/// Every objection, by its index.
#[derive(Clone, Debug)]
struct ObjectionState {
    stage: usize,
    upheld: Option<bool>,
}

/// What the current stage has gathered so far.
#[derive(Clone, Debug, Default)]
struct Gathered {
    /// The first entry of the stage has been admitted.
    begun: bool,
    announced: bool,
    registrations: Vec<String>,
    reviewed: BTreeMap<String, bool>,
    reveals: BTreeMap<String, ElectionHash>,
    election: Option<String>,
    decision: Option<Vec<String>>,
    petition: bool,
    endorsed: bool,
}

/// A procedure's state after the entries admitted so far.
#[derive(Clone, Debug)]
pub struct ProcedureState {
    plan: ProcedurePlan,
    size: u64,
    last_stamp: OffsetDateTime,
    /// The index of the current stage: the first not closed.
    current: usize,
    /// When each closed stage closed.
    closed_at: Vec<OffsetDateTime>,
    /// Each post's list, in plan order.
    lists: Vec<PostList>,
    people: BTreeMap<String, Person>,
    objections: BTreeMap<u64, ObjectionState>,
    order: Vec<String>,
    /// Everyone who ran in an earlier round of a multi-round election (三轮选), and those
    /// it elected: a later round's candidates follow from them (§4.4, vote).
    round_ran: BTreeSet<String>,
    round_elected: BTreeSet<String>,
    gathered: Gathered,
}

fn stamp_text(at: OffsetDateTime) -> String {
    at.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| at.unix_timestamp().to_string())
}

fn days(n: u32) -> time::Duration {
    time::Duration::seconds(i64::from(n) * SECONDS_PER_DAY)
}

fn joined(ids: &[String]) -> String {
    ids.join(", ")
}

/// The ids of the people `contest` of `definition` is about: its candidates, the officials
/// it rates, or the official facing recall.
fn contest_candidates<'d>(
    definition: &'d ElectionDefinition,
    contest: &str,
) -> Option<Vec<&'d str>> {
    let people = definition.contest(contest)?.kind.people();
    Some(people.iter().map(|p| p.id.as_str()).collect())
}

/// Whether `contest` votes on officials in office (an evaluation, a recall) rather than on
/// candidates.
fn in_office(definition: &ElectionDefinition, contest: &str) -> bool {
    definition
        .contest(contest)
        .is_some_and(|c| matches!(c.kind, ContestKind::Evaluation(_) | ContestKind::Recall(_)))
}

/// Whether `contest` is the contest of `definition`'s round: the post a round of a
/// multi-round election fills.
fn is_round_contest(definition: &ElectionDefinition, contest: &str) -> bool {
    definition
        .document()
        .round
        .as_ref()
        .and_then(|r| r.plan.post_of_round(r.number))
        .is_some_and(|post| post.id == contest)
}

impl ProcedureState {
    /// Starts a procedure from its signed plan, entry 0 (`spec/procedure.md` §4.1): it must
    /// verify with the organiser key it names.
    pub fn new(
        plan: &Signed<ProcedurePlan>,
        stamp: OffsetDateTime,
    ) -> Result<Self, ProcedureRejection> {
        let p = &plan.body;
        if !plan.verify(&p.document().organiser, &p.hash()) {
            return Err(ProcedureRejection::BadSignature {
                stage: "plan".into(),
                signer: "the organiser".into(),
            });
        }
        let lists = p
            .document()
            .posts
            .iter()
            .map(|post| PostList {
                post: post.id.clone(),
                people: Vec::new(),
            })
            .collect();
        Ok(Self {
            plan: p.clone(),
            size: 1,
            last_stamp: stamp,
            current: 0,
            closed_at: Vec::new(),
            lists,
            people: BTreeMap::new(),
            objections: BTreeMap::new(),
            order: Vec::new(),
            round_ran: BTreeSet::new(),
            round_elected: BTreeSet::new(),
            gathered: Gathered::default(),
        })
    }

    /// The plan.
    pub fn plan(&self) -> &ProcedurePlan {
        &self.plan
    }

    /// The number of entries admitted, the plan included.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The stamp of the last entry admitted: the board stamps the next one no earlier.
    pub fn last_stamp(&self) -> OffsetDateTime {
        self.last_stamp
    }

    /// The current stage (the first not closed), or none once all are closed.
    pub fn current_stage(&self) -> Option<&Stage> {
        self.plan.stages().get(self.current)
    }

    /// How many stages are closed.
    pub fn closed_stages(&self) -> usize {
        self.current
    }

    /// When a closed stage closed.
    pub fn closed_at(&self, stage: usize) -> Option<OffsetDateTime> {
        self.closed_at.get(stage).copied()
    }

    /// Every post's current list.
    pub fn lists(&self) -> &[PostList] {
        &self.lists
    }

    /// The last lot's speaking order.
    pub fn order(&self) -> &[String] {
        &self.order
    }

    /// The election an entry refers to, which the caller must look up and pass to
    /// [`apply`](Self::apply): the one a `stage_election` names, or the one linked to the
    /// vote stage a `stage_close` closes.
    pub fn election_needed(&self, entry: &ProcedureEntry) -> Option<String> {
        match entry {
            ProcedureEntry::StageElection(s) => Some(s.body.election_id.clone()),
            ProcedureEntry::StageClose(_) => self.gathered.election.clone(),
            _ => None,
        }
    }

    fn list(&self, post: &str) -> &[String] {
        self.lists
            .iter()
            .find(|l| l.post == post)
            .map(|l| l.people.as_slice())
            .unwrap_or_default()
    }

    /// Everyone on any list, by id.
    fn everyone(&self) -> Vec<String> {
        let set: BTreeSet<&String> = self.lists.iter().flat_map(|l| &l.people).collect();
        set.into_iter().cloned().collect()
    }

    fn check_signed<T: Message>(
        &self,
        signed: &Signed<T>,
        key: &VerifyingKey,
        stage: &str,
        signer: &str,
    ) -> Result<(), ProcedureRejection> {
        if signed.verify(key, &self.plan.hash()) {
            Ok(())
        } else {
            Err(ProcedureRejection::BadSignature {
                stage: stage.into(),
                signer: signer.into(),
            })
        }
    }

    fn organiser(&self) -> VerifyingKey {
        self.plan.document().organiser.clone()
    }

    fn body_key(&self, stage: &Stage) -> (VerifyingKey, String) {
        match stage.rule.body().and_then(|b| self.plan.body(b)) {
            Some(body) => (body.key.clone(), format!("the body `{}`", body.id)),
            None => (self.organiser(), "the organiser".into()),
        }
    }

    /// Checks that `entry`, stamped `stamp`, may follow the log so far, and applies it
    /// (`spec/procedure.md` §4). On a refusal nothing changes. `linked` is the election
    /// [`election_needed`](Self::election_needed) names, if it is on the board.
    pub fn apply(
        &mut self,
        entry: &ProcedureEntry,
        stamp: OffsetDateTime,
        linked: Option<&LinkedElection>,
    ) -> Result<(), ProcedureRejection> {
        if stamp < self.last_stamp {
            return Err(ProcedureRejection::StampOrder {
                found: stamp_text(stamp),
                previous: stamp_text(self.last_stamp),
            });
        }
        let id = match entry.stage() {
            Some(id) => id.to_owned(),
            None => return Err(ProcedureRejection::NotAPlan),
        };
        let (position, stage) = self
            .plan
            .stage(&id)
            .map(|(i, s)| (i, s.clone()))
            .ok_or_else(|| ProcedureRejection::UnknownStage(id.clone()))?;
        // Objections and their answers concern a closed stage's published list (§4.3).
        match entry {
            ProcedureEntry::Objection(s) => {
                self.check_signed(s, &s.body.key, &id, "the objector's key")?;
                self.in_publicity(position, &stage, stamp)?;
                self.objections.insert(
                    self.size,
                    ObjectionState {
                        stage: position,
                        upheld: None,
                    },
                );
                self.admitted(stamp);
                return Ok(());
            }
            ProcedureEntry::ObjectionAnswer(s) => {
                let (key, signer) = self.body_key(&stage);
                self.check_signed(s, &key, &id, &signer)?;
                let objection = self
                    .objections
                    .get(&s.body.objection)
                    .filter(|o| o.stage == position)
                    .ok_or_else(|| ProcedureRejection::OutsidePublicity { stage: id.clone() })?;
                if objection.upheld.is_some() {
                    return Err(ProcedureRejection::AlreadyDecided {
                        stage: id,
                        what: format!("the objection at entry {}", s.body.objection),
                    });
                }
                if let Some(o) = self.objections.get_mut(&s.body.objection) {
                    o.upheld = Some(s.body.upheld);
                }
                self.admitted(stamp);
                return Ok(());
            }
            _ => {}
        }
        if position != self.current {
            return Err(ProcedureRejection::OutOfOrder {
                stage: id,
                current: self
                    .current_stage()
                    .map_or_else(|| "none".to_owned(), |s| s.id.clone()),
            });
        }
        if !self.gathered.begun {
            self.may_begin(&stage, stamp)?;
        }
        let wrong_kind = || ProcedureRejection::WrongStageKind {
            stage: stage.id.clone(),
            rule: stage.rule.kind(),
            kind: entry.kind(),
        };
        let organiser = self.organiser();
        match (entry, &stage.rule) {
            (
                ProcedureEntry::Announcement(s),
                StageRule::Announcement {
                    meeting,
                    notice_days,
                },
            ) => {
                self.check_signed(s, &organiser, &id, "the organiser")?;
                if self.gathered.announced {
                    return Err(ProcedureRejection::AlreadyDecided {
                        stage: id,
                        what: "its announcement".into(),
                    });
                }
                if stamp + days(*notice_days) > *meeting {
                    return Err(ProcedureRejection::NoticeTooShort {
                        stage: id,
                        days: *notice_days,
                    });
                }
                self.gathered.announced = true;
            }
            (ProcedureEntry::Registration(s), rule @ StageRule::Registration { .. }) => {
                self.check_signed(s, &s.body.key, &id, "the registrant's key")?;
                self.register(&stage, rule, &s.body, stamp)?;
            }
            (ProcedureEntry::ReviewDecision(s), StageRule::Review { .. }) => {
                let (key, signer) = self.body_key(&stage);
                self.check_signed(s, &key, &id, &signer)?;
                let who = &s.body.registrant;
                if !self.everyone().contains(who) {
                    return Err(ProcedureRejection::NotOnList {
                        stage: id,
                        person: who.clone(),
                    });
                }
                if self.gathered.reviewed.contains_key(who) {
                    return Err(ProcedureRejection::AlreadyDecided {
                        stage: id,
                        what: format!("on `{who}`"),
                    });
                }
                self.gathered.reviewed.insert(who.clone(), s.body.qualified);
            }
            (ProcedureEntry::LotReveal(s), StageRule::Lot) => {
                let who = &s.body.registrant;
                let person = self
                    .people
                    .get(who)
                    .filter(|_| self.everyone().contains(who))
                    .ok_or_else(|| ProcedureRejection::NotOnList {
                        stage: id.clone(),
                        person: who.clone(),
                    })?;
                let key = person.key.clone();
                self.check_signed(s, &key, &id, "the registrant's key")?;
                if person.commitment != Some(lot_commitment(&s.body.secret)) {
                    return Err(ProcedureRejection::LotMismatch {
                        stage: id,
                        registrant: who.clone(),
                    });
                }
                if self.gathered.reveals.contains_key(who) {
                    return Err(ProcedureRejection::AlreadyDecided {
                        stage: id,
                        what: format!("`{who}`'s lot"),
                    });
                }
                self.gathered.reveals.insert(who.clone(), s.body.secret);
            }
            (ProcedureEntry::StageElection(s), StageRule::Vote { post, contest }) => {
                self.check_signed(s, &organiser, &id, "the organiser")?;
                if self.gathered.election.is_some() {
                    return Err(ProcedureRejection::AlreadyDecided {
                        stage: id,
                        what: "its election".into(),
                    });
                }
                self.check_candidates(
                    &id,
                    post,
                    contest,
                    &s.body.election_id,
                    &s.body.definition_hash,
                    linked,
                )?;
                self.gathered.election = Some(s.body.election_id.clone());
            }
            (ProcedureEntry::Decision(s), StageRule::Decision { post, pick, .. }) => {
                let (key, signer) = self.body_key(&stage);
                self.check_signed(s, &key, &id, &signer)?;
                if self.gathered.decision.is_some() {
                    return Err(ProcedureRejection::AlreadyDecided {
                        stage: id,
                        what: "its decision".into(),
                    });
                }
                let list = self.list(post);
                let mut seen = BTreeSet::new();
                for who in &s.body.chosen {
                    if !list.contains(who) || !seen.insert(who) {
                        return Err(ProcedureRejection::NotOnList {
                            stage: id,
                            person: who.clone(),
                        });
                    }
                }
                if s.body.chosen.len() != *pick as usize {
                    return Err(ProcedureRejection::WrongPick {
                        stage: id,
                        expected: *pick,
                        found: s.body.chosen.len(),
                    });
                }
                self.gathered.decision = Some(s.body.chosen.clone());
            }
            (ProcedureEntry::Petition(s), StageRule::Petition { members, share, .. }) => {
                self.check_signed(s, &organiser, &id, "the organiser")?;
                if self.gathered.petition {
                    return Err(ProcedureRejection::AlreadyDecided {
                        stage: id,
                        what: "its petition".into(),
                    });
                }
                let signers: BTreeSet<&String> = s.body.signers.iter().collect();
                let needed = share.least_reaching(*members);
                if (signers.len() as u64) < needed {
                    return Err(ProcedureRejection::PetitionShort {
                        stage: id,
                        signers: signers.len(),
                        needed,
                    });
                }
                self.gathered.petition = true;
            }
            (
                ProcedureEntry::Endorsement(s),
                StageRule::Filing { .. } | StageRule::Approval { .. },
            ) => {
                let (key, signer) = self.body_key(&stage);
                self.check_signed(s, &key, &id, &signer)?;
                if self.gathered.endorsed {
                    return Err(ProcedureRejection::AlreadyDecided {
                        stage: id,
                        what: "its filing or approval".into(),
                    });
                }
                self.same_lists(&id, &self.lists.clone(), &s.body.lists)?;
                self.gathered.endorsed = true;
            }
            (ProcedureEntry::Statement(s), StageRule::Publication { .. }) => {
                self.check_signed(s, &organiser, &id, "the organiser")?;
            }
            (ProcedureEntry::StageClose(s), _) => {
                self.check_signed(s, &organiser, &id, "the organiser")?;
                self.close(&stage, &s.body, stamp, linked)?;
                self.closed_at.push(stamp);
                self.current += 1;
                self.gathered = Gathered::default();
                self.admitted(stamp);
                return Ok(());
            }
            _ => return Err(wrong_kind()),
        }
        self.gathered.begun = true;
        self.admitted(stamp);
        Ok(())
    }

    fn admitted(&mut self, stamp: OffsetDateTime) {
        self.size += 1;
        self.last_stamp = stamp;
    }

    /// §4.2: a stage begins once the list before it has been published for its period and
    /// every objection to an earlier list is answered and none upheld.
    fn may_begin(&self, stage: &Stage, stamp: OffsetDateTime) -> Result<(), ProcedureRejection> {
        if let (Some(previous), Some(closed)) = (
            self.current
                .checked_sub(1)
                .and_then(|i| self.plan.stages().get(i)),
            self.closed_at.last(),
        ) {
            let ends = *closed + days(previous.publicity_days);
            if stamp < ends {
                return Err(ProcedureRejection::PublicityRunning {
                    stage: stage.id.clone(),
                    previous: previous.id.clone(),
                    ends: stamp_text(ends),
                });
            }
        }
        for (index, o) in &self.objections {
            let state = match o.upheld {
                None => "unanswered",
                Some(true) => "upheld",
                Some(false) => continue,
            };
            return Err(ProcedureRejection::ObjectionPending {
                stage: stage.id.clone(),
                objection: *index,
                state,
            });
        }
        Ok(())
    }

    fn in_publicity(
        &self,
        position: usize,
        stage: &Stage,
        stamp: OffsetDateTime,
    ) -> Result<(), ProcedureRejection> {
        let closed =
            self.closed_at
                .get(position)
                .ok_or_else(|| ProcedureRejection::OutsidePublicity {
                    stage: stage.id.clone(),
                })?;
        // Once the next stage has begun, the list is no longer open to objection.
        let next_begun =
            position + 1 < self.current || (position + 1 == self.current && self.gathered.begun);
        if stamp >= *closed + days(stage.publicity_days) || next_begun {
            return Err(ProcedureRejection::OutsidePublicity {
                stage: stage.id.clone(),
            });
        }
        Ok(())
    }

    fn register(
        &mut self,
        stage: &Stage,
        rule: &StageRule,
        body: &Registration,
        stamp: OffsetDateTime,
    ) -> Result<(), ProcedureRejection> {
        let StageRule::Registration {
            opens,
            closes,
            channels,
            joint_signers_at_least,
            posts_per_registrant_at_most,
        } = rule
        else {
            return Ok(());
        };
        let id = &stage.id;
        if stamp < *opens || stamp >= *closes {
            return Err(ProcedureRejection::OutsideRegistrationWindow {
                stage: id.clone(),
                opens: stamp_text(*opens),
                closes: stamp_text(*closes),
            });
        }
        let invalid = |problem: String| ProcedureRejection::InvalidRegistration {
            stage: id.clone(),
            problem,
        };
        let who = &body.registrant.id;
        if !zhixuan_election::is_valid_id(who) {
            return Err(invalid(format!("`{who}` is not a valid id")));
        }
        if self.people.contains_key(who) {
            return Err(ProcedureRejection::AlreadyRegistered {
                stage: id.clone(),
                registrant: who.clone(),
            });
        }
        if !channels.contains(&body.channel) {
            return Err(invalid(format!(
                "the channel {:?} is not open in this stage",
                body.channel
            )));
        }
        let signers: BTreeSet<&String> = body.signers.iter().collect();
        match body.channel {
            zhixuan_election::Channel::Joint
                if signers.len() < *joint_signers_at_least as usize =>
            {
                return Err(invalid(format!(
                    "a joint nomination needs at least {joint_signers_at_least} different signers, not {}",
                    signers.len()
                )));
            }
            zhixuan_election::Channel::Joint => {}
            _ if !body.signers.is_empty() => {
                return Err(invalid("only a joint nomination has signers".into()));
            }
            _ => {}
        }
        if body.posts.is_empty() {
            return Err(invalid(
                "a registration applies for at least one post".into(),
            ));
        }
        let mut posts = BTreeSet::new();
        for post in &body.posts {
            if self.plan.post(post).is_none() {
                return Err(invalid(format!("the plan has no post `{post}`")));
            }
            if !posts.insert(post) {
                return Err(invalid(format!("the post `{post}` is named twice")));
            }
        }
        if body.posts.len() > *posts_per_registrant_at_most as usize {
            return Err(invalid(format!(
                "a registrant may apply for at most {posts_per_registrant_at_most} posts, not {}",
                body.posts.len()
            )));
        }
        self.people.insert(
            who.clone(),
            Person {
                key: body.key.clone(),
                commitment: body.lot_commitment,
            },
        );
        for post in &body.posts {
            if let Some(list) = self.lists.iter_mut().find(|l| &l.post == post) {
                list.people.push(who.clone());
            }
        }
        self.gathered.registrations.push(who.clone());
        Ok(())
    }

    fn check_candidates(
        &self,
        stage: &str,
        post: &str,
        contest: &str,
        election_id: &str,
        hash: &ElectionHash,
        linked: Option<&LinkedElection>,
    ) -> Result<(), ProcedureRejection> {
        let differ = |problem: String| ProcedureRejection::CandidatesDiffer {
            stage: stage.into(),
            problem,
        };
        let linked = linked
            .filter(|l| l.definition.election_id() == election_id)
            .ok_or_else(|| differ(format!("election `{election_id}` is not on this board")))?;
        if linked.definition.hash() != *hash {
            return Err(differ(format!(
                "election `{election_id}` on the board has another definition hash"
            )));
        }
        let candidates = contest_candidates(&linked.definition, contest).ok_or_else(|| {
            differ(format!(
                "election `{election_id}` has no contest `{contest}`"
            ))
        })?;
        let have: BTreeSet<&str> = candidates.iter().copied().collect();
        if candidates.len() != have.len() {
            return Err(differ(format!(
                "contest `{contest}` of `{election_id}` names a candidate twice"
            )));
        }
        let list: BTreeSet<&str> = self.list(post).iter().map(String::as_str).collect();
        // spec/procedure.md §4.4 (vote, officials in office): the officials rated or facing
        // recall are those in office, whom the signed definition names, unless an earlier
        // stage made the list; a recall is of the official its petition named.
        if in_office(&linked.definition, contest) {
            if let Some(official) = self.petitioned(stage) {
                if candidates != [official] {
                    return Err(differ(format!(
                        "contest `{contest}` of `{election_id}` is on [{}], the petition on `{official}`",
                        candidates.join(", ")
                    )));
                }
            }
            if list.is_empty() {
                return Ok(());
            }
        }
        if !is_round_contest(&linked.definition, contest) {
            if have != list {
                return Err(differ(format!(
                    "contest `{contest}` of `{election_id}` lists [{}], the list of `{post}` is [{}]",
                    candidates.join(", "),
                    self.list(post).join(", ")
                )));
            }
            return Ok(());
        }
        // spec/procedure.md §4.4 (vote, a round): nobody elected in an earlier round runs
        // again; everyone on the post's list who has not run yet must run; who lost an
        // earlier round may run, as they opted in the round's plan (which the election's
        // own round chain holds them to).
        let may: BTreeSet<&str> = list
            .iter()
            .copied()
            .filter(|p| !self.round_elected.contains(*p))
            .collect();
        let must: BTreeSet<&str> = may
            .iter()
            .copied()
            .filter(|p| !self.round_ran.contains(*p))
            .collect();
        if !have.is_subset(&may) || !must.is_subset(&have) {
            let show = |set: &BTreeSet<&str>| set.iter().copied().collect::<Vec<_>>().join(", ");
            return Err(differ(format!(
                "round contest `{contest}` of `{election_id}` lists [{}]; it must list [{}] and may add only [{}]",
                candidates.join(", "),
                show(&must),
                show(&may.difference(&must).copied().collect()),
            )));
        }
        Ok(())
    }

    /// The official the latest petition stage before `stage` names, if any.
    fn petitioned(&self, stage: &str) -> Option<&str> {
        let stages = self.plan.stages();
        let position = stages.iter().position(|s| s.id == stage)?;
        stages[..position].iter().rev().find_map(|s| match &s.rule {
            StageRule::Petition { official, .. } => Some(official.as_str()),
            _ => None,
        })
    }

    fn same_lists(
        &self,
        stage: &str,
        expected: &[PostList],
        found: &[PostList],
    ) -> Result<(), ProcedureRejection> {
        for (i, want) in expected.iter().enumerate() {
            let got = found.get(i).filter(|l| l.post == want.post);
            if got.map(|l| &l.people) != Some(&want.people) {
                return Err(ProcedureRejection::ListMismatch {
                    stage: stage.into(),
                    post: want.post.clone(),
                    expected: joined(&want.people),
                    found: got.map(|l| joined(&l.people)).unwrap_or_default(),
                });
            }
        }
        if found.len() != expected.len() {
            return Err(ProcedureRejection::ListMismatch {
                stage: stage.into(),
                post: "(lists)".into(),
                expected: format!("{} lists", expected.len()),
                found: format!("{} lists", found.len()),
            });
        }
        Ok(())
    }

    /// §4.4: the stage is finished, and its list is the one its rule gives.
    fn derive(
        &self,
        stage: &Stage,
        stamp: OffsetDateTime,
        linked: Option<&LinkedElection>,
    ) -> Result<(Vec<PostList>, Vec<String>), ProcedureRejection> {
        let id = stage.id.clone();
        let incomplete = |missing: String| ProcedureRejection::Incomplete {
            stage: id.clone(),
            missing,
        };
        let mut lists = self.lists.clone();
        let mut order = Vec::new();
        match &stage.rule {
            StageRule::Announcement { .. } if !self.gathered.announced => {
                return Err(incomplete("the meeting is not announced".into()));
            }
            StageRule::Registration { closes, .. } if stamp < *closes => {
                return Err(incomplete(format!(
                    "registration is open until {} UTC",
                    stamp_text(*closes)
                )));
            }
            StageRule::Review { .. } => {
                let everyone = self.everyone();
                if let Some(who) = everyone
                    .iter()
                    .find(|p| !self.gathered.reviewed.contains_key(*p))
                {
                    return Err(incomplete(format!("`{who}` is not yet reviewed")));
                }
                for list in &mut lists {
                    list.people
                        .retain(|p| self.gathered.reviewed.get(p).copied().unwrap_or(false));
                }
            }
            StageRule::Lot => {
                let reveals: Vec<(&str, ElectionHash)> = self
                    .gathered
                    .reveals
                    .iter()
                    .map(|(k, v)| (k.as_str(), *v))
                    .collect();
                order = lot_order(&self.plan.hash(), &id, &self.everyone(), &reveals);
            }
            StageRule::Vote { post, contest } => {
                let election = self
                    .gathered
                    .election
                    .clone()
                    .ok_or_else(|| incomplete("no election is linked to the stage".into()))?;
                let outcome = linked
                    .filter(|l| l.definition.election_id() == election)
                    .and_then(|l| l.outcome.as_ref())
                    .and_then(|o| o.contest(contest))
                    .filter(|c| c.decided && !c.has_tie())
                    .ok_or_else(|| ProcedureRejection::ElectionUndecided {
                        stage: id.clone(),
                        election: election.clone(),
                    })?;
                // spec/procedure.md §2: a vote passes on those it elects, or those a
                // recommendation keeps; an evaluation on those flagged for adjustment, a
                // recall on the official if recalled.
                let kind = linked
                    .and_then(|l| l.definition.contest(contest))
                    .map(|c| &c.kind);
                let elected = outcome.elected();
                let passed = if let Some(ContestKind::Evaluation(_)) = kind {
                    outcome.flagged()
                } else if let Some(ContestKind::Recall(_)) = kind {
                    outcome.recalled()
                } else if elected.is_empty() {
                    outcome.kept()
                } else {
                    elected
                };
                if let Some(list) = lists.iter_mut().find(|l| &l.post == post) {
                    list.people = passed.into_iter().map(String::from).collect();
                }
            }
            StageRule::Decision { post, .. } => {
                let chosen = self
                    .gathered
                    .decision
                    .clone()
                    .ok_or_else(|| incomplete("the body has not decided".into()))?;
                if let Some(list) = lists.iter_mut().find(|l| &l.post == post) {
                    list.people = chosen;
                }
            }
            StageRule::Petition { .. } if !self.gathered.petition => {
                return Err(incomplete("no petition reached its share".into()));
            }
            StageRule::Filing { .. } | StageRule::Approval { .. } if !self.gathered.endorsed => {
                return Err(incomplete("the body has not signed".into()));
            }
            _ => {}
        }
        Ok((lists, order))
    }

    fn close(
        &mut self,
        stage: &Stage,
        close: &StageClose,
        stamp: OffsetDateTime,
        linked: Option<&LinkedElection>,
    ) -> Result<(), ProcedureRejection> {
        let (lists, order) = self.derive(stage, stamp, linked)?;
        self.same_lists(&stage.id, &lists, &close.lists)?;
        if close.order != order {
            return Err(ProcedureRejection::ListMismatch {
                stage: stage.id.clone(),
                post: "order".into(),
                expected: joined(&order),
                found: joined(&close.order),
            });
        }
        self.lists = lists;
        if !order.is_empty() {
            self.order = order;
        }
        if let (StageRule::Vote { contest, .. }, Some(linked)) = (&stage.rule, linked) {
            if is_round_contest(&linked.definition, contest) {
                let ran = contest_candidates(&linked.definition, contest).unwrap_or_default();
                self.round_ran.extend(ran.into_iter().map(String::from));
                let elected = linked
                    .outcome
                    .as_ref()
                    .and_then(|o| o.contest(contest))
                    .map(|c| c.elected())
                    .unwrap_or_default();
                self.round_elected
                    .extend(elected.into_iter().map(String::from));
            }
        }
        Ok(())
    }

    /// The close the current stage's rule gives now: what the organiser signs
    /// (`spec/procedure.md` §4.4). Fails as the close would.
    pub fn expected_close(
        &self,
        stamp: OffsetDateTime,
        linked: Option<&LinkedElection>,
    ) -> Result<StageClose, ProcedureRejection> {
        let stage = self
            .current_stage()
            .ok_or_else(|| ProcedureRejection::OutOfOrder {
                stage: "(close)".into(),
                current: "none".into(),
            })?;
        let (lists, order) = self.derive(stage, stamp, linked)?;
        Ok(StageClose {
            stage: stage.id.clone(),
            lists,
            order,
        })
    }
}
