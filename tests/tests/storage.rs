//! The store's contract, run on both engines: SQLite (one file) and PostgreSQL (a throwaway
//! cluster from the installed binaries). Every scenario reopens the database to show nothing
//! lives only in memory, and the PostgreSQL events reach every replica.

use std::path::PathBuf;
use std::time::Duration;

use dvc_api::{Confidence, Reply, Vote};
use dvc_backend::assistant::DialogueState;
use dvc_backend::auth::Role;
use dvc_backend::clock::now_ms;
use dvc_backend::storage::{ClaimOutcome, Limits, NewTicket, QueueFilter, StorageError, Store, new_id};
use dvc_tests::{Db, pg};

/// One database, reopenable.
struct Place {
    url: Option<String>,
    dir: PathBuf,
}

impl Place {
    async fn new(db: Db) -> Place {
        let dir = std::env::temp_dir().join(format!("dvc-store-{}", new_id()));
        let url = match db {
            Db::Sqlite => None,
            Db::Postgres => Some(tokio::task::spawn_blocking(|| pg::cluster().new_database()).await.unwrap()),
        };
        Place { url, dir }
    }

    async fn open(&self, limits: Limits) -> Store {
        Store::open(self.url.as_deref(), &self.dir.join("dvc.sqlite3"), limits).await.expect("the store opens")
    }
}

impl Drop for Place {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

macro_rules! on_both {
    ($scenario:ident: $sqlite:ident, $postgres:ident) => {
        #[tokio::test]
        async fn $sqlite() {
            $scenario(Db::Sqlite).await
        }
        #[tokio::test]
        async fn $postgres() {
            $scenario(Db::Postgres).await
        }
    };
}

on_both!(conversations: conversations_survive_a_reopen_and_stay_bounded_sqlite, conversations_survive_a_reopen_and_stay_bounded_postgres);
on_both!(ticket_lifecycle: a_ticket_goes_through_its_lifecycle_with_an_audit_trail_sqlite, a_ticket_goes_through_its_lifecycle_with_an_audit_trail_postgres);
on_both!(accounts: accounts_lock_disable_and_reset_sqlite, accounts_lock_disable_and_reset_postgres);
on_both!(outbox: webhook_outbox_is_leased_once_and_retried_sqlite, webhook_outbox_is_leased_once_and_retried_postgres);
on_both!(queue_filters: the_queue_filters_by_status_field_and_holder_sqlite, the_queue_filters_by_status_field_and_holder_postgres);

fn reply(text: &str) -> Reply {
    Reply { text: text.into(), card: None, related: vec![], confidence: Confidence::Low, actions: vec![] }
}

fn new_ticket(key: Option<&str>, conversation: Option<String>) -> NewTicket {
    NewTicket {
        prefix: "TN".into(),
        idempotency_key: key.map(str::to_string),
        request_hash: "h".into(),
        name: "Nguyễn Văn A".into(),
        phone: "+84912345678".into(),
        email: None,
        question: "cần hỗ trợ".into(),
        contact_time: None,
        conversation,
        procedure_id: Some("tthc-1".into()),
        field: Some("Hộ tịch".into()),
        due_at: now_ms() + 7_200_000,
    }
}

async fn conversations(db: Db) {
    let limits = Limits { max_conversations: 2, max_turns: 4, max_age: Duration::from_secs(60) };
    let place = Place::new(db).await;
    let s = place.open(limits).await;
    let (a, _) = s.open_conversation(None).await.unwrap();
    let state = DialogueState { topic: Some("tthc-1".into()), ..Default::default() };
    for i in 0..3 {
        s.record_exchange(&a, &state, &format!("hỏi {i}, gọi 0912 345 678"), &reply("đáp")).await.unwrap();
    }
    drop(s);
    let s = place.open(limits).await;
    let t = s.transcript(&a).await.unwrap().unwrap();
    assert_eq!(t.len(), 4, "only the last turns are kept");
    assert_eq!((t[0].id, t[0].text.as_str()), (2, "hỏi 1, gọi 0912 345 678"));
    assert_eq!(s.open_conversation(Some(&a)).await.unwrap(), (a.clone(), state));
    assert_eq!(s.conversation_topic(&a).await.unwrap().as_deref(), Some("tthc-1"));
    assert_eq!(s.vote(&a, 5, Vote::Down).await.unwrap().map(|st| st.topic), Some(Some("tthc-1".into())));
    assert!(s.vote(&a, 4, Vote::Up).await.unwrap().is_none(), "citizen turns take no votes");
    let answers = s.answers_since(0).await.unwrap();
    assert_eq!(answers.len(), 3);
    assert_eq!(answers[0].vote.as_deref(), Some("down"));
    assert!(!answers[0].question.contains("345"), "analytics never keep a phone number: {}", answers[0].question);
    let (b, _) = s.open_conversation(Some("không-có")).await.unwrap();
    assert_ne!(b, a);
    s.open_conversation(None).await.unwrap();
    assert_eq!(s.prune().await.unwrap(), 1);
    assert_eq!(s.conversation_count().await.unwrap(), 2);
    assert!(s.transcript(&a).await.unwrap().is_none(), "the oldest conversation went first");
}

async fn ticket_lifecycle(db: Db) {
    let place = Place::new(db).await;
    let s = place.open(Limits::default()).await;
    let (conv, _) = s.open_conversation(None).await.unwrap();
    s.record_exchange(&conv, &DialogueState::default(), "lệ phí hộ chiếu?", &reply("Phí, lệ phí: …")).await.unwrap();
    let new = new_ticket(Some("k"), Some(conv));
    let (t, created) = s.create_ticket(&new, false).await.unwrap();
    assert!(created);
    drop(s);
    let s = place.open(Limits::default()).await;
    assert_eq!(s.ticket_transcript(&t.code).await.unwrap().unwrap()[0].text, "lệ phí hộ chiếu?");
    assert_eq!(s.create_ticket(&new, false).await.unwrap(), (t.clone(), false), "same key: same ticket");
    let other = NewTicket { request_hash: "other".into(), ..new };
    assert!(matches!(s.create_ticket(&other, false).await, Err(StorageError::IdempotencyConflict)));
    assert_eq!(s.ticket_count().await.unwrap(), 1);

    // two officers cannot both hold it; only the holder replies, calls back and resolves
    let code = t.code.as_str();
    assert_eq!(s.claim_ticket(code, "an").await.unwrap(), ClaimOutcome::Done);
    assert_eq!(s.claim_ticket(code, "binh").await.unwrap(), ClaimOutcome::TakenBy("an".into()));
    assert_eq!(s.reply_ticket(code, "binh", "x").await.unwrap(), ClaimOutcome::TakenBy("an".into()));
    assert_eq!(s.add_note(code, "binh", "Công dân gọi lần 2.").await.unwrap(), ClaimOutcome::Done, "anyone notes");
    assert_eq!(s.reply_ticket(code, "an", "Đã gửi hướng dẫn.").await.unwrap(), ClaimOutcome::Done);
    assert_eq!(s.mark_called_back(code, "an", Some("Đã gọi 9h15")).await.unwrap(), ClaimOutcome::Done);
    assert_eq!(s.resolve_ticket(code, "binh", false, false).await.unwrap(), ClaimOutcome::TakenBy("an".into()));
    assert_eq!(s.reopen_ticket(code, "binh", None).await.unwrap(), ClaimOutcome::WrongState("called_back".into()));
    assert_eq!(s.resolve_ticket(code, "an", false, false).await.unwrap(), ClaimOutcome::Done);
    assert_eq!(s.reply_ticket(code, "an", "y").await.unwrap(), ClaimOutcome::WrongState("resolved".into()));
    assert_eq!(s.claim_ticket(code, "binh").await.unwrap(), ClaimOutcome::WrongState("resolved".into()));
    assert_eq!(s.reopen_ticket(code, "binh", Some("Công dân hỏi thêm")).await.unwrap(), ClaimOutcome::Done);
    assert_eq!(s.reply_ticket(code, "binh", "Bổ sung.").await.unwrap(), ClaimOutcome::Done, "reopener holds it");
    assert_eq!(s.resolve_ticket(code, "admin", true, false).await.unwrap(), ClaimOutcome::Done, "admins override");

    let d = s.ticket_detail(code).await.unwrap().unwrap();
    assert_eq!(d.ticket.status, "resolved");
    assert!(d.ticket.first_response_at.is_some() && d.ticket.resolved_at.is_some());
    assert_eq!(d.ticket.procedure_id.as_deref(), Some("tthc-1"));
    assert_eq!(d.replies.iter().map(|r| r.0.as_str()).collect::<Vec<_>>(), ["Đã gửi hướng dẫn.", "Bổ sung."]);
    let trail: Vec<String> = d.entries.iter().map(|e| format!("{} {}", e.actor, e.action)).collect();
    assert_eq!(
        trail,
        [
            "an claim",
            "binh note",
            "an reply",
            "an called_back",
            "an resolve",
            "binh reopen",
            "binh reply",
            "admin resolve"
        ]
    );
    assert_eq!(d.entries[1].detail.as_deref(), Some("Công dân gọi lần 2."));
    assert_eq!(s.claim_ticket("TN-KHONGCO", "an").await.unwrap(), ClaimOutcome::NotFound);
    assert_eq!(s.tickets_by_status().await.unwrap(), [("resolved".to_string(), 1)]);
}

async fn queue_filters(db: Db) {
    let place = Place::new(db).await;
    let s = place.open(Limits::default()).await;
    let mut codes = vec![];
    for field in ["Hộ tịch", "Hộ tịch", "Cư trú"] {
        let t = NewTicket { field: Some(field.into()), ..new_ticket(None, None) };
        codes.push(s.create_ticket(&t, false).await.unwrap().0.code);
    }
    s.claim_ticket(&codes[0], "an").await.unwrap();
    s.resolve_ticket(&codes[0], "an", false, false).await.unwrap();
    s.claim_ticket(&codes[1], "binh").await.unwrap();
    let q = |status: Option<&str>, field: Option<&str>, mine: Option<&str>| QueueFilter {
        status: status.map(str::to_string),
        field: field.map(str::to_string),
        claimed_by: mine.map(str::to_string),
    };
    let count = |f: QueueFilter| {
        let s = s.clone();
        async move { s.list_tickets(&f).await.unwrap().len() }
    };
    assert_eq!(count(q(None, None, None)).await, 3);
    assert_eq!(count(q(Some("open"), None, None)).await, 2);
    assert_eq!(count(q(Some("new"), None, None)).await, 1);
    assert_eq!(count(q(None, Some("Hộ tịch"), None)).await, 2);
    assert_eq!(count(q(Some("open"), Some("Hộ tịch"), None)).await, 1);
    assert_eq!(count(q(None, None, Some("binh"))).await, 1);
    assert_eq!(s.ticket_fields().await.unwrap(), ["Cư trú", "Hộ tịch"]);
    let listed = s.list_tickets(&q(None, None, None)).await.unwrap();
    assert!(listed.windows(2).all(|w| w[0].created_at <= w[1].created_at), "longest waiting first");
}

async fn accounts(db: Db) {
    let place = Place::new(db).await;
    let s = place.open(Limits::default()).await;
    assert!(s.add_user("an", "hash", Role::Staff).await.unwrap());
    assert!(!s.add_user("an", "hash", Role::Staff).await.unwrap(), "usernames are unique");
    let (id, _, role, locked) = s.user_by_name("an").await.unwrap().unwrap();
    assert_eq!((role, locked), (Role::Staff, 0));
    for _ in 0..3 {
        s.login_failed(id, 3, Duration::from_secs(60)).await.unwrap();
    }
    assert!(s.user_by_name("an").await.unwrap().unwrap().3 > now_ms(), "locked after 3 failures");
    s.create_session(id, "h", Duration::from_secs(60)).await.unwrap();
    assert_eq!(s.session_user("h").await.unwrap(), Some(("an".into(), Role::Staff)));
    // a password reset clears the lock and ends the sessions
    assert!(s.update_user("an", None, None, Some("hash2")).await.unwrap());
    assert_eq!(s.user_by_name("an").await.unwrap().unwrap().3, 0);
    assert_eq!(s.session_user("h").await.unwrap(), None);
    s.create_session(id, "h2", Duration::from_secs(60)).await.unwrap();
    assert!(s.update_user("an", Some(Role::Editor), Some(true), None).await.unwrap());
    assert_eq!(s.session_user("h2").await.unwrap(), None, "a disabled account's sessions end");
    assert!(s.user_by_name("an").await.unwrap().is_none(), "a disabled account cannot log in");
    let users = s.list_users().await.unwrap();
    assert_eq!((users[0].role, users[0].disabled), (Role::Editor, true));
    assert!(!s.update_user("nobody", Some(Role::Admin), None, None).await.unwrap());
    assert!(s.add_user("root", "hash", Role::Admin).await.unwrap());
    assert_eq!(s.active_admins().await.unwrap(), 1);
    s.create_session(id, "h3", Duration::from_secs(60)).await.unwrap();
    s.delete_session("h3").await.unwrap();
}

async fn outbox(db: Db) {
    let place = Place::new(db).await;
    let s = place.open(Limits::default()).await;
    let (t, _) = s.create_ticket(&new_ticket(None, None), true).await.unwrap();
    s.claim_ticket(&t.code, "an").await.unwrap();
    s.resolve_ticket(&t.code, "an", false, true).await.unwrap();
    s.create_ticket(&new_ticket(None, None), false).await.unwrap();
    let due = s.outbox_due(10).await.unwrap();
    assert_eq!(due.len(), 2, "created and resolved; nothing for tickets made without a webhook");
    let payload: serde_json::Value = serde_json::from_str(&due[0].payload).unwrap();
    assert_eq!((payload["event"].as_str(), payload["code"].as_str()), (Some("ticket.created"), Some(t.code.as_str())));
    assert!(!due[0].payload.contains("912345678") && !due[0].payload.contains("Nguyễn"), "no personal data");
    // a second replica holding the same stale row loses the lease
    let replica = place.open(Limits::default()).await;
    assert!(s.outbox_lease(&due[0], 30_000).await.unwrap());
    assert!(!replica.outbox_lease(&due[0], 30_000).await.unwrap());
    s.outbox_result(due[0].id, false, Some(now_ms() - 1), Some("HTTP 500")).await.unwrap();
    s.outbox_result(due[1].id, true, None, None).await.unwrap();
    let again = s.outbox_due(10).await.unwrap();
    assert_eq!((again.len(), again[0].attempts), (1, 1), "failed once, due again");
    s.outbox_result(again[0].id, false, None, Some("HTTP 500")).await.unwrap();
    assert!(s.outbox_due(10).await.unwrap().is_empty(), "given up");
    assert_eq!(s.outbox_pending().await.unwrap(), 1, "kept for the operator");
}

/// Two replicas on one PostgreSQL: an event published by one reaches the other's subscribers
/// (LISTEN/NOTIFY), and a ticket created on one is claimed on the other exactly once.
#[tokio::test]
async fn events_and_tickets_are_shared_between_postgres_replicas() {
    let place = Place::new(Db::Postgres).await;
    let a = place.open(Limits::default()).await;
    let b = place.open(Limits::default()).await;
    let mut on_b = b.subscribe();
    let (t, _) = a.create_ticket(&new_ticket(None, None), false).await.unwrap();
    a.publish("created", &t.code).await;
    let e = tokio::time::timeout(Duration::from_secs(5), on_b.recv()).await.expect("delivered in time").unwrap();
    assert_eq!((e.kind.as_str(), e.code.as_str()), ("created", t.code.as_str()));
    assert!(now_ms() - e.at < 5_000);
    let (ra, rb) = tokio::join!(a.claim_ticket(&t.code, "an"), b.claim_ticket(&t.code, "binh"));
    let outcomes = [ra.unwrap(), rb.unwrap()];
    assert_eq!(outcomes.iter().filter(|o| **o == ClaimOutcome::Done).count(), 1, "{outcomes:?}");
    // replicas starting together migrate once
    let (c, d) = tokio::join!(place.open(Limits::default()), place.open(Limits::default()));
    assert_eq!(c.ticket_count().await.unwrap(), d.ticket_count().await.unwrap());
}
