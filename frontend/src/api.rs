//! The one typed client of the server's HTTP API (same origin as the widget).

use dvc_api::{
    ActionRequest, ChatRequest, ChatResponse, ErrorBody, FeedbackRequest, FeedbackResponse, SuggestResponse,
    TicketCreated, TicketRequest, TicketStatus, Transcript, Vote,
};
use gloo_net::http::{Request, Response};
use serde::de::DeserializeOwned;

/// An error worth showing to the citizen: the server's Vietnamese message (and the field at
/// fault, when there is one), or a network notice.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientError(pub String, pub Option<String>);

fn network(msg: &str) -> ClientError {
    ClientError(msg.to_string(), None)
}

fn encode(s: &str) -> String {
    let params = web_sys::UrlSearchParams::new().expect("URLSearchParams is available");
    params.append("v", s);
    String::from(params.to_string()).trim_start_matches("v=").to_string()
}

async fn read<T: DeserializeOwned>(
    resp: Result<Response, gloo_net::Error>,
    network_error: &str,
) -> Result<T, ClientError> {
    let resp = resp.map_err(|_| network(network_error))?;
    if resp.ok() {
        resp.json::<T>().await.map_err(|_| network(network_error))
    } else {
        match resp.json::<ErrorBody>().await {
            Ok(body) => Err(ClientError(body.error.message, body.error.field)),
            Err(_) => Err(network(network_error)),
        }
    }
}

pub async fn suggest(q: &str, network_error: &str) -> Result<SuggestResponse, ClientError> {
    read(Request::get(&format!("/api/v1/suggest?limit=4&q={}", encode(q))).send().await, network_error).await
}

pub async fn chat(
    conversation: Option<String>,
    message: String,
    action: Option<ActionRequest>,
    network_error: &str,
) -> Result<ChatResponse, ClientError> {
    let body = ChatRequest { conversation, message, action };
    let req = Request::post("/api/v1/chat").json(&body).map_err(|_| network(network_error))?;
    read(req.send().await, network_error).await
}

pub async fn transcript(conversation: &str, network_error: &str) -> Result<Transcript, ClientError> {
    read(Request::get(&format!("/api/v1/chat/{}", encode(conversation))).send().await, network_error).await
}

pub async fn feedback(
    conversation: String,
    turn: u32,
    vote: Vote,
    network_error: &str,
) -> Result<FeedbackResponse, ClientError> {
    let body = FeedbackRequest { conversation, turn, vote };
    let req = Request::post("/api/v1/feedback").json(&body).map_err(|_| network(network_error))?;
    read(req.send().await, network_error).await
}

/// Create a ticket; `key` makes a retry (after a lost answer) return the same ticket.
pub async fn create_ticket(
    req: &TicketRequest,
    key: Option<&str>,
    network_error: &str,
) -> Result<TicketCreated, ClientError> {
    let mut r = Request::post("/api/v1/tickets");
    if let Some(key) = key {
        r = r.header("Idempotency-Key", key);
    }
    let r = r.json(req).map_err(|_| network(network_error))?;
    read(r.send().await, network_error).await
}

pub async fn ticket_status(code: &str, token: &str, network_error: &str) -> Result<TicketStatus, ClientError> {
    let url = format!("/api/v1/tickets/{}?token={}", encode(code), encode(token));
    read(Request::get(&url).send().await, network_error).await
}

/// Staff: log in (the server sets the session cookie).
pub async fn login(username: &str, password: &str, network_error: &str) -> Result<serde_json::Value, ClientError> {
    let body = serde_json::json!({"username": username, "password": password});
    let r = Request::post("/api/v1/auth/login").json(&body).map_err(|_| network(network_error))?;
    read(r.send().await, network_error).await
}

pub async fn me(network_error: &str) -> Result<serde_json::Value, ClientError> {
    read(Request::get("/api/v1/auth/me").send().await, network_error).await
}

/// Staff: GET a JSON document of the API (`path` below `/api/v1`, already encoded).
pub async fn get_json(path: &str, network_error: &str) -> Result<serde_json::Value, ClientError> {
    read(Request::get(&format!("/api/v1{path}")).send().await, network_error).await
}

/// Staff: send a JSON body with `method` (POST or PATCH).
pub async fn send_json(
    method: &str,
    path: &str,
    body: &serde_json::Value,
    network_error: &str,
) -> Result<serde_json::Value, ClientError> {
    let url = format!("/api/v1{path}");
    let r = match method {
        "PATCH" => Request::patch(&url),
        "PUT" => Request::put(&url),
        _ => Request::post(&url),
    };
    let r = r.json(body).map_err(|_| network(network_error))?;
    read(r.send().await, network_error).await
}

/// Staff: an action on a ticket (`claim`, `reply`, `note`, `called-back`, `resolve`, `reopen`).
pub async fn ticket_action(
    code: &str,
    action: &str,
    text: &str,
    network_error: &str,
) -> Result<serde_json::Value, ClientError> {
    let path = format!("/staff/tickets/{}/{action}", encode(code));
    send_json("POST", &path, &serde_json::json!({"text": text}), network_error).await
}

/// A query-string value, encoded.
pub fn query_value(s: &str) -> String {
    encode(s)
}

/// Staff: send any body (e.g. a file) and get the status with the JSON answer, whatever the
/// status (an import's 422 carries every bad row).
pub async fn send_raw(
    method: &str,
    path: &str,
    body: wasm_bindgen::JsValue,
    network_error: &str,
) -> Result<(u16, serde_json::Value), ClientError> {
    let url = format!("/api/v1{path}");
    let r = match method {
        "PUT" => Request::put(&url),
        _ => Request::post(&url),
    };
    let resp = r.body(body).map_err(|_| network(network_error))?.send().await.map_err(|_| network(network_error))?;
    let status = resp.status();
    let value = resp.json::<serde_json::Value>().await.unwrap_or(serde_json::Value::Null);
    Ok((status, value))
}
