//! `/identity/documents/uploads/get` and Tartan's upload endpoint.

use chrono::SecondsFormat;
use serde::Serialize;

use super::account::AccountBase;
use super::request_id::RequestId;
use crate::domain::{Document, DocumentRiskSignal, Owner};

#[derive(Debug, Serialize)]
pub struct DocumentUploadResponse {
    pub document_id: String,
    pub request_id: RequestId,
}

#[derive(Debug, Serialize)]
pub struct IdentityDocumentsUploadsGetResponse {
    pub accounts: Vec<AccountIdentityDocumentUpload>,
    pub item: super::item::Item,
    pub request_id: RequestId,
}

/// Plaid's `AccountIdentityDocumentUpload`: the owners read from the account's statements, and the statements.
#[derive(Debug, Serialize)]
pub struct AccountIdentityDocumentUpload {
    #[serde(flatten)]
    pub account: AccountBase,
    pub owners: Vec<DocumentOwner>,
    /// `null` when no statement was uploaded for the account.
    pub documents: Option<Vec<IdentityDocumentUpload>>,
}

/// An owner as read from one statement; Plaid adds the `document_id` it came from.
#[derive(Debug, Serialize)]
pub struct DocumentOwner {
    #[serde(flatten)]
    pub owner: Owner,
    pub document_id: String,
}

#[derive(Debug, Serialize)]
pub struct IdentityDocumentUpload {
    pub document_id: String,
    pub metadata: DocumentMetadata,
    pub risk_insights: RiskInsights,
}

#[derive(Debug, Serialize)]
pub struct DocumentMetadata {
    pub document_type: &'static str,
    pub is_account_number_match: Option<bool>,
    pub page_count: u32,
    pub last_updated: String,
    pub uploaded_at: String,
}

#[derive(Debug, Serialize)]
pub struct RiskInsights {
    pub risk_signals: Vec<DocumentRiskSignal>,
    pub risk_summary: RiskSummary,
}

#[derive(Debug, Serialize)]
pub struct RiskSummary {
    pub risk_score: u8,
}

impl From<&Document> for IdentityDocumentUpload {
    fn from(document: &Document) -> Self {
        let uploaded_at = document
            .uploaded_at
            .to_rfc3339_opts(SecondsFormat::Secs, true);
        let analysis = &document.analysis;
        Self {
            document_id: document.document_id.clone(),
            metadata: DocumentMetadata {
                document_type: "BANK_STATEMENT",
                is_account_number_match: analysis.is_account_number_match,
                page_count: analysis.page_count,
                last_updated: uploaded_at.clone(),
                uploaded_at,
            },
            risk_insights: RiskInsights {
                risk_signals: analysis.risk_signals.clone(),
                risk_summary: RiskSummary {
                    risk_score: analysis.risk_score,
                },
            },
        }
    }
}

impl From<&Document> for DocumentOwner {
    fn from(document: &Document) -> Self {
        let analysis = &document.analysis;
        Self {
            owner: Owner {
                names: analysis.holder_names.clone(),
                phone_numbers: Vec::new(),
                emails: Vec::new(),
                addresses: analysis.holder_address.iter().cloned().collect(),
            },
            document_id: document.document_id.clone(),
        }
    }
}
