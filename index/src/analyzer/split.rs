//! Splits text into words: runs of letters, digits and combining marks (so decomposed input is not
//! cut inside a syllable). Offsets are byte offsets into the original text.

/// A word of the input with its byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word<'a> {
    pub text: &'a str,
    pub from: usize,
    pub to: usize,
}

pub fn split(text: &str) -> impl Iterator<Item = Word<'_>> {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (from, _) = loop {
            let &(i, c) = chars.peek()?;
            if is_word_char(c) {
                break (i, c);
            }
            chars.next();
        };
        let mut to = from;
        while let Some(&(i, c)) = chars.peek() {
            if !is_word_char(c) {
                break;
            }
            to = i + c.len_utf8();
            chars.next();
        }
        Some(Word { text: &text[from..to], from, to })
    })
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || super::fold::is_combining_mark(c)
}

#[cfg(test)]
mod tests {
    fn check(input: &str, expected: &[&str]) {
        let words: Vec<&str> = super::split(input).map(|w| w.text).collect();
        assert_eq!(words, expected);
    }

    #[test]
    fn splits_on_punctuation_and_keeps_marks() {
        check("Nghị định 98/2024/NĐ-CP.", &["Nghị", "định", "98", "2024", "NĐ", "CP"]);
        check("Vie\u{0302}\u{0323}t Nam", &["Vie\u{0302}\u{0323}t", "Nam"]);
        check("  ", &[]);
        check("a", &["a"]);
    }
}
