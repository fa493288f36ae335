use dvc_api::{ActionRequest, Reply, Role, Suggestion, Vote};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsValue;

use super::feedback::Feedback;
use super::my_tickets::MyTickets;
use super::reply::{Press, ReplyView};
use super::ticket_form::TicketForm;
use crate::api;
use crate::i18n::{Lang, Strings, strings};

/// Where the conversation id is kept, so a reload or another portal page continues it.
const STORAGE_KEY: &str = "dvc-assistant-conversation";

/// One entry of the conversation as shown.
#[derive(Debug, Clone, PartialEq)]
enum Entry {
    Citizen(String),
    /// A reply and the number of its turn (for feedback).
    Assistant(Box<Reply>, Option<u32>),
    Notice(String),
    /// The request form to the hotline, prefilled with the citizen's last question.
    TicketForm(String),
}

/// Settings passed by the loader in the iframe's URL.
struct Params {
    title: Option<String>,
    color: Option<String>,
    hotline: Option<String>,
    lang: Lang,
}

fn params() -> Params {
    let search = window().location().search().unwrap_or_default();
    let q = web_sys::UrlSearchParams::new_with_str(&search).ok();
    let get = |k: &str| q.as_ref().and_then(|q| q.get(k)).filter(|v| !v.trim().is_empty());
    Params {
        title: get("title"),
        color: get("color")
            .filter(|c| c.starts_with('#') && c.len() <= 9 && c[1..].chars().all(|ch| ch.is_ascii_hexdigit())),
        hotline: get("hotline"),
        lang: Lang::parse(&get("lang").unwrap_or_default()),
    }
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// Ask the embedding page to close the panel.
fn close_panel() {
    if let Ok(Some(parent)) = window().parent() {
        let _ = parent.post_message(&JsValue::from_str("dvc-close"), "*");
    }
}

/// Move keyboard focus to the newest reply (or notice) once it is rendered.
fn focus_last_reply() {
    request_animation_frame(move || {
        if let Ok(Some(el)) = document().query_selector(".log > .entry:last-child")
            && let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el)
        {
            let _ = el.focus();
        }
    });
}

#[component]
pub fn App() -> impl IntoView {
    let p = params();
    let t: &'static Strings = strings(p.lang);
    let title = p.title.unwrap_or_else(|| t.default_title.to_string());
    let style = p.color.map(|c| format!("--accent:{c}")).unwrap_or_default();
    let hotline = p.hotline;

    let query = RwSignal::new(String::new());
    let entries: RwSignal<Vec<Entry>> = RwSignal::new(vec![]);
    let busy = RwSignal::new(false);
    let conversation: RwSignal<Option<String>> =
        RwSignal::new(storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten()));
    let suggestions: RwSignal<Vec<Suggestion>> = RwSignal::new(vec![]);
    // Bumped to re-read the status of this browser's tickets (on open, on request, every 30 s).
    let ticket_refresh = RwSignal::new(0u32);
    let _ = set_interval_with_handle(move || ticket_refresh.update(|n| *n += 1), std::time::Duration::from_secs(30));

    // Restore the conversation after a reload or on another page of the portal.
    if let Some(id) = conversation.get_untracked() {
        spawn_local(async move {
            match api::transcript(&id, t.network_error).await {
                Ok(tr) => entries.set(
                    tr.turns
                        .into_iter()
                        .map(|turn| match (turn.role, turn.reply) {
                            (Role::Assistant, Some(r)) => Entry::Assistant(Box::new(r), Some(turn.id)),
                            (_, _) => Entry::Citizen(turn.text),
                        })
                        .collect(),
                ),
                Err(_) => {
                    conversation.set(None);
                    if let Some(s) = storage() {
                        let _ = s.remove_item(STORAGE_KEY);
                    }
                }
            }
        });
    }

    let send = move |message: String, action: Option<ActionRequest>| {
        if busy.get_untracked() || (message.trim().is_empty() && action.is_none()) {
            return;
        }
        suggestions.set(vec![]);
        busy.set(true);
        entries.update(|e| e.push(Entry::Citizen(message.clone())));
        spawn_local(async move {
            match api::chat(conversation.get_untracked(), message, action, t.network_error).await {
                Ok(r) => {
                    if let Some(s) = storage() {
                        let _ = s.set_item(STORAGE_KEY, &r.conversation);
                    }
                    conversation.set(Some(r.conversation));
                    entries.update(|e| e.push(Entry::Assistant(Box::new(r.reply), Some(r.turn))));
                }
                Err(e) => entries.update(|list| list.push(Entry::Notice(e.0))),
            }
            busy.set(false);
            focus_last_reply();
        });
    };

    let on_press = Callback::new(move |(kind, id, label): Press| {
        send(label, Some(ActionRequest { kind, id }));
    });

    let on_vote = Callback::new(move |(turn, vote): (u32, Vote)| {
        let Some(conv) = conversation.get_untracked() else { return };
        spawn_local(async move {
            match api::feedback(conv, turn, vote, t.network_error).await {
                Ok(f) => {
                    if let Some(r) = f.reply {
                        entries.update(|e| e.push(Entry::Assistant(Box::new(r), None)));
                        focus_last_reply();
                    }
                }
                Err(e) => entries.update(|list| list.push(Entry::Notice(e.0))),
            }
        });
    });

    let on_input = move |ev| {
        let value = event_target_value(&ev);
        query.set(value.clone());
        if value.trim().chars().count() < 3 {
            suggestions.set(vec![]);
            return;
        }
        spawn_local(async move {
            if let Ok(r) = api::suggest(&value, t.network_error).await
                && query.get_untracked() == value
            {
                suggestions.set(r.suggestions);
            }
        });
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let q = query.get_untracked();
        query.set(String::new());
        send(q, None);
    };

    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            close_panel();
        }
    };

    let escalate = move |_| {
        let last_question = entries
            .get_untracked()
            .iter()
            .rev()
            .find_map(|e| match e {
                Entry::Citizen(m) if m != t.escalate => Some(m.clone()),
                _ => None,
            })
            .unwrap_or_default();
        entries.update(|e| e.push(Entry::TicketForm(last_question)));
        request_animation_frame(|| {
            if let Ok(Some(el)) = document().query_selector("#dvc-name")
                && let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el)
            {
                let _ = el.focus();
            }
        });
    };

    view! {
        <div class="panel" style=style on:keydown=on_keydown>
            <header class="panel-header">
                <h1 class="panel-title">{title}</h1>
                <button type="button" class="icon-button" aria-label=t.close on:click=move |_| close_panel()>"×"</button>
            </header>
            <main class="panel-body">
                <MyTickets t=t refresh=ticket_refresh />
                <p class="bubble assistant">{t.welcome}</p>
                <div class="log" role="log" aria-live="polite" aria-relevant="additions">
                    {move || {
                        let mut shown_card: Option<String> = None;
                        entries.get().into_iter().map(|e| match e {
                        Entry::Citizen(m) => view! { <div class="entry citizen"><p class="bubble citizen">{m}</p></div> }.into_any(),
                        Entry::Assistant(r, turn) => {
                            let id = r.card.as_ref().map(|c| c.id.clone());
                            let fold = id.is_some() && id == shown_card;
                            if id.is_some() {
                                shown_card = id;
                            }
                            view! {
                                <div class="entry assistant" tabindex="-1"><ReplyView reply=*r t=t on_press=on_press fold_card=fold />
                                    {turn.map(|turn| view! { <Feedback turn=turn t=t on_vote=on_vote /> })}
                                </div>
                            }.into_any()
                        }
                        Entry::Notice(m) => view! { <div class="entry notice" role="alert" tabindex="-1"><p class="bubble">{m}</p></div> }.into_any(),
                        Entry::TicketForm(q) => view! {
                            <div class="entry form"><TicketForm t=t question=q conversation=conversation.get_untracked() /></div>
                        }.into_any(),
                    }).collect_view()
                    }}
                </div>
                {move || busy.get().then(|| view! { <p class="bubble muted">{t.searching}</p> })}
            </main>
            <footer class="panel-footer">
                {move || {
                    let s = suggestions.get();
                    (!s.is_empty()).then(|| view! {
                        <div class="chips" role="group" aria-label=t.suggestions>
                            {s.into_iter().map(|s| {
                                let title = s.title.clone();
                                view! { <button type="button" class="chip" on:click=move |_| { query.set(String::new()); send(title.clone(), None) }>{s.title}</button> }
                            }).collect_view()}
                        </div>
                    })
                }}
                <form class="ask" on:submit=on_submit>
                    <label class="sr-only" for="dvc-q">{t.input_label}</label>
                    <input id="dvc-q" type="text" autocomplete="off" enterkeyhint="send" maxlength="500"
                        placeholder=t.placeholder prop:value=move || query.get() on:input=on_input />
                    <button type="submit" class="send">{t.send}</button>
                </form>
                <div class="footer-row">
                    <button type="button" class="escalate" on:click=escalate>{t.escalate}</button>
                    {hotline.map(|h| view! {
                        <a class="hotline" href=format!("tel:{}", h.replace(' ', ""))>{t.hotline}" "{h.clone()}</a>
                    })}
                </div>
            </footer>
        </div>
    }
}
