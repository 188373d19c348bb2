//! The outcome in words: per contest, who was elected, kept, eliminated or rated, and the
//! rule that decided it, with people's names from the definition.

use std::collections::HashMap;
use std::fmt::Write as _;

use zhixuan_tally::{ElectionDefinition, Fact, Outcome, Verdict};

use crate::lang::Lang;

/// The outcome of `definition` in words, one contest after another.
pub fn describe_outcome(definition: &ElectionDefinition, outcome: &Outcome, lang: Lang) -> String {
    let doc = definition.document();
    let names: HashMap<&str, &str> = doc
        .contests
        .iter()
        .flat_map(|c| c.kind.people())
        .map(|p| (p.id.as_str(), lang.pick(&p.name.zh, &p.name.en)))
        .collect();
    let name = |id: &str| names.get(id).copied().unwrap_or(id).to_owned();
    let mut out = String::new();
    let _ = writeln!(out, "{}", lang.pick("选举结果：", "Outcome:"));
    for g in &outcome.groups {
        let _ = writeln!(
            out,
            "  {} {}: {} / {}{}",
            lang.pick("选民组", "group"),
            g.group,
            g.ballots_cast,
            g.eligible,
            if g.valid {
                ""
            } else {
                lang.pick(
                    "（未达到规定的到会或投票人数，无结果）",
                    " (turnout requirement not met: no result)",
                )
            }
        );
    }
    for c in &outcome.contests {
        let title = doc
            .contests
            .iter()
            .find(|d| d.id == c.contest)
            .map(|d| lang.pick(&d.title.zh, &d.title.en).to_owned())
            .unwrap_or_else(|| c.contest.clone());
        let _ = writeln!(out, "  {title}");
        if !c.decided {
            let _ = writeln!(out, "    {}", lang.pick("无结果", "no result"));
        }
        for f in &c.findings {
            if let Some(line) = describe_fact(&f.fact, &name, lang) {
                let _ = writeln!(out, "    {line}");
            }
        }
    }
    out
}

fn describe_fact(fact: &Fact, name: &dyn Fn(&str) -> String, lang: Lang) -> Option<String> {
    Some(match fact {
        Fact::Elected {
            candidate,
            votes,
            needed,
        } => format!(
            "{} {} ({votes} {} {needed})",
            lang.pick("当选", "elected"),
            name(candidate),
            lang.pick("票，过半数需", "votes, majority needs")
        ),
        Fact::NoMajority {
            candidate,
            votes,
            needed,
        } => format!(
            "{} {} ({votes} {} {needed})",
            lang.pick("未过半数", "no majority"),
            name(candidate),
            lang.pick("票，需", "votes, needs")
        ),
        Fact::SeatsFilled { candidate, votes } => format!(
            "{} {} ({votes})",
            lang.pick("过半数但名额已满", "majority but seats filled"),
            name(candidate)
        ),
        Fact::OpenSeats { seats } => format!(
            "{} {seats}",
            lang.pick("空缺名额（需另行选举）", "open seats (for another round)")
        ),
        Fact::Tie {
            candidates,
            votes,
            places,
        } => format!(
            "{} {} ({votes}; {places} {})",
            lang.pick("票数相等，需另行决定", "tie for people to decide"),
            candidates
                .iter()
                .map(|c| name(c))
                .collect::<Vec<_>>()
                .join(", "),
            lang.pick("个名额", "places")
        ),
        Fact::Trust {
            candidate,
            trust,
            ballots,
            needed,
            kept,
        } => format!(
            "{} {} ({trust}/{ballots}, {} {needed})",
            if *kept {
                lang.pick("信任票通过", "trusted")
            } else {
                lang.pick("信任票未通过", "not trusted")
            },
            name(candidate),
            lang.pick("需", "needs")
        ),
        Fact::EliminatedByTrust { candidate, .. } => format!(
            "{} {}",
            lang.pick("因信任票出局", "out by the trust vote"),
            name(candidate)
        ),
        Fact::Kept { candidate, votes } => format!(
            "{} {} ({votes})",
            lang.pick("保留", "kept"),
            name(candidate)
        ),
        Fact::Eliminated { candidate, votes } => format!(
            "{} {} ({votes})",
            lang.pick("淘汰", "eliminated"),
            name(candidate)
        ),
        Fact::Rated {
            official,
            satisfaction,
            score,
            ..
        } => format!(
            "{} {}: {} {satisfaction}, {} {score}",
            lang.pick("测评", "rated"),
            name(official),
            lang.pick("满意率", "satisfaction"),
            lang.pick("得分", "score")
        ),
        Fact::Verdict {
            official, verdict, ..
        } => format!(
            "{} {}",
            name(official),
            match verdict {
                Verdict::Competent => lang.pick("称职", "competent"),
                Verdict::NotCompetent => lang.pick("不称职", "not competent"),
            }
        ),
        Fact::Flagged { official, .. } => format!(
            "{} {}",
            name(official),
            lang.pick(
                "连续两次不称职，建议调整",
                "not competent twice running: flagged for adjustment"
            )
        ),
        Fact::Recall {
            official,
            yes,
            eligible,
            recalled,
            ..
        } => format!(
            "{} {} ({yes}/{eligible})",
            if *recalled {
                lang.pick("罢免通过", "recalled")
            } else {
                lang.pick("罢免未通过", "not recalled")
            },
            name(official)
        ),
        _ => return None,
    })
}
