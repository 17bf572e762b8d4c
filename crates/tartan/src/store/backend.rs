//! Which database a URL names.

use super::error::StoreError;

/// The database products Tartan stores in, chosen from the URL scheme only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of_url(url: &str) -> Result<Self, StoreError> {
        match url.split_once(':').map(|(scheme, _)| scheme) {
            Some("sqlite") => Ok(Self::Sqlite),
            Some("postgres" | "postgresql") => Ok(Self::Postgres),
            _ => Err(StoreError::UnsupportedUrl(redact_url(url))),
        }
    }
}

/// A URL fit for an error message: any password replaced.
fn redact_url(url: &str) -> String {
    match (url.find("://"), url.find('@')) {
        (Some(start), Some(at)) if at > start => {
            let credentials = &url[start + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..start + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_backend_comes_from_the_scheme_only() {
        assert_eq!(
            Backend::of_url("sqlite:tartan.db").unwrap(),
            Backend::Sqlite
        );
        assert_eq!(Backend::of_url("sqlite::memory:").unwrap(), Backend::Sqlite);
        assert_eq!(
            Backend::of_url("postgres://u@h/db").unwrap(),
            Backend::Postgres
        );
        assert_eq!(
            Backend::of_url("postgresql://u@h/db").unwrap(),
            Backend::Postgres
        );
        for bad in ["tartan.db", "mysql://u@h/db", "", "/var/lib/tartan.db"] {
            assert!(Backend::of_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn passwords_never_reach_error_messages() {
        let error = Backend::of_url("mysql://admin:hunter2@db/x")
            .unwrap_err()
            .to_string();
        assert!(!error.contains("hunter2"), "{error}");
        assert!(error.contains("mysql://admin:***@db/x"), "{error}");
    }
}
