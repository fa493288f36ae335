//! Repairs for Telex leftovers: when a keyboard's Vietnamese mode is off, "giấy" arrives as
//! "giays", "đăng" as "ddawng". Only applied to words the index does not know.

/// Candidate repairs of a lowercase folded word, most likely first. Does not include the word itself.
pub fn repairs(word: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |s: String| {
        if !s.is_empty() && s != word && !out.contains(&s) {
            out.push(s);
        }
    };
    if !word.chars().all(|c| c.is_ascii_lowercase()) || word.len() < 2 {
        return out;
    }
    let collapsed = collapse(word);
    // Tone keys typed at the end of a syllable: s f r x j.
    let strip_tone = |w: &str| -> Option<String> {
        let last = w.chars().last()?;
        (w.len() > 1 && matches!(last, 's' | 'f' | 'r' | 'x' | 'j')).then(|| w[..w.len() - 1].to_string())
    };
    if let Some(s) = strip_tone(&collapsed) {
        push(collapse(&s));
    }
    // A tone key typed in the middle of the syllable ("tiesng" → "tieng").
    for (i, c) in word.char_indices().skip(1) {
        if matches!(c, 's' | 'f' | 'r' | 'x' | 'j') && i + 1 < word.len() {
            let mut s = word.to_string();
            s.remove(i);
            push(collapse(&s));
        }
    }
    push(collapsed.clone());
    if let Some(s) = strip_tone(word) {
        push(s);
    }
    out
}

/// Vowel-shape keys: aa→a, ee→e, oo→o, dd→d, aw→a, ow→o, uw→u, and a lone w (ư) → u.
fn collapse(word: &str) -> String {
    let b = word.as_bytes();
    let mut out = String::with_capacity(word.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        match (c, next) {
            (b'a', Some(b'a')) | (b'e', Some(b'e')) | (b'o', Some(b'o')) | (b'd', Some(b'd')) => {
                out.push(c as char);
                i += 2;
            }
            (b'a' | b'o' | b'u', Some(b'w')) => {
                out.push(c as char);
                i += 2;
            }
            (b'w', _) => {
                out.push('u');
                i += 1;
            }
            _ => {
                out.push(c as char);
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    fn check(input: &str, expected_first: &str) {
        let r = super::repairs(input);
        assert_eq!(r.first().map(String::as_str), Some(expected_first), "{input}: {r:?}");
    }

    #[test]
    fn repairs_common_telex_leftovers() {
        check("giays", "giay");
        check("ddawng", "dang");
        check("kys", "ky");
        check("nguwowif", "nguoi");
        check("tieesng", "tieng");
        check("khaif", "khai");
    }

    #[test]
    fn leaves_accented_and_tiny_words() {
        assert!(super::repairs("đăng").is_empty());
        assert!(super::repairs("s").is_empty());
    }
}
