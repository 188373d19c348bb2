//! Rules `ranking` and `tie`: `spec/rules.md` §5 and §6.

use super::Context;
use crate::contest::ContestDefinition;
use crate::outcome::{DecideError, Fact, Finding, Rule, Standing};
use crate::questions::Question;

impl Context<'_> {
    pub(super) fn ranking(
        &self,
        contest: &ContestDefinition,
        questions: &[&Question],
    ) -> Result<(u64, Vec<Standing>), DecideError> {
        let question = Self::single(contest, questions)?;
        let summed = self.sum(&contest.id, question)?;
        let people = contest.kind.people();
        Ok((
            summed.ballots,
            rank(people.iter().map(|p| p.id.as_str()).zip(summed.options)),
        ))
    }
}

/// Rule `ranking` (`spec/rules.md` §5): most votes first; equal votes keep definition order
/// and share the rank of the first of them (1, 2, 2, 4).
fn rank<'s>(votes: impl Iterator<Item = (&'s str, u64)>) -> Vec<Standing> {
    let mut entries: Vec<(&str, u64)> = votes.collect();
    // A stable sort keeps definition order among equal votes.
    entries.sort_by_key(|entry| core::cmp::Reverse(entry.1));
    let mut ranking: Vec<Standing> = Vec::with_capacity(entries.len());
    for (position, (candidate, votes)) in entries.into_iter().enumerate() {
        let rank = match ranking.last() {
            Some(last) if last.votes == votes => last.rank,
            _ => u32::try_from(position + 1).unwrap_or(u32::MAX),
        };
        ranking.push(Standing {
            candidate: candidate.to_owned(),
            votes,
            rank,
        });
    }
    ranking
}

/// The outcome of taking the top `places` of a ranked list: those clearly in, and those
/// tied across the last place.
pub(super) struct Top<'s> {
    pub(super) clear: Vec<&'s str>,
    pub(super) tied: Vec<&'s str>,
    tied_votes: u64,
    places_left: u32,
}

impl Top<'_> {
    /// Everyone tied across the last place is in as well: the places are a least number
    /// (`spec/rules.md` §9, `at_least`), so no tie is left for people to decide.
    pub(super) fn keep_tied(&mut self) {
        self.clear.append(&mut self.tied);
        self.tied_votes = 0;
        self.places_left = 0;
    }

    pub(super) fn tie_finding(&self) -> Option<Finding> {
        (!self.tied.is_empty()).then(|| {
            Finding::new(
                Rule::Tie,
                Fact::Tie {
                    candidates: self.tied.iter().map(|c| (*c).to_owned()).collect(),
                    votes: self.tied_votes,
                    places: self.places_left,
                },
            )
        })
    }
}

/// Rule `tie` (`spec/rules.md` §6): with `v` the votes of the `places`-th entry, everyone
/// above `v` is in; if more entries have `v` than places remain, they are tied for the
/// remaining places.
pub(super) fn top<'s>(ranked: &[&'s Standing], places: u32) -> Top<'s> {
    let places_usize = usize::try_from(places).unwrap_or(usize::MAX);
    let all = || ranked.iter().map(|s| s.candidate.as_str()).collect();
    if ranked.len() <= places_usize {
        return Top {
            clear: all(),
            tied: Vec::new(),
            tied_votes: 0,
            places_left: 0,
        };
    }
    let Some(last) = places_usize.checked_sub(1).and_then(|i| ranked.get(i)) else {
        return Top {
            clear: Vec::new(),
            tied: Vec::new(),
            tied_votes: 0,
            places_left: 0,
        };
    };
    // spec/rules.md §6 step 2.
    let v = last.votes;
    let clear: Vec<&str> = ranked
        .iter()
        .filter(|s| s.votes > v)
        .map(|s| s.candidate.as_str())
        .collect();
    let at_v: Vec<&str> = ranked
        .iter()
        .filter(|s| s.votes == v)
        .map(|s| s.candidate.as_str())
        .collect();
    let places_left = places - u32::try_from(clear.len()).unwrap_or(u32::MAX);
    if clear.len() + at_v.len() <= places_usize {
        // Everyone at `v` fits: no tie.
        let mut clear = clear;
        clear.extend(at_v);
        return Top {
            clear,
            tied: Vec::new(),
            tied_votes: 0,
            places_left: 0,
        };
    }
    Top {
        clear,
        tied: at_v,
        tied_votes: v,
        places_left,
    }
}
