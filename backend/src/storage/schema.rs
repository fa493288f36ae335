//! Schema changes, in order, once each. Never edit one that has shipped: add a new one. SQLite and
//! PostgreSQL get the same versions with each engine's types (PostgreSQL: BIGINT times, identity
//! columns); the SQL of the queries themselves is shared.

use super::Dialect;

/// The migrations of `dialect`: (version, statements separated by `;`).
pub fn migrations(dialect: Dialect) -> &'static [(i64, &'static str)] {
    match dialect {
        Dialect::Sqlite => SQLITE,
        Dialect::Postgres => POSTGRES,
    }
}

const SQLITE: &[(i64, &str)] = &[
    (
        1,
        "CREATE TABLE conversations (
        id TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        next_turn INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        last_active INTEGER NOT NULL
    );
    CREATE INDEX conversations_last_active ON conversations(last_active);
    CREATE TABLE turns (
        conversation TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        id INTEGER NOT NULL,
        role TEXT NOT NULL,
        text TEXT NOT NULL,
        reply TEXT,
        at INTEGER NOT NULL,
        feedback TEXT,
        PRIMARY KEY (conversation, id)
    );
    CREATE TABLE answers (
        conversation TEXT NOT NULL,
        turn INTEGER NOT NULL,
        at INTEGER NOT NULL,
        question TEXT NOT NULL,
        confidence TEXT NOT NULL,
        card_id TEXT,
        vote TEXT,
        PRIMARY KEY (conversation, turn)
    );
    CREATE INDEX answers_at ON answers(at);",
    ),
    (
        2,
        "CREATE TABLE tickets (
        code TEXT PRIMARY KEY,
        lookup_token TEXT NOT NULL UNIQUE,
        idempotency_key TEXT UNIQUE,
        request_hash TEXT NOT NULL,
        name TEXT NOT NULL,
        phone TEXT NOT NULL,
        email TEXT,
        question TEXT NOT NULL,
        contact_time TEXT,
        conversation TEXT,
        transcript TEXT,
        status TEXT NOT NULL,
        created_at INTEGER NOT NULL
    );
    CREATE INDEX tickets_status ON tickets(status, created_at);
    CREATE TABLE ticket_replies (
        ticket TEXT NOT NULL REFERENCES tickets(code),
        seq INTEGER NOT NULL,
        text TEXT NOT NULL,
        at INTEGER NOT NULL,
        PRIMARY KEY (ticket, seq)
    );",
    ),
    (
        3,
        "CREATE TABLE users (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        username TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL,
        role TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        failed_logins INTEGER NOT NULL DEFAULT 0,
        locked_until INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        expires_at INTEGER NOT NULL
    );
    CREATE TABLE audit (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        ticket TEXT NOT NULL,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        detail TEXT
    );
    ALTER TABLE tickets ADD COLUMN claimed_by TEXT;
    ALTER TABLE tickets ADD COLUMN updated_at INTEGER",
    ),
    (
        4,
        "ALTER TABLE tickets ADD COLUMN procedure_id TEXT;
    ALTER TABLE tickets ADD COLUMN field TEXT;
    ALTER TABLE tickets ADD COLUMN due_at INTEGER;
    ALTER TABLE tickets ADD COLUMN first_response_at INTEGER;
    ALTER TABLE tickets ADD COLUMN resolved_at INTEGER;
    CREATE INDEX audit_ticket ON audit(ticket, seq);
    ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE webhook_outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        payload TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_at INTEGER NOT NULL,
        delivered_at INTEGER,
        last_error TEXT
    );
    CREATE INDEX webhook_outbox_due ON webhook_outbox(delivered_at, next_at)",
    ),
    (
        5,
        "CREATE TABLE content_versions (
        version BIGINT PRIMARY KEY,
        created_at BIGINT NOT NULL,
        author TEXT NOT NULL,
        note TEXT NOT NULL,
        added BIGINT NOT NULL,
        changed BIGINT NOT NULL,
        retired BIGINT NOT NULL,
        synonyms TEXT NOT NULL,
        restored_from BIGINT
    );
    CREATE TABLE content_revisions (
        doc_id TEXT NOT NULL,
        rev BIGINT NOT NULL,
        kind TEXT NOT NULL,
        body TEXT NOT NULL,
        hash TEXT NOT NULL,
        PRIMARY KEY (doc_id, rev)
    );
    CREATE TABLE content_version_docs (
        version BIGINT NOT NULL,
        doc_id TEXT NOT NULL,
        rev BIGINT NOT NULL,
        PRIMARY KEY (version, doc_id)
    )",
    ),
];

const POSTGRES: &[(i64, &str)] = &[
    (
        1,
        "CREATE TABLE conversations (
        id TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        next_turn BIGINT NOT NULL,
        created_at BIGINT NOT NULL,
        last_active BIGINT NOT NULL
    );
    CREATE INDEX conversations_last_active ON conversations(last_active);
    CREATE TABLE turns (
        conversation TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        id BIGINT NOT NULL,
        role TEXT NOT NULL,
        text TEXT NOT NULL,
        reply TEXT,
        at BIGINT NOT NULL,
        feedback TEXT,
        PRIMARY KEY (conversation, id)
    );
    CREATE TABLE answers (
        conversation TEXT NOT NULL,
        turn BIGINT NOT NULL,
        at BIGINT NOT NULL,
        question TEXT NOT NULL,
        confidence TEXT NOT NULL,
        card_id TEXT,
        vote TEXT,
        PRIMARY KEY (conversation, turn)
    );
    CREATE INDEX answers_at ON answers(at);",
    ),
    (
        2,
        "CREATE TABLE tickets (
        code TEXT PRIMARY KEY,
        lookup_token TEXT NOT NULL UNIQUE,
        idempotency_key TEXT UNIQUE,
        request_hash TEXT NOT NULL,
        name TEXT NOT NULL,
        phone TEXT NOT NULL,
        email TEXT,
        question TEXT NOT NULL,
        contact_time TEXT,
        conversation TEXT,
        transcript TEXT,
        status TEXT NOT NULL,
        created_at BIGINT NOT NULL
    );
    CREATE INDEX tickets_status ON tickets(status, created_at);
    CREATE TABLE ticket_replies (
        ticket TEXT NOT NULL REFERENCES tickets(code),
        seq BIGINT NOT NULL,
        text TEXT NOT NULL,
        at BIGINT NOT NULL,
        PRIMARY KEY (ticket, seq)
    );",
    ),
    (
        3,
        "CREATE TABLE users (
        id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        username TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL,
        role TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        failed_logins BIGINT NOT NULL DEFAULT 0,
        locked_until BIGINT NOT NULL DEFAULT 0
    );
    CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        expires_at BIGINT NOT NULL
    );
    CREATE TABLE audit (
        seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        ticket TEXT NOT NULL,
        at BIGINT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        detail TEXT
    );
    ALTER TABLE tickets ADD COLUMN claimed_by TEXT;
    ALTER TABLE tickets ADD COLUMN updated_at BIGINT",
    ),
    (
        4,
        "ALTER TABLE tickets ADD COLUMN procedure_id TEXT;
    ALTER TABLE tickets ADD COLUMN field TEXT;
    ALTER TABLE tickets ADD COLUMN due_at BIGINT;
    ALTER TABLE tickets ADD COLUMN first_response_at BIGINT;
    ALTER TABLE tickets ADD COLUMN resolved_at BIGINT;
    CREATE INDEX audit_ticket ON audit(ticket, seq);
    ALTER TABLE users ADD COLUMN disabled BIGINT NOT NULL DEFAULT 0;
    CREATE TABLE webhook_outbox (
        id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        payload TEXT NOT NULL,
        attempts BIGINT NOT NULL DEFAULT 0,
        next_at BIGINT NOT NULL,
        delivered_at BIGINT,
        last_error TEXT
    );
    CREATE INDEX webhook_outbox_due ON webhook_outbox(delivered_at, next_at)",
    ),
    (
        5,
        "CREATE TABLE content_versions (
        version BIGINT PRIMARY KEY,
        created_at BIGINT NOT NULL,
        author TEXT NOT NULL,
        note TEXT NOT NULL,
        added BIGINT NOT NULL,
        changed BIGINT NOT NULL,
        retired BIGINT NOT NULL,
        synonyms TEXT NOT NULL,
        restored_from BIGINT
    );
    CREATE TABLE content_revisions (
        doc_id TEXT NOT NULL,
        rev BIGINT NOT NULL,
        kind TEXT NOT NULL,
        body TEXT NOT NULL,
        hash TEXT NOT NULL,
        PRIMARY KEY (doc_id, rev)
    );
    CREATE TABLE content_version_docs (
        version BIGINT NOT NULL,
        doc_id TEXT NOT NULL,
        rev BIGINT NOT NULL,
        PRIMARY KEY (version, doc_id)
    )",
    ),
];
