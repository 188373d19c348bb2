//! A voter's choices, as typed and as shown.
//!
//! `--choice "CONTEST=VALUE,VALUE"` names a contest of the voter's ballot (by id, by title
//! in either language, or by its number on the ballot) and what the voter marks:
//!
//! - a recommendation or competitive election: the candidates chosen, by id, name or
//!   number (`committee=孙丽,周强` or `committee=1,2`); `committee=` marks none;
//! - a trust vote or an evaluation: for every person, `PERSON:OPTION`
//!   (`trust=wang-fang:trust,li-ming:不信任`, `officials=1:1,2:3`);
//! - a recall: the option alone (`recall=yes`).
//!
//! Every contest on the ballot must be given, so that nothing is left blank by accident.
//! `,` `，` and `、` separate values; `:` or `：` separates a person from an option.

use serde::Serialize;
use zhixuan_election::{Bilingual, ElectionDefinition, OptionMeaning, Question};
use zhixuan_tally::BallotStyle;

use crate::error::CliError;
use crate::messages::Lang;

/// The questions of one contest on a ballot, with their positions in the ballot style.
struct ContestOnBallot<'a> {
    id: &'a str,
    title: &'a Bilingual,
    questions: Vec<(usize, &'a Question)>,
}

fn contests_on_ballot<'a>(
    definition: &'a ElectionDefinition,
    style: &BallotStyle,
) -> Vec<ContestOnBallot<'a>> {
    let mut out: Vec<ContestOnBallot<'a>> = Vec::new();
    for (position, styled) in style.contests().iter().enumerate() {
        let Some(question) = definition.question(styled.contest) else {
            continue;
        };
        match out.last_mut() {
            Some(c) if c.id == question.contest => c.questions.push((position, question)),
            _ => {
                let Some(contest) = definition.contest(&question.contest) else {
                    continue;
                };
                out.push(ContestOnBallot {
                    id: &contest.id,
                    title: &contest.title,
                    questions: vec![(position, question)],
                });
            }
        }
    }
    out
}

fn meaning_id(meaning: &OptionMeaning) -> &str {
    match meaning {
        OptionMeaning::Candidate(id) | OptionMeaning::Rating(id) => id,
        OptionMeaning::Trust => "trust",
        OptionMeaning::NoTrust => "no-trust",
        OptionMeaning::Abstain => "abstain",
        OptionMeaning::Yes => "yes",
        OptionMeaning::No => "no",
    }
}

fn same(typed: &str, name: &str) -> bool {
    typed.trim().eq_ignore_ascii_case(name.trim())
}

/// Finds the thing a typed word names: by number (from 1), id, or either name.
fn find<T>(typed: &str, items: &[T], names: impl Fn(&T) -> [&str; 3]) -> Option<usize> {
    let typed = typed.trim();
    if let Ok(n) = typed.parse::<usize>() {
        return n.checked_sub(1).filter(|&i| i < items.len());
    }
    items
        .iter()
        .position(|item| names(item).iter().any(|name| same(typed, name)))
}

fn split_values(text: &str) -> Vec<&str> {
    text.split([',', '，', '、'])
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .collect()
}

fn option_list(lang: Lang, question: &Question) -> String {
    question
        .options
        .iter()
        .enumerate()
        .map(|(i, o)| format!("{} {}", i + 1, lang.name(&o.label)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Turns `--choice` arguments into the ballot's selections, per question of `style`, per
/// option. Errors say what was wrong and what the ballot offers.
pub fn parse(
    lang: Lang,
    definition: &ElectionDefinition,
    style: &BallotStyle,
    arguments: &[String],
) -> Result<Vec<Vec<u32>>, CliError> {
    let contests = contests_on_ballot(definition, style);
    let mut choices: Vec<Vec<u32>> = style
        .contests()
        .iter()
        .map(|c| vec![0; c.spec.option_limits.len()])
        .collect();
    let mut given = vec![false; contests.len()];
    let err = |zh: String, en: String| CliError::Choice(lang.pick(&zh, &en).to_owned());
    let contest_names = || {
        contests
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{} {} ({})", i + 1, c.id, lang.name(c.title)))
            .collect::<Vec<_>>()
            .join("; ")
    };
    for argument in arguments {
        let Some((key, values)) = argument.split_once(['=', '＝']) else {
            return Err(err(
                format!("`{argument}` 的格式应为 “选项=值,值”"),
                format!("`{argument}` should be CONTEST=VALUE,VALUE"),
            ));
        };
        let Some(c) = find(key, &contests, |c| [c.id, &c.title.zh, &c.title.en]) else {
            return Err(err(
                format!("选票上没有 `{key}`；选票上的项目：{}", contest_names()),
                format!(
                    "the ballot has no contest `{key}`; it has: {}",
                    contest_names()
                ),
            ));
        };
        if given[c] {
            return Err(err(
                format!("`{}` 填了两次", contests[c].id),
                format!("`{}` is given twice", contests[c].id),
            ));
        }
        given[c] = true;
        let contest = &contests[c];
        let values = split_values(values);
        let personal = contest.questions.iter().any(|(_, q)| q.subject.is_some());
        if !personal
            || (contest.questions.len() == 1 && values.iter().all(|v| !v.contains([':', '：'])))
        {
            let (position, question) = contest.questions[0];
            for value in values {
                let Some(o) = find(value, &question.options, |o| {
                    [meaning_id(&o.meaning), &o.label.zh, &o.label.en]
                }) else {
                    return Err(err(
                        format!(
                            "`{}` 中没有 `{value}`；可选：{}",
                            contest.id,
                            option_list(lang, question)
                        ),
                        format!(
                            "`{}` has no option `{value}`; the options are: {}",
                            contest.id,
                            option_list(Lang::En, question)
                        ),
                    ));
                };
                if choices[position][o] > 0 {
                    return Err(err(
                        format!("`{}` 中 `{value}` 选了两次", contest.id),
                        format!("`{value}` is chosen twice in `{}`", contest.id),
                    ));
                }
                choices[position][o] = 1;
            }
        } else {
            let subjects: Vec<&(usize, &Question)> = contest.questions.iter().collect();
            for value in values {
                let Some((who, what)) = value.split_once([':', '：']) else {
                    return Err(err(
                        format!(
                            "`{}` 的每一项应写成 “人:选项”，例如 1:1；`{value}` 不是",
                            contest.id
                        ),
                        format!(
                            "each value of `{}` is PERSON:OPTION, e.g. 1:1; `{value}` is not",
                            contest.id
                        ),
                    ));
                };
                let Some(s) = find(who, &subjects, |(_, q)| {
                    q.subject
                        .as_ref()
                        .map_or(["", "", ""], |p| [p.id.as_str(), &p.name.zh, &p.name.en])
                }) else {
                    return Err(err(
                        format!("`{}` 中没有 `{who}` 这个人", contest.id),
                        format!("`{}` is not about anyone called `{who}`", contest.id),
                    ));
                };
                let (position, question) = *subjects[s];
                let Some(o) = find(what, &question.options, |o| {
                    [meaning_id(&o.meaning), &o.label.zh, &o.label.en]
                }) else {
                    return Err(err(
                        format!(
                            "`{who}` 没有 `{what}` 这个选项；可选：{}",
                            option_list(lang, question)
                        ),
                        format!(
                            "`{who}` has no option `{what}`; the options are: {}",
                            option_list(Lang::En, question)
                        ),
                    ));
                };
                if choices[position].iter().any(|&v| v > 0) {
                    return Err(err(
                        format!("`{}` 中 `{who}` 填了两次", contest.id),
                        format!("`{who}` is given twice in `{}`", contest.id),
                    ));
                }
                choices[position][o] = 1;
            }
        }
        for (position, question) in &contest.questions {
            let spec = &style.contests()[*position].spec;
            let total: u32 = choices[*position].iter().sum();
            let who = question
                .subject
                .as_ref()
                .map(|p| format!(" · {}", lang.name(&p.name)))
                .unwrap_or_default();
            if total > spec.max_total {
                return Err(err(
                    format!(
                        "`{}`{who} 最多选 {} 个，选了 {total} 个",
                        contest.id, spec.max_total
                    ),
                    format!(
                        "`{}`{who}: at most {} may be chosen, {total} were",
                        contest.id, spec.max_total
                    ),
                ));
            }
            if total < spec.min_total {
                return Err(err(
                    format!(
                        "`{}`{who} 需要选择：{}",
                        contest.id,
                        option_list(lang, question)
                    ),
                    format!(
                        "`{}`{who} needs a choice: {}",
                        contest.id,
                        option_list(Lang::En, question)
                    ),
                ));
            }
        }
    }
    if let Some(missing) = given.iter().position(|g| !g) {
        let c = &contests[missing];
        return Err(err(
            format!("没有填写 `{}`（{}）；每一项都要填写，不选任何人可写 `{}=`", c.id, c.title.zh, c.id),
            format!("no choice for `{}` ({}); every contest must be given (`{}=` chooses no one where that is allowed)", c.id, c.title.en, c.id),
        ));
    }
    Ok(choices)
}

/// One contest of a ballot as marked: for each question, whom it is about and the options
/// marked.
#[derive(Clone, Debug, Serialize)]
pub struct MarkedContest {
    /// The contest's id in the definition.
    pub contest: String,
    /// The contest's title, in Chinese and English.
    pub title: Bilingual,
    /// For each question, in order: the person it is about (none when it is not about one
    /// person, e.g. an election among candidates), and the labels of the options marked
    /// (empty when none is).
    pub marks: Vec<(Option<Bilingual>, Vec<Bilingual>)>,
}

/// What a ballot's selections mean.
pub fn describe(
    definition: &ElectionDefinition,
    style: &BallotStyle,
    choices: &[Vec<u32>],
) -> Vec<MarkedContest> {
    contests_on_ballot(definition, style)
        .into_iter()
        .map(|c| MarkedContest {
            contest: c.id.to_owned(),
            title: c.title.clone(),
            marks: c
                .questions
                .iter()
                .map(|(position, q)| {
                    let marked = choices
                        .get(*position)
                        .map(|values| {
                            q.options
                                .iter()
                                .zip(values)
                                .filter(|(_, &v)| v > 0)
                                .map(|(o, _)| o.label.clone())
                                .collect()
                        })
                        .unwrap_or_default();
                    (q.subject.as_ref().map(|s| s.name.clone()), marked)
                })
                .collect(),
        })
        .collect()
}

/// Marked contests as lines of text.
pub fn render_marks(lang: Lang, marked: &[MarkedContest]) -> String {
    let mut out = String::new();
    for c in marked {
        out.push_str(&format!("  {}:", lang.name(&c.title)));
        for (subject, options) in &c.marks {
            let options: Vec<&str> = options.iter().map(|o| lang.name(o)).collect();
            let options = if options.is_empty() {
                lang.pick("（未选）", "(none)").to_owned()
            } else {
                options.join(", ")
            };
            match subject {
                Some(s) => out.push_str(&format!("\n    {}: {options}", lang.name(s))),
                None => out.push_str(&format!(" {options}")),
            }
        }
        out.push('\n');
    }
    out
}

/// A group's ballot as text: each contest with its number and its options, and how to mark
/// it with `--choice`.
pub fn render_ballot(lang: Lang, definition: &ElectionDefinition, style: &BallotStyle) -> String {
    let mut out = String::new();
    for (n, c) in contests_on_ballot(definition, style).iter().enumerate() {
        let (position, first) = c.questions[0];
        let spec = &style.contests()[position].spec;
        out.push_str(&format!("{}. {} [{}]\n", n + 1, lang.name(c.title), c.id));
        if first.subject.is_none() {
            out.push_str(&format!(
                "   {}\n",
                match lang {
                    Lang::Zh => format!("最多选 {} 个：", spec.max_total),
                    Lang::En => format!("choose up to {}:", spec.max_total),
                }
            ));
            for (i, o) in first.options.iter().enumerate() {
                out.push_str(&format!(
                    "   {:>3}  {}  [{}]\n",
                    i + 1,
                    lang.name(&o.label),
                    meaning_id(&o.meaning)
                ));
            }
            out.push_str(&format!("   --choice \"{}=1,2\"\n", c.id));
        } else {
            let options = option_list(lang, first);
            out.push_str(&format!(
                "   {}{options}\n",
                lang.pick("每人选一项：", "one option for each person: ")
            ));
            for (i, (_, q)) in c.questions.iter().enumerate() {
                if let Some(s) = &q.subject {
                    out.push_str(&format!(
                        "   {:>3}  {}  [{}]\n",
                        i + 1,
                        lang.name(&s.name),
                        s.id
                    ));
                }
            }
            out.push_str(&format!("   --choice \"{}=1:1,2:1,...\"\n", c.id));
        }
    }
    out
}
