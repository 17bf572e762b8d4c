//! Checks that several endpoints share: sandbox-only routes and the webhook URLs this server may POST to.

use std::net::IpAddr;

use crate::domain::Environment;
use crate::http::ApiError;
use crate::services::AppState;

/// Sandbox routes answer `SANDBOX_ONLY` on a production server.
pub fn require_sandbox(state: &AppState, route: &str) -> Result<(), ApiError> {
    match state.config.environment {
        Environment::Sandbox => Ok(()),
        Environment::Production => Err(ApiError::SandboxOnly(route.to_owned())),
    }
}

/// A webhook URL this server may POST to. Sandbox: any http(s) URL, local receivers included (developers
/// receive webhooks on their own machine). Production: https only, and never loopback or private addresses
/// (SSRF) unless the operator allowed them.
pub fn webhook_url(state: &AppState, value: &str) -> Result<String, ApiError> {
    check_webhook_url(
        state.config.environment,
        state.config.allow_private_webhooks,
        value,
    )
}

fn check_webhook_url(
    environment: Environment,
    allow_private: bool,
    value: &str,
) -> Result<String, ApiError> {
    let invalid =
        |why: &str| ApiError::InvalidField(format!("webhook must be {why}, got `{value}`"));
    let url = url::Url::parse(value).map_err(|_| invalid("an http(s) URL"))?;
    let host = url
        .host()
        .ok_or_else(|| invalid("an http(s) URL with a host"))?;
    match (environment, url.scheme()) {
        (Environment::Sandbox, "http" | "https") => return Ok(value.to_owned()),
        (Environment::Production, "https") => {}
        _ => return Err(invalid("an https URL")),
    }
    let private = match host {
        url::Host::Domain(name) => {
            name.eq_ignore_ascii_case("localhost") || name.ends_with(".localhost")
        }
        url::Host::Ipv4(ip) => is_private(IpAddr::V4(ip)),
        url::Host::Ipv6(ip) => is_private(IpAddr::V6(ip)),
    };
    if private && !allow_private {
        return Err(invalid(
            "a public https URL (loopback and private addresses are refused)",
        ));
    }
    Ok(value.to_owned())
}

fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(ip) => {
            ip.is_loopback() || ip.is_private() || ip.is_link_local() || ip.is_unspecified()
        }
        IpAddr::V6(ip) => {
            ip.is_loopback() || ip.is_unspecified() || (ip.segments()[0] & 0xfe00) == 0xfc00
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sandbox_accepts_local_http_receivers() {
        for url in [
            "http://localhost:8000/hook",
            "http://127.0.0.1:9/x",
            "https://example.com/hook",
        ] {
            assert!(
                check_webhook_url(Environment::Sandbox, false, url).is_ok(),
                "{url}"
            );
        }
        for url in ["ftp://example.com", "not a url", "http://"] {
            assert!(
                check_webhook_url(Environment::Sandbox, false, url).is_err(),
                "{url}"
            );
        }
    }

    #[test]
    fn production_wants_public_https_unless_the_operator_allows_private() {
        let production = |url, allow| check_webhook_url(Environment::Production, allow, url);
        assert!(production("https://hooks.example.com/plaid", false).is_ok());
        for url in [
            "http://hooks.example.com/plaid",
            "https://localhost/hook",
            "https://127.0.0.1/hook",
            "https://10.1.2.3/hook",
            "https://192.168.0.9/hook",
            "https://169.254.169.254/latest",
            "https://[::1]/hook",
            "https://[fd00::1]/hook",
        ] {
            assert!(production(url, false).is_err(), "{url}");
        }
        assert!(production("https://10.1.2.3/hook", true).is_ok());
        assert!(
            production("http://10.1.2.3/hook", true).is_err(),
            "still https only"
        );
    }
}
