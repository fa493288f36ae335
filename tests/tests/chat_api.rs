//! The conversation API over the shipped content (issue #4): answer, follow-up, errors, transcript.

use axum::http::StatusCode;
use dvc_tests::TestApp;
use serde_json::{Value, json};

async fn chat(app: &TestApp, body: Value) -> Value {
    let r = app.post("/api/v1/chat", body.to_string()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()
}

/// Ask, and if the assistant offers candidates, pick the first: returns (conversation, card id).
async fn ask_until_card(app: &TestApp, conversation: Option<&str>, message: &str) -> (String, String) {
    let v = chat(app, json!({"conversation": conversation, "message": message})).await;
    let conv = v["conversation"].as_str().unwrap().to_string();
    if let Some(id) = v["reply"]["card"]["id"].as_str() {
        return (conv, id.to_string());
    }
    let choice = v["reply"]["actions"].as_array().unwrap().iter().find(|a| a["kind"] == "choose").cloned();
    let choice = choice.unwrap_or_else(|| panic!("neither a card nor candidates: {v}"));
    let v = chat(
        app,
        json!({"conversation": conv, "message": choice["label"], "action": {"kind": "choose", "id": choice["id"]}}),
    )
    .await;
    (conv, v["reply"]["card"]["id"].as_str().expect("card after choosing").to_string())
}

#[tokio::test]
async fn a_follow_up_about_the_fee_answers_from_the_same_procedure() {
    let app = TestApp::new().await;
    let (conv, id) = ask_until_card(&app, None, "lam lai can cuoc").await;
    let first = app.get(&format!("/api/v1/documents/{id}")).await.json();
    assert!(first.to_string().to_lowercase().contains("căn cước"), "{first}");
    let mut v = chat(&app, json!({"conversation": conv, "message": "lệ phí bao nhiêu?"})).await;
    assert_eq!(v["conversation"], conv.as_str());
    if v["reply"]["card"].is_null() {
        // After an FAQ, the assistant may ask which procedure the fee question is about.
        let choice = v["reply"]["actions"].as_array().unwrap().iter().find(|a| a["kind"] == "choose").cloned();
        let choice = choice.unwrap_or_else(|| panic!("neither a card nor candidates: {v}"));
        v = chat(
            &app,
            json!({"conversation": conv, "message": choice["label"], "action": {"kind": "choose", "id": choice["id"]}}),
        )
        .await;
        assert!(
            v["reply"]["text"].as_str().unwrap().contains("Phí, lệ phí"),
            "the fee answers the pending question: {v}"
        );
    }
    let card = &v["reply"]["card"];
    assert_eq!(card["kind"], "procedure", "fees come from a procedure: {v}");
    assert!(card["title"].as_str().unwrap().to_lowercase().contains("căn cước"), "{card}");
    if first["kind"] == "procedure" {
        assert_eq!(card["id"], id.as_str(), "the follow-up stays on the procedure under discussion");
    }
    let text = v["reply"]["text"].as_str().unwrap();
    assert!(text.contains("đồng") || text.contains("Miễn phí") || text.contains("chưa nêu"), "{text}");
    let t = app.get(&format!("/api/v1/chat/{conv}")).await;
    assert_eq!(t.status, StatusCode::OK);
    let turns = t.json()["turns"].as_array().unwrap().len();
    assert!(turns >= 4, "the transcript keeps every exchange ({turns} turns)");
}

#[tokio::test]
async fn the_reply_has_the_documented_shape() {
    let app = TestApp::new().await;
    let v = chat(&app, json!({"conversation": null, "message": "Thủ tục đăng ký khai sinh"})).await;
    let reply = &v["reply"];
    assert!(reply["text"].is_string());
    assert!(["high", "medium", "low"].contains(&reply["confidence"].as_str().unwrap()));
    assert!(reply["related"].as_array().unwrap().len() <= 3);
    assert!(reply["actions"].as_array().unwrap().iter().any(|a| a["kind"] == "escalate"));
    if !reply["card"].is_null() {
        for key in ["id", "kind", "title", "source_url", "decision_no", "content_date", "fees", "documents", "steps"] {
            assert!(reply["card"].get(key).is_some(), "card lacks {key}");
        }
    }
}

#[tokio::test]
async fn greetings_and_requests_for_a_person() {
    let app = TestApp::new().await;
    let v = chat(&app, json!({"message": "xin chào"})).await;
    assert!(v["reply"]["text"].as_str().unwrap().starts_with("Xin chào"));
    let v = chat(&app, json!({"message": "cho tôi gặp người thật"})).await;
    assert!(v["reply"]["text"].as_str().unwrap().contains("1900 0000"));
}

#[tokio::test]
async fn bad_chat_requests_get_vietnamese_errors() {
    let app = TestApp::new().await;
    let r = app.post("/api/v1/chat", "{not json").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["error"]["code"], "invalid_json");
    let r = app.post("/api/v1/chat", json!({"message": "a".repeat(1001)}).to_string()).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["error"]["field"], "message");
    assert!(r.json()["error"]["message"].as_str().unwrap().contains("tối đa 1000 ký tự"));
    let r = app.post("/api/v1/chat", json!({"message": "x".repeat(20_000)}).to_string()).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(r.json()["error"]["code"], "body_too_large");
    let r = app.get("/api/v1/chat/khong-co").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.json()["error"]["message"].as_str().unwrap().contains("Cuộc trò chuyện"));
}

#[tokio::test]
async fn a_thumbs_down_is_recorded_and_offers_the_hotline() {
    let app = TestApp::new().await;
    let v = chat(&app, json!({"message": "đăng ký kết hôn"})).await;
    let conv = v["conversation"].as_str().unwrap();
    let turn = v["turn"].as_u64().unwrap();
    let r = app.post("/api/v1/feedback", json!({"conversation": conv, "turn": turn, "vote": "down"}).to_string()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let f = r.json();
    assert_eq!(f["recorded"], true);
    assert!(f["reply"]["text"].as_str().unwrap().contains("1900 0000"));
    let t = app.get(&format!("/api/v1/chat/{conv}")).await.json();
    let voted = t["turns"].as_array().unwrap().iter().find(|x| x["id"].as_u64() == Some(turn)).cloned().unwrap();
    assert_eq!(voted["feedback"], "down");
    let up = app.post("/api/v1/feedback", json!({"conversation": conv, "turn": turn, "vote": "up"}).to_string()).await;
    assert!(up.json()["reply"].is_null());
    let bad =
        app.post("/api/v1/feedback", json!({"conversation": "khong-co", "turn": 1, "vote": "up"}).to_string()).await;
    assert_eq!(bad.status, StatusCode::NOT_FOUND);
}
