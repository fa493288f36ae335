use dvc_api::Vote;
use leptos::prelude::*;

use crate::i18n::Strings;

/// Thumbs up / down under an answer; one vote per answer.
#[component]
pub fn Feedback(turn: u32, t: &'static Strings, on_vote: Callback<(u32, Vote)>) -> impl IntoView {
    let voted = RwSignal::new(false);
    let vote = move |v: Vote| {
        voted.set(true);
        on_vote.run((turn, v));
    };
    view! {
        <div class="feedback" role="group" aria-label=t.was_helpful>
            {move || if voted.get() {
                view! { <span class="muted">{t.thanks_feedback}</span> }.into_any()
            } else {
                view! {
                    <button type="button" class="vote" on:click=move |_| vote(Vote::Up)>"▲ "{t.helpful}</button>
                    <button type="button" class="vote" on:click=move |_| vote(Vote::Down)>"▼ "{t.not_helpful}</button>
                }.into_any()
            }}
        </div>
    }
}
