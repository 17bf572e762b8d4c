//! End users' credentials: Argon2id hashes made here, imported Argon2 or bcrypt hashes checked as they are,
//! and RFC 6238 codes. Hashing is slow on purpose, so callers run it off the async threads.

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use totp_rs::{Algorithm, Secret, TOTP};

/// Longest password accepted (bcrypt reads 72 bytes; Argon2 any, but a bound keeps the work bounded).
pub const MAX_PASSWORD_BYTES: usize = 1_024;

/// An Argon2id PHC string for `password`, with a fresh salt and the crate's default (OWASP) parameters.
pub fn hash_password(password: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|error| format!("cannot hash the password: {error}"))
}

/// Whether `stored` is a hash Tartan can check: an Argon2 PHC string or a bcrypt hash.
pub fn check_hash_format(stored: &str) -> Result<(), String> {
    if is_bcrypt(stored) {
        return stored
            .parse::<bcrypt::HashParts>()
            .map(drop)
            .map_err(|error| format!("password_hash is not a valid bcrypt hash: {error}"));
    }
    let parsed = PasswordHash::new(stored).map_err(|error| {
        format!("password_hash is neither an Argon2 PHC string nor bcrypt: {error}")
    })?;
    if parsed.algorithm.as_str().starts_with("argon2") {
        Ok(())
    } else {
        Err(format!(
            "password_hash uses `{}`; Argon2 and bcrypt hashes are accepted",
            parsed.algorithm
        ))
    }
}

fn is_bcrypt(stored: &str) -> bool {
    ["$2a$", "$2b$", "$2x$", "$2y$"]
        .iter()
        .any(|prefix| stored.starts_with(prefix))
}

/// Whether `password` matches `stored` (constant time in the libraries). Oversized passwords never match.
pub fn verify_password(stored: &str, password: &str) -> bool {
    if password.len() > MAX_PASSWORD_BYTES {
        return false;
    }
    if is_bcrypt(stored) {
        return bcrypt::verify(password, stored).unwrap_or(false);
    }
    PasswordHash::new(stored).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// A hash to check against when the user does not exist, so that the answer takes as long either way.
pub fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password("decoy password, never matches").unwrap_or_default())
}

fn totp(secret: &str) -> Result<TOTP, String> {
    let bytes = Secret::Encoded(secret.to_owned())
        .to_bytes()
        .map_err(|_| "totp_secret must be base32 (RFC 4648)".to_owned())?;
    TOTP::new(Algorithm::SHA1, 6, 1, 30, bytes)
        .map_err(|error| format!("totp_secret is unusable: {error}"))
}

/// Whether a base32 TOTP seed is usable (at least 128 bits).
pub fn check_totp_secret(secret: &str) -> Result<(), String> {
    totp(secret).map(drop)
}

/// Whether `code` is the current 6-digit code of `secret` (or of the step before or after, for clock skew).
pub fn verify_totp(secret: &str, code: &str) -> bool {
    totp(secret).is_ok_and(|totp| totp.check_current(code.trim()).unwrap_or(false))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn made_and_imported_hashes_verify() {
        let made = hash_password("correct horse").unwrap();
        assert!(made.starts_with("$argon2id$"));
        assert!(check_hash_format(&made).is_ok());
        assert!(verify_password(&made, "correct horse"));
        assert!(!verify_password(&made, "wrong"));
        let imported = bcrypt::hash("battery staple", 4).unwrap();
        assert!(check_hash_format(&imported).is_ok());
        assert!(verify_password(&imported, "battery staple"));
        assert!(!verify_password(&imported, "battery"));
        assert!(check_hash_format("plain text").is_err());
        assert!(check_hash_format("$pbkdf2-sha256$i=1000$c2FsdA$aGFzaA").is_err());
    }

    #[test]
    fn totp_codes_are_checked_against_the_seed() {
        let seed = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
        assert!(check_totp_secret(seed).is_ok());
        assert!(check_totp_secret("short").is_err());
        let code = totp(seed).unwrap().generate_current().unwrap();
        assert!(verify_totp(seed, &code));
        let wrong = if code == "000000" { "111111" } else { "000000" };
        assert!(!verify_totp(seed, wrong));
    }
}
