//! Credential lists: the public credentials of one voter group, published on the board
//! before voting opens.
//!
//! A list is bound to the election (by definition hash) and to the group, so a list cannot
//! be replayed in another election or moved to another group, and its size must be
//! exactly the group's declared eligible number: a list longer than the roll would let
//! the organiser cast ballots for people who do not exist, a shorter one would exclude
//! voters. Credentials are sorted by their encoding: the order then says nothing about
//! the order in which voters received them, and a duplicate is caught as two equal
//! neighbours.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::definition::ElectionDefinition;
use zhixuan_tally::Credential;
use zhixuan_tally::{tagged_hash, ElectionHash, Encode, Encoder};

/// The domain of a credential list's hash.
pub const CREDENTIAL_LIST_HASH_DOMAIN: &str = "zhixuan-v1/credential-list";

/// One group's published credentials.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CredentialList {
    /// The definition hash of the election the list belongs to.
    pub election: ElectionHash,
    /// The id of the voter group whose credentials these are.
    pub group: String,
    /// Strictly increasing by encoding.
    pub credentials: Vec<Credential>,
}

/// Why a credential list was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum CredentialListError {
    /// The list is bound to another election.
    #[error("the list is for election {found}, not this election ({expected})")]
    WrongElection {
        /// The definition's hash.
        expected: ElectionHash,
        /// The list's.
        found: ElectionHash,
    },
    /// The list names no voter group of the definition.
    #[error("`{0}` is not a voter group of this election")]
    UnknownGroup(String),
    /// The list does not hold exactly the group's eligible number of credentials.
    #[error("group `{group}` has {expected} eligible voters but the list has {found} credentials")]
    WrongSize {
        /// The group.
        group: String,
        /// Its eligible number.
        expected: u64,
        /// The number of credentials on the list.
        found: usize,
    },
    /// A credential appears twice.
    #[error("credentials[{position}] is the same as the one before it")]
    Duplicate {
        /// The position of the second occurrence.
        position: usize,
    },
    /// The credentials are not in increasing order of their encodings.
    #[error("credentials[{position}] is out of order; credentials are sorted by their encoding")]
    NotSorted {
        /// The position of the first credential out of order.
        position: usize,
    },
}

impl CredentialList {
    /// Builds a group's list, sorting the credentials, and validates it.
    pub fn new(
        definition: &ElectionDefinition,
        group: &str,
        mut credentials: Vec<Credential>,
    ) -> Result<Self, CredentialListError> {
        credentials.sort_by(|a, b| a.point().as_bytes().cmp(b.point().as_bytes()));
        let list = Self {
            election: definition.hash(),
            group: group.to_owned(),
            credentials,
        };
        list.validate(definition)?;
        Ok(list)
    }

    /// Checks the list against the definition (`spec/definition.md` §5): its election, its
    /// group, its size, and that its credentials are distinct and sorted.
    pub fn validate(&self, definition: &ElectionDefinition) -> Result<(), CredentialListError> {
        if self.election != definition.hash() {
            return Err(CredentialListError::WrongElection {
                expected: definition.hash(),
                found: self.election,
            });
        }
        let group = definition
            .group(&self.group)
            .ok_or_else(|| CredentialListError::UnknownGroup(self.group.clone()))?;
        if u64::try_from(self.credentials.len()) != Ok(group.eligible) {
            return Err(CredentialListError::WrongSize {
                group: self.group.clone(),
                expected: group.eligible,
                found: self.credentials.len(),
            });
        }
        for (position, pair) in self.credentials.windows(2).enumerate() {
            let (before, this) = (pair[0].point().as_bytes(), pair[1].point().as_bytes());
            match before.cmp(this) {
                core::cmp::Ordering::Less => {}
                core::cmp::Ordering::Equal => {
                    return Err(CredentialListError::Duplicate {
                        position: position + 1,
                    })
                }
                core::cmp::Ordering::Greater => {
                    return Err(CredentialListError::NotSorted {
                        position: position + 1,
                    })
                }
            }
        }
        Ok(())
    }

    /// Whether a credential is on the list (binary search; the list is sorted).
    pub fn contains(&self, credential: &Credential) -> bool {
        self.credentials
            .binary_search_by(|c| c.point().as_bytes().cmp(credential.point().as_bytes()))
            .is_ok()
    }

    /// `tagged_hash("zhixuan-v1/credential-list", list)`, over
    /// `hash(election) ‖ str(group) ‖ seq(key)` (`spec/definition.md` §5).
    pub fn hash(&self) -> [u8; 32] {
        tagged_hash(CREDENTIAL_LIST_HASH_DOMAIN, self)
    }
}

impl Encode for CredentialList {
    fn encode(&self, enc: &mut Encoder) {
        enc.value(&self.election)
            .str(&self.group)
            .seq(&self.credentials);
    }
}
