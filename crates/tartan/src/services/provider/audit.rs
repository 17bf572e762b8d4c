//! The audit log: who did what to the provider's data and Items, when and from where. Entries never hold a
//! password, code or token; a failure to record one is logged, never the reason a request fails.

use chrono::Utc;

use crate::domain::AuditEntry;
use crate::store::Store;

/// Who acted and from where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// `admin`, `cli`, `client:<id>` or `user:<institution>/<user>`.
    pub who: String,
    /// The peer address, or `cli`.
    pub source: String,
}

impl Actor {
    pub fn cli() -> Self {
        Self {
            who: "cli".into(),
            source: "cli".into(),
        }
    }

    pub fn admin(source: &str) -> Self {
        Self {
            who: "admin".into(),
            source: source.to_owned(),
        }
    }
}

pub async fn record(store: &dyn Store, actor: &Actor, action: &str, subject: &str, outcome: &str) {
    let entry = AuditEntry {
        at: Utc::now(),
        actor: actor.who.clone(),
        action: action.to_owned(),
        subject: subject.to_owned(),
        source: actor.source.clone(),
        outcome: outcome.to_owned(),
    };
    if let Err(error) = store.record_audit(&entry).await {
        tracing::error!(%error, action, subject, "could not write the audit log");
    }
}
