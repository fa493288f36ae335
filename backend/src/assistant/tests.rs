//! Dialogue tests: a small knowledge base built from content records, no server.

use dvc_api::{ActionKind, Confidence, Document, Faq, Procedure, SubmissionMethod};
use dvc_index::{Hit, Kind, Query, SearchIndex, Synonyms};

use super::*;
use crate::content::{Content, index_doc};

struct Kb {
    content: Content,
    index: SearchIndex,
    synonyms: Synonyms,
}

impl Knowledge for Kb {
    fn search(&self, text: &str, limit: usize, kind: Option<Kind>) -> Vec<Hit> {
        self.index.search(Query { text, limit, kind }, &self.synonyms).map(|r| r.hits).unwrap_or_default()
    }
    fn document(&self, id: &str) -> Option<&Document> {
        self.content.get(id)
    }
    fn content_date(&self) -> String {
        "2026-11-24".into()
    }
}

fn procedure(id: &str, name: &str, fee_direct: &str, fee_online: Option<&str>) -> Document {
    let mut methods = vec![SubmissionMethod {
        channel: "Trực tiếp".into(),
        processing_time: Some("07 ngày làm việc".into()),
        fee: Some(fee_direct.into()),
        note: None,
    }];
    if let Some(f) = fee_online {
        methods.push(SubmissionMethod {
            channel: "Trực tuyến".into(),
            processing_time: Some("07 ngày làm việc".into()),
            fee: Some(f.into()),
            note: None,
        });
    }
    Document::Procedure(Procedure {
        id: id.into(),
        code: id.trim_start_matches("tthc-").into(),
        name: name.into(),
        agency: Some("Công an cấp xã".into()),
        decision_no: Some("123/QĐ-BCA".into()),
        legal_basis: Some(vec!["26/2023/QH15".into()]),
        target: Some("Công dân Việt Nam".into()),
        source_url: Some(format!("https://dichvucong.gov.vn/p/{id}")),
        submission_methods: methods,
        steps: Some("Bước 1: Nộp hồ sơ\nBước 2: Nhận kết quả".into()),
        documents: Some(vec![dvc_api::DocumentItem {
            name: "- Tờ khai".into(),
            quantity: Some("1 bản chính".into()),
            ..Default::default()
        }]),
        implementation_level: Some("Cấp xã".into()),
        ..Default::default()
    })
}

fn kb() -> Kb {
    let docs = vec![
        procedure("tthc-cc", "Cấp lại thẻ căn cước", "70.000 đồng", Some("35.000 đồng")),
        procedure("tthc-ks", "Thủ tục đăng ký khai sinh", "Miễn phí", None),
        procedure("tthc-kh", "Thủ tục đăng ký kết hôn", "Miễn phí", Some("Miễn phí")),
        procedure("tthc-tt1", "Đăng ký tạm trú", "15.000 đồng", Some("7.000 đồng")),
        procedure("tthc-tt2", "Đăng ký tạm trú theo danh sách", "10.000 đồng", Some("5.000 đồng")),
        Document::Faq(Faq {
            id: "faq-vneid".into(),
            question: "Quên mật khẩu VNeID thì làm thế nào?".into(),
            answer: "Bạn chọn Quên mật khẩu trên ứng dụng VNeID.\nLàm theo hướng dẫn.".into(),
            source: Some("Công an phường".into()),
            ..Default::default()
        }),
    ];
    let content = Content::from_docs(docs, "2026-01-01".into());
    let index = SearchIndex::build_in_ram(&content.docs.iter().map(index_doc).collect::<Vec<_>>()).unwrap();
    Kb { content, index, synonyms: Synonyms::parse("cccd, cmnd => căn cước").unwrap() }
}

/// A message and the check of its reply.
type Step<'a> = (&'a str, &'a dyn Fn(&Reply));

/// Run a conversation; check each reply with `expect`.
fn converse(kb: &Kb, turns: &[Step<'_>]) -> DialogueState {
    let mut state = DialogueState::default();
    for (msg, expect) in turns {
        let reply = respond(kb, &mut state, Input::Message(msg), "1900 0000");
        expect(&reply);
    }
    state
}

fn card_id(r: &Reply) -> Option<&str> {
    r.card.as_ref().map(|c| c.id.as_str())
}

fn has_action(r: &Reply, kind: ActionKind) -> bool {
    r.actions.iter().any(|a| a.kind == kind)
}

#[test]
fn social_messages_get_short_fitting_replies() {
    let kb = kb();
    let table: &[(&str, &str, Confidence)] = &[
        ("Xin chào", "Xin chào", Confidence::High),
        ("cam on ban", "Không có gì", Confidence::High),
        ("Tạm biệt", "Chào bạn", Confidence::High),
        ("bạn là ai?", "trợ lý tự động", Confidence::High),
        ("đồ ngu", "Xin lỗi", Confidence::High),
        ("", "Bạn hãy nhập câu hỏi", Confidence::High),
        ("?!?!", "chưa hiểu", Confidence::Low),
        ("xkcd qwrtp", "chưa hiểu", Confidence::Low),
    ];
    for (msg, contains, confidence) in table {
        let r = respond(&kb, &mut DialogueState::default(), Input::Message(msg), "1900 0000");
        assert!(r.text.contains(contains), "{msg:?}: {}", r.text);
        assert_eq!(r.confidence, *confidence, "{msg:?}");
        assert!(r.card.is_none(), "{msg:?}");
        assert!(has_action(&r, ActionKind::Escalate), "{msg:?}: the hotline button is always there");
    }
}

#[test]
fn asking_for_a_person_offers_the_hotline() {
    let kb = kb();
    for msg in ["Gặp người thật", "gọi tổng đài", "cho tôi nói chuyện với nhân viên", "cho toi gap nhan vien"]
    {
        let r = respond(&kb, &mut DialogueState::default(), Input::Message(msg), "1900 1234");
        assert!(r.text.contains("1900 1234"), "{msg}: {}", r.text);
        assert!(has_action(&r, ActionKind::Escalate));
    }
}

#[test]
fn a_question_gets_the_card_then_follow_ups_come_from_that_procedure() {
    let kb = kb();
    let state = converse(
        &kb,
        &[
            ("lam lai can cuoc", &|r| {
                assert_eq!(card_id(r), Some("tthc-cc"), "{r:?}");
                assert_eq!(r.confidence, Confidence::High);
                assert!(has_action(r, ActionKind::Fee) && has_action(r, ActionKind::Documents));
                let c = r.card.as_ref().unwrap();
                assert_eq!(c.decision_no.as_deref(), Some("123/QĐ-BCA"));
                assert_eq!(c.content_date, "2026-11-24");
                assert!(c.source_url.is_some());
            }),
            ("lệ phí bao nhiêu?", &|r| {
                assert_eq!(card_id(r), Some("tthc-cc"));
                assert!(r.text.contains("70.000 đồng") && r.text.contains("35.000 đồng"), "{}", r.text);
                assert!(r.text.contains("Nộp trực tuyến: 35.000 đồng thay vì 70.000 đồng"), "{}", r.text);
            }),
            ("mat tien khong", &|r| assert!(r.text.contains("70.000 đồng"), "{}", r.text)),
            ("bao lâu thì có", &|r| assert!(r.text.contains("07 ngày làm việc"), "{}", r.text)),
            ("cần giấy tờ gì", &|r| assert!(r.text.contains("1. Tờ khai (1 bản chính)"), "{}", r.text)),
            ("mang theo gì", &|r| assert!(r.text.contains("Tờ khai"), "{}", r.text)),
            ("nộp ở đâu", &|r| assert!(r.text.contains("Công an cấp xã"), "{}", r.text)),
            ("làm online được không", &|r| {
                assert!(r.text.contains("trực tuyến") && r.text.contains("https://"), "{}", r.text)
            }),
            ("các bước", &|r| assert!(r.text.contains("1. Bước 1: Nộp hồ sơ"), "{}", r.text)),
            ("can cu phap ly", &|r| {
                assert!(r.text.contains("26/2023/QH15") && r.text.contains("123/QĐ-BCA"), "{}", r.text)
            }),
            ("ai được làm", &|r| assert!(r.text.contains("Công dân Việt Nam"), "{}", r.text)),
        ],
    );
    assert_eq!(state.topic.as_deref(), Some("tthc-cc"));
}

#[test]
fn a_new_topic_mid_conversation_switches_topic() {
    let kb = kb();
    converse(
        &kb,
        &[
            ("cấp lại căn cước", &|r| assert_eq!(card_id(r), Some("tthc-cc"))),
            ("đăng ký khai sinh", &|r| assert_eq!(card_id(r), Some("tthc-ks"), "{r:?}")),
            ("lệ phí bao nhiêu", &|r| {
                assert_eq!(card_id(r), Some("tthc-ks"));
                assert!(r.text.contains("Miễn phí"), "{}", r.text);
            }),
            ("lệ phí đăng ký kết hôn", &|r| assert_eq!(card_id(r), Some("tthc-kh"), "{r:?}")),
        ],
    );
}

#[test]
fn close_candidates_are_offered_as_buttons_instead_of_a_guess() {
    let kb = kb();
    let mut state = DialogueState::default();
    let r = respond(&kb, &mut state, Input::Message("đăng ký tạm trú"), "1900 0000");
    if r.card.is_none() {
        assert_eq!(r.confidence, Confidence::Medium, "{r:?}");
        let choices: Vec<_> = r.actions.iter().filter(|a| a.kind == ActionKind::Choose).collect();
        assert!(choices.len() >= 2, "{r:?}");
        let picked = respond(&kb, &mut state, Input::Action { kind: ActionKind::Choose, id: Some("tthc-tt2") }, "x");
        assert_eq!(card_id(&picked), Some("tthc-tt2"));
        assert_eq!(state.topic.as_deref(), Some("tthc-tt2"));
    } else {
        assert_eq!(card_id(&r), Some("tthc-tt1"), "the shorter, exact title wins when it is clearly ahead");
    }
}

#[test]
fn follow_up_without_a_topic_asks_which_procedure() {
    let kb = kb();
    let r = respond(&kb, &mut DialogueState::default(), Input::Message("lệ phí bao nhiêu?"), "1900 0000");
    assert!(r.card.is_none());
    assert!(r.text.contains("thủ tục nào"), "{}", r.text);
}

#[test]
fn unknown_questions_say_so_and_repeated_ones_put_the_hotline_first() {
    let kb = kb();
    let mut state = DialogueState::default();
    let first = respond(&kb, &mut state, Input::Message("giá vàng hôm nay thế nào"), "1900 0000");
    assert_eq!(first.confidence, Confidence::Low);
    assert!(first.card.is_none());
    assert!(first.text.contains("chưa tìm thấy"), "{}", first.text);
    let second = respond(&kb, &mut state, Input::Message("thời tiết ngày mai"), "1900 0000");
    assert!(second.text.contains("tổng đài viên") && second.text.contains("1900 0000"), "{}", second.text);
    assert_eq!(second.actions[0].kind, ActionKind::Escalate);
}

#[test]
fn faq_answers_show_their_source_and_sample_status() {
    let kb = kb();
    let r = respond(&kb, &mut DialogueState::default(), Input::Message("quen mat khau vneid"), "1900 0000");
    let c = r.card.as_ref().expect("an FAQ card");
    assert_eq!(c.id, "faq-vneid");
    assert_eq!(c.answer.len(), 2);
    assert_eq!(c.source.as_deref(), Some("Công an phường"));
    assert!(!c.reviewed);
}

#[test]
fn button_presses_work_like_typed_follow_ups() {
    let kb = kb();
    let mut state = DialogueState { topic: Some("tthc-cc".into()), ..Default::default() };
    let r = respond(&kb, &mut state, Input::Action { kind: ActionKind::Fee, id: None }, "1900 0000");
    assert!(r.text.contains("70.000 đồng"), "{}", r.text);
    let esc = respond(&kb, &mut state, Input::Action { kind: ActionKind::Escalate, id: None }, "1900 0000");
    assert!(esc.text.contains("1900 0000"));
}

#[test]
fn a_thumbs_down_offers_the_hotline_and_counts_as_unanswered() {
    let mut state = DialogueState::default();
    let r = thumbs_down(&mut state, "1900 0000");
    assert!(r.text.contains("1900 0000"));
    assert_eq!(r.actions[0].kind, ActionKind::Escalate);
    assert_eq!(state.low_streak, 1);
}

#[test]
fn an_aspect_asked_after_an_faq_is_answered_once_the_procedure_is_chosen() {
    let kb = kb();
    let mut state = DialogueState { topic: Some("faq-vneid".into()), ..Default::default() };
    state.pending_aspect = Some(ActionKind::Fee);
    let r = respond(&kb, &mut state, Input::Action { kind: ActionKind::Choose, id: Some("tthc-cc") }, "x");
    assert!(r.text.contains("70.000 đồng"), "{}", r.text);
    assert_eq!(state.topic.as_deref(), Some("tthc-cc"));
    assert_eq!(state.pending_aspect, None);
}
