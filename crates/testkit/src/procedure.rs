//! Procedures of the tests: a plan and every signed entry of its stages, built locally with
//! the demonstration keys (`organiser`, `body-{id}`, `registrant-{id}`).

use sha2::{Digest, Sha256};
use time::{Duration, OffsetDateTime};
use zhixuan_election::{
    Bilingual, Candidate, Channel, PlanDocument, Post, ProcedurePlan, Stage, StageRule, Statements,
};
use zhixuan_record::client::BoardClient;
use zhixuan_record::{
    lot_commitment, Ack, LinkedElection, LotReveal, Message, ProcedureEntry, ProcedureState,
    Registration, ReviewDecision, Signed,
};
use zhixuan_tally::{ElectionHash, SigningKey};

use crate::keys::demo_key;

/// A procedure whose every entry is signed locally.
pub struct Procedure {
    /// The validated plan.
    pub plan: ProcedurePlan,
}

/// A text in both languages, the same words.
pub fn words(text: &str) -> Bilingual {
    Bilingual::new(text, text)
}

/// The key a registrant signs with.
pub fn registrant_key(id: &str) -> SigningKey {
    demo_key(&format!("registrant-{id}"))
}

/// A registrant's lot secret: fixed per id, so that a procedure built twice draws alike.
pub fn lot_secret(id: &str) -> ElectionHash {
    ElectionHash(Sha256::digest(format!("zhixuan-demo/lot/{id}")).into())
}

/// The key of the body `id`.
pub fn body_key(id: &str) -> SigningKey {
    demo_key(&format!("body-{id}"))
}

impl Procedure {
    /// The procedure of `document`, which must validate and name the demonstration keys.
    pub fn new(document: PlanDocument) -> Procedure {
        Procedure {
            plan: ProcedurePlan::from_document(document).unwrap(),
        }
    }

    /// The procedure id.
    pub fn id(&self) -> &str {
        self.plan.procedure_id()
    }

    /// `body` signed by `key` for this procedure.
    pub fn sign_as<T: Message>(&self, key: &SigningKey, body: T) -> Signed<T> {
        Signed::sign(key, &self.plan.hash(), body, &mut rand::rng())
    }

    /// Entry 0, signed by the organiser.
    pub fn plan_entry(&self) -> Signed<ProcedurePlan> {
        self.sign_as(&demo_key("organiser"), self.plan.clone())
    }

    /// `body` signed by the organiser.
    pub fn organiser<T: Message>(&self, body: T) -> Signed<T> {
        self.sign_as(&demo_key("organiser"), body)
    }

    /// `body` signed by the body `id`.
    pub fn body<T: Message>(&self, id: &str, body: T) -> Signed<T> {
        self.sign_as(&body_key(id), body)
    }

    /// The registration of `id` for `posts`, signed by the registrant, with a lot
    /// commitment.
    pub fn registration(
        &self,
        stage: &str,
        id: &str,
        channel: Channel,
        posts: &[&str],
        signers: usize,
    ) -> ProcedureEntry {
        let key = registrant_key(id);
        ProcedureEntry::Registration(
            self.sign_as(
                &key,
                Registration {
                    stage: stage.into(),
                    registrant: Candidate {
                        id: id.into(),
                        name: words(id),
                    },
                    key: key.verifying_key().clone(),
                    channel,
                    posts: posts.iter().map(|p| (*p).to_owned()).collect(),
                    signers: (1..=signers)
                        .map(|i| format!("signer {i} of {id}"))
                        .collect(),
                    lot_commitment: Some(lot_commitment(&lot_secret(id))),
                },
            ),
        )
    }

    /// `id`'s lot reveal.
    pub fn reveal(&self, stage: &str, id: &str) -> ProcedureEntry {
        ProcedureEntry::LotReveal(self.sign_as(
            &registrant_key(id),
            LotReveal {
                stage: stage.into(),
                registrant: id.into(),
                secret: lot_secret(id),
            },
        ))
    }

    /// The close of the current stage of `state`, as its rule gives it at `stamp`.
    pub fn close(
        &self,
        state: &ProcedureState,
        stamp: OffsetDateTime,
        linked: Option<&LinkedElection>,
    ) -> ProcedureEntry {
        ProcedureEntry::StageClose(self.organiser(state.expected_close(stamp, linked).unwrap()))
    }
}

/// The small election's candidates (`small_election`), who register in these tests.
pub const PEOPLE: [&str; 5] = ["an-li", "bai-xue", "cao-yang", "du-juan", "fang-hua"];

/// A stage named by its id.
pub fn stage(id: &str, publicity_days: u32, rule: StageRule) -> Stage {
    Stage {
        id: id.into(),
        name: words(id),
        publicity_days,
        rule,
    }
}

/// The body `id`, with its demonstration key.
pub fn body(id: &str) -> zhixuan_election::DecidingBody {
    zhixuan_election::DecidingBody {
        id: id.into(),
        name: words(id),
        key: body_key(id).verifying_key().clone(),
    }
}

/// A plan of every kind of stage: notice 3 days before a meeting at day 10, registration
/// days 1–4 (at most 2 posts, joint nominations with 3 signers), review by the branch with
/// 2 days of publicity, a lot, the vote on `committee` (the small election), the street
/// committee's decision of 1 for `secretary`, a recall petition of 1/5 of 50, pledges,
/// approval by the district.
pub fn test_plan(start: OffsetDateTime, vote_publicity: u32) -> PlanDocument {
    let day = |d: i64| start + Duration::days(d);
    PlanDocument {
        version: 1,
        procedure_id: "test-procedure".into(),
        title: words("test procedure"),
        organiser: demo_key("organiser").verifying_key().clone(),
        bodies: vec![body("branch"), body("street"), body("district")],
        posts: vec![
            Post {
                id: "secretary".into(),
                name: words("secretary"),
                seats: 1,
            },
            Post {
                id: "committee".into(),
                name: words("committee"),
                seats: 2,
            },
        ],
        stages: vec![
            stage(
                "announce",
                0,
                StageRule::Announcement {
                    meeting: day(10),
                    notice_days: 3,
                },
            ),
            stage(
                "register",
                0,
                StageRule::Registration {
                    opens: day(1),
                    closes: day(4),
                    channels: vec![
                        Channel::Organisation,
                        Channel::SelfNomination,
                        Channel::Joint,
                    ],
                    joint_signers_at_least: 3,
                    posts_per_registrant_at_most: 2,
                },
            ),
            stage(
                "review",
                2,
                StageRule::Review {
                    body: "branch".into(),
                },
            ),
            stage("lot", 0, StageRule::Lot),
            stage(
                "vote",
                vote_publicity,
                StageRule::Vote {
                    post: "committee".into(),
                    contest: "committee".into(),
                },
            ),
            stage(
                "street-vote",
                0,
                StageRule::Decision {
                    body: "street".into(),
                    post: "secretary".into(),
                    pick: 1,
                },
            ),
            stage(
                "pledges",
                0,
                StageRule::Publication {
                    statements: Statements::Pledges,
                },
            ),
            stage(
                "approve",
                0,
                StageRule::Approval {
                    body: "district".into(),
                },
            ),
        ],
    }
}

/// Registrations: an-li for both posts (organisation), the others for the committee by
/// themselves or jointly, and "gu-ming" who will not qualify.
pub fn registrations(p: &Procedure) -> Vec<ProcedureEntry> {
    let mut out = vec![p.registration(
        "register",
        "an-li",
        Channel::Organisation,
        &["secretary", "committee"],
        0,
    )];
    for (i, id) in PEOPLE[1..].iter().enumerate() {
        let (channel, signers) = if i % 2 == 0 {
            (Channel::SelfNomination, 0)
        } else {
            (Channel::Joint, 3)
        };
        out.push(p.registration("register", id, channel, &["committee"], signers));
    }
    out.push(p.registration(
        "register",
        "gu-ming",
        Channel::SelfNomination,
        &["secretary"],
        0,
    ));
    out
}

/// The branch's review of `who`.
pub fn review(p: &Procedure, who: &str, qualified: bool) -> ProcedureEntry {
    ProcedureEntry::ReviewDecision(p.body(
        "branch",
        ReviewDecision {
            stage: "review".into(),
            registrant: who.into(),
            qualified,
            reason: words(if qualified {
                "meets the conditions"
            } else {
                "not a member for a year"
            }),
        },
    ))
}

/// A procedure driven through a board, with a local copy of its state (the mirror) that
/// gives each close the lists the board will check: the organiser's own view.
pub struct Run<'a> {
    /// The procedure.
    pub procedure: &'a Procedure,
    /// The state after every entry sent so far.
    pub mirror: ProcedureState,
    client: &'a BoardClient,
}

impl<'a> Run<'a> {
    /// Publishes the plan.
    pub async fn start(procedure: &'a Procedure, client: &'a BoardClient) -> Run<'a> {
        let plan = procedure.plan_entry();
        client.create_procedure(&plan).await.unwrap();
        let mirror = ProcedureState::new(&plan, OffsetDateTime::UNIX_EPOCH).unwrap();
        Run {
            procedure,
            mirror,
            client,
        }
    }

    fn now() -> OffsetDateTime {
        OffsetDateTime::now_utc().replace_nanosecond(0).unwrap()
    }

    /// Sends `entry`, which the board must admit, and applies it to the mirror.
    pub async fn send(&mut self, entry: ProcedureEntry, linked: Option<&LinkedElection>) -> Ack {
        let ack = self
            .client
            .append_procedure(self.procedure.id(), &entry)
            .await
            .unwrap();
        self.mirror.apply(&entry, Self::now(), linked).unwrap();
        ack
    }

    /// Closes the current stage with the lists its rule gives.
    pub async fn close(&mut self, linked: Option<&LinkedElection>) -> Ack {
        let close = self.procedure.close(&self.mirror, Self::now(), linked);
        self.send(close, linked).await
    }
}

/// [`test_plan`] ready to run now on a board: every date moved so that registration has
/// closed 3 seconds from now (callers wait), no publicity periods.
pub fn test_plan_now() -> PlanDocument {
    test_plan_closing_in(3)
}

/// [`test_plan_now`] with registration open for `seconds` from now: room for registrants
/// who run a command each (`zhixuan procedure register`).
pub fn test_plan_closing_in(seconds: i64) -> PlanDocument {
    let now = OffsetDateTime::now_utc().replace_nanosecond(0).unwrap();
    let mut document = test_plan(now - Duration::days(4), 0);
    if let StageRule::Registration { closes, .. } = &mut document.stages[1].rule {
        *closes = now + Duration::seconds(seconds);
    }
    for s in &mut document.stages {
        s.publicity_days = 0;
    }
    document
}

/// The 10 ballots of the test procedure's vote, cast on the board: voters 0–5 choose
/// an-li and bai-xue, the rest cao-yang and du-juan (an-li and bai-xue are elected).
pub async fn cast_test_ballots(
    election: &crate::Election,
    client: &BoardClient,
) -> Vec<zhixuan_tally::Ballot> {
    let mut ballots = Vec::new();
    for v in 0..10 {
        let choice = if v < 6 {
            vec![1, 1, 0, 0, 0]
        } else {
            vec![0, 0, 1, 1, 0]
        };
        let b = election.ballot_with(v, &[choice]);
        client
            .append(election.id(), &zhixuan_record::Entry::Ballot(b.clone()))
            .await
            .unwrap();
        ballots.push(b);
    }
    ballots
}

/// The test procedure run honestly on the board `client` speaks to, every stage through:
/// [`test_plan_now`], the vote stage the small election `procedure-vote` with 10 voters
/// (an-li and bai-xue elected). Returns the procedure and the election.
pub async fn run_test_procedure(client: &BoardClient) -> (Procedure, crate::Election) {
    let p = Procedure::new(test_plan_now());
    let election = crate::Election::new(crate::small_election("procedure-vote", 10));
    {
        let mut run = Run::start(&p, client).await;
        let announce = ProcedureEntry::Announcement(p.organiser(zhixuan_record::Announcement {
            stage: "announce".into(),
            text: words("meeting in the hall"),
        }));
        run.send(announce, None).await;
        run.close(None).await;
        for r in registrations(&p) {
            run.send(r, None).await;
        }
        tokio::time::sleep(std::time::Duration::from_secs(4)).await;
        run.close(None).await;
        for who in PEOPLE {
            run.send(review(&p, who, true), None).await;
        }
        run.send(review(&p, "gu-ming", false), None).await;
        run.close(None).await;
        for who in PEOPLE {
            run.send(p.reveal("lot", who), None).await;
        }
        run.close(None).await;
        election.setup(client).await;
        let mut linked = LinkedElection {
            definition: election.definition.clone(),
            outcome: None,
        };
        let link = ProcedureEntry::StageElection(p.organiser(zhixuan_record::StageElection {
            stage: "vote".into(),
            election_id: election.id().into(),
            definition_hash: election.definition.hash(),
        }));
        run.send(link, Some(&linked)).await;
        let ballots = cast_test_ballots(&election, client).await;
        linked.outcome = Some(election.finish(client, &ballots).await);
        run.close(Some(&linked)).await;
        let decision = ProcedureEntry::Decision(p.body(
            "street",
            zhixuan_record::Decision {
                stage: "street-vote".into(),
                chosen: vec!["an-li".into()],
                reasons: words("recommendation, inspection and the trust vote weighed"),
            },
        ));
        run.send(decision, None).await;
        run.close(None).await;
        let pledge = ProcedureEntry::Statement(p.organiser(zhixuan_record::Statement {
            stage: "pledges".into(),
            person: "an-li".into(),
            text: words("a service hall open on weekends within a year"),
        }));
        run.send(pledge, None).await;
        run.close(None).await;
        let approval = ProcedureEntry::Endorsement(p.body(
            "district",
            zhixuan_record::Endorsement {
                stage: "approve".into(),
                lists: run.mirror.lists().to_vec(),
            },
        ));
        run.send(approval, None).await;
        run.close(None).await;
    }
    (p, election)
}
