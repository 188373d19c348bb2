//! Checks of the values that recur throughout a definition: ids, names, unique ids, shares.

use std::collections::HashMap;

use super::{invalid, Check, DefinitionProblem};
use crate::fraction::Fraction;
use crate::text::{is_valid_id, Bilingual, MAX_NAME_CHARS};

/// An id: `[a-z0-9-]{1,64}`.
pub(super) fn check_id(path: &str, id: &str) -> Check {
    if is_valid_id(id) {
        Ok(())
    } else {
        Err(invalid(
            path,
            DefinitionProblem::InvalidId { id: id.to_owned() },
        ))
    }
}

/// A valid bilingual (`spec/definition.md` §2): both texts non-empty after trimming, at
/// most [`MAX_NAME_CHARS`] characters, no control character.
pub(super) fn check_name(path: &str, name: &Bilingual) -> Check {
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
pub(super) struct Seen<'a> {
    first: HashMap<&'a str, String>,
}

impl<'a> Seen<'a> {
    pub(super) fn new() -> Self {
        Self {
            first: HashMap::new(),
        }
    }

    pub(super) fn insert(&mut self, id: &'a str, path: String) -> Check {
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

/// "At least" shares (quorums, caps) lie in (0, 1].
pub(super) fn check_at_least_share(path: &str, share: &Fraction) -> Check {
    check_share(path, share, share.is_positive_share(), "(0, 1]")
}

/// "More than" shares (majorities, thresholds) lie in (0, 1): more than the whole can
/// never happen.
pub(super) fn check_more_than_share(path: &str, share: &Fraction) -> Check {
    check_share(path, share, share.is_proper(), "(0, 1)")
}

/// Refuses `share` at `path` unless it is `in_range`, naming the `range` it must lie in.
fn check_share(path: &str, share: &Fraction, in_range: bool, range: &'static str) -> Check {
    if in_range {
        Ok(())
    } else {
        Err(invalid(
            path,
            DefinitionProblem::ShareOutOfRange {
                value: *share,
                range,
            },
        ))
    }
}
