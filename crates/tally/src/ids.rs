//! Indices and identifiers as distinct types, so that a contest index cannot be passed
//! where an option index or a trustee index is meant.

use core::fmt;

use serde::{Deserialize, Serialize};

use crate::encoding::{Encode, Encoder};

macro_rules! index_newtype {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub u32);

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($name), "({})"), self.0)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }

        impl Encode for $name {
            fn encode(&self, enc: &mut Encoder) {
                enc.u64(u64::from(self.0));
            }
        }
    };
}

index_newtype!(
    /// A contest's position in the election definition, from 0.
    ContestIndex
);
index_newtype!(
    /// An option's position within its contest, from 0.
    OptionIndex
);
index_newtype!(
    /// A trustee's index in the key ceremony, from 1 (it is the point at which the trustee's
    /// polynomial shares are evaluated, so 0 would reveal the secret).
    TrusteeIndex
);

impl TrusteeIndex {
    pub(crate) fn scalar(self) -> curve25519_dalek::Scalar {
        curve25519_dalek::Scalar::from(u64::from(self.0))
    }
}
