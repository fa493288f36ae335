use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::{Value, json};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use crate::api;
use crate::i18n::Strings;

/// A logged-in account: (username, role).
type Me = (String, String);

/// A JSON string field, or empty.
pub(super) fn s(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_string()
}

/// The staff console at `/console`: login, the live hotline queue with the ticket view, and
/// account management for admins.
#[component]
pub fn Console(t: &'static Strings) -> impl IntoView {
    let user: RwSignal<Option<Me>> = RwSignal::new(None);
    let error: RwSignal<Option<String>> = RwSignal::new(None);
    let tab = RwSignal::new("queue");
    spawn_local(async move {
        if let Ok(me) = api::me(t.network_error).await {
            user.set(Some((s(&me["username"]), s(&me["role"]))));
        }
    });
    let logout = move |_| {
        spawn_local(async move {
            let _ = api::send_json("POST", "/auth/logout", &json!({}), t.network_error).await;
            user.set(None);
        });
    };
    view! {
        <div class="console">
            <header class="panel-header"><h1 class="panel-title">{t.console_title}</h1>
                {move || user.get().map(|(u, role)| view! {
                    <nav class="tabs" aria-label=t.console_title>
                        {(role != "editor").then(|| view! {
                            <button type="button" class="chip" aria-pressed=move || (tab.get() == "queue").to_string()
                                on:click=move |_| tab.set("queue")>{t.queue_tab}</button>
                        })}
                        {(role != "staff").then(|| view! {
                            <button type="button" class="chip" aria-pressed=move || (tab.get() == "content").to_string()
                                on:click=move |_| tab.set("content")>{t.content_tab}</button>
                        })}
                        {(role == "admin").then(|| view! {
                            <button type="button" class="chip" aria-pressed=move || (tab.get() == "accounts").to_string()
                                on:click=move |_| tab.set("accounts")>{t.accounts_tab}</button>
                        })}
                    </nav>
                    <span class="who">{u}</span>
                    <button type="button" class="chip" on:click=logout>{t.log_out}</button>
                })}
            </header>
            <main class="console-body">
                {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                {move || match (user.get(), tab.get()) {
                    (None, _) => view! { <Login t=t user=user error=error /> }.into_any(),
                    (Some(me), "accounts") => view! { <Accounts t=t me=me error=error /> }.into_any(),
                    (Some(_), "content") => view! { <super::editor::Editor t=t error=error /> }.into_any(),
                    (Some((_, role)), _) if role == "editor" => view! { <super::editor::Editor t=t error=error /> }.into_any(),
                    (Some(me), _) => view! { <Queue t=t me=me error=error /> }.into_any(),
                }}
            </main>
        </div>
    }
}

#[component]
fn Login(t: &'static Strings, user: RwSignal<Option<Me>>, error: RwSignal<Option<String>>) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        spawn_local(async move {
            match api::login(&name.get_untracked(), &password.get_untracked(), t.network_error).await {
                Ok(v) => {
                    error.set(None);
                    user.set(Some((s(&v["username"]), s(&v["role"]))));
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

/// The queue: filters, the SLA clock, and each ticket with its actions and (opened) full view.
#[component]
fn Queue(t: &'static Strings, me: Me, error: RwSignal<Option<String>>) -> impl IntoView {
    let tickets: RwSignal<Vec<Value>> = RwSignal::new(vec![]);
    let fields: RwSignal<Vec<String>> = RwSignal::new(vec![]);
    let status = RwSignal::new("open".to_string());
    let field = RwSignal::new(String::new());
    let mine = RwSignal::new(false);
    // bumped on every queue event, so an opened ticket view reloads too
    let tick = RwSignal::new(0u32);
    let reload = move || {
        let mut path = format!("/staff/tickets?status={}", api::query_value(&status.get_untracked()));
        if !field.get_untracked().is_empty() {
            path.push_str(&format!("&field={}", api::query_value(&field.get_untracked())));
        }
        if mine.get_untracked() {
            path.push_str("&mine=1");
        }
        spawn_local(async move {
            match api::get_json(&path, t.network_error).await {
                Ok(v) => {
                    tickets.set(v["tickets"].as_array().cloned().unwrap_or_default());
                    fields.set(v["fields"].as_array().map(|f| f.iter().map(s).collect()).unwrap_or_default());
                }
                Err(e) => error.set(Some(e.0)),
            }
        });
        tick.update(|n| *n += 1);
    };
    reload();
    // Live: every queue event reloads the list (no personal data travels in the feed).
    if let Ok(es) = web_sys::EventSource::new("/api/v1/staff/events") {
        let on_event = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |_| reload());
        let _ = es.add_event_listener_with_callback("ticket", on_event.as_ref().unchecked_ref());
        let _ = es.add_event_listener_with_callback("resync", on_event.as_ref().unchecked_ref());
        on_event.forget();
        // the stream closes with this view (e.g. on logout or switching tabs)
        on_cleanup(move || es.close());
    }
    let me = StoredValue::new(me);
    let statuses = [
        ("open", t.status_open),
        ("new", t.q_new),
        ("claimed", t.status_claimed_short),
        ("answered", t.q_answered),
        ("called_back", t.status_called_back),
        ("resolved", t.q_resolved),
        ("", t.status_all),
    ];
    view! {
        <form class="filters" on:submit=|ev: leptos::ev::SubmitEvent| ev.prevent_default()>
            <label>{t.filter_status}" "
                <select on:change=move |ev| { status.set(event_target_value(&ev)); reload(); }>
                    {statuses.into_iter().map(|(v, label)| view! { <option value=v selected=v == "open">{label}</option> }).collect_view()}
                </select>
            </label>
            <label>{t.filter_field}" "
                <select on:change=move |ev| { field.set(event_target_value(&ev)); reload(); }>
                    <option value="">{t.any_field}</option>
                    {move || fields.get().into_iter().map(|f| {
                        let selected = f == field.get_untracked();
                        view! { <option value=f.clone() selected=selected>{f.clone()}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label><input type="checkbox" on:change=move |ev| { mine.set(event_target_checked(&ev)); reload(); } />
                " "{t.only_mine}</label>
        </form>
        {move || tickets.get().is_empty().then(|| view! { <p>{t.no_tickets}</p> })}
        <ul class="queue" role="list">
            // keyed: an item whose state did not change keeps its DOM (open view, drafts)
            <For
                each=move || tickets.get()
                key=|tk| format!("{}|{}|{}|{}", tk["code"], tk["status"], tk["claimed_by"], tk["minutes_left"])
                children=move |tk| view! { <QueueItem t=t tk=tk me=me.get_value() error=error reload=reload tick=tick /> }
            />
        </ul>
    }
}

#[component]
fn QueueItem(
    t: &'static Strings,
    tk: Value,
    me: Me,
    error: RwSignal<Option<String>>,
    reload: impl Fn() + Copy + Send + Sync + 'static,
    tick: RwSignal<u32>,
) -> impl IntoView {
    let code = s(&tk["code"]);
    let status = s(&tk["status"]);
    let mine = tk["claimed_by"].as_str() == Some(me.0.as_str());
    let admin = me.1 == "admin";
    let free = tk["claimed_by"].is_null() && status != "resolved";
    let open = RwSignal::new(false);
    let act = move |code: String, action: &'static str, text: RwSignal<String>| {
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let code = code.clone();
            spawn_local(async move {
                match api::ticket_action(&code, action, &text.get_untracked(), t.network_error).await {
                    Ok(_) => {
                        error.set(None);
                        text.set(String::new());
                    }
                    Err(e) => error.set(Some(e.0)),
                }
                reload();
            });
        }
    };
    let none = RwSignal::new(String::new());
    let reply_text = RwSignal::new(String::new());
    let note_text = RwSignal::new(String::new());
    let sla = match (tk["overdue"].as_bool(), tk["minutes_left"].as_i64()) {
        (Some(true), _) => Some(view! { <span class="sla overdue">{t.overdue}</span> }.into_any()),
        (_, Some(m)) => Some(view! { <span class="sla">{m}" "{t.minutes_left}</span> }.into_any()),
        _ => None,
    };
    let field = tk["field"].as_str().map(|f| format!(" · {f}"));
    let c = code.clone();
    view! {
        <li class="queue-item" data-code=code.clone() data-status=status.clone()>
            <p><strong>{code.clone()}</strong>" · "{s(&tk["status_label"])}
               " · "{tk["waiting_minutes"].as_i64().unwrap_or(0)}" "{t.minutes_waiting}{field}" "{sla}</p>
            <p>{s(&tk["name"])}" · "{s(&tk["phone"])}
               {tk["claimed_by"].as_str().map(|h| format!(" · {h}"))}</p>
            <p class="bubble">{s(&tk["question"])}</p>
            <div class="actions">
                {free.then(|| view! { <form on:submit=act(code.clone(), "claim", none)><button type="submit" class="send">{t.claim}</button></form> })}
                {(mine && status != "resolved").then(|| view! {
                    <form on:submit=act(code.clone(), "called-back", none)><button type="submit" class="chip">{t.mark_called_back}</button></form>
                })}
                {((mine || admin) && status != "resolved").then(|| view! {
                    <form on:submit=act(code.clone(), "resolve", none)><button type="submit" class="chip">{t.resolve}</button></form>
                })}
                {(status == "resolved").then(|| view! {
                    <form on:submit=act(code.clone(), "reopen", none)><button type="submit" class="chip">{t.reopen}</button></form>
                })}
                <button type="button" class="chip" aria-expanded=move || open.get().to_string()
                    on:click=move |_| open.update(|o| *o = !*o)>
                    {move || if open.get() { t.hide_details } else { t.details }}
                </button>
            </div>
            {(mine && status != "resolved").then(|| view! {
                <form class="reply-form" on:submit=act(code.clone(), "reply", reply_text)>
                    <label for=format!("r-{code}")>{t.reply_label}</label>
                    <textarea id=format!("r-{code}") rows="3" prop:value=move || reply_text.get()
                        on:input=move |ev| reply_text.set(event_target_value(&ev))></textarea>
                    <button type="submit" class="send">{t.send_reply}</button>
                </form>
            })}
            {move || open.get().then(|| view! {
                <TicketView t=t code=c.clone() error=error tick=tick />
                <form class="reply-form note-form" on:submit=act(c.clone(), "note", note_text)>
                    <label for=format!("n-{}", c)>{t.note_label}</label>
                    <textarea id=format!("n-{}", c) rows="2" prop:value=move || note_text.get()
                        on:input=move |ev| note_text.set(event_target_value(&ev))></textarea>
                    <button type="submit" class="chip">{t.add_note}</button>
                </form>
            })}
        </li>
    }
}

/// The full ticket: the procedure the citizen was reading, the transcript, replies and history
/// (internal notes included). Personal data is masked unless this officer holds the ticket.
#[component]
fn TicketView(
    t: &'static Strings,
    code: String,
    error: RwSignal<Option<String>>,
    tick: RwSignal<u32>,
) -> impl IntoView {
    let detail: RwSignal<Option<Value>> = RwSignal::new(None);
    Effect::new(move |_| {
        tick.track();
        let code = code.clone();
        spawn_local(async move {
            match api::get_json(&format!("/staff/tickets/{}", api::query_value(&code)), t.network_error).await {
                Ok(v) => detail.set(Some(v)),
                Err(e) => error.set(Some(e.0)),
            }
        });
    });
    move || {
        detail.get().map(|d| {
            let list = |v: &Value| v.as_array().cloned().unwrap_or_default();
            view! {
                <div class="ticket-view">
                    {d["procedure"]["title"].as_str().map(|title| view! {
                        <p><strong>{t.procedure_read}": "</strong>{title.to_string()}</p>
                    })}
                    {d["contact_time"].as_str().map(|c| view! { <p><strong>{t.contact_time_label}": "</strong>{c.to_string()}</p> })}
                    {d["email"].as_str().map(|e| view! { <p>"Email: "{e.to_string()}</p> })}
                    <h3>{t.transcript_label}</h3>
                    <ol class="transcript">
                        {list(&d["transcript"]).into_iter().map(|turn| view! {
                            <li class=format!("turn {}", s(&turn["role"]))>{s(&turn["text"])}</li>
                        }).collect_view()}
                    </ol>
                    <h3>{t.replies_label}</h3>
                    <ul>{list(&d["replies"]).into_iter().map(|r| view! { <li>{s(&r["text"])}</li> }).collect_view()}</ul>
                    <h3>{t.history_label}</h3>
                    <ul class="history">
                        {list(&d["history"]).into_iter().map(|h| view! {
                            <li>{s(&h["at"])}" · "{s(&h["actor"])}" · "{s(&h["action"])}
                                {h["detail"].as_str().map(|x| format!(": {x}"))}</li>
                        }).collect_view()}
                    </ul>
                </div>
            }
        })
    }
}

/// Admins: every account, create one, change role, disable/enable, reset a password.
#[component]
fn Accounts(t: &'static Strings, me: Me, error: RwSignal<Option<String>>) -> impl IntoView {
    let users: RwSignal<Vec<Value>> = RwSignal::new(vec![]);
    let notice: RwSignal<Option<&'static str>> = RwSignal::new(None);
    let reload = move || {
        spawn_local(async move {
            match api::get_json("/admin/users", t.network_error).await {
                Ok(v) => users.set(v["users"].as_array().cloned().unwrap_or_default()),
                Err(e) => error.set(Some(e.0)),
            }
        });
    };
    reload();
    let change = move |method: &'static str, path: String, body: Value| {
        spawn_local(async move {
            match api::send_json(method, &path, &body, t.network_error).await {
                Ok(_) => {
                    error.set(None);
                    notice.set(Some(t.saved));
                }
                Err(e) => {
                    notice.set(None);
                    error.set(Some(e.0));
                }
            }
            reload();
        });
    };
    let (name, password, role) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new("staff".to_string()));
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = json!({"username": name.get_untracked(), "password": password.get_untracked(), "role": role.get_untracked()});
        change("POST", "/admin/users".into(), body);
    };
    let roles = [("staff", "staff"), ("editor", "editor"), ("admin", "admin")];
    let me = StoredValue::new(me.0);
    view! {
        {move || notice.get().map(|n| view! { <p role="status">{n}</p> })}
        <table class="accounts">
            <thead><tr><th>{t.username}</th><th>{t.role_label}</th><th></th><th>{t.reset_password}</th></tr></thead>
            <tbody>
                {move || users.get().into_iter().map(|u| {
                    let name = s(&u["username"]);
                    let disabled = u["disabled"].as_bool().unwrap_or(false);
                    let path = format!("/admin/users/{}", api::query_value(&name));
                    let (p1, p2, p3) = (path.clone(), path.clone(), path);
                    let new_pw = RwSignal::new(String::new());
                    let current = s(&u["role"]);
                    let is_me = name == me.get_value();
                    view! {
                        <tr data-user=name.clone()>
                            <td>{name.clone()}{disabled.then_some(" (khóa)")}</td>
                            <td>
                                <select aria-label=t.role_label on:change=move |ev| change("PATCH", p1.clone(), json!({"role": event_target_value(&ev)}))>
                                    {roles.into_iter().map(|(v, l)| view! { <option value=v selected=v == current>{l}</option> }).collect_view()}
                                </select>
                            </td>
                            <td>{(!is_me).then(|| view! {
                                <button type="button" class="chip" on:click=move |_| change("PATCH", p2.clone(), json!({"disabled": !disabled}))>
                                    {if disabled { t.enable_account } else { t.disable_account }}
                                </button>
                            })}</td>
                            <td>
                                <form on:submit=move |ev: leptos::ev::SubmitEvent| {
                                    ev.prevent_default();
                                    change("PATCH", p3.clone(), json!({"password": new_pw.get_untracked()}));
                                }>
                                    <input type="password" autocomplete="new-password" aria-label=t.new_password
                                        on:input=move |ev| new_pw.set(event_target_value(&ev)) />
                                    <button type="submit" class="chip">{t.reset_password}</button>
                                </form>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        <form class="ticket-form" on:submit=create>
            <h2>{t.new_account}</h2>
            <div class="field"><label for="a-user">{t.username}</label>
                <input id="a-user" type="text" autocomplete="off" on:input=move |ev| name.set(event_target_value(&ev)) /></div>
            <div class="field"><label for="a-pass">{t.new_password}</label>
                <input id="a-pass" type="password" autocomplete="new-password" on:input=move |ev| password.set(event_target_value(&ev)) /></div>
            <div class="field"><label for="a-role">{t.role_label}</label>
                <select id="a-role" on:change=move |ev| role.set(event_target_value(&ev))>
                    {roles.into_iter().map(|(v, l)| view! { <option value=v>{l}</option> }).collect_view()}
                </select></div>
            <button type="submit" class="send">{t.new_account}</button>
        </form>
    }
}
