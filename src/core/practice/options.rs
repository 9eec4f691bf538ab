//! A generated question's options: the key among distinct distractors, in an order drawn
//! from the lesson's seed, so the same manifest and seed always give the same order and the
//! key does not sit in the same place in every question.

use crate::core::lesson::quiz::{Basis, Question};
use crate::core::order::ascending;
use crate::core::rng::Rng;

/// The most options a question shows.
const MOST_OPTIONS: usize = 4;

/// A question before its options are chosen and ordered.
pub struct Draft {
    /// The lesson step whose frames show what it asks about.
    pub step: usize,
    pub prompt: String,
    pub key: String,
    /// Wrong answers in order of preference; repeats and the key itself are dropped.
    pub distractors: Vec<String>,
    /// Where to look, without the answer (also the question's hint).
    pub pointer: String,
    /// Why the key is right, a line per reason or step of the sum, without end stops.
    pub lines: Vec<String>,
    pub basis: Basis,
}

/// Number distractors: the candidates that are not negative, then the numbers just above
/// the key, so a question always has wrong answers to offer.
pub fn numbers(key: i64, candidates: &[i64]) -> Vec<String> {
    candidates
        .iter()
        .copied()
        .chain([key + 1, key + 2, key + 3])
        .filter(|&number| number >= 0)
        .map(|number| number.to_string())
        .collect()
}

impl Draft {
    /// The question, its options shuffled by `seed` and `salt` (one salt per kind, so two
    /// questions of a run are not ordered alike).
    pub fn finish(self, seed: u64, salt: u64) -> Question {
        let mut options = vec![self.key];
        for distractor in self.distractors {
            if options.len() < MOST_OPTIONS && !options.contains(&distractor) {
                options.push(distractor);
            }
        }
        let mut rng = Rng::new(seed ^ salt.wrapping_mul(0xD6E8_FEB8_6659_FD93));
        let order = ascending(options.iter().map(|_| (rng.next_u64(), 0)).collect());
        let answer = order.iter().position(|&from| from == 0).unwrap_or(0);
        let mut slots: Vec<Option<String>> = options.into_iter().map(Some).collect();
        Question {
            prompt: self.prompt,
            options: order
                .into_iter()
                .filter_map(|from| slots[from].take())
                .collect(),
            answer,
            hint: self.pointer.clone(),
            pointer: self.pointer,
            explanation: self.lines.join("; "),
            basis: self.basis,
        }
    }
}
