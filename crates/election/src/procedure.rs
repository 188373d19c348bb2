//! The procedure around the vote (`spec/procedure.md`): the stages of 公推直选, 三轮选,
//! 直评 and recall, each with its rule, its dates and its publicity period (公示期).
//!
//! An organiser publishes a [`PlanDocument`] before anything else of the procedure: the
//! posts, the bodies that decide (the party organisation that reviews registrants, the
//! street committee that narrows the list, the higher body that files and approves), and
//! the stages in order. Validation turns it into a [`ProcedurePlan`], whose hash every
//! signed entry of the procedure is bound to. The admission rules of each stage are in
//! `zhixuan-record` (`ProcedureState`), which the board and the verifier share.

mod plan;
mod stage;

pub use plan::{
    DecidingBody, PlanDocument, PlanError, PlanProblem, ProcedurePlan, PLAN_HASH_DOMAIN,
    PLAN_VERSION,
};
pub use stage::{Channel, Stage, StageRule, Statements, SECONDS_PER_DAY};
