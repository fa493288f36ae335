//! Lossless for search purposes: lowercase, and the Icelandic eth (ð/Ð), a common look-alike typed for đ, to đ.

/// Lowercase `word` in place and map `ð`/`Ð` to `đ`.
pub fn apply(word: &mut String) {
    if word.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()) {
        return;
    }
    *word = word.chars().flat_map(char::to_lowercase).map(|c| if c == 'ð' { 'đ' } else { c }).collect();
}

#[cfg(test)]
mod tests {
    fn check(input: &str, expected: &str) {
        let mut s = input.to_string();
        super::apply(&mut s);
        assert_eq!(s, expected);
    }

    #[test]
    fn lowercases_vietnamese_and_eth() {
        check("ĐĂNG", "đăng");
        check("Ðăng", "đăng");
        check("ðịa", "địa");
        check("CCCD", "cccd");
        check("98", "98");
    }
}
