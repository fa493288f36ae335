//! The editors' part of the console: FAQs and procedures, synonyms, import/export, versions,
//! unanswered questions and usage. Every save publishes a content version; the server builds
//! the new index in the background and the status line shows when it is served.

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::{Value, json};
use wasm_bindgen::JsCast;

use super::console::s;
use crate::api;
use crate::i18n::Strings;

/// Shared by the sections: the error and notice lines, and a "published" hook that refreshes
/// the status line.
#[derive(Clone, Copy)]
struct Ctx {
    t: &'static Strings,
    error: RwSignal<Option<String>>,
    notice: RwSignal<Option<String>>,
    published: RwSignal<u32>,
    /// The question the FAQ form starts from (set by "make an FAQ" in the report).
    draft_question: RwSignal<Option<String>>,
    section: RwSignal<&'static str>,
}

impl Ctx {
    fn done(&self, v: &Value) {
        self.error.set(None);
        let msg = match v["version"].as_i64() {
            Some(n) => format!("{} {n}", self.t.saved),
            None => self.t.no_changes.to_string(),
        };
        self.notice.set(Some(msg));
        self.published.update(|n| *n += 1);
    }

    fn fail(&self, e: api::ClientError) {
        self.notice.set(None);
        self.error.set(Some(e.0));
    }
}

#[component]
pub fn Editor(t: &'static Strings, error: RwSignal<Option<String>>) -> impl IntoView {
    let ctx = Ctx {
        t,
        error,
        notice: RwSignal::new(None),
        published: RwSignal::new(0),
        draft_question: RwSignal::new(None),
        section: RwSignal::new("faqs"),
    };
    let sections = [
        ("faqs", t.faqs_section),
        ("procedures", t.procedures_section),
        ("synonyms", t.synonyms_section),
        ("files", t.files_section),
        ("versions", t.versions_section),
        ("unanswered", t.unanswered_section),
        ("usage", t.usage_section),
    ];
    view! {
        <Status ctx=ctx />
        {move || ctx.notice.get().map(|n| view! { <p role="status" class="notice-ok">{n}</p> })}
        <nav class="tabs sections">
            {sections.into_iter().map(|(key, label)| view! {
                <button type="button" class="chip" aria-pressed=move || (ctx.section.get() == key).to_string()
                    on:click=move |_| ctx.section.set(key)>{label}</button>
            }).collect_view()}
        </nav>
        {move || match ctx.section.get() {
            "procedures" => view! { <Procedures ctx=ctx /> }.into_any(),
            "synonyms" => view! { <SynonymsEditor ctx=ctx /> }.into_any(),
            "files" => view! { <Files ctx=ctx /> }.into_any(),
            "versions" => view! { <Versions ctx=ctx /> }.into_any(),
            "unanswered" => view! { <Unanswered ctx=ctx /> }.into_any(),
            "usage" => view! { <Usage ctx=ctx /> }.into_any(),
            _ => view! { <Faqs ctx=ctx /> }.into_any(),
        }}
    }
}

/// "Serving version N" (and "building…" until the newest is served), refreshed after a publish.
#[component]
fn Status(ctx: Ctx) -> impl IntoView {
    let status: RwSignal<Value> = RwSignal::new(Value::Null);
    let load = move || {
        spawn_local(async move {
            if let Ok(v) = api::get_json("/editor/status", ctx.t.network_error).await {
                let building = v["serving_version"] != v["newest_version"];
                status.set(v);
                if building {
                    // poll until the new version is served
                    gloo_timeout(500, move || ctx.published.update(|n| *n += 1));
                }
            }
        });
    };
    Effect::new(move |_| {
        ctx.published.track();
        load();
    });
    move || {
        let v = status.get();
        let building = !v.is_null() && v["serving_version"] != v["newest_version"];
        view! {
            <p class="content-status" data-serving=v["serving_version"].to_string()>
                {ctx.t.serving_version}" "{v["serving_version"].to_string()}
                {building.then(|| format!(" · {} ({})", ctx.t.building, v["newest_version"]))}
            </p>
        }
    }
}

fn gloo_timeout(ms: i32, f: impl FnOnce() + 'static) {
    let cb = wasm_bindgen::closure::Closure::once_into_js(f);
    if let Some(w) = web_sys::window() {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(cb.unchecked_ref(), ms);
    }
}

/// A search box and the matching documents of one kind.
#[component]
fn DocList(ctx: Ctx, kind: &'static str, picked: RwSignal<Option<String>>) -> impl IntoView {
    let q = RwSignal::new(String::new());
    let items: RwSignal<Vec<Value>> = RwSignal::new(vec![]);
    let load = move || {
        let path = format!("/editor/documents?kind={kind}&limit=50&q={}", api::query_value(&q.get_untracked()));
        spawn_local(async move {
            match api::get_json(&path, ctx.t.network_error).await {
                Ok(v) => items.set(v["items"].as_array().cloned().unwrap_or_default()),
                Err(e) => ctx.fail(e),
            }
        });
    };
    Effect::new(move |_| {
        ctx.published.track();
        load();
    });
    view! {
        <form class="filters" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); load(); }>
            <label>{ctx.t.search_content}" "
                <input type="search" on:input=move |ev| q.set(event_target_value(&ev)) /></label>
            <button type="submit" class="chip">{ctx.t.find}</button>
        </form>
        <ul class="doc-list" role="list">
            {move || items.get().into_iter().map(|d| {
                let id = s(&d["id"]);
                let id2 = id.clone();
                view! {
                    <li data-id=id.clone()>
                        <button type="button" class="link" on:click=move |_| picked.set(Some(id2.clone()))>{s(&d["title"])}</button>
                        <small>" · "{id.clone()}{d["group"].as_str().map(|g| format!(" · {g}"))}</small>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

fn lines(v: &Value) -> String {
    v.as_array().map(|a| a.iter().map(s).collect::<Vec<_>>().join("\n")).unwrap_or_default()
}

#[component]
fn Faqs(ctx: Ctx) -> impl IntoView {
    let t = ctx.t;
    let picked: RwSignal<Option<String>> = RwSignal::new(None);
    // the record being edited (`Null`: a new FAQ)
    let doc: RwSignal<Value> = RwSignal::new(Value::Null);
    let (question, alts, answer, category, related, reviewed) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(true),
    );
    let fill = move |d: &Value| {
        question.set(s(&d["question"]));
        alts.set(lines(&d["alt_questions"]));
        answer.set(s(&d["answer"]));
        category.set(s(&d["category"]));
        related
            .set(d["related"].as_array().map(|a| a.iter().map(s).collect::<Vec<_>>().join(", ")).unwrap_or_default());
        reviewed.set(d["reviewed"].as_bool().unwrap_or(true));
    };
    if let Some(q) = ctx.draft_question.get_untracked() {
        question.set(q);
        ctx.draft_question.set(None);
    }
    Effect::new(move |_| {
        if let Some(id) = picked.get() {
            spawn_local(async move {
                match api::get_json(&format!("/documents/{}", api::query_value(&id)), t.network_error).await {
                    Ok(d) => {
                        fill(&d);
                        doc.set(d);
                    }
                    Err(e) => ctx.fail(e),
                }
            });
        }
    });
    let new_faq = move |_| {
        doc.set(Value::Null);
        fill(&json!({}));
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut d = match doc.get_untracked() {
            Value::Null => json!({"kind": "faq"}),
            d => d,
        };
        d["question"] = json!(question.get_untracked().trim());
        d["alt_questions"] =
            json!(alts.get_untracked().lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>());
        d["answer"] = json!(answer.get_untracked().trim());
        d["category"] = json!(Some(category.get_untracked().trim().to_string()).filter(|c| !c.is_empty()));
        d["related"] =
            json!(related.get_untracked().split(',').map(str::trim).filter(|r| !r.is_empty()).collect::<Vec<_>>());
        d["reviewed"] = json!(reviewed.get_untracked());
        spawn_local(async move {
            let r = match d["id"].as_str() {
                Some(id) => {
                    api::send_json("PUT", &format!("/editor/documents/{}", api::query_value(id)), &d, t.network_error)
                        .await
                }
                None => api::send_json("POST", "/editor/documents", &d, t.network_error).await,
            };
            match r {
                Ok(v) => {
                    ctx.done(&v);
                    if d["id"].is_null()
                        && let Some(id) = v["summary"]["added"][0].as_str()
                    {
                        let mut d = d.clone();
                        d["id"] = json!(id);
                        doc.set(d);
                    }
                }
                Err(e) => ctx.fail(e),
            }
        });
    };
    let retire = move |_| {
        let Some(id) = doc.get_untracked()["id"].as_str().map(str::to_string) else { return };
        spawn_local(async move {
            match api::send_json(
                "POST",
                &format!("/editor/documents/{}/retire", api::query_value(&id)),
                &json!({}),
                t.network_error,
            )
            .await
            {
                Ok(v) => {
                    ctx.done(&v);
                    doc.set(Value::Null);
                    fill(&json!({}));
                }
                Err(e) => ctx.fail(e),
            }
        });
    };
    view! {
        <div class="editor-grid">
            <section>
                <button type="button" class="send" on:click=new_faq>{t.new_faq}</button>
                <DocList ctx=ctx kind="faq" picked=picked />
            </section>
            <form class="ticket-form faq-form" on:submit=save>
                <p><strong>{move || doc.get()["id"].as_str().map(str::to_string).unwrap_or_else(|| t.new_faq.to_string())}</strong></p>
                <div class="field"><label for="f-q">{t.question_label}</label>
                    <input id="f-q" type="text" prop:value=move || question.get() on:input=move |ev| question.set(event_target_value(&ev)) /></div>
                <div class="field"><label for="f-alt">{t.alt_questions_label}</label>
                    <textarea id="f-alt" rows="3" prop:value=move || alts.get() on:input=move |ev| alts.set(event_target_value(&ev))></textarea></div>
                <div class="field"><label for="f-a">{t.answer_label}</label>
                    <textarea id="f-a" rows="8" prop:value=move || answer.get() on:input=move |ev| answer.set(event_target_value(&ev))></textarea></div>
                <div class="field"><label for="f-c">{t.category_label}</label>
                    <input id="f-c" type="text" prop:value=move || category.get() on:input=move |ev| category.set(event_target_value(&ev)) /></div>
                <div class="field"><label for="f-r">{t.related_label}</label>
                    <input id="f-r" type="text" prop:value=move || related.get() on:input=move |ev| related.set(event_target_value(&ev)) /></div>
                <label><input type="checkbox" prop:checked=move || reviewed.get() on:change=move |ev| reviewed.set(event_target_checked(&ev)) />" "{t.reviewed_label}</label>
                <div class="actions">
                    <button type="submit" class="send">{t.save_publish}</button>
                    {move || doc.get()["id"].is_string().then(|| view! { <button type="button" class="chip" on:click=retire>{t.retire}</button> })}
                </div>
            </form>
        </div>
    }
}

#[component]
fn Procedures(ctx: Ctx) -> impl IntoView {
    let t = ctx.t;
    let picked: RwSignal<Option<String>> = RwSignal::new(None);
    let doc: RwSignal<Value> = RwSignal::new(Value::Null);
    let (level, url, notes) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    Effect::new(move |_| {
        if let Some(id) = picked.get() {
            spawn_local(async move {
                match api::get_json(&format!("/documents/{}", api::query_value(&id)), t.network_error).await {
                    Ok(d) => {
                        level.set(s(&d["online_level"]));
                        url.set(s(&d["online_url"]));
                        notes.set(s(&d["local_notes"]));
                        doc.set(d);
                    }
                    Err(e) => ctx.fail(e),
                }
            });
        }
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut d = doc.get_untracked();
        let Some(id) = d["id"].as_str().map(str::to_string) else { return };
        let opt = |v: String| json!(Some(v.trim().to_string()).filter(|v| !v.is_empty()));
        d["online_level"] = opt(level.get_untracked());
        d["online_url"] = opt(url.get_untracked());
        d["local_notes"] = opt(notes.get_untracked());
        spawn_local(async move {
            match api::send_json("PUT", &format!("/editor/documents/{}", api::query_value(&id)), &d, t.network_error)
                .await
            {
                Ok(v) => ctx.done(&v),
                Err(e) => ctx.fail(e),
            }
        });
    };
    view! {
        <div class="editor-grid">
            <section><DocList ctx=ctx kind="procedure" picked=picked /></section>
            {move || doc.get()["id"].is_string().then(|| view! {
                <form class="ticket-form" on:submit=save>
                    <p><strong>{s(&doc.get()["name"])}</strong></p>
                    <div class="field"><label for="p-l">{t.online_level_label}</label>
                        <select id="p-l" on:change=move |ev| level.set(event_target_value(&ev))>
                            {["", "toàn trình", "một phần"].into_iter().map(|v| view! {
                                <option value=v selected=move || level.get() == v>{if v.is_empty() { "—" } else { v }}</option>
                            }).collect_view()}
                        </select></div>
                    <div class="field"><label for="p-u">{t.online_url_label}</label>
                        <input id="p-u" type="url" prop:value=move || url.get() on:input=move |ev| url.set(event_target_value(&ev)) /></div>
                    <div class="field"><label for="p-n">{t.local_notes_label}</label>
                        <textarea id="p-n" rows="3" prop:value=move || notes.get() on:input=move |ev| notes.set(event_target_value(&ev))></textarea></div>
                    <button type="submit" class="send">{t.save_publish}</button>
                </form>
            })}
        </div>
    }
}

#[component]
fn SynonymsEditor(ctx: Ctx) -> impl IntoView {
    let t = ctx.t;
    let text = RwSignal::new(String::new());
    spawn_local(async move {
        match api::get_json("/editor/synonyms", t.network_error).await {
            Ok(v) => text.set(s(&v["text"])),
            Err(e) => ctx.fail(e),
        }
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = json!({"text": text.get_untracked()});
        spawn_local(async move {
            match api::send_json("PUT", "/editor/synonyms", &body, t.network_error).await {
                Ok(v) => ctx.done(&v),
                Err(e) => ctx.fail(e),
            }
        });
    };
    view! {
        <form class="ticket-form" on:submit=save>
            <div class="field"><label for="syn">{t.synonyms_section}</label>
                <textarea id="syn" rows="20" class="mono" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea></div>
            <button type="submit" class="send">{t.save_publish}</button>
        </form>
    }
}

#[component]
fn Files(ctx: Ctx) -> impl IntoView {
    let t = ctx.t;
    let input = NodeRef::<leptos::html::Input>::new();
    let result: RwSignal<Value> = RwSignal::new(Value::Null);
    let run = move |dry: bool| {
        let Some(f) = input.get_untracked().and_then(|i| i.files()).and_then(|fs| fs.get(0)) else { return };
        let name = f.name();
        let format = name.rsplit('.').next().unwrap_or_default().to_lowercase();
        let path = format!(
            "/editor/import?format={}&name={}{}",
            api::query_value(&format),
            api::query_value(&name),
            if dry { "&dry_run=1" } else { "" }
        );
        spawn_local(async move {
            match api::send_raw("POST", &path, f.into(), t.network_error).await {
                Ok((200, v)) => {
                    if !dry {
                        ctx.done(&v);
                    } else {
                        ctx.error.set(None);
                    }
                    result.set(v);
                }
                Ok((_, v)) => {
                    ctx.notice.set(None);
                    ctx.error.set(Some(s(&v["error"]["message"])));
                    result.set(v);
                }
                Err(e) => ctx.fail(e),
            }
        });
    };
    let list = |v: &Value| v.as_array().map(|a| a.iter().map(s).collect::<Vec<_>>().join(", ")).unwrap_or_default();
    view! {
        <div class="ticket-form">
            <div class="field"><label for="imp">{t.upload_file}</label>
                <input id="imp" type="file" accept=".jsonl,.csv,.xlsx" node_ref=input
                    on:change=move |_| result.set(Value::Null) /></div>
            <div class="actions">
                <button type="button" class="chip" on:click=move |_| run(true)>{t.check_file}</button>
                <button type="button" class="send" disabled=move || result.get()["preview"].is_null() on:click=move |_| run(false)>{t.apply_file}</button>
            </div>
            {move || {
                let v = result.get();
                let preview = &v["preview"];
                let rows = v["rows"].as_array().cloned().unwrap_or_default();
                view! {
                    {(!preview.is_null()).then(|| view! {
                        <dl class="facts preview">
                            <dt>{t.added}</dt><dd>{preview["added"].as_array().map(Vec::len)}" "{list(&preview["added"])}</dd>
                            <dt>{t.changed}</dt><dd>{preview["changed"].as_array().map(Vec::len)}" "{list(&preview["changed"])}</dd>
                            <dt>{t.retired_label}</dt><dd>{preview["retired"].as_array().map(Vec::len)}" "{list(&preview["retired"])}</dd>
                        </dl>
                    })}
                    {(!rows.is_empty()).then(|| view! {
                        <table class="accounts import-errors">
                            <thead><tr><th>{t.line}</th><th>"Trường"</th><th>"Lỗi"</th></tr></thead>
                            <tbody>{rows.into_iter().map(|r| view! {
                                <tr><td>{r["line"].to_string()}</td><td>{s(&r["field"])}</td><td>{s(&r["message"])}</td></tr>
                            }).collect_view()}</tbody>
                        </table>
                    })}
                }
            }}
            <p>{t.export_label}": "
                <a href="/api/v1/editor/export?format=xlsx&kind=faq" download>"FAQ (.xlsx)"</a>" · "
                <a href="/api/v1/editor/export?format=csv&kind=faq" download>"FAQ (.csv)"</a>" · "
                <a href="/api/v1/editor/export?format=xlsx&kind=procedure" download>"Thủ tục (.xlsx)"</a>" · "
                <a href="/api/v1/editor/export?format=csv&kind=procedure" download>"Thủ tục (.csv)"</a>" · "
                <a href="/api/v1/editor/export?format=jsonl" download>"Tất cả (.jsonl)"</a>
            </p>
        </div>
    }
}

#[component]
fn Versions(ctx: Ctx) -> impl IntoView {
    let t = ctx.t;
    let list: RwSignal<Vec<Value>> = RwSignal::new(vec![]);
    Effect::new(move |_| {
        ctx.published.track();
        spawn_local(async move {
            match api::get_json("/editor/versions", t.network_error).await {
                Ok(v) => list.set(v["versions"].as_array().cloned().unwrap_or_default()),
                Err(e) => ctx.fail(e),
            }
        });
    });
    let rollback = move |n: i64| {
        spawn_local(async move {
            match api::send_json("POST", &format!("/editor/versions/{n}/rollback"), &json!({}), t.network_error).await {
                Ok(v) => ctx.done(&v),
                Err(e) => ctx.fail(e),
            }
        });
    };
    view! {
        <table class="accounts versions">
            <thead><tr><th>"#"</th><th>"Thời gian"</th><th>"Người xuất bản"</th><th>"Nội dung"</th><th>"+ / ~ / −"</th><th></th></tr></thead>
            <tbody>
                {move || list.get().into_iter().enumerate().map(|(i, v)| {
                    let n = v["version"].as_i64().unwrap_or_default();
                    view! {
                        <tr data-version=n>
                            <td>{n}</td><td>{s(&v["at"])}</td><td>{s(&v["author"])}</td><td>{s(&v["note"])}</td>
                            <td>{format!("{} / {} / {}", v["added"], v["changed"], v["retired"])}</td>
                            <td>{(i > 0).then(|| view! { <button type="button" class="chip" on:click=move |_| rollback(n)>{t.rollback}</button> })}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn Unanswered(ctx: Ctx) -> impl IntoView {
    let t = ctx.t;
    let groups: RwSignal<Vec<Value>> = RwSignal::new(vec![]);
    spawn_local(async move {
        match api::get_json("/editor/unanswered?days=30", t.network_error).await {
            Ok(v) => groups.set(v["groups"].as_array().cloned().unwrap_or_default()),
            Err(e) => ctx.fail(e),
        }
    });
    view! {
        <ul class="queue" role="list">
            {move || groups.get().into_iter().map(|g| {
                let example = s(&g["example"]);
                let q = example.clone();
                let alt = example.clone();
                let faq_id = RwSignal::new(String::new());
                let add_alt = move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    let (id, alt) = (faq_id.get_untracked().trim().to_string(), alt.clone());
                    spawn_local(async move {
                        let path = format!("/documents/{}", api::query_value(&id));
                        let mut d = match api::get_json(&path, t.network_error).await {
                            Ok(d) if d["kind"] == "faq" => d,
                            Ok(_) => return ctx.error.set(Some(t.not_an_faq.to_string())),
                            Err(e) => return ctx.fail(e),
                        };
                        let mut alts = d["alt_questions"].as_array().cloned().unwrap_or_default();
                        alts.push(json!(alt));
                        d["alt_questions"] = json!(alts);
                        match api::send_json("PUT", &format!("/editor{path}"), &d, t.network_error).await {
                            Ok(v) => ctx.done(&v),
                            Err(e) => ctx.fail(e),
                        }
                    });
                };
                view! {
                    <li class="queue-item">
                        <p><strong>{example.clone()}</strong>" · "{g["count"].as_i64()}" "{t.asked_times}</p>
                        <p><small>{format!("thấp {} · không có đáp án {} · không hài lòng {} · chuyển tổng đài {} · {} → {}",
                            g["low_confidence"], g["no_answer"], g["thumbs_down"], g["tickets"], s(&g["first_at"]), s(&g["last_at"]))}</small></p>
                        <button type="button" class="chip" on:click=move |_| {
                            ctx.draft_question.set(Some(q.clone()));
                            ctx.section.set("faqs");
                        }>{t.make_faq}</button>
                        <form class="actions" on:submit=add_alt>
                            <label>{t.add_as_alt}" "
                                <input type="text" placeholder="faq-…" on:input=move |ev| faq_id.set(event_target_value(&ev)) /></label>
                            <button type="submit" class="chip">{t.add_alt_button}</button>
                        </form>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

#[component]
fn Usage(ctx: Ctx) -> impl IntoView {
    let t = ctx.t;
    let usage: RwSignal<Value> = RwSignal::new(Value::Null);
    spawn_local(async move {
        match api::get_json("/editor/usage?days=30", t.network_error).await {
            Ok(v) => usage.set(v),
            Err(e) => ctx.fail(e),
        }
    });
    move || {
        let u = usage.get();
        let days: Vec<(String, i64)> = u["questions_per_day"]
            .as_object()
            .map(|m| m.iter().map(|(k, v)| (k.clone(), v.as_i64().unwrap_or(0))).collect())
            .unwrap_or_default();
        let max = days.iter().map(|d| d.1).max().unwrap_or(1).max(1);
        let share = u["high_confidence_share"].as_f64().map(|x| format!("{:.0} %", x * 100.0));
        view! {
            <dl class="facts usage">
                <dt>{t.questions_asked}</dt><dd>{u["questions"].to_string()}</dd>
                <dt>{t.high_share}</dt><dd>{share}</dd>
                <dt>{t.thumbs}</dt><dd>{format!("{} / {}", u["thumbs_up"], u["thumbs_down"])}</dd>
                <dt>{t.tickets_created_resolved}</dt><dd>{format!("{} / {}", u["tickets_created"], u["tickets_resolved"])}</dd>
                <dt>{t.median_response}</dt><dd>{u["median_first_response_minutes"].to_string()}</dd>
            </dl>
            <h3>{t.per_day}</h3>
            <div class="bars" role="img" aria-label=t.per_day>
                {days.into_iter().map(|(day, n)| view! {
                    <div class="bar-row"><span class="bar-label">{day}</span>
                        <span class="bar" style=format!("width:{}%", n * 100 / max)></span><span>{n}</span></div>
                }).collect_view()}
            </div>
        }
    }
}
