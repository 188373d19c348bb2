//! The peer, `elastic-elgamal` 0.3.1, doing the reference ballot's work (see
//! `benches/peer.rs` for what its ballot holds and lacks).

use elastic_elgamal::app::{ChoiceParams, EncryptedChoice, MultiChoice};
use elastic_elgamal::group::Ristretto;
use elastic_elgamal::sharing::{ActiveParticipant, Dealer, Params, PublicKeySet};
use elastic_elgamal::{
    CandidateDecryption, Ciphertext, DiscreteLogTable, PreparedRange, PublicKey,
    RangeDecomposition, RangeProof,
};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::{selected, DECRYPTING, MAX_CHOICES, OPTIONS, THRESHOLD, TRUSTEES};

/// The peer's ballot: the choices with their 0-or-1 ring proof, and the number of choices
/// encrypted with its range proof.
#[derive(Serialize, Deserialize)]
pub struct PeerBallot {
    choice: EncryptedChoice<Ristretto, MultiChoice>,
    total: Ciphertext<Ristretto>,
    total_proof: RangeProof<Ristretto>,
}

pub struct Peer {
    key_set: PublicKeySet<Ristretto>,
    trustees: Vec<ActiveParticipant<Ristretto>>,
    choice: ChoiceParams<Ristretto, MultiChoice>,
    range: PreparedRange<Ristretto>,
}

impl Peer {
    /// A 3-of-5 key dealt by the peer's Feldman VSS (how its key is made is not measured).
    pub fn new() -> Self {
        let mut rng = rand08::thread_rng();
        let params = Params::new(TRUSTEES, THRESHOLD as usize);
        let dealer = Dealer::<Ristretto>::new(params, &mut rng);
        let (poly, proof) = dealer.public_info();
        let key_set = PublicKeySet::new(params, poly, proof).expect("honest dealer");
        let trustees = (0..TRUSTEES)
            .map(|i| {
                ActiveParticipant::new(key_set.clone(), i, dealer.secret_share_for_participant(i))
                    .expect("honest share")
            })
            .collect();
        let choice = ChoiceParams::multi(key_set.shared_key().clone(), OPTIONS);
        let range = RangeDecomposition::optimal(u64::from(MAX_CHOICES) + 1).into();
        Self {
            key_set,
            trustees,
            choice,
            range,
        }
    }

    fn key(&self) -> &PublicKey<Ristretto> {
        self.key_set.shared_key()
    }

    pub fn encrypt(&self, i: usize) -> PeerBallot {
        let mut rng = rand08::thread_rng();
        let flags = selected(i);
        let choice = EncryptedChoice::new(&self.choice, &flags, &mut rng);
        let count = flags.iter().filter(|&&f| f).count() as u64;
        let (total, total_proof) = self.key().encrypt_range(&self.range, count, &mut rng);
        PeerBallot {
            choice,
            total,
            total_proof,
        }
    }

    /// `n` ballots in their JSON wire form, generated on all cores.
    pub fn wire(&self, n: usize) -> Vec<Vec<u8>> {
        (0..n)
            .into_par_iter()
            .map(|i| serde_json::to_vec(&self.encrypt(i)).expect("json"))
            .collect()
    }

    /// The ballot's choice ciphertexts, once both proofs verify.
    fn verify(&self, ballot: &PeerBallot) -> Vec<Ciphertext<Ristretto>> {
        let choices = ballot.choice.verify(&self.choice).expect("valid choice");
        self.key()
            .verify_range(&self.range, ballot.total, &ballot.total_proof)
            .expect("valid range");
        choices.to_vec()
    }

    pub fn parse_and_verify(&self, wire: &[Vec<u8>]) -> Vec<Vec<Ciphertext<Ristretto>>> {
        wire.par_iter()
            .map(|w| self.verify(&serde_json::from_slice(w).expect("peer ballot")))
            .collect()
    }

    pub fn tally_and_decrypt(
        &self,
        verified: &[Vec<Ciphertext<Ristretto>>],
        table: &DiscreteLogTable<Ristretto>,
    ) -> Vec<u64> {
        let mut rng = rand08::thread_rng();
        (0..OPTIONS)
            .map(|o| {
                let sum = verified
                    .iter()
                    .map(|b| b[o])
                    .reduce(|a, b| a + b)
                    .expect("ballots");
                let shares = DECRYPTING.iter().map(|&t| {
                    let index = t as usize - 1;
                    let (share, proof) = self.trustees[index].decrypt_share(sum, &mut rng);
                    let candidate =
                        CandidateDecryption::from_bytes(&share.to_bytes()).expect("a share");
                    let share = self
                        .key_set
                        .verify_share(candidate, sum, index, &proof)
                        .expect("honest share");
                    (index, share)
                });
                let combined = self
                    .key_set
                    .params()
                    .combine_shares(shares)
                    .expect("enough shares");
                combined.decrypt(sum, table).expect("count in table")
            })
            .collect()
    }
}
