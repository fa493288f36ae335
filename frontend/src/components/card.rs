use dvc_api::{Document, Faq, Procedure};
use leptos::prelude::*;

use crate::i18n::Strings;

/// A labelled value, or "not stated".
fn row(label: &'static str, value: Option<String>, t: &'static Strings) -> impl IntoView {
    view! {
        <div class="row">
            <dt>{label}</dt>
            <dd>{value.filter(|v| !v.trim().is_empty()).unwrap_or_else(|| t.not_stated.to_string())}</dd>
        </div>
    }
}

/// Per-channel values ("Trực tiếp: 15 ngày làm việc") when the channels differ, else the one value.
fn per_channel(
    p: &Procedure,
    pick: impl Fn(&dvc_api::SubmissionMethod) -> Option<&String>,
    fallback: &Option<String>,
) -> Option<String> {
    let values: Vec<String> =
        p.submission_methods.iter().filter_map(|m| pick(m).map(|v| format!("{}: {}", m.channel, v))).collect();
    if values.is_empty() { fallback.clone() } else { Some(values.join("\n")) }
}

fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect()
}

#[component]
fn ProcedureCard(p: Procedure, t: &'static Strings) -> impl IntoView {
    let time = per_channel(&p, |m| m.processing_time.as_ref(), &p.processing_time);
    let fees = per_channel(&p, |m| m.fee.as_ref(), &p.fees);
    let docs: Vec<String> = match (&p.documents, &p.documents_text) {
        (Some(d), _) if !d.is_empty() => d
            .iter()
            .map(|d| match &d.quantity {
                Some(q) => format!("{} ({q})", d.name),
                None => d.name.clone(),
            })
            .collect(),
        (_, Some(text)) => lines(text),
        _ => vec![],
    };
    let steps = p.steps.as_deref().map(lines).unwrap_or_default();
    let legal = p.legal_basis.clone().unwrap_or_default().join(", ");
    let source = p.source_url.clone();
    view! {
        <article class="card" aria-labelledby="card-title">
            <p class="hit-kind">{t.kind_procedure}</p>
            <h2 id="card-title" tabindex="-1">{p.name.clone()}</h2>
            <dl class="facts">
                {row(t.agency, p.agency.clone(), t)}
                {row(t.processing_time, time, t)}
                {row(t.fees, fees, t)}
                {row(t.field, p.field.clone(), t)}
                {row(t.level, p.implementation_level.clone(), t)}
            </dl>
            <h3>{t.documents}</h3>
            <ol class="checklist">{docs.into_iter().map(|d| view! { <li>{d}</li> }).collect_view()}</ol>
            <h3>{t.steps}</h3>
            <div class="steps">{steps.into_iter().map(|s| view! { <p>{s}</p> }).collect_view()}</div>
            {source.map(|url| view! {
                <a class="file-online" href=url target="_blank" rel="noopener noreferrer">{t.file_online}</a>
            })}
            <dl class="facts provenance">
                {row(t.decision, p.decision_no.clone(), t)}
                {row(t.legal_basis, Some(legal), t)}
            </dl>
        </article>
    }
}

#[component]
fn FaqCard(f: Faq, t: &'static Strings) -> impl IntoView {
    let paragraphs = lines(&f.answer);
    let source = f.source.clone().unwrap_or_default();
    view! {
        <article class="card" aria-labelledby="card-title">
            <p class="hit-kind">{t.kind_faq}</p>
            <h2 id="card-title" tabindex="-1">{f.question.clone()}</h2>
            {(!f.reviewed).then(|| view! { <p class="notice" role="note">{t.sample_notice}</p> })}
            <div class="answer">{paragraphs.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}</div>
            <p class="source">{t.source}": "{source}{f.category.map(|c| format!(" · {c}"))}</p>
        </article>
    }
}

/// The card of a chosen document.
#[component]
pub fn Card(doc: Document, t: &'static Strings) -> impl IntoView {
    match doc {
        Document::Procedure(p) => view! { <ProcedureCard p=p t=t /> }.into_any(),
        Document::Faq(f) => view! { <FaqCard f=f t=t /> }.into_any(),
    }
}
