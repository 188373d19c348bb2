//! Names in both languages, and the identifiers that name things in URLs and file names.

use serde::{Deserialize, Serialize};

use zhixuan_tally::{Encode, Encoder};

/// A name or title in Chinese and English. Both are required: the ballot, the board and the
/// verifier's report show both, and a supervision committee member reading either language
/// must see the same election.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bilingual {
    /// The Chinese text.
    pub zh: String,
    /// The English text.
    pub en: String,
}

impl Bilingual {
    /// A bilingual text.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            zh: zh.into(),
            en: en.into(),
        }
    }
}

impl Encode for Bilingual {
    fn encode(&self, enc: &mut Encoder) {
        enc.str(&self.zh).str(&self.en);
    }
}

/// The longest identifier: long enough for `pingchang-dongxing-2024-round-3`, short enough
/// for a path segment.
pub const MAX_ID_LEN: usize = 64;

/// Identifiers (of elections, trustees, groups, contests, candidates, rating levels, posts)
/// are 1 to 64 characters from `a-z`, `0-9` and `-`: they appear in URLs and file names,
/// where case folding or Unicode normalisation would make two spellings of one id.
pub fn is_valid_id(id: &str) -> bool {
    (1..=MAX_ID_LEN).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The longest name in either language, in characters: names are printed on ballots.
pub const MAX_NAME_CHARS: usize = 200;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert!(is_valid_id("pingchang-2024-round-1"));
        assert!(is_valid_id(&"a".repeat(64)));
        for bad in ["", "Abc", "a_b", "a b", "李明", "a.b", "a/b"] {
            assert!(!is_valid_id(bad), "{bad}");
        }
        assert!(!is_valid_id(&"a".repeat(65)));
    }
}
