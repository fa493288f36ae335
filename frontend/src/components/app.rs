use dvc_api::{Document, SearchResponse, Suggestion};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsValue;

use super::card::Card;
use super::hit_list::HitList;
use crate::api;
use crate::i18n::{Lang, Strings, strings};

/// What the panel shows.
#[derive(Debug, Clone, PartialEq)]
enum Screen {
    Welcome,
    Loading,
    Results(SearchResponse),
    Card(Box<Document>),
    Message(String),
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

/// Ask the embedding page to close the panel.
fn close_panel() {
    if let Ok(Some(parent)) = window().parent() {
        let _ = parent.post_message(&JsValue::from_str("dvc-close"), "*");
    }
}

/// Move keyboard focus to an element once it is rendered.
fn focus_later(id: &'static str) {
    request_animation_frame(move || {
        if let Some(el) = document().get_element_by_id(id)
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
    let screen = RwSignal::new(Screen::Welcome);
    let last_results: RwSignal<Option<SearchResponse>> = RwSignal::new(None);
    let suggestions: RwSignal<Vec<Suggestion>> = RwSignal::new(vec![]);

    let run_search = move |q: String| {
        let q = q.trim().to_string();
        if q.is_empty() {
            return;
        }
        suggestions.set(vec![]);
        screen.set(Screen::Loading);
        spawn_local(async move {
            match api::search(&q, t.network_error).await {
                Ok(r) if r.hits.is_empty() => screen.set(Screen::Message(t.no_results.to_string())),
                Ok(r) => {
                    last_results.set(Some(r.clone()));
                    screen.set(Screen::Results(r));
                }
                Err(e) => screen.set(Screen::Message(e.0)),
            }
        });
    };

    let choose = Callback::new(move |id: String| {
        screen.set(Screen::Loading);
        spawn_local(async move {
            match api::document(&id, t.network_error).await {
                Ok(doc) => {
                    screen.set(Screen::Card(Box::new(doc)));
                    focus_later("card-title");
                }
                Err(e) => screen.set(Screen::Message(e.0)),
            }
        });
    });

    let on_input = move |ev| {
        let value = event_target_value(&ev);
        query.set(value.clone());
        if value.trim().chars().count() < 2 {
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
        run_search(query.get_untracked());
    };

    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            close_panel();
        }
    };

    let back = move |_| {
        if let Some(r) = last_results.get_untracked() {
            screen.set(Screen::Results(r));
        }
    };

    view! {
        <div class="panel" style=style on:keydown=on_keydown>
            <header class="panel-header">
                <h1 class="panel-title">{title}</h1>
                <button type="button" class="icon-button" aria-label=t.close on:click=move |_| close_panel()>"×"</button>
            </header>
            <main class="panel-body" aria-live="polite" aria-busy=move || (screen.get() == Screen::Loading).to_string()>
                {move || match screen.get() {
                    Screen::Welcome => view! { <p class="bubble">{t.welcome}</p> }.into_any(),
                    Screen::Loading => view! { <p class="bubble muted">{t.searching}</p> }.into_any(),
                    Screen::Message(m) => view! { <p class="bubble" role="status">{m}</p> }.into_any(),
                    Screen::Results(r) => view! { <HitList results=r t=t on_choose=choose /> }.into_any(),
                    Screen::Card(doc) => view! {
                        <div>
                            {last_results.get_untracked().map(|_| view! {
                                <button type="button" class="link-button" on:click=back>{t.back}</button>
                            })}
                            <Card doc=*doc t=t />
                        </div>
                    }.into_any(),
                }}
            </main>
            <footer class="panel-footer">
                {move || {
                    let s = suggestions.get();
                    (!s.is_empty()).then(|| view! {
                        <div class="chips" role="group" aria-label=t.suggestions>
                            {s.into_iter().map(|s| {
                                let id = s.id.clone();
                                view! { <button type="button" class="chip" on:click=move |_| { suggestions.set(vec![]); choose.run(id.clone()) }>{s.title}</button> }
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
                {hotline.map(|h| view! {
                    <p class="hotline">{t.hotline}": "<a href=format!("tel:{}", h.replace(' ', ""))>{h.clone()}</a></p>
                })}
            </footer>
        </div>
    }
}
