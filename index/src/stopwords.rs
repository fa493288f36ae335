//! Words that carry little meaning in a citizen's question ("tôi muốn hỏi… thế nào ạ?").
//! They are not dropped (the query stays OR of every term, and "không" can matter): their
//! weight is lowered so that content words decide the ranking.
//!
//! With diacritics the match is exact ("có" is filler, "cơ" is not). Without them a folded word
//! may be filler or content ("can" is cần or căn), so it is lowered less.

use rustc_hash::FxHashSet as HashSet;
use std::sync::LazyLock;

const FILLER: &[&str] = &[
    "tôi", "mình", "em", "anh", "chị", "bạn", "ạ", "ơi", "vậy", "nhé", "nha", "xin", "hỏi", "cho", "muốn", "cần",
    "phải", "thì", "là", "gì", "nào", "thế", "sao", "khi", "như", "có", "được", "những", "các", "một", "này", "đó",
    "và", "với", "của", "tại", "ở", "để", "bị", "mà", "nếu", "hay", "hoặc", "vào", "ra", "đến", "từ", "trong", "trên",
    "sẽ", "đã", "đang", "rồi", "chưa", "nhiều", "bao", "lâu", "đâu", "ai", "giùm", "giúp", "vui", "lòng", "thủ", "tục",
    "làm", "người", "việc", "cũng", "về", "theo", "thông", "tin", "hiện", "nay", "nhất", "nhiêu", "thể", "chỗ", "nơi",
];

static FOLDED_FILLER: LazyLock<HashSet<String>> =
    LazyLock::new(|| FILLER.iter().map(|f| crate::analyzer::fold(f)).collect());

/// The words of `text` that carry its meaning, folded, in order ("Cho tôi hỏi lệ phí hộ chiếu ạ" →
/// "le phi ho chieu"): a key under which rewordings of one question meet, with or without
/// diacritics. A text of filler only keeps all its words.
pub fn meaning_key(text: &str) -> String {
    let words: Vec<String> = crate::analyzer::folded_words(text).map(|w| w.0).collect();
    let content: Vec<&str> =
        words.iter().map(String::as_str).filter(|w| *w == "khong" || !FOLDED_FILLER.contains(*w)).collect();
    if content.is_empty() { words.join(" ") } else { content.join(" ") }
}

/// Family words: who the citizen acts for ("khai tử cho ông bà", "làm căn cước cho con"), rarely
/// what the procedure is. They weigh half; in a compound ("con nuôi", "Bà mẹ Việt Nam anh hùng")
/// the bigram still matches whole.
const KIN: &[&str] = &["ông", "bà", "bố", "mẹ", "cha", "con", "vợ", "chồng", "cháu", "cụ", "bé"];
const KIN_WEIGHT: f32 = 0.5;

/// Weight of a query word given its accented and folded forms.
pub fn weight(accented: &str, folded: &str) -> f32 {
    if folded == "khong" {
        return 0.5;
    }
    if accented != folded {
        return weight_of(accented);
    }
    if FOLDED_FILLER.contains(folded) {
        0.45
    } else if KIN.contains(&accented) {
        KIN_WEIGHT
    } else {
        1.0
    }
}

/// Weight of a word typed without marks in a question whose other words carry them: it is that
/// word ("thu hồi", "chi phí", "tai nạn"), not the filler its folded form could also be ("thủ
/// tục", "chị", "tại"), unless it is filler as typed ("sao" in "bản sao" or "làm sao").
pub fn weight_as_typed(word: &str) -> f32 {
    if word == "khong" || FILLER.contains(&word) { weight(word, word) } else { weight_of(word) }
}

/// Weight of a word whose accented form is known for certain (typed or restored).
pub fn weight_of(accented: &str) -> f32 {
    if accented == "không" {
        0.5
    } else if FILLER.contains(&accented) {
        0.2
    } else if KIN.contains(&accented) {
        KIN_WEIGHT
    } else {
        1.0
    }
}

#[cfg(test)]
mod tests {
    fn check(accented: &str, folded: &str, expected: f32) {
        assert_eq!(super::weight(accented, folded), expected, "{accented}");
    }

    #[test]
    fn rewordings_share_a_meaning_key() {
        let key = super::meaning_key("Cho tôi hỏi lệ phí hộ chiếu là bao nhiêu ạ?");
        assert_eq!(key, "le phi ho chieu");
        assert_eq!(super::meaning_key("le phi ho chieu bao nhieu"), key);
        assert_eq!(super::meaning_key("LỆ PHÍ HỘ CHIẾU"), key);
        assert_eq!(super::meaning_key("không được"), "khong");
        assert_eq!(super::meaning_key("tôi muốn hỏi"), "toi muon hoi");
        assert_eq!(super::meaning_key(""), "");
    }

    #[test]
    fn filler_weighs_less_than_content() {
        check("tôi", "toi", 0.2);
        check("cơ", "co", 1.0);
        check("toi", "toi", 0.45);
        check("không", "khong", 0.5);
        check("khai", "khai", 1.0);
        check("căn", "can", 1.0);
        check("can", "can", 0.45);
        // Family words say who the citizen acts for: half weight, accented or restored.
        check("ông", "ong", 0.5);
        check("con", "con", 0.5);
        assert_eq!(super::weight_of("chồng"), 0.5);
        check("cơ", "co", 1.0);
    }

    #[test]
    fn a_word_typed_without_marks_among_marked_ones_is_that_word() {
        // "thu hồi", "chi phí", "tai nạn": not the filler "thủ", "chị", "tại".
        for word in ["thu", "chi", "tai", "cung"] {
            assert_eq!(super::weight_as_typed(word), 1.0, "{word}");
        }
        // Filler as typed stays as ambiguous as before ("bản sao" or "làm sao"); so do family words.
        assert_eq!(super::weight_as_typed("sao"), 0.45);
        assert_eq!(super::weight_as_typed("khong"), 0.5);
        assert_eq!(super::weight_as_typed("con"), 0.5);
    }
}
