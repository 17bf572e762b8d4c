//! Plaid's rate limits (reference §2.2), opt-in with `--rate-limits plaid`: requests per minute per Item and per
//! client, counted in the store so every instance on one database shares the count. A request beyond a limit is
//! refused before it takes effect with 429 `RATE_LIMIT_EXCEEDED` and the limit's code.

use chrono::{DateTime, DurationRound, TimeDelta, Utc};

use super::error::ApiError;
use crate::config::RateLimits;
use crate::domain::tokens::AccessToken;
use crate::domain::{ClientId, Environment, ErrorCode};
use crate::services::AppState;

/// One route's limits: requests per minute per Item and per client, in production and sandbox, with the codes.
struct Limit {
    route: &'static str,
    per_item: Option<(u32, u32, ErrorCode)>,
    per_client: (u32, u32, ErrorCode),
}

/// §2.2, as (production, sandbox, code).
const LIMITS: &[Limit] = &[
    Limit {
        route: "/accounts/get",
        per_item: Some((15, 100, ErrorCode::AccountsLimit)),
        per_client: (15_000, 5_000, ErrorCode::AccountsLimit),
    },
    Limit {
        route: "/accounts/balance/get",
        per_item: Some((5, 25, ErrorCode::BalanceLimit)),
        per_client: (1_200, 100, ErrorCode::AccountsBalanceGetLimit),
    },
    Limit {
        route: "/auth/get",
        per_item: Some((15, 100, ErrorCode::AuthLimit)),
        per_client: (12_000, 500, ErrorCode::AuthLimit),
    },
    Limit {
        route: "/identity/get",
        per_item: Some((15, 100, ErrorCode::IdentityLimit)),
        per_client: (2_000, 1_000, ErrorCode::IdentityLimit),
    },
    Limit {
        route: "/item/get",
        per_item: Some((15, 40, ErrorCode::ItemGetLimit)),
        per_client: (5_000, 5_000, ErrorCode::ItemGetLimit),
    },
    Limit {
        route: "/item/remove",
        per_item: Some((30, 100, ErrorCode::RateLimit)),
        per_client: (2_000, 500, ErrorCode::RateLimit),
    },
    Limit {
        route: "/processor/token/create",
        per_item: None,
        per_client: (500, 500, ErrorCode::RateLimit),
    },
];

fn pick(
    (production, sandbox, code): (u32, u32, ErrorCode),
    environment: Environment,
) -> (u32, ErrorCode) {
    match environment {
        Environment::Production => (production, code),
        Environment::Sandbox => (sandbox, code),
    }
}

/// Counts this request against its route's limits and refuses it when one is exceeded. `route` is the path
/// without the base path; `access_token` the body's, if any (an Item has one access token, so its hash names
/// the Item without a lookup).
pub async fn check(
    state: &AppState,
    route: &str,
    client_id: &ClientId,
    access_token: Option<&str>,
) -> Result<(), ApiError> {
    if state.config.rate_limits != RateLimits::Plaid {
        return Ok(());
    }
    let Some(limit) = LIMITS.iter().find(|limit| limit.route == route) else {
        return Ok(());
    };
    let environment = state.config.environment;
    let window = window_start(Utc::now());
    let item = access_token.and_then(|token| AccessToken::parse(token, environment));
    if let (Some(per_item), Some(token)) = (limit.per_item, item) {
        let (max, code) = pick(per_item, environment);
        let bucket = format!("item:{route}:{}", token.hash().as_str());
        if state.store.count_rate_limit_hit(&bucket, window).await? > i64::from(max) {
            return Err(ApiError::RateLimited(code));
        }
    }
    let (max, code) = pick(limit.per_client, environment);
    let bucket = format!("client:{route}:{client_id}");
    if state.store.count_rate_limit_hit(&bucket, window).await? > i64::from(max) {
        return Err(ApiError::RateLimited(code));
    }
    Ok(())
}

/// The start of the one-minute window `now` falls in.
fn window_start(now: DateTime<Utc>) -> DateTime<Utc> {
    now.duration_trunc(TimeDelta::minutes(1)).unwrap_or(now)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_limited_code_is_a_rate_limit_error() {
        for limit in LIMITS {
            let codes = limit
                .per_item
                .iter()
                .map(|(_, _, code)| *code)
                .chain([limit.per_client.2]);
            for code in codes {
                assert_eq!(code.http_status(), 429, "{}", limit.route);
                assert_eq!(code.error_type().as_str(), "RATE_LIMIT_EXCEEDED");
            }
        }
    }

    #[test]
    fn windows_are_whole_minutes() {
        let now = DateTime::parse_from_rfc3339("2026-12-04T16:51:39.250Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(window_start(now).to_rfc3339(), "2026-12-04T16:51:00+00:00");
    }
}
