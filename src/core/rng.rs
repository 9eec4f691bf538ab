//! A small seeded generator (SplitMix64) for pod-name suffixes and scheduler tie-breaks.
//!
//! The simulation owns one of these; nothing reads global randomness, so the same manifest
//! and seed always give the same trace, and `getrandom` never enters the wasm build.

/// SplitMix64: tiny, fast, and good enough for names and tie-breaks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rng {
    state: u64,
}

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform index below `bound` (0 when `bound` is 0).
    pub fn below(&mut self, bound: usize) -> usize {
        if bound == 0 {
            return 0;
        }
        (self.next_u64() % bound as u64) as usize
    }
}

/// The alphabet the API server draws generated-name suffixes from (apimachinery
/// `pkg/util/rand`): no vowels, so suffixes never spell words.
pub const NAME_ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

impl Rng {
    /// A `generateName` suffix of `length` characters.
    pub fn name_suffix(&mut self, length: usize) -> String {
        (0..length)
            .map(|_| NAME_ALPHABET[self.below(NAME_ALPHABET.len())] as char)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_sequence() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        assert_eq!(a.name_suffix(5), b.name_suffix(5));
        assert_ne!(Rng::new(1).next_u64(), Rng::new(2).next_u64());
    }

    #[test]
    fn suffix_uses_the_api_server_alphabet() {
        let suffix = Rng::new(42).name_suffix(5);
        assert_eq!(suffix.len(), 5);
        assert!(suffix.bytes().all(|b| NAME_ALPHABET.contains(&b)));
    }
}
