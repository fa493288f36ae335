//! Lossless: put the tone mark of a syllable in one place, so the old and new spellings
//! ("hoà, thuỷ, khoẻ" and "hòa, thủy, khỏe") are one token.
//!
//! The canonical placement is the one most official texts use: in an open "oa", "oe", "uy" the
//! tone sits on the first vowel (hòa, khỏe, thủy); with a final consonant on the last (hoàng,
//! toán); a shaped vowel (ă â ê ô ơ ư) always carries it (ươ → ơ).

use unicode_normalization::UnicodeNormalization;

const TONES: [char; 5] = ['\u{0300}', '\u{0301}', '\u{0303}', '\u{0309}', '\u{0323}'];
const SHAPES: [char; 3] = ['\u{0302}', '\u{0306}', '\u{031B}'];

/// A letter of the syllable without its tone: base letter plus any vowel-shape mark.
#[derive(Clone, Copy)]
struct Letter {
    base: char,
    shape: Option<char>,
}

impl Letter {
    fn is_vowel(self) -> bool {
        matches!(self.base, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
    }
}

/// Re-place the tone mark of a lowercase NFC syllable; words that are not one Vietnamese
/// syllable (no tone, several tones, marks on consonants) are left as they are.
pub fn apply(word: &mut String) {
    if word.is_ascii() {
        return;
    }
    if let Some(canonical) = canonical(word) {
        *word = canonical;
    }
}

fn canonical(word: &str) -> Option<String> {
    let mut letters: Vec<Letter> = Vec::with_capacity(word.len());
    let mut tone = None;
    for c in word.nfd() {
        if TONES.contains(&c) {
            if tone.replace(c).is_some() || letters.is_empty() {
                return None;
            }
        } else if SHAPES.contains(&c) {
            let last = letters.last_mut()?;
            if last.shape.replace(c).is_some() {
                return None;
            }
        } else if super::fold::is_combining_mark(c) {
            return None;
        } else {
            letters.push(Letter { base: c, shape: None });
        }
    }
    let tone = tone?;
    let at = tone_position(&letters)?;
    let mut out = String::with_capacity(word.len() + 2);
    for (i, l) in letters.iter().enumerate() {
        out.push(l.base);
        if let Some(s) = l.shape {
            out.push(s);
        }
        if i == at {
            out.push(tone);
        }
    }
    Some(out.nfc().collect())
}

fn tone_position(letters: &[Letter]) -> Option<usize> {
    // The vowel nucleus: the first run of vowels, where the "u" of "qu" and the "i" of "gi"
    // (followed by another vowel) belong to the consonant.
    let mut start = letters.iter().position(|l| l.is_vowel())?;
    let prev = |i: usize| {
        if i == 0 { None } else { Some(letters[i - 1].base) }
    };
    let next_is_vowel = |i: usize| letters.get(i + 1).is_some_and(|l| l.is_vowel());
    if (letters[start].base == 'u' && prev(start) == Some('q') && next_is_vowel(start))
        || (letters[start].base == 'i'
            && letters[start].shape.is_none()
            && prev(start) == Some('g')
            && start == 1
            && next_is_vowel(start))
    {
        start += 1;
    }
    let end = letters[start..].iter().position(|l| !l.is_vowel()).map_or(letters.len(), |n| start + n);
    let nucleus = &letters[start..end];
    let closed = end < letters.len();
    if let Some(last_shaped) = nucleus.iter().rposition(|l| l.shape.is_some()) {
        return Some(start + last_shaped);
    }
    Some(
        start
            + match (nucleus.len(), closed) {
                (1, _) => 0,
                (_, true) => nucleus.len() - 1,
                (3, false) => 1,
                _ => 0,
            },
    )
}

#[cfg(test)]
mod tests {
    fn check(input: &str, expected: &str) {
        let mut s = input.to_string();
        super::apply(&mut s);
        assert_eq!(s, expected, "{input}");
    }

    #[test]
    fn old_and_new_placements_meet() {
        check("hoà", "hòa");
        check("hòa", "hòa");
        check("thuỷ", "thủy");
        check("khoẻ", "khỏe");
        check("hoàng", "hoàng");
        check("toán", "toán");
        check("quý", "quý");
        check("quả", "quả");
        check("giấy", "giấy");
        check("già", "già");
        check("người", "người");
        check("khuỷu", "khuỷu");
        check("ngoài", "ngoài");
        check("mùa", "mùa");
        check("thuyết", "thuyết");
    }

    #[test]
    fn leaves_non_syllables_alone() {
        check("cccd", "cccd");
        check("đăng", "đăng");
        check("2024", "2024");
    }
}
