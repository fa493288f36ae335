//! How much of the query a document covers, and from that a normalised confidence per hit,
//! comparable across queries, that the assistant uses to choose between answering and offering
//! the hotline.
//!
//! Coverage weighs the query's words by stop-word weight and IDF: in the title (or an alternative
//! question), anywhere in the document, and as adjacent word pairs in the title. A synonym phrase
//! covers the words it stands for. A long question that holds a document's whole name is as sure
//! as one the name covers ([`QueryTerms::name_share`]).

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::hash::{Hash, Hasher};

use crate::analyzer::{Analyzed, bigram};
use crate::query::{Plan, QWord};
use crate::stopwords;

/// Above this, a hit is considered an answer.
pub const ANSWER_THRESHOLD: f32 = 0.55;

/// What a query word typed with marks the titles do not carry counts for title coverage: the
/// folded form matches, so it may be a slip of the keyboard, but it is mostly another word.
const MISMARKED: f32 = 0.25;

/// Pairs of words that both weigh at least this much count for pair coverage: content words and
/// ambiguous unaccented ones ("can" = cần or căn), not certain filler ("tôi muốn").
const PAIR_MIN_WEIGHT: f32 = 0.4;

/// Share of the query's weight covered in `[0, 1]`.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Coverage {
    pub title: f32,
    pub any: f32,
    pub pairs: f32,
}

/// The terms of a document's titles (its name and alternative questions) that coverage reads.
#[derive(Debug, Clone, Default)]
pub struct TitleTerms {
    /// Folded words.
    pub folded: HashSet<String>,
    /// The same words with their marks.
    pub marked: HashSet<String>,
    /// Folded bigrams of adjacent words.
    pub bigrams: HashSet<String>,
}

impl TitleTerms {
    /// Add one title's analysed words.
    pub fn add(&mut self, words: &[Analyzed]) {
        self.bigrams.extend(words.windows(2).map(|p| bigram(&p[0].folded, &p[1].folded)));
        self.marked.extend(words.iter().map(|a| a.accented.clone()));
        self.folded.extend(words.iter().map(|a| a.folded.clone()));
    }

    /// Whether the titles hold a form of a query pair ([`Plan::pairs`]): a bigram, or the one
    /// word a synonym phrase writes the pair's words as ("bảo hiểm xã hội" → "BHXH").
    fn has_pair(&self, form: &str) -> bool {
        self.bigrams.contains(form) || self.folded.contains(form)
    }

    /// How much a query word counts as in the titles: whole when they have it, a little
    /// ([`MISMARKED`]) when they have its folded form but never with the marks the citizen typed
    /// ("yêu cầu" against "yếu tố", "sân tập lái" against "chấp thuận lại"), else nothing.
    fn credit(&self, w: &QWord) -> f32 {
        if !self.folded.contains(&w.folded) {
            return 0.0;
        }
        match w.accented.as_deref() {
            Some(a) if !w.restored && !self.marked.contains(a) => MISMARKED,
            _ => 1.0,
        }
    }
}

/// Coverage of the query by the titles alone (cheap: used to rerank candidates).
pub fn title_coverage(plan: &Plan, titles: &TitleTerms) -> Coverage {
    coverage(plan, titles, |_| false)
}

pub fn coverage(plan: &Plan, titles: &TitleTerms, in_body: impl Fn(&str) -> bool) -> Coverage {
    let in_title = |t: &str| titles.folded.contains(t);
    let mut total = 0.0;
    let mut title_cov = 0.0;
    let mut any_cov = 0.0;
    for (i, w) in plan.words.iter().enumerate() {
        let weight = w.weight * w.idf;
        total += weight;
        let phrases = || plan.expansions.iter().filter(move |e| e.start <= i && i < e.start + e.len);
        let by_phrase = phrases().any(|e| e.phrase.iter().all(|p| in_title(&p.1)));
        let credit = if by_phrase { 1.0 } else { titles.credit(w) };
        let in_t = credit > 0.0;
        let in_any = in_t || in_body(&w.folded) || phrases().any(|e| e.phrase.iter().all(|p| in_body(&p.1)));
        title_cov += weight * credit;
        if in_any {
            any_cov += weight;
        }
    }
    if total <= 0.0 {
        return Coverage::default();
    }
    let title = title_cov / total;
    let pairs = || plan.pairs().iter().filter(|(_, w)| *w >= PAIR_MIN_WEIGHT);
    let all: f32 = pairs().map(|(_, w)| w).sum();
    let pair_cov = if all <= 0.0 {
        title
    } else {
        pairs().filter(|(forms, _)| forms.iter().any(|f| titles.has_pair(f))).map(|(_, w)| w).sum::<f32>() / all
    };
    Coverage { title, any: any_cov / total, pairs: pair_cov }
}

impl Coverage {
    /// The titles hold every word and every pair of the query.
    pub fn is_complete(&self) -> bool {
        self.title >= COMPLETE_AT && self.pairs >= COMPLETE_AT
    }
}

/// Coverage is a sum of floats: "every word" is this close to 1.
const COMPLETE_AT: f32 = 0.999;

/// The confidence of a hit from its coverage.
pub fn confidence(c: Coverage, name_share: f32) -> f32 {
    (0.5 * c.title + 0.2 * c.any + 0.3 * c.pairs).max(name_share.powi(NAMED_POWER)).clamp(0.0, 1.0)
}

/// What a procedure card is worth to a question it cannot answer though it shares its words: one
/// that asks what something is ("Thừa phát lại là gì?"), what the law holds rather than how to get
/// something done ("… thì bị xử lý như thế nào?", "Trách nhiệm của … là gì?", "Tại sao …?"), or
/// names another member of the card's family ([`crate::family`]). A card tells how to get
/// something done: papers, fees, time, agency. See [`QueryTerms::asks_definition`] and
/// [`QueryTerms::asks_beyond_card`]. Any document is worth as much to a question why that it does
/// not ask itself ([`QueryTerms::asks_reason`]).
pub const NOT_ABOUT_DOING: f32 = 0.5;

/// The endings that ask what the words before them mean, folded.
const DEFINITION_CUES: &[&[&str]] = &[
    &["la", "gi"],
    &["la", "the", "nao"],
    &["la", "nhu", "the", "nao"],
    &["duoc", "hieu", "nhu", "the", "nao"],
    &["duoc", "hieu", "the", "nao"],
];

/// Words that ask about a side of a procedure ("Điều kiện … là gì?", "Lệ phí … là bao nhiêu",
/// "Căn cứ pháp lý của thủ tục là gì?"), which a card answers: one word or an adjacent pair,
/// folded.
const ASPECTS: &[&str] = &[
    "dieu kien",
    "ho so",
    "giay to",
    "thu tuc",
    "le phi",
    "phi",
    "thoi han",
    "thoi gian",
    "ket qua",
    "tham quyen",
    "trinh tu",
    "quy trinh",
    "mau",
    "to khai",
    "can cu",
    "doi tuong",
    "co quan",
    "noi",
    "cach",
    "muc",
    "yeu cau",
    "gom",
];

/// Which of the question's words (folded) belong to an [`ASPECTS`] phrase it holds.
fn aspect_words(words: &[&str]) -> Vec<bool> {
    let mut out = vec![false; words.len()];
    for phrase in ASPECTS {
        let len = phrase.split(' ').count();
        for at in phrase_starts(words, phrase) {
            out[at..at + len].iter_mut().for_each(|o| *o = true);
        }
    }
    out
}

/// Words that ask what the law holds rather than how to get something done, folded, each with the
/// words or pairs of a name that make a card about it after all: a penalty (unless the card is
/// about penalties), someone's responsibility or duty (unless the name says it).
const BEYOND_CARD: &[(&str, &[&str])] = &[
    ("bi phat", PENALTY),
    ("xu phat", PENALTY),
    ("muc phat", PENALTY),
    ("tien phat", PENALTY),
    ("bi xu", PENALTY),
    ("trach nhiem cua", &["trach nhiem"]),
    ("nghia vu cua", &["nghia vu"]),
    ("quyen va nghia vu", &["nghia vu"]),
];
/// What makes a card about penalties ([`BEYOND_CARD`]).
const PENALTY: &[&str] = &["phat", "xu ly"];

/// Words that ask why, or how two things differ, folded: only a text that asks it too answers
/// it, a procedure card never and an FAQ on the same subject rarely ("Tại sao phải đối thoại?"
/// against "… tôi có được gặp gỡ, đối thoại …?").
const REASONS: &[&str] = &["tai sao", "vi sao", "ly do gi", "khac nhau", "giong nhau"];

/// Where in `words` `phrase` (words separated by spaces) starts, side by side.
fn phrase_starts<'a>(words: &'a [impl AsRef<str>], phrase: &'a str) -> impl Iterator<Item = usize> + 'a {
    let phrase: Vec<&str> = phrase.split(' ').collect();
    words
        .windows(phrase.len())
        .enumerate()
        .filter(move |(_, w)| w.iter().zip(&phrase).all(|(a, b)| a.as_ref() == *b))
        .map(|(at, _)| at)
}

/// Whether `words` hold `phrase` (words separated by spaces) side by side.
fn holds(words: &[impl AsRef<str>], phrase: &str) -> bool {
    phrase_starts(words, phrase).next().is_some()
}

/// The words before a definition cue ([`DEFINITION_CUES`]) when the question asks what they are
/// and after no side of a procedure ([`ASPECTS`]); `words` are the question's folded words.
fn definition_subject<'p>(words: &[&'p str]) -> Option<Vec<&'p str>> {
    let cue = DEFINITION_CUES.iter().find(|c| words.ends_with(c))?;
    let subject = &words[..words.len() - cue.len()];
    (!subject.is_empty() && !ASPECTS.iter().any(|a| holds(subject, a))).then(|| subject.to_vec())
}

/// How steeply a partly named title loses confidence ([`QueryTerms::name_share`]): a name held
/// whole is sure, nine tenths of it is 0.73, four fifths is just under the threshold. Most
/// questions that hold most of a name but not all of it ask for a sibling of that procedure.
const NAMED_POWER: i32 = 4;

/// The query's words and adjacent pairs in every reading ([`Plan::readings`]), with their marks
/// where known, and what kind of question it is: what the per-hit measures read of the query,
/// gathered once per search.
pub struct QueryTerms<'p> {
    plan: &'p Plan,
    /// Each folded word with the marks it was typed with, or a synonym phrase's own; `None` when
    /// the citizen typed none (a restored guess counts as none: "lai" may be "lại").
    words: HashMap<&'p str, Vec<Option<&'p str>>>,
    pairs: MarkedPairs<'p>,
    /// See [`definition_subject`].
    defines: Option<Vec<&'p str>>,
    /// The [`BEYOND_CARD`] cues the question holds.
    beyond_card: Vec<&'static [&'static str]>,
    /// The [`REASONS`] cues the question holds.
    reasons: Vec<&'static str>,
    /// See [`aspect_words`].
    aspects: Vec<bool>,
}

impl<'p> QueryTerms<'p> {
    pub fn new(plan: &'p Plan) -> Self {
        let mut words: HashMap<&str, Vec<Option<&str>>> = HashMap::default();
        for w in &plan.words {
            words.entry(&w.folded).or_default().push(w.accented.as_deref().filter(|_| !w.restored));
        }
        for p in plan.expansions.iter().flat_map(|e| &e.phrase) {
            words.entry(&p.1).or_default().push(Some(&p.0));
        }
        let folded: Vec<&str> = plan.words.iter().map(|w| w.folded.as_str()).collect();
        QueryTerms {
            plan,
            words,
            pairs: marked_pairs(plan),
            defines: definition_subject(&folded),
            beyond_card: BEYOND_CARD.iter().filter(|c| holds(&folded, c.0)).map(|c| c.1).collect(),
            reasons: REASONS.iter().copied().filter(|c| holds(&folded, c)).collect(),
            aspects: aspect_words(&folded),
        }
    }

    /// How much of a title (after "Thủ tục") the query holds, in `[0, 1]`: the mean of the share
    /// of its words and of its adjacent pairs, weighed by stop-word weight; a word typed with
    /// marks holds only the same marks ("hồ sơ" is not "cơ sở"). Coverage asks the reverse, how
    /// much of the query the title holds, and a long question that tells its story around the name
    /// ("Tôi sinh năm 1946 … đăng ký khai sinh lại …") covers little of itself while it names
    /// "Thủ tục đăng ký lại khai sinh" whole. `title` is folded, `marked` the same words with their
    /// marks.
    pub fn name_share(&self, title: &[String], marked: &[String]) -> f32 {
        let skip = title.len() - without_preamble(title).len();
        let (title, marked) = (&title[skip..], &marked[skip..]);
        let weight: Vec<f32> = marked.iter().map(|m| stopwords::weight_of(m)).collect();
        let holds = |i: usize| self.holds(title, marked, i);
        let holds_pair = |i: usize| self.holds_pair(title, marked, i - 1);
        let Some(words) = weighted_share((0..title.len()).map(|i| (holds(i), weight[i]))) else {
            return 0.0;
        };
        let pairs = weighted_share((1..title.len()).map(|i| (holds_pair(i), weight[i - 1].min(weight[i]))));
        (words + pairs.unwrap_or(words)) / 2.0
    }

    /// Which of the question's words belong to a phrase that asks about a side of a procedure
    /// ([`ASPECTS`]: "hồ sơ gồm …", "lệ phí").
    pub fn aspect_words(&self) -> &[bool] {
        &self.aspects
    }

    /// The plan the question was read into.
    pub fn plan(&self) -> &'p Plan {
        self.plan
    }

    /// Whether the question holds word `i` of a title (`folded`, `marked` the same words with their
    /// marks) in any reading, with the title's marks where the citizen typed marks.
    pub fn holds(&self, folded: &[String], marked: &[String], i: usize) -> bool {
        self.words.get(folded[i].as_str()).is_some_and(|ms| ms.iter().any(|m| m.is_none_or(|a| a == marked[i])))
    }

    /// Whether the question holds words `i` and `i + 1` of a title side by side, as [`Self::holds`].
    pub fn holds_pair(&self, folded: &[String], marked: &[String], i: usize) -> bool {
        let fits = |mark: Option<&str>, i: usize| mark.is_none_or(|a| a == marked[i]);
        self.pairs
            .get(&(folded[i].as_str(), folded[i + 1].as_str()))
            .is_some_and(|ms| ms.iter().any(|m| fits(m[0], i) && fits(m[1], i + 1)))
    }

    /// Whether the question asks what something is, and for a procedure named `title` (folded
    /// words) cannot be about doing it: it ends "… là gì?" / "… được hiểu như thế nào?", asks after
    /// no side of a procedure ([`ASPECTS`]), and does not hold the first word of the name (its
    /// action: "đăng ký tạm trú là gì?" is about "Đăng ký tạm trú").
    pub fn asks_definition(&self, title: &[String]) -> bool {
        let action = without_preamble(title).first().map(String::as_str);
        self.defines.as_ref().is_some_and(|subject| action.is_none_or(|a| !subject.contains(&a)))
    }

    /// Whether the question asks what the law holds ([`BEYOND_CARD`]: "bị phạt bao nhiêu", "trách
    /// nhiệm của …", "tại sao …") of a procedure named `title` (folded words) that is not itself
    /// about it.
    pub fn asks_beyond_card(&self, title: &[String]) -> bool {
        self.beyond_card.iter().any(|about| !about.iter().any(|a| holds(title, a)))
    }

    /// Whether the question asks why or how things differ ([`REASONS`]) and none of `titles` (a
    /// document's name and alternative questions, folded) asks it.
    pub fn asks_reason(&self, titles: &[Vec<String>]) -> bool {
        self.reasons.iter().any(|cue| !titles.iter().any(|t| holds(t, cue)))
    }

    /// Whether `specific` is the name `general` with a qualifier the query does not name: "Thủ tục
    /// đăng ký lại khai sinh" + "có yếu tố nước ngoài", "Miễn nhiệm giám định viên tư pháp" + "cấp
    /// tỉnh". Such a procedure is for the cases its qualifier names; a query that names none of them
    /// is about the general one. `specific` may also insert a few words ("Chấp thuận lại hoạt động
    /// …"), see [`qualifier`]. A part of the qualifier is named when the query holds one of its
    /// adjacent pairs, or its one word when it is a single word ("lại", "không", "chi" of "Chi cục");
    /// a query word whose marks are known (typed or restored) must carry the title's marks: "tôi có
    /// yêu cầu" does not name "có yếu tố nước ngoài". Titles are folded words; `marked` is `specific`
    /// with its marks.
    pub fn qualifies(&self, general: &[String], specific: &[String], marked: &[String]) -> bool {
        let general = without_preamble(general);
        let skip = specific.len() - without_preamble(specific).len();
        let (specific, marked) = (&specific[skip..], &marked[skip..]);
        let g = general.len();
        if g < 2 || g >= specific.len() {
            return false;
        }
        let Some(parts) = qualifier(general, specific) else {
            return false;
        };
        let fits = |mark: Option<&str>, i: usize| mark.is_none_or(|a| a == marked[i]);
        let named = |from: usize, to: usize| match to - from {
            0 => false,
            // A lone restored word is the least sure restoration ("khai sinh lai" → "lãi"): only
            // typed marks tell it apart.
            1 => self
                .plan
                .words
                .iter()
                .any(|w| w.folded == specific[from] && fits(w.accented.as_deref().filter(|_| !w.restored), from)),
            _ => (from..to - 1).any(|i| {
                self.pairs
                    .get(&(specific[i].as_str(), specific[i + 1].as_str()))
                    .is_some_and(|marks| marks.iter().any(|m| fits(m[0], i) && fits(m[1], i + 1)))
            }),
        };
        !parts.iter().any(|&(from, to)| named(from, to))
    }
}

/// The weighted share of `(held, weight)` items that are held; `None` when they weigh nothing.
fn weighted_share(items: impl Iterator<Item = (bool, f32)>) -> Option<f32> {
    let (got, all) = items.fold((0.0, 0.0), |(g, a), (held, w)| (if held { g + w } else { g }, a + w));
    (all > 0.0).then(|| got / all)
}

/// How much of the head of a long title (its first words after "Thủ tục": the action and object
/// of the procedure, "Chứng thực bản sao …") the query contains word for word, in `[0, 1]`.
///
/// A question that names what it wants done ("xin chứng thực bản sao đơn ly hôn") is about the
/// procedure whose name starts that way, not about the ones that only share its object ("ly
/// hôn"). Official names are often long, and BM25's length normalisation buries them under short
/// titles that share a rare word; the bonus grows with the title's length to make up for that, so
/// short titles, which BM25 already serves well, gain little. `title` is the title's folded words.
pub fn head_match(plan: &Plan, title: &[String]) -> f32 {
    let head = without_preamble(title);
    let run = |q: &[String], i: usize| head.iter().zip(&q[i..]).take_while(|(t, w)| *t == *w).count();
    let best = plan.readings().iter().flat_map(|q| (0..q.len()).map(move |i| run(q, i))).max().unwrap_or(0);
    if best < 2 {
        return 0.0;
    }
    let scale = ((head.len() as f32 - 1.0) / HEAD_FULL_LENGTH).min(1.0);
    scale * best.min(HEAD_WORDS) as f32 / HEAD_WORDS.min(head.len()) as f32
}

/// Whether the title contains the whole query, word for word ("đăng ký chấm dứt giám hộ" in
/// "Thủ tục đăng ký chấm dứt giám hộ" but not in "Đăng ký chấm dứt giám sát việc giám hộ"): a
/// tie-breaker for short queries that several titles cover word by word.
pub fn contains_query(plan: &Plan, title: &[String]) -> bool {
    plan.readings().iter().any(|q| q.len() >= 2 && title.windows(q.len()).any(|w| w == q.as_slice()))
}

/// The query's adjacent pairs in every reading ([`Plan::readings`]), folded, with each word's
/// marks where known (typed or restored; a synonym phrase's own).
type MarkedPairs<'p> = HashMap<(&'p str, &'p str), Vec<[Option<&'p str>; 2]>>;

/// A query word: its marks where known, and its folded form.
type Word<'p> = (Option<&'p str>, &'p str);

/// Where `specific` holds the words of `general` in order: whole, or split up to [`MAX_SPLITS`]
/// times around at most [`MAX_INSERT`] words each ("Chấp thuận [lại] hoạt động của sân tập lái
/// …", "Cấp [lại] Giấy chứng nhận kiểm định … cho xe [cơ giới, xe] máy chuyên dùng"). The ranges of
/// `specific` around and between them are its qualifier.
fn qualifier(general: &[String], specific: &[String]) -> Option<Vec<(usize, usize)>> {
    let end = specific.len();
    (0..end).filter(|&at| specific[at] == general[0]).find_map(|at| {
        let (mut parts, to) = inserted(general, specific, at, MAX_SPLITS)?;
        parts.insert(0, (0, at));
        parts.push((to, end));
        Some(parts)
    })
}

/// The words `specific` inserts into `general` from `at`, where their first words meet, with at
/// most `splits` runs of inserted words; and where the match ends.
fn inserted(general: &[String], specific: &[String], at: usize, splits: usize) -> Option<(Vec<(usize, usize)>, usize)> {
    let run = specific[at..].iter().zip(general).take_while(|(s, g)| s == g).count();
    let from = at + run;
    if run == general.len() {
        return Some((vec![], from));
    }
    if splits == 0 || run == 0 {
        return None;
    }
    let tail = &general[run..];
    (from + 1..=(from + MAX_INSERT).min(specific.len().saturating_sub(tail.len())))
        .filter(|&q| specific[q] == tail[0])
        .find_map(|q| {
            let (mut parts, to) = inserted(tail, specific, q, splits - 1)?;
            parts.insert(0, (from, q));
            Some((parts, to))
        })
}

/// A name as the general one of a pair ([`QueryTerms::qualifies`]): after "Thủ tục", and without
/// "mới" after its action. "Cấp mới chứng chỉ …" is "Cấp chứng chỉ …", since new is what a name
/// means when it says nothing else, and "Cấp lại chứng chỉ …" is its variant.
pub fn general_name(title: &[String]) -> Vec<String> {
    let mut name = without_preamble(title).to_vec();
    if name.len() > 2 && name[1] == "moi" {
        name.remove(1);
    }
    name
}

/// The words of a title (after "Thủ tục") as a 64-bit set: a variant's set holds the general
/// name's, so one AND rules out most pairs before [`QueryTerms::qualifies`] compares words.
pub fn word_mask(title: &[String]) -> u64 {
    without_preamble(title).iter().fold(0, |mask, w| {
        let mut h = std::hash::DefaultHasher::new();
        w.hash(&mut h);
        mask | 1 << (h.finish() % 64)
    })
}

/// The most words a variant's name inserts at one place inside the general one's.
const MAX_INSERT: usize = 3;
/// The most places where a variant's name inserts words inside the general one's.
const MAX_SPLITS: usize = 2;

/// A title without its "Thủ tục" (procedure) preamble.
fn without_preamble(title: &[String]) -> &[String] {
    if title.len() > 2 && title[0] == "thu" && title[1] == "tuc" { &title[2..] } else { title }
}

/// The [`MarkedPairs`] of `plan`: its typed words, then each synonym phrase in place.
fn marked_pairs(plan: &Plan) -> MarkedPairs<'_> {
    fn add<'p>(pairs: &mut MarkedPairs<'p>, run: &[Word<'p>]) {
        for p in run.windows(2) {
            pairs.entry((p[0].1, p[1].1)).or_default().push([p[0].0, p[1].0]);
        }
    }
    let typed: Vec<Word<'_>> = plan.words.iter().map(|w| (w.accented.as_deref(), w.folded.as_str())).collect();
    let mut pairs = MarkedPairs::default();
    add(&mut pairs, &typed);
    for e in &plan.expansions {
        // The phrase in place of the words it stands for, with one typed word on each side.
        let mut run = typed[e.start.saturating_sub(1)..e.start].to_vec();
        run.extend(e.phrase.iter().map(|p| (Some(p.0.as_str()), p.1.as_str())));
        run.extend(typed.get(e.start + e.len).copied());
        add(&mut pairs, &run);
    }
    pairs
}

/// The head of a title, in words.
const HEAD_WORDS: usize = 4;
/// Titles of this many words or more get the whole bonus; shorter ones a share.
const HEAD_FULL_LENGTH: f32 = 30.0;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::QWord;

    /// A plan of `text` as typed: marked words keep their marks.
    fn plan(text: &str) -> Plan {
        let words = crate::analyzer::analyze(text)
            .into_iter()
            .map(|w| {
                let marked = w.accented != w.folded;
                let accented = marked.then_some(w.accented);
                QWord { accented, folded: w.folded, weight: 1.0, unknown: false, idf: 1.0, restored: false }
            })
            .collect();
        Plan::new(words, vec![])
    }

    fn qualified(query: &str, general: &str, specific: &str) -> bool {
        let words = |t: &str| crate::analyzer::analyze(t);
        let folded = |t: &str| words(t).into_iter().map(|w| w.folded).collect::<Vec<_>>();
        let marked: Vec<String> = words(specific).into_iter().map(|w| w.accented).collect();
        QueryTerms::new(&plan(query)).qualifies(&general_name(&folded(general)), &folded(specific), &marked)
    }

    #[test]
    fn a_qualifier_the_query_does_not_name_makes_a_special_case() {
        let general = "Thủ tục đăng ký lại khai sinh";
        let foreign = "Thủ tục đăng ký lại khai sinh có yếu tố nước ngoài";
        assert!(qualified("tôi có yêu cầu đăng ký khai sinh lại", general, foreign));
        assert!(qualified("dang ky lai khai sinh", general, foreign));
        // Named by a pair of its words, marks and all.
        assert!(!qualified("đăng ký lại khai sinh cho con ở nước ngoài", general, foreign));
        assert!(!qualified("dang ky lai khai sinh co yeu to nuoc ngoai", general, foreign));
        // A one-word qualifier is named by that word.
        let office = "Đăng ký hoạt động Văn phòng công chứng";
        assert!(!qualified("văn phòng công chứng hợp nhất", office, "Đăng ký hoạt động Văn phòng công chứng hợp nhất"));
        assert!(qualified("đăng ký văn phòng công chứng", office, "Đăng ký hoạt động Văn phòng công chứng hợp nhất"));
        assert!(!qualified("giám định viên tỉnh", "Miễn nhiệm giám định viên", "Miễn nhiệm giám định viên tỉnh"));
        // A variant may insert a word or three; "lái" is not "lại", "lai" without marks may be.
        let yard = "Chấp thuận hoạt động của sân tập lái";
        let again = "Chấp thuận lại hoạt động của sân tập lái";
        assert!(qualified("chấp thuận sân tập lái xe máy", yard, again));
        assert!(!qualified("chap thuan lai san tap lai", yard, again));
        let risk = "Cấp giấy phép đối với trường hợp phải đánh giá rủi ro";
        let no_risk = "Cấp giấy phép đối với trường hợp không phải đánh giá rủi ro";
        assert!(!qualified("giấy phép trường hợp không phải đánh giá rủi ro", risk, no_risk));
        let far = "Cấp giấy phép đối với trường hợp doanh nghiệp nhỏ và vừa phải đánh giá rủi ro";
        assert!(!qualified("cấp giấy phép", risk, far));
        // Words inserted at two places: "lại", and "cơ giới, xe" before "máy chuyên dùng".
        let special = "Cấp Giấy chứng nhận kiểm định, Tem kiểm định cho xe máy chuyên dùng";
        let again = "Cấp lại Giấy chứng nhận kiểm định, Tem kiểm định cho xe cơ giới, xe máy chuyên dùng";
        assert!(qualified("xe máy chuyên dùng có phải đi kiểm định không, xin tem ở đâu", special, again));
        assert!(!qualified("cấp lại tem kiểm định xe máy chuyên dùng", special, again));
        // A new issue is what a name means when it says nothing else: "Cấp lại" is its variant.
        let new = "Cấp mới chứng chỉ hành nghề hoạt động xây dựng";
        let renew = "Cấp lại chứng chỉ hành nghề hoạt động xây dựng";
        assert!(qualified("điều kiện cấp chứng chỉ hành nghề xây dựng", new, renew));
        assert!(!qualified("cấp lại chứng chỉ hành nghề xây dựng", new, renew));
        // "Thủ tục" is no qualifier; a name that does not contain the other is no sibling.
        assert!(!qualified("nộp dần tiền thuế nợ", "Nộp dần tiền thuế nợ", "Thủ tục nộp dần tiền thuế nợ"));
        assert!(!qualified("khai sinh", "Thủ tục đăng ký khai sinh", "Thủ tục đăng ký kết hôn"));
        assert!(qualified("khai sinh", "Thủ tục đăng ký khai sinh", "Thủ tục đăng ký lại khai sinh"));
    }

    fn head(query: &str, title: &str) -> f32 {
        let t: Vec<String> = crate::analyzer::analyze(title).into_iter().map(|w| w.folded).collect();
        head_match(&plan(query), &t)
    }

    #[test]
    fn a_question_naming_the_head_of_a_long_title_matches_it() {
        let long = "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền của Việt Nam; \
                    cơ quan, tổ chức có thẩm quyền của nước ngoài cấp hoặc chứng nhận";
        let q = "Tôi có thể xin chứng thực bản sao đơn ly hôn của chồng tôi được không?";
        assert_eq!(head(q, long), 1.0);
        // Sharing the object is not naming the procedure.
        assert_eq!(head(q, "Thủ tục ghi vào Sổ hộ tịch việc ly hôn, hủy việc kết hôn của công dân Việt Nam"), 0.0);
        // "Thủ tục" is skipped; one word is not a head.
        assert!(head("dang ky lai khai sinh", "Thủ tục đăng ký lại khai sinh cho người đã có hồ sơ, giấy tờ") > 0.0);
        assert_eq!(head("chứng nhận", long), 0.0);
        // Short titles gain little: BM25 already serves them.
        assert!(head("cấp lại căn cước", "Cấp lại thẻ căn cước") < 0.2);
    }

    fn named(query: &str, title: &str) -> f32 {
        let words = crate::analyzer::analyze(title);
        let folded: Vec<String> = words.iter().map(|w| w.folded.clone()).collect();
        let marked: Vec<String> = words.into_iter().map(|w| w.accented).collect();
        QueryTerms::new(&plan(query)).name_share(&folded, &marked)
    }

    #[test]
    fn a_long_question_that_holds_the_whole_name_is_sure_of_it() {
        let q = "Tôi sinh năm 1946, không nhớ rõ ngày sinh, nay muốn đăng ký lại khai sinh thì làm thế nào?";
        assert_eq!(named(q, "Thủ tục đăng ký lại khai sinh"), 1.0);
        assert_eq!(confidence(Coverage::default(), named(q, "Thủ tục đăng ký lại khai sinh")), 1.0);
        // Scattered words are not the name: its pairs are missing.
        let scattered = named("khai sinh cho con, đăng ký tạm trú lại", "Thủ tục đăng ký lại khai sinh");
        assert!(scattered < 0.9, "{scattered}");
        // A sibling's name, held but for its qualifier, stays under the threshold.
        let sibling = named(
            "Hồ sơ đề nghị xét tặng danh hiệu Chiến sĩ thi đua toàn quốc gồm giấy tờ gì?",
            "Thủ tục đề nghị xét tặng danh hiệu Chiến sĩ thi đua cơ sở",
        );
        assert!(sibling < 1.0 && confidence(Coverage::default(), sibling) < ANSWER_THRESHOLD, "{sibling}");
        // Filler weighs little: the name is its content words.
        let title = "Thủ tục đăng ký khai tử cho người đã chết";
        assert!(named("đăng ký khai tử người chết", title) > 0.8);
        assert!(named("đăng ký khai tử", title) < 0.8, "{}", named("đăng ký khai tử", title));
        assert_eq!(named("", "Thủ tục"), 0.0);
    }

    #[test]
    fn a_question_that_asks_what_something_is_is_not_about_doing_it() {
        let title = |t: &str| crate::analyzer::analyze(t).into_iter().map(|w| w.folded).collect::<Vec<_>>();
        let asks = |q: &str, t: &str| QueryTerms::new(&plan(q)).asks_definition(&title(t));
        assert!(asks("Thừa phát lại là gì?", "Cấp lại Thẻ Thừa phát lại"));
        assert!(asks("dau tu ra nuoc ngoai la gi", "Cấp Giấy chứng nhận đăng ký đầu tư ra nước ngoài"));
        assert!(asks("Lực lượng dự bị động được hiểu như thế nào?", "Xét hưởng trợ cấp một lần"));
        // A side of the procedure, which the card answers.
        assert!(!asks("Điều kiện cấp chứng chỉ hành nghề là gì?", "Cấp chứng chỉ hành nghề"));
        assert!(!asks("Căn cứ pháp lý của thủ tục là gì?", "Cấp chứng chỉ hành nghề"));
        // The procedure's own action: what the procedure is.
        assert!(!asks("Đăng ký tạm trú là gì?", "Đăng ký tạm trú"));
        // Not a definition question.
        assert!(!asks("thừa phát lại", "Cấp lại Thẻ Thừa phát lại"));
        assert!(!asks("là gì", "Cấp lại Thẻ Thừa phát lại"));
    }

    #[test]
    fn a_question_about_the_law_is_not_about_a_procedure_unless_it_names_it() {
        let title = |t: &str| crate::analyzer::analyze(t).into_iter().map(|w| w.folded).collect::<Vec<_>>();
        let asks = |q: &str, t: &str| QueryTerms::new(&plan(q)).asks_beyond_card(&title(t));
        let register = "Đăng ký, điều chỉnh đóng bảo hiểm xã hội bắt buộc";
        assert!(asks("Trốn đóng bảo hiểm xã hội thì bị xử lý như thế nào?", register));
        assert!(asks("di xe may khong doi mu bao hiem bi phat bao nhieu", "Đăng ký xe mô tô"));
        assert!(!asks("đăng ký đóng bảo hiểm xã hội bắt buộc", register));
        assert!(!asks("nộp tiền phạt vi phạm giao thông ở đâu", "Thủ tục nộp tiền phạt vi phạm hành chính"));
        let standards = "Công bố hợp quy sản phẩm, hàng hóa vật liệu xây dựng";
        assert!(asks("Trách nhiệm của Vụ Vật liệu xây dựng trong hoạt động công bố hợp quy?", standards));
        assert!(!asks("công bố hợp quy vật liệu xây dựng cần giấy tờ gì", standards));
        let reason = |q: &str, t: &str| QueryTerms::new(&plan(q)).asks_reason(&[title(t)]);
        assert!(reason(
            "Tại sao phải đối thoại khi giải quyết khiếu nại?",
            "Tôi có được đối thoại với người giải quyết khiếu nại không?"
        ));
        assert!(reason("khiếu nại và tố cáo khác nhau thế nào", "Thủ tục giải quyết khiếu nại lần đầu"));
        assert!(!reason("Vì sao hồ sơ bị trả lại?", "Vì sao hồ sơ đăng ký cư trú bị trả lại?"));
        assert!(!reason("hồ sơ bị trả lại", "Thủ tục giải quyết khiếu nại lần đầu"));
        let insurance = "Cấp giấy chứng nhận bảo hiểm trách nhiệm dân sự";
        assert!(!asks("trách nhiệm của bên mua bảo hiểm trách nhiệm dân sự", insurance));
    }
}
