//! A random permutation of `0..n` computed index by index, so shuffling a data set needs
//! no memory: a Feistel network over the smallest power of four ≥ `n`, with "cycle walking"
//! to stay below `n`.

use core::num::NonZeroUsize;

use rand::RngCore;

/// The order in which one epoch visits the samples `0..n`: either `0, 1, …, n - 1`, or a
/// pseudo-random permutation drawn from a generator.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Order {
    /// Never 0, so that wrapping a position (a remainder) cannot divide by zero.
    len: NonZeroUsize,
    shuffle: Option<Feistel>,
}

#[derive(Clone, Copy, Debug)]
struct Feistel {
    /// Bits in each half of an index; the domain is `0..4^half_bits`.
    half_bits: u32,
    keys: [u64; ROUNDS],
}

/// Four rounds make a Feistel network a strong pseudo-random permutation (Luby–Rackoff).
const ROUNDS: usize = 4;

impl Order {
    /// `0, 1, …, len - 1`.
    pub(crate) fn sequential(len: NonZeroUsize) -> Self {
        Self { len, shuffle: None }
    }

    /// A permutation of `0..len` drawn from `rng`.
    pub(crate) fn shuffled(len: NonZeroUsize, rng: &mut impl RngCore) -> Self {
        let mut half_bits = 0;
        while half_bits < usize::BITS / 2 && (1_usize << (2 * half_bits)) < len.get() {
            half_bits += 1;
        }
        let keys = core::array::from_fn(|_| rng.next_u64());
        Self {
            len,
            shuffle: Some(Feistel { half_bits, keys }),
        }
    }

    /// The sample visited at `position` (taken modulo the length, so positions past the end
    /// wrap to the start of the same order).
    #[inline]
    pub(crate) fn get(&self, position: usize) -> usize {
        // Only a last batch's positions reach past the end: no division for the others.
        let position = if position < self.len.get() {
            position
        } else {
            position % self.len
        };
        match &self.shuffle {
            None => position,
            Some(feistel) => feistel.walk(position, self.len.get()),
        }
    }
}

impl Feistel {
    /// The image of `position` (below `len`) in the permutation of `0..len`: the permutation
    /// of the power-of-four domain, applied until it lands in `0..len`; fewer than four
    /// applications on average since the domain < 4·len.
    fn walk(&self, position: usize, len: usize) -> usize {
        let mut index = position as u64;
        loop {
            index = self.permute(index);
            if index < len as u64 {
                return index as usize;
            }
        }
    }

    fn permute(&self, index: u64) -> u64 {
        let mask = (1_u64 << self.half_bits) - 1;
        let (mut left, mut right) = (index >> self.half_bits, index & mask);
        for key in self.keys {
            (left, right) = (right, left ^ (mix(right ^ key) & mask));
        }
        (left << self.half_bits) | right
    }
}

/// A 64-bit finalizer (multiply and xor-shift), the round function.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_pcg::Pcg32;

    fn nonzero(len: usize) -> NonZeroUsize {
        NonZeroUsize::new(len).expect("a test's length is positive")
    }

    /// Every index of `0..len` appears exactly once.
    fn assert_permutation(order: &Order, len: usize) {
        let mut seen = [false; 1000];
        for position in 0..len {
            let index = order.get(position);
            assert!(index < len, "{index} out of 0..{len}");
            assert!(!seen[index], "{index} visited twice");
            seen[index] = true;
        }
    }

    #[test]
    fn shuffled_orders_are_permutations() {
        let mut rng = Pcg32::seed_from_u64(7);
        for len in [1, 2, 3, 4, 5, 17, 64, 100, 999, 1000] {
            assert_permutation(&Order::shuffled(nonzero(len), &mut rng), len);
        }
    }

    #[test]
    fn shuffling_moves_samples_and_depends_on_the_seed() {
        let order = |seed| {
            let shuffled = Order::shuffled(nonzero(64), &mut Pcg32::seed_from_u64(seed));
            core::array::from_fn::<usize, 64, _>(|p| shuffled.get(p))
        };
        let identity: [usize; 64] = core::array::from_fn(|p| p);
        assert_ne!(order(1), identity);
        assert_ne!(order(1), order(2));
        assert_eq!(order(1), order(1));
        // Not merely a rotation or a stride: neighbours rarely stay neighbours.
        let first = order(1);
        let adjacent = first.windows(2).filter(|w| w[1] == (w[0] + 1) % 64).count();
        assert!(adjacent < 8, "{adjacent} of 63 neighbours kept");
    }

    #[test]
    fn one_order_pinned() {
        // A regression pin, not an independent value: the order of 0..10 drawn from
        // `Pcg32::seed_from_u64(7)` as this module computes it. It changes if the rounds, the
        // round function, the key draws or the cycle walk change, and with it every shuffled
        // training run: update it only with the reason in the commit.
        let order = Order::shuffled(nonzero(10), &mut Pcg32::seed_from_u64(7));
        let visited: [usize; 10] = core::array::from_fn(|p| order.get(p));
        assert_eq!(visited, PINNED_SEED_7);
        // Two draws from one generator, as two epochs make, differ.
        let mut rng = Pcg32::seed_from_u64(7);
        let (first, second) = (
            Order::shuffled(nonzero(10), &mut rng),
            Order::shuffled(nonzero(10), &mut rng),
        );
        let second: [usize; 10] = core::array::from_fn(|p| second.get(p));
        assert_eq!(
            core::array::from_fn::<usize, 10, _>(|p| first.get(p)),
            visited
        );
        assert_ne!(second, visited);
    }

    const PINNED_SEED_7: [usize; 10] = [9, 8, 1, 6, 4, 5, 7, 0, 2, 3];

    #[test]
    fn positions_wrap_to_the_start() {
        let order = Order::shuffled(nonzero(5), &mut Pcg32::seed_from_u64(3));
        assert_eq!(order.get(5), order.get(0));
        assert_eq!(order.get(13), order.get(3));
        assert_eq!(Order::sequential(nonzero(5)).get(7), 2);
    }
}
