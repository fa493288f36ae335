//! Plain-text snippets cut around the densest run of matched words, with the matched words as
//! character ranges (the widget renders them safely, never as HTML).

use crate::analyzer::folded_words;

const WINDOW_WORDS: usize = 26;

/// Cut a snippet of `text` around words whose folded form satisfies `matches`.
pub fn snippet(text: &str, matches: impl Fn(&str) -> bool) -> (String, Vec<[usize; 2]>) {
    let words: Vec<(String, usize, usize)> = folded_words(text).collect();
    if words.is_empty() {
        return (String::new(), vec![]);
    }
    let hit: Vec<bool> = words.iter().map(|w| matches(&w.0)).collect();
    let window = WINDOW_WORDS.min(words.len());
    let mut best = (0usize, 0usize);
    let mut count: usize = hit[..window].iter().filter(|h| **h).count();
    best.1 = count;
    for start in 1..=words.len() - window {
        count = count + hit[start + window - 1] as usize - hit[start - 1] as usize;
        if count > best.1 {
            best = (start, count);
        }
    }
    let first = best.0;
    let last = first + window - 1;
    let from = if first == 0 { 0 } else { words[first].1 };
    let to = if last + 1 == words.len() { text.len() } else { words[last].2 };
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    let base_chars = out.chars().count();
    let body = &text[from..to];
    out.extend(body.chars().map(|c| if c.is_whitespace() { ' ' } else { c }));
    if to < text.len() {
        out.push('…');
    }
    let ranges = (first..=last)
        .filter(|&i| hit[i])
        .map(|i| {
            let s = base_chars + text[from..words[i].1].chars().count();
            let e = s + text[words[i].1..words[i].2].chars().count();
            [s, e]
        })
        .collect();
    (out, ranges)
}

#[cfg(test)]
mod tests {
    fn check(text: &str, terms: &[&str], expected: &str) {
        let (s, ranges) = super::snippet(text, |w| terms.contains(&w));
        let chars: Vec<char> = s.chars().collect();
        let mut marked = String::new();
        let mut i = 0;
        for [a, b] in ranges {
            marked.extend(&chars[i..a]);
            marked.push('[');
            marked.extend(&chars[a..b]);
            marked.push(']');
            i = b;
        }
        marked.extend(&chars[i..]);
        assert_eq!(marked, expected);
    }

    #[test]
    fn highlights_matched_words_on_char_boundaries() {
        check("Đăng ký khai sinh cho trẻ em", &["khai", "sinh"], "Đăng ký [khai] [sinh] cho trẻ em");
        check("", &["x"], "");
    }

    #[test]
    fn cuts_long_text_around_matches() {
        let text = format!("{} căn cước công dân {}", "mở đầu ".repeat(40), "kết thúc ".repeat(40));
        let (s, r) = super::snippet(&text, |w| w == "can" || w == "cuoc");
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert_eq!(r.len(), 2);
    }
}
