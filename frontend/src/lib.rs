//! The citizen widget (a Leptos CSR app served in an iframe by the backend and opened from the
//! portal's `embed.js` loader) and the staff console; each binary links only what it mounts.
//!
//! Owns presentation only. Talks to the server through the typed client in `api.rs` and the wire
//! types of `dvc-api`; must never depend on the index or the backend. All user-facing strings live
//! in `i18n.rs`.

mod api;
mod components;
mod i18n;

pub use components::app::App;

/// The staff console (its own bundle, `dvc-console`, served at `/console`).
#[leptos::component]
pub fn ConsoleApp() -> impl leptos::IntoView {
    leptos::view! { <components::console::Console t=i18n::strings(i18n::Lang::Vi) /> }
}
