//! What a citizen's message asks for, from fixed phrase lists matched on folded words (so
//! "lệ phí", "le phi" and "LỆ PHÍ" are one). Pure code, no I/O.

use dvc_api::ActionKind;
use dvc_index::analyzer::analyze;

/// The kinds of message the dialogue tells apart.
#[derive(Debug, Clone, PartialEq)]
pub enum Intent {
    Empty,
    Nonsense,
    Greeting,
    Thanks,
    Goodbye,
    WhoAreYou,
    Insult,
    /// Wants a person: hotline, staff.
    Human,
    /// Asks about one aspect of a procedure ("lệ phí bao nhiêu?"), possibly with a topic of its own.
    Aspect {
        aspect: ActionKind,
        has_topic: bool,
    },
    /// A question to search for.
    Question,
}

type Phrases = &'static [&'static str];

const GREETING: Phrases = &["xin chao", "chao", "chao ban", "hello", "hi", "alo", "chao em", "chao anh", "chao chi"];
const THANKS: Phrases = &["cam on", "cam on ban", "cam on nhieu", "thank", "thanks", "thank you", "tks", "camon"];
const GOODBYE: Phrases = &["tam biet", "bye", "goodbye", "hen gap lai"];
const WHO: Phrases =
    &["ban la ai", "em la ai", "may la ai", "ai day", "ban la nguoi hay may", "ban la robot", "la bot"];
const INSULT: Phrases = &[
    "ngu",
    "do ngu",
    "ngu the",
    "vo dung",
    "do vo dung",
    "dm",
    "dcm",
    "vcl",
    "vl",
    "cut",
    "oc cho",
    "do dien",
    "khon nan",
    "stupid",
    "useless",
];
const HUMAN: Phrases = &[
    "gap nguoi that",
    "nguoi that",
    "goi tong dai",
    "tong dai",
    "tong dai vien",
    "gap nhan vien",
    "noi chuyen voi nhan vien",
    "nhan vien",
    "can bo ho tro",
    "gap can bo",
    "hotline",
    "goi dien",
    "duong day nong",
];

/// Aspects, with the phrases that ask for them (folded).
const ASPECTS: &[(ActionKind, Phrases)] = &[
    (
        ActionKind::Fee,
        &["le phi", "phi", "bao nhieu tien", "mat tien", "ton tien", "tien", "gia", "mien phi", "chi phi"],
    ),
    (
        ActionKind::Time,
        &["bao lau", "may ngay", "thoi gian", "thoi han", "khi nao co", "bao gio co", "mat bao lau", "lau khong"],
    ),
    (
        ActionKind::Documents,
        &["giay to", "ho so", "mang theo", "can gi", "chuan bi", "thanh phan", "can nhung gi", "giay to gi", "mang gi"],
    ),
    (ActionKind::Agency, &["o dau", "noi nop", "co quan", "nop o dau", "dia chi", "lam o dau", "den dau", "cho nao"]),
    (
        ActionKind::FileOnline,
        &[
            "online",
            "truc tuyen",
            "qua mang",
            "tren mang",
            "dich vu cong",
            "nop qua",
            "qua internet",
            "tren dien thoai",
        ],
    ),
    (
        ActionKind::Steps,
        &["cac buoc", "trinh tu", "quy trinh", "lam the nao", "cach lam", "lam sao", "thu tuc the nao"],
    ),
    (
        ActionKind::LegalBasis,
        &["can cu", "phap ly", "luat nao", "nghi dinh", "van ban", "quy dinh nao", "co so phap ly"],
    ),
    (ActionKind::Eligibility, &["ai duoc", "doi tuong", "ai co the", "dieu kien", "ai phai", "duoc lam khong"]),
];

/// Words that carry no topic of their own in a follow-up ("thì", "bao nhiêu", "vậy"…).
const FILLER: Phrases = &[
    "thi", "bao", "nhieu", "vay", "a", "oi", "la", "gi", "the", "nao", "co", "khong", "ko", "k", "duoc", "can", "phai",
    "nop", "lam", "cho", "toi", "minh", "em", "anh", "chi", "ban", "nhu", "sao", "cai", "nay", "do", "cua", "thu",
    "tuc", "o", "dau", "nua", "roi", "hoi", "xin", "muon", "biet", "va", "voi", "bang", "qua", "ah", "nhe", "a", "day",
    "ne",
];

fn words(text: &str) -> Vec<String> {
    analyze(text).into_iter().map(|w| w.folded).collect()
}

/// Whether `phrase` (folded words separated by spaces) occurs in `ws` as a run of whole words.
fn contains(ws: &[String], phrase: &str) -> bool {
    let p: Vec<&str> = phrase.split(' ').collect();
    ws.windows(p.len()).any(|w| w.iter().zip(&p).all(|(a, b)| a == b))
}

fn any(ws: &[String], phrases: &[&str]) -> bool {
    phrases.iter().any(|p| contains(ws, p))
}

/// The message is nothing but these phrases (and filler).
fn only(ws: &[String], phrases: &[&str]) -> bool {
    let covered = covered(ws, phrases.iter().copied());
    ws.iter().zip(covered).all(|(w, c)| c || FILLER.contains(&w.as_str()))
}

/// For each word, whether it is part of one of the phrases.
fn covered<'a>(ws: &[String], phrases: impl Iterator<Item = &'a str>) -> Vec<bool> {
    let mut covered = vec![false; ws.len()];
    for p in phrases {
        let n = p.split(' ').count();
        for start in 0..ws.len().saturating_sub(n - 1) {
            if contains(&ws[start..start + n], p) {
                covered[start..start + n].iter_mut().for_each(|c| *c = true);
            }
        }
    }
    covered
}

/// The message without its aspect phrases ("lệ phí đăng ký kết hôn" → "đăng ký kết hôn"): what
/// to search for when a follow-up names its own topic.
pub fn strip_aspects(text: &str) -> String {
    let words = analyze(text);
    let folded: Vec<String> = words.iter().map(|w| w.folded.clone()).collect();
    let aspect_words = covered(&folded, ASPECTS.iter().flat_map(|(_, p)| p.iter().copied()));
    words.iter().zip(aspect_words).filter(|(_, a)| !a).map(|(w, _)| &text[w.from..w.to]).collect::<Vec<_>>().join(" ")
}

/// Classify a message.
pub fn classify(text: &str) -> Intent {
    let ws = words(text);
    if ws.is_empty() {
        return if text.trim().is_empty() { Intent::Empty } else { Intent::Nonsense };
    }
    if ws.len() <= 6 && any(&ws, INSULT) && only(&ws, INSULT) {
        return Intent::Insult;
    }
    if any(&ws, HUMAN) && ws.len() <= 12 {
        return Intent::Human;
    }
    if ws.len() <= 6 {
        for (phrases, intent) in [(THANKS, Intent::Thanks), (GOODBYE, Intent::Goodbye), (WHO, Intent::WhoAreYou)] {
            if any(&ws, phrases) {
                return intent;
            }
        }
        if only(&ws, GREETING) && any(&ws, GREETING) {
            return Intent::Greeting;
        }
    }
    for (aspect, phrases) in ASPECTS {
        if any(&ws, phrases) {
            let mut all: Vec<&str> = ASPECTS.iter().flat_map(|(_, p)| p.iter().copied()).collect();
            all.extend(GREETING);
            return Intent::Aspect { aspect: *aspect, has_topic: !only(&ws, &all) };
        }
    }
    if ws.iter().all(|w| w.chars().count() <= 1 || !w.chars().any(|c| "aeiouy".contains(c))) {
        return Intent::Nonsense;
    }
    Intent::Question
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: Intent) {
        assert_eq!(classify(text), expected, "{text:?}");
    }

    fn aspect(aspect: ActionKind, has_topic: bool) -> Intent {
        Intent::Aspect { aspect, has_topic }
    }

    #[test]
    fn aspect_phrases_are_stripped_from_the_topic() {
        assert_eq!(strip_aspects("Lệ phí đăng ký kết hôn bao nhiêu?"), "đăng ký kết hôn bao nhiêu");
        assert_eq!(strip_aspects("nop o dau"), "");
    }

    #[test]
    fn classifies_every_kind_of_message() {
        check("", Intent::Empty);
        check("   ", Intent::Empty);
        check("?!...", Intent::Nonsense);
        check("xcvbnm", Intent::Nonsense);
        check("Xin chào", Intent::Greeting);
        check("chao ban", Intent::Greeting);
        check("Cảm ơn bạn nhiều!", Intent::Thanks);
        check("tạm biệt", Intent::Goodbye);
        check("Bạn là ai?", Intent::WhoAreYou);
        check("đồ ngu", Intent::Insult);
        check("Cho tôi gặp người thật", Intent::Human);
        check("gọi tổng đài", Intent::Human);
        check("cho tôi nói chuyện với nhân viên", Intent::Human);
        check("lệ phí bao nhiêu?", aspect(ActionKind::Fee, false));
        check("le phi bao nhieu", aspect(ActionKind::Fee, false));
        check("có mất tiền không", aspect(ActionKind::Fee, false));
        check("bao lâu thì có", aspect(ActionKind::Time, false));
        check("cần giấy tờ gì", aspect(ActionKind::Documents, false));
        check("mang theo gì", aspect(ActionKind::Documents, false));
        check("nộp ở đâu", aspect(ActionKind::Agency, false));
        check("làm online được không", aspect(ActionKind::FileOnline, false));
        check("nop truc tuyen duoc khong", aspect(ActionKind::FileOnline, false));
        check("căn cứ pháp lý", aspect(ActionKind::LegalBasis, false));
        check("lệ phí làm hộ chiếu bao nhiêu", aspect(ActionKind::Fee, true));
        check("lam lai can cuoc", Intent::Question);
        check("Thủ tục đăng ký khai sinh", Intent::Question);
    }
}
