//! Exact fractions for declared shares (quorums, majorities, thresholds) and for published
//! rates and scores.
//!
//! Shares are compared by cross-multiplication in 128-bit integers, never in floating point:
//! "more than half of 320" must mean 161 votes on every machine, and a share of exactly 4/5
//! must meet a quorum of 4/5. Every comparison names its direction — [`Fraction::exceeded_by`]
//! is "more than" (过半数), [`Fraction::reached_by`] is "at least" — because the rules our
//! users follow use both and a confusion between them changes results at the boundary.
//!
//! In JSON a fraction is the string `"num/den"` in decimal digits, e.g. `"4/5"`; in the
//! canonical encoding it is `num` then `den`, each a u64.

use core::cmp::Ordering;
use core::fmt;
use core::str::FromStr;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use zhixuan_tally::{Encode, Encoder};

/// A non-negative fraction `num/den` with `den > 0`. Not reduced: a declared `"2/4"` stays
/// `2/4` (the definition hash covers what the organiser wrote), but comparisons are by value.
/// Fractions computed by [`decide`](fn@crate::decide) are always in lowest terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Fraction {
    num: u64,
    den: u64,
}

/// Why a text or a pair of integers is not a fraction.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum FractionError {
    /// The text is not `"num/den"` in decimal digits.
    #[error("`{0}` is not a fraction; write it as \"num/den\" in decimal digits, e.g. \"4/5\"")]
    Syntax(String),
    /// The denominator is zero.
    #[error("the denominator of {num}/0 is zero")]
    ZeroDenominator {
        /// The numerator.
        num: u64,
    },
}

impl Fraction {
    /// `num/den`; refuses a zero denominator.
    pub fn new(num: u64, den: u64) -> Result<Self, FractionError> {
        if den == 0 {
            return Err(FractionError::ZeroDenominator { num });
        }
        Ok(Self { num, den })
    }

    /// The numerator, as written.
    pub fn num(&self) -> u64 {
        self.num
    }

    /// The denominator, as written; never 0.
    pub fn den(&self) -> u64 {
        self.den
    }

    /// `part / whole > self`, i.e. `part·den > num·whole`: the "more than" comparison
    /// (`spec/rules.md` §1).
    pub fn exceeded_by(&self, part: u64, whole: u64) -> bool {
        u128::from(part) * u128::from(self.den) > u128::from(self.num) * u128::from(whole)
    }

    /// `part / whole ≥ self`, i.e. `part·den ≥ num·whole`: the "at least" comparison
    /// (`spec/rules.md` §1).
    pub fn reached_by(&self, part: u64, whole: u64) -> bool {
        u128::from(part) * u128::from(self.den) >= u128::from(self.num) * u128::from(whole)
    }

    /// The least count that is more than this share of `whole`: `⌊num·whole/den⌋ + 1`
    /// (`spec/rules.md` §1).
    pub fn least_exceeding(&self, whole: u64) -> u64 {
        let floor = u128::from(self.num) * u128::from(whole) / u128::from(self.den);
        saturate(floor + 1)
    }

    /// The least count that is at least this share of `whole`: `⌈num·whole/den⌉`
    /// (`spec/rules.md` §1).
    pub fn least_reaching(&self, whole: u64) -> u64 {
        let product = u128::from(self.num) * u128::from(whole);
        saturate(product.div_ceil(u128::from(self.den)))
    }

    /// The greatest count that is at most this share of `whole`: `⌊num·whole/den⌋` (the
    /// `max` of a group cap, `spec/definition.md` §2 check 7).
    pub fn greatest_within(&self, whole: u64) -> u64 {
        saturate(u128::from(self.num) * u128::from(whole) / u128::from(self.den))
    }

    /// Compares by value (`1/2` equals `2/4`).
    pub fn cmp_value(&self, other: &Fraction) -> Ordering {
        (u128::from(self.num) * u128::from(other.den))
            .cmp(&(u128::from(other.num) * u128::from(self.den)))
    }

    /// `0 < self < 1`: the range of a "more than" share (more than the whole can never
    /// happen, and more than nothing is not a rule).
    pub fn is_proper(&self) -> bool {
        self.num > 0 && self.num < self.den
    }

    /// `0 < self ≤ 1`: the range of an "at least" share.
    pub fn is_positive_share(&self) -> bool {
        self.num > 0 && self.num <= self.den
    }

    /// The value as a decimal with `places` digits after the point, rounded half up, for
    /// people (`"29200/323"` → `"90.40"`). Published outcomes keep the exact fraction; this
    /// is only how it is shown.
    pub fn to_decimal(&self, places: u32) -> String {
        let scale = 10u128.pow(places.min(18));
        let den = u128::from(self.den);
        let scaled = (u128::from(self.num) * scale * 2 + den) / (den * 2);
        let (whole, part) = (scaled / scale, scaled % scale);
        if places == 0 {
            whole.to_string()
        } else {
            format!("{whole}.{part:0width$}", width = places.min(18) as usize)
        }
    }

    /// `num/den` in lowest terms, if it fits in 64 bits; `0/d` becomes `0/1`
    /// (`spec/rules.md` §1).
    pub(crate) fn reduced(num: u128, den: u128) -> Option<Self> {
        if den == 0 {
            return None;
        }
        let g = gcd(num, den);
        Some(Self {
            num: u64::try_from(num / g).ok()?,
            den: u64::try_from(den / g).ok()?,
        })
    }
}

/// Counts bounded by a share of at most 1 of a u64 whole always fit; the saturation only
/// keeps the arithmetic total for shares above 1, which no declared rule may have.
fn saturate(value: u128) -> u64 {
    u64::try_from(value).unwrap_or(u64::MAX)
}

/// Euclid's algorithm; `gcd(0, d) = d`.
pub(crate) fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

impl fmt::Display for Fraction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.num, self.den)
    }
}

impl FromStr for Fraction {
    type Err = FractionError;

    /// Accepts exactly `digits/digits`, without signs, spaces or leading zeros, so that each
    /// fraction has one spelling in JSON.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let syntax = || FractionError::Syntax(text.to_owned());
        let (num, den) = text.split_once('/').ok_or_else(syntax)?;
        let parse = |part: &str| -> Result<u64, FractionError> {
            let canonical = !part.is_empty()
                && part.bytes().all(|b| b.is_ascii_digit())
                && (part == "0" || !part.starts_with('0'));
            if !canonical {
                return Err(syntax());
            }
            part.parse().map_err(|_| syntax())
        };
        Fraction::new(parse(num)?, parse(den)?)
    }
}

impl TryFrom<String> for Fraction {
    type Error = FractionError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl From<Fraction> for String {
    fn from(value: Fraction) -> String {
        value.to_string()
    }
}

impl Encode for Fraction {
    fn encode(&self, enc: &mut Encoder) {
        enc.u64(self.num).u64(self.den);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn f(text: &str) -> Fraction {
        text.parse().unwrap()
    }

    #[test]
    fn more_than_half_at_the_boundary() {
        let half = f("1/2");
        assert!(
            !half.exceeded_by(160, 320),
            "exactly half is not more than half"
        );
        assert!(half.exceeded_by(161, 320), "one more is");
        assert!(!half.exceeded_by(161, 322));
        assert!(half.exceeded_by(162, 322));
        assert_eq!(half.least_exceeding(320), 161);
        assert_eq!(half.least_exceeding(321), 161);
        assert!(half.exceeded_by(161, 321) && !half.exceeded_by(160, 321));
    }

    #[test]
    fn at_least_four_fifths_at_the_boundary() {
        let quorum = f("4/5");
        assert!(quorum.reached_by(256, 320), "exactly 4/5 meets the quorum");
        assert!(!quorum.reached_by(255, 320), "one short does not");
        assert_eq!(quorum.least_reaching(320), 256);
        assert_eq!(quorum.least_reaching(323), 259);
        assert!(quorum.reached_by(259, 323) && !quorum.reached_by(258, 323));
    }

    #[test]
    fn at_most_thirty_percent() {
        let cap = f("3/10");
        assert_eq!(cap.greatest_within(320), 96);
        assert!(!cap.exceeded_by(96, 320));
        assert!(cap.exceeded_by(97, 320));
    }

    #[test]
    fn value_comparison_ignores_spelling() {
        assert_eq!(f("1/2").cmp_value(&f("2/4")), Ordering::Equal);
        assert_eq!(f("1/3").cmp_value(&f("1/2")), Ordering::Less);
        assert_ne!(f("1/2"), f("2/4"), "the spelling is kept, for the hash");
    }

    #[test]
    fn large_values_do_not_overflow() {
        let share = Fraction::new(u64::MAX - 1, u64::MAX).unwrap();
        assert!(share.exceeded_by(u64::MAX, u64::MAX));
        assert!(!share.exceeded_by(u64::MAX - 1, u64::MAX));
    }

    #[test]
    fn parsing_is_strict() {
        for bad in [
            "1/0", "01/2", "1/02", " 1/2", "1 / 2", "-1/2", "1/", "/2", "1", "1/2/3",
        ] {
            assert!(bad.parse::<Fraction>().is_err(), "{bad}");
        }
        assert_eq!(f("0/1").num(), 0);
        assert_eq!(
            "3/0".parse::<Fraction>(),
            Err(FractionError::ZeroDenominator { num: 3 })
        );
    }

    #[test]
    fn ranges() {
        assert!(f("1/2").is_proper() && !f("1/1").is_proper() && !f("0/1").is_proper());
        assert!(f("1/1").is_positive_share() && !f("5/4").is_positive_share());
    }

    #[test]
    fn decimals() {
        assert_eq!(f("29200/323").to_decimal(2), "90.40");
        assert_eq!(f("1/3").to_decimal(4), "0.3333");
        assert_eq!(f("2/3").to_decimal(2), "0.67");
        assert_eq!(f("1/8").to_decimal(2), "0.13", "half rounds up");
        assert_eq!(f("7/2").to_decimal(0), "4");
        assert_eq!(f("0/1").to_decimal(1), "0.0");
        assert_eq!(
            f("5/100").to_decimal(2),
            "0.05",
            "leading zeros of the part are kept"
        );
    }

    #[test]
    fn reduction() {
        assert_eq!(Fraction::reduced(250, 1000), Some(f("1/4")));
        assert_eq!(Fraction::reduced(0, 7), Some(f("0/1")));
        assert_eq!(Fraction::reduced(1, 0), None);
        assert_eq!(Fraction::reduced(u128::from(u64::MAX) + 1, 1), None);
    }
}
