//! The assistant's dialogue: what to answer, when to ask which one, when to offer the hotline.
//!
//! Pure code: it reads the content through [`Knowledge`] and a conversation's [`DialogueState`],
//! and returns a [`Reply`]. Every sentence comes from the content or from the templates in
//! `text.rs`; nothing is made up. Tested without a server.

mod card;
mod intent;
mod text;

use dvc_api::{Action, ActionKind, Card, Confidence, DocKind, Document, Related, Reply};
use dvc_index::{ANSWER_THRESHOLD, Hit, Kind};
use serde::{Deserialize, Serialize};

pub use card::card;
pub use intent::{Intent, classify, strip_aspects};

/// Below the answer threshold by more than this, the assistant does not even suggest candidates.
const CANDIDATE_MARGIN: f32 = 0.15;
/// A second hit whose reranked score is within this share of the first is a close candidate.
const CLOSE_SCORE: f32 = 0.9;
/// After this many unanswered questions in a row the hotline is put first.
const LOW_STREAK_ESCALATE: u8 = 2;
const MAX_RELATED: usize = 3;

/// What the dialogue reads.
pub trait Knowledge {
    /// Ranked hits for a citizen's text, optionally of one kind.
    fn search(&self, text: &str, limit: usize, kind: Option<Kind>) -> Vec<Hit>;
    fn document(&self, id: &str) -> Option<&Document>;
    /// Date (YYYY-MM-DD) of the content version answers come from.
    fn content_date(&self) -> String;
}

/// What the dialogue remembers between messages of one conversation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DialogueState {
    /// The document under discussion: follow-ups are answered from it.
    pub topic: Option<String>,
    /// Questions in a row answered with low confidence.
    pub low_streak: u8,
    /// The citizen's words that led to the topic (used to find the procedure behind an FAQ).
    #[serde(default)]
    pub asked: Option<String>,
    /// An aspect asked while the assistant asked "which procedure?": answered once one is chosen.
    #[serde(default)]
    pub pending_aspect: Option<ActionKind>,
}

/// One input: typed text or a pressed button.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Input<'a> {
    Message(&'a str),
    Action { kind: ActionKind, id: Option<&'a str> },
}

/// Answer one input and update the state.
pub fn respond(k: &impl Knowledge, state: &mut DialogueState, input: Input<'_>, hotline: &str) -> Reply {
    match input {
        Input::Action { kind: ActionKind::Choose, id: Some(id) } => match (k.document(id), state.pending_aspect.take())
        {
            (Some(doc), Some(aspect)) => {
                state.topic = Some(doc.id().to_string());
                aspect_reply(k, doc, aspect)
            }
            (Some(doc), None) => answer(k, state, doc, vec![]),
            (None, _) => template(text::NONSENSE, Confidence::Low),
        },
        Input::Action { kind: ActionKind::Escalate, .. } => escalate(hotline),
        Input::Action { kind, .. } => follow_up(k, state, kind),
        Input::Message(msg) => match classify(msg) {
            Intent::Empty => template(text::EMPTY, Confidence::High),
            Intent::Nonsense => template(text::NONSENSE, Confidence::Low),
            Intent::Greeting => template(text::GREETING, Confidence::High),
            Intent::Thanks => template(text::THANKS, Confidence::High),
            Intent::Goodbye => template(text::GOODBYE, Confidence::High),
            Intent::WhoAreYou => template(text::WHO, Confidence::High),
            Intent::Insult => template(text::INSULT, Confidence::High),
            Intent::Human => escalate(hotline),
            Intent::Aspect { aspect, has_topic } => {
                if has_topic || state.topic.is_none() {
                    // "lệ phí làm hộ chiếu" names its own topic; answer it if it is clear.
                    let topic_text = intent::strip_aspects(msg);
                    let hits = k.search(&topic_text, 5, None);
                    if let Some(doc) = clear_answer(&hits).and_then(|h| k.document(&h.id)) {
                        state.topic = Some(doc.id().to_string());
                        state.asked = Some(topic_text);
                        state.low_streak = 0;
                        return aspect_reply(k, doc, aspect);
                    }
                    match state.topic.as_deref() {
                        None if has_topic => return question(k, state, hits, hotline),
                        None => return template(text::WHICH_TOPIC, Confidence::Low),
                        // A confident new subject that is not the one under discussion: let the
                        // citizen choose rather than answer about the old topic.
                        Some(topic)
                            if has_topic
                                && hits.first().is_some_and(|top| {
                                    top.confidence >= ANSWER_THRESHOLD
                                        && top.id != topic
                                        && hits
                                            .iter()
                                            .find(|h| h.id == topic)
                                            .is_none_or(|t| t.score < CLOSE_SCORE * top.score)
                                }) =>
                        {
                            return question(k, state, hits, hotline);
                        }
                        Some(_) => {}
                    }
                }
                follow_up(k, state, aspect)
            }
            Intent::Question => {
                let hits = k.search(msg, 5, None);
                state.asked = Some(msg.to_string());
                question(k, state, hits, hotline)
            }
        },
    }
}

/// React to a thumbs down: apologise and offer the hotline; counts as an unanswered question.
pub fn thumbs_down(state: &mut DialogueState, hotline: &str) -> Reply {
    state.low_streak = state.low_streak.saturating_add(1);
    Reply {
        text: format!("{} {}", text::THUMBS_DOWN, text::escalate(hotline)),
        card: None,
        related: vec![],
        confidence: Confidence::Low,
        actions: vec![escalate_action()],
    }
}

/// The single clear answer among hits: confident, and no close second.
fn clear_answer(hits: &[Hit]) -> Option<&Hit> {
    let top = hits.first().filter(|h| h.confidence >= ANSWER_THRESHOLD)?;
    close_to(hits, top).is_empty().then_some(top)
}

/// Other confident hits whose score is close to `top`'s.
fn close_to<'a>(hits: &'a [Hit], top: &Hit) -> Vec<&'a Hit> {
    hits.iter()
        .skip(1)
        .filter(|h| h.confidence >= ANSWER_THRESHOLD && h.score >= CLOSE_SCORE * top.score)
        .take(MAX_RELATED - 1)
        .collect()
}

fn question(k: &impl Knowledge, state: &mut DialogueState, hits: Vec<Hit>, hotline: &str) -> Reply {
    let Some(top) = hits.first() else { return low(state, &hits, hotline) };
    if top.confidence < ANSWER_THRESHOLD - CANDIDATE_MARGIN {
        return low(state, &hits, hotline);
    }
    if top.confidence < ANSWER_THRESHOLD {
        state.low_streak = 0;
        return choose(text::MAYBE, hits.iter().take(MAX_RELATED).collect(), Confidence::Low);
    }
    let close = close_to(&hits, top);
    if !close.is_empty() {
        state.low_streak = 0;
        let candidates = std::iter::once(top).chain(close).collect();
        return choose(text::CHOOSE, candidates, Confidence::Medium);
    }
    match k.document(&top.id) {
        Some(doc) => answer(k, state, doc, hits[1..].iter().take(MAX_RELATED).map(related).collect()),
        None => low(state, &hits, hotline),
    }
}

fn related(h: &Hit) -> Related {
    let snippet = (!h.snippet.is_empty()).then(|| h.snippet.clone());
    Related { id: h.id.clone(), kind: wire_kind(h.kind), title: h.title.clone(), snippet }
}

fn wire_kind(k: Kind) -> DocKind {
    match k {
        Kind::Procedure => DocKind::Procedure,
        Kind::Faq => DocKind::Faq,
    }
}

fn escalate_action() -> Action {
    Action { kind: ActionKind::Escalate, label: text::ESCALATE_LABEL.to_string(), id: None }
}

fn template(t: &str, confidence: Confidence) -> Reply {
    Reply { text: t.to_string(), card: None, related: vec![], confidence, actions: vec![escalate_action()] }
}

fn escalate(hotline: &str) -> Reply {
    Reply {
        text: text::escalate(hotline),
        card: None,
        related: vec![],
        confidence: Confidence::High,
        actions: vec![escalate_action()],
    }
}

fn low(state: &mut DialogueState, hits: &[Hit], hotline: &str) -> Reply {
    state.low_streak = state.low_streak.saturating_add(1);
    let text = if state.low_streak >= LOW_STREAK_ESCALATE {
        format!("{} {}", text::LOW_AGAIN, text::escalate(hotline))
    } else {
        format!("{} {}", text::LOW, text::low_suffix(hotline))
    };
    let mut actions = vec![escalate_action()];
    if state.low_streak < LOW_STREAK_ESCALATE {
        actions.extend(hits.iter().take(MAX_RELATED).map(choose_action));
    }
    Reply {
        text,
        card: None,
        related: hits.iter().take(MAX_RELATED).map(related).collect(),
        confidence: Confidence::Low,
        actions,
    }
}

fn choose_action(h: &Hit) -> Action {
    Action { kind: ActionKind::Choose, label: h.title.clone(), id: Some(h.id.clone()) }
}

fn choose(t: &str, candidates: Vec<&Hit>, confidence: Confidence) -> Reply {
    let mut actions: Vec<Action> = candidates.iter().map(|h| choose_action(h)).collect();
    actions.push(escalate_action());
    Reply {
        text: t.to_string(),
        card: None,
        related: candidates.into_iter().map(related).collect(),
        confidence,
        actions,
    }
}

/// Aspect buttons under a procedure card.
fn procedure_actions() -> Vec<Action> {
    [
        (ActionKind::Documents, "Giấy tờ cần chuẩn bị"),
        (ActionKind::Fee, "Lệ phí"),
        (ActionKind::Time, "Thời gian giải quyết"),
        (ActionKind::Agency, "Nộp ở đâu"),
        (ActionKind::Steps, "Các bước"),
        (ActionKind::FileOnline, "Nộp trực tuyến"),
    ]
    .into_iter()
    .map(|(kind, label)| Action { kind, label: label.to_string(), id: None })
    .chain([escalate_action()])
    .collect()
}

fn actions_for(doc: &Document) -> Vec<Action> {
    match doc {
        Document::Procedure(_) => procedure_actions(),
        Document::Faq(_) => vec![escalate_action()],
    }
}

/// Answer with the card of `doc`, making it the topic.
fn answer(k: &impl Knowledge, state: &mut DialogueState, doc: &Document, related: Vec<Related>) -> Reply {
    state.topic = Some(doc.id().to_string());
    state.low_streak = 0;
    let card = card(doc, &k.content_date());
    let text = match doc {
        Document::Procedure(p) => format!("{}\n{}", text::HIGH, p.name),
        Document::Faq(_) => text::HIGH_FAQ.to_string(),
    };
    Reply { text, card: Some(card), related, confidence: Confidence::High, actions: actions_for(doc) }
}

/// A follow-up about the topic under discussion.
fn follow_up(k: &impl Knowledge, state: &mut DialogueState, aspect: ActionKind) -> Reply {
    match state.topic.as_deref().and_then(|id| k.document(id)) {
        // Fees, documents, time… belong to procedures: after an FAQ, answer from the procedure
        // the FAQ is about, when one clearly matches its question.
        Some(Document::Faq(f)) => {
            let query = state.asked.clone().unwrap_or_else(|| f.question.clone());
            let hits = k.search(&query, 3, Some(Kind::Procedure));
            if let Some(doc) = clear_answer(&hits).and_then(|h| k.document(&h.id)) {
                state.topic = Some(doc.id().to_string());
                return aspect_reply(k, doc, aspect);
            }
            match hits.first().filter(|h| h.confidence >= ANSWER_THRESHOLD) {
                Some(top) => {
                    state.pending_aspect = Some(aspect);
                    let candidates = std::iter::once(top).chain(close_to(&hits, top)).collect();
                    choose(text::CHOOSE, candidates, Confidence::Medium)
                }
                None => aspect_reply(k, &Document::Faq(f.clone()), aspect),
            }
        }
        Some(doc) => aspect_reply(k, doc, aspect),
        None => template(text::WHICH_TOPIC, Confidence::Low),
    }
}

/// Answer one aspect of `doc` from its fields.
fn aspect_reply(k: &impl Knowledge, doc: &Document, aspect: ActionKind) -> Reply {
    let card = card(doc, &k.content_date());
    let text = match doc {
        Document::Faq(_) => text::FAQ_ASPECT.to_string(),
        Document::Procedure(p) => {
            let body = aspect_text(&card, p, aspect);
            format!("«{}»\n{}", card.title, body.unwrap_or_else(|| text::NOT_STATED.to_string()))
        }
    };
    Reply { text, card: Some(card), related: vec![], confidence: Confidence::High, actions: actions_for(doc) }
}

fn numbered(items: &[String]) -> String {
    items.iter().enumerate().map(|(i, s)| format!("{}. {s}", i + 1)).collect::<Vec<_>>().join("\n")
}

fn aspect_text(card: &Card, p: &dvc_api::Procedure, aspect: ActionKind) -> Option<String> {
    let nonempty = |s: String| (!s.trim().is_empty()).then_some(s);
    match aspect {
        ActionKind::Fee => {
            let lines: Vec<String> = card
                .fees
                .iter()
                .map(|f| {
                    let head = match &f.channel {
                        Some(c) => format!("{c}: {}", f.amount),
                        None => f.amount.clone(),
                    };
                    match &f.detail {
                        Some(d) => format!("- {head} ({d})"),
                        None => format!("- {head}"),
                    }
                })
                .collect();
            let mut out = nonempty(format!("Phí, lệ phí:\n{}", lines.join("\n"))).filter(|_| !lines.is_empty())?;
            if let Some(d) = &card.online_discount {
                out.push_str(&format!("\n{d}."));
            }
            Some(out)
        }
        ActionKind::Time => (!card.processing_time.is_empty())
            .then(|| format!("Thời hạn giải quyết: {}", card.processing_time.join("; "))),
        ActionKind::Documents => {
            (!card.documents.is_empty()).then(|| format!("Giấy tờ cần chuẩn bị:\n{}", numbered(&card.documents)))
        }
        ActionKind::Agency => {
            let mut parts = vec![];
            if let Some(a) = &p.agency {
                parts.push(format!("Cơ quan thực hiện: {a}"));
            }
            if let Some(a) = &p.receiving_address {
                parts.push(format!("Địa chỉ tiếp nhận: {a}"));
            }
            nonempty(parts.join("\n"))
        }
        ActionKind::Steps => {
            (!card.steps.is_empty()).then(|| format!("Các bước thực hiện:\n{}", numbered(&card.steps)))
        }
        ActionKind::FileOnline => {
            let online = p.submission_methods.iter().any(|m| m.channel == "Trực tuyến");
            let level = match card.online_level.as_deref() {
                Some("toàn trình") => " (dịch vụ công trực tuyến toàn trình)",
                Some("một phần") => " (dịch vụ công trực tuyến một phần)",
                _ => "",
            };
            Some(match (online, &card.source_url) {
                (true, Some(url)) => format!("Có thể nộp hồ sơ trực tuyến{level} trên Cổng Dịch vụ công: {url}"),
                (true, None) => format!("Có thể nộp hồ sơ trực tuyến{level} trên Cổng Dịch vụ công."),
                (false, _) => {
                    let channels: Vec<&str> = p.submission_methods.iter().map(|m| m.channel.as_str()).collect();
                    format!(
                        "Nội dung công bố chưa có hình thức nộp trực tuyến cho thủ tục này. Cách nộp: {}.",
                        if channels.is_empty() { "chưa nêu".to_string() } else { channels.join(", ") }
                    )
                }
            })
        }
        ActionKind::LegalBasis => {
            let mut parts = vec![];
            if !card.legal_basis.is_empty() {
                parts.push(format!("Căn cứ pháp lý: {}", card.legal_basis.join(", ")));
            }
            if let Some(d) = &card.decision_no {
                parts.push(format!("Quyết định công bố: {d}"));
            }
            nonempty(parts.join("\n"))
        }
        ActionKind::Eligibility => {
            let mut parts = vec![];
            if let Some(t) = &p.target {
                parts.push(format!("Đối tượng thực hiện: {t}"));
            }
            if let Some(r) = &p.requirements {
                parts.push(format!("Yêu cầu, điều kiện: {r}"));
            }
            nonempty(parts.join("\n"))
        }
        ActionKind::Choose | ActionKind::Escalate => None,
    }
}

#[cfg(test)]
mod tests;
