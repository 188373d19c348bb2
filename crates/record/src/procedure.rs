//! A procedure's log (`spec/procedure.md`): the stages around the vote — announcement,
//! registration, review, lot, votes, decisions, petitions, filing and approval, published
//! statements — each entry signed, stamped in log order and admitted by the rules of its
//! stage, which the board and the verifier share ([`ProcedureState`]).

mod entry;
mod lot;
mod rejection;
mod state;

pub use entry::{
    Announcement, Decision, Endorsement, LotReveal, Objection, ObjectionAnswer, Petition, PostList,
    ProcedureEntry, Registration, ReviewDecision, StageClose, StageElection, Statement,
};
pub use lot::{lot_commitment, lot_order, LOT_COMMITMENT_DOMAIN, LOT_DRAW_DOMAIN, LOT_SEED_DOMAIN};
pub use rejection::ProcedureRejection;
pub use state::{LinkedElection, ProcedureState};
