//! Uploaded bank statements: what Tartan keeps of each and of its analysis.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::account::Address;
use super::ids::{AccountId, ItemId};

/// A statement as stored, without the file itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub document_id: String,
    pub item_id: ItemId,
    pub account_id: AccountId,
    pub uploaded_at: DateTime<Utc>,
    pub analysis: DocumentAnalysis,
}

/// What the analyzer read from a statement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentAnalysis {
    pub page_count: u32,
    pub holder_names: Vec<String>,
    pub holder_address: Option<Address>,
    pub is_account_number_match: Option<bool>,
    pub risk_signals: Vec<DocumentRiskSignal>,
    pub risk_score: u8,
}

/// One of Plaid's risk signal types (`SOFTWARE_BLACKLIST`, `OVERLAID_TEXT`, …) found in a statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentRiskSignal {
    #[serde(rename = "type")]
    pub kind: String,
    pub has_fraud_risk: bool,
    pub signal_description: String,
    /// 0 when the signal is about the whole file.
    pub page_number: u32,
}
