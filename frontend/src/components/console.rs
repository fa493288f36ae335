use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use crate::api;
use crate::i18n::Strings;

/// The hotline officers' console at `/console`: login, the live queue, claim and reply.
#[component]
pub fn Console(t: &'static Strings) -> impl IntoView {
    let user: RwSignal<Option<String>> = RwSignal::new(None);
    let error: RwSignal<Option<String>> = RwSignal::new(None);
    spawn_local(async move {
        if let Ok(me) = api::me(t.network_error).await {
            user.set(me["username"].as_str().map(str::to_string));
        }
    });
    view! {
        <div class="console">
            <header class="panel-header"><h1 class="panel-title">{t.console_title}</h1>
                {move || user.get().map(|u| view! { <span class="who">{u}</span> })}
            </header>
            <main class="console-body">
                {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                {move || match user.get() {
                    None => view! { <Login t=t user=user error=error /> }.into_any(),
                    Some(me) => view! { <Queue t=t me=me error=error /> }.into_any(),
                }}
            </main>
        </div>
    }
}

#[component]
fn Login(t: &'static Strings, user: RwSignal<Option<String>>, error: RwSignal<Option<String>>) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        spawn_local(async move {
            match api::login(&name.get_untracked(), &password.get_untracked(), t.network_error).await {
                Ok(v) => {
                    error.set(None);
                    user.set(v["username"].as_str().map(str::to_string));
                }
                Err(e) => error.set(Some(e.0)),
            }
        });
    };
    view! {
        <form class="ticket-form login" on:submit=submit>
            <div class="field">
                <label for="c-user">{t.username}</label>
                <input id="c-user" type="text" autocomplete="username" on:input=move |ev| name.set(event_target_value(&ev)) />
            </div>
            <div class="field">
                <label for="c-pass">{t.password}</label>
                <input id="c-pass" type="password" autocomplete="current-password"
                    on:input=move |ev| password.set(event_target_value(&ev)) />
            </div>
            <button type="submit" class="send">{t.log_in}</button>
        </form>
    }
}

#[component]
fn Queue(t: &'static Strings, me: String, error: RwSignal<Option<String>>) -> impl IntoView {
    let tickets: RwSignal<Vec<Value>> = RwSignal::new(vec![]);
    let reload = move || {
        spawn_local(async move {
            match api::queue(t.network_error).await {
                Ok(v) => tickets.set(v["tickets"].as_array().cloned().unwrap_or_default()),
                Err(e) => error.set(Some(e.0)),
            }
        });
    };
    reload();
    // Live: every queue event reloads the list (no personal data travels in the feed).
    if let Ok(es) = web_sys::EventSource::new("/api/v1/staff/events") {
        let on_event = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |_| reload());
        let _ = es.add_event_listener_with_callback("ticket", on_event.as_ref().unchecked_ref());
        let _ = es.add_event_listener_with_callback("resync", on_event.as_ref().unchecked_ref());
        on_event.forget();
    }
    let me = StoredValue::new(me);
    view! {
        <ul class="queue" role="list">
            // keyed: an item whose status and holder did not change keeps its DOM (and the draft reply)
            <For
                each=move || tickets.get()
                key=|tk| format!("{}|{}|{}", tk["code"], tk["status"], tk["claimed_by"])
                children=move |tk| {
                let code = tk["code"].as_str().unwrap_or_default().to_string();
                let mine = tk["claimed_by"].as_str() == Some(me.get_value().as_str());
                let free = tk["claimed_by"].is_null();
                let text = RwSignal::new(String::new());
                let (c1, c2) = (code.clone(), code.clone());
                let claim = move |_| {
                    let c = c1.clone();
                    spawn_local(async move {
                        if let Err(e) = api::claim(&c, t.network_error).await { error.set(Some(e.0)); }
                        reload();
                    });
                };
                let send = move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    let c = c2.clone();
                    spawn_local(async move {
                        match api::reply(&c, &text.get_untracked(), t.network_error).await {
                            Ok(_) => error.set(None),
                            Err(e) => error.set(Some(e.0)),
                        }
                        reload();
                    });
                };
                view! {
                    <li class="queue-item" data-code=code.clone()>
                        <p><strong>{code.clone()}</strong>" · "{tk["status"].as_str().unwrap_or_default().to_string()}
                           " · "{tk["waiting_minutes"].as_i64().unwrap_or(0)}" "{t.minutes_waiting}</p>
                        <p>{tk["name"].as_str().unwrap_or_default().to_string()}" · "{tk["phone"].as_str().unwrap_or_default().to_string()}</p>
                        <p class="bubble">{tk["question"].as_str().unwrap_or_default().to_string()}</p>
                        {free.then(|| view! { <button type="button" class="send" on:click=claim>{t.claim}</button> })}
                        {mine.then(|| view! {
                            <form class="reply-form" on:submit=send>
                                <label for=format!("r-{code}")>{t.reply_label}</label>
                                <textarea id=format!("r-{code}") rows="3" on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                                <button type="submit" class="send">{t.send_reply}</button>
                            </form>
                        })}
                    </li>
                }
            }
            />
        </ul>
    }
}
