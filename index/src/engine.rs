//! The search index: build from records, open from disk, search and suggest.

use std::cell::RefCell;
use std::path::Path;

use rustc_hash::{FxHashMap, FxHashSet as HashSet};

use tantivy::collector::{Count, TopDocs};
use tantivy::query::Bm25StatisticsProvider;
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DocAddress, DocSet, Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument, Term};

use crate::accents::Accents;
use crate::analyzer::{analyze, register_analyzers};
use crate::confidence::{
    NOT_ABOUT_DOING, QueryTerms, TitleTerms, confidence, contains_query, coverage, general_name, head_match,
    title_coverage, word_mask,
};
use crate::doc::{Hit, IndexDoc, Kind, Query, Results, Suggestion};
use crate::query::{self, Plan};
use crate::schema::{Fields, fields_of, schema};
use crate::snippet::snippet;
use crate::suggest::Suggester;
use crate::synonyms::Synonyms;
use crate::{Error, Result};
use crate::{exclusion, family};

const WRITER_MEMORY: usize = 120_000_000;
/// The accent model beside the index files.
const ACCENTS_FILE: &str = "accents.tsv";

/// An opened, searchable index. Cheap to share behind an `Arc`; searches run concurrently.
pub struct SearchIndex {
    reader: IndexReader,
    fields: Fields,
    suggester: Suggester,
    num_docs: u64,
    /// Per segment, per doc id: what ranking needs without touching the doc store.
    meta: Vec<Vec<DocMeta>>,
    /// Accent restoration learnt from the indexed content.
    accents: Accents,
}

/// In-memory facts of one document.
#[derive(Debug, Clone)]
struct DocMeta {
    id: String,
    kind: Kind,
    title: String,
    boost: f32,
    /// Words and bigrams of the title and the alternative titles.
    terms: TitleTerms,
    /// The folded words of the title and of each alternative title, for [`head_match`].
    titles: Vec<Vec<String>>,
    /// The words of the title with their marks, for [`QueryTerms::qualifies`].
    marked_title: Vec<String>,
    /// [`word_mask`] of the title.
    mask: u64,
    /// The title as the general name of a variant ([`general_name`]), and its [`word_mask`].
    general: Vec<String>,
    general_mask: u64,
    /// Where the name parts from its siblings' ([`family::partings`]); procedures only.
    partings: Vec<usize>,
}

/// How many BM25 candidates are reranked.
const CANDIDATES: usize = 60;
/// Weight of BM25 alone in the rerank; title and pair coverage (each in [0, 1]) add to it.
const RERANK_BASE: f32 = 1.0;
/// How far a title that covers the whole query escapes its document's penalty: see [`prior`].
const PRIOR_ESCAPE: f32 = 0.7;
/// Weight of [`head_match`] in the reranking.
const HEAD: f32 = 0.5;
/// Bonus of a title that contains the whole query word for word ([`contains_query`]).
const EXACT: f32 = 0.3;
/// Bonus of a title that covers every word and every pair of the query ([`Coverage::is_complete`]):
/// "điều chỉnh giấy phép xây dựng" names "Cấp điều chỉnh giấy phép xây dựng đối với công trình
/// cấp III, cấp IV …" whole, and BM25's length normalisation must not put "Cấp điều chỉnh giấy
/// phép hoạt động xây dựng cho nhà thầu nước ngoài", shorter but missing "phép xây", ahead.
const COMPLETE: f32 = 1.0;

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex").field("num_docs", &self.num_docs).finish()
    }
}

impl SearchIndex {
    /// Build a new index of `docs` in the empty or missing directory `dir`.
    pub fn build<'a>(dir: &Path, docs: impl IntoIterator<Item = &'a IndexDoc>) -> Result<Self> {
        let io = |source| Error::Io { path: dir.to_path_buf(), source };
        std::fs::create_dir_all(dir).map_err(io)?;
        let (schema, fields) = schema();
        let index = Index::create_in_dir(dir, schema)?;
        let (index, accents) = Self::fill(index, fields, docs)?;
        let path = dir.join(ACCENTS_FILE);
        std::fs::write(&path, accents.to_text()).map_err(|source| Error::Io { path, source })?;
        Self::ready(index, fields, accents)
    }

    /// Build an index of `docs` in memory (tests, tools).
    pub fn build_in_ram<'a>(docs: impl IntoIterator<Item = &'a IndexDoc>) -> Result<Self> {
        let (schema, fields) = schema();
        let (index, accents) = Self::fill(Index::create_in_ram(schema), fields, docs)?;
        Self::ready(index, fields, accents)
    }

    /// Open an index that [`SearchIndex::build`] wrote.
    pub fn open(dir: &Path) -> Result<Self> {
        let index = Index::open_in_dir(dir)?;
        let fields = fields_of(&index.schema())?;
        let path = dir.join(ACCENTS_FILE);
        let text = std::fs::read_to_string(&path).map_err(|source| Error::Io { path: path.clone(), source })?;
        let accents = Accents::parse(&text).ok_or_else(|| Error::Io {
            path,
            source: std::io::Error::new(std::io::ErrorKind::InvalidData, "not an accent model"),
        })?;
        Self::ready(index, fields, accents)
    }

    /// Index `docs`, and meanwhile, on another thread, learn their accents.
    fn fill<'a>(
        index: Index,
        fields: Fields,
        docs: impl IntoIterator<Item = &'a IndexDoc>,
    ) -> Result<(Index, Accents)> {
        register_analyzers(index.tokenizers());
        let docs: Vec<&IndexDoc> = docs.into_iter().collect();
        std::thread::scope(|scope| {
            let learning =
                scope.spawn(|| {
                    Accents::learn(docs.iter().flat_map(|d| {
                        [&d.title, &d.summary, &d.body].into_iter().chain(&d.alt_titles).map(String::as_str)
                    }))
                });
            let mut writer = index.writer::<TantivyDocument>(WRITER_MEMORY)?;
            for d in &docs {
                let mut doc = TantivyDocument::default();
                doc.add_text(fields.id, &d.id);
                doc.add_text(fields.kind, d.kind.as_str());
                doc.add_text(fields.title, &d.title);
                doc.add_text(fields.summary, &d.summary);
                doc.add_f64(fields.boost, f64::from(d.boost));
                for alt in &d.alt_titles {
                    doc.add_text(fields.alt_titles, alt);
                }
                let mut excluded = Vec::new();
                for t in std::iter::once(&d.title).chain(&d.alt_titles) {
                    // An exclusion clause ("(trừ …)") names what the procedure is not for: it
                    // is searchable with the body, not as the title.
                    let (named, clauses) = exclusion::split(t);
                    doc.add_text(fields.title_f, &named);
                    doc.add_text(fields.title_a, &named);
                    doc.add_text(fields.title_bi, &named);
                    excluded.extend(clauses);
                }
                for b in std::iter::once(&d.body).chain(&excluded) {
                    doc.add_text(fields.body_f, b);
                    doc.add_text(fields.body_a, b);
                    doc.add_text(fields.body_bi, b);
                }
                writer.add_document(doc)?;
            }
            writer.commit()?;
            // One segment: a query pays for each of its terms once per segment (dictionary
            // lookups, scorers), and a long question has a hundred terms or more.
            let segments = index.searchable_segment_ids()?;
            if segments.len() > 1 {
                writer.merge(&segments).wait()?;
            }
            writer.wait_merging_threads()?;
            let accents = learning.join().expect("accent learning does not panic");
            Ok((index, accents))
        })
    }

    fn ready(index: Index, fields: Fields, accents: Accents) -> Result<Self> {
        register_analyzers(index.tokenizers());
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        let searcher = reader.searcher();
        let mut meta = Vec::new();
        for (ord, seg) in searcher.segment_readers().iter().enumerate() {
            let mut docs = Vec::with_capacity(seg.max_doc() as usize);
            for doc_id in 0..seg.max_doc() {
                let doc: TantivyDocument = searcher.doc(DocAddress::new(ord as u32, doc_id))?;
                docs.push(doc_meta(&doc, &fields));
            }
            meta.push(docs);
        }
        let names: Vec<&[String]> =
            meta.iter().flatten().filter(|m| m.kind == Kind::Procedure).map(|m| m.titles[0].as_slice()).collect();
        let partings = family::partings(&names);
        for (m, p) in meta.iter_mut().flatten().filter(|m| m.kind == Kind::Procedure).zip(partings) {
            m.partings = p;
        }
        let suggester =
            Suggester::new(meta.iter().flatten().map(|m: &DocMeta| (m.id.clone(), m.kind, m.title.clone())));
        let num_docs = searcher.num_docs();
        drop(searcher);
        Ok(SearchIndex { reader, fields, suggester, num_docs, meta, accents })
    }

    pub fn num_docs(&self) -> u64 {
        self.num_docs
    }

    /// Analyse a query the way [`SearchIndex::search`] does.
    pub fn plan(&self, text: &str, synonyms: &Synonyms) -> Plan {
        self.plan_with(text, synonyms, &Freqs::new(&self.reader.searcher()))
    }

    fn plan_with(&self, text: &str, synonyms: &Synonyms, freqs: &Freqs<'_>) -> Plan {
        let f = self.fields;
        let df = |t: &str| {
            let title = freqs.of(&Term::from_field_text(f.title_f, t));
            let body = freqs.of(&Term::from_field_text(f.body_f, t));
            (title + body).min(self.num_docs)
        };
        query::plan(text, synonyms, &self.accents, df, self.num_docs)
    }

    /// Rank documents for `q`. An empty or meaningless query gives no hits.
    pub fn search(&self, q: Query<'_>, synonyms: &Synonyms) -> Result<Results> {
        let searcher = self.reader.searcher();
        let freqs = Freqs::new(&searcher);
        let plan = self.plan_with(q.text, synonyms, &freqs);
        if plan.is_empty() || q.limit == 0 {
            return Ok(Results { total: 0, hits: vec![] });
        }
        let f = self.fields;
        let tq = query::build(&plan, &f, q.kind, |t| freqs.of(t), self.num_docs);
        let candidates = q.limit.max(CANDIDATES);
        let collector = (Count, TopDocs::with_limit(candidates).order_by_score());
        let (total, top) = searcher.search_with_statistics_provider(&*tq, &collector, &freqs)?;
        // Rerank: BM25 times the document's prior, and how much of the query its title covers.
        let mut ranked: Vec<(f32, DocAddress, &DocMeta)> = top
            .into_iter()
            .map(|(score, addr)| {
                let m = &self.meta[addr.segment_ord as usize][addr.doc_id as usize];
                let cov = title_coverage(&plan, &m.terms);
                let head = m.titles.iter().map(|t| head_match(&plan, t)).fold(0.0, f32::max);
                let exact = if m.titles.iter().any(|t| contains_query(&plan, t)) { EXACT } else { 0.0 };
                let complete = if cov.is_complete() { COMPLETE } else { 0.0 };
                let boost = prior(m.boost, cov.title);
                (score * boost * (RERANK_BASE + cov.title + cov.pairs + HEAD * head + exact + complete), addr, m)
            })
            .collect();
        // Equal scores go by id: an in-RAM index built on several threads orders its segments
        // differently from run to run, and the same query must give the same answer.
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.2.id.cmp(&b.2.id)));
        let query_terms = QueryTerms::new(&plan);
        general_first(&query_terms, &mut ranked);
        ranked.truncate(q.limit);
        let snippet_terms: HashSet<&str> = plan
            .words
            .iter()
            .filter(|w| w.weight >= 0.9 && !w.unknown)
            .map(|w| w.folded.as_str())
            .chain(plan.expansions.iter().flat_map(|e| e.phrase.iter().map(|p| p.1.as_str())))
            .collect();
        let mut terms: Vec<&str> = plan.words.iter().map(|w| w.folded.as_str()).collect();
        terms.extend(plan.expansions.iter().flat_map(|e| e.phrase.iter().map(|p| p.1.as_str())));
        terms.sort_unstable();
        terms.dedup();
        let addresses: Vec<DocAddress> = ranked.iter().map(|r| r.1).collect();
        let bodies = body_terms(&searcher, f.body_f, &addresses, &terms)?;
        let mut hits = Vec::with_capacity(ranked.len());
        for ((score, addr, m), body) in ranked.into_iter().zip(bodies) {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let summary = doc.get_first(f.summary).and_then(|v| v.as_str()).unwrap_or_default();
            let cov = coverage(&plan, &m.terms, |t| body.contains(t));
            let mut confidence = confidence(cov, query_terms.name_share(&m.titles[0], &m.marked_title));
            let beyond_card = m.kind == Kind::Procedure
                && (query_terms.asks_definition(&m.titles[0])
                    || query_terms.asks_beyond_card(&m.titles[0])
                    || family::names_other(&query_terms, &m.titles[0], &m.marked_title, &m.partings));
            if beyond_card || query_terms.asks_reason(&m.titles) {
                confidence *= NOT_ABOUT_DOING;
            }
            let (snippet, highlights) = snippet(summary, |w| snippet_terms.contains(w));
            hits.push(Hit {
                id: m.id.clone(),
                kind: m.kind,
                title: m.title.clone(),
                snippet,
                highlights,
                score,
                confidence,
            });
        }
        Ok(Results { total, hits })
    }

    /// As-you-type suggestions of titles.
    pub fn suggest(&self, input: &str, limit: usize, kind: Option<Kind>) -> Vec<Suggestion> {
        self.suggester.suggest(input, limit, kind)
    }
}

/// Document frequencies read once per search: the plan weighs words by them, the query leaves
/// terms out by them, and BM25 scores by them, so each is a dictionary lookup once, not thrice.
struct Freqs<'s> {
    searcher: &'s Searcher,
    known: RefCell<FxHashMap<Term, u64>>,
}

impl<'s> Freqs<'s> {
    fn new(searcher: &'s Searcher) -> Self {
        Freqs { searcher, known: RefCell::default() }
    }

    fn of(&self, term: &Term) -> u64 {
        if let Some(&n) = self.known.borrow().get(term) {
            return n;
        }
        let n = self.searcher.doc_freq(term).unwrap_or(0);
        self.known.borrow_mut().insert(term.clone(), n);
        n
    }
}

impl Bm25StatisticsProvider for Freqs<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        self.searcher.total_num_tokens(field)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        self.searcher.total_num_docs()
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        Ok(self.of(term))
    }
}

/// Which of `terms` the body (`field`) of each of `hits` holds. Each term's postings are read once
/// per segment and walked through the hits in document order, not opened again for every hit: a
/// long question has dozens of terms.
fn body_terms<'t>(
    searcher: &Searcher,
    field: Field,
    hits: &[DocAddress],
    terms: &[&'t str],
) -> Result<Vec<HashSet<&'t str>>> {
    let mut out = vec![HashSet::default(); hits.len()];
    let mut order: Vec<usize> = (0..hits.len()).collect();
    order.sort_by_key(|&i| (hits[i].segment_ord, hits[i].doc_id));
    for segment in order.chunk_by(|&a, &b| hits[a].segment_ord == hits[b].segment_ord) {
        let body = searcher.segment_reader(hits[segment[0]].segment_ord).inverted_index(field)?;
        for &t in terms {
            let Some(mut postings) = body
                .read_postings(&Term::from_field_text(field, t), IndexRecordOption::Basic)
                .map_err(tantivy::TantivyError::from)?
            else {
                continue;
            };
            for &i in segment {
                let doc = hits[i].doc_id;
                if postings.doc() <= doc && postings.seek(doc) == doc {
                    out[i].insert(t);
                }
            }
        }
    }
    Ok(out)
}

/// Put a procedure ahead of each of its qualified variants ([`QueryTerms::qualifies`]) that ranks
/// above it, unless the variant has the better prior (a provincial twin of a central-level name).
/// The variant's longer body often matches more of a long question, which is no reason to offer
/// the special case. The moved hit takes the variant's score, so the list stays in score order.
fn general_first(query: &QueryTerms<'_>, ranked: &mut Vec<(f32, DocAddress, &DocMeta)>) {
    for j in 1..ranked.len() {
        let general = ranked[j].2;
        let above = (0..j).find(|&i| {
            let specific = ranked[i].2;
            specific.boost <= general.boost
                && general.general_mask & !specific.mask == 0
                && query.qualifies(&general.general, &specific.titles[0], &specific.marked_title)
        });
        if let Some(i) = above {
            let mut hit = ranked.remove(j);
            hit.0 = ranked[i].0;
            ranked.insert(i, hit);
        }
    }
}

/// The prior of a document in the rerank. A penalty (a central-level procedure, which citizens
/// rarely file themselves) fades as the title covers more of the query: a question that names
/// "(thực hiện tại cấp Trung ương)" is about that procedure, not its provincial twin. A bonus
/// (an FAQ) stays whole.
fn prior(boost: f32, title_coverage: f32) -> f32 {
    if boost < 1.0 { boost.powf(1.0 - PRIOR_ESCAPE * title_coverage) } else { boost }
}

fn doc_meta(doc: &TantivyDocument, f: &Fields) -> DocMeta {
    let text = |field| doc.get_first(field).and_then(|v| v.as_str()).unwrap_or_default().to_string();
    let title = text(f.title);
    let mut terms = TitleTerms::default();
    let mut titles: Vec<Vec<String>> = Vec::new();
    let mut marked_title = Vec::new();
    let alts = doc.get_all(f.alt_titles).filter_map(|v| v.as_str());
    for t in std::iter::once(title.as_str()).chain(alts) {
        let w = analyze(&exclusion::split(t).0);
        terms.add(&w);
        if titles.is_empty() {
            marked_title = w.iter().map(|a| a.accented.clone()).collect();
        }
        titles.push(w.into_iter().map(|a| a.folded).collect());
    }
    let general = general_name(&titles[0]);
    DocMeta {
        id: text(f.id),
        kind: Kind::parse(&text(f.kind)).unwrap_or(Kind::Procedure),
        boost: doc.get_first(f.boost).and_then(|v| v.as_f64()).unwrap_or(1.0) as f32,
        title,
        terms,
        mask: word_mask(&titles[0]),
        general_mask: word_mask(&general),
        general,
        titles,
        marked_title,
        partings: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> SearchIndex {
        let docs = [
            IndexDoc::plain(
                "ks",
                Kind::Procedure,
                "Thủ tục đăng ký khai sinh",
                "Hồ sơ gồm tờ khai đăng ký khai sinh, giấy chứng sinh.",
            ),
            IndexDoc::plain("kt", Kind::Procedure, "Thủ tục đăng ký khai tử", "Giấy báo tử; tờ khai đăng ký khai tử."),
            IndexDoc::plain("cc", Kind::Procedure, "Cấp lại thẻ Căn cước", "Công dân bị mất thẻ căn cước."),
            IndexDoc::plain("dang", Kind::Procedure, "Kết nạp đảng viên", "Đảng ủy xét kết nạp."),
            IndexDoc::plain(
                "faq",
                Kind::Faq,
                "Làm lại căn cước mất bao nhiêu tiền?",
                "Lệ phí cấp lại thẻ căn cước là 70.000 đồng.",
            ),
        ];
        SearchIndex::build_in_ram(&docs).unwrap()
    }

    fn check(idx: &SearchIndex, text: &str, kind: Option<Kind>, expected_first: &str) {
        let syn = Synonyms::parse("cccd, cmnd => căn cước").unwrap();
        let r = idx.search(Query { text, limit: 5, kind }, &syn).unwrap();
        assert_eq!(r.hits.first().map(|h| h.id.as_str()), Some(expected_first), "{text}: {:?}", r.hits);
    }

    #[test]
    fn finds_accented_titles_from_unaccented_and_telex_queries() {
        let idx = index();
        check(&idx, "lam giay khai sinh", None, "ks");
        check(&idx, "giays khai sinh", None, "ks");
        check(&idx, "Đăng ký khai tử", None, "kt");
        check(&idx, "đăng ký khai sinh", Some(Kind::Procedure), "ks");
        let r = idx.search(Query { text: "đăng ký", limit: 5, kind: None }, &Synonyms::default()).unwrap();
        assert_eq!(r.hits.last().map(|h| h.id.as_str()), Some("dang"), "đăng ký prefers đăng over đảng");
        check(&idx, "cap lai cccd", Some(Kind::Procedure), "cc");
        check(&idx, "lệ phí căn cước", Some(Kind::Faq), "faq");
    }

    #[test]
    fn long_questions_still_match_and_confidence_separates() {
        let idx = index();
        let syn = Synonyms::default();
        let good = idx
            .search(
                Query {
                    text: "Tôi muốn hỏi thủ tục đăng ký khai sinh thế nào ạ?", limit: 3, kind: None
                },
                &syn,
            )
            .unwrap();
        assert_eq!(good.hits[0].id, "ks");
        let bad = idx.search(Query { text: "giá vàng hôm nay", limit: 3, kind: None }, &syn).unwrap();
        let bad_conf = bad.hits.first().map_or(0.0, |h| h.confidence);
        assert!(good.hits[0].confidence > bad_conf, "{} vs {bad_conf}", good.hits[0].confidence);
        assert!(good.hits[0].confidence >= crate::ANSWER_THRESHOLD);
        assert!(bad_conf < crate::ANSWER_THRESHOLD);
    }

    #[test]
    fn naming_the_level_overrides_the_local_preference() {
        let mut central = IndexDoc::plain("tw", Kind::Procedure, "Cấp thẻ căn cước (thực hiện tại cấp trung ương)", "");
        central.boost = 0.75;
        let local = IndexDoc::plain("tinh", Kind::Procedure, "Cấp thẻ căn cước (thực hiện tại cấp tỉnh)", "");
        let idx = SearchIndex::build_in_ram(&[central, local]).unwrap();
        check(&idx, "cấp thẻ căn cước tại cấp trung ương", None, "tw");
        check(&idx, "cấp thẻ căn cước", None, "tinh");
        assert!(prior(0.75, 0.0) == 0.75 && prior(0.75, 1.0) > 0.9 && prior(1.3, 1.0) == 1.3);
    }

    #[test]
    fn an_exclusion_clause_is_not_what_a_procedure_is_for() {
        let docs = [
            IndexDoc::plain(
                "other",
                Kind::Procedure,
                "Cấp Giấy chứng nhận cơ sở an toàn dịch bệnh động vật (trừ cơ sở an toàn dịch bệnh theo yêu cầu của nước nhập khẩu)",
                "Hồ sơ đề nghị",
            ),
            IndexDoc::plain(
                "export",
                Kind::Procedure,
                "Cấp Giấy chứng nhận cơ sở an toàn dịch bệnh động vật theo yêu cầu của nước nhập khẩu",
                "Hồ sơ đề nghị",
            ),
        ];
        let idx = SearchIndex::build_in_ram(&docs).unwrap();
        check(&idx, "giấy chứng nhận an toàn dịch bệnh theo yêu cầu nước nhập khẩu", None, "export");
        check(&idx, "giay chung nhan an toan dich benh theo yeu cau nuoc nhap khau", None, "export");
        // The clause is still searchable, and a copied name with its clause finds its procedure.
        check(&idx, docs[0].title.as_str(), None, "other");
        check(&idx, "giấy chứng nhận cơ sở an toàn dịch bệnh động vật", None, "other");
    }

    #[test]
    fn a_title_that_names_the_whole_query_beats_a_shorter_partial_one() {
        let docs = [
            IndexDoc::plain(
                "foreign",
                Kind::Procedure,
                "Cấp điều chỉnh giấy phép hoạt động xây dựng cho nhà thầu nước ngoài",
                "Nhà thầu nước ngoài",
            ),
            IndexDoc::plain(
                "house",
                Kind::Procedure,
                "Cấp điều chỉnh giấy phép xây dựng đối với công trình cấp III, cấp IV (công trình không theo tuyến, \
                 theo tuyến trong đô thị, tín ngưỡng, tôn giáo, tượng đài, tranh hoành tráng, theo giai đoạn) và \
                 nhà ở riêng lẻ",
                "Chủ đầu tư",
            ),
            IndexDoc::plain("other", Kind::Procedure, "Cấp giấy phép hoạt động xây dựng", "Hồ sơ"),
        ];
        let idx = SearchIndex::build_in_ram(&docs).unwrap();
        check(&idx, "dieu chinh giay phep xay dung", None, "house");
        check(&idx, "điều chỉnh giấy phép xây dựng", None, "house");
        check(&idx, "điều chỉnh giấy phép hoạt động xây dựng", None, "foreign");
    }

    #[test]
    fn the_general_procedure_comes_before_a_variant_the_question_does_not_name() {
        let docs = [
            IndexDoc::plain(
                "foreign",
                Kind::Procedure,
                "Thủ tục đăng ký lại khai sinh có yếu tố nước ngoài",
                "Người yêu cầu nộp tờ khai, giấy tờ có thông tin ngày, tháng, năm sinh; trường hợp không có \
                 giấy tờ thì ghi theo năm sinh.",
            ),
            IndexDoc::plain(
                "general",
                Kind::Procedure,
                "Thủ tục đăng ký lại khai sinh",
                "Tờ khai đăng ký lại khai sinh.",
            ),
        ];
        let idx = SearchIndex::build_in_ram(&docs).unwrap();
        let question =
            "Tôi không nhớ rõ ngày, tháng sinh, giấy tờ chỉ có năm sinh, có được đăng ký khai sinh lại không?";
        check(&idx, question, None, "general");
        check(&idx, "đăng ký lại khai sinh cho người ở nước ngoài", None, "foreign");
    }

    #[test]
    fn a_name_written_short_is_found_by_the_words_spelled_out() {
        let docs = [
            IndexDoc::plain(
                "bhyt",
                Kind::Procedure,
                "Thanh toán chi phí BHYT với cơ sở KCB BHYT",
                "Cơ sở khám chữa bệnh",
            ),
            IndexDoc::plain(
                "dqtv",
                Kind::Procedure,
                "Thủ tục thanh toán chi phí khám bệnh, chữa bệnh cho Dân quân tự vệ không tham gia bảo hiểm y tế",
                "Dân quân",
            ),
            IndexDoc::plain("the", Kind::Procedure, "Cấp thẻ bảo hiểm y tế", "Thẻ"),
        ];
        let idx = SearchIndex::build_in_ram(&docs).unwrap();
        let syn = Synonyms::parse("bhyt, bảo hiểm y tế\nkcb, khám chữa bệnh").unwrap();
        for text in ["thanh toán chi phí bảo hiểm y tế", "thanh toan chi phi bao hiem y te"] {
            let r = idx.search(Query { text, limit: 3, kind: None }, &syn).unwrap();
            assert_eq!(r.hits[0].id, "bhyt", "{text}: {:?}", r.hits);
            assert!(r.hits[0].confidence > 0.9, "every pair is in the name, written short: {:?}", r.hits[0]);
        }
    }

    #[test]
    fn marks_the_citizen_typed_tell_words_apart() {
        let docs = [
            IndexDoc::plain("again", Kind::Procedure, "Chấp thuận lại hoạt động của sân tập lái", "Hồ sơ"),
            IndexDoc::plain("first", Kind::Procedure, "Chấp thuận hoạt động của sân tập lái xe", "Hồ sơ"),
            IndexDoc::plain("revoke", Kind::Procedure, "Thu hồi chấp thuận hoạt động của sân tập lái", "Hồ sơ"),
        ];
        let idx = SearchIndex::build_in_ram(&docs).unwrap();
        let confidence = |text: &str, id: &str| {
            let r = idx.search(Query { text, limit: 2, kind: None }, &Synonyms::default()).unwrap();
            r.hits.iter().find(|h| h.id == id).map(|h| h.confidence).unwrap()
        };
        // "thu hồi" typed with marks: the unmarked "thu" is that word, not the filler "thủ" (tục).
        let plan = idx.plan("thu hồi giấy phép", &Synonyms::default());
        assert_eq!(plan.words[0].weight, 1.0, "{:?}", plan.words[0]);
        // "lại" typed where the title has only "lái" covers less than "lái" does.
        assert!(confidence("chấp thuận lại", "first") < confidence("chấp thuận lái", "first"));
        // Without marks "lai" may be either word: it is not held against the title.
        assert!(confidence("chap thuan lai", "first") > confidence("chấp thuận lại", "first"));
    }

    #[test]
    fn a_chat_abbreviation_of_filler_weighs_as_filler() {
        let syn = Synonyms::parse("dc => được\nko => không").unwrap();
        let plan = index().plan("nộp qua bưu điện dc ko", &syn);
        let weight = |w: &str| plan.words.iter().find(|q| q.folded == w).map(|q| q.weight * q.idf).unwrap();
        assert!(weight("dc") < 0.5 && weight("ko") < 1.0, "{:?}", plan.words);
    }

    #[test]
    fn empty_query_has_no_hits() {
        let r = index().search(Query { text: " ?! ", limit: 5, kind: None }, &Synonyms::default()).unwrap();
        assert_eq!(r.total, 0);
    }

    #[test]
    fn builds_on_disk_and_reopens() {
        let dir = std::env::temp_dir().join(format!("dvc-index-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let docs = [IndexDoc::plain("a", Kind::Faq, "Đổi biển số vàng sang trắng", "Biển số")];
        SearchIndex::build(&dir, &docs).unwrap();
        let idx = SearchIndex::open(&dir).unwrap();
        assert_eq!(idx.num_docs(), 1);
        assert_eq!(idx.suggest("bien s", 5, None)[0].id, "a");
        drop(idx);
        // Without its accent model the directory is not a whole index: the caller rebuilds it.
        std::fs::remove_file(dir.join(ACCENTS_FILE)).unwrap();
        assert!(SearchIndex::open(&dir).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
