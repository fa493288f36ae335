use dvc_api::{Card, DocKind};
use leptos::prelude::*;

use crate::i18n::Strings;

fn list(items: Vec<String>) -> impl IntoView {
    items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()
}

/// A labelled fact, shown only when the content has it.
/// One paragraph of an editor's answer: plain text (never HTML), a line starting with "- " as a
/// list item, and `http(s)://` addresses as links.
fn paragraph(text: &str) -> impl IntoView + use<> {
    let item = text.strip_prefix("- ").or_else(|| text.strip_prefix("• "));
    let body = linkify(item.unwrap_or(text));
    if item.is_some() {
        view! { <p class="answer-item">"• "{body}</p> }.into_any()
    } else {
        view! { <p>{body}</p> }.into_any()
    }
}

/// Text and links, in order.
fn linkify(text: &str) -> Vec<AnyView> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = ["https://", "http://"].iter().filter_map(|p| rest.find(p)).min() {
        let end = rest[start..].find(char::is_whitespace).map_or(rest.len(), |e| start + e);
        // a sentence's closing punctuation is not part of the address
        let url = rest[start..end].trim_end_matches(['.', ',', ';', ':', ')', '!', '?']);
        let end = start + url.len();
        out.push(rest[..start].to_string().into_any());
        let (href, label) = (url.to_string(), url.to_string());
        out.push(view! { <a href=href target="_blank" rel="noopener noreferrer">{label}</a> }.into_any());
        rest = &rest[end..];
    }
    out.push(rest.to_string().into_any());
    out
}

fn fact(label: &'static str, value: Option<String>) -> Option<impl IntoView> {
    value.filter(|v| !v.trim().is_empty()).map(|v| {
        view! {
            <div class="row">
                <dt>{label}</dt>
                <dd>{v}</dd>
            </div>
        }
    })
}

/// The card of a procedure or FAQ: every value is content, rendered as text (never HTML).
#[component]
pub fn CardView(card: Card, t: &'static Strings) -> impl IntoView {
    let is_procedure = card.kind == DocKind::Procedure;
    let kind = t.kind(card.kind);
    let join = |v: &Vec<String>| (!v.is_empty()).then(|| v.join("\n"));
    let time = join(&card.processing_time);
    let fees: Vec<String> = card
        .fees
        .iter()
        .map(|f| {
            let head = f.channel.as_ref().map(|c| format!("{c}: {}", f.amount)).unwrap_or_else(|| f.amount.clone());
            f.detail.as_ref().map(|d| format!("{head} ({d})")).unwrap_or(head)
        })
        .collect();
    let legal = join(&card.legal_basis);
    let provenance = format!(
        "{} {} · {} {}",
        t.source,
        card.source.clone().unwrap_or_else(|| t.not_stated.to_string()),
        t.content_version,
        card.content_date
    );
    view! {
        <article class="card">
            <p class="hit-kind">{kind}</p>
            <h3 class="card-title">{card.title.clone()}</h3>
            {(!card.reviewed).then(|| view! { <p class="notice" role="note">{t.sample_notice}</p> })}
            {(!card.answer.is_empty()).then(|| view! {
                <div class="answer">{card.answer.iter().map(|p| paragraph(p)).collect_view()}</div>
            })}
            {is_procedure.then(|| view! {
                <dl class="facts">
                    {fact(t.agency, card.agency.clone())}
                    {fact(t.local_notes, card.local_notes.clone())}
                    {fact(t.processing_time, time.clone())}
                    {fact(t.fees, (!fees.is_empty()).then(|| fees.join("\n")))}
                    {fact(t.online_discount, card.online_discount.clone())}
                    {fact(t.field, card.field.clone())}
                </dl>
            })}
            {(!card.documents.is_empty()).then(|| view! {
                <h4>{t.documents}</h4>
                <ol class="checklist">{list(card.documents.clone())}</ol>
            })}
            {(!card.steps.is_empty()).then(|| view! {
                <h4>{t.steps}</h4>
                <ol class="steps">{list(card.steps.clone())}</ol>
            })}
            {card.online_url.clone().or_else(|| card.source_url.clone()).filter(|u| u.starts_with("https://") || u.starts_with("http://")).map(|url| view! {
                <a class="file-online" href=url target="_blank" rel="noopener noreferrer">{t.file_online}</a>
            })}
            <dl class="facts provenance">
                {fact(t.decision, card.decision_no.clone())}
                {fact(t.legal_basis, legal)}
            </dl>
            <p class="source">{provenance}</p>
        </article>
    }
}
