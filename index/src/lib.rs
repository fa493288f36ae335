//! Vietnamese search over procedures and FAQs.
//!
//! This crate owns text analysis (NFC, lowercase, tone placement, diacritic folding, bigrams),
//! query building (stop-word weights, Telex repair, fuzzy matching, synonyms), the tantivy index
//! and ranking (BM25 plus a normalised confidence), snippets and suggestions.
//!
//! It must never know about HTTP, JSON on the wire, databases or async runtimes: it takes records
//! and queries and returns ranked hits.

mod accents;
pub mod analyzer;
mod confidence;
mod doc;
mod engine;
mod error;
mod exclusion;
mod family;
mod query;
mod schema;
mod snippet;
mod stopwords;
mod suggest;
mod synonyms;
mod telex;

pub use confidence::ANSWER_THRESHOLD;
pub use doc::{Hit, IndexDoc, Kind, Query, Results, Suggestion};
pub use engine::SearchIndex;
pub use error::{Error, Result};
pub use query::{Plan, QWord};
pub use stopwords::meaning_key;
pub use synonyms::Synonyms;
