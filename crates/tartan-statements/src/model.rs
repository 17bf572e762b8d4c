//! The analyser's inputs and outputs. Plain data: the server turns these into Plaid's
//! `IdentityDocumentUpload` wire objects, so names follow the Plaid fields they feed.

use chrono::NaiveDate;

/// What the bank holds for the account the statement is meant to prove.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OnFile {
    /// The full account number, if known (separators are ignored).
    pub account_number: Option<String>,
    /// The account mask (usually the last 4 digits), if known.
    pub mask: Option<String>,
}

/// The result of analysing one statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementAnalysis {
    /// Pages in the page tree (Plaid `metadata.page_count`).
    pub page_count: u32,
    /// The account holder block, if one was found.
    pub holder: Option<Holder>,
    /// The account number as printed, e.g. `000123456789`, `****1234`, `XXXX-XXXX-1234`, `ending in 1234`.
    pub account_number: Option<String>,
    /// Plaid `metadata.is_account_number_match`: `None` when no number was found or nothing is on file.
    pub is_account_number_match: Option<bool>,
    /// Statement period (first day, last day), if printed.
    pub period: Option<(NaiveDate, NaiveDate)>,
    /// Plaid `risk_insights.risk_signals`, most severe first.
    pub risk_signals: Vec<RiskSignal>,
    /// Plaid `risk_summary.risk_score`: 0 trustworthy … 100 fraudulent; 80 or more means "treat as unverified".
    pub risk_score: u8,
}

/// The account holder as printed on the statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    /// One entry per holder (joint accounts list several), as printed.
    pub names: Vec<String>,
    /// The mailing address printed with the names.
    pub address: Option<PostalAddress>,
}

/// A postal address as printed (not normalised).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostalAddress {
    /// Street line(s), joined with ", " when the statement uses two lines.
    pub street: String,
    /// City, as printed.
    pub city: Option<String>,
    /// State or province code, e.g. `CA`, `ON`.
    pub region: Option<String>,
    /// ZIP or postal code, e.g. `94103`, `94103-1234`, `M5V 2T6`.
    pub postal_code: Option<String>,
    /// ISO 3166-1 alpha-2 country inferred from the postal code format (`US` or `CA`).
    pub country: Option<String>,
}

/// One Plaid risk signal (`IdentityDocumentUploadRiskSignal`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RiskSignal {
    /// Plaid's signal type, e.g. `SOFTWARE_BLACKLIST`.
    pub kind: String,
    /// Whether the signal indicates fraud risk (informational signals such as `METADATA_DATES_MATCH` are false).
    pub has_fraud_risk: bool,
    /// A human-readable explanation; never contains statement text (names, numbers).
    pub description: String,
    /// 1-based page the signal concerns; 0 when it is not page-specific.
    pub page_number: u32,
}
