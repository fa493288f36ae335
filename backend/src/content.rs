//! The content the server answers from: procedures and FAQs read from JSON Lines files, and
//! how each record is presented to the search index.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use dvc_api::{Document, Faq, Procedure};
use dvc_index::{IndexDoc, Kind};

/// The files of a content directory, in load order.
pub const PROCEDURE_FILES: [&str; 2] = ["procedures.jsonl", "procedures_central.jsonl"];
pub const FAQ_FILE: &str = "faqs.jsonl";
pub const SYNONYMS_FILE: &str = "synonyms.txt";

#[derive(Debug, thiserror::Error)]
pub enum ContentError {
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{path}:{line}: {message}")]
    Parse { path: PathBuf, line: usize, message: String },
    #[error("{path}:{line}: duplicate id {id}")]
    Duplicate { path: PathBuf, line: usize, id: String },
    #[error("no content found in {0}")]
    Empty(PathBuf),
}

/// Every document, by id, plus a fingerprint of the source files.
#[derive(Debug, Default)]
pub struct Content {
    pub docs: Vec<Document>,
    pub by_id: HashMap<String, usize>,
    pub fingerprint: u64,
    /// Date (YYYY-MM-DD, UTC) of the newest content file: the content version answers cite.
    pub date: String,
}

impl Content {
    pub fn get(&self, id: &str) -> Option<&Document> {
        self.by_id.get(id).map(|&i| &self.docs[i])
    }

    /// Content of `docs` put in the canonical order (procedures, then FAQs, each by id), so the
    /// same documents give the same fingerprint and index wherever they were read from; `date`
    /// (YYYY-MM-DD) is the content version answers cite.
    pub fn from_docs(mut docs: Vec<Document>, date: String) -> Self {
        docs.sort_by(|a, b| (a.kind() as u8, a.id()).cmp(&(b.kind() as u8, b.id())));
        let by_id = docs.iter().enumerate().map(|(i, d)| (d.id().to_string(), i)).collect();
        let mut hasher = std::hash::DefaultHasher::new();
        for d in &docs {
            serde_json::to_string(d).unwrap_or_default().hash(&mut hasher);
        }
        Content { docs, by_id, fingerprint: hasher.finish(), date }
    }
}

/// Load `procedures*.jsonl` and `faqs.jsonl` from `dir`. Files that do not exist are skipped;
/// a malformed line fails the whole load with its file and line number.
pub fn load(dir: &Path) -> Result<Content, ContentError> {
    let mut docs: Vec<Document> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    let mut newest = std::time::UNIX_EPOCH;
    let files = PROCEDURE_FILES.iter().map(|f| (f, Kind::Procedure)).chain([(&FAQ_FILE, Kind::Faq)]);
    for (name, kind) in files {
        let path = dir.join(name);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(source) => return Err(ContentError::Io { path, source }),
        };
        if let Ok(m) = std::fs::metadata(&path).and_then(|m| m.modified()) {
            newest = newest.max(m);
        }
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let parse_err =
                |e: serde_json::Error| ContentError::Parse { path: path.clone(), line: i + 1, message: e.to_string() };
            let doc = match kind {
                Kind::Procedure => Document::Procedure(serde_json::from_str::<Procedure>(line).map_err(parse_err)?),
                Kind::Faq => Document::Faq(serde_json::from_str::<Faq>(line).map_err(parse_err)?),
            };
            if doc.id().is_empty() || doc.title().trim().is_empty() {
                return Err(ContentError::Parse { path, line: i + 1, message: "missing id or title".into() });
            }
            if by_id.insert(doc.id().to_string(), docs.len()).is_some() {
                return Err(ContentError::Duplicate { path, line: i + 1, id: doc.id().to_string() });
            }
            docs.push(doc);
        }
    }
    if docs.is_empty() {
        return Err(ContentError::Empty(dir.to_path_buf()));
    }
    drop(by_id);
    Ok(Content::from_docs(docs, crate::clock::date_of(newest)))
}

/// How a record is searched: title, alternative titles, body, and the text snippets are cut from.
pub fn index_doc(doc: &Document) -> IndexDoc {
    match doc {
        Document::Procedure(p) => {
            let mut body: Vec<&str> = Vec::new();
            body.extend([&p.field, &p.target, &p.agency, &p.result, &p.requirements].into_iter().map(opt));
            body.push(p.steps.as_deref().unwrap_or(""));
            for d in p.documents.iter().flatten() {
                body.push(&d.name);
            }
            body.push(opt(&p.documents_text));
            body.push(&p.code);
            let summary = [p.field.as_deref(), p.agency.as_deref(), p.result.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" · ");
            IndexDoc {
                id: p.id.clone(),
                kind: Kind::Procedure,
                title: p.name.clone(),
                alt_titles: vec![],
                body: body.join("\n"),
                summary: truncate_chars(&summary, 400),
                boost: if is_local(p) { 1.0 } else { CENTRAL_BOOST },
            }
        }
        Document::Faq(f) => IndexDoc {
            id: f.id.clone(),
            kind: Kind::Faq,
            title: f.question.clone(),
            alt_titles: f.alt_questions.clone(),
            body: format!("{}\n{}", f.answer, f.category.as_deref().unwrap_or("")),
            summary: truncate_chars(&f.answer, 600),
            boost: FAQ_BOOST,
        },
    }
}

/// Procedures only a ministry handles matter less to a provincial portal than those done at the
/// province or commune.
const CENTRAL_BOOST: f32 = 0.75;
/// An FAQ answers a citizen's question directly; prefer it over a procedure of equal match.
const FAQ_BOOST: f32 = 1.3;

/// Whether citizens can do the procedure at the province or commune.
pub fn is_local(p: &Procedure) -> bool {
    p.implementation_level.as_deref().is_some_and(|l| l.contains("Cấp tỉnh") || l.contains("Cấp xã"))
}

fn opt(o: &Option<String>) -> &str {
    o.as_deref().unwrap_or("")
}

fn truncate_chars(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => s[..i].to_string(),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_line_is_reported_with_its_number() {
        let dir = std::env::temp_dir().join(format!("dvc-content-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(FAQ_FILE), "{\"id\":\"a\",\"question\":\"Q?\",\"answer\":\"A\"}\n\n{broken\n").unwrap();
        let err = load(&dir).unwrap_err();
        assert!(matches!(err, ContentError::Parse { line: 3, .. }), "{err}");
        std::fs::write(dir.join(FAQ_FILE), "{\"id\":\"a\",\"question\":\"Q?\",\"answer\":\"A\"}\n{\"id\":\"a\",\"question\":\"Q2?\",\"answer\":\"B\"}\n").unwrap();
        assert!(matches!(load(&dir).unwrap_err(), ContentError::Duplicate { line: 2, .. }));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn truncates_on_char_boundaries() {
        assert_eq!(truncate_chars("Đăng ký", 3), "Đăn");
        assert_eq!(truncate_chars("ab", 5), "ab");
    }
}
