//! The dvc-assistant server: HTTP API, widget and demo page, content and index lifecycle.
//!
//! Owns routing, request validation, the error shape, and the catalog (content + index) served
//! at each moment. Must never put search logic here (that is `dvc-index`) nor let anything depend
//! on this crate except tests.

pub mod assistant;
pub mod auth;
pub mod catalog;
pub mod cli;
pub mod clock;
pub mod config;
pub mod content;
pub mod content_sync;
mod error;
pub mod import;
pub mod metrics;
mod middleware;
pub mod phone;
pub mod privacy;
pub mod ratelimit;
mod routes;
mod server;
pub mod sla;
mod state;
pub mod storage;
pub mod webhook;

pub use error::{ApiError, ApiResult};
pub use routes::app;
pub use server::{DATABASE_FILE, run};
pub use state::{AppState, Settings};
