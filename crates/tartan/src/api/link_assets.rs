//! The Link front end: the drop-in script, the frame, the sandbox bank page, compiled into the binary.

use axum::extract::Path;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use crate::http::ApiError;

/// `(file name, content type, bytes)` of every asset under `assets/link/`.
const ASSETS: [(&str, &str, &str); 8] = [
    (
        "link-initialize.js",
        "text/javascript; charset=utf-8",
        include_str!("../../assets/link/link-initialize.js"),
    ),
    (
        "link.html",
        "text/html; charset=utf-8",
        include_str!("../../assets/link/link.html"),
    ),
    (
        "link.js",
        "text/javascript; charset=utf-8",
        include_str!("../../assets/link/link.js"),
    ),
    (
        "panes.js",
        "text/javascript; charset=utf-8",
        include_str!("../../assets/link/panes.js"),
    ),
    (
        "link.css",
        "text/css; charset=utf-8",
        include_str!("../../assets/link/link.css"),
    ),
    (
        "oauth.html",
        "text/html; charset=utf-8",
        include_str!("../../assets/link/oauth.html"),
    ),
    (
        "oauth.js",
        "text/javascript; charset=utf-8",
        include_str!("../../assets/link/oauth.js"),
    ),
    (
        "favicon.svg",
        "image/svg+xml",
        include_str!("../../assets/link/favicon.svg"),
    ),
];

/// `GET /link/v2/stable/{file}`
pub async fn asset(Path(file): Path<String>) -> Result<Response, ApiError> {
    let (_, content_type, body) = ASSETS
        .iter()
        .find(|(name, ..)| *name == file)
        .ok_or(ApiError::NotFound)?;
    let mut response = (*body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    if file.ends_with(".html") {
        // Pages may be framed by any app (that is how Link works); they never send a referrer onwards.
        headers.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        );
    }
    Ok(response)
}
