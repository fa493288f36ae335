//! Conversations kept server-side, so a reload (or, later, a hotline ticket) carries the
//! transcript. Bounded in count, length and age: the oldest conversations and turns go first.
//!
//! This store lives in the server's memory; it moves to the database with the storage layer
//! (issue #5), behind the same methods.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use dvc_api::{Reply, Role, Turn, Vote};

use crate::assistant::DialogueState;

/// Bounds of the store.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_conversations: usize,
    pub max_turns: usize,
    pub max_age: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_conversations: 20_000, max_turns: 60, max_age: Duration::from_secs(24 * 3600) }
    }
}

#[derive(Debug)]
struct Conversation {
    state: DialogueState,
    turns: Vec<Turn>,
    next_turn: u32,
    last_active: Instant,
}

#[derive(Debug, Default)]
pub struct Conversations {
    inner: Mutex<HashMap<String, Conversation>>,
    limits: Limits,
}

/// A new unguessable conversation id (128 random bits, hex).
pub fn new_id() -> String {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("the OS random source is available");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}

impl Conversations {
    pub fn new(limits: Limits) -> Self {
        Conversations { inner: Mutex::new(HashMap::new()), limits }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Conversation>> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The conversation `id` if it is still kept, else a new one: (id, its dialogue state).
    pub fn open(&self, id: Option<&str>) -> (String, DialogueState) {
        let mut map = self.lock();
        if let Some(id) = id
            && let Some(c) = map.get(id)
            && c.last_active.elapsed() < self.limits.max_age
        {
            return (id.to_string(), c.state.clone());
        }
        self.evict(&mut map);
        let id = new_id();
        map.insert(
            id.clone(),
            Conversation { state: DialogueState::default(), turns: vec![], next_turn: 0, last_active: Instant::now() },
        );
        (id, DialogueState::default())
    }

    /// Store one exchange and the new state; returns the number of the assistant's turn.
    pub fn record(&self, id: &str, state: DialogueState, message: &str, reply: &Reply) -> u32 {
        let mut map = self.lock();
        let Some(c) = map.get_mut(id) else { return 0 };
        let at = now_ms();
        let (citizen, assistant) = (c.next_turn, c.next_turn + 1);
        c.next_turn += 2;
        let turn = |id, role, text: &str, reply| Turn { id, role, text: text.to_string(), reply, at, feedback: None };
        c.turns.push(turn(citizen, Role::Citizen, message, None));
        c.turns.push(turn(assistant, Role::Assistant, &reply.text, Some(reply.clone())));
        let excess = c.turns.len().saturating_sub(self.limits.max_turns);
        c.turns.drain(..excess);
        c.state = state;
        c.last_active = Instant::now();
        assistant
    }

    /// Record a vote on an assistant turn; returns the dialogue state (to react to a thumbs
    /// down), or `None` when the conversation or turn is not kept.
    pub fn vote(&self, id: &str, turn: u32, vote: Vote) -> Option<DialogueState> {
        let mut map = self.lock();
        let c = map.get_mut(id)?;
        let t = c.turns.iter_mut().find(|t| t.id == turn && t.role == Role::Assistant)?;
        t.feedback = Some(vote);
        c.last_active = Instant::now();
        Some(c.state.clone())
    }

    /// Replace the dialogue state (after a reaction that is not an exchange).
    pub fn set_state(&self, id: &str, state: DialogueState) {
        if let Some(c) = self.lock().get_mut(id) {
            c.state = state;
        }
    }

    pub fn transcript(&self, id: &str) -> Option<Vec<Turn>> {
        let map = self.lock();
        map.get(id).filter(|c| c.last_active.elapsed() < self.limits.max_age).map(|c| c.turns.clone())
    }

    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn evict(&self, map: &mut HashMap<String, Conversation>) {
        map.retain(|_, c| c.last_active.elapsed() < self.limits.max_age);
        while map.len() >= self.limits.max_conversations {
            let Some(oldest) = map.iter().min_by_key(|(_, c)| c.last_active).map(|(k, _)| k.clone()) else { break };
            map.remove(&oldest);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dvc_api::Confidence;

    fn reply(text: &str) -> Reply {
        Reply { text: text.into(), card: None, related: vec![], confidence: Confidence::High, actions: vec![] }
    }

    #[test]
    fn keeps_state_and_transcript_within_bounds() {
        let store = Conversations::new(Limits { max_conversations: 2, max_turns: 4, max_age: Duration::from_secs(60) });
        let (a, _) = store.open(None);
        assert_eq!(a.len(), 32);
        let state = DialogueState { topic: Some("tthc-1".into()), ..Default::default() };
        for i in 0..3 {
            store.record(&a, state.clone(), &format!("hỏi {i}"), &reply("đáp"));
        }
        let t = store.transcript(&a).unwrap();
        assert_eq!(t.len(), 4, "only the last turns are kept");
        assert_eq!(t[0].text, "hỏi 1");
        assert_eq!((t[0].id, t[3].id), (2, 5), "turn numbers are never reused");
        assert!(store.vote(&a, 5, Vote::Down).is_some());
        assert!(store.vote(&a, 4, Vote::Down).is_none(), "citizen turns take no votes");
        assert_eq!(store.transcript(&a).unwrap()[3].feedback, Some(Vote::Down));
        assert_eq!(store.open(Some(&a)), (a.clone(), state));
        let (b, _) = store.open(Some("không-có"));
        assert_ne!(b, a);
        let (c, _) = store.open(None);
        assert_eq!(store.len(), 2, "the oldest conversation was evicted");
        assert!(store.transcript(&a).is_none() && store.transcript(&c).is_some());
    }
}
