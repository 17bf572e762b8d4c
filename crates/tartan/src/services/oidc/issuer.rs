//! Which authorization servers Tartan talks to: over https, or plain http on loopback when the operator
//! allowed it for testing (`--allow-loopback-oidc-issuers`), like private webhook URLs in production.

use std::net::IpAddr;

use super::error::OidcError;

/// Whether plain-http issuers on loopback are accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IssuerPolicy {
    pub allow_loopback_http: bool,
}

impl IssuerPolicy {
    /// An issuer URL Tartan may use: https with a host, no query or fragment (OpenID Connect Discovery §2).
    pub fn check(self, issuer: &str) -> Result<(), OidcError> {
        let url = url::Url::parse(issuer)
            .map_err(|_| OidcError::Misconfigured(format!("issuer `{issuer}` is not a URL")))?;
        if url.query().is_some() || url.fragment().is_some() {
            return Err(OidcError::Misconfigured(format!(
                "issuer `{issuer}` must not have a query or fragment"
            )));
        }
        self.check_url("issuer", &url)
    }

    fn check_url(self, what: &str, url: &url::Url) -> Result<(), OidcError> {
        match url.scheme() {
            "https" if url.host().is_some() => Ok(()),
            "http" if self.allow_loopback_http && is_loopback(url) => Ok(()),
            "http" if self.allow_loopback_http => Err(OidcError::Misconfigured(format!(
                "{what} `{url}` must be https (plain http is allowed on loopback only)"
            ))),
            _ => Err(OidcError::Misconfigured(format!(
                "{what} `{url}` must be an https URL"
            ))),
        }
    }
}

/// The endpoints discovery names obey the same rule as the issuer.
pub fn check_endpoint(policy: IssuerPolicy, what: &str, url: &url::Url) -> Result<(), OidcError> {
    policy.check_url(what, url)
}

fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(name)) => {
            name.eq_ignore_ascii_case("localhost") || name.ends_with(".localhost")
        }
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STRICT: IssuerPolicy = IssuerPolicy {
        allow_loopback_http: false,
    };
    const LOOPBACK: IssuerPolicy = IssuerPolicy {
        allow_loopback_http: true,
    };

    #[test]
    fn https_issuers_are_accepted_and_http_only_on_allowed_loopback() {
        assert!(STRICT.check("https://login.bank.example").is_ok());
        assert!(
            STRICT
                .check("https://login.bank.example/realms/customers")
                .is_ok()
        );
        assert!(
            STRICT.check("https://10.0.0.5/idp").is_ok(),
            "a provider's own network is fine"
        );
        for bad in [
            "http://login.bank.example",
            "http://127.0.0.1:4000",
            "ftp://login.bank.example",
            "not a url",
            "https://login.bank.example/?tenant=1",
            "https://login.bank.example/#x",
        ] {
            assert!(STRICT.check(bad).is_err(), "{bad}");
        }
        for loopback in [
            "http://127.0.0.1:4000",
            "http://localhost:4000/oidc",
            "http://[::1]:4000",
        ] {
            assert!(LOOPBACK.check(loopback).is_ok(), "{loopback}");
        }
        for still_bad in [
            "http://login.bank.example",
            "http://10.0.0.5",
            "http://127.0.0.1.example.com",
        ] {
            assert!(LOOPBACK.check(still_bad).is_err(), "{still_bad}");
        }
    }
}
