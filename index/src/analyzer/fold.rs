//! Lossy: strip every diacritic (tones and vowel shapes) and map đ to d: "Đăng ký" → "dang ky".
//! Applied after the lossless steps; folding is idempotent.

use unicode_normalization::UnicodeNormalization;

/// Fold one lowercase word to ASCII-like Vietnamese.
pub fn fold(word: &str) -> String {
    if word.is_ascii() {
        return word.to_string();
    }
    word.nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' | 'ð' => 'd',
            'Đ' | 'Ð' => 'D',
            _ => c,
        })
        .nfc()
        .collect()
}

pub(crate) fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}')
}

#[cfg(test)]
mod tests {
    fn check(input: &str, expected: &str) {
        assert_eq!(super::fold(input), expected);
    }

    #[test]
    fn folds_tones_shapes_and_d() {
        check("đăng", "dang");
        check("ký", "ky");
        check("người", "nguoi");
        check("thủy", "thuy");
        check("Đ", "D");
        check("nđ", "nd");
        check("abc", "abc");
    }
}
