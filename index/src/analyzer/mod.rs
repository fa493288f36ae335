//! The Vietnamese analyzer: a pipeline of small steps, one file each, registered with tantivy in
//! [`register_analyzers`].
//!
//! Lossless steps (NFC, lowercase, tone placement) give the *accented* form of a word; the lossy
//! [`fold`] step gives the *folded* form. Three tokenizers are registered:
//! - [`FOLDED`]: folded syllables, the main BM25 field,
//! - [`ACCENTED`]: accented syllables, a bonus when the query carries diacritics,
//! - [`BIGRAM`]: adjacent folded syllables joined by `_`.

mod bigram;
pub mod fold;
mod lowercase;
mod nfc;
mod split;
mod tone;

use std::cell::RefCell;

use rustc_hash::FxHashMap;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer, TokenizerManager};

pub use bigram::join as bigram;
pub use fold::fold;

pub const FOLDED: &str = "vi_folded";
pub const ACCENTED: &str = "vi_accented";
pub const BIGRAM: &str = "vi_bigram";

/// One analysed word of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Analyzed {
    /// Lossless form: NFC, lowercase, canonical tone placement ("hòa").
    pub accented: String,
    /// Lossy form: no marks, đ→d ("hoa").
    pub folded: String,
    /// Byte range in the input.
    pub from: usize,
    pub to: usize,
}

/// The lossless steps, in order.
pub fn normalize_word(word: &str) -> String {
    let mut w = word.to_string();
    nfc::apply(&mut w);
    lowercase::apply(&mut w);
    tone::apply(&mut w);
    w
}

/// Analyse `text` into words with both forms.
pub fn analyze(text: &str) -> Vec<Analyzed> {
    split::split(text)
        .map(|w| {
            let (accented, folded) = forms(w.text);
            Analyzed { accented, folded, from: w.from, to: w.to }
        })
        .collect()
}

/// Words as written mapped to their accented and folded forms.
type Forms = FxHashMap<Box<str>, (Box<str>, Box<str>)>;

thread_local! {
    /// The forms of words with marks that this thread analysed lately. The Unicode steps cost
    /// far more than a lookup, and words repeat: an index analyses each text once per field, and
    /// a language has a few thousand syllables.
    static FORMS: RefCell<Forms> = RefCell::default();
}

/// How many words [`FORMS`] holds before it starts again (a few MiB at most).
const FORMS_MAX: usize = 20_000;

/// The accented and folded forms of one word as written.
fn forms(word: &str) -> (String, String) {
    with_forms(word, |accented, folded| (accented.to_string(), folded.to_string()))
}

/// Call `f` with the accented and folded forms of one word as written. `f` must not analyse.
fn with_forms<T>(word: &str, f: impl FnOnce(&str, &str) -> T) -> T {
    if word.is_ascii() {
        let lower = word.to_ascii_lowercase();
        return f(&lower, &lower);
    }
    FORMS.with_borrow_mut(|cache| {
        if let Some((accented, folded)) = cache.get(word) {
            return f(accented, folded);
        }
        let accented = normalize_word(word);
        let folded = fold(&accented);
        let out = f(&accented, &folded);
        if cache.len() >= FORMS_MAX {
            cache.clear();
        }
        cache.insert(word.into(), (accented.into(), folded.into()));
        out
    })
}

/// The folded words of `text` with their byte ranges (snippets, suggestions, keys).
pub fn folded_words(text: &str) -> impl Iterator<Item = (String, usize, usize)> + '_ {
    split::split(text).map(|w| (with_forms(w.text, |_, folded| folded.to_string()), w.from, w.to))
}

/// The words of `text` as written, with their byte ranges, before any normalisation.
pub fn raw_words(text: &str) -> impl Iterator<Item = (&str, usize, usize)> {
    split::split(text).map(|w| (w.text, w.from, w.to))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Form {
    Folded,
    Accented,
    Bigram,
}

/// A tantivy tokenizer producing one of the three forms.
#[derive(Clone, Debug)]
pub struct VietTokenizer {
    form: Form,
}

impl VietTokenizer {
    fn new(form: Form) -> Self {
        VietTokenizer { form }
    }
}

/// Tokens of one text, computed eagerly.
pub struct VecTokenStream {
    tokens: Vec<Token>,
    next: usize,
}

impl TokenStream for VecTokenStream {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }
    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

impl Tokenizer for VietTokenizer {
    type TokenStream<'a> = VecTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        let words = analyze(text);
        let tokens = match self.form {
            Form::Folded | Form::Accented => words
                .into_iter()
                .enumerate()
                .map(|(position, w)| Token {
                    offset_from: w.from,
                    offset_to: w.to,
                    position,
                    text: if self.form == Form::Folded { w.folded } else { w.accented },
                    position_length: 1,
                })
                .collect(),
            Form::Bigram => words
                .windows(2)
                .enumerate()
                .map(|(position, pair)| Token {
                    offset_from: pair[0].from,
                    offset_to: pair[1].to,
                    position,
                    text: bigram(&pair[0].folded, &pair[1].folded),
                    position_length: 1,
                })
                .collect(),
        };
        VecTokenStream { tokens, next: 0 }
    }
}

/// Register the Vietnamese tokenizers under their names. The one place where analyzers are wired.
pub fn register_analyzers(manager: &TokenizerManager) {
    manager.register(FOLDED, VietTokenizer::new(Form::Folded));
    manager.register(ACCENTED, VietTokenizer::new(Form::Accented));
    manager.register(BIGRAM, VietTokenizer::new(Form::Bigram));
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::{Expect, expect};

    fn check(input: &str, expected: Expect) {
        let words = analyze(input);
        let folded: Vec<&str> = words.iter().map(|w| w.folded.as_str()).collect();
        let accented: Vec<&str> = words.iter().map(|w| w.accented.as_str()).collect();
        let mut tok = VietTokenizer::new(Form::Bigram);
        let mut stream = tok.token_stream(input);
        let mut bigrams = vec![];
        while stream.advance() {
            bigrams.push(stream.token().text.clone());
        }
        expected.assert_eq(&format!(
            "accented: {}\nfolded:   {}\nbigrams:  {}",
            accented.join(" "),
            folded.join(" "),
            bigrams.join(" ")
        ));
    }

    #[test]
    fn token_streams_of_tricky_inputs() {
        check(
            "Đăng ký KHAI SINH",
            expect![[r#"
                accented: đăng ký khai sinh
                folded:   dang ky khai sinh
                bigrams:  dang_ky ky_khai khai_sinh"#]],
        );
        check(
            "Ðăng ky\u{0301} hoà giải, thuỷ lợi",
            expect![[r#"
                accented: đăng ký hòa giải thủy lợi
                folded:   dang ky hoa giai thuy loi
                bigrams:  dang_ky ky_hoa hoa_giai giai_thuy thuy_loi"#]],
        );
        check(
            "Nghị định 98/2024/NĐ-CP",
            expect![[r#"
                accented: nghị định 98 2024 nđ cp
                folded:   nghi dinh 98 2024 nd cp
                bigrams:  nghi_dinh dinh_98 98_2024 2024_nd nd_cp"#]],
        );
        check(
            "giays khai sinh",
            expect![[r#"
                accented: giays khai sinh
                folded:   giays khai sinh
                bigrams:  giays_khai khai_sinh"#]],
        );
    }

    #[test]
    fn decomposed_input_indexes_identically() {
        let nfd: String = unicode_normalization::UnicodeNormalization::nfd("Thủ tục đăng ký khai sinh").collect();
        let a: Vec<_> = analyze("Thủ tục đăng ký khai sinh").into_iter().map(|w| w.accented).collect();
        let b: Vec<_> = analyze(&nfd).into_iter().map(|w| w.accented).collect();
        assert_eq!(a, b);
    }

    mod props {
        use super::super::*;
        use proptest::prelude::*;
        use proptest::test_runner::TestCaseError;

        /// Each word's forms, asked twice (the second answer comes from the cache), are the
        /// forms the Unicode steps give.
        fn remembers_the_forms(s: &str) -> Result<(), TestCaseError> {
            for w in split::split(s) {
                let accented = normalize_word(w.text);
                let folded = fold(&accented);
                prop_assert_eq!(forms(w.text), (accented.clone(), folded.clone()));
                prop_assert_eq!(forms(w.text), (accented, folded));
            }
            Ok(())
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2000))]
            #[test]
            fn never_panics_and_offsets_on_char_boundaries(s in "\\PC{0,60}") {
                for w in analyze(&s) {
                    prop_assert!(s.is_char_boundary(w.from) && s.is_char_boundary(w.to));
                    prop_assert!(w.from < w.to);
                }
            }

            #[test]
            fn remembered_forms_are_the_forms_of_any_text(s in "\\PC{0,40}") {
                remembers_the_forms(&s)?;
            }

            #[test]
            fn remembered_forms_are_the_forms(s in "[A-Za-zÀÁẢÃẠĐÐÈÉẺÔỒỐƠỜỚƯỪỨàáạđươ\\u{300}\\u{301}\\u{303}\\u{309}\\u{323} ]{0,30}") {
                remembers_the_forms(&s)?;
            }

            #[test]
            fn folding_is_idempotent(s in "[a-zA-Zàáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ ]{0,40}") {
                let once = fold(&s);
                prop_assert_eq!(fold(&once), once.clone());
            }

            #[test]
            fn unaccented_form_matches_accented(s in "[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵa-z ]{1,40}") {
                let accented: Vec<String> = analyze(&s).into_iter().map(|w| w.folded).collect();
                let plain: Vec<String> = analyze(&fold(&s)).into_iter().map(|w| w.folded).collect();
                prop_assert_eq!(accented, plain);
            }
        }
    }
}
