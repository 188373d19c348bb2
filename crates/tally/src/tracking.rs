//! Ballot tracking codes: a short code a voter can read aloud, write down, and later find on
//! the board.
//!
//! The code is the first 80 bits of the ballot's hash in Crockford's base 32 (digits and
//! capital letters without I, L, O, U, so nothing is misread), as four groups of four:
//! `7KQ2-M9XD-4RTB-H0PC`. Eighty bits keep a forged ballot with a chosen voter's code out of
//! reach (2⁸⁰ work) while staying short enough to compare by eye. Parsing forgives what
//! people do when they copy a code: lower case, spaces or no dashes, `O` for `0`, `I`/`L`
//! for `1`.

use core::fmt;
use core::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use thiserror::Error;

use crate::crockford;
use crate::encoding::BallotHash;

const CHARS: usize = 16;

/// A ballot's tracking code: 80 bits of its hash.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TrackingCode([u8; 10]);

/// Why a typed tracking code was not understood.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum TrackingCodeError {
    /// The code has another number of characters than 16 (dashes and spaces aside).
    #[error("a tracking code has 16 characters; this one has {0}")]
    Length(usize),
    /// A character stands for no digit.
    #[error("'{0}' is not a character used in tracking codes")]
    Character(char),
}

impl TrackingCode {
    /// The code of a ballot hash: its first 10 bytes (`spec/protocol.md` §10).
    pub fn from_hash(hash: &BallotHash) -> Self {
        let mut bytes = [0u8; 10];
        bytes.copy_from_slice(&hash.as_bytes()[..10]);
        Self(bytes)
    }

    /// The 10 bytes of the hash the code stands for (a hash prefix, for lookups).
    pub fn as_bytes(&self) -> &[u8; 10] {
        &self.0
    }

    /// Whether the code is that of `hash` (`spec/protocol.md` §10).
    pub fn matches(&self, hash: &BallotHash) -> bool {
        hash.as_bytes()[..10] == self.0
    }
}

impl fmt::Display for TrackingCode {
    /// `spec/protocol.md` §10: 16 characters in four groups of four.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = String::with_capacity(CHARS + 3);
        crockford::write_grouped(
            (0..CHARS).map(|i| crockford::digit_at(&self.0, i)),
            4,
            &mut text,
        );
        f.write_str(&text)
    }
}

impl fmt::Debug for TrackingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TrackingCode({self})")
    }
}

impl FromStr for TrackingCode {
    type Err = TrackingCodeError;

    /// `spec/protocol.md` §10: a typed code, read forgivingly.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let mut digits = [0u8; CHARS];
        let count =
            crockford::read_digits(text, &mut digits).map_err(TrackingCodeError::Character)?;
        if count != CHARS {
            return Err(TrackingCodeError::Length(count));
        }
        let mut bytes = [0u8; 10];
        for (i, &digit) in digits.iter().enumerate() {
            crockford::set_digit(&mut bytes, i, digit);
        }
        Ok(Self(bytes))
    }
}

impl Serialize for TrackingCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TrackingCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}
