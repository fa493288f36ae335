use dvc_api::{DocKind, SearchResponse};
use leptos::prelude::*;

use super::highlight::Highlighted;
use crate::i18n::Strings;

/// The ranked results of a search; choosing one calls `on_choose` with its id.
#[component]
pub fn HitList(results: SearchResponse, t: &'static Strings, on_choose: Callback<String>) -> impl IntoView {
    let heading = format!("{} “{}”", t.results_for, results.query);
    let label = heading.clone();
    view! {
        <section class="hits" aria-label=label>
            <p class="hits-heading">{heading}</p>
            <ul role="list">
                {results
                    .hits
                    .into_iter()
                    .map(|h| {
                        let id = h.id.clone();
                        let kind = match h.kind {
                            DocKind::Procedure => t.kind_procedure,
                            DocKind::Faq => t.kind_faq,
                        };
                        view! {
                            <li>
                                <button type="button" class="hit" on:click=move |_| on_choose.run(id.clone())>
                                    <span class="hit-kind">{kind}</span>
                                    <span class="hit-title">{h.title}</span>
                                    <span class="hit-snippet">
                                        <Highlighted text=h.snippet ranges=h.highlights />
                                    </span>
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}
