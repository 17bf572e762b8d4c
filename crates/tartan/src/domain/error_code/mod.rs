//! Plaid's error vocabulary: every `error_code` Tartan can answer with, each with its `error_type` and HTTP
//! status, declared once. Handlers' errors, the sandbox's simulated errors and the errors embedded in webhooks
//! all name a code from here; nothing else spells one.

use std::fmt;

/// Plaid's `error_type`: the family a code belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorType {
    InvalidRequest,
    InvalidInput,
    InvalidResult,
    InstitutionError,
    RateLimitExceeded,
    ApiError,
    ItemError,
    SandboxError,
    UserError,
}

impl ErrorType {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::InvalidRequest => "INVALID_REQUEST",
            Self::InvalidInput => "INVALID_INPUT",
            Self::InvalidResult => "INVALID_RESULT",
            Self::InstitutionError => "INSTITUTION_ERROR",
            Self::RateLimitExceeded => "RATE_LIMIT_EXCEEDED",
            Self::ApiError => "API_ERROR",
            Self::ItemError => "ITEM_ERROR",
            Self::SandboxError => "SANDBOX_ERROR",
            Self::UserError => "USER_ERROR",
        }
    }
}

impl fmt::Display for ErrorType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Declares [`ErrorCode`] from one table: variant, wire spelling, type, HTTP status.
macro_rules! error_codes {
    ($($variant:ident => $code:literal, $kind:ident, $status:literal;)+) => {
        /// A Plaid `error_code` (reference §2.1).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ErrorCode {
            $($variant,)+
        }

        impl ErrorCode {
            /// Every code, in the table's order.
            pub const ALL: &'static [ErrorCode] = &[$(Self::$variant,)+];

            /// The code as Plaid spells it on the wire.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $code,)+
                }
            }

            pub const fn error_type(self) -> ErrorType {
                match self {
                    $(Self::$variant => ErrorType::$kind,)+
                }
            }

            /// The HTTP status Plaid answers this code with.
            pub const fn http_status(self) -> u16 {
                match self {
                    $(Self::$variant => $status,)+
                }
            }

            /// The code Plaid spells `code`, if Tartan knows it.
            pub fn parse(code: &str) -> Option<Self> {
                match code {
                    $($code => Some(Self::$variant),)+
                    _ => None,
                }
            }
        }
    };
}

error_codes! {
    // INVALID_REQUEST
    MissingFields => "MISSING_FIELDS", InvalidRequest, 400;
    UnknownFields => "UNKNOWN_FIELDS", InvalidRequest, 400;
    InvalidField => "INVALID_FIELD", InvalidRequest, 400;
    InvalidBody => "INVALID_BODY", InvalidRequest, 400;
    InvalidHeaders => "INVALID_HEADERS", InvalidRequest, 400;
    InvalidConfiguration => "INVALID_CONFIGURATION", InvalidRequest, 400;
    IncompatibleApiVersion => "INCOMPATIBLE_API_VERSION", InvalidRequest, 400;
    NotFound => "NOT_FOUND", InvalidRequest, 404;
    NoLongerAvailable => "NO_LONGER_AVAILABLE", InvalidRequest, 404;
    SandboxOnly => "SANDBOX_ONLY", InvalidRequest, 400;
    // INVALID_INPUT
    InvalidApiKeys => "INVALID_API_KEYS", InvalidInput, 400;
    UnauthorizedEnvironment => "UNAUTHORIZED_ENVIRONMENT", InvalidInput, 400;
    UnauthorizedRouteAccess => "UNAUTHORIZED_ROUTE_ACCESS", InvalidInput, 400;
    InvalidAccessToken => "INVALID_ACCESS_TOKEN", InvalidInput, 400;
    InvalidPublicToken => "INVALID_PUBLIC_TOKEN", InvalidInput, 400;
    InvalidProcessorToken => "INVALID_PROCESSOR_TOKEN", InvalidInput, 400;
    InvalidLinkToken => "INVALID_LINK_TOKEN", InvalidInput, 400;
    InvalidAccountId => "INVALID_ACCOUNT_ID", InvalidInput, 400;
    InvalidInstitution => "INVALID_INSTITUTION", InvalidInput, 400;
    InvalidProduct => "INVALID_PRODUCT", InvalidInput, 400;
    InvalidStripeAccount => "INVALID_STRIPE_ACCOUNT", InvalidInput, 400;
    InvalidWebhookVerificationKeyId => "INVALID_WEBHOOK_VERIFICATION_KEY_ID", InvalidInput, 400;
    AdditionalConsentRequired => "ADDITIONAL_CONSENT_REQUIRED", InvalidInput, 400;
    UserPermissionRevoked => "USER_PERMISSION_REVOKED", InvalidInput, 400;
    // INVALID_RESULT
    LastUpdatedDatetimeOutOfRange => "LAST_UPDATED_DATETIME_OUT_OF_RANGE", InvalidResult, 400;
    // ITEM_ERROR
    ItemLoginRequired => "ITEM_LOGIN_REQUIRED", ItemError, 400;
    ProductsNotSupported => "PRODUCTS_NOT_SUPPORTED", ItemError, 400;
    ProductNotReady => "PRODUCT_NOT_READY", ItemError, 400;
    ProductNotEnabled => "PRODUCT_NOT_ENABLED", ItemError, 400;
    NoAccounts => "NO_ACCOUNTS", ItemError, 400;
    NoAuthAccounts => "NO_AUTH_ACCOUNTS", ItemError, 400;
    AccessNotGranted => "ACCESS_NOT_GRANTED", ItemError, 400;
    ItemNotFound => "ITEM_NOT_FOUND", ItemError, 400;
    ItemNotSupported => "ITEM_NOT_SUPPORTED", ItemError, 400;
    ItemLocked => "ITEM_LOCKED", ItemError, 400;
    InvalidCredentials => "INVALID_CREDENTIALS", ItemError, 400;
    InvalidMfa => "INVALID_MFA", ItemError, 400;
    InsufficientCredentials => "INSUFFICIENT_CREDENTIALS", ItemError, 400;
    MfaNotSupported => "MFA_NOT_SUPPORTED", ItemError, 400;
    UserSetupRequired => "USER_SETUP_REQUIRED", ItemError, 400;
    PasswordResetRequired => "PASSWORD_RESET_REQUIRED", ItemError, 400;
    UserInputTimeout => "USER_INPUT_TIMEOUT", ItemError, 400;
    InvalidSendMethod => "INVALID_SEND_METHOD", ItemError, 400;
    InvalidOtp => "INVALID_OTP", ItemError, 400;
    InvalidPhoneNumber => "INVALID_PHONE_NUMBER", ItemError, 400;
    InvalidUpdatedUsername => "INVALID_UPDATED_USERNAME", ItemError, 400;
    ItemConcurrentlyDeleted => "ITEM_CONCURRENTLY_DELETED", ItemError, 400;
    InstantMatchFailed => "INSTANT_MATCH_FAILED", ItemError, 400;
    ManualVerificationRequired => "MANUAL_VERIFICATION_REQUIRED", ItemError, 400;
    NoInvestmentAccounts => "NO_INVESTMENT_ACCOUNTS", ItemError, 400;
    NoInvestmentAuthAccounts => "NO_INVESTMENT_AUTH_ACCOUNTS", ItemError, 400;
    NoLiabilityAccounts => "NO_LIABILITY_ACCOUNTS", ItemError, 400;
    // INSTITUTION_ERROR
    InstitutionDown => "INSTITUTION_DOWN", InstitutionError, 400;
    InstitutionNotResponding => "INSTITUTION_NOT_RESPONDING", InstitutionError, 400;
    InstitutionNotAvailable => "INSTITUTION_NOT_AVAILABLE", InstitutionError, 400;
    InstitutionNoLongerSupported => "INSTITUTION_NO_LONGER_SUPPORTED", InstitutionError, 400;
    InstitutionNotEnabledInEnvironment => "INSTITUTION_NOT_ENABLED_IN_ENVIRONMENT", InstitutionError, 400;
    InstitutionRegistrationRequired => "INSTITUTION_REGISTRATION_REQUIRED", InstitutionError, 400;
    UnauthorizedInstitution => "UNAUTHORIZED_INSTITUTION", InstitutionError, 400;
    UnsupportedResponse => "UNSUPPORTED_RESPONSE", InstitutionError, 400;
    // API_ERROR
    InternalServerError => "INTERNAL_SERVER_ERROR", ApiError, 500;
    PlannedMaintenance => "PLANNED_MAINTENANCE", ApiError, 503;
    // SANDBOX_ERROR
    SandboxProductNotEnabled => "SANDBOX_PRODUCT_NOT_ENABLED", SandboxError, 400;
    SandboxWebhookInvalid => "SANDBOX_WEBHOOK_INVALID", SandboxError, 400;
    // RATE_LIMIT_EXCEEDED
    AccountsLimit => "ACCOUNTS_LIMIT", RateLimitExceeded, 429;
    AccountsBalanceGetLimit => "ACCOUNTS_BALANCE_GET_LIMIT", RateLimitExceeded, 429;
    AuthLimit => "AUTH_LIMIT", RateLimitExceeded, 429;
    BalanceLimit => "BALANCE_LIMIT", RateLimitExceeded, 429;
    IdentityLimit => "IDENTITY_LIMIT", RateLimitExceeded, 429;
    ItemGetLimit => "ITEM_GET_LIMIT", RateLimitExceeded, 429;
    InstitutionRateLimit => "INSTITUTION_RATE_LIMIT", RateLimitExceeded, 429;
    RateLimit => "RATE_LIMIT", RateLimitExceeded, 429;
    // USER_ERROR
    InvalidUserIdentityData => "INVALID_USER_IDENTITY_DATA", UserError, 403;
}

impl ErrorCode {
    /// Whether Plaid's sandbox can produce this code at Link time (`error_<CODE>` passwords, `force_error`):
    /// the Item and institution errors, and the API errors of an outage.
    pub const fn is_simulated_in_sandbox(self) -> bool {
        matches!(
            self.error_type(),
            ErrorType::ItemError | ErrorType::InstitutionError | ErrorType::ApiError
        ) || matches!(self, Self::InvalidLinkToken)
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for ErrorCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl serde::Serialize for ErrorType {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests;
