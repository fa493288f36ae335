//! From a citizen's text to a weighted OR query: analysis, Telex repair and fuzzy matching of
//! unknown words, stop-word weights, synonym expansion, bigrams.

use tantivy::Term;
use tantivy::query::{BooleanQuery, BoostQuery, ConstScoreQuery, FuzzyTermQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};

use crate::analyzer::{analyze, bigram};
use crate::doc::Kind;
use crate::schema::Fields;
use crate::synonyms::{Expansion, Synonyms};
use crate::{stopwords, telex};

/// Field boosts: titles (procedure names, FAQ questions) weigh more than bodies; the accented
/// fields add a bonus when the query carries diacritics.
const TITLE_F: f32 = 3.0;
const BODY_F: f32 = 1.0;
const TITLE_A: f32 = 1.0;
const BODY_A: f32 = 0.3;
const TITLE_BI: f32 = 2.5;
const BODY_BI: f32 = 0.8;
/// Words added by a synonym rule count a little less than the citizen's own words.
const EXPANSION: f32 = 0.8;
/// "lại" paired with a verb before the object: see [`Plan::bigrams`].
const REPEAT: f32 = 1.0;
const REPEAT_WINDOW: usize = 3;
/// Fuzzy matches of unknown words count little.
const FUZZY: f32 = 0.3;

/// One word of the query after repair.
#[derive(Debug, Clone, PartialEq)]
pub struct QWord {
    /// The lossless form, when the citizen typed diacritics.
    pub accented: Option<String>,
    pub folded: String,
    pub weight: f32,
    /// Neither the index nor a Telex repair knows the word.
    pub unknown: bool,
    /// Inverse document frequency of the folded form.
    pub idf: f32,
}

/// The analysed query.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub words: Vec<QWord>,
    pub expansions: Vec<Expansion>,
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Weighted bigrams of adjacent query words and inside synonym phrases.
    pub fn bigrams(&self) -> Vec<(String, f32)> {
        let mut out: Vec<(String, f32)> =
            self.words.windows(2).map(|p| (bigram(&p[0].folded, &p[1].folded), p[0].weight.min(p[1].weight))).collect();
        for e in &self.expansions {
            out.extend(e.phrase.windows(2).map(|p| (bigram(&p[0].1, &p[1].1), EXPANSION)));
        }
        // Spoken word order puts "lại" (again) after the object ("làm căn cước lại", "đăng ký khai
        // sinh lại"); official names put it after the verb ("Cấp lại", "Đăng ký lại khai sinh").
        // Pair it with the few words before it too, each at that word's weight.
        for (i, w) in self.words.iter().enumerate().filter(|(i, w)| *i >= 2 && w.folded == "lai") {
            for v in &self.words[i.saturating_sub(REPEAT_WINDOW + 1)..i - 1] {
                out.push((bigram(&v.folded, &w.folded), REPEAT * v.weight));
            }
        }
        out
    }
}

/// Analyse `text`. `doc_freq` tells how many documents contain a folded word (0 = unknown).
pub fn plan(text: &str, synonyms: &Synonyms, doc_freq: impl Fn(&str) -> u64, num_docs: u64) -> Plan {
    let n = num_docs.max(1) as f32;
    let idf = |df: u64| (1.0 + (n - df as f32 + 0.5) / (df as f32 + 0.5)).ln();
    let words: Vec<QWord> = analyze(text)
        .into_iter()
        .map(|w| {
            let df = doc_freq(&w.folded);
            if df > 0 {
                let accented = (w.accented != w.folded).then_some(w.accented.clone());
                let weight = stopwords::weight(&w.accented, &w.folded);
                return QWord { accented, folded: w.folded, weight, unknown: false, idf: idf(df) };
            }
            for candidate in telex::repairs(&w.folded) {
                let df = doc_freq(&candidate);
                if df > 0 {
                    let weight = stopwords::weight(&candidate, &candidate);
                    return QWord { accented: None, folded: candidate, weight, unknown: false, idf: idf(df) };
                }
            }
            let weight = stopwords::weight(&w.accented, &w.folded);
            QWord { accented: None, folded: w.folded, weight, unknown: true, idf: idf(0) }
        })
        .collect();
    let folded: Vec<String> = words.iter().map(|w| w.folded.clone()).collect();
    let expansions = synonyms.expand(&folded);
    Plan { words, expansions }
}

/// Build the tantivy query: OR of every weighted term, never AND.
pub fn build(plan: &Plan, f: &Fields, kind: Option<Kind>) -> Box<dyn Query> {
    let mut weighted: Vec<(Field, String, f32)> = Vec::new();
    let mut add =
        |field: Field, text: &str, w: f32| match weighted.iter_mut().find(|(f, t, _)| *f == field && t == text) {
            Some(entry) => entry.2 = entry.2.max(w),
            None => weighted.push((field, text.to_string(), w)),
        };
    let mut fuzzy: Vec<Box<dyn Query>> = Vec::new();
    for w in &plan.words {
        if w.unknown {
            if w.folded.chars().count() >= 4 {
                for field in [f.title_f, f.body_f] {
                    let q = FuzzyTermQuery::new(Term::from_field_text(field, &w.folded), 1, true);
                    fuzzy.push(Box::new(BoostQuery::new(Box::new(q), FUZZY)));
                }
            }
            continue;
        }
        add(f.title_f, &w.folded, TITLE_F * w.weight);
        add(f.body_f, &w.folded, BODY_F * w.weight);
        if let Some(a) = &w.accented {
            add(f.title_a, a, TITLE_A * w.weight);
            add(f.body_a, a, BODY_A * w.weight);
        }
    }
    for e in &plan.expansions {
        for (accented, folded) in &e.phrase {
            let w = EXPANSION * stopwords::weight(accented, folded);
            add(f.title_f, folded, TITLE_F * w);
            add(f.body_f, folded, BODY_F * w);
        }
    }
    for (b, w) in plan.bigrams() {
        add(f.title_bi, &b, TITLE_BI * w);
        add(f.body_bi, &b, BODY_BI * w);
    }
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = weighted
        .into_iter()
        .map(|(field, text, w)| {
            let q = TermQuery::new(Term::from_field_text(field, &text), IndexRecordOption::WithFreqs);
            (Occur::Should, Box::new(BoostQuery::new(Box::new(q), w)) as Box<dyn Query>)
        })
        .collect();
    clauses.extend(fuzzy.into_iter().map(|q| (Occur::Should, q)));
    let any: Box<dyn Query> = Box::new(BooleanQuery::new(clauses));
    match kind {
        None => any,
        Some(k) => {
            let kind_q = TermQuery::new(Term::from_field_text(f.kind, k.as_str()), IndexRecordOption::Basic);
            Box::new(BooleanQuery::new(vec![
                (Occur::Must, any),
                (Occur::Must, Box::new(ConstScoreQuery::new(Box::new(kind_q), 0.0))),
            ]))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(word: &str) -> u64 {
        match word {
            "giay" | "khai" | "sinh" | "can" | "cuoc" | "cap" | "lai" | "toi" | "muon" => 10,
            _ => 0,
        }
    }

    fn check(text: &str, expected: &[&str]) {
        let syn = Synonyms::parse("cccd => căn cước").unwrap();
        let p = plan(text, &syn, known, 100);
        let mut got: Vec<String> =
            p.words.iter().map(|w| format!("{}{}", w.folded, if w.unknown { "?" } else { "" })).collect();
        got.extend(
            p.expansions
                .iter()
                .map(|e| format!("+{}", e.phrase.iter().map(|w| w.0.as_str()).collect::<Vec<_>>().join(" "))),
        );
        assert_eq!(got, expected, "{text}");
    }

    #[test]
    fn repairs_expands_and_marks_unknown_words() {
        check("giays khai sinh", &["giay", "khai", "sinh"]);
        check("cap lai CCCD", &["cap", "lai", "cccd?", "+căn cước"]);
        check("qwertyuiop", &["qwertyuiop?"]);
        check("", &[]);
    }

    #[test]
    fn spoken_lai_after_the_object_pairs_with_the_verb() {
        let known = |w: &str| u64::from(["dang", "ky", "khai", "sinh", "lai"].contains(&w)) * 10;
        let p = plan("đăng ký khai sinh lại", &Synonyms::default(), known, 100);
        let bigrams: Vec<String> = p.bigrams().into_iter().map(|b| b.0).collect();
        assert!(bigrams.contains(&"ky_lai".to_string()), "{bigrams:?}");
        assert!(bigrams.contains(&"sinh_lai".to_string()), "{bigrams:?}");
        let p = plan("cấp lại", &Synonyms::default(), known, 100);
        assert_eq!(p.bigrams().len(), 1);
    }

    #[test]
    fn filler_words_weigh_less() {
        let p = plan("tôi muốn khai sinh", &Synonyms::default(), known, 100);
        assert!(p.words[0].weight < p.words[2].weight);
    }
}
