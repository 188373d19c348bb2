//! The procedure's plan (`spec/procedure.md` §1): the document, its validation and its hash.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::stage::{Stage, StageRule};
use crate::round::Post;
use crate::text::{is_valid_id, Bilingual};
use zhixuan_tally::{tagged_hash, ElectionHash, Encode, Encoder, VerifyingKey};

/// The only version of the plan format this software reads.
pub const PLAN_VERSION: u32 = 1;

/// The domain of the plan hash.
pub const PLAN_HASH_DOMAIN: &str = "zhixuan-v1/procedure-plan";

/// A procedure's plan as written, before validation. Field order is encoding order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanDocument {
    /// Always [`PLAN_VERSION`].
    pub version: u32,
    /// `[a-z0-9-]{1,64}`: the procedure's log on the board; no election may have it too.
    pub procedure_id: String,
    /// The procedure's title.
    pub title: Bilingual,
    /// The organiser (选举工作领导小组) signs the plan, announcements, the lists at the close
    /// of each stage and the links to elections.
    pub organiser: VerifyingKey,
    /// The bodies that decide: each signs its decisions with its key.
    pub bodies: Vec<DecidingBody>,
    /// The posts registrants apply for, each with its seats.
    pub posts: Vec<Post>,
    /// The stages, in the order they run.
    pub stages: Vec<Stage>,
}

/// A body that signs decisions of the procedure: the party organisation that reviews
/// registrants (资格审查), the street committee (街道党工委), the higher body that files or
/// approves (备案, 批准).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecidingBody {
    /// Unique among bodies.
    pub id: String,
    /// The body's name.
    pub name: Bilingual,
    /// The key it signs with (its seal, 公章).
    pub key: VerifyingKey,
}

impl Encode for PlanDocument {
    /// `spec/procedure.md` §1.3.
    fn encode(&self, enc: &mut Encoder) {
        enc.u64(u64::from(self.version))
            .str(&self.procedure_id)
            .value(&self.title)
            .value(&self.organiser)
            .seq(&self.bodies)
            .seq(&self.posts)
            .seq(&self.stages);
    }
}

impl Encode for DecidingBody {
    fn encode(&self, enc: &mut Encoder) {
        enc.str(&self.id).value(&self.name).value(&self.key);
    }
}

/// What is wrong with a plan, and where (`spec/procedure.md` §1.2).
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum PlanError {
    /// The text is not a plan document.
    #[error("the plan is not valid JSON for a plan at {path}: {message}")]
    Json {
        /// Where in the document.
        path: String,
        /// What the parser said.
        message: String,
    },
    /// The document breaks a rule.
    #[error("the plan is invalid at {path}: {problem}")]
    Invalid {
        /// Where in the document, e.g. `stages[2].rule.body`.
        path: String,
        /// What is wrong.
        problem: PlanProblem,
    },
}

/// A rule of `spec/procedure.md` §1.2 that a plan breaks.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum PlanProblem {
    /// The version is not [`PLAN_VERSION`].
    #[error("version {0} is not supported (only {PLAN_VERSION})")]
    Version(u32),
    /// An id is not `[a-z0-9-]{1,64}`.
    #[error("`{0}` is not a valid id (lowercase letters, digits and '-', 1 to 64)")]
    BadId(String),
    /// Two items share an id.
    #[error("the id `{0}` is used twice")]
    DuplicateId(String),
    /// A body, post or stage named is not in the plan.
    #[error("`{0}` is not in the plan")]
    Unknown(String),
    /// A list is empty that must not be.
    #[error("there must be at least one")]
    Empty,
    /// A number is out of its range.
    #[error("{0}")]
    Range(&'static str),
    /// A window closes before it opens.
    #[error("the window closes before it opens")]
    Window,
    /// A stage needs a list that no earlier registration or vote stage produced.
    #[error("a `{0}` stage needs a registration or a vote stage before it")]
    NoListYet(&'static str),
    /// Channels are not in order or repeat.
    #[error("the channels must be listed once each, in the order organisation, self, joint")]
    Channels,
}

fn invalid(path: impl Into<String>, problem: PlanProblem) -> PlanError {
    PlanError::Invalid {
        path: path.into(),
        problem,
    }
}

/// A validated plan, with its hash.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "PlanDocument", into = "PlanDocument")]
pub struct ProcedurePlan {
    document: PlanDocument,
    hash: ElectionHash,
}

impl ProcedurePlan {
    /// Parses and validates a plan; a JSON error names the path of the offending value.
    pub fn from_json(text: &str) -> Result<Self, PlanError> {
        let mut de = serde_json::Deserializer::from_str(text);
        let document: PlanDocument =
            serde_path_to_error::deserialize(&mut de).map_err(|e| PlanError::Json {
                path: e.path().to_string(),
                message: e.inner().to_string(),
            })?;
        de.end().map_err(|e| PlanError::Json {
            path: ".".to_owned(),
            message: e.to_string(),
        })?;
        Self::from_document(document)
    }

    /// Validates a document (`spec/procedure.md` §1.2) and computes its hash (§1.3).
    pub fn from_document(document: PlanDocument) -> Result<Self, PlanError> {
        validate(&document)?;
        let hash = ElectionHash(tagged_hash(PLAN_HASH_DOMAIN, &document));
        Ok(Self { document, hash })
    }

    /// The validated document.
    pub fn document(&self) -> &PlanDocument {
        &self.document
    }

    /// The plan hash: every signed entry of the procedure is bound to it.
    pub fn hash(&self) -> ElectionHash {
        self.hash
    }

    /// The procedure id.
    pub fn procedure_id(&self) -> &str {
        &self.document.procedure_id
    }

    /// The stages, in order.
    pub fn stages(&self) -> &[Stage] {
        &self.document.stages
    }

    /// The stage with this id and its position.
    pub fn stage(&self, id: &str) -> Option<(usize, &Stage)> {
        self.document
            .stages
            .iter()
            .enumerate()
            .find(|(_, s)| s.id == id)
    }

    /// The body with this id.
    pub fn body(&self, id: &str) -> Option<&DecidingBody> {
        self.document.bodies.iter().find(|b| b.id == id)
    }

    /// The post with this id.
    pub fn post(&self, id: &str) -> Option<&Post> {
        self.document.posts.iter().find(|p| p.id == id)
    }
}

impl TryFrom<PlanDocument> for ProcedurePlan {
    type Error = PlanError;

    fn try_from(document: PlanDocument) -> Result<Self, Self::Error> {
        Self::from_document(document)
    }
}

impl From<ProcedurePlan> for PlanDocument {
    fn from(plan: ProcedurePlan) -> Self {
        plan.document
    }
}

impl Encode for ProcedurePlan {
    fn encode(&self, enc: &mut Encoder) {
        self.document.encode(enc);
    }
}

fn unique_ids<'a>(
    path: &str,
    ids: impl Iterator<Item = &'a str>,
) -> Result<BTreeSet<&'a str>, PlanError> {
    let mut seen = BTreeSet::new();
    for (i, id) in ids.enumerate() {
        if !is_valid_id(id) {
            return Err(invalid(
                format!("{path}[{i}].id"),
                PlanProblem::BadId(id.into()),
            ));
        }
        if !seen.insert(id) {
            return Err(invalid(
                format!("{path}[{i}].id"),
                PlanProblem::DuplicateId(id.into()),
            ));
        }
    }
    Ok(seen)
}

/// `spec/procedure.md` §1.2.
fn validate(plan: &PlanDocument) -> Result<(), PlanError> {
    if plan.version != PLAN_VERSION {
        return Err(invalid("version", PlanProblem::Version(plan.version)));
    }
    if !is_valid_id(&plan.procedure_id) {
        return Err(invalid(
            "procedure_id",
            PlanProblem::BadId(plan.procedure_id.clone()),
        ));
    }
    let bodies = unique_ids("bodies", plan.bodies.iter().map(|b| b.id.as_str()))?;
    let posts = unique_ids("posts", plan.posts.iter().map(|p| p.id.as_str()))?;
    unique_ids("stages", plan.stages.iter().map(|s| s.id.as_str()))?;
    if plan.posts.is_empty() {
        return Err(invalid("posts", PlanProblem::Empty));
    }
    if plan.stages.is_empty() {
        return Err(invalid("stages", PlanProblem::Empty));
    }
    for (i, post) in plan.posts.iter().enumerate() {
        if post.seats == 0 {
            return Err(invalid(
                format!("posts[{i}].seats"),
                PlanProblem::Range("a post has at least one seat"),
            ));
        }
    }
    // Whether an earlier stage makes a list (a registration or a vote).
    let mut listed = false;
    for (i, stage) in plan.stages.iter().enumerate() {
        let at = |field: &str| format!("stages[{i}].rule.{field}");
        if let Some(body) = stage.rule.body() {
            if !bodies.contains(body) {
                return Err(invalid(at("body"), PlanProblem::Unknown(body.into())));
            }
        }
        match &stage.rule {
            StageRule::Registration {
                opens,
                closes,
                channels,
                joint_signers_at_least,
                posts_per_registrant_at_most,
            } => {
                if closes <= opens {
                    return Err(invalid(at("closes"), PlanProblem::Window));
                }
                if channels.is_empty() {
                    return Err(invalid(at("channels"), PlanProblem::Empty));
                }
                if channels.windows(2).any(|w| w[0] >= w[1]) {
                    return Err(invalid(at("channels"), PlanProblem::Channels));
                }
                if *joint_signers_at_least == 0 {
                    return Err(invalid(
                        at("joint_signers_at_least"),
                        PlanProblem::Range("a joint nomination has at least one signer"),
                    ));
                }
                if *posts_per_registrant_at_most == 0 {
                    return Err(invalid(
                        at("posts_per_registrant_at_most"),
                        PlanProblem::Range("a registrant may apply for at least one post"),
                    ));
                }
                listed = true;
            }
            StageRule::Review { .. } | StageRule::Lot => {
                if !listed {
                    return Err(invalid(
                        format!("stages[{i}].rule"),
                        PlanProblem::NoListYet(stage.rule.kind()),
                    ));
                }
            }
            StageRule::Vote { post, .. } | StageRule::Decision { post, .. } => {
                if !posts.contains(post.as_str()) {
                    return Err(invalid(at("post"), PlanProblem::Unknown(post.clone())));
                }
                // A vote may come first: an evaluation rates those in office, whom its
                // election names (spec/procedure.md §4.4). Like a registration, it makes
                // the list later stages work from.
                if matches!(stage.rule, StageRule::Vote { .. }) {
                    listed = true;
                } else if !listed {
                    return Err(invalid(
                        format!("stages[{i}].rule"),
                        PlanProblem::NoListYet(stage.rule.kind()),
                    ));
                }
                if let StageRule::Decision { pick: 0, .. } = stage.rule {
                    return Err(invalid(
                        at("pick"),
                        PlanProblem::Range("a decision picks at least one"),
                    ));
                }
            }
            StageRule::Petition { members, share, .. } => {
                if *members == 0 {
                    return Err(invalid(
                        at("members"),
                        PlanProblem::Range("a petition needs members who may sign"),
                    ));
                }
                if !share.is_positive_share() {
                    return Err(invalid(
                        at("share"),
                        PlanProblem::Range("the share is more than 0 and at most 1"),
                    ));
                }
            }
            StageRule::Filing { .. } | StageRule::Approval { .. } => {
                if !listed {
                    return Err(invalid(
                        format!("stages[{i}].rule"),
                        PlanProblem::NoListYet(stage.rule.kind()),
                    ));
                }
            }
            StageRule::Announcement { .. } | StageRule::Publication { .. } => {}
        }
    }
    Ok(())
}
