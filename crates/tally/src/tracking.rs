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

use crate::encoding::BallotHash;

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const CHARS: usize = 16;

/// A ballot's tracking code: 80 bits of its hash.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TrackingCode([u8; 10]);

/// Why a typed tracking code was not understood.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum TrackingCodeError {
    #[error("a tracking code has 16 characters; this one has {0}")]
    Length(usize),
    #[error("'{0}' is not a character used in tracking codes")]
    Character(char),
}

impl TrackingCode {
    pub fn from_hash(hash: &BallotHash) -> Self {
        let mut bytes = [0u8; 10];
        bytes.copy_from_slice(&hash.as_bytes()[..10]);
        Self(bytes)
    }

    /// The 10 bytes of the hash the code stands for (a hash prefix, for lookups).
    pub fn as_bytes(&self) -> &[u8; 10] {
        &self.0
    }

    pub fn matches(&self, hash: &BallotHash) -> bool {
        hash.as_bytes()[..10] == self.0
    }
}

impl fmt::Display for TrackingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let bits = self
            .0
            .iter()
            .fold(0u128, |acc, &b| (acc << 8) | u128::from(b));
        for i in 0..CHARS {
            if i > 0 && i % 4 == 0 {
                f.write_str("-")?;
            }
            let digit = (bits >> (5 * (CHARS - 1 - i))) & 31;
            write!(f, "{}", char::from(ALPHABET[digit as usize]))?;
        }
        Ok(())
    }
}

impl fmt::Debug for TrackingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TrackingCode({self})")
    }
}

fn digit_of(c: char) -> Option<u128> {
    let c = match c.to_ascii_uppercase() {
        'O' => '0',
        'I' | 'L' => '1',
        other => other,
    };
    ALPHABET
        .iter()
        .position(|&a| char::from(a) == c)
        .map(|d| d as u128)
}

impl FromStr for TrackingCode {
    type Err = TrackingCodeError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let mut bits = 0u128;
        let mut count = 0usize;
        for c in text.chars().filter(|c| *c != '-' && !c.is_whitespace()) {
            let d = digit_of(c).ok_or(TrackingCodeError::Character(c))?;
            bits = (bits << 5) | d;
            count += 1;
            if count > CHARS {
                break;
            }
        }
        if count != CHARS {
            let total = text
                .chars()
                .filter(|c| *c != '-' && !c.is_whitespace())
                .count();
            return Err(TrackingCodeError::Length(total));
        }
        let mut bytes = [0u8; 10];
        for (i, b) in bytes.iter_mut().enumerate() {
            *b = (bits >> (8 * (9 - i))) as u8;
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
