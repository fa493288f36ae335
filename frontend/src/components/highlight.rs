use leptos::prelude::*;

/// Split `text` at the highlighted character ranges: (piece, is_match). Out-of-range or
/// overlapping ranges are ignored, so a bad range can never break the text.
pub fn pieces(text: &str, ranges: &[[usize; 2]]) -> Vec<(String, bool)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut at = 0;
    for &[start, end] in ranges {
        if start < at || end <= start || end > chars.len() {
            continue;
        }
        if start > at {
            out.push((chars[at..start].iter().collect(), false));
        }
        out.push((chars[start..end].iter().collect(), true));
        at = end;
    }
    if at < chars.len() {
        out.push((chars[at..].iter().collect(), false));
    }
    out
}

/// Text with matched words in `<mark>`, built as text nodes (never parsed as HTML).
#[component]
pub fn Highlighted(text: String, ranges: Vec<[usize; 2]>) -> impl IntoView {
    pieces(&text, &ranges)
        .into_iter()
        .map(|(piece, matched)| if matched { view! { <mark>{piece}</mark> }.into_any() } else { piece.into_any() })
        .collect_view()
}
