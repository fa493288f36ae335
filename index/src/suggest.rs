//! As-you-type suggestions of procedure names and FAQ questions: every complete word of the input
//! must be in the title, the last (possibly incomplete) word must begin a word of the title.
//! Diacritics are optional. A linear scan over ~3,000 short titles stays well under a millisecond.

use crate::analyzer::folded_words;
use crate::doc::{Kind, Suggestion};

#[derive(Debug, Clone)]
struct Entry {
    id: String,
    kind: Kind,
    title: String,
    words: Vec<String>,
}

/// Titles prepared for prefix matching.
#[derive(Debug, Clone, Default)]
pub struct Suggester {
    entries: Vec<Entry>,
}

impl Suggester {
    pub fn new(titles: impl IntoIterator<Item = (String, Kind, String)>) -> Self {
        let mut entries: Vec<Entry> = titles
            .into_iter()
            .map(|(id, kind, title)| {
                let words = folded_words(&title).map(|w| w.0).collect();
                Entry { id, kind, title, words }
            })
            .collect();
        entries.sort_by(|a, b| a.id.cmp(&b.id));
        Suggester { entries }
    }

    pub fn suggest(&self, input: &str, limit: usize, kind: Option<Kind>) -> Vec<Suggestion> {
        let query: Vec<String> = folded_words(input).map(|w| w.0).collect();
        let Some((last, complete)) = query.split_last() else {
            return vec![];
        };
        let last_is_complete = input.ends_with(char::is_whitespace);
        let mut scored: Vec<(i64, &Entry)> = self
            .entries
            .iter()
            .filter(|e| kind.is_none_or(|k| e.kind == k))
            .filter_map(|e| score(e, complete, last, last_is_complete).map(|s| (s, e)))
            .collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.title.len().cmp(&b.1.title.len())));
        scored
            .into_iter()
            .take(limit)
            .map(|(_, e)| Suggestion { id: e.id.clone(), kind: e.kind, title: e.title.clone() })
            .collect()
    }
}

fn score(e: &Entry, complete: &[String], last: &str, last_is_complete: bool) -> Option<i64> {
    let last_matches = |w: &String| {
        if last_is_complete { w == last } else { w.starts_with(last) }
    };
    if !complete.iter().all(|q| e.words.contains(q)) {
        return None;
    }
    let first_last = e.words.iter().position(last_matches)?;
    // A contiguous run of the query in the title ranks first, the earlier the better.
    let n = complete.len();
    let contiguous = (0..e.words.len()).find(|&start| {
        start + n < e.words.len()
            && e.words[start..start + n].iter().zip(complete).all(|(w, q)| w == q)
            && last_matches(&e.words[start + n])
    });
    Some(
        match contiguous {
            Some(start) => 1000 - start as i64 * 10,
            None => 500 - first_last as i64 * 10,
        } - e.words.len() as i64,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &[&str]) {
        let s = Suggester::new([
            ("1".to_string(), Kind::Procedure, "Thủ tục đăng ký khai sinh".to_string()),
            ("2".to_string(), Kind::Procedure, "Thủ tục đăng ký khai tử".to_string()),
            ("3".to_string(), Kind::Faq, "Làm lại căn cước khi bị mất?".to_string()),
            ("4".to_string(), Kind::Procedure, "Đăng ký lại khai sinh".to_string()),
        ]);
        let got: Vec<String> = s.suggest(input, 5, None).into_iter().map(|s| s.id).collect();
        assert_eq!(got, expected, "{input}");
    }

    #[test]
    fn prefix_of_last_word_with_or_without_diacritics() {
        check("khai s", &["4", "1"]);
        check("dang ky khai t", &["2", "1"]);
        check("căn c", &["3"]);
        check("khai ", &["4", "1", "2"]);
        check("", &[]);
        check("xyz", &[]);
    }
}
