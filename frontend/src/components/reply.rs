use dvc_api::{ActionKind, Related, Reply};
use leptos::prelude::*;

use super::card::CardView;
use crate::i18n::Strings;

/// A button press: kind, candidate id, and the label (shown as the citizen's message).
pub type Press = (ActionKind, Option<String>, String);

/// A document the citizen can open: kind, title and snippet on one large button.
fn candidate(r: Related, t: &'static Strings, on_press: Callback<Press>) -> impl IntoView {
    let press = (ActionKind::Choose, Some(r.id.clone()), r.title.clone());
    view! {
        <li>
            <button type="button" class="hit" on:click=move |_| on_press.run(press.clone())>
                <span class="hit-kind">{t.kind(r.kind)}</span>
                <span class="hit-title">{r.title}</span>
                {r.snippet.map(|s| view! { <span class="hit-snippet">{s}</span> })}
            </button>
        </li>
    }
}

/// One answer of the assistant: its text, the card, candidates or related documents, and the
/// follow-up buttons.
#[component]
pub fn ReplyView(
    reply: Reply,
    t: &'static Strings,
    on_press: Callback<Press>,
    /// The card was already shown just before: fold it so the new answer stays in view.
    #[prop(optional)]
    fold_card: bool,
) -> impl IntoView {
    let has_card = reply.card.is_some();
    let aspects: Vec<_> = reply
        .actions
        .iter()
        .filter(|a| !matches!(a.kind, ActionKind::Choose | ActionKind::Escalate))
        .cloned()
        .collect();
    let related = reply.related.clone();
    view! {
        <div class="reply">
            <p class="bubble assistant">{reply.text.clone()}</p>
            {reply.card.clone().map(|c| if fold_card {
                view! {
                    <details class="card-fold">
                        <summary>{t.full_card}</summary>
                        <CardView card=c t=t />
                    </details>
                }.into_any()
            } else {
                view! { <CardView card=c t=t /> }.into_any()
            })}
            {(!related.is_empty()).then(|| view! {
                <div class="hits">
                    {has_card.then(|| view! { <p class="hits-heading">{t.see_also}</p> })}
                    <ul role="list">{related.into_iter().map(|r| candidate(r, t, on_press)).collect_view()}</ul>
                </div>
            })}
            {(!aspects.is_empty()).then(|| view! {
                <div class="chips" role="group" aria-label=t.ask_more>
                    {aspects.into_iter().map(|a| {
                        let press = (a.kind, None, a.label.clone());
                        view! { <button type="button" class="chip" on:click=move |_| on_press.run(press.clone())>{a.label}</button> }
                    }).collect_view()}
                </div>
            })}
        </div>
    }
}
