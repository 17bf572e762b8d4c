//! What a request's edge (`super::edge`) and its handler share: the request's id, and where the extractor leaves
//! the authenticated client's id (for the completion log line) and its default API version (for the response);
//! and the extractor that hands a handler its request's id.

use std::sync::{Arc, OnceLock};

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use crate::domain::{ApiVersion, ClientId};
use crate::wire::RequestId;

/// A request extension, put there by the edge: one allocation and one insert a request for all three.
#[derive(Clone)]
pub struct RequestScope(Arc<Scope>);

struct Scope {
    id: RequestId,
    client_id: OnceLock<ClientId>,
    default_version: OnceLock<ApiVersion>,
}

impl RequestScope {
    pub fn new(id: RequestId) -> Self {
        Self(Arc::new(Scope {
            id,
            client_id: OnceLock::new(),
            default_version: OnceLock::new(),
        }))
    }

    pub fn id(&self) -> RequestId {
        self.0.id
    }

    /// The authenticated client: its id is logged, its default version answers a request without
    /// `Plaid-Version`. The first client recorded stays.
    pub fn record(&self, client_id: &ClientId, default_version: ApiVersion) {
        let _ = self.0.client_id.set(client_id.clone());
        let _ = self.0.default_version.set(default_version);
    }

    pub fn client_id(&self) -> Option<&ClientId> {
        self.0.client_id.get()
    }

    pub fn default_version(&self) -> Option<ApiVersion> {
        self.0.default_version.get().copied()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for RequestId {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<RequestScope>()
            .map(RequestScope::id)
            .unwrap_or_default())
    }
}
