//! Bulk import and export of content: JSON Lines (the shipped format), CSV and Excel `.xlsx`.
//! Import validates every row first and reports each problem with its line and field in
//! Vietnamese; callers apply nothing unless the whole file is valid.
//!
//! Rows: an FAQ (`question`, `answer`, …) or a procedure (`name`, …), told apart by a `kind`
//! column or by which of those columns is present; `retired` = true/có/1 takes the document out
//! of the live content. A procedure row of CSV/Excel updates only the columns it fills on top of
//! the procedure with that id, so editors can change one column of many rows in Excel.

use std::collections::{HashMap, HashSet};
use std::io::Cursor;

use dvc_api::{Document, Faq, Procedure};

use crate::content::Content;
use crate::storage::Change;

/// A file format of import and export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Jsonl,
    Csv,
    Xlsx,
}

impl Format {
    /// From a file name's extension or a `format=` parameter.
    pub fn parse(name: &str) -> Option<Format> {
        let ext = name.rsplit('.').next().unwrap_or(name).to_ascii_lowercase();
        match ext.as_str() {
            "jsonl" | "json" | "ndjson" => Some(Format::Jsonl),
            "csv" => Some(Format::Csv),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    }
}

/// One problem in an imported file.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RowError {
    /// 1-based line (JSON Lines, CSV) or row (Excel); 0 for the file as a whole.
    pub line: usize,
    pub field: Option<String>,
    pub message: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.field, self.line) {
            (Some(field), 0) => write!(f, "trường {field}: {}", self.message),
            (Some(field), line) => write!(f, "dòng {line}, trường {field}: {}", self.message),
            (None, 0) => write!(f, "{}", self.message),
            (None, line) => write!(f, "dòng {line}: {}", self.message),
        }
    }
}

fn err(line: usize, field: Option<&str>, message: impl Into<String>) -> RowError {
    RowError { line, field: field.map(str::to_string), message: message.into() }
}

pub const MAX_IMPORT_BYTES: usize = 64 * 1024 * 1024;
const MAX_ID: usize = 100;
const MAX_QUESTION: usize = 500;
const MAX_ANSWER: usize = 10_000;
const MAX_ALT_QUESTIONS: usize = 20;

/// Columns of the CSV/Excel layout, in export order.
pub const FAQ_COLUMNS: [&str; 10] =
    ["kind", "id", "question", "alt_questions", "answer", "category", "agency", "source", "reviewed", "related"];
pub const PROCEDURE_COLUMNS: [&str; 20] = [
    "kind",
    "id",
    "code",
    "name",
    "field",
    "agency",
    "implementation_level",
    "online_level",
    "online_url",
    "local_notes",
    "receiving_address",
    "processing_time",
    "fees",
    "documents_text",
    "steps",
    "requirements",
    "result",
    "legal_basis_text",
    "target",
    "source_url",
];

/// Check one document an editor wrote; problems as (field, Vietnamese message).
pub fn validate(doc: &Document, known_ids: &dyn Fn(&str) -> bool) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let id = doc.id();
    if id.is_empty() || id.chars().count() > MAX_ID {
        out.push(("id", format!("Mã (id) phải có từ 1 đến {MAX_ID} ký tự.")));
    } else if !id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')) {
        out.push(("id", "Mã (id) chỉ gồm chữ cái không dấu, chữ số và dấu . _ -".to_string()));
    }
    let url_ok =
        |u: &Option<String>| u.as_deref().is_none_or(|u| u.starts_with("https://") || u.starts_with("http://"));
    match doc {
        Document::Faq(f) => {
            if f.question.trim().is_empty() || f.question.chars().count() > MAX_QUESTION {
                out.push(("question", format!("Câu hỏi không được để trống và tối đa {MAX_QUESTION} ký tự.")));
            }
            if f.answer.trim().is_empty() || f.answer.chars().count() > MAX_ANSWER {
                out.push(("answer", format!("Câu trả lời không được để trống và tối đa {MAX_ANSWER} ký tự.")));
            }
            if f.alt_questions.len() > MAX_ALT_QUESTIONS
                || f.alt_questions.iter().any(|q| q.trim().is_empty() || q.chars().count() > MAX_QUESTION)
            {
                out.push((
                    "alt_questions",
                    format!(
                        "Tối đa {MAX_ALT_QUESTIONS} cách hỏi khác, mỗi cách không trống và tối đa {MAX_QUESTION} ký tự."
                    ),
                ));
            }
            if let Some(missing) = f.related.iter().find(|r| !known_ids(r)) {
                out.push(("related", format!("Không tìm thấy thủ tục có mã {missing}.")));
            }
        }
        Document::Procedure(p) => {
            if p.name.trim().is_empty() {
                out.push(("name", "Tên thủ tục không được để trống.".to_string()));
            }
            if let Some(level) = &p.online_level
                && level != "toàn trình"
                && level != "một phần"
            {
                out.push((
                    "online_level",
                    "Mức trực tuyến chỉ nhận \"toàn trình\" hoặc \"một phần\" (hoặc để trống).".into(),
                ));
            }
            if !url_ok(&p.online_url) {
                out.push(("online_url", "Đường dẫn nộp trực tuyến phải bắt đầu bằng https:// hoặc http://".into()));
            }
            if !url_ok(&p.source_url) {
                out.push(("source_url", "Đường dẫn nguồn phải bắt đầu bằng https:// hoặc http://".into()));
            }
        }
    }
    out
}

/// A parsed row before validation: its line, and a change.
type Row = (usize, Change);

/// Parse and validate a whole file against the live content. `Err` lists every problem.
pub fn parse(bytes: &[u8], format: Format, current: &Content) -> Result<Vec<Change>, Vec<RowError>> {
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(vec![err(0, None, format!("Tệp quá lớn (tối đa {} MB).", MAX_IMPORT_BYTES / 1024 / 1024))]);
    }
    let (rows, mut errors) = match format {
        Format::Jsonl => jsonl_rows(bytes),
        Format::Csv => match csv_records(bytes) {
            Ok(records) => table_rows(records, current),
            Err(e) => (vec![], vec![e]),
        },
        Format::Xlsx => match xlsx_records(bytes) {
            Ok(records) => table_rows(records, current),
            Err(e) => (vec![], vec![e]),
        },
    };
    let mut first_line: HashMap<String, usize> = HashMap::new();
    let file_ids: HashSet<String> = rows
        .iter()
        .filter_map(|(_, c)| match c {
            Change::Upsert(d) => Some(d.id().to_string()),
            Change::Retire(_) => None,
        })
        .collect();
    let known =
        |id: &str| current.get(id).is_some_and(|d| matches!(d, Document::Procedure(_))) || file_ids.contains(id);
    for (line, change) in &rows {
        let id = match change {
            Change::Upsert(d) => d.id(),
            Change::Retire(id) => id.as_str(),
        };
        if let Some(first) = first_line.insert(id.to_string(), *line) {
            errors.push(err(*line, Some("id"), format!("Mã {id} trùng với dòng {first}.")));
        }
        match change {
            Change::Upsert(doc) => {
                for (field, message) in validate(doc, &known) {
                    errors.push(err(*line, Some(field), message));
                }
            }
            Change::Retire(id) if current.get(id).is_none() => {
                errors.push(err(*line, Some("id"), format!("Không có tài liệu mã {id} để ngừng áp dụng.")));
            }
            Change::Retire(_) => {}
        }
    }
    if rows.is_empty() && errors.is_empty() {
        errors.push(err(0, None, "Tệp không có dòng dữ liệu nào."));
    }
    errors.sort_by_key(|e| e.line);
    if errors.is_empty() { Ok(rows.into_iter().map(|(_, c)| c).collect()) } else { Err(errors) }
}

fn truthy(v: &str) -> bool {
    matches!(v.trim().to_lowercase().as_str(), "true" | "1" | "có" | "co" | "x" | "yes")
}

fn jsonl_rows(bytes: &[u8]) -> (Vec<Row>, Vec<RowError>) {
    let (mut rows, mut errors) = (vec![], vec![]);
    let Ok(text) = std::str::from_utf8(bytes) else {
        return (rows, vec![err(0, None, "Tệp không phải văn bản UTF-8.")]);
    };
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value = match serde_json::from_str(line) {
            Ok(v @ serde_json::Value::Object(_)) => v,
            Ok(_) => {
                errors.push(err(n, None, "Mỗi dòng phải là một đối tượng JSON {...}."));
                continue;
            }
            Err(e) => {
                errors.push(err(n, None, format!("JSON không hợp lệ (cột {}).", e.column())));
                continue;
            }
        };
        let id = value["id"].as_str().unwrap_or_default().to_string();
        if value["retired"].as_bool() == Some(true) {
            rows.push((n, Change::Retire(id)));
            continue;
        }
        let kind = value["kind"]
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| if value.get("question").is_some() { "faq".into() } else { "procedure".into() });
        let doc = match kind.as_str() {
            "faq" => serde_json::from_value::<Faq>(value).map(Document::Faq),
            "procedure" => serde_json::from_value::<Procedure>(value).map(Document::Procedure),
            _ => {
                errors.push(err(n, Some("kind"), "Loại (kind) chỉ nhận \"faq\" hoặc \"procedure\"."));
                continue;
            }
        };
        match doc {
            Ok(d) => rows.push((n, Change::Upsert(d))),
            Err(e) => errors.push(err(n, None, format!("Sai kiểu dữ liệu: {e}."))),
        }
    }
    (rows, errors)
}

/// A table's header and its records with their line numbers.
type Records = (Vec<String>, Vec<(usize, Vec<String>)>);

fn csv_records(bytes: &[u8]) -> Result<Records, RowError> {
    // Excel writes a byte-order mark in front of UTF-8 CSV
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let header: Vec<String> = reader
        .headers()
        .map_err(|_| err(1, None, "Không đọc được dòng tiêu đề (tệp CSV UTF-8, phân cách bằng dấu phẩy)."))?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    let mut records = vec![];
    for r in reader.records() {
        match r {
            Ok(r) => {
                let line = r.position().map(|p| p.line() as usize).unwrap_or(0);
                records.push((line, r.iter().map(str::to_string).collect()));
            }
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize).unwrap_or(0);
                return Err(err(line, None, "Dòng CSV không hợp lệ (kiểm tra dấu ngoặc kép hoặc mã hóa UTF-8)."));
            }
        }
    }
    Ok((header, records))
}

fn xlsx_records(bytes: &[u8]) -> Result<Records, RowError> {
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes.to_vec()))
        .map_err(|_| err(0, None, "Không mở được tệp Excel (.xlsx)."))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| err(0, None, "Tệp Excel không có trang tính nào."))?
        .map_err(|_| err(0, None, "Không đọc được trang tính đầu tiên."))?;
    let first_row = range.start().map(|(r, _)| r as usize).unwrap_or(0);
    let mut rows = range.rows().enumerate();
    let header = match rows.next() {
        Some((_, h)) => h.iter().map(|c| c.to_string().trim().to_lowercase()).collect(),
        None => return Err(err(0, None, "Trang tính đầu tiên trống.")),
    };
    let records = rows
        .map(|(i, r)| (first_row + i + 1, r.iter().map(|c| c.to_string()).collect::<Vec<_>>()))
        .filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty()))
        .collect();
    Ok((header, records))
}

fn table_rows((header, records): Records, current: &Content) -> (Vec<Row>, Vec<RowError>) {
    let (mut rows, mut errors) = (vec![], vec![]);
    let col = |name: &str| header.iter().position(|h| h == name);
    if col("id").is_none() {
        return (rows, vec![err(1, Some("id"), "Thiếu cột id.")]);
    }
    let known: HashSet<&str> = FAQ_COLUMNS.iter().chain(PROCEDURE_COLUMNS.iter()).copied().chain(["retired"]).collect();
    if let Some(unknown) = header.iter().find(|h| !h.is_empty() && !known.contains(h.as_str())) {
        errors.push(err(1, Some(unknown), format!("Cột \"{unknown}\" không được hỗ trợ.")));
    }
    for (line, record) in records {
        let get = |name: &str| col(name).and_then(|i| record.get(i)).map(|v| v.trim().to_string()).unwrap_or_default();
        let opt = |name: &str| Some(get(name)).filter(|v| !v.is_empty());
        let id = get("id");
        if truthy(&get("retired")) {
            rows.push((line, Change::Retire(id)));
            continue;
        }
        let kind = match get("kind").to_lowercase().as_str() {
            "" if col("question").is_some() && !get("question").is_empty() => "faq",
            "" => "procedure",
            "faq" => "faq",
            "procedure" => "procedure",
            _ => {
                errors.push(err(line, Some("kind"), "Loại (kind) chỉ nhận \"faq\" hoặc \"procedure\"."));
                continue;
            }
        };
        let doc = if kind == "faq" {
            let base = match current.get(&id) {
                Some(Document::Faq(f)) => f.clone(),
                _ => Faq { id: id.clone(), ..Faq::default() },
            };
            let list = |v: String| v.split('|').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
            Document::Faq(Faq {
                question: opt("question").unwrap_or(base.question),
                alt_questions: opt("alt_questions").map(list).unwrap_or(base.alt_questions),
                answer: opt("answer").unwrap_or(base.answer),
                category: opt("category").or(base.category),
                agency: opt("agency").or(base.agency),
                source: opt("source").or(base.source),
                reviewed: opt("reviewed").map(|v| truthy(&v)).unwrap_or(base.reviewed),
                related: opt("related").map(list).unwrap_or(base.related),
                ..base
            })
        } else {
            let mut p = match current.get(&id) {
                Some(Document::Procedure(p)) => p.clone(),
                _ => Procedure { id: id.clone(), ..Procedure::default() },
            };
            if let Some(v) = opt("code") {
                p.code = v;
            }
            if let Some(v) = opt("name") {
                p.name = v;
            }
            for (name, slot) in [
                ("field", &mut p.field),
                ("agency", &mut p.agency),
                ("implementation_level", &mut p.implementation_level),
                ("online_level", &mut p.online_level),
                ("online_url", &mut p.online_url),
                ("local_notes", &mut p.local_notes),
                ("receiving_address", &mut p.receiving_address),
                ("processing_time", &mut p.processing_time),
                ("fees", &mut p.fees),
                ("documents_text", &mut p.documents_text),
                ("steps", &mut p.steps),
                ("requirements", &mut p.requirements),
                ("result", &mut p.result),
                ("legal_basis_text", &mut p.legal_basis_text),
                ("target", &mut p.target),
                ("source_url", &mut p.source_url),
            ] {
                if let Some(v) = opt(name) {
                    *slot = Some(if name == "online_level" { v.to_lowercase() } else { v });
                }
            }
            Document::Procedure(p)
        };
        rows.push((line, Change::Upsert(doc)));
    }
    (rows, errors)
}

/// Export documents of `kind` ("faq", "procedure" or all) as JSON Lines or CSV.
pub fn export(content: &Content, kind: Option<&str>, format: Format) -> Result<Vec<u8>, String> {
    let docs = content.docs.iter().filter(|d| kind.is_none_or(|k| d.kind().as_str() == k));
    match format {
        Format::Jsonl => {
            let mut out = Vec::new();
            for d in docs {
                out.extend(serde_json::to_vec(d).map_err(|e| e.to_string())?);
                out.push(b'\n');
            }
            Ok(out)
        }
        Format::Csv => {
            let columns = columns_of(kind);
            let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
            w.write_record(columns).map_err(|e| e.to_string())?;
            for d in docs {
                w.write_record(columns.iter().map(|c| cell(d, c))).map_err(|e| e.to_string())?;
            }
            w.into_inner().map_err(|e| e.to_string())
        }
        Format::Xlsx => {
            let columns = columns_of(kind);
            let mut book = rust_xlsxwriter::Workbook::new();
            let sheet = book.add_worksheet();
            let xerr = |e: rust_xlsxwriter::XlsxError| e.to_string();
            for (c, name) in columns.iter().enumerate() {
                sheet.write_string(0, c as u16, *name).map_err(xerr)?;
            }
            for (r, d) in docs.enumerate() {
                for (c, col) in columns.iter().enumerate() {
                    let value = cell(d, col);
                    // too long for an Excel cell: left empty, which an import reads as "keep the
                    // current value" (JSON Lines and CSV carry it whole)
                    if !value.is_empty() && value.chars().count() <= XLSX_MAX_CELL {
                        sheet.write_string(r as u32 + 1, c as u16, &value).map_err(xerr)?;
                    }
                }
            }
            book.save_to_buffer().map_err(xerr)
        }
    }
}

/// Longest text an Excel cell holds.
const XLSX_MAX_CELL: usize = 32_767;

/// The table columns of an export: FAQ columns for FAQs, else procedure columns.
fn columns_of(kind: Option<&str>) -> &'static [&'static str] {
    if kind == Some("faq") { &FAQ_COLUMNS } else { &PROCEDURE_COLUMNS }
}

fn cell(d: &Document, column: &str) -> String {
    let o = |v: &Option<String>| v.clone().unwrap_or_default();
    match d {
        Document::Faq(f) => match column {
            "kind" => "faq".into(),
            "id" => f.id.clone(),
            "question" => f.question.clone(),
            "alt_questions" => f.alt_questions.join(" | "),
            "answer" => f.answer.clone(),
            "category" => o(&f.category),
            "agency" => o(&f.agency),
            "source" => o(&f.source),
            "reviewed" => f.reviewed.to_string(),
            "related" => f.related.join(" | "),
            _ => String::new(),
        },
        Document::Procedure(p) => match column {
            "kind" => "procedure".into(),
            "id" => p.id.clone(),
            "code" => p.code.clone(),
            "name" => p.name.clone(),
            "field" => o(&p.field),
            "agency" => o(&p.agency),
            "implementation_level" => o(&p.implementation_level),
            "online_level" => o(&p.online_level),
            "online_url" => o(&p.online_url),
            "local_notes" => o(&p.local_notes),
            "receiving_address" => o(&p.receiving_address),
            "processing_time" => o(&p.processing_time),
            "fees" => o(&p.fees),
            "documents_text" => o(&p.documents_text),
            "steps" => o(&p.steps),
            "requirements" => o(&p.requirements),
            "result" => o(&p.result),
            "legal_basis_text" => o(&p.legal_basis_text),
            "target" => o(&p.target),
            "source_url" => o(&p.source_url),
            _ => String::new(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content() -> Content {
        let p = Procedure { id: "tthc-1".into(), name: "Đăng ký khai sinh".into(), ..Procedure::default() };
        let f = Faq { id: "faq-1".into(), question: "Hỏi?".into(), answer: "Đáp.".into(), ..Faq::default() };
        Content::from_docs(vec![Document::Procedure(p), Document::Faq(f)], "2026-11-24".into())
    }

    fn lines_of(e: Vec<RowError>) -> Vec<(usize, Option<String>)> {
        e.into_iter().map(|e| (e.line, e.field)).collect()
    }

    #[test]
    fn every_bad_jsonl_row_is_reported_with_its_line_and_field() {
        let file = concat!(
            r#"{"id":"faq-2","question":"Làm lại CCCD ở đâu?","answer":"Tại công an xã."}"#,
            "\n\n",
            r#"{"id":"faq-3","question":"","answer":"x"}"#,
            "\n{broken\n",
            r#"{"id":"faq-2","question":"Trùng?","answer":"y"}"#,
            "\n",
            r#"{"id":"có dấu","kind":"faq","question":"Q","answer":"A","related":["tthc-9"]}"#,
            "\n",
            r#"{"id":"tthc-1","kind":"procedure","name":"X","online_level":"nửa chừng"}"#,
            "\n",
            r#"{"id":"faq-9","retired":true}"#,
        );
        let errors = parse(file.as_bytes(), Format::Jsonl, &content()).unwrap_err();
        assert_eq!(
            lines_of(errors.clone()),
            [
                (3, Some("question".into())),
                (4, None),
                (5, Some("id".into())),
                (6, Some("id".into())),
                (6, Some("related".into())),
                (7, Some("online_level".into())),
                (8, Some("id".into())),
            ]
        );
        assert_eq!(errors[2].to_string(), "dòng 5, trường id: Mã faq-2 trùng với dòng 1.");
    }

    #[test]
    fn csv_rows_update_only_the_columns_they_fill_and_retire() {
        let file = "\u{feff}id,name,local_notes,retired\ntthc-1,,\"Bộ phận một cửa, 8h–17h\",\nfaq-1,,,có\n";
        let changes = parse(file.as_bytes(), Format::Csv, &content()).unwrap();
        match &changes[0] {
            Change::Upsert(Document::Procedure(p)) => {
                assert_eq!(p.name, "Đăng ký khai sinh", "an empty cell keeps the value");
                assert_eq!(p.local_notes.as_deref(), Some("Bộ phận một cửa, 8h–17h"));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(changes[1], Change::Retire("faq-1".into()));
        let bad = parse(b"id,colour\nx,y\n", Format::Csv, &content()).unwrap_err();
        assert_eq!(lines_of(bad), [(1, Some("colour".into())), (2, Some("name".into()))]);
        let broken = parse(b"id,name\n\"tthc-1,x\n", Format::Csv, &content());
        assert!(broken.is_err());
    }

    #[test]
    fn export_then_import_gives_the_same_documents() {
        let c = content();
        for (format, kind) in [
            (Format::Jsonl, None),
            (Format::Csv, Some("faq")),
            (Format::Csv, Some("procedure")),
            (Format::Xlsx, Some("faq")),
            (Format::Xlsx, Some("procedure")),
        ] {
            let bytes = export(&c, kind, format).unwrap();
            let changes = parse(&bytes, format, &c).unwrap();
            let back: Vec<Document> = changes
                .into_iter()
                .map(|ch| match ch {
                    Change::Upsert(d) => d,
                    Change::Retire(id) => panic!("retired {id}"),
                })
                .collect();
            let expected: Vec<Document> =
                c.docs.iter().filter(|d| kind.is_none_or(|k| d.kind().as_str() == k)).cloned().collect();
            assert_eq!(back, expected, "{format:?} {kind:?}");
        }
    }

    #[test]
    fn a_file_that_is_not_excel_is_refused_clearly() {
        let e = parse(b"not a zip", Format::Xlsx, &content()).unwrap_err();
        assert_eq!(e[0].message, "Không mở được tệp Excel (.xlsx).");
        assert_eq!(Format::parse("faq.XLSX"), Some(Format::Xlsx));
        assert_eq!(Format::parse("x.pdf"), None);
    }
}
