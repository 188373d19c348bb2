//! Credential lists: bound to the election and group, exactly the eligible number,
//! distinct and sorted.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod rules_support;

use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;
use rules_support::*;
use serde_json::json;
use zhixuan_election::{CredentialList, CredentialListError};
use zhixuan_tally::{Credential, CredentialSecret, Encode};

fn credentials(n: usize, seed: u64) -> Vec<Credential> {
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    (0..n)
        .map(|_| CredentialSecret::generate(&mut rng).public())
        .collect()
}

#[test]
fn a_list_is_sorted_bound_and_exactly_the_eligible_number() {
    let definition = build(&single_group(
        12,
        None,
        json!([competitive("post", &["a", "b"], 1, "1/2")]),
    ));
    let issued = credentials(12, 1);
    let list = CredentialList::new(&definition, "members", issued.clone()).unwrap();
    assert_eq!(list.election, definition.hash());
    assert!(list
        .credentials
        .windows(2)
        .all(|w| w[0].point().as_bytes() < w[1].point().as_bytes()));
    assert!(issued.iter().all(|c| list.contains(c)));
    assert!(!list.contains(&credentials(1, 2)[0]));
    list.validate(&definition).unwrap();

    // Its hash covers the election, the group and every credential.
    let bytes = list.to_canonical_bytes();
    assert_eq!(&bytes[..32], definition.hash().as_bytes());
    assert_eq!(bytes.len(), 32 + 8 + "members".len() + 8 + 12 * 32);
    let text = serde_json::to_string(&list).unwrap();
    let back: CredentialList = serde_json::from_str(&text).unwrap();
    assert_eq!(back.hash(), list.hash());

    assert_eq!(
        CredentialList::new(&definition, "members", credentials(11, 3)),
        Err(CredentialListError::WrongSize {
            group: "members".into(),
            expected: 12,
            found: 11
        })
    );
    assert_eq!(
        CredentialList::new(&definition, "visitors", issued.clone()),
        Err(CredentialListError::UnknownGroup("visitors".into()))
    );
    let mut twice = issued[..11].to_vec();
    twice.push(issued[0].clone());
    assert!(matches!(
        CredentialList::new(&definition, "members", twice),
        Err(CredentialListError::Duplicate { .. })
    ));
    let mut unsorted = list.clone();
    unsorted.credentials.swap(0, 1);
    assert_eq!(
        unsorted.validate(&definition),
        Err(CredentialListError::NotSorted { position: 1 })
    );

    // A list for another election is refused.
    let other = build(&single_group(
        12,
        None,
        json!([competitive("post", &["a", "c"], 1, "1/2")]),
    ));
    assert!(matches!(
        list.validate(&other),
        Err(CredentialListError::WrongElection { .. })
    ));
}
