//! The analyser's inputs and outputs. Plain data: the server turns these into Plaid's
//! `IdentityDocumentUpload` wire objects, so names follow the Plaid fields they feed.
//!
//! `Debug` is written by hand for every type that holds personal data (names, addresses, account numbers)
//! and prints it redacted, so a stray `{:?}` in a log line leaks nothing.

use chrono::NaiveDate;
use std::fmt;

/// What the bank holds for the account the statement is meant to prove.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct OnFile {
    /// The full account number, if known (separators are ignored).
    pub account_number: Option<String>,
    /// The account mask (usually the last 4 digits), if known.
    pub mask: Option<String>,
}

/// The result of analysing one statement.
#[derive(Clone, PartialEq, Eq)]
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
#[derive(Clone, PartialEq, Eq)]
pub struct Holder {
    /// One entry per holder (joint accounts list several), as printed.
    pub names: Vec<String>,
    /// The mailing address printed with the names.
    pub address: Option<PostalAddress>,
}

/// A postal address as printed (not normalised).
#[derive(Clone, PartialEq, Eq)]
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

/// `****1234` for anything with digits, `None`/empty otherwise.
fn redact(number: Option<&str>) -> Option<String> {
    number.map(|n| {
        let digits: String = n.chars().filter(char::is_ascii_digit).collect();
        format!("****{}", &digits[digits.len().saturating_sub(4)..])
    })
}

impl fmt::Debug for OnFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OnFile")
            .field("account_number", &redact(self.account_number.as_deref()))
            .field("mask", &self.mask)
            .finish()
    }
}

impl fmt::Debug for StatementAnalysis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StatementAnalysis")
            .field("page_count", &self.page_count)
            .field("holder", &self.holder)
            .field("account_number", &redact(self.account_number.as_deref()))
            .field("is_account_number_match", &self.is_account_number_match)
            .field("period", &self.period)
            .field("risk_signals", &self.risk_signals)
            .field("risk_score", &self.risk_score)
            .finish()
    }
}

impl fmt::Debug for Holder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Holder")
            .field("names", &format_args!("<{} redacted>", self.names.len()))
            .field("address", &self.address)
            .finish()
    }
}

impl fmt::Debug for PostalAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PostalAddress")
            .field("street", &format_args!("<redacted>"))
            .field("city", &self.city)
            .field("region", &self.region)
            .field(
                "postal_code",
                &self
                    .postal_code
                    .as_ref()
                    .map(|_| format_args!("<redacted>")),
            )
            .field("country", &self.country)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_redacts_personal_data() {
        let a = StatementAnalysis {
            page_count: 1,
            holder: Some(Holder {
                names: vec!["JANE DOE".into()],
                address: Some(PostalAddress {
                    street: "1234 GRAND AVE".into(),
                    city: Some("OAKLAND".into()),
                    region: Some("CA".into()),
                    postal_code: Some("94103".into()),
                    country: Some("US".into()),
                }),
            }),
            account_number: Some("000123456789".into()),
            is_account_number_match: Some(true),
            period: None,
            risk_signals: vec![],
            risk_score: 0,
        };
        let shown = format!(
            "{a:?} {:?}",
            OnFile {
                account_number: Some("000123456789".into()),
                mask: None
            }
        );
        for secret in ["JANE", "GRAND", "94103", "000123456789"] {
            assert!(!shown.contains(secret), "{secret} leaked: {shown}");
        }
        assert!(shown.contains("****6789") && shown.contains("OAKLAND"));
    }
}
