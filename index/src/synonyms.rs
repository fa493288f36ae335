//! Abbreviations and synonyms, read from an editable text file and applied at query time, so an
//! editor's change needs no reindex.
//!
//! One rule per line; `#` starts a comment (Vietnamese welcome):
//! - `cccd, cmnd, chứng minh thư => căn cước`: a query containing a left phrase also searches the
//!   right phrases;
//! - `quý, quí`: every phrase is equivalent to the others.
//!
//! Phrases are matched on folded words, so "so do" finds the rule for "sổ đỏ".

use crate::analyzer::analyze;
use crate::{Error, Result};

/// A phrase as (accented, folded) words.
pub type Phrase = Vec<(String, String)>;

#[derive(Debug, Clone)]
struct Rule {
    from: Vec<Phrase>,
    to: Vec<Phrase>,
}

/// A parsed synonym list.
#[derive(Debug, Clone, Default)]
pub struct Synonyms {
    rules: Vec<Rule>,
}

/// An expansion found in a query: the phrases to add, and where the matched words were.
#[derive(Debug, Clone, PartialEq)]
pub struct Expansion {
    pub start: usize,
    pub len: usize,
    pub phrase: Phrase,
}

fn phrase(text: &str) -> Phrase {
    analyze(text).into_iter().map(|w| (w.accented, w.folded)).collect()
}

impl Synonyms {
    /// Parse the text of a synonyms file. Errors name the (1-based) line.
    pub fn parse(text: &str) -> Result<Self> {
        let mut rules = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let err = |message: &str| Error::Synonyms { line: i + 1, message: message.to_string() };
            let list = |s: &str| -> Result<Vec<Phrase>> {
                let phrases: Vec<Phrase> = s.split(',').map(phrase).filter(|p| !p.is_empty()).collect();
                if phrases.is_empty() { Err(err("thiếu cụm từ")) } else { Ok(phrases) }
            };
            let rule = match line.split_once("=>") {
                Some((left, right)) => Rule { from: list(left)?, to: list(right)? },
                None => {
                    let all = list(line)?;
                    if all.len() < 2 {
                        return Err(err("cần ít nhất hai cụm từ, phân tách bằng dấu phẩy, hoặc dạng \"a => b\""));
                    }
                    Rule { from: all.clone(), to: all }
                }
            };
            rules.push(rule);
        }
        Ok(Synonyms { rules })
    }

    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Expansions for a query given as folded words, without repeating a phrase the query already has.
    pub fn expand(&self, folded: &[String]) -> Vec<Expansion> {
        let mut out: Vec<Expansion> = Vec::new();
        for rule in &self.rules {
            for from in &rule.from {
                let n = from.len();
                if n == 0 || n > folded.len() {
                    continue;
                }
                for start in 0..=folded.len() - n {
                    if !from.iter().zip(&folded[start..start + n]).all(|((_, f), q)| f == q) {
                        continue;
                    }
                    for to in &rule.to {
                        let same = to.len() == n && to.iter().zip(from).all(|(a, b)| a.1 == b.1);
                        if !same && !out.iter().any(|e| e.start == start && e.phrase == *to) {
                            out.push(Expansion { start, len: n, phrase: to.clone() });
                        }
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(rules: &str, query: &str, expected: &[&str]) {
        let syn = Synonyms::parse(rules).unwrap();
        let folded: Vec<String> = analyze(query).into_iter().map(|w| w.folded).collect();
        let got: Vec<String> = syn
            .expand(&folded)
            .into_iter()
            .map(|e| e.phrase.iter().map(|w| w.0.as_str()).collect::<Vec<_>>().join(" "))
            .collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn one_way_and_equivalence_rules() {
        let rules = "# chú thích\ncccd, cmnd, chứng minh thư => căn cước\nquý, quí\nsổ đỏ => giấy chứng nhận quyền sử dụng đất # cuối dòng";
        check(rules, "cap lai CCCD", &["căn cước"]);
        check(rules, "mất chứng minh thư", &["căn cước"]);
        check(rules, "lam so do", &["giấy chứng nhận quyền sử dụng đất"]);
        check(rules, "quí 1", &["quý"]);
        check(rules, "căn cước", &[]);
        // Each occurrence is expanded where it stands.
        check(rules, "đổi cmnd sang cccd", &["căn cước", "căn cước"]);
    }

    #[test]
    fn bad_lines_are_reported_with_their_number() {
        let err = Synonyms::parse("a, b\n\nchỉ một").unwrap_err();
        assert!(matches!(err, Error::Synonyms { line: 3, .. }), "{err}");
        assert!(Synonyms::parse("=> b").is_err());
    }
}
