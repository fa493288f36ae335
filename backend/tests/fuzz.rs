//! Property tests with large budgets for everything a request can reach with arbitrary input:
//! the query builder and search, the synonym parser, the phone parser, and the import parsers
//! (JSON Lines, CSV, Excel). None may panic. `cargo xtask fuzz` runs them with 100,000 cases
//! each (`PROPTEST_CASES`); the test suite runs the default 256.

use dvc_api::{Document, Faq, Procedure};
use dvc_backend::content::Content;
use dvc_backend::import::{self, Format};
use dvc_backend::phone;
use dvc_index::{IndexDoc, Kind, Query, SearchIndex, Synonyms};
use proptest::prelude::*;
use std::sync::OnceLock;

fn index() -> &'static SearchIndex {
    static INDEX: OnceLock<SearchIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let doc = IndexDoc::plain;
        let docs = [
            doc("a", Kind::Procedure, "Đăng ký khai sinh", "Ủy ban nhân dân cấp xã, giấy khai sinh"),
            doc("b", Kind::Procedure, "Cấp lại thẻ Căn cước", "Công an cấp xã, CCCD, 98/2024/NĐ-CP"),
            doc("c", Kind::Faq, "Lệ phí hộ chiếu bao nhiêu?", "200.000 đồng"),
        ];
        SearchIndex::build_in_ram(docs.iter()).expect("index builds")
    })
}

fn content() -> &'static Content {
    static CONTENT: OnceLock<Content> = OnceLock::new();
    CONTENT.get_or_init(|| {
        let p = Procedure { id: "tthc-1".into(), name: "Đăng ký khai sinh".into(), ..Procedure::default() };
        let f = Faq { id: "faq-1".into(), question: "Hỏi?".into(), answer: "Đáp.".into(), ..Faq::default() };
        Content::from_docs(vec![Document::Procedure(p), Document::Faq(f)], "2026-11-24".into())
    })
}

/// Text citizens could type: Vietnamese letters with all marks, Telex leftovers, digits,
/// punctuation, combining marks, emoji, and any other code point.
fn citizen_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9đĐăâêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ ?.,/-]{0,120}",
        "[\\u{0300}-\\u{036f}a-z ]{0,60}",
        any::<String>(),
    ]
}

proptest! {
    #[test]
    fn search_never_panics(q in citizen_text(), limit in 1usize..60) {
        let synonyms = Synonyms::parse("cccd, căn cước công dân => căn cước\nsổ đỏ => giấy chứng nhận quyền sử dụng đất").unwrap();
        let r = index().search(Query { text: &q, limit, kind: None }, &synonyms);
        prop_assert!(r.is_ok());
        for hit in r.unwrap().hits {
            prop_assert!((0.0..=1.0).contains(&hit.confidence));
        }
        let _ = index().suggest(&q, 5, None);
    }

    #[test]
    fn synonym_files_never_panic(text in "([a-zđăâêôơư ,=>#\\n]{0,40}\\n){0,8}") {
        let _ = Synonyms::parse(&text);
    }

    #[test]
    fn phone_numbers_never_panic(input in prop_oneof!["[0-9 .+()-]{0,20}", any::<String>()]) {
        if let Ok(e164) = phone::normalize(&input) {
            prop_assert!(e164.starts_with("+84") && e164[1..].chars().all(|c| c.is_ascii_digit()));
        }
    }

    #[test]
    fn jsonl_imports_never_panic(lines in proptest::collection::vec(prop_oneof![
        any::<String>(),
        "\\{\"id\":\"[a-z0-9-]{0,8}\",(\"question\":\"[^\"]{0,10}\",)?\"answer\":\"x\"(,\"retired\":true)?\\}",
    ], 0..6)) {
        let _ = import::parse(lines.join("\n").as_bytes(), Format::Jsonl, content());
    }

    #[test]
    fn csv_imports_never_panic(body in "[a-z0-9,\"\\n ;đ-]{0,200}", header in prop_oneof![Just("id,question,answer\n"), Just("kind,id,name,retired\n"), Just("")]) {
        let _ = import::parse(format!("{header}{body}").as_bytes(), Format::Csv, content());
    }

    #[test]
    fn excel_imports_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        // arbitrary bytes, and the zip signature followed by garbage
        let _ = import::parse(&bytes, Format::Xlsx, content());
        let mut zip = b"PK\x03\x04".to_vec();
        zip.extend(&bytes);
        let _ = import::parse(&zip, Format::Xlsx, content());
    }
}
