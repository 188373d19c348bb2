//! Procedures of the tests: a plan and every signed entry of its stages, built locally with
//! the demonstration keys (`organiser`, `body-{id}`, `registrant-{id}`).

use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use zhixuan_election::{Bilingual, Candidate, Channel, PlanDocument, ProcedurePlan};
use zhixuan_record::{
    lot_commitment, LinkedElection, LotReveal, Message, ProcedureEntry, ProcedureState,
    Registration, Signed,
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
