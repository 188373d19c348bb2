//! The speaking-order lot (抽签), by commit and reveal (`spec/procedure.md` §5).
//!
//! Each registrant commits to a secret of 32 random bytes in their registration, before
//! anyone's secret is known; at the lot stage each reveals. The seed hashes every revealed
//! secret, so nobody fixes the order alone: the organiser contributes nothing, and a
//! registrant who knows the others' secrets before revealing can only choose between the
//! order with their secret and the order without it (in which they speak last).

use zhixuan_tally::{tagged_hash, ElectionHash, Encode, Encoder};

/// The domain of a lot commitment.
pub const LOT_COMMITMENT_DOMAIN: &str = "zhixuan-v1/lot-commitment";
/// The domain of the lot's seed.
pub const LOT_SEED_DOMAIN: &str = "zhixuan-v1/lot";
/// The domain of one person's draw.
pub const LOT_DRAW_DOMAIN: &str = "zhixuan-v1/lot-draw";

/// `tagged_hash("zhixuan-v1/lot-commitment", secret)` (§5 step 1).
pub fn lot_commitment(secret: &ElectionHash) -> ElectionHash {
    ElectionHash(tagged_hash(LOT_COMMITMENT_DOMAIN, secret))
}

struct Seed<'a> {
    plan: &'a ElectionHash,
    stage: &'a str,
    reveals: &'a [(&'a str, ElectionHash)],
}

impl Encode for Seed<'_> {
    fn encode(&self, enc: &mut Encoder) {
        enc.value(self.plan)
            .str(self.stage)
            .u64(self.reveals.len() as u64);
        for (id, secret) in self.reveals {
            enc.str(id).value(secret);
        }
    }
}

struct Draw<'a> {
    seed: &'a [u8; 32],
    person: &'a str,
}

impl Encode for Draw<'_> {
    fn encode(&self, enc: &mut Encoder) {
        enc.fixed(self.seed).str(self.person);
    }
}

/// The speaking order of `people` (§5 steps 2–3): those who revealed (`reveals`, any order)
/// by `tagged_hash("zhixuan-v1/lot-draw", seed ‖ str(id))`, smallest first, then those who
/// did not, by id; `seed = tagged_hash("zhixuan-v1/lot", plan ‖ str(stage) ‖ u64(n) ‖
/// (str(id) ‖ secret)…)` over the reveals sorted by id.
pub fn lot_order(
    plan: &ElectionHash,
    stage: &str,
    people: &[String],
    reveals: &[(&str, ElectionHash)],
) -> Vec<String> {
    let mut sorted: Vec<(&str, ElectionHash)> = reveals.to_vec();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    let seed = tagged_hash(
        LOT_SEED_DOMAIN,
        &Seed {
            plan,
            stage,
            reveals: &sorted,
        },
    );
    let revealed = |p: &str| sorted.iter().any(|(id, _)| *id == p);
    let mut drawn: Vec<([u8; 32], &String)> = people
        .iter()
        .filter(|p| revealed(p))
        .map(|p| {
            (
                tagged_hash(
                    LOT_DRAW_DOMAIN,
                    &Draw {
                        seed: &seed,
                        person: p,
                    },
                ),
                p,
            )
        })
        .collect();
    drawn.sort();
    let mut rest: Vec<&String> = people.iter().filter(|p| !revealed(p)).collect();
    rest.sort();
    drawn
        .into_iter()
        .map(|(_, p)| p.clone())
        .chain(rest.into_iter().cloned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn people() -> Vec<String> {
        ["a", "b", "c", "d"].map(String::from).to_vec()
    }

    #[test]
    fn the_order_depends_on_every_secret_and_not_on_the_order_of_reveals() {
        let plan = ElectionHash([7; 32]);
        let reveals = [
            ("a", ElectionHash([1; 32])),
            ("b", ElectionHash([2; 32])),
            ("c", ElectionHash([3; 32])),
        ];
        let order = lot_order(&plan, "lot", &people(), &reveals);
        let mut reversed = reveals;
        reversed.reverse();
        assert_eq!(lot_order(&plan, "lot", &people(), &reversed), order);
        // d did not reveal: last.
        assert_eq!(order.last().map(String::as_str), Some("d"));
        let mut sorted = order.clone();
        sorted.sort();
        assert_eq!(sorted, people());
        // Another secret draws another order for some secret (a fixed seed would not).
        let changed = (0u8..16).any(|x| {
            let mut other = reveals;
            other[0].1 = ElectionHash([x; 32]);
            lot_order(&plan, "lot", &people(), &other) != order
        });
        assert!(changed);
    }
}
