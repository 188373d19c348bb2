//! The contests, their people and each kind's rules: check 6 of `spec/definition.md` §2.

use std::collections::{BTreeSet, HashMap};

use super::values::{check_id, check_more_than_share, check_name, Seen};
use super::{
    invalid, Check, DefinitionProblem, MAX_PEOPLE_PER_CONTEST, MAX_QUESTIONS, MAX_SELECTIONS,
};
use crate::contest::{Candidate, ContestDefinition, ContestKind};
use crate::definition::DefinitionDocument;
use crate::text::Bilingual;

/// Check 6, up to each kind's rules.
pub(super) fn check_contests(doc: &DefinitionDocument) -> Check {
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

/// Check 6, each kind's rules.
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
        ContestKind::Trust(c) => match &c.trust_more_than {
            Some(share) => check_more_than_share(&format!("{path}.trust_more_than"), share),
            None => Ok(()),
        },
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
    if trust.trust_more_than.is_none() {
        return Err(invalid(
            path,
            DefinitionProblem::AdvisoryTrust {
                id: trust_id.to_owned(),
            },
        ));
    }
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
