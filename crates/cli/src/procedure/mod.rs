//! `zhixuan procedure …`: the stages around the vote (`spec/procedure.md`), one command per
//! thing a stage publishes, for whoever the plan names as its signer — the organiser, a
//! deciding body, a registrant, an objector.
//!
//! | part | module |
//! |---|---|
//! | the command line | [`args`] |
//! | the procedure as the board holds it, replayed and checked | [`board`] |
//! | what a command signs is saved before it is sent, and sent again as it was | [`saved`] |
//! | the commands | [`commands`] |
//! | lot secrets | [`lot`] |
//! | `procedure status` | [`status`] |
//!
//! What the demo's procedure shares with the commands lives here: signing for a plan, the
//! registration body with its lot commitment, and a close's lists as one line.

pub mod args;
pub mod board;
pub mod commands;
pub mod lot;
pub mod saved;
pub mod status;

use time::OffsetDateTime;
use zhixuan_election::{Bilingual, Candidate, Channel, ProcedurePlan};
use zhixuan_record::{lot_commitment, Message, PostList, Registration, Signed};
use zhixuan_tally::{ElectionHash, SigningKey};

pub use args::ProcedureCommand;
pub use commands::Published;
pub use status::ProcedureStatus;

/// Now, in whole seconds (the board stamps whole seconds).
pub fn now() -> OffsetDateTime {
    let t = OffsetDateTime::now_utc();
    t.replace_nanosecond(0).unwrap_or(t)
}

/// `body` signed by `key` for the procedure of `plan`: the plan hash stands in for the
/// election hash (`spec/procedure.md` §3), so an entry of one procedure cannot be replayed
/// in another.
pub fn sign<T: Message>(plan: &ProcedurePlan, key: &SigningKey, body: T) -> Signed<T> {
    Signed::sign(key, &plan.hash(), body, &mut rand::rng())
}

/// A registration (报名) of `registrant` in `stage`, with the commitment to `secret` for the
/// speaking-order lot (`spec/procedure.md` §5) when there is one; `key` is the registrant's.
pub fn registration(
    stage: &str,
    registrant: Candidate,
    key: &SigningKey,
    channel: Channel,
    posts: Vec<String>,
    signers: Vec<String>,
    secret: Option<&ElectionHash>,
) -> Registration {
    Registration {
        stage: stage.into(),
        registrant,
        key: key.verifying_key().clone(),
        channel,
        posts,
        signers,
        lot_commitment: secret.map(lot_commitment),
    }
}

/// Every post's list on one line, `post: a, b; post: c`, with `between` between posts.
pub fn lists_line(lists: &[PostList], between: &str) -> String {
    lists
        .iter()
        .map(|l| format!("{}: {}", l.post, l.people.join(", ")))
        .collect::<Vec<_>>()
        .join(between)
}

/// Both languages of a text given as two options.
pub(crate) fn bilingual(zh: &str, en: &str) -> Bilingual {
    Bilingual::new(zh, en)
}
