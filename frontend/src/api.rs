//! The one typed client of the server's HTTP API (same origin as the widget).

use dvc_api::{Document, ErrorBody, SearchResponse, SuggestResponse};
use gloo_net::http::{Request, Response};
use serde::de::DeserializeOwned;

/// An error worth showing to the citizen: the server's Vietnamese message, or a network notice.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientError(pub String);

fn encode(s: &str) -> String {
    let params = web_sys::UrlSearchParams::new().expect("URLSearchParams is available");
    params.append("v", s);
    String::from(params.to_string()).trim_start_matches("v=").to_string()
}

async fn get<T: DeserializeOwned>(url: &str, network_error: &str) -> Result<T, ClientError> {
    let resp: Response = Request::get(url).send().await.map_err(|_| ClientError(network_error.to_string()))?;
    if resp.ok() {
        resp.json::<T>().await.map_err(|_| ClientError(network_error.to_string()))
    } else {
        match resp.json::<ErrorBody>().await {
            Ok(body) => Err(ClientError(body.error.message)),
            Err(_) => Err(ClientError(network_error.to_string())),
        }
    }
}

pub async fn search(q: &str, network_error: &str) -> Result<SearchResponse, ClientError> {
    get(&format!("/api/v1/search?limit=8&q={}", encode(q)), network_error).await
}

pub async fn suggest(q: &str, network_error: &str) -> Result<SuggestResponse, ClientError> {
    get(&format!("/api/v1/suggest?limit=5&q={}", encode(q)), network_error).await
}

pub async fn document(id: &str, network_error: &str) -> Result<Document, ClientError> {
    get(&format!("/api/v1/documents/{}", encode(id)), network_error).await
}
