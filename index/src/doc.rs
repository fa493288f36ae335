//! What the index takes in and gives back: plain records, no wire format.

/// Which kind of content a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Procedure,
    Faq,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Procedure => "procedure",
            Kind::Faq => "faq",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "procedure" => Some(Kind::Procedure),
            "faq" => Some(Kind::Faq),
            _ => None,
        }
    }
}

/// A document to index.
#[derive(Debug, Clone)]
pub struct IndexDoc {
    pub id: String,
    pub kind: Kind,
    /// Procedure name or FAQ question.
    pub title: String,
    /// Other phrasings of the title (an FAQ's alternative questions); weigh like the title.
    pub alt_titles: Vec<String>,
    /// Everything else worth searching.
    pub body: String,
    /// Short text the snippet is cut from.
    pub summary: String,
    /// Prior weight of the document (1.0 = neutral), e.g. higher for procedures citizens can do
    /// locally than for ministry-only ones.
    pub boost: f32,
}

impl IndexDoc {
    /// A document without alternative titles, whose body is also its summary, at neutral boost
    /// (small fixtures, fuzzing).
    pub fn plain(id: &str, kind: Kind, title: &str, body: &str) -> Self {
        IndexDoc {
            id: id.into(),
            kind,
            title: title.into(),
            alt_titles: vec![],
            body: body.into(),
            summary: body.into(),
            boost: 1.0,
        }
    }
}

/// One ranked result.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub id: String,
    pub kind: Kind,
    pub title: String,
    pub snippet: String,
    /// Character ranges `[start, end)` of `snippet` that matched.
    pub highlights: Vec<[usize; 2]>,
    pub score: f32,
    /// In `[0, 1]`: how well the hit covers the query; comparable across queries.
    pub confidence: f32,
}

/// A search request.
#[derive(Debug, Clone, Copy)]
pub struct Query<'a> {
    pub text: &'a str,
    pub limit: usize,
    pub kind: Option<Kind>,
}

/// Ranked hits and the number of matching documents.
#[derive(Debug, Clone, PartialEq)]
pub struct Results {
    pub total: usize,
    pub hits: Vec<Hit>,
}

/// An as-you-type suggestion.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    pub id: String,
    pub kind: Kind,
    pub title: String,
}
