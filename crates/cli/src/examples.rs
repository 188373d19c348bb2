//! The example elections of `examples/`, built into the command so that `zhixuan demo` runs
//! anywhere: each procedure's definitions in the order they are held, made ready for a
//! live run (a voting window around now, the demo's own keys, group sizes scaled), and
//! ballots planned so that the live counts follow the example's demonstration counts.

use rand::seq::SliceRandom;
use time::{Duration, OffsetDateTime};
use zhixuan_election::{ContestKind, Counts, DefinitionDocument, ElectionDefinition};
use zhixuan_tally::{ElectionHash, VerifyingKey};

use crate::error::CliError;

/// One of the four procedures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExampleName {
    /// 公推直选: the recommendation meeting (recommendation and advisory trust votes), then
    /// the members' assembly (Nanjing).
    Nanjing,
    /// 三轮选: the recommendation meeting, then rounds 1–3 top post first (Pingchang).
    Pingchang,
    /// 直评村官: last year's evaluation, then this year's (Xinzhou).
    Xinzhou,
    /// 千企议科长: an evaluation with weighted groups, last ballot counts (Nanning).
    Nanning,
}

/// One election of an example: its definition and demonstration counts, as JSON.
pub struct ExampleElection {
    /// The file name under `examples/`, without `.json` (e.g. `nanjing-assembly`).
    pub file: &'static str,
    /// The definition (`examples/FILE.json`).
    pub definition: &'static str,
    /// The ballots the demo casts, as counts per group and question
    /// (`examples/FILE.counts.json`).
    pub counts: &'static str,
}

macro_rules! example {
    ($name:literal) => {
        ExampleElection {
            file: $name,
            definition: include_str!(concat!("../../../examples/", $name, ".json")),
            counts: include_str!(concat!("../../../examples/", $name, ".counts.json")),
        }
    };
}

impl ExampleName {
    /// The elections of the procedure, in the order they are held.
    pub fn elections(self) -> Vec<ExampleElection> {
        match self {
            ExampleName::Nanjing => vec![
                example!("nanjing-recommendation"),
                example!("nanjing-assembly"),
            ],
            ExampleName::Pingchang => vec![
                example!("pingchang-recommendation"),
                example!("pingchang-round1"),
                example!("pingchang-round2"),
                example!("pingchang-round3"),
            ],
            ExampleName::Xinzhou => vec![example!("xinzhou-2023"), example!("xinzhou")],
            ExampleName::Nanning => vec![example!("nanning")],
        }
    }

    /// The plan of the procedure around the elections (`spec/procedure.md`), where the
    /// example has one, and the index of the first election it covers: Xinzhou's covers
    /// this year's evaluation, last year's being an earlier year's procedure.
    pub fn procedure(self) -> Option<(&'static str, usize)> {
        match self {
            ExampleName::Nanjing => {
                Some((include_str!("../../../examples/nanjing.procedure.json"), 0))
            }
            ExampleName::Pingchang => Some((
                include_str!("../../../examples/pingchang.procedure.json"),
                0,
            )),
            ExampleName::Xinzhou => {
                Some((include_str!("../../../examples/xinzhou.procedure.json"), 1))
            }
            ExampleName::Nanning => None,
        }
    }

    /// The name on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            ExampleName::Nanjing => "nanjing",
            ExampleName::Pingchang => "pingchang",
            ExampleName::Xinzhou => "xinzhou",
            ExampleName::Nanning => "nanning",
        }
    }
}

/// How an example's definition is changed for a live run.
pub struct LiveSettings<'a> {
    /// The time of the run: voting opens an hour before it and closes two hours after.
    pub now: OffsetDateTime,
    /// The organiser's public key, in place of the example's.
    pub organiser: VerifyingKey,
    /// The trustees' public keys, in order, in place of the example's (five of them).
    pub trustees: Vec<VerifyingKey>,
    /// Each group's eligible number is multiplied by `scale.0 / scale.1`.
    pub scale: Option<(u64, u64)>,
    /// Earlier elections as published in this run (id, definition hash), which rounds and
    /// evaluations name instead of the example's own hashes.
    pub published: &'a [(String, ElectionHash)],
}

fn bad(file: &str, problem: impl std::fmt::Display) -> CliError {
    CliError::Internal(format!("example {file}: {problem}"))
}

fn scaled(value: u64, (num, den): (u64, u64)) -> u64 {
    let exact = u128::from(value) * u128::from(num);
    u64::try_from((exact * 2 + u128::from(den)) / (u128::from(den) * 2)).unwrap_or(u64::MAX)
}

/// The total number of eligible voters of an example's first election, which `--voters`
/// scales to.
pub fn electorate(example: &ExampleElection) -> Result<u64, CliError> {
    let doc: DefinitionDocument =
        serde_json::from_str(example.definition).map_err(|e| bad(example.file, e))?;
    Ok(doc.groups.iter().map(|g| g.eligible).sum())
}

/// The example's definition, made ready for a live run.
pub fn live_definition(
    example: &ExampleElection,
    settings: &LiveSettings<'_>,
) -> Result<ElectionDefinition, CliError> {
    let mut doc: DefinitionDocument =
        serde_json::from_str(example.definition).map_err(|e| bad(example.file, e))?;
    // In the example's own time zone: the window is shown as it is written.
    let now = doc
        .voting
        .local(settings.now.replace_nanosecond(0).unwrap_or(settings.now));
    doc.voting.opens = now - Duration::hours(1);
    doc.voting.closes = now + Duration::hours(2);
    doc.organiser = settings.organiser.clone();
    if doc.trustees.len() != settings.trustees.len() {
        return Err(bad(example.file, "the demo expects five trustees"));
    }
    for (entry, key) in doc.trustees.iter_mut().zip(&settings.trustees) {
        entry.key = key.clone();
    }
    let hash_of = |id: &str| {
        settings
            .published
            .iter()
            .find(|(p, _)| p == id)
            .map(|(_, h)| *h)
            .ok_or_else(|| {
                bad(
                    example.file,
                    format!("it follows `{id}`, which this run has not held"),
                )
            })
    };
    if let Some(link) = doc.round.as_mut().and_then(|r| r.follows.as_mut()) {
        link.definition_hash = hash_of(&link.election_id)?;
    }
    for contest in &mut doc.contests {
        if let ContestKind::Evaluation(e) = &mut contest.kind {
            if let Some(previous) = e.previous.as_mut() {
                previous.definition_hash = hash_of(&previous.election_id)?;
            }
        }
    }
    if let Some(scale) = settings.scale {
        let before: Vec<u64> = doc.groups.iter().map(|g| g.eligible).collect();
        for group in &mut doc.groups {
            group.eligible = scaled(group.eligible, scale).max(1);
        }
        // A cap on one group's size (resident representatives at most 3/10 of the
        // members) must still hold after rounding.
        let sizes: Vec<(String, u64)> = doc
            .groups
            .iter()
            .map(|g| (g.id.clone(), g.eligible))
            .collect();
        for group in &mut doc.groups {
            if let Some(cap) = &group.eligible_at_most {
                if let Some((_, other)) = sizes.iter().find(|(id, _)| id == &cap.of_group) {
                    group.eligible = group.eligible.min(cap.share.greatest_within(*other));
                }
            }
        }
        for (group, before) in doc.groups.iter_mut().zip(before) {
            if let Some(present) = group.present_at_least.as_mut() {
                *present = scaled(*present, (group.eligible, before)).clamp(1, group.eligible);
            }
        }
    }
    ElectionDefinition::from_document(doc).map_err(|e| match settings.scale {
        // Scaled too far down, a group can shrink to nothing or below its own minimum.
        Some((voters, _)) => CliError::usage(
            format!(
                "--voters {voters} 对示例 {} 太少（{e}）；请用更大的数",
                example.file
            ),
            format!(
                "--voters {voters} is too few for the example {} ({e}); try a larger number",
                example.file
            ),
        ),
        None => bad(example.file, e),
    })
}

/// The ballots one group casts: per voter, per question of the group's ballot style, per
/// option.
pub type GroupBallots = Vec<Vec<Vec<u32>>>;

/// Ballots for every group of a live definition whose counts follow the example's
/// demonstration counts: the same turnout and the same share for every option, at the live
/// group sizes. Each question's counts are apportioned by largest remainder and dealt to
/// ballots in turn (wrapping round), which gives every ballot a valid number of marks; the
/// ballots are then shuffled.
pub fn planned_ballots(
    example: &ExampleElection,
    definition: &ElectionDefinition,
) -> Result<Vec<(String, GroupBallots)>, CliError> {
    let counts: Counts = serde_json::from_str(example.counts).map_err(|e| bad(example.file, e))?;
    let original: DefinitionDocument =
        serde_json::from_str(example.definition).map_err(|e| bad(example.file, e))?;
    let mut rng = rand::rng();
    let mut out = Vec::new();
    for group in &definition.document().groups {
        let style = definition
            .ballot_style(&group.id)
            .ok_or_else(|| bad(example.file, format!("group `{}` has no ballot", group.id)))?;
        let demo = counts
            .groups
            .iter()
            .find(|g| g.group == group.id)
            .ok_or_else(|| bad(example.file, format!("no counts for group `{}`", group.id)))?;
        let eligible = original
            .groups
            .iter()
            .find(|g| g.id == group.id)
            .map_or(group.eligible, |g| g.eligible)
            .max(1);
        let cast = scaled(demo.ballots_cast, (group.eligible, eligible)).min(group.eligible);
        let voters = usize::try_from(cast).map_err(|e| bad(example.file, e))?;
        let mut ballots: GroupBallots = vec![Vec::with_capacity(style.contests().len()); voters];
        for (styled, question) in style.contests().iter().zip(&demo.questions) {
            if styled.contest != question.question {
                return Err(bad(
                    example.file,
                    format!("group `{}`: counts out of ballot order", group.id),
                ));
            }
            let spec = &styled.spec;
            let demo_total: u64 = question.options.iter().sum();
            let total = if demo.ballots_cast == 0 {
                0
            } else {
                scaled(demo_total, (cast, demo.ballots_cast))
            }
            .clamp(
                u64::from(spec.min_total) * cast,
                u64::from(spec.max_total) * cast,
            );
            let shares = apportion(&question.options, total);
            let mut marks = vec![vec![0u32; spec.option_limits.len()]; voters];
            let mut next = 0usize;
            for (option, &count) in shares.iter().enumerate() {
                for _ in 0..count.min(cast) {
                    marks[next % voters.max(1)][option] = 1;
                    next += 1;
                }
            }
            marks.shuffle(&mut rng);
            for (ballot, mark) in ballots.iter_mut().zip(marks) {
                ballot.push(mark);
            }
        }
        out.push((group.id.clone(), ballots));
    }
    Ok(out)
}

/// The attendance each group of a live definition declares, where the example's
/// demonstration counts give one: the example's number present, at the live group size,
/// never below the group's planned ballots nor above its size.
pub fn planned_attendance(
    example: &ExampleElection,
    definition: &ElectionDefinition,
) -> Result<Vec<(String, u64)>, CliError> {
    let counts: Counts = serde_json::from_str(example.counts).map_err(|e| bad(example.file, e))?;
    let original: DefinitionDocument =
        serde_json::from_str(example.definition).map_err(|e| bad(example.file, e))?;
    let mut out = Vec::new();
    for group in &definition.document().groups {
        let Some(demo) = counts.groups.iter().find(|g| g.group == group.id) else {
            continue;
        };
        let Some(present) = demo.present else {
            continue;
        };
        let eligible = original
            .groups
            .iter()
            .find(|g| g.id == group.id)
            .map_or(group.eligible, |g| g.eligible)
            .max(1);
        let cast = scaled(demo.ballots_cast, (group.eligible, eligible)).min(group.eligible);
        let live = scaled(present, (group.eligible, eligible)).clamp(cast, group.eligible);
        out.push((group.id.clone(), live));
    }
    Ok(out)
}

/// Divides `total` in proportion to `weights`, by largest remainder.
fn apportion(weights: &[u64], total: u64) -> Vec<u64> {
    let sum: u128 = weights.iter().map(|&w| u128::from(w)).sum();
    if sum == 0 {
        return vec![0; weights.len()];
    }
    let quotas: Vec<(u64, u128)> = weights
        .iter()
        .map(|&w| {
            let exact = u128::from(w) * u128::from(total);
            (u64::try_from(exact / sum).unwrap_or(u64::MAX), exact % sum)
        })
        .collect();
    let given: u64 = quotas.iter().map(|q| q.0).sum();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| quotas[b].1.cmp(&quotas[a].1).then(a.cmp(&b)));
    let mut out: Vec<u64> = quotas.iter().map(|q| q.0).collect();
    for &i in order.iter().take(total.saturating_sub(given) as usize) {
        out[i] += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(
        scale: Option<(u64, u64)>,
        published: &[(String, ElectionHash)],
    ) -> LiveSettings<'_> {
        let key = |_| {
            zhixuan_tally::SigningKey::generate(&mut rand::rng())
                .verifying_key()
                .clone()
        };
        LiveSettings {
            now: OffsetDateTime::now_utc(),
            organiser: key(0),
            trustees: (0..5).map(key).collect(),
            scale,
            published,
        }
    }

    #[test]
    fn apportionment_keeps_the_total_and_the_order() {
        assert_eq!(apportion(&[402, 380, 300], 54), vec![20, 19, 15]);
        assert_eq!(apportion(&[1, 1, 1], 2), vec![1, 1, 0]);
        assert_eq!(apportion(&[0, 0], 5), vec![0, 0]);
        assert_eq!(apportion(&[250, 25, 10], 285), vec![250, 25, 10]);
    }

    /// At full size the planned ballots add up to exactly the example's counts; scaled,
    /// every ballot is valid for its style and the turnout is kept.
    #[test]
    fn planned_ballots_follow_the_demonstration_counts() {
        for name in [ExampleName::Nanjing, ExampleName::Nanning] {
            let example = &name.elections()[0];
            let definition = live_definition(example, &settings(None, &[])).unwrap();
            let counts: Counts = serde_json::from_str(example.counts).unwrap();
            for ((group, ballots), demo) in planned_ballots(example, &definition)
                .unwrap()
                .iter()
                .zip(&counts.groups)
            {
                assert_eq!(group, &demo.group);
                assert_eq!(ballots.len() as u64, demo.ballots_cast);
                let style = definition.ballot_style(group).unwrap();
                for (q, question) in demo.questions.iter().enumerate() {
                    let sums: Vec<u64> = (0..question.options.len())
                        .map(|o| ballots.iter().map(|b| u64::from(b[q][o])).sum())
                        .collect();
                    assert_eq!(sums, question.options, "{group} question {q}");
                }
                for b in ballots {
                    for (marks, styled) in b.iter().zip(style.contests()) {
                        let total: u32 = marks.iter().sum();
                        assert!(total >= styled.spec.min_total && total <= styled.spec.max_total);
                    }
                }
            }
            let scaled = live_definition(example, &settings(Some((60, 1000)), &[])).unwrap();
            for (group, ballots) in planned_ballots(example, &scaled).unwrap() {
                let eligible = scaled.group(&group).unwrap().eligible;
                assert!(ballots.len() as u64 <= eligible && !ballots.is_empty());
            }
        }
    }

    #[test]
    fn a_scaled_definition_keeps_its_caps_and_minimums() {
        let example = &ExampleName::Pingchang.elections()[0];
        let d = live_definition(example, &settings(Some((30, 416)), &[])).unwrap();
        // The window moves to now, in the example's time zone (Beijing time).
        let window = &d.document().voting;
        assert_eq!(
            window.opens.offset(),
            time::UtcOffset::from_hms(8, 0, 0).unwrap()
        );
        assert!(d.to_json().unwrap().contains("+08:00"));
        let members = d.group("members").unwrap().eligible;
        let reps = d.group("resident-representatives").unwrap().eligible;
        assert!(reps * 10 <= members * 3, "{reps} of {members}");
        let example = &ExampleName::Xinzhou.elections()[0];
        let d = live_definition(example, &settings(Some((30, 328)), &[])).unwrap();
        let reps = d.group("village-representatives").unwrap();
        assert!(reps.present_at_least.unwrap() <= reps.eligible);
        // A later round must name the earlier round this run published.
        let round2 = &ExampleName::Pingchang.elections()[2];
        assert!(live_definition(round2, &settings(None, &[])).is_err());
        let published = [(
            "pingchang-demo-township-2024-round-1".to_owned(),
            ElectionHash([7; 32]),
        )];
        let d = live_definition(round2, &settings(None, &published)).unwrap();
        assert_eq!(
            d.document()
                .round
                .as_ref()
                .unwrap()
                .follows
                .as_ref()
                .unwrap()
                .definition_hash,
            ElectionHash([7; 32])
        );
    }
}
