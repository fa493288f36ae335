use dvc_api::TicketStatus;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::ticket_form::TICKETS_KEY;
use crate::api;
use crate::i18n::Strings;

/// This browser's tickets (code, lookup token), newest last.
pub fn remembered() -> Vec<(String, String)> {
    window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(TICKETS_KEY).ok().flatten())
        .and_then(|v| serde_json::from_str(&v).ok())
        .unwrap_or_default()
}

fn status_label(t: &'static Strings, status: &str) -> &'static str {
    match status {
        "new" => t.status_new,
        "claimed" => t.status_claimed,
        "answered" => t.status_answered,
        "called_back" => t.status_called_back_citizen,
        "resolved" => t.status_resolved,
        _ => t.status_other,
    }
}

/// The citizen's requests to the hotline with their status and the officers' replies.
#[component]
pub fn MyTickets(t: &'static Strings, refresh: RwSignal<u32>) -> impl IntoView {
    let statuses: RwSignal<Vec<TicketStatus>> = RwSignal::new(vec![]);
    Effect::new(move |_| {
        refresh.get();
        let list = remembered();
        spawn_local(async move {
            let mut out = Vec::new();
            for (code, token) in list.iter().rev().take(3) {
                if let Ok(s) = api::ticket_status(code, token, t.network_error).await {
                    out.push(s);
                }
            }
            statuses.set(out);
        });
    });
    view! {
        {move || {
            let list = statuses.get();
            (!list.is_empty()).then(|| view! {
                <section class="my-tickets" aria-label=t.my_tickets>
                    <div class="my-tickets-head">
                        <h2>{t.my_tickets}</h2>
                        <button type="button" class="link-button" on:click=move |_| refresh.update(|n| *n += 1)>{t.refresh}</button>
                    </div>
                    {list.into_iter().map(|s| view! {
                        <article class="my-ticket">
                            <p><strong>{s.code.clone()}</strong>" · "{status_label(t, &s.status)}</p>
                            {s.replies.into_iter().map(|r| view! {
                                <p class="bubble officer">{t.officer_reply}" "{r.text}</p>
                            }).collect_view()}
                        </article>
                    }).collect_view()}
                </section>
            })
        }}
    }
}
