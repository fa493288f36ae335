use dvc_api::{TicketCreated, TicketRequest};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::i18n::Strings;

/// Where this browser keeps its tickets (code and lookup token), to show their status later.
pub const TICKETS_KEY: &str = "dvc-assistant-tickets";

/// One key per form: a retry after a lost answer returns the same ticket.
fn idempotency_key() -> Option<String> {
    window().crypto().ok().map(|c| c.random_uuid())
}

fn remember(ticket: &TicketCreated) {
    if let Ok(Some(s)) = window().local_storage() {
        let mut list: Vec<(String, String)> =
            s.get_item(TICKETS_KEY).ok().flatten().and_then(|v| serde_json::from_str(&v).ok()).unwrap_or_default();
        list.push((ticket.code.clone(), ticket.lookup_token.clone()));
        if let Ok(v) = serde_json::to_string(&list) {
            let _ = s.set_item(TICKETS_KEY, &v);
        }
    }
}

/// One labelled input with its error message next to it.
fn field(
    id: &'static str,
    label: String,
    kind: &'static str,
    value: RwSignal<String>,
    error: Memo<Option<String>>,
    autocomplete: &'static str,
) -> impl IntoView {
    let err_id = format!("{id}-error");
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input id=id type=kind autocomplete=autocomplete prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                aria-invalid=move || error.get().is_some().to_string() aria-describedby=err_id.clone() />
            <p class="field-error" id=err_id role="alert">{move || error.get()}</p>
        </div>
    }
}

/// The request to the hotline: name, phone, optional email, question, contact time, consent.
#[component]
pub fn TicketForm(t: &'static Strings, question: String, conversation: Option<String>) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let text = RwSignal::new(question);
    let contact_time = RwSignal::new(String::new());
    let consent = RwSignal::new(false);
    let website = RwSignal::new(String::new());
    let error: RwSignal<Option<(Option<String>, String)>> = RwSignal::new(None);
    let done: RwSignal<Option<TicketCreated>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let key = idempotency_key();
    let error_for = move |f: &'static str| {
        Memo::new(move |_| error.get().filter(|(field, _)| field.as_deref() == Some(f)).map(|(_, m)| m))
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let opt = |s: String| (!s.trim().is_empty()).then_some(s);
        let req = TicketRequest {
            name: name.get_untracked(),
            phone: phone.get_untracked(),
            email: opt(email.get_untracked()),
            question: text.get_untracked(),
            contact_time: opt(contact_time.get_untracked()),
            consent: consent.get_untracked(),
            conversation: conversation.clone(),
            website: opt(website.get_untracked()),
        };
        let key = key.clone();
        busy.set(true);
        spawn_local(async move {
            match api::create_ticket(&req, key.as_deref(), t.network_error).await {
                Ok(created) => {
                    remember(&created);
                    error.set(None);
                    done.set(Some(created));
                }
                Err(e) => error.set(Some((e.1, e.0))),
            }
            busy.set(false);
        });
    };

    view! {
        <section class="ticket" aria-label=t.ticket_title>
            {move || match done.get() {
                Some(c) => view! {
                    <div class="ticket-done" role="status">
                        <p><strong>{t.ticket_sent}</strong></p>
                        <p>{t.ticket_code}" "<strong class="ticket-code">{c.code.clone()}</strong></p>
                        <p>{c.expected_response.clone()}</p>
                        <p>{t.hotline}" "<a href=format!("tel:{}", c.hotline.replace(' ', ""))>{c.hotline.clone()}</a></p>
                    </div>
                }.into_any(),
                None => view! {
                    <form class="ticket-form" on:submit=submit.clone() novalidate>
                        <h3>{t.ticket_title}</h3>
                        {field("dvc-name", t.field_name.to_string(), "text", name, error_for("name"), "name")}
                        {field("dvc-phone", t.field_phone.to_string(), "tel", phone, error_for("phone"), "tel")}
                        {field("dvc-email", t.field_email.to_string(), "email", email, error_for("email"), "email")}
                        <div class="field">
                            <label for="dvc-question">{t.field_question}</label>
                            <textarea id="dvc-question" rows="3" prop:value=move || text.get()
                                on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                            <p class="field-error" role="alert">{move || error_for("question").get()}</p>
                        </div>
                        {field("dvc-time", t.field_contact_time.to_string(), "text", contact_time, error_for("contact_time"), "off")}
                        <div class="hp" aria-hidden="true">
                            <label for="dvc-website">"Website"</label>
                            <input id="dvc-website" type="text" tabindex="-1" autocomplete="off"
                                on:input=move |ev| website.set(event_target_value(&ev)) />
                        </div>
                        <div class="consent">
                            <input id="dvc-consent" type="checkbox" prop:checked=move || consent.get()
                                on:change=move |ev| consent.set(event_target_checked(&ev)) />
                            <label for="dvc-consent">{t.consent}</label>
                            <p class="field-error" role="alert">{move || error_for("consent").get()}</p>
                        </div>
                        {move || error.get().filter(|(f, _)| f.is_none()).map(|(_, m)| view! { <p class="field-error" role="alert">{m}</p> })}
                        <button type="submit" class="send" disabled=move || busy.get()>{t.ticket_submit}</button>
                    </form>
                }.into_any(),
            }}
        </section>
    }
}
