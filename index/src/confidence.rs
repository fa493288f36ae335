//! How much of the query a document covers, and from that a normalised confidence per hit,
//! comparable across queries, that the assistant uses to choose between answering and offering
//! the hotline.
//!
//! Coverage weighs the query's words by stop-word weight and IDF: in the title (or an alternative
//! question), anywhere in the document, and as adjacent word pairs in the title. A synonym phrase
//! covers the words it stands for.

use crate::analyzer::bigram;
use crate::query::Plan;

/// Above this, a hit is considered an answer.
pub const ANSWER_THRESHOLD: f32 = 0.55;

/// Pairs of words that both weigh at least this much count for pair coverage: content words and
/// ambiguous unaccented ones ("can" = cần or căn), not certain filler ("tôi muốn").
const PAIR_MIN_WEIGHT: f32 = 0.4;

/// Share of the query's weight covered in `[0, 1]`.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Coverage {
    pub title: f32,
    pub any: f32,
    pub pairs: f32,
}

/// Coverage of the query by the title alone (cheap: used to rerank candidates).
pub fn title_coverage(plan: &Plan, in_title: impl Fn(&str) -> bool, title_bigram: impl Fn(&str) -> bool) -> Coverage {
    coverage(plan, &in_title, |_| false, title_bigram)
}

pub fn coverage(
    plan: &Plan,
    in_title: impl Fn(&str) -> bool,
    in_body: impl Fn(&str) -> bool,
    title_bigram: impl Fn(&str) -> bool,
) -> Coverage {
    let mut total = 0.0;
    let mut title_cov = 0.0;
    let mut any_cov = 0.0;
    for (i, w) in plan.words.iter().enumerate() {
        let weight = w.weight * w.idf;
        total += weight;
        let phrases = || plan.expansions.iter().filter(move |e| e.start <= i && i < e.start + e.len);
        let in_t = in_title(&w.folded) || phrases().any(|e| e.phrase.iter().all(|p| in_title(&p.1)));
        let in_any = in_t || in_body(&w.folded) || phrases().any(|e| e.phrase.iter().all(|p| in_body(&p.1)));
        if in_t {
            title_cov += weight;
        }
        if in_any {
            any_cov += weight;
        }
    }
    if total <= 0.0 {
        return Coverage::default();
    }
    let title = title_cov / total;
    let pairs: Vec<(String, f32)> = plan
        .words
        .windows(2)
        .filter(|p| !p[0].unknown && !p[1].unknown)
        .map(|p| (bigram(&p[0].folded, &p[1].folded), p[0].weight.min(p[1].weight)))
        .filter(|(_, w)| *w >= PAIR_MIN_WEIGHT)
        .collect();
    let pair_cov = if pairs.is_empty() {
        title
    } else {
        let hit: f32 = pairs.iter().filter(|(b, _)| title_bigram(b)).map(|(_, w)| w).sum();
        hit / pairs.iter().map(|(_, w)| w).sum::<f32>()
    };
    Coverage { title, any: any_cov / total, pairs: pair_cov }
}

/// The confidence of a hit from its coverage.
pub fn confidence(c: Coverage) -> f32 {
    (0.5 * c.title + 0.2 * c.any + 0.3 * c.pairs).clamp(0.0, 1.0)
}
