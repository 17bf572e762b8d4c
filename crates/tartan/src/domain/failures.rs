//! Failures on demand: what a client asked its sandbox requests to suffer (`/sandbox/failures/set`).

use std::collections::BTreeMap;

use super::error_code::ErrorCode;

/// The longest extra latency a client may ask for: within the default request timeout.
pub const MAX_LATENCY_MS: u32 = 30_000;

/// The most rate-limited requests one burst may ask for.
pub const MAX_BURST: u32 = 100_000;

/// The latest a webhook may be made to arrive: an hour.
pub const MAX_WEBHOOK_DELAY_SECS: u32 = 3600;

/// Out-of-order webhooks are each held back a random 0 to this many milliseconds.
pub const OUT_OF_ORDER_WINDOW_MS: i64 = 2_000;

/// A client's forced failures, checked on each of its requests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailureRules {
    /// Extra latency before every request is handled, at most [`MAX_LATENCY_MS`].
    pub latency_ms: u32,
    /// The share of requests (0–100) answered with `error_code`.
    pub error_percent: u8,
    /// `INTERNAL_SERVER_ERROR` or `PLANNED_MAINTENANCE`.
    pub error_code: ErrorCode,
    /// How many of the client's next requests answer `RATE_LIMIT_EXCEEDED` (as loaded; taken one by one in the
    /// store, atomically across instances).
    pub rate_limit_burst: u32,
    /// Webhooks of the client's Items arrive this many seconds late (at most [`MAX_WEBHOOK_DELAY_SECS`]).
    pub webhook_delay_secs: u32,
    /// Webhooks of the client's Items arrive twice.
    pub webhook_duplicate: bool,
    /// Webhooks of the client's Items are each held back a random share of [`OUT_OF_ORDER_WINDOW_MS`], so
    /// webhooks fired close together arrive in another order than they were sent.
    pub webhook_out_of_order: bool,
    /// Institutions whose Items answer an institution error (`INSTITUTION_DOWN` or
    /// `INSTITUTION_NOT_RESPONDING`) on every Item request of this client.
    pub institution_errors: BTreeMap<String, ErrorCode>,
}

impl FailureRules {
    /// The codes a share of requests may be answered with: Plaid's outage errors.
    pub const ERROR_CODES: [ErrorCode; 2] = [
        ErrorCode::InternalServerError,
        ErrorCode::PlannedMaintenance,
    ];

    /// Checked rules: a bounded latency, a percentage, an outage code.
    pub fn new(latency_ms: u32, error_percent: u8, error_code: ErrorCode) -> Result<Self, String> {
        Self::with_burst(latency_ms, error_percent, error_code, 0)
    }

    /// Checked rules with a burst of `rate_limit_burst` rate-limited requests (at most [`MAX_BURST`]).
    pub fn with_burst(
        latency_ms: u32,
        error_percent: u8,
        error_code: ErrorCode,
        rate_limit_burst: u32,
    ) -> Result<Self, String> {
        if rate_limit_burst > MAX_BURST {
            return Err(format!(
                "rate_limit_burst must be at most {MAX_BURST}, got {rate_limit_burst}"
            ));
        }
        if latency_ms > MAX_LATENCY_MS {
            return Err(format!(
                "latency_ms must be at most {MAX_LATENCY_MS}, got {latency_ms}"
            ));
        }
        if error_percent > 100 {
            return Err(format!(
                "error_percent must be between 0 and 100, got {error_percent}"
            ));
        }
        if !Self::ERROR_CODES.contains(&error_code) {
            return Err(format!(
                "error_code must be INTERNAL_SERVER_ERROR or PLANNED_MAINTENANCE, got {error_code}"
            ));
        }
        Ok(Self {
            latency_ms,
            error_percent,
            error_code,
            rate_limit_burst,
            webhook_delay_secs: 0,
            webhook_duplicate: false,
            webhook_out_of_order: false,
            institution_errors: BTreeMap::new(),
        })
    }

    /// These rules with `errors` (institution id → `INSTITUTION_DOWN` / `INSTITUTION_NOT_RESPONDING`).
    pub fn with_institution_errors(
        self,
        errors: BTreeMap<String, ErrorCode>,
    ) -> Result<Self, String> {
        let allowed = [
            ErrorCode::InstitutionDown,
            ErrorCode::InstitutionNotResponding,
        ];
        if let Some((id, code)) = errors.iter().find(|(_, code)| !allowed.contains(code)) {
            return Err(format!(
                "institution_errors.{id} must be INSTITUTION_DOWN or INSTITUTION_NOT_RESPONDING, got {code}"
            ));
        }
        Ok(Self {
            institution_errors: errors,
            ..self
        })
    }

    /// The error an Item at `institution_id` answers, if one is set.
    pub fn institution_error(&self, institution_id: Option<&str>) -> Option<ErrorCode> {
        self.institution_errors.get(institution_id?).copied()
    }

    /// These rules with webhooks `delay_secs` late, if `duplicate` delivered twice, if `out_of_order` shuffled.
    pub fn with_webhooks(
        self,
        delay_secs: u32,
        duplicate: bool,
        out_of_order: bool,
    ) -> Result<Self, String> {
        if delay_secs > MAX_WEBHOOK_DELAY_SECS {
            return Err(format!(
                "webhook_delay_seconds must be at most {MAX_WEBHOOK_DELAY_SECS}, got {delay_secs}"
            ));
        }
        Ok(Self {
            webhook_delay_secs: delay_secs,
            webhook_duplicate: duplicate,
            webhook_out_of_order: out_of_order,
            ..self
        })
    }

    /// Whether a request whose draw is `roll` (uniform in 0..100) fails.
    pub fn fails(&self, roll: u8) -> bool {
        roll < self.error_percent
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_are_bounded_and_the_share_is_exact() {
        assert!(FailureRules::new(30_001, 0, ErrorCode::InternalServerError).is_err());
        assert!(FailureRules::new(0, 101, ErrorCode::InternalServerError).is_err());
        assert!(FailureRules::new(0, 50, ErrorCode::InvalidField).is_err());
        let half = FailureRules::new(0, 50, ErrorCode::PlannedMaintenance).unwrap();
        assert_eq!((0..100).filter(|roll| half.fails(*roll)).count(), 50);
    }
}
