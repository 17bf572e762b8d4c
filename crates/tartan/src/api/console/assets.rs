//! The console's stylesheet and script, compiled into the binary.

use axum::extract::Path;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use super::session::Console;
use crate::http::ApiError;

pub async fn asset(_console: Console, Path(file): Path<String>) -> Result<Response, ApiError> {
    let (body, kind) = match file.as_str() {
        "console.css" => (
            include_str!("../../../assets/console/console.css"),
            "text/css; charset=utf-8",
        ),
        "console.js" => (
            include_str!("../../../assets/console/console.js"),
            "text/javascript; charset=utf-8",
        ),
        _ => return Err(ApiError::NotFound),
    };
    let mut response = body.into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    Ok(response)
}
