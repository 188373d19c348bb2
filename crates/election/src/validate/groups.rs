//! The voter groups, their caps, and the contests they answer and weigh: checks 7 and 8 of
//! `spec/definition.md` §2.

use super::values::{check_at_least_share, check_id, check_name, Seen};
use super::{invalid, Check, DefinitionProblem};
use crate::contest::{Combine, ContestKind};
use crate::definition::DefinitionDocument;

/// Check 7: the groups, then their caps.
pub(super) fn check_groups(doc: &DefinitionDocument) -> Check {
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

/// Check 8: every contest is answered, and weights are declared exactly where a weighted
/// evaluation uses them.
pub(super) fn check_answered_and_weights(doc: &DefinitionDocument) -> Check {
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
