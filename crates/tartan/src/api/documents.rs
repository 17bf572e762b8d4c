//! Bank statements: Tartan's upload endpoint (Plaid takes uploads inside Link) and
//! `/identity/documents/uploads/get`. Files are analysed by `tartan-statements` on a blocking thread, within
//! its size, page, object and work limits and a time limit here; a file that fails is refused, not stored.

use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::extract::multipart::{Multipart, MultipartError, MultipartRejection};
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use tartan_statements::{AnalyzeError, Limits, OnFile, StatementAnalysis};

use super::access::{authorize_item, item_accounts, one_account};
use super::guards::require_sandbox;
use crate::domain::{
    Account, Address, AddressData, Document, DocumentAnalysis, DocumentRiskSignal, ItemId,
};
use crate::http::{ApiError, HeaderClient, PlaidRequest, PrefetchedItem};
use crate::services::AppState;
use crate::services::clock::Clock;
use crate::wire::RequestId;
use crate::wire::{
    AccountBase, AccountIdentityDocumentUpload, DocumentUploadResponse,
    IdentityDocumentsUploadsGetRequest, IdentityDocumentsUploadsGetResponse,
};

/// The largest statement accepted, as the analyzer's own limit.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;
/// Longest an analysis may take before the upload is refused.
const ANALYSIS_TIME_LIMIT: Duration = Duration::from_secs(20);

/// `POST /sandbox/identity/documents/upload`, `multipart/form-data` with `access_token`, `account_id` and
/// `file` (a PDF); credentials in the `PLAID-CLIENT-ID` / `PLAID-SECRET` headers.
pub async fn upload(
    State(state): State<AppState>,
    request_id: RequestId,
    HeaderClient(client): HeaderClient,
    form: Result<Multipart, MultipartRejection>,
) -> Result<Json<DocumentUploadResponse>, ApiError> {
    require_sandbox(&state, "/sandbox/identity/documents/upload")?;
    let form = UploadForm::read(
        form.map_err(|rejection| {
            ApiError::InvalidBody(format!(
                "send multipart/form-data with access_token, account_id and file: {rejection}"
            ))
        })?,
        ["access_token", "account_id"],
    )
    .await?;
    let [access_token, account_id] = &form.fields;
    let item = authorize_item(&state, &client, access_token, PrefetchedItem::none()).await?;
    let account = one_account(&state, &item, account_id).await?;
    let analysis = analyze(form.file.clone(), on_file(&account)).await?;
    let document = save_document(
        &state,
        Clock::of(&client).now(),
        item.item_id,
        &account,
        analysis,
        &form.file,
    )
    .await?;
    Ok(Json(DocumentUploadResponse {
        document_id: document.document_id,
        request_id,
    }))
}

/// <https://plaid.com/docs/api/products/identity/#identitydocumentsuploadsget>
pub async fn uploads_get(
    State(state): State<AppState>,
    request_id: RequestId,
    PlaidRequest {
        client,
        body,
        item: prefetched,
    }: PlaidRequest<IdentityDocumentsUploadsGetRequest>,
) -> Result<Json<IdentityDocumentsUploadsGetResponse>, ApiError> {
    let item = authorize_item(&state, &client, &body.access_token, prefetched).await?;
    let accounts = item_accounts(&state, &item, body.account_ids()).await?;
    let documents = state.store.list_documents(&item.item_id).await?;
    let accounts = accounts
        .iter()
        .map(|account| {
            let own: Vec<&Document> = documents
                .iter()
                .filter(|d| d.account_id == account.account_id)
                .collect();
            AccountIdentityDocumentUpload {
                account: AccountBase::from(account),
                owners: own.iter().map(|document| (*document).into()).collect(),
                documents: (!own.is_empty())
                    .then(|| own.iter().map(|document| (*document).into()).collect()),
            }
        })
        .collect();
    Ok(Json(IdentityDocumentsUploadsGetResponse {
        accounts,
        item: (&item).into(),
        request_id,
    }))
}

/// Stores an analysed statement for an account of an Item.
pub async fn save_document(
    state: &AppState,
    uploaded_at: DateTime<Utc>,
    item_id: ItemId,
    account: &Account,
    analysis: DocumentAnalysis,
    file: &[u8],
) -> Result<Document, ApiError> {
    let document = Document {
        document_id: uuid::Uuid::new_v4().to_string(),
        item_id,
        account_id: account.account_id.clone(),
        uploaded_at,
        analysis,
    };
    let sha256 = hex::encode(Sha256::digest(file));
    state
        .store
        .insert_document(&document, &sha256, file)
        .await?;
    Ok(document)
}

/// A `multipart/form-data` upload: two text fields, named by the endpoint, and `file`.
pub struct UploadForm {
    pub fields: [String; 2],
    pub file: Vec<u8>,
}

impl UploadForm {
    pub async fn read(mut form: Multipart, names: [&str; 2]) -> Result<Self, ApiError> {
        let (mut fields, mut file) = ([None, None], None);
        let mut unknown = Vec::new();
        while let Some(field) = form.next_field().await.map_err(multipart_error)? {
            let name = field.name().unwrap_or_default().to_owned();
            if let Some(slot) = names.iter().position(|wanted| *wanted == name) {
                fields[slot] = Some(field.text().await.map_err(multipart_error)?);
            } else if name == "file" {
                file = Some(field.bytes().await.map_err(multipart_error)?.to_vec());
            } else {
                unknown.push(name);
            }
        }
        if !unknown.is_empty() {
            return Err(ApiError::UnknownFields(unknown));
        }
        match (fields, file) {
            ([Some(first), Some(second)], Some(file)) => Ok(Self {
                fields: [first, second],
                file,
            }),
            ([first, second], file) => {
                let present = [
                    (names[0], first.is_some()),
                    (names[1], second.is_some()),
                    ("file", file.is_some()),
                ];
                Err(ApiError::MissingFields(
                    present
                        .iter()
                        .filter(|(_, given)| !given)
                        .map(|(name, _)| (*name).to_owned())
                        .collect(),
                ))
            }
        }
    }
}

pub fn multipart_error(error: MultipartError) -> ApiError {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        // The same answer as for a file just over the analyzer's limit.
        ApiError::InvalidField(format!(
            "file: the upload is larger than {} MiB, the largest statement accepted",
            MAX_FILE_BYTES / (1024 * 1024)
        ))
    } else {
        ApiError::InvalidBody(format!(
            "the multipart body could not be read: {}",
            error.body_text()
        ))
    }
}

/// What the bank has on file for the account, to compare with the number printed on the statement.
pub fn on_file(account: &Account) -> OnFile {
    let numbers = &account.numbers;
    let account_number = numbers
        .ach
        .as_ref()
        .map(|ach| ach.account.clone())
        .or_else(|| numbers.eft.as_ref().map(|eft| eft.account.clone()))
        .or_else(|| numbers.bacs.as_ref().map(|bacs| bacs.account.clone()))
        .or_else(|| {
            numbers
                .international
                .as_ref()
                .map(|international| international.iban.clone())
        });
    OnFile {
        account_number,
        mask: account.mask.clone(),
    }
}

/// Runs the analyzer off the async threads, within its limits and a time limit.
pub async fn analyze(file: Vec<u8>, on_file: OnFile) -> Result<DocumentAnalysis, ApiError> {
    let work = tokio::task::spawn_blocking(move || {
        tartan_statements::analyze(&file, &on_file, &Limits::default())
    });
    let started = std::time::Instant::now();
    let finished = tokio::time::timeout(ANALYSIS_TIME_LIMIT, work).await;
    let outcome = match &finished {
        Ok(Ok(Ok(_))) => "analysed",
        Ok(Ok(Err(_))) => "refused",
        Ok(Err(_)) => "failed",
        Err(_) => "timed_out",
    };
    metrics::counter!("tartan_statement_analyses_total", "outcome" => outcome).increment(1);
    metrics::histogram!("tartan_statement_analysis_duration_seconds")
        .record(started.elapsed().as_secs_f64());
    match finished {
        Ok(Ok(Ok(analysis))) => Ok(stored(analysis)),
        Ok(Ok(Err(error))) => Err(refused(&error)),
        Ok(Err(join)) => Err(ApiError::Internal(anyhow::anyhow!(
            "statement analysis failed: {join}"
        ))),
        Err(_) => Err(ApiError::InvalidField(
            "file: the PDF took too long to analyse".into(),
        )),
    }
}

fn refused(error: &AnalyzeError) -> ApiError {
    ApiError::InvalidField(format!("file: {error}"))
}

fn stored(analysis: StatementAnalysis) -> DocumentAnalysis {
    let (holder_names, holder_address) = match analysis.holder {
        Some(holder) => (
            holder.names,
            holder.address.map(|address| Address {
                data: AddressData {
                    street: address.street,
                    city: address.city,
                    region: address.region,
                    postal_code: address.postal_code,
                    country: address.country,
                },
                primary: true,
            }),
        ),
        None => (Vec::new(), None),
    };
    DocumentAnalysis {
        page_count: analysis.page_count,
        holder_names,
        holder_address,
        is_account_number_match: analysis.is_account_number_match,
        risk_signals: analysis
            .risk_signals
            .into_iter()
            .map(|signal| DocumentRiskSignal {
                kind: signal.kind,
                has_fraud_risk: signal.has_fraud_risk,
                signal_description: signal.description,
                page_number: signal.page_number,
            })
            .collect(),
        risk_score: analysis.risk_score,
    }
}
