//! Batch verification of linear proof equations with random weights: the mechanism behind
//! [`verify_ballots`](crate::verify_ballots), whose doc states the equations.

use curve25519_dalek::constants::RISTRETTO_BASEPOINT_POINT;
use curve25519_dalek::ristretto::RistrettoPoint;
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::{IsIdentity, VartimeMultiscalarMul};
use rand_core::CryptoRng;

/// A random 128-bit weight (`spec/protocol.md` §9.7 step 1): enough for soundness, and half
/// the cost of a full scalar in the multiplication's doubling chain.
pub(crate) fn weight<R: CryptoRng + ?Sized>(rng: &mut R) -> Scalar {
    let mut bytes = [0u8; 16];
    rng.fill_bytes(&mut bytes);
    Scalar::from(u128::from_le_bytes(bytes))
}

/// The weighted terms of one item's equations: `g·G + k·K + Σ sᵢ·Pᵢ`.
///
/// Order of use: build one `Equations` per item (a ballot, or a part of a ballot) with its
/// terms already weighted; check a whole batch with [`holds`]; when it fails, [`failing`]
/// bisects the batch, with the same weights, to name the items that do not hold.
#[derive(Clone, Default)]
pub(crate) struct Equations {
    g: Scalar,
    k: Scalar,
    scalars: Vec<Scalar>,
    points: Vec<RistrettoPoint>,
}

impl Equations {
    pub fn with_capacity(n: usize) -> Self {
        Self {
            g: Scalar::ZERO,
            k: Scalar::ZERO,
            scalars: Vec::with_capacity(n),
            points: Vec::with_capacity(n),
        }
    }

    pub fn add_g(&mut self, s: Scalar) {
        self.g += s;
    }

    pub fn add_k(&mut self, s: Scalar) {
        self.k += s;
    }

    pub fn push(&mut self, s: Scalar, p: RistrettoPoint) {
        self.scalars.push(s);
        self.points.push(p);
    }
}

/// Whether the sum of all the given equations is the identity (`spec/protocol.md` §9.7
/// step 3): the coefficients of the static points `G` and `K` summed over the batch, every
/// other point with its own.
///
/// The terms go to the multiplication straight from each item, not through one gathered
/// copy of every point: a chunk of ballots holds hundreds of kilobytes of points.
pub(crate) fn holds<'a, I>(items: I, key: &RistrettoPoint) -> bool
where
    I: IntoIterator<Item = &'a Equations>,
    I::IntoIter: Clone,
{
    let items = items.into_iter();
    let (mut g, mut k, mut len) = (Scalar::ZERO, Scalar::ZERO, 2);
    for e in items.clone() {
        g += e.g;
        k += e.k;
        len += e.points.len();
    }
    let scalars = [g, k]
        .into_iter()
        .chain(items.clone().flat_map(|e| e.scalars.iter().copied()));
    let points = [RISTRETTO_BASEPOINT_POINT, *key]
        .into_iter()
        .chain(items.flat_map(|e| e.points.iter().copied()));
    RistrettoPoint::vartime_multiscalar_mul(Exact::new(scalars, len), Exact::new(points, len))
        .is_identity()
}

/// An iterator that tells its exact length, which the multiplication requires of its
/// inputs (and uses to choose its algorithm).
struct Exact<I> {
    inner: I,
    remaining: usize,
}

impl<I> Exact<I> {
    fn new(inner: I, len: usize) -> Self {
        Self {
            inner,
            remaining: len,
        }
    }
}

impl<I: Iterator> Iterator for Exact<I> {
    type Item = I::Item;

    fn next(&mut self) -> Option<I::Item> {
        let item = self.inner.next()?;
        self.remaining = self.remaining.saturating_sub(1);
        Some(item)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

/// The positions of the items whose equations do not hold, found by bisection with the same
/// weights (`spec/protocol.md` §9.7); a batch that holds costs one multiplication, one bad
/// item among `n` about `2·log₂ n` more.
pub(crate) fn failing(items: &[&Equations], key: &RistrettoPoint) -> Vec<usize> {
    let mut bad = Vec::new();
    bisect(items, 0, key, &mut bad);
    bad
}

fn bisect(items: &[&Equations], offset: usize, key: &RistrettoPoint, bad: &mut Vec<usize>) {
    if items.is_empty() || holds(items.iter().copied(), key) {
        return;
    }
    if items.len() == 1 {
        bad.push(offset);
        return;
    }
    let mid = items.len() / 2;
    bisect(&items[..mid], offset, key, bad);
    bisect(&items[mid..], offset + mid, key, bad);
}
