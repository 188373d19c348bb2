//! Encrypted ballots: encryption with proofs, verification (one at a time or in batches),
//! and Benaloh cast-or-audit.
//!
//! A ballot answers every contest of its voter group's [`BallotStyle`]. Each selection is a
//! ciphertext with a [`RangeProof`] that it encrypts a count in `0..=limit`; each contest has
//! a range proof that the sum of its selections lies in `min_total..=max_total`.
//!
//! # Statement binding
//!
//! Every proof's transcript starts from the ballot prefix: `dom-sep` = `ballot-proof`,
//! `election` = the definition hash, `election-key` = `K`, `credential` = the voter's public
//! credential. A contest then appends `contest` = its index (u64), `selections` = its number
//! of selections (u64) and, for each selection, `selection-a`, `selection-b` = its ciphertext.
//! A selection proof appends `proof` = `selection` and `option` = its index; the contest total
//! proof appends `proof` = `total`. So no proof can be replayed in another election, under
//! another key or credential, in another contest or position, or beside other ciphertexts.
//!
//! # Cast or audit (`spec/protocol.md` §9.3, §9.5, §11)
//!
//! The ballot hash is `tagged_hash("zhixuan-v1/ballot", election ‖ contests' ciphertexts)`:
//! neither the credential nor the proofs. [`Encryptor::encrypt_ballot`] gives a
//! [`PreparedBallot`] whose tracking code the device shows before anything is signed; the
//! voter then either [casts](PreparedBallot::cast) it, and only then does the credential sign
//! `Sign_x("ballot-signature", ballot_hash)`, or [audits](PreparedBallot::audit) it, which
//! publishes the ciphertexts and their opening with neither credential, proofs nor
//! signature. Both consume the prepared ballot, so no prepared ballot yields both, and no
//! audit carries a signature a board could reuse to count it.

use core::fmt;

use curve25519_dalek::ristretto::RistrettoPoint;
use curve25519_dalek::scalar::Scalar;
use merlin::Transcript;
use rand_core::CryptoRng;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::batch::{failing, holds, Equations};
use crate::credential::{Credential, CredentialSecret};
use crate::elgamal::{Ciphertext, ElectionContext, Encryptor};
use crate::encoding::{scalar_hex, tagged_hash, BallotHash, ElectionHash, Encode, Encoder, Point};
use crate::error::{BallotError, BallotPart};
use crate::ids::{ContestIndex, OptionIndex};
use crate::proofs::range::{RangeCommitments, RangeFault, RangeProof, Witness};
use crate::schnorr::Signature;
use crate::style::{BallotStyle, StyledContest};
use crate::tracking::TrackingCode;
use crate::transcript::{transcript, TranscriptExt};

/// Signature domain for ballots.
const SIGNATURE_DOMAIN: &[u8] = b"ballot-signature";
/// Hash domain for ballot bodies.
const HASH_DOMAIN: &str = "zhixuan-v1/ballot";
/// Ballots per multiscalar multiplication: past about 100 five-option ballots a larger
/// multiplication is no cheaper per point, and smaller batches bisect faster.
const BATCH_CHUNK: usize = 128;

/// One encrypted selection and its proof that it counts `0..=limit`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EncryptedSelection {
    pub ciphertext: Ciphertext,
    pub proof: RangeProof,
}

/// One contest's selections, and the proof that their total is within the contest's bounds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EncryptedContest {
    pub contest: ContestIndex,
    pub selections: Vec<EncryptedSelection>,
    pub total_proof: RangeProof,
}

/// A ballot as cast and published (`spec/protocol.md` §9.1): the contests with their
/// proofs, the credential that cast it, and that credential's signature over the ballot
/// hash (§9.5). It has not been verified: see [`Ballot::verify`] and [`verify_ballots`],
/// which alone produce a [`VerifiedBallot`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ballot {
    pub election: ElectionHash,
    pub credential: Credential,
    pub contests: Vec<EncryptedContest>,
    pub signature: Signature,
}

/// One contest's selection ciphertexts, in option order, without their proofs: what an
/// audited ballot publishes of each contest (`spec/protocol.md` §11).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContestCiphertexts {
    pub contest: ContestIndex,
    pub ciphertexts: Vec<Ciphertext>,
}

impl Encode for ContestCiphertexts {
    /// `u64(contest) ‖ seq(ciphertexts)`.
    fn encode(&self, enc: &mut Encoder) {
        enc.value(&self.contest).seq(&self.ciphertexts);
    }
}

/// A contest as the ballot hash sees it: its index and its ciphertexts. Cast, prepared and
/// audited ballots hash the same bytes through it, so all three have one tracking code.
trait SealedContest {
    fn index(&self) -> ContestIndex;
    fn ciphertexts(&self) -> impl ExactSizeIterator<Item = &Ciphertext>;
}

impl SealedContest for EncryptedContest {
    fn index(&self) -> ContestIndex {
        self.contest
    }

    fn ciphertexts(&self) -> impl ExactSizeIterator<Item = &Ciphertext> {
        self.selections.iter().map(|s| &s.ciphertext)
    }
}

impl SealedContest for ContestCiphertexts {
    fn index(&self) -> ContestIndex {
        self.contest
    }

    fn ciphertexts(&self) -> impl ExactSizeIterator<Item = &Ciphertext> {
        self.ciphertexts.iter()
    }
}

/// What the ballot hash covers (`spec/protocol.md` §9.3): `election ‖ u64(number of
/// contests) ‖` for each contest `u64(contest) ‖ seq(ciphertexts)`. Neither the credential
/// nor the proofs: an audited ballot publishes neither, yet has the hash the voter was
/// shown.
struct Content<'a, C> {
    election: &'a ElectionHash,
    contests: &'a [C],
}

impl<C: SealedContest> Content<'_, C> {
    fn hash(&self) -> BallotHash {
        BallotHash(tagged_hash(HASH_DOMAIN, self))
    }
}

impl<C: SealedContest> Encode for Content<'_, C> {
    fn encode(&self, enc: &mut Encoder) {
        enc.value(self.election);
        enc.u64(self.contests.len() as u64);
        for c in self.contests {
            enc.value(&c.index());
            let cts = c.ciphertexts();
            enc.u64(cts.len() as u64);
            for ct in cts {
                enc.value(ct);
            }
        }
    }
}

impl Encode for Ballot {
    /// `election ‖ credential ‖ u64(number of contests) ‖` for each contest `u64(contest) ‖
    /// u64(number of selections) ‖ (ciphertext ‖ proof)… ‖ total_proof`, then the signature
    /// (`spec/protocol.md` §3.1): the leaf a board logs.
    fn encode(&self, enc: &mut Encoder) {
        enc.value(&self.election).value(&self.credential);
        enc.u64(self.contests.len() as u64);
        for c in &self.contests {
            enc.value(&c.contest);
            enc.u64(c.selections.len() as u64);
            for s in &c.selections {
                enc.value(&s.ciphertext).value(&s.proof);
            }
            enc.value(&c.total_proof);
        }
        enc.value(&self.signature);
    }
}

impl Ballot {
    /// The ballot hash (`spec/protocol.md` §9.3): of the election and the ciphertexts only.
    pub fn hash(&self) -> BallotHash {
        Content {
            election: &self.election,
            contests: &self.contests,
        }
        .hash()
    }

    pub fn tracking_code(&self) -> TrackingCode {
        TrackingCode::from_hash(&self.hash())
    }

    /// Verifies this ballot alone. For many ballots, [`verify_ballots`] is several times
    /// faster.
    pub fn verify(
        self,
        context: &ElectionContext,
        style: &BallotStyle,
    ) -> Result<VerifiedBallot, BallotError> {
        let mut rng = rand::rng();
        let hash = self.hash();
        let eqs = self.whole_equations(context, style, &hash, &mut rng)?;
        if holds([&eqs], context.key.point().point()) {
            Ok(VerifiedBallot { ballot: self, hash })
        } else {
            Err(self.locate_failure(context, style, &hash))
        }
    }

    /// The ballot's weighted verification equations, whole or split by part.
    fn equations<R: CryptoRng + ?Sized>(
        &self,
        context: &ElectionContext,
        style: &BallotStyle,
        hash: &BallotHash,
        split: Split,
        rng: &mut R,
    ) -> Result<Vec<(BallotPart, Equations)>, BallotError> {
        check_shape(&self.election, &self.contests, &context.election, style)?;
        let mut sink = Sink::new(split);
        let base = ballot_transcript(context, &self.credential);
        for (contest, styled) in self.contests.iter().zip(style.contests()) {
            let index = contest.contest;
            let tc = contest_transcript(&base, contest);
            let mut coeffs = vec![[Scalar::ZERO; 2]; contest.selections.len()];
            for (o, (sel, &limit)) in contest
                .selections
                .iter()
                .zip(&styled.spec.option_limits)
                .enumerate()
            {
                let part = BallotPart::Selection(index, OptionIndex(o as u32));
                let mut t = selection_transcript(&tc, o);
                let [ca, cb] = &mut coeffs[o];
                let eq = sink.eq(part);
                sel.proof
                    .verify_into(&mut t, 0, u64::from(limit), eq, ca, cb, rng)
                    .map_err(|f| fault(part, f))?;
                if split == Split::ByPart {
                    flush(eq, &mut coeffs[o..=o], &contest.selections[o..=o]);
                }
            }
            let part = BallotPart::ContestTotal(index);
            let mut t = total_transcript(&tc);
            let (mut ta, mut tb) = (Scalar::ZERO, Scalar::ZERO);
            let eq = sink.eq(part);
            let (lo, hi) = (styled.spec.min_total, styled.spec.max_total);
            contest
                .total_proof
                .verify_into(
                    &mut t,
                    u64::from(lo),
                    u64::from(hi),
                    eq,
                    &mut ta,
                    &mut tb,
                    rng,
                )
                .map_err(|f| fault(part, f))?;
            for [ca, cb] in &mut coeffs {
                *ca += ta;
                *cb += tb;
            }
            flush(eq, &mut coeffs, &contest.selections);
        }
        let eq = sink.eq(BallotPart::Signature);
        self.credential.key().batch_verify(
            SIGNATURE_DOMAIN,
            hash.as_bytes(),
            &self.signature,
            eq,
            rng,
        );
        Ok(sink.parts)
    }

    fn whole_equations<R: CryptoRng + ?Sized>(
        &self,
        context: &ElectionContext,
        style: &BallotStyle,
        hash: &BallotHash,
        rng: &mut R,
    ) -> Result<Equations, BallotError> {
        let mut parts = self.equations(context, style, hash, Split::Whole, rng)?;
        Ok(parts.pop().map(|(_, e)| e).unwrap_or_default())
    }

    /// Names the first part of a ballot whose equations fail (called only after a failure).
    fn locate_failure(
        &self,
        context: &ElectionContext,
        style: &BallotStyle,
        hash: &BallotHash,
    ) -> BallotError {
        let key = context.key.point().point();
        match self.equations(context, style, hash, Split::ByPart, &mut rand::rng()) {
            Err(e) => e,
            Ok(parts) => {
                let part = parts
                    .iter()
                    .find(|(_, e)| !holds([e], key))
                    .map_or(BallotPart::Ballot, |(p, _)| *p);
                BallotError::ProofEquation { part }
            }
        }
    }
}

/// Steps 2–4 of `spec/protocol.md` §9.6, shared by cast and audited ballots (§11): the
/// election, the contests in the style's order, as many ciphertexts as options, none with
/// an identity component.
fn check_shape<C: SealedContest>(
    election: &ElectionHash,
    contests: &[C],
    expected: &ElectionHash,
    style: &BallotStyle,
) -> Result<(), BallotError> {
    if election != expected {
        return Err(BallotError::WrongElection {
            expected: expected.to_string(),
            found: election.to_string(),
        });
    }
    let styled = style.contests();
    if contests.len() != styled.len() {
        return Err(BallotError::LenMismatch {
            collection: "contests",
            expected: styled.len(),
            actual: contests.len(),
        });
    }
    for (position, (contest, spec)) in contests.iter().zip(styled).enumerate() {
        if contest.index() != spec.contest {
            return Err(BallotError::ContestOrder {
                position,
                expected: spec.contest,
                found: contest.index(),
            });
        }
        if contest.ciphertexts().len() != spec.spec.option_limits.len() {
            return Err(BallotError::LenMismatch {
                collection: "selections",
                expected: spec.spec.option_limits.len(),
                actual: contest.ciphertexts().len(),
            });
        }
        for (o, ct) in contest.ciphertexts().enumerate() {
            if ct.a.is_identity() || ct.b.is_identity() {
                return Err(BallotError::IdentityCiphertext {
                    part: BallotPart::Selection(spec.contest, OptionIndex(o as u32)),
                });
            }
        }
    }
    Ok(())
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Split {
    /// One set of equations for the whole ballot: the fewest points, for batches.
    Whole,
    /// One set per part, to name the part that fails.
    ByPart,
}

struct Sink {
    split: Split,
    parts: Vec<(BallotPart, Equations)>,
}

impl Sink {
    fn new(split: Split) -> Self {
        Self {
            split,
            parts: Vec::new(),
        }
    }

    fn eq(&mut self, part: BallotPart) -> &mut Equations {
        if self.split == Split::ByPart || self.parts.is_empty() {
            let label = if self.split == Split::ByPart {
                part
            } else {
                BallotPart::Ballot
            };
            self.parts.push((label, Equations::with_capacity(48)));
        }
        let last = self.parts.len() - 1;
        &mut self.parts[last].1
    }
}

/// Moves the accumulated coefficients of the selections' `A` and `B` into `eq`.
fn flush(eq: &mut Equations, coeffs: &mut [[Scalar; 2]], selections: &[EncryptedSelection]) {
    for ([ca, cb], sel) in coeffs.iter_mut().zip(selections) {
        eq.push(*ca, *sel.ciphertext.a.point());
        eq.push(*cb, *sel.ciphertext.b.point());
        *ca = Scalar::ZERO;
        *cb = Scalar::ZERO;
    }
}

fn fault(part: BallotPart, f: RangeFault) -> BallotError {
    match f {
        RangeFault::Shape { expected, actual } => BallotError::ProofShape {
            part,
            expected,
            actual,
        },
        RangeFault::ChallengeSum => BallotError::ChallengeMismatch { part },
    }
}

fn ballot_transcript(context: &ElectionContext, credential: &Credential) -> Transcript {
    let mut t = transcript(b"ballot-proof");
    t.append_election(&context.election);
    t.append_point(b"election-key", context.key.point());
    t.append_point(b"credential", credential.point());
    t
}

fn contest_transcript(base: &Transcript, contest: &EncryptedContest) -> Transcript {
    let mut t = base.clone();
    t.append_u64(b"contest", u64::from(contest.contest.0));
    t.append_u64(b"selections", contest.selections.len() as u64);
    for s in &contest.selections {
        t.append_point(b"selection-a", &s.ciphertext.a);
        t.append_point(b"selection-b", &s.ciphertext.b);
    }
    t
}

fn selection_transcript(contest: &Transcript, option: usize) -> Transcript {
    let mut t = contest.clone();
    t.append_message(b"proof", b"selection");
    t.append_u64(b"option", option as u64);
    t
}

fn total_transcript(contest: &Transcript) -> Transcript {
    let mut t = contest.clone();
    t.append_message(b"proof", b"total");
    t
}

/// A ballot whose shape, proofs and signature have been verified. Only verification builds
/// one, so anything that holds a `VerifiedBallot` may count it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedBallot {
    ballot: Ballot,
    hash: BallotHash,
}

impl VerifiedBallot {
    pub fn ballot(&self) -> &Ballot {
        &self.ballot
    }

    pub fn hash(&self) -> &BallotHash {
        &self.hash
    }

    pub fn credential(&self) -> &Credential {
        &self.ballot.credential
    }

    pub fn tracking_code(&self) -> TrackingCode {
        TrackingCode::from_hash(&self.hash)
    }

    pub fn into_ballot(self) -> Ballot {
        self.ballot
    }
}

/// Verifies many ballots: one multiscalar multiplication per chunk of ballots, chunks in
/// parallel on all cores, and bisection of a failing chunk to name each bad ballot and the
/// part of it that fails. Results are in input order.
pub fn verify_ballots(
    context: &ElectionContext,
    ballots: Vec<(Ballot, &BallotStyle)>,
) -> Vec<Result<VerifiedBallot, BallotError>> {
    let key = context.key.point().point();
    let mut chunks: Vec<Vec<(Ballot, &BallotStyle)>> = Vec::new();
    let mut iter = ballots.into_iter().peekable();
    while iter.peek().is_some() {
        chunks.push(iter.by_ref().take(BATCH_CHUNK).collect());
    }
    chunks
        .into_par_iter()
        .flat_map_iter(|chunk| {
            let mut rng = rand::rng();
            let prepared: Vec<_> = chunk
                .into_iter()
                .map(|(ballot, style)| {
                    let hash = ballot.hash();
                    let eqs = ballot.whole_equations(context, style, &hash, &mut rng);
                    (ballot, style, hash, eqs)
                })
                .collect();
            let ok: Vec<&Equations> = prepared
                .iter()
                .filter_map(|(_, _, _, e)| e.as_ref().ok())
                .collect();
            let bad = failing(&ok, key);
            let mut ok_position = 0usize;
            prepared
                .into_iter()
                .map(|(ballot, style, hash, eqs)| match eqs {
                    Err(e) => Err(e),
                    Ok(_) => {
                        let failed = bad.binary_search(&ok_position).is_ok();
                        ok_position += 1;
                        if failed {
                            Err(ballot.locate_failure(context, style, &hash))
                        } else {
                            Ok(VerifiedBallot { ballot, hash })
                        }
                    }
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The voter's secret for one selection: its count and its encryption randomness. Revealed
/// only when the voter audits the ballot instead of casting it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, Zeroize, ZeroizeOnDrop)]
#[serde(deny_unknown_fields)]
pub struct SelectionOpening {
    pub value: u32,
    #[serde(with = "scalar_hex")]
    pub nonce: Scalar,
}

/// Everything needed to open a ballot: per contest, per selection. Zeroized on drop;
/// `Debug` prints nothing of it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, Zeroize, ZeroizeOnDrop)]
#[serde(transparent)]
pub struct BallotOpening {
    pub contests: Vec<Vec<SelectionOpening>>,
}

impl fmt::Debug for BallotOpening {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BallotOpening(..)")
    }
}

/// A ballot encrypted and proved but not yet cast or audited: what the voter's device holds
/// while it shows the tracking code and asks "cast or audit?" (`spec/protocol.md` §11).
///
/// Nothing in it is signed. [`Self::cast`] signs its hash with the credential and gives the
/// [`Ballot`]; [`Self::audit`] gives the [`AuditedBallot`] that publishes its opening. Each
/// consumes it, and it is neither `Clone` nor deserializable, so one prepared ballot is
/// either cast or audited, never both. The opening is zeroized when it is dropped.
#[derive(Debug)]
pub struct PreparedBallot {
    election: ElectionHash,
    credential: Credential,
    contests: Vec<EncryptedContest>,
    opening: BallotOpening,
    hash: BallotHash,
}

impl PreparedBallot {
    /// The ballot hash (`spec/protocol.md` §9.3), the same whether it is cast or audited.
    pub fn hash(&self) -> &BallotHash {
        &self.hash
    }

    /// The tracking code (§10) to show the voter before they choose.
    pub fn tracking_code(&self) -> TrackingCode {
        TrackingCode::from_hash(&self.hash)
    }

    /// The public credential every proof is bound to (§9.4).
    pub fn credential(&self) -> &Credential {
        &self.credential
    }

    /// The contests with their ciphertexts and proofs.
    pub fn contests(&self) -> &[EncryptedContest] {
        &self.contests
    }

    /// Casts the ballot: `signature = Sign_x("ballot-signature", ballot_hash)`
    /// (`spec/protocol.md` §9.5), with `secret` the credential the ballot was encrypted
    /// for. The opening is dropped (zeroized); nothing can audit this ballot any more.
    pub fn cast<R: CryptoRng + ?Sized>(
        self,
        secret: &CredentialSecret,
        rng: &mut R,
    ) -> Result<Ballot, BallotError> {
        let PreparedBallot {
            election,
            credential,
            contests,
            opening,
            hash,
        } = self;
        drop(opening);
        if secret.public() != credential {
            return Err(BallotError::CredentialMismatch);
        }
        let signature = secret.sign(SIGNATURE_DOMAIN, hash.as_bytes(), rng);
        Ok(Ballot {
            election,
            credential,
            contests,
            signature,
        })
    }

    /// Audits the ballot instead of casting it (`spec/protocol.md` §11): the ciphertexts and
    /// their opening, under the voter group `group` whose style the ballot follows; no
    /// credential, no proof (they are bound to the credential, §9.4, and would name it), no
    /// signature. Nothing can cast this ballot any more.
    pub fn audit(self, group: impl Into<String>) -> AuditedBallot {
        let PreparedBallot {
            election,
            contests,
            opening,
            ..
        } = self;
        let contests = contests
            .iter()
            .map(|c| ContestCiphertexts {
                contest: c.contest,
                ciphertexts: c.selections.iter().map(|s| s.ciphertext).collect(),
            })
            .collect();
        AuditedBallot {
            election,
            group: group.into(),
            contests,
            opening,
        }
    }
}

impl Encryptor {
    /// Encrypts a voter's choices (per contest of `style`, per option, a count) for the
    /// public credential `credential`, with all the proofs (`spec/protocol.md` §9.4). The
    /// credential's secret is not needed until the voter casts the [`PreparedBallot`].
    pub fn encrypt_ballot<R: CryptoRng + ?Sized>(
        &self,
        style: &BallotStyle,
        choices: &[Vec<u32>],
        credential: &Credential,
        rng: &mut R,
    ) -> Result<PreparedBallot, BallotError> {
        check_choices(style, choices)?;
        Ok(self.encrypt_unchecked(style, choices, credential, rng))
    }

    /// Encrypts choices that may break the style's limits; such a ballot's proofs do not
    /// verify. Separate from [`Self::encrypt_ballot`] so that tests can play a cheating voter.
    fn encrypt_unchecked<R: CryptoRng + ?Sized>(
        &self,
        style: &BallotStyle,
        choices: &[Vec<u32>],
        credential: &Credential,
        rng: &mut R,
    ) -> PreparedBallot {
        let base = ballot_transcript(self.context(), credential);
        let mut contests = Vec::with_capacity(choices.len());
        let mut opening = BallotOpening {
            contests: Vec::with_capacity(choices.len()),
        };
        for (styled, values) in style.contests().iter().zip(choices) {
            let (contest, openings) = self.encrypt_contest(&base, styled, values, rng);
            contests.push(contest);
            opening.contests.push(openings);
        }
        let election = self.context().election;
        let hash = Content {
            election: &election,
            contests: &contests,
        }
        .hash();
        PreparedBallot {
            election,
            credential: credential.clone(),
            contests,
            opening,
            hash,
        }
    }

    /// Encrypts one contest. The ciphertexts are compressed in one batch, then every
    /// proof's commitments in another (see [`Point::batch_from_halves`]); the contest
    /// transcript binds every ciphertext, so it is built between the two.
    fn encrypt_contest<R: CryptoRng + ?Sized>(
        &self,
        base: &Transcript,
        styled: &StyledContest,
        values: &[u32],
        rng: &mut R,
    ) -> (EncryptedContest, Vec<SelectionOpening>) {
        let limits = &styled.spec.option_limits;
        let openings: Vec<SelectionOpening> = values
            .iter()
            .map(|&value| SelectionOpening {
                value,
                nonce: Scalar::random(rng),
            })
            .collect();
        let halves: Vec<RistrettoPoint> = openings
            .iter()
            .zip(limits)
            .flat_map(|(o, &limit)| self.half_encrypt(u64::from(o.value), limit, &o.nonce))
            .collect();
        let mut contest = EncryptedContest {
            contest: styled.contest,
            selections: Point::batch_from_halves(&halves)
                .chunks_exact(2)
                .map(|ab| EncryptedSelection {
                    ciphertext: Ciphertext { a: ab[0], b: ab[1] },
                    proof: RangeProof {
                        branches: Vec::new(),
                    },
                })
                .collect(),
            total_proof: RangeProof {
                branches: Vec::new(),
            },
        };
        let tc = contest_transcript(base, &contest);

        let total_r = Zeroizing::new(openings.iter().map(|o| o.nonce).sum::<Scalar>());
        let total_m: u64 = openings.iter().map(|o| u64::from(o.value)).sum();
        let provers: Vec<RangeCommitments<'_>> = openings
            .iter()
            .zip(limits)
            .map(|(opening, &limit)| {
                let witness = Witness {
                    m: u64::from(opening.value),
                    r: &opening.nonce,
                };
                RangeCommitments::new(self, 0, u64::from(limit), witness, rng)
            })
            .collect();
        let witness = Witness {
            m: total_m,
            r: &total_r,
        };
        let (lo, hi) = (styled.spec.min_total, styled.spec.max_total);
        let total = RangeCommitments::new(self, u64::from(lo), u64::from(hi), witness, rng);
        let halves: Vec<RistrettoPoint> = provers
            .iter()
            .chain([&total])
            .flat_map(|p| p.halves().iter().copied())
            .collect();
        let commitments = Point::batch_from_halves(&halves);
        let mut rest = commitments.as_slice();
        for (o, (selection, prover)) in contest.selections.iter_mut().zip(provers).enumerate() {
            let (mine, after) = rest.split_at(prover.halves().len());
            rest = after;
            selection.proof = prover.finish(&mut selection_transcript(&tc, o), mine);
        }
        contest.total_proof = total.finish(&mut total_transcript(&tc), rest);
        (contest, openings)
    }
}

fn check_choices(style: &BallotStyle, choices: &[Vec<u32>]) -> Result<(), BallotError> {
    let styled = style.contests();
    if choices.len() != styled.len() {
        return Err(BallotError::LenMismatch {
            collection: "contests",
            expected: styled.len(),
            actual: choices.len(),
        });
    }
    for (s, values) in styled.iter().zip(choices) {
        if values.len() != s.spec.option_limits.len() {
            return Err(BallotError::LenMismatch {
                collection: "selections",
                expected: s.spec.option_limits.len(),
                actual: values.len(),
            });
        }
        for (o, (&v, &limit)) in values.iter().zip(&s.spec.option_limits).enumerate() {
            if v > limit {
                return Err(BallotError::ChoiceOutOfRange {
                    part: BallotPart::Selection(s.contest, OptionIndex(o as u32)),
                    value: u64::from(v),
                    min: 0,
                    max: u64::from(limit),
                });
            }
        }
        let total: u64 = values.iter().map(|&v| u64::from(v)).sum();
        if total < u64::from(s.spec.min_total) || total > u64::from(s.spec.max_total) {
            return Err(BallotError::ChoiceOutOfRange {
                part: BallotPart::ContestTotal(s.contest),
                value: total,
                min: u64::from(s.spec.min_total),
                max: u64::from(s.spec.max_total),
            });
        }
    }
    Ok(())
}

/// A ballot the voter chose to audit (Benaloh) instead of casting (`spec/protocol.md` §11):
/// the election, the voter group whose style it follows, each contest's ciphertexts, and
/// every selection's opening (value and encryption randomness), so that anyone can see what
/// it held and that the device encrypted honestly.
///
/// It carries no credential, no proof and no signature: nothing in it names the voter
/// beyond their group, and no credential ever signed its hash, so it cannot be posted as a
/// cast [`Ballot`]. Its hash is the ballot hash of its election and ciphertexts (§9.3), the
/// one the voter was shown; the board and the verifier also refuse to count any ballot with
/// that hash, since its randomness is public.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditedBallot {
    pub election: ElectionHash,
    pub group: String,
    pub contests: Vec<ContestCiphertexts>,
    pub opening: BallotOpening,
}

impl Encode for AuditedBallot {
    /// `election ‖ group ‖ seq(contests) ‖` then per contest and selection of the opening
    /// `u64(value) ‖ nonce` (`spec/protocol.md` §3.1).
    fn encode(&self, enc: &mut Encoder) {
        enc.value(&self.election)
            .str(&self.group)
            .seq(&self.contests);
        enc.u64(self.opening.contests.len() as u64);
        for contest in &self.opening.contests {
            enc.u64(contest.len() as u64);
            for s in contest {
                enc.u64(u64::from(s.value)).scalar(&s.nonce);
            }
        }
    }
}

/// An audited ballot whose shape matches its style and whose opening reproduces every
/// ciphertext with counts the style allows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedAudit {
    hash: BallotHash,
    choices: Vec<Vec<u32>>,
}

impl VerifiedAudit {
    pub fn hash(&self) -> &BallotHash {
        &self.hash
    }

    /// What the ballot held, per contest and option.
    pub fn choices(&self) -> &[Vec<u32>] {
        &self.choices
    }
}

impl AuditedBallot {
    /// The ballot hash (`spec/protocol.md` §9.3) of its election and ciphertexts: the hash
    /// of the prepared ballot the voter audited.
    pub fn hash(&self) -> BallotHash {
        Content {
            election: &self.election,
            contests: &self.contests,
        }
        .hash()
    }

    /// The tracking code (§10) the voter was shown before choosing to audit.
    pub fn tracking_code(&self) -> TrackingCode {
        TrackingCode::from_hash(&self.hash())
    }

    /// The checks of `spec/protocol.md` §11 after parsing, against `style`, the style of the
    /// group the audit names (the caller finds it; an unknown group is the caller's error):
    /// the shape (§9.6 steps 2–4), then per contest and selection that the opening
    /// re-encrypts to the ciphertext and its value is within the option's limit, then the
    /// contest's total within `min_total..=max_total`.
    pub fn verify(
        &self,
        encryptor: &Encryptor,
        style: &BallotStyle,
    ) -> Result<VerifiedAudit, BallotError> {
        check_shape(
            &self.election,
            &self.contests,
            &encryptor.context().election,
            style,
        )?;
        let contests = &self.contests;
        if self.opening.contests.len() != contests.len() {
            return Err(BallotError::LenMismatch {
                collection: "opened contests",
                expected: contests.len(),
                actual: self.opening.contests.len(),
            });
        }
        let mut choices = Vec::with_capacity(contests.len());
        for ((contest, opened), styled) in contests
            .iter()
            .zip(&self.opening.contests)
            .zip(style.contests())
        {
            if opened.len() != contest.ciphertexts.len() {
                return Err(BallotError::LenMismatch {
                    collection: "opened selections",
                    expected: contest.ciphertexts.len(),
                    actual: opened.len(),
                });
            }
            let limits = &styled.spec.option_limits;
            for (o, ((ct, open), &limit)) in contest
                .ciphertexts
                .iter()
                .zip(opened)
                .zip(limits)
                .enumerate()
            {
                let part = BallotPart::Selection(contest.contest, OptionIndex(o as u32));
                // protocol.md §11 step 3: A = nonce·G and B = value·G + nonce·K.
                if encryptor.encrypt(u64::from(open.value), &open.nonce) != *ct {
                    return Err(BallotError::OpeningMismatch { part });
                }
                if open.value > limit {
                    return Err(BallotError::ChoiceOutOfRange {
                        part,
                        value: u64::from(open.value),
                        min: 0,
                        max: u64::from(limit),
                    });
                }
            }
            let total: u64 = opened.iter().map(|o| u64::from(o.value)).sum();
            let (lo, hi) = (styled.spec.min_total, styled.spec.max_total);
            if total < u64::from(lo) || total > u64::from(hi) {
                return Err(BallotError::ChoiceOutOfRange {
                    part: BallotPart::ContestTotal(contest.contest),
                    value: total,
                    min: u64::from(lo),
                    max: u64::from(hi),
                });
            }
            choices.push(opened.iter().map(|o| o.value).collect());
        }
        Ok(VerifiedAudit {
            hash: self.hash(),
            choices,
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::encoding::Point;
    use crate::style::ContestSpec;
    use crate::SigningKey;

    fn setup() -> (Encryptor, BallotStyle, CredentialSecret) {
        let mut rng = rand::rng();
        let key = SigningKey::generate(&mut rng);
        let context = ElectionContext {
            election: ElectionHash([7; 32]),
            key: crate::ElectionKey::try_from(*key.verifying_key().point()).unwrap(),
        };
        let style = BallotStyle::new(vec![StyledContest {
            contest: ContestIndex(0),
            spec: ContestSpec::up_to(5, 2),
        }])
        .unwrap();
        (
            Encryptor::new(context),
            style,
            CredentialSecret::generate(&mut rng),
        )
    }

    /// A cheating voter's device proves whatever it encrypted; the proofs must not verify.
    fn cheat(choices: Vec<u32>) -> BallotError {
        let (enc, style, cred) = setup();
        let mut rng = rand::rng();
        let ballot = enc
            .encrypt_unchecked(&style, &[choices], &cred.public(), &mut rng)
            .cast(&cred, &mut rng)
            .unwrap();
        ballot.verify(enc.context(), &style).unwrap_err()
    }

    #[test]
    fn a_two_in_a_yes_no_selection_is_rejected() {
        assert_eq!(
            cheat(vec![0, 2, 0, 0, 0]),
            BallotError::ChallengeMismatch {
                part: BallotPart::Selection(ContestIndex(0), OptionIndex(1))
            }
        );
    }

    #[test]
    fn a_contest_over_its_limit_is_rejected() {
        assert_eq!(
            cheat(vec![1, 1, 1, 0, 0]),
            BallotError::ChallengeMismatch {
                part: BallotPart::ContestTotal(ContestIndex(0))
            }
        );
    }

    #[test]
    fn a_contest_under_its_minimum_is_rejected() {
        let (enc, _, cred) = setup();
        let style = BallotStyle::new(vec![StyledContest {
            contest: ContestIndex(0),
            spec: ContestSpec::exactly_one(3),
        }])
        .unwrap();
        let mut rng = rand::rng();
        let ballot = enc
            .encrypt_unchecked(&style, &[vec![0, 0, 0]], &cred.public(), &mut rng)
            .cast(&cred, &mut rng)
            .unwrap();
        assert_eq!(
            ballot.verify(enc.context(), &style).unwrap_err(),
            BallotError::ChallengeMismatch {
                part: BallotPart::ContestTotal(ContestIndex(0))
            }
        );
    }

    #[test]
    fn the_encryptor_refuses_choices_outside_the_style() {
        let (enc, style, cred) = setup();
        let err = enc
            .encrypt_ballot(
                &style,
                &[vec![1, 1, 1, 0, 0]],
                &cred.public(),
                &mut rand::rng(),
            )
            .unwrap_err();
        assert_eq!(
            err,
            BallotError::ChoiceOutOfRange {
                part: BallotPart::ContestTotal(ContestIndex(0)),
                value: 3,
                min: 0,
                max: 2
            }
        );
    }

    /// A forged branch with a consistent challenge sum fails the equations, and the failing
    /// part is named.
    #[test]
    fn a_commitment_that_breaks_the_equations_is_located() {
        let (enc, style, cred) = setup();
        let mut rng = rand::rng();
        let mut ballot = enc
            .encrypt_ballot(&style, &[vec![1, 0, 0, 0, 1]], &cred.public(), &mut rng)
            .unwrap()
            .cast(&cred, &mut rng)
            .unwrap();
        // Moving value between two branches' responses keeps Σc but breaks both equations.
        let branches = &mut ballot.contests[0].selections[3].proof.branches;
        branches[0].response += Scalar::ONE;
        branches[1].response -= Scalar::ONE;
        // Re-sign so that only the proof is wrong.
        ballot.signature = cred.sign(SIGNATURE_DOMAIN, ballot.hash().as_bytes(), &mut rand::rng());
        assert_eq!(
            ballot.verify(enc.context(), &style).unwrap_err(),
            BallotError::ProofEquation {
                part: BallotPart::Selection(ContestIndex(0), OptionIndex(3))
            }
        );
    }

    #[test]
    fn the_identity_as_ciphertext_is_rejected() {
        let (enc, style, cred) = setup();
        let mut rng = rand::rng();
        let mut ballot = enc
            .encrypt_ballot(&style, &[vec![0, 0, 0, 0, 0]], &cred.public(), &mut rng)
            .unwrap()
            .cast(&cred, &mut rng)
            .unwrap();
        ballot.contests[0].selections[2].ciphertext.a = Point::from_point(Default::default());
        assert_eq!(
            ballot.verify(enc.context(), &style).unwrap_err(),
            BallotError::IdentityCiphertext {
                part: BallotPart::Selection(ContestIndex(0), OptionIndex(2))
            }
        );
    }

    #[test]
    fn only_the_credential_the_ballot_was_encrypted_for_can_cast_it() {
        let (enc, style, cred) = setup();
        let mut rng = rand::rng();
        let prepared = enc
            .encrypt_ballot(&style, &[vec![1, 0, 0, 0, 0]], &cred.public(), &mut rng)
            .unwrap();
        let other = CredentialSecret::generate(&mut rng);
        assert_eq!(
            prepared.cast(&other, &mut rng).unwrap_err(),
            BallotError::CredentialMismatch
        );
    }

    /// The tracking code shown before the choice is the code of the ballot cast and of the
    /// ballot audited; the hash covers neither the credential nor the proofs.
    #[test]
    fn cast_and_audit_keep_the_tracking_code_shown_before_the_choice() {
        let (enc, style, cred) = setup();
        let mut rng = rand::rng();
        let choices = [vec![0, 1, 0, 1, 0]];
        let prepared = enc
            .encrypt_ballot(&style, &choices, &cred.public(), &mut rng)
            .unwrap();
        let shown = prepared.tracking_code();
        let ballot = prepared.cast(&cred, &mut rng).unwrap();
        assert_eq!(ballot.tracking_code(), shown);

        let prepared = enc
            .encrypt_ballot(&style, &choices, &cred.public(), &mut rng)
            .unwrap();
        let shown = prepared.tracking_code();
        let audited = prepared.audit("g");
        assert_eq!(audited.tracking_code(), shown);
        assert_eq!(audited.group, "g");
        let verified = audited.verify(&enc, &style).unwrap();
        assert_eq!(verified.choices(), &choices);
        assert_eq!(verified.hash(), &audited.hash());

        // Another credential's proofs or signature leave the hash alone.
        let mut other = ballot.clone();
        other.credential = CredentialSecret::generate(&mut rng).public();
        other.contests[0].total_proof = RangeProof {
            branches: Vec::new(),
        };
        assert_eq!(other.hash(), ballot.hash());
        other.contests[0].selections[0].ciphertext = ballot.contests[0].selections[1].ciphertext;
        assert_ne!(other.hash(), ballot.hash());
    }

    /// An opening whose values re-encrypt correctly but break the style is refused: the
    /// audit shows content the voter could not have chosen.
    #[test]
    fn an_audit_opening_outside_the_style_is_refused() {
        let (enc, style, cred) = setup();
        let mut rng = rand::rng();
        let over = enc
            .encrypt_unchecked(&style, &[vec![1, 1, 1, 0, 0]], &cred.public(), &mut rng)
            .audit("g");
        assert_eq!(
            over.verify(&enc, &style).unwrap_err(),
            BallotError::ChoiceOutOfRange {
                part: BallotPart::ContestTotal(ContestIndex(0)),
                value: 3,
                min: 0,
                max: 2
            }
        );
        let two = enc
            .encrypt_unchecked(&style, &[vec![0, 0, 2, 0, 0]], &cred.public(), &mut rng)
            .audit("g");
        assert_eq!(
            two.verify(&enc, &style).unwrap_err(),
            BallotError::ChoiceOutOfRange {
                part: BallotPart::Selection(ContestIndex(0), OptionIndex(2)),
                value: 2,
                min: 0,
                max: 1
            }
        );
        let mut wrong = enc
            .encrypt_ballot(&style, &[vec![0, 0, 1, 0, 0]], &cred.public(), &mut rng)
            .unwrap()
            .audit("g");
        wrong.opening.contests[0][2].value = 0;
        assert_eq!(
            wrong.verify(&enc, &style).unwrap_err(),
            BallotError::OpeningMismatch {
                part: BallotPart::Selection(ContestIndex(0), OptionIndex(2))
            }
        );
    }
}
