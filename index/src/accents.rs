//! Diacritic restoration for questions typed without marks ("chung thuc ban sao" → "chứng thực
//! bản sao"), learnt from the indexed titles, alternative questions and summaries.
//!
//! Without marks one folded syllable stands for several words ("ban" is bản, bán, bạn or ban;
//! "can" is cần or căn), so an unaccented question loses both the accented-field bonus and the
//! right stop-word weight ("tôi" is filler, "bản" is not). Neighbouring syllables usually settle
//! it: "bản sao", "tôi có thể". The model is a bigram chain over the accented forms each folded
//! syllable takes in the content; forward-backward gives each position the probability of its
//! best form, and the query uses a restored form only when that probability is high.

use rustc_hash::FxHashMap as HashMap;
use std::fmt::Write as _;

use crate::analyzer::{fold, normalize_word, raw_words};

/// How citizens frame a question, which the content (names, summaries, answers) rarely says:
/// without them "cho toi hoi" reads as "cho tới hội" and "muon hoi" as "muốn hồi". Learnt with the
/// content, [`ASKING_WEIGHT`] times each, so a pair seen here outweighs none in the content but
/// not a pair the content uses often.
const ASKING: &[&str] = &[
    "cho tôi hỏi",
    "tôi muốn hỏi",
    "tôi cần hỏi",
    "tôi xin hỏi",
    "xin hỏi",
    "xin cho hỏi",
    "cho em hỏi",
    "em muốn hỏi",
    "cho mình hỏi",
    "mình muốn hỏi",
    "cho hỏi",
    "hỏi về",
    "muốn hỏi về",
    "tôi muốn biết",
    "cho tôi biết",
    "tôi muốn làm",
    "tôi muốn xin",
    "tôi cần làm",
    "tôi có thể",
    "làm thế nào",
    "như thế nào",
    "nộp ở đâu",
    "làm ở đâu",
    "hết bao nhiêu tiền",
    "mất bao lâu",
    "có được không",
    "được không ạ",
    "cần những gì",
    "cần giấy tờ gì",
    "làm thủ tục gì",
    "vui lòng hướng dẫn tôi",
    "xin cảm ơn",
];
const ASKING_WEIGHT: usize = 3;

/// How much a transition leans on the next form's own frequency rather than on the pair count.
const SMOOTHING: f32 = 1.0;
/// First line of the saved model.
const HEADER: &str = "# dvc-index accents v1";

/// Counts of accented words and of adjacent accented pairs.
#[derive(Debug, Clone, Default)]
pub struct Accents {
    /// Accented words and how often each occurs.
    words: Vec<(String, u32)>,
    ids: HashMap<String, u32>,
    /// Folded word → ids of its accented forms.
    forms: HashMap<String, Vec<u32>>,
    /// (first id << 32 | second id) → how often the two are adjacent inside a phrase.
    pairs: HashMap<u64, u32>,
}

impl Accents {
    /// Learn from `texts`. Pairs are counted inside phrases: words separated only by spaces.
    /// The ways of asking ([`ASKING`]) are learnt with them.
    pub fn learn<'a>(texts: impl IntoIterator<Item = &'a str>) -> Self {
        let mut m = Accents::default();
        // Normalising is the costly part; a text repeats few distinct spellings.
        let mut spellings: HashMap<String, u32> = HashMap::default();
        let asking = ASKING.iter().copied().cycle().take(ASKING.len() * ASKING_WEIGHT);
        for text in texts.into_iter().chain(asking) {
            let mut prev: Option<(u32, usize)> = None;
            for (word, from, to) in raw_words(text) {
                let id = match spellings.get(word) {
                    Some(id) => *id,
                    None => {
                        let id = m.intern(&normalize_word(word));
                        spellings.insert(word.to_string(), id);
                        id
                    }
                };
                m.words[id as usize].1 += 1;
                if let Some((p, end)) = prev
                    && text[end..from].chars().all(char::is_whitespace)
                {
                    *m.pairs.entry(pair(p, id)).or_default() += 1;
                }
                prev = Some((id, to));
            }
        }
        m.index_forms();
        m
    }

    fn intern(&mut self, accented: &str) -> u32 {
        if let Some(id) = self.ids.get(accented) {
            return *id;
        }
        let id = self.words.len() as u32;
        self.words.push((accented.to_string(), 0));
        self.ids.insert(accented.to_string(), id);
        id
    }

    fn index_forms(&mut self) {
        self.forms.clear();
        for (id, (w, _)) in self.words.iter().enumerate() {
            self.forms.entry(fold(w)).or_default().push(id as u32);
        }
        for ids in self.forms.values_mut() {
            ids.sort_by_key(|id| std::cmp::Reverse(self.words[*id as usize].1));
        }
    }

    /// The model as text, for [`Accents::parse`]: one line per word ("w", form, count), then one per
    /// pair ("p", first word's line, second word's line, count).
    pub fn to_text(&self) -> String {
        let mut out = format!("{HEADER}\n");
        for (w, c) in &self.words {
            let _ = writeln!(out, "w\t{w}\t{c}");
        }
        let mut pairs: Vec<(&u64, &u32)> = self.pairs.iter().collect();
        pairs.sort();
        for (k, c) in pairs {
            let _ = writeln!(out, "p\t{}\t{}\t{c}", k >> 32, k & 0xffff_ffff);
        }
        out
    }

    /// Read a model that [`Accents::to_text`] wrote; `None` when it is not one.
    pub fn parse(text: &str) -> Option<Self> {
        let mut lines = text.lines();
        if lines.next()? != HEADER {
            return None;
        }
        let mut m = Accents::default();
        for line in lines {
            let mut f = line.split('\t');
            match (f.next()?, f.next()?, f.next()?, f.next()) {
                ("w", w, c, None) => {
                    let id = m.intern(w);
                    m.words[id as usize].1 = c.parse().ok()?;
                }
                ("p", a, b, Some(c)) => {
                    let (a, b): (u32, u32) = (a.parse().ok()?, b.parse().ok()?);
                    if a as usize >= m.words.len() || b as usize >= m.words.len() {
                        return None;
                    }
                    m.pairs.insert(pair(a, b), c.parse().ok()?);
                }
                _ => return None,
            }
        }
        m.index_forms();
        Some(m)
    }

    /// For each folded word, its most probable accented form and that form's probability given
    /// the whole sequence. A word the content never uses keeps its folded form with probability 0.
    pub fn restore(&self, folded: &[String]) -> Vec<(String, f32)> {
        // Per position: candidate ids (None: unknown word) with their share of all words.
        let total = self.words.iter().map(|w| w.1 as f32).sum::<f32>().max(1.0);
        let candidates: Vec<Vec<(Option<u32>, f32)>> = folded
            .iter()
            .map(|f| match self.forms.get(f) {
                Some(ids) => ids.iter().map(|id| (Some(*id), self.words[*id as usize].1 as f32 / total)).collect(),
                None => vec![(None, 1.0)],
            })
            .collect();
        let n = candidates.len();
        if n == 0 {
            return vec![];
        }
        // trans[i][a][b]: P(form b at i + 1 | form a at i), a bigram smoothed towards b's frequency.
        let trans: Vec<Vec<Vec<f32>>> = candidates
            .windows(2)
            .map(|w| {
                w[0].iter()
                    .map(|(a, _)| {
                        w[1].iter()
                            .map(|(b, prior)| match (a, b) {
                                (Some(a), Some(b)) => {
                                    let c = self.pairs.get(&pair(*a, *b)).copied().unwrap_or(0) as f32;
                                    (c + SMOOTHING * prior) / (self.words[*a as usize].1 as f32 + SMOOTHING)
                                }
                                _ => *prior,
                            })
                            .collect()
                    })
                    .collect()
            })
            .collect();
        let mut forward: Vec<Vec<f32>> = Vec::with_capacity(n);
        forward.push(candidates[0].iter().map(|c| c.1).collect());
        for i in 1..n {
            let mut v: Vec<f32> = (0..candidates[i].len())
                .map(|b| forward[i - 1].iter().enumerate().map(|(a, p)| p * trans[i - 1][a][b]).sum())
                .collect();
            normalise(&mut v);
            forward.push(v);
        }
        let mut backward: Vec<Vec<f32>> = vec![vec![]; n];
        backward[n - 1] = vec![1.0; candidates[n - 1].len()];
        for i in (0..n - 1).rev() {
            let mut v: Vec<f32> = (0..candidates[i].len())
                .map(|a| backward[i + 1].iter().enumerate().map(|(b, p)| trans[i][a][b] * p).sum())
                .collect();
            normalise(&mut v);
            backward[i] = v;
        }
        (0..n)
            .map(|i| {
                let mut post: Vec<f32> = forward[i].iter().zip(&backward[i]).map(|(f, b)| f * b).collect();
                normalise(&mut post);
                let (best, p) = post.iter().enumerate().fold((0, 0.0), |m, (j, p)| if *p > m.1 { (j, *p) } else { m });
                match candidates[i][best].0 {
                    Some(id) => (self.words[id as usize].0.clone(), p),
                    None => (folded[i].clone(), 0.0),
                }
            })
            .collect()
    }
}

fn pair(a: u32, b: u32) -> u64 {
    (u64::from(a) << 32) | u64::from(b)
}

fn normalise(v: &mut [f32]) {
    let s: f32 = v.iter().sum();
    if s > 0.0 {
        v.iter_mut().for_each(|x| *x /= s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyzer::analyze;

    fn model() -> Accents {
        Accents::learn([
            "Chứng thực bản sao từ bản chính",
            "Cấp bản sao trích lục hộ tịch",
            "Tôi có thể nộp hồ sơ ở đâu?",
            "Tôi có cần mang căn cước không?",
            "Cấp lại thẻ căn cước",
            "Bán đấu giá tài sản",
            "Ban quản lý dự án",
            "Thủ tục đăng ký khai sinh",
            "Đăng ký thường trú",
        ])
    }

    fn check(text: &str, expected: &str) {
        let folded: Vec<String> = analyze(text).into_iter().map(|w| w.folded).collect();
        let got: Vec<String> = model().restore(&folded).into_iter().map(|(a, _)| a).collect();
        assert_eq!(got.join(" "), expected, "{text}");
    }

    #[test]
    fn neighbours_choose_the_form() {
        check("chung thuc ban sao", "chứng thực bản sao");
        check("toi co the nop ho so", "tôi có thể nộp hồ sơ");
        check("cap lai the can cuoc", "cấp lại thẻ căn cước");
        check("dang ky khai sinh", "đăng ký khai sinh");
        check("ban dau gia", "bán đấu giá");
        check("ban quan ly", "ban quản lý");
    }

    #[test]
    fn a_question_is_framed_the_way_citizens_ask() {
        // The content says "tới" and "hội" far more often than "tôi hỏi".
        let m = Accents::learn(["Hội viên hội nông dân", "Hiệu lực cho tới hội nghị", "Cho tới khi", "hội đồng"]);
        let folded: Vec<String> = ["cho", "toi", "hoi", "ve", "hoi", "vien"].map(String::from).to_vec();
        let got: Vec<String> = m.restore(&folded).into_iter().map(|(a, _)| a).collect();
        assert_eq!(got.join(" "), "cho tôi hỏi về hội viên");
    }

    #[test]
    fn unknown_words_stay_with_no_confidence() {
        let r = model().restore(&["xyzw".to_string(), "ban".to_string(), "sao".to_string()]);
        assert_eq!(r[0], ("xyzw".to_string(), 0.0));
        assert_eq!(r[1].0, "bản");
        assert!(r[1].1 > 0.8, "{r:?}");
        assert!(model().restore(&[]).is_empty());
    }

    #[test]
    fn pairs_stop_at_punctuation() {
        let asking = Accents::learn([]).pairs.len();
        assert_eq!(Accents::learn(["bản, sao"]).pairs.len(), asking);
        assert_eq!(Accents::learn(["bản sao"]).pairs.len(), asking + 1);
    }

    #[test]
    fn saves_and_reads_back() {
        let m = model();
        let back = Accents::parse(&m.to_text()).unwrap();
        assert_eq!(back.to_text(), m.to_text());
        let folded: Vec<String> = ["ban", "sao"].map(String::from).to_vec();
        assert_eq!(back.restore(&folded), m.restore(&folded));
        assert!(Accents::parse("not a model").is_none());
        assert!(Accents::parse(&format!("{HEADER}\np\t0\t9\t1")).is_none());
    }
}
