//! Validation of an election definition, and the errors it reports.
//!
//! Every error names the path of the offending field in the JSON document, as
//! `contests[2].kind.recommendation.max_approvals`, and says what is wrong with it in
//! words an organiser can act on. Checks run in a fixed order (what is referred to before
//! what refers to it: contests before the groups that answer them) and the first failure
//! is reported, so the same document always yields the same error. The full list of checks
//! is in `spec/definition.md`, "Validation".

use std::collections::{BTreeSet, HashMap};

use thiserror::Error;

use crate::contest::{Candidate, Combine, ContestDefinition, ContestKind};
use crate::definition::{DefinitionDocument, DEFINITION_VERSION};
use crate::fraction::Fraction;
use crate::round::Round;
use crate::text::{is_valid_id, Bilingual, MAX_NAME_CHARS};
use zhixuan_tally::{StyleError, MAX_RANGE_BRANCHES};

/// The most people (candidates, officials) one contest may list.
pub const MAX_PEOPLE_PER_CONTEST: usize = 1000;

/// The most questions an election may ask, over all contests.
pub const MAX_QUESTIONS: usize = 4096;

/// The most a voter may mark in one question (approvals or seats): the question's total
/// is proven in one range proof of at most [`MAX_RANGE_BRANCHES`] branches, `0..=limit`.
pub const MAX_SELECTIONS: u32 = MAX_RANGE_BRANCHES - 1;

/// Why a definition was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum DefinitionError {
    /// The text is not JSON of the definition's shape.
    #[error("{path}: {message}")]
    Json { path: String, message: String },
    /// The document is well formed but breaks a rule.
    #[error("{path}: {problem}")]
    Invalid {
        path: String,
        problem: DefinitionProblem,
    },
}

impl DefinitionError {
    /// The path of the offending field.
    pub fn path(&self) -> &str {
        match self {
            DefinitionError::Json { path, .. } | DefinitionError::Invalid { path, .. } => path,
        }
    }
}

/// What is wrong with a field.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum DefinitionProblem {
    #[error("version {found} is not supported; this software reads version {DEFINITION_VERSION}")]
    UnsupportedVersion { found: u32 },
    #[error("`{id}` is not a valid id: use 1 to 64 characters from a-z, 0-9 and -")]
    InvalidId { id: String },
    #[error("the name is empty")]
    EmptyName,
    #[error("the name is longer than {MAX_NAME_CHARS} characters")]
    LongName,
    #[error("the name contains a control character")]
    ControlCharacter,
    #[error("`{id}` appears more than once (first at {first})")]
    Duplicate { id: String, first: String },
    #[error("this key is also {other}; every party needs a key of its own")]
    SharedKey { other: String },
    #[error("there are no {what}")]
    Empty { what: &'static str },
    #[error("{count} {what} are too many (at most {max})")]
    TooMany {
        what: &'static str,
        count: usize,
        max: usize,
    },
    #[error("`{id}` is not a {what} of this election")]
    Unknown { what: &'static str, id: String },
    #[error("must be at least 1")]
    Zero,
    #[error("{limit} is more than the {candidates} candidates")]
    LimitAboveCandidates { limit: u32, candidates: usize },
    #[error("{limit} is more than one ballot proof can cover (at most {MAX_SELECTIONS})")]
    LimitTooLarge { limit: u32 },
    #[error("threshold {threshold} is more than the {trustees} trustees")]
    ThresholdAboveTrustees { threshold: u32, trustees: usize },
    #[error("{value} is outside {range}")]
    ShareOutOfRange {
        value: Fraction,
        range: &'static str,
    },
    #[error("{candidates} candidates for {seats} seats leave no competition; a competitive election needs more candidates than seats")]
    NoCompetition { candidates: usize, seats: u32 },
    #[error("keeping {keep} for {seats} seats would leave no competition; a funnel stage must keep more candidates than seats")]
    FunnelNoCompetition { keep: u32, seats: u32 },
    #[error("voting must close after it opens")]
    WindowOrder,
    #[error("times must be whole seconds")]
    FractionalSeconds,
    #[error("{eligible} is more than {share} of the {of_eligible} eligible in `{of_group}` (at most {max})")]
    AboveCap {
        eligible: u64,
        share: Fraction,
        of_group: String,
        of_eligible: u64,
        max: u64,
    },
    #[error("{present} must be present but only {eligible} are eligible")]
    PresentAboveEligible { present: u64, eligible: u64 },
    #[error("a group cannot be capped by its own size")]
    CapOfItself,
    #[error("`{id}` is named differently at {other}")]
    NameMismatch { id: String, other: String },
    #[error("no group answers this contest")]
    Unanswered,
    #[error("`{contest}` must be listed before `{after}`, in the order the contests are defined")]
    ContestOrder { contest: String, after: String },
    #[error("missing: the group answers the weighted evaluation `{contest}`")]
    WeightMissing { contest: String },
    #[error("no weighted evaluation answered by this group uses it")]
    WeightUnused,
    #[error("`{id}` is a {found} contest, not a {expected} contest")]
    KindMismatch {
        id: String,
        found: &'static str,
        expected: &'static str,
    },
    #[error("the candidates differ from those of `{other}`")]
    CandidatesDiffer { other: String },
    #[error("a rating scale needs at least 2 levels")]
    TooFewLevels,
    #[error("no level is favourable, so every satisfaction rate would be 0")]
    NoFavourableLevel,
    #[error("a check across years needs a verdict rule")]
    PreviousWithoutVerdict,
    #[error("an election cannot follow itself")]
    SelfReference,
    #[error("{count} posts are more than the {max} each registrant may apply for")]
    TooManyPosts { count: usize, max: u32 },
    #[error("round {number} is not a round of the plan, which has {rounds}")]
    UnknownRound { number: u32, rounds: usize },
    #[error("round 1 follows no earlier round")]
    FirstRoundFollows,
    #[error("round {number} must name the round it follows")]
    FollowsMissing { number: u32 },
    #[error("round {number} elects `{post}`, but no contest has that id")]
    RoundContestMissing { number: u32, post: String },
    #[error("{found} seats, but the plan gives post `{post}` {expected}")]
    SeatsMismatch {
        post: String,
        expected: u32,
        found: u32,
    },
    #[error("`{candidate}` is not a registrant of the plan")]
    NotRegistered { candidate: String },
    #[error("`{candidate}` did not apply for post `{post}`")]
    DidNotApply { candidate: String, post: String },
    #[error("`{registrant}` applied for post `{post}` but is not a candidate in round 1")]
    ApplicantMissing { registrant: String, post: String },
    #[error("{0}")]
    Style(StyleError),
}

fn invalid(path: impl Into<String>, problem: DefinitionProblem) -> DefinitionError {
    DefinitionError::Invalid {
        path: path.into(),
        problem,
    }
}

type Check = Result<(), DefinitionError>;

/// Checks every rule of `spec/definition.md`, "Validation", in the order listed there.
pub(crate) fn validate(doc: &DefinitionDocument) -> Check {
    if doc.version != DEFINITION_VERSION {
        return Err(invalid(
            "version",
            DefinitionProblem::UnsupportedVersion { found: doc.version },
        ));
    }
    check_id("election_id", &doc.election_id)?;
    check_name("title", &doc.title)?;
    check_trustees(doc)?;
    check_window(doc)?;
    check_round(doc)?;
    check_contests(doc)?;
    check_groups(doc)?;
    check_answered_and_weights(doc)?;
    if let Some(round) = &doc.round {
        check_round_contest(doc, round)?;
    }
    Ok(())
}

fn check_id(path: &str, id: &str) -> Check {
    if is_valid_id(id) {
        Ok(())
    } else {
        Err(invalid(
            path,
            DefinitionProblem::InvalidId { id: id.to_owned() },
        ))
    }
}

fn check_name(path: &str, name: &Bilingual) -> Check {
    for (lang, text) in [("zh", &name.zh), ("en", &name.en)] {
        let path = format!("{path}.{lang}");
        if text.trim().is_empty() {
            return Err(invalid(path, DefinitionProblem::EmptyName));
        }
        if text.chars().count() > MAX_NAME_CHARS {
            return Err(invalid(path, DefinitionProblem::LongName));
        }
        if text.chars().any(char::is_control) {
            return Err(invalid(path, DefinitionProblem::ControlCharacter));
        }
    }
    Ok(())
}

/// Records ids as they are seen and refuses the second occurrence of one.
struct Seen<'a> {
    first: HashMap<&'a str, String>,
}

impl<'a> Seen<'a> {
    fn new() -> Self {
        Self {
            first: HashMap::new(),
        }
    }

    fn insert(&mut self, id: &'a str, path: String) -> Check {
        if let Some(first) = self.first.get(id) {
            return Err(invalid(
                path,
                DefinitionProblem::Duplicate {
                    id: id.to_owned(),
                    first: first.clone(),
                },
            ));
        }
        self.first.insert(id, path);
        Ok(())
    }
}

fn check_trustees(doc: &DefinitionDocument) -> Check {
    if doc.trustees.is_empty() {
        return Err(invalid(
            "trustees",
            DefinitionProblem::Empty { what: "trustees" },
        ));
    }
    let mut ids = Seen::new();
    let mut keys: HashMap<[u8; 32], String> = HashMap::new();
    keys.insert(
        *doc.organiser.point().as_bytes(),
        "the organiser's key".to_owned(),
    );
    for (i, trustee) in doc.trustees.iter().enumerate() {
        let path = format!("trustees[{i}]");
        check_id(&format!("{path}.id"), &trustee.id)?;
        ids.insert(&trustee.id, format!("{path}.id"))?;
        check_name(&format!("{path}.name"), &trustee.name)?;
        let key = *trustee.key.point().as_bytes();
        if let Some(other) = keys.get(&key) {
            return Err(invalid(
                format!("{path}.key"),
                DefinitionProblem::SharedKey {
                    other: other.clone(),
                },
            ));
        }
        keys.insert(key, format!("{path}.key"));
    }
    if doc.threshold == 0 {
        return Err(invalid("threshold", DefinitionProblem::Zero));
    }
    if usize::try_from(doc.threshold).map_or(true, |t| t > doc.trustees.len()) {
        return Err(invalid(
            "threshold",
            DefinitionProblem::ThresholdAboveTrustees {
                threshold: doc.threshold,
                trustees: doc.trustees.len(),
            },
        ));
    }
    Ok(())
}

fn check_window(doc: &DefinitionDocument) -> Check {
    for (path, at) in [
        ("voting.opens", doc.voting.opens),
        ("voting.closes", doc.voting.closes),
    ] {
        // The hash keeps whole seconds only; a sub-second part would be a difference
        // between two definitions that the hash could not see.
        if at.nanosecond() != 0 {
            return Err(invalid(path, DefinitionProblem::FractionalSeconds));
        }
    }
    if doc.voting.closes <= doc.voting.opens {
        return Err(invalid("voting.closes", DefinitionProblem::WindowOrder));
    }
    Ok(())
}

fn check_round(doc: &DefinitionDocument) -> Check {
    let Some(round) = &doc.round else {
        return Ok(());
    };
    let plan = &round.plan;
    if plan.posts.is_empty() {
        return Err(invalid(
            "round.plan.posts",
            DefinitionProblem::Empty { what: "posts" },
        ));
    }
    let mut posts = Seen::new();
    for (i, post) in plan.posts.iter().enumerate() {
        let path = format!("round.plan.posts[{i}]");
        check_id(&format!("{path}.id"), &post.id)?;
        posts.insert(&post.id, format!("{path}.id"))?;
        check_name(&format!("{path}.name"), &post.name)?;
        if post.seats == 0 {
            return Err(invalid(format!("{path}.seats"), DefinitionProblem::Zero));
        }
    }
    if plan.max_posts_per_registrant == 0 {
        return Err(invalid(
            "round.plan.max_posts_per_registrant",
            DefinitionProblem::Zero,
        ));
    }
    if plan.registrants.is_empty() {
        return Err(invalid(
            "round.plan.registrants",
            DefinitionProblem::Empty {
                what: "registrants",
            },
        ));
    }
    let mut registrants = Seen::new();
    for (r, registrant) in plan.registrants.iter().enumerate() {
        let path = format!("round.plan.registrants[{r}]");
        check_id(&format!("{path}.id"), &registrant.id)?;
        registrants.insert(&registrant.id, format!("{path}.id"))?;
        check_name(&format!("{path}.name"), &registrant.name)?;
        if registrant.posts.is_empty() {
            return Err(invalid(
                format!("{path}.posts"),
                DefinitionProblem::Empty { what: "posts" },
            ));
        }
        if u32::try_from(registrant.posts.len()).map_or(true, |n| n > plan.max_posts_per_registrant)
        {
            return Err(invalid(
                format!("{path}.posts"),
                DefinitionProblem::TooManyPosts {
                    count: registrant.posts.len(),
                    max: plan.max_posts_per_registrant,
                },
            ));
        }
        let mut applied = Seen::new();
        for (p, post) in registrant.posts.iter().enumerate() {
            let path = format!("{path}.posts[{p}]");
            if !plan.posts.iter().any(|known| &known.id == post) {
                return Err(invalid(
                    path,
                    DefinitionProblem::Unknown {
                        what: "post",
                        id: post.clone(),
                    },
                ));
            }
            applied.insert(post, path)?;
        }
    }
    let rounds = plan.posts.len();
    if round.number == 0 || usize::try_from(round.number).map_or(true, |n| n > rounds) {
        return Err(invalid(
            "round.number",
            DefinitionProblem::UnknownRound {
                number: round.number,
                rounds,
            },
        ));
    }
    match (&round.follows, round.number) {
        (Some(_), 1) => Err(invalid(
            "round.follows",
            DefinitionProblem::FirstRoundFollows,
        )),
        (None, number) if number > 1 => Err(invalid(
            "round.follows",
            DefinitionProblem::FollowsMissing { number },
        )),
        (Some(link), _) => {
            check_id("round.follows.election_id", &link.election_id)?;
            if link.election_id == doc.election_id {
                return Err(invalid(
                    "round.follows.election_id",
                    DefinitionProblem::SelfReference,
                ));
            }
            Ok(())
        }
        (None, _) => Ok(()),
    }
}

fn check_groups(doc: &DefinitionDocument) -> Check {
    if doc.groups.is_empty() {
        return Err(invalid(
            "groups",
            DefinitionProblem::Empty {
                what: "voter groups",
            },
        ));
    }
    let mut ids = Seen::new();
    for (g, group) in doc.groups.iter().enumerate() {
        let path = format!("groups[{g}]");
        check_id(&format!("{path}.id"), &group.id)?;
        ids.insert(&group.id, format!("{path}.id"))?;
        check_name(&format!("{path}.name"), &group.name)?;
        if group.eligible == 0 {
            return Err(invalid(format!("{path}.eligible"), DefinitionProblem::Zero));
        }
        if group.contests.is_empty() {
            return Err(invalid(
                format!("{path}.contests"),
                DefinitionProblem::Empty {
                    what: "contests for this group to answer",
                },
            ));
        }
        let mut previous: Option<(usize, &str)> = None;
        let mut answered = Seen::new();
        for (c, contest) in group.contests.iter().enumerate() {
            let path = format!("{path}.contests[{c}]");
            let Some(position) = doc.contests.iter().position(|k| &k.id == contest) else {
                return Err(invalid(
                    path,
                    DefinitionProblem::Unknown {
                        what: "contest",
                        id: contest.clone(),
                    },
                ));
            };
            answered.insert(contest, path.clone())?;
            if let Some((before, before_id)) = previous {
                if position < before {
                    return Err(invalid(
                        path,
                        DefinitionProblem::ContestOrder {
                            contest: contest.clone(),
                            after: before_id.to_owned(),
                        },
                    ));
                }
            }
            previous = Some((position, contest));
        }
        if group.weight == Some(0) {
            return Err(invalid(format!("{path}.weight"), DefinitionProblem::Zero));
        }
        if let Some(quorum) = &group.quorum_at_least {
            check_at_least_share(&format!("{path}.quorum_at_least"), quorum)?;
        }
        if let Some(present) = group.present_at_least {
            let path = format!("{path}.present_at_least");
            if present == 0 {
                return Err(invalid(path, DefinitionProblem::Zero));
            }
            if present > group.eligible {
                return Err(invalid(
                    path,
                    DefinitionProblem::PresentAboveEligible {
                        present,
                        eligible: group.eligible,
                    },
                ));
            }
        }
    }
    // Caps name other groups, so they are checked once every group id is known.
    for (g, group) in doc.groups.iter().enumerate() {
        let Some(cap) = &group.eligible_at_most else {
            continue;
        };
        let path = format!("groups[{g}].eligible_at_most");
        check_at_least_share(&format!("{path}.share"), &cap.share)?;
        let Some(other) = doc.groups.iter().find(|o| o.id == cap.of_group) else {
            return Err(invalid(
                format!("{path}.of_group"),
                DefinitionProblem::Unknown {
                    what: "voter group",
                    id: cap.of_group.clone(),
                },
            ));
        };
        if other.id == group.id {
            return Err(invalid(
                format!("{path}.of_group"),
                DefinitionProblem::CapOfItself,
            ));
        }
        if cap.share.exceeded_by(group.eligible, other.eligible) {
            return Err(invalid(
                format!("groups[{g}].eligible"),
                DefinitionProblem::AboveCap {
                    eligible: group.eligible,
                    share: cap.share,
                    of_group: other.id.clone(),
                    of_eligible: other.eligible,
                    max: cap.share.greatest_within(other.eligible),
                },
            ));
        }
    }
    Ok(())
}

/// "At least" shares (quorums, caps) lie in (0, 1].
fn check_at_least_share(path: &str, share: &Fraction) -> Check {
    if share.is_positive_share() {
        Ok(())
    } else {
        Err(invalid(
            path,
            DefinitionProblem::ShareOutOfRange {
                value: *share,
                range: "(0, 1]",
            },
        ))
    }
}

/// "More than" shares (majorities, thresholds) lie in (0, 1): more than the whole can
/// never happen.
fn check_more_than_share(path: &str, share: &Fraction) -> Check {
    if share.is_proper() {
        Ok(())
    } else {
        Err(invalid(
            path,
            DefinitionProblem::ShareOutOfRange {
                value: *share,
                range: "(0, 1)",
            },
        ))
    }
}

fn check_contests(doc: &DefinitionDocument) -> Check {
    if doc.contests.is_empty() {
        return Err(invalid(
            "contests",
            DefinitionProblem::Empty { what: "contests" },
        ));
    }
    let mut ids = Seen::new();
    // The same person keeps one name across contests (a trust vote and a recommendation
    // on the same candidates), so a ballot cannot show two names for one id.
    let mut people: HashMap<&str, (&Bilingual, String)> = HashMap::new();
    let mut questions = 0usize;
    for (c, contest) in doc.contests.iter().enumerate() {
        let path = format!("contests[{c}]");
        check_id(&format!("{path}.id"), &contest.id)?;
        ids.insert(&contest.id, format!("{path}.id"))?;
        check_name(&format!("{path}.title"), &contest.title)?;
        let kind_path = format!("{path}.kind.{}", contest.kind.name());
        let list = match &contest.kind {
            ContestKind::Evaluation(_) => "officials",
            ContestKind::Recall(_) => "official",
            _ => "candidates",
        };
        let person_path = |j: usize| match &contest.kind {
            ContestKind::Recall(_) => format!("{kind_path}.official"),
            _ => format!("{kind_path}.{list}[{j}]"),
        };
        let persons = contest.kind.people();
        if persons.is_empty() {
            return Err(invalid(
                format!("{kind_path}.{list}"),
                DefinitionProblem::Empty { what: "candidates" },
            ));
        }
        if persons.len() > MAX_PEOPLE_PER_CONTEST {
            return Err(invalid(
                format!("{kind_path}.{list}"),
                DefinitionProblem::TooMany {
                    what: "people",
                    count: persons.len(),
                    max: MAX_PEOPLE_PER_CONTEST,
                },
            ));
        }
        let mut seen = Seen::new();
        for (j, person) in persons.iter().enumerate() {
            let path = person_path(j);
            check_id(&format!("{path}.id"), &person.id)?;
            seen.insert(&person.id, format!("{path}.id"))?;
            check_name(&format!("{path}.name"), &person.name)?;
            match people.get(person.id.as_str()) {
                Some((name, other)) if *name != &person.name => {
                    return Err(invalid(
                        format!("{path}.name"),
                        DefinitionProblem::NameMismatch {
                            id: person.id.clone(),
                            other: other.clone(),
                        },
                    ));
                }
                Some(_) => {}
                None => {
                    people.insert(&person.id, (&person.name, format!("{path}.name")));
                }
            }
        }
        questions += match &contest.kind {
            ContestKind::Trust(_) | ContestKind::Evaluation(_) => persons.len(),
            _ => 1,
        };
        if questions > MAX_QUESTIONS {
            return Err(invalid(
                path,
                DefinitionProblem::TooMany {
                    what: "questions",
                    count: questions,
                    max: MAX_QUESTIONS,
                },
            ));
        }
        check_kind(doc, contest, &kind_path)?;
    }
    Ok(())
}

fn check_selections(path: String, limit: u32, candidates: usize) -> Check {
    if limit == 0 {
        return Err(invalid(path, DefinitionProblem::Zero));
    }
    if usize::try_from(limit).map_or(true, |l| l > candidates) {
        return Err(invalid(
            path,
            DefinitionProblem::LimitAboveCandidates { limit, candidates },
        ));
    }
    if limit > MAX_SELECTIONS {
        return Err(invalid(path, DefinitionProblem::LimitTooLarge { limit }));
    }
    Ok(())
}

fn check_kind(doc: &DefinitionDocument, contest: &ContestDefinition, path: &str) -> Check {
    match &contest.kind {
        ContestKind::Recommendation(c) => {
            let n = c.candidates.len();
            check_selections(format!("{path}.max_approvals"), c.max_approvals, n)?;
            if let Some(funnel) = &c.funnel {
                if funnel.seats == 0 {
                    return Err(invalid(
                        format!("{path}.funnel.seats"),
                        DefinitionProblem::Zero,
                    ));
                }
                if funnel.keep <= funnel.seats {
                    return Err(invalid(
                        format!("{path}.funnel.keep"),
                        DefinitionProblem::FunnelNoCompetition {
                            keep: funnel.keep,
                            seats: funnel.seats,
                        },
                    ));
                }
                if usize::try_from(funnel.keep).map_or(true, |k| k > n) {
                    return Err(invalid(
                        format!("{path}.funnel.keep"),
                        DefinitionProblem::LimitAboveCandidates {
                            limit: funnel.keep,
                            candidates: n,
                        },
                    ));
                }
                if let Some(trust_id) = &funnel.trust_contest {
                    check_trust_link(doc, &c.candidates, trust_id, path)?;
                }
            }
            Ok(())
        }
        ContestKind::Trust(c) => {
            check_more_than_share(&format!("{path}.trust_more_than"), &c.trust_more_than)
        }
        ContestKind::Competitive(c) => {
            let n = c.candidates.len();
            if c.seats == 0 {
                return Err(invalid(format!("{path}.seats"), DefinitionProblem::Zero));
            }
            if usize::try_from(c.seats).map_or(true, |s| n <= s) {
                return Err(invalid(
                    format!("{path}.seats"),
                    DefinitionProblem::NoCompetition {
                        candidates: n,
                        seats: c.seats,
                    },
                ));
            }
            check_selections(format!("{path}.seats"), c.seats, n)?;
            check_more_than_share(&format!("{path}.majority_more_than"), &c.majority_more_than)
        }
        ContestKind::Evaluation(c) => {
            if c.scale.len() < 2 {
                return Err(invalid(
                    format!("{path}.scale"),
                    DefinitionProblem::TooFewLevels,
                ));
            }
            if c.scale.len() > MAX_PEOPLE_PER_CONTEST {
                return Err(invalid(
                    format!("{path}.scale"),
                    DefinitionProblem::TooMany {
                        what: "levels",
                        count: c.scale.len(),
                        max: MAX_PEOPLE_PER_CONTEST,
                    },
                ));
            }
            let mut levels = Seen::new();
            for (l, level) in c.scale.iter().enumerate() {
                let path = format!("{path}.scale[{l}]");
                check_id(&format!("{path}.id"), &level.id)?;
                levels.insert(&level.id, format!("{path}.id"))?;
                check_name(&format!("{path}.label"), &level.label)?;
            }
            if !c.scale.iter().any(|l| l.favourable) {
                return Err(invalid(
                    format!("{path}.scale"),
                    DefinitionProblem::NoFavourableLevel,
                ));
            }
            if let Some(verdict) = &c.verdict {
                if !c.scale.iter().any(|l| l.id == verdict.level) {
                    return Err(invalid(
                        format!("{path}.verdict.level"),
                        DefinitionProblem::Unknown {
                            what: "level of the scale",
                            id: verdict.level.clone(),
                        },
                    ));
                }
                check_more_than_share(&format!("{path}.verdict.more_than"), &verdict.more_than)?;
            }
            if let Some(previous) = &c.previous {
                if c.verdict.is_none() {
                    return Err(invalid(
                        format!("{path}.previous"),
                        DefinitionProblem::PreviousWithoutVerdict,
                    ));
                }
                check_id(
                    &format!("{path}.previous.election_id"),
                    &previous.election_id,
                )?;
                if previous.election_id == doc.election_id {
                    return Err(invalid(
                        format!("{path}.previous.election_id"),
                        DefinitionProblem::SelfReference,
                    ));
                }
                check_id(&format!("{path}.previous.contest"), &previous.contest)?;
            }
            Ok(())
        }
        ContestKind::Recall(c) => {
            check_more_than_share(&format!("{path}.yes_more_than"), &c.yes_more_than)
        }
    }
}

fn check_trust_link(
    doc: &DefinitionDocument,
    candidates: &[Candidate],
    trust_id: &str,
    path: &str,
) -> Check {
    let path = format!("{path}.funnel.trust_contest");
    let Some(linked) = doc.contests.iter().find(|k| k.id == trust_id) else {
        return Err(invalid(
            path,
            DefinitionProblem::Unknown {
                what: "contest",
                id: trust_id.to_owned(),
            },
        ));
    };
    let ContestKind::Trust(trust) = &linked.kind else {
        return Err(invalid(
            path,
            DefinitionProblem::KindMismatch {
                id: trust_id.to_owned(),
                found: linked.kind.name(),
                expected: "trust",
            },
        ));
    };
    let ours: BTreeSet<&str> = candidates.iter().map(|c| c.id.as_str()).collect();
    let theirs: BTreeSet<&str> = trust.candidates.iter().map(|c| c.id.as_str()).collect();
    if ours != theirs {
        return Err(invalid(
            path,
            DefinitionProblem::CandidatesDiffer {
                other: trust_id.to_owned(),
            },
        ));
    }
    Ok(())
}

fn check_answered_and_weights(doc: &DefinitionDocument) -> Check {
    for (c, contest) in doc.contests.iter().enumerate() {
        let answering = doc
            .groups
            .iter()
            .enumerate()
            .filter(|(_, g)| g.contests.contains(&contest.id));
        let mut any = false;
        for (g, group) in answering {
            any = true;
            let weighted = matches!(
                &contest.kind,
                ContestKind::Evaluation(e) if e.combine == Combine::Weighted
            );
            if weighted && group.weight.is_none() {
                return Err(invalid(
                    format!("groups[{g}].weight"),
                    DefinitionProblem::WeightMissing {
                        contest: contest.id.clone(),
                    },
                ));
            }
        }
        if !any {
            return Err(invalid(
                format!("contests[{c}]"),
                DefinitionProblem::Unanswered,
            ));
        }
    }
    // A weight that no formula uses would suggest a rule that is not applied.
    for (g, group) in doc.groups.iter().enumerate() {
        if group.weight.is_none() {
            continue;
        }
        let used = group.contests.iter().any(|id| {
            doc.contests.iter().any(|k| {
                &k.id == id
                    && matches!(&k.kind, ContestKind::Evaluation(e) if e.combine == Combine::Weighted)
            })
        });
        if !used {
            return Err(invalid(
                format!("groups[{g}].weight"),
                DefinitionProblem::WeightUnused,
            ));
        }
    }
    Ok(())
}

/// The contest of the round's post: a competitive election with the post's seats, whose
/// candidates applied for the post; in round 1, every applicant.
fn check_round_contest(doc: &DefinitionDocument, round: &Round) -> Check {
    let plan = &round.plan;
    let Some(post) = plan.post_of_round(round.number) else {
        return Err(invalid(
            "round.number",
            DefinitionProblem::UnknownRound {
                number: round.number,
                rounds: plan.posts.len(),
            },
        ));
    };
    let Some((c, contest)) = doc
        .contests
        .iter()
        .enumerate()
        .find(|(_, k)| k.id == post.id)
    else {
        return Err(invalid(
            "round.number",
            DefinitionProblem::RoundContestMissing {
                number: round.number,
                post: post.id.clone(),
            },
        ));
    };
    let ContestKind::Competitive(election) = &contest.kind else {
        return Err(invalid(
            format!("contests[{c}].kind"),
            DefinitionProblem::KindMismatch {
                id: contest.id.clone(),
                found: contest.kind.name(),
                expected: "competitive",
            },
        ));
    };
    let path = format!("contests[{c}].kind.competitive");
    if election.seats != post.seats {
        return Err(invalid(
            format!("{path}.seats"),
            DefinitionProblem::SeatsMismatch {
                post: post.id.clone(),
                expected: post.seats,
                found: election.seats,
            },
        ));
    }
    for (j, candidate) in election.candidates.iter().enumerate() {
        let path = format!("{path}.candidates[{j}]");
        let Some((r, registrant)) = plan
            .registrants
            .iter()
            .enumerate()
            .find(|(_, r)| r.id == candidate.id)
        else {
            return Err(invalid(
                format!("{path}.id"),
                DefinitionProblem::NotRegistered {
                    candidate: candidate.id.clone(),
                },
            ));
        };
        if !registrant.posts.contains(&post.id) {
            return Err(invalid(
                format!("{path}.id"),
                DefinitionProblem::DidNotApply {
                    candidate: candidate.id.clone(),
                    post: post.id.clone(),
                },
            ));
        }
        if registrant.name != candidate.name {
            return Err(invalid(
                format!("{path}.name"),
                DefinitionProblem::NameMismatch {
                    id: candidate.id.clone(),
                    other: format!("round.plan.registrants[{r}].name"),
                },
            ));
        }
    }
    // Round 1 has no earlier results, so its list is fully determined by the plan.
    if round.number == 1 {
        for (r, registrant) in plan.registrants.iter().enumerate() {
            let applied = registrant.posts.contains(&post.id);
            let listed = election.candidates.iter().any(|c| c.id == registrant.id);
            if applied && !listed {
                return Err(invalid(
                    format!("round.plan.registrants[{r}]"),
                    DefinitionProblem::ApplicantMissing {
                        registrant: registrant.id.clone(),
                        post: post.id.clone(),
                    },
                ));
            }
        }
    }
    Ok(())
}
