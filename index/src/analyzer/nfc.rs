//! Lossless: Unicode NFC, so decomposed input (e.g. from macOS or old keyboards) indexes identically.

use unicode_normalization::{UnicodeNormalization, is_nfc_quick};

/// Compose `word` to NFC in place.
pub fn apply(word: &mut String) {
    if is_nfc_quick(word.chars()) != unicode_normalization::IsNormalized::Yes {
        *word = word.nfc().collect();
    }
}

#[cfg(test)]
mod tests {
    fn check(input: &str, expected: &str) {
        let mut s = input.to_string();
        super::apply(&mut s);
        assert_eq!(s, expected);
    }

    #[test]
    fn composes_decomposed_vietnamese() {
        check("Vie\u{0302}\u{0323}t", "Việt");
        check("đăng", "đăng");
        check("", "");
    }
}
