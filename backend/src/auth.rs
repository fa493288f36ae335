//! Staff accounts: argon2id password hashes, roles, session tokens (only their hash is stored).

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use serde::{Deserialize, Serialize};

/// What an account may do; checked on every staff route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Hotline officer: the ticket queue.
    Staff,
    /// Content editor: FAQs, procedures, synonyms.
    Editor,
    /// Everything, and accounts.
    Admin,
}

impl Role {
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "staff" => Some(Role::Staff),
            "editor" => Some(Role::Editor),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Staff => "staff",
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }

    /// Whether this role may work the hotline queue.
    pub fn can_work_tickets(self) -> bool {
        matches!(self, Role::Staff | Role::Admin)
    }
}

/// Hash a password with argon2id and a random salt (PHC string).
pub fn hash_password(password: &str) -> String {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("the OS random source is available");
    let salt = SaltString::encode_b64(&bytes).expect("16 bytes make a valid salt");
    Argon2::default().hash_password(password.as_bytes(), &salt).expect("argon2 hashing of a valid salt").to_string()
}

/// Check a password against a stored PHC hash.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

/// A new session token (256 random bits, hex) and the hash that is stored.
pub fn new_session_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the OS random source is available");
    let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let hash = token_hash(&token);
    (token, hash)
}

/// What is stored for a session token: a keyed hash would add nothing, the token is random.
pub fn token_hash(token: &str) -> String {
    // FNV-1a over the token twice with different offsets: 128 bits, enough to index random tokens.
    let fnv = |seed: u64| {
        let mut h = seed;
        for b in token.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        h
    };
    format!("{:016x}{:016x}", fnv(0xcbf2_9ce4_8422_2325), fnv(0x84222325cbf29ce4))
}

/// A password an admin may set: long enough to resist guessing.
pub fn check_password_strength(password: &str) -> Result<(), &'static str> {
    if password.chars().count() < 10 {
        return Err("Mật khẩu phải có ít nhất 10 ký tự.");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_differ_by_salt() {
        let a = hash_password("mật khẩu dài 123");
        let b = hash_password("mật khẩu dài 123");
        assert!(a.starts_with("$argon2id$"));
        assert_ne!(a, b);
        assert!(verify_password("mật khẩu dài 123", &a));
        assert!(!verify_password("sai mật khẩu", &a));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn session_tokens_are_random_and_hashed() {
        let (t1, h1) = new_session_token();
        let (t2, _) = new_session_token();
        assert_ne!(t1, t2);
        assert_eq!(t1.len(), 64);
        assert_eq!(token_hash(&t1), h1);
        assert_ne!(h1, t1);
    }

    #[test]
    fn roles_parse_and_gate_the_queue() {
        assert_eq!(Role::parse("staff"), Some(Role::Staff));
        assert_eq!(Role::parse("root"), None);
        assert!(Role::Staff.can_work_tickets() && Role::Admin.can_work_tickets());
        assert!(!Role::Editor.can_work_tickets());
    }
}
