//! The outcome in words: per contest, who was elected, kept, eliminated or rated, and the
//! rule that decided it, with people's names from the definition.

use std::fmt::Write as _;

use zhixuan_election::{ElectionDefinition, Names, Outcome};

use zhixuan_election::Lang;

/// The outcome of `definition` in words, one contest after another: each finding as the
/// board's result page and the `zhixuan` command say it, with the rule that produced it.
pub fn describe_outcome(definition: &ElectionDefinition, outcome: &Outcome, lang: Lang) -> String {
    let doc = definition.document();
    let names = Names::of(definition);
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
            .map(|d| lang.name(&d.title).to_owned())
            .unwrap_or_else(|| c.contest.clone());
        let _ = writeln!(out, "  {title}");
        if !c.decided {
            let _ = writeln!(out, "    {}", lang.pick("无结果", "no result"));
        }
        for f in &c.findings {
            let _ = writeln!(
                out,
                "    [{}] {}",
                lang.name(&f.rule.words()),
                lang.name(&f.fact.words(&names))
            );
        }
    }
    out
}
