//! From a citizen's text to a weighted OR query: analysis, Telex repair and fuzzy matching of
//! unknown words, stop-word weights, synonym expansion, bigrams.

use rustc_hash::FxHashMap;
use tantivy::Term;
use tantivy::query::{BooleanQuery, BoostQuery, ConstScoreQuery, FuzzyTermQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};

use crate::accents::Accents;
use crate::analyzer::{analyze, bigram};
use crate::doc::Kind;
use crate::schema::Fields;
use crate::synonyms::{Expansion, Synonyms};
use crate::{exclusion, stopwords, telex};

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
/// A restored accent is used when [`Accents::restore`] gives it at least this probability…
const RESTORE_MIN: f32 = 0.8;
/// …and its accented-field bonus counts this much of a typed one.
const RESTORED: f32 = 0.5;
/// The IDF beyond which a filler word's weight is scaled down (about a word in a fifth of the
/// documents), so that weight × IDF stays that of a common word.
const FILLER_IDF_CAP: f32 = 1.5;
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
    /// `accented` was restored by [`Accents`], not typed.
    pub restored: bool,
}

/// The analysed query.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub words: Vec<QWord>,
    pub expansions: Vec<Expansion>,
    /// [`Plan::pairs`], computed once: coverage reads them for every candidate.
    pairs: Vec<(Vec<String>, f32)>,
    /// [`Plan::readings`], computed once.
    readings: Vec<Vec<String>>,
}

impl Plan {
    pub fn new(words: Vec<QWord>, expansions: Vec<Expansion>) -> Self {
        let mut plan = Plan { words, expansions, pairs: vec![], readings: vec![] };
        plan.pairs = plan.pair_forms();
        let typed: Vec<String> = plan.words.iter().map(|w| w.folded.clone()).collect();
        let mut readings = vec![typed.clone()];
        for e in &plan.expansions {
            let mut r = typed[..e.start].to_vec();
            r.extend(e.phrase.iter().map(|p| p.1.clone()));
            r.extend_from_slice(&typed[e.start + e.len..]);
            readings.push(r);
        }
        plan.readings = readings;
        plan
    }

    /// The query's folded words as typed, then once more for each synonym phrase in place of the
    /// words it stands for ("đổi giấy đăng ký xe" → "đổi chứng nhận đăng ký xe").
    pub fn readings(&self) -> &[Vec<String>] {
        &self.readings
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Each adjacent pair of the query's words, in every form it may take in a title, with the
    /// lighter word's weight: as typed; with a synonym phrase standing for one of its words ("đổi
    /// GPLX quân sự" → "đổi giấy", "xe quân"); with a spoken "… lại" moved after the verb
    /// ("khai sinh lại" → "ký lại"). A pair with an unknown word and no phrase for it is left out.
    pub fn pairs(&self) -> &[(Vec<String>, f32)] {
        &self.pairs
    }

    fn pair_forms(&self) -> Vec<(Vec<String>, f32)> {
        let ends = |at: usize, last: bool| -> Vec<&str> {
            self.expansions
                .iter()
                .filter(|e| if last { e.start + e.len == at + 1 } else { e.start == at })
                .filter_map(|e| if last { e.phrase.last() } else { e.phrase.first() })
                .map(|w| w.1.as_str())
                .collect()
        };
        let side = |i: usize, last: bool| -> Vec<&str> {
            let w = &self.words[i];
            let mut forms = ends(i, last);
            if !w.unknown {
                forms.insert(0, &w.folded);
            }
            forms
        };
        (1..self.words.len())
            .filter_map(|i| {
                let mut lefts = side(i - 1, true);
                lefts.extend(self.repeat_partners(i).iter().map(|w| w.folded.as_str()));
                let rights = side(i, false);
                let mut forms: Vec<String> = lefts.iter().flat_map(|l| rights.iter().map(|r| bigram(l, r))).collect();
                // A pair inside the words a synonym phrase stands for is in a title that has the
                // phrase: its bigrams, or its one word ("bảo hiểm xã hội" → "BHXH").
                for e in self.expansions.iter().filter(|e| e.start < i && i < e.start + e.len) {
                    match e.phrase.as_slice() {
                        [only] => forms.push(only.1.clone()),
                        phrase => forms.extend(phrase.windows(2).map(|p| bigram(&p[0].1, &p[1].1))),
                    }
                }
                let weight = self.words[i - 1].weight.min(self.words[i].weight);
                (!forms.is_empty()).then_some((forms, weight))
            })
            .collect()
    }

    /// The words a spoken "lại" at `i` also pairs with: up to [`REPEAT_WINDOW`] words before the
    /// one it follows ("đăng ký khai sinh lại" → đăng, ký, khai). Empty for any other word.
    fn repeat_partners(&self, i: usize) -> &[QWord] {
        if i >= 2 && self.words[i].folded == "lai" {
            &self.words[i.saturating_sub(REPEAT_WINDOW + 1)..i - 1]
        } else {
            &[]
        }
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
        for (i, w) in self.words.iter().enumerate() {
            for v in self.repeat_partners(i) {
                out.push((bigram(&v.folded, &w.folded), REPEAT * v.weight));
            }
        }
        out
    }
}

/// Analyse `text`. `doc_freq` tells how many documents contain a folded word (0 = unknown);
/// `accents` restores the marks of a question typed without them.
pub fn plan(text: &str, synonyms: &Synonyms, accents: &Accents, doc_freq: impl Fn(&str) -> u64, num_docs: u64) -> Plan {
    let n = num_docs.max(1) as f32;
    let idf = |df: u64| (1.0 + (n - df as f32 + 0.5) / (df as f32 + 0.5)).ln();
    // A question that copies an official name with its exclusion clause ("… (trừ …)") asks
    // about what the name covers, not what it excludes.
    let (named, _) = exclusion::split(text);
    let analyzed = match analyze(&named) {
        a if a.is_empty() => analyze(text),
        a => a,
    };
    let mut words: Vec<QWord> = analyzed
        .iter()
        .map(|w| {
            let df = doc_freq(&w.folded);
            if df > 0 {
                let accented = (w.accented != w.folded).then_some(w.accented.clone());
                let weight = stopwords::weight(&w.accented, &w.folded);
                return QWord {
                    accented,
                    folded: w.folded.clone(),
                    weight,
                    unknown: false,
                    idf: idf(df),
                    restored: false,
                };
            }
            for candidate in telex::repairs(&w.folded) {
                let df = doc_freq(&candidate);
                if df > 0 {
                    let weight = stopwords::weight(&candidate, &candidate);
                    return QWord {
                        accented: None,
                        folded: candidate,
                        weight,
                        unknown: false,
                        idf: idf(df),
                        restored: false,
                    };
                }
            }
            let weight = stopwords::weight(&w.accented, &w.folded);
            QWord { accented: None, folded: w.folded.clone(), weight, unknown: true, idf: idf(0), restored: false }
        })
        .collect();
    let folded: Vec<String> = words.iter().map(|w| w.folded.clone()).collect();
    // A question typed (mostly) without marks: restore them where the neighbours make it clear.
    let marked = analyzed.iter().filter(|w| w.accented != w.folded).count();
    if marked * 2 < words.len() {
        for (w, (form, p)) in words.iter_mut().zip(accents.restore(&folded)) {
            // A word restored to its unmarked form stays as a typed unmarked word is.
            if w.accented.is_none() && !w.unknown && p >= RESTORE_MIN && form != w.folded {
                w.weight = stopwords::weight_of(&form);
                w.accented = Some(form);
                w.restored = true;
            }
        }
    } else {
        // A question typed with marks: a word typed without them is that word ("thu hồi").
        for w in words.iter_mut().filter(|w| w.accented.is_none() && !w.unknown) {
            w.weight = stopwords::weight_as_typed(&w.folded);
        }
    }
    let expansions = synonyms.expand(&folded);
    // A chat abbreviation of filler ("dc" = được, "ko" = không, "ng" = người) weighs as the filler
    // it stands for, not as the rare word it is.
    for (i, w) in words.iter_mut().enumerate() {
        let standing = expansions.iter().filter(|e| e.len == 1 && e.start == i);
        let meaning = standing.map(|e| e.phrase.iter().map(|p| stopwords::weight_of(&p.0)).fold(0.0, f32::max));
        if let Some(weight) = meaning.reduce(f32::max) {
            w.weight = w.weight.min(weight);
        }
    }
    // Filler is filler however rare it is in formal text ("gì" in procedure names): its weight
    // does not grow with its IDF beyond that of a common word.
    for w in words.iter_mut().filter(|w| w.weight < 0.9 && w.idf > FILLER_IDF_CAP) {
        w.weight *= FILLER_IDF_CAP / w.idf;
    }
    Plan::new(words, expansions)
}

/// Build the tantivy query: OR of every weighted term, never AND. `df` gives a term's document
/// frequency in an index of `num_docs` documents; a long question leaves out the terms that can
/// add least to any score ([`prune`]).
pub fn build(plan: &Plan, f: &Fields, kind: Option<Kind>, df: impl Fn(&Term) -> u64, num_docs: u64) -> Box<dyn Query> {
    let mut weighted: Vec<(Term, f32)> = Vec::new();
    let mut seen: FxHashMap<Term, usize> = FxHashMap::default();
    let mut add = |field: Field, text: &str, w: f32| {
        let term = Term::from_field_text(field, text);
        match seen.get(&term) {
            Some(&i) => weighted[i].1 = weighted[i].1.max(w),
            None => {
                seen.insert(term.clone(), weighted.len());
                weighted.push((term, w));
            }
        }
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
            let trust = if w.restored { RESTORED } else { 1.0 };
            add(f.title_a, a, TITLE_A * w.weight * trust);
            add(f.body_a, a, BODY_A * w.weight * trust);
        }
    }
    for e in &plan.expansions {
        // A phrase shorter than the words it stands for ("bảo hiểm xã hội" → "BHXH") carries
        // their weight: a title that writes it short must not lose to every title that spells
        // the words out and so matches each of them and their bigrams.
        let stands_for = (e.len as f32 / e.phrase.len() as f32).max(1.0);
        for (accented, folded) in &e.phrase {
            let w = stands_for * EXPANSION * stopwords::weight(accented, folded);
            add(f.title_f, folded, TITLE_F * w);
            add(f.body_f, folded, BODY_F * w);
        }
    }
    for (b, w) in plan.bigrams() {
        add(f.title_bi, &b, TITLE_BI * w);
        add(f.body_bi, &b, BODY_BI * w);
    }
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = prune(weighted, df, num_docs)
        .into_iter()
        .map(|(term, w)| {
            let q = TermQuery::new(term, IndexRecordOption::WithFreqs);
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

/// A query with more terms than this leaves out the least useful ones.
const PRUNE_FROM: usize = 100;
/// The share of the highest possible score that the terms left out may hold between them.
const PRUNE_SHARE: f32 = 0.005;

/// Leave out of a long question's query the terms that can add least to a score for the postings
/// they cost: what a term can add is in proportion to its weight times its BM25 idf, and reading
/// it costs its document frequency. Terms go in order of that ratio while together they can add at most
/// [`PRUNE_SHARE`] of the sum over all terms. They are words that nearly every document holds, in
/// the body fields ("có", "của", "hồ sơ"), and they cost most of a long question's time. A short
/// query keeps every term: it is cheap, and there any term may decide between two close names.
fn prune(weighted: Vec<(Term, f32)>, df: impl Fn(&Term) -> u64, num_docs: u64) -> Vec<(Term, f32)> {
    if weighted.len() <= PRUNE_FROM {
        return weighted;
    }
    let n = num_docs as f32;
    let bounded: Vec<(f32, f32)> = weighted
        .iter()
        .map(|(term, w)| {
            let d = df(term) as f32;
            (w * (1.0 + (n - d + 0.5) / (d + 0.5)).ln(), d.max(1.0))
        })
        .collect();
    let budget = PRUNE_SHARE * bounded.iter().map(|b| b.0).sum::<f32>();
    let mut order: Vec<usize> = (0..weighted.len()).collect();
    order.sort_by(|&a, &b| (bounded[a].0 / bounded[a].1).total_cmp(&(bounded[b].0 / bounded[b].1)));
    let mut keep = vec![true; weighted.len()];
    let mut left_out = 0.0;
    for i in order {
        left_out += bounded[i].0;
        if left_out > budget {
            break;
        }
        keep[i] = false;
    }
    weighted.into_iter().zip(keep).filter_map(|(t, k)| k.then_some(t)).collect()
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
        let p = plan(text, &syn, &Accents::default(), known, 100);
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
        let p = plan("đăng ký khai sinh lại", &Synonyms::default(), &Accents::default(), known, 100);
        let bigrams: Vec<String> = p.bigrams().into_iter().map(|b| b.0).collect();
        assert!(bigrams.contains(&"ky_lai".to_string()), "{bigrams:?}");
        assert!(bigrams.contains(&"sinh_lai".to_string()), "{bigrams:?}");
        let p = plan("cấp lại", &Synonyms::default(), &Accents::default(), known, 100);
        assert_eq!(p.bigrams().len(), 1);
    }

    #[test]
    fn marks_are_restored_in_unaccented_questions() {
        let accents = Accents::learn(["Tôi có thể xin bản sao giấy khai sinh", "Ban quản lý", "bạn bè", "bạn bè"]);
        let known = |w: &str| u64::from(["toi", "co", "the", "xin", "ban", "sao"].contains(&w)) * 10;
        let p = plan("toi co the xin ban sao", &Synonyms::default(), &accents, known, 100);
        let forms: Vec<&str> = p.words.iter().map(|w| w.accented.as_deref().unwrap_or(&w.folded)).collect();
        assert_eq!(forms, ["tôi", "có", "thể", "xin", "bản", "sao"]);
        assert!(p.words[4].restored && p.words[4].weight == 1.0, "bản is content: {:?}", p.words[4]);
        assert!(p.words[0].weight < 0.45, "tôi is filler: {:?}", p.words[0]);
        // Typed marks are never second-guessed.
        let p = plan("tôi có thể xin ban sao", &Synonyms::default(), &accents, known, 100);
        assert!(p.words.iter().all(|w| !w.restored), "{:?}", p.words);
    }

    #[test]
    fn rare_filler_does_not_outweigh_content() {
        // "gì" is rare in formal text; it still counts as filler.
        let df = |w: &str| if w == "gi" { 1 } else { 50 };
        let p = plan("kết quả là gì", &Synonyms::default(), &Accents::default(), df, 1000);
        let weight = |i: usize| p.words[i].weight * p.words[i].idf;
        assert!((weight(3) - 0.2 * FILLER_IDF_CAP).abs() < 1e-4, "{:?}", p.words[3]);
        assert!(weight(3) < weight(0) / 2.0, "{:?}", p.words);
    }

    #[test]
    fn pairs_take_the_forms_a_title_may_use() {
        let known = |w: &str| u64::from(["doi", "quan", "su", "khai", "sinh", "lai", "giay", "xe"].contains(&w)) * 10;
        let syn = Synonyms::parse("gplx => giấy phép lái xe").unwrap();
        let pairs = |text: &str| -> Vec<Vec<String>> {
            plan(text, &syn, &Accents::default(), known, 100).pairs().iter().map(|p| p.0.clone()).collect()
        };
        assert_eq!(pairs("đổi gplx quân sự"), [vec!["doi_giay"], vec!["xe_quan"], vec!["quan_su"]]);
        assert_eq!(pairs("khai sinh lại")[1], ["sinh_lai", "khai_lai"]);
        // Inside the words a phrase stands for, a pair is in a title that has the phrase.
        let syn = Synonyms::parse("bhxh, bảo hiểm xã hội\nsổ đỏ => giấy chứng nhận").unwrap();
        let pairs = |text: &str| -> Vec<Vec<String>> {
            plan(text, &syn, &Accents::default(), |_| 10, 100).pairs().iter().map(|p| p.0.clone()).collect()
        };
        assert_eq!(pairs("bảo hiểm xã hội")[1], ["hiem_xa", "bhxh"]);
        assert_eq!(pairs("làm sổ đỏ")[1], ["so_do", "giay_chung", "chung_nhan"]);
        assert!(pairs("qwerty").is_empty());
    }

    #[test]
    fn readings_put_each_synonym_phrase_in_place() {
        let syn = Synonyms::parse("giấy đăng ký xe => chứng nhận đăng ký xe").unwrap();
        let p = plan("đổi giấy đăng ký xe", &syn, &Accents::default(), |_| 10, 100);
        let readings: Vec<String> = p.readings().iter().map(|r| r.join(" ")).collect();
        assert_eq!(readings, ["doi giay dang ky xe", "doi chung nhan dang ky xe"]);
        let title: Vec<String> = ["doi", "chung", "nhan", "dang", "ky", "xe", "bien", "so"].map(String::from).to_vec();
        assert!(crate::confidence::head_match(&p, &title) > 0.0);
    }

    #[test]
    fn filler_words_weigh_less() {
        let p = plan("tôi muốn khai sinh", &Synonyms::default(), &Accents::default(), known, 100);
        assert!(p.words[0].weight < p.words[2].weight);
    }

    #[test]
    fn a_long_query_leaves_out_only_the_common_terms_that_add_least() {
        let term = |i: usize| Term::from_field_text(Field::from_field_id(0), &format!("t{i}"));
        // Term 0 is in every document, term 1 in nearly all; the others are rare.
        let df = |t: &Term| match t.value().as_str() {
            Some("t0") => 1000,
            Some("t1") => 990,
            _ => 3,
        };
        let many: Vec<(Term, f32)> = (0..=PRUNE_FROM).map(|i| (term(i), 1.0)).collect();
        let kept = prune(many.clone(), df, 1000);
        assert_eq!(kept.len(), PRUNE_FROM - 1);
        assert!(kept.iter().all(|(t, _)| t != &term(0) && t != &term(1)));
        // A short query keeps every term, however common.
        let few = many[..PRUNE_FROM].to_vec();
        assert_eq!(prune(few, df, 1000).len(), PRUNE_FROM);
    }
}
