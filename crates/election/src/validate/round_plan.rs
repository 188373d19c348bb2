//! A round's plan, and the round's contest against it: checks 5 and 9 of
//! `spec/definition.md` §2.

use super::values::{check_id, check_name, Seen};
use super::{invalid, Check, DefinitionProblem};
use crate::contest::ContestKind;
use crate::definition::DefinitionDocument;
use crate::round::Round;

/// Check 5: the round's plan, its number and the round it follows.
pub(super) fn check_round(doc: &DefinitionDocument) -> Check {
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

/// Check 9: the contest of the round's post is a competitive election with the post's
/// seats, whose candidates applied for the post; in round 1, every applicant.
pub(super) fn check_round_contest(doc: &DefinitionDocument, round: &Round) -> Check {
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
        if !registrant.runs_for(plan, &post.id) {
            return Err(invalid(
                format!("{path}.id"),
                DefinitionProblem::DoesNotStandAgain {
                    candidate: candidate.id.clone(),
                    first: registrant
                        .first_post(plan)
                        .map(|p| p.id.clone())
                        .unwrap_or_default(),
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
