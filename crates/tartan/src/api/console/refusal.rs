//! How a console handler stops early.

use axum::response::{IntoResponse, Response};

/// A response that ends a handler early: a refusal page, a redirect to sign-in, or a Plaid error (boxed, so a
/// `Result` carrying it stays small).
pub struct Refusal(Box<Response>);

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        *self.0
    }
}

impl From<Response> for Refusal {
    fn from(response: Response) -> Self {
        Self(Box::new(response))
    }
}
