//! Content records: procedures (thủ tục hành chính) and FAQs, in the shipped JSON Lines format.
//!
//! The `id` of a record is the document id everywhere (search hits, cards, tickets, analytics).

use serde::{Deserialize, Serialize};

/// Which kind of content a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocKind {
    Procedure,
    Faq,
}

impl DocKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::Procedure => "procedure",
            DocKind::Faq => "faq",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "procedure" => Some(DocKind::Procedure),
            "faq" => Some(DocKind::Faq),
            _ => None,
        }
    }
}

/// One submission channel of a procedure (Trực tiếp, Trực tuyến, Dịch vụ bưu chính).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SubmissionMethod {
    pub channel: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub processing_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One entry of the dossier (thành phần hồ sơ).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DocumentItem {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case: Option<String>,
}

/// An administrative procedure as published on the national public-service portal.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Procedure {
    pub id: String,
    pub code: String,
    pub name: String,
    pub publisher: Option<String>,
    pub decision_no: Option<String>,
    pub implementation_level: Option<String>,
    pub procedure_type: Option<String>,
    pub field: Option<String>,
    pub target: Option<String>,
    pub agency: Option<String>,
    pub competent_authority: Option<String>,
    pub receiving_address: Option<String>,
    pub delegated_agency: Option<String>,
    pub coordinating_agency: Option<String>,
    pub related_procedures: Option<String>,
    /// "toàn trình" | "một phần" | null
    pub online_level: Option<String>,
    pub processing_time: Option<String>,
    pub fees: Option<String>,
    pub submission_methods: Vec<SubmissionMethod>,
    pub steps: Option<String>,
    pub documents: Option<Vec<DocumentItem>>,
    pub documents_text: Option<String>,
    pub requirements: Option<String>,
    pub result: Option<String>,
    pub result_code: Option<String>,
    pub legal_basis: Option<Vec<String>>,
    pub legal_basis_text: Option<String>,
    pub source_url: Option<String>,
    pub source: Option<String>,
    /// Link where this province files it online (set by editors; the national page otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub online_url: Option<String>,
    /// Local notes by editors: address of the one-stop desk, opening hours.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub local_notes: Option<String>,
}

/// A frequently asked question with an editor-written (or, for the shipped sample, machine-summarised) answer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Faq {
    pub id: String,
    pub question: String,
    /// Other ways citizens phrase the same question; searched like the question.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub alt_questions: Vec<String>,
    pub answer: String,
    pub category: Option<String>,
    pub agency: Option<String>,
    pub source: Option<String>,
    pub source_path: Option<String>,
    pub provenance: Option<String>,
    /// Whether an editor has reviewed the answer. Shipped sample FAQs are unreviewed and shown as such.
    pub reviewed: bool,
    /// Ids of procedures this question is about.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<String>,
}

/// A content record of either kind, tagged with `kind` on the wire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
#[allow(clippy::large_enum_variant, reason = "documents live in one Vec and are rarely moved; boxing buys nothing")]
pub enum Document {
    Procedure(Procedure),
    Faq(Faq),
}

impl Document {
    pub fn id(&self) -> &str {
        match self {
            Document::Procedure(p) => &p.id,
            Document::Faq(f) => &f.id,
        }
    }

    pub fn kind(&self) -> DocKind {
        match self {
            Document::Procedure(_) => DocKind::Procedure,
            Document::Faq(_) => DocKind::Faq,
        }
    }

    pub fn title(&self) -> &str {
        match self {
            Document::Procedure(p) => &p.name,
            Document::Faq(f) => &f.question,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_records_parse_and_keep_their_kind_tag() {
        let line = r#"{"id":"faq-x-01","question":"Hỏi?","answer":"Đáp.","category":"Cư trú"}"#;
        let faq: Faq = serde_json::from_str(line).unwrap();
        assert!(!faq.reviewed);
        let doc = Document::Faq(faq);
        let json = serde_json::to_value(&doc).unwrap();
        assert_eq!(json["kind"], "faq");
        assert_eq!(json["id"], "faq-x-01");
        let back: Document = serde_json::from_value(json).unwrap();
        assert_eq!(back, doc);
    }

    #[test]
    fn procedure_nulls_are_accepted() {
        let line = r#"{"id":"tthc-1","code":"1","name":"Thủ tục","documents":null,"legal_basis":null,"submission_methods":[{"channel":"Trực tiếp","fee":"Miễn phí"}]}"#;
        let p: Procedure = serde_json::from_str(line).unwrap();
        assert_eq!(p.submission_methods[0].fee.as_deref(), Some("Miễn phí"));
        assert!(p.documents.is_none());
    }
}
