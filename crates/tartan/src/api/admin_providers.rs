//! The admin API for a data provider's catalogue (operator's bearer token): records in the import format,
//! listings, the institutions each client may link, revoking Items, and the audit log. docs/providers.md
//! describes every route.

use axum::Json;
use axum::extract::{Path, Query, State};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::domain::{ClientId, EndUser, ItemId, ProviderInstitution};
use crate::http::{AdminAuth, AdminRequest, ApiError, ClientAddress};
use crate::services::AppState;
use crate::services::provider::audit::{self, Actor};
use crate::services::provider::revoke::{RevokeError, revoke};
use crate::services::provider::{catalogue, records};
use crate::store::RecordOutcome;
use crate::wire::RequestId;

/// `POST /admin/provider/records` with one record of the import format: creates or updates it.
pub async fn post_record(
    State(state): State<AppState>,
    ClientAddress(source): ClientAddress,
    request_id: RequestId,
    AdminRequest(body): AdminRequest<Value>,
) -> Result<Json<Value>, ApiError> {
    let actor = Actor::admin(&source);
    let line = match records::parse(&body.to_string()) {
        Ok(line) => line,
        Err(message) => {
            audit::record(
                state.store.as_ref(),
                &actor,
                "record.save",
                "-",
                "INVALID_FIELD",
            )
            .await;
            return Err(ApiError::InvalidField(message));
        }
    };
    // A plain password is hashed here: Argon2 is slow on purpose, so off the async threads.
    let record = tokio::task::spawn_blocking(move || line.into_record())
        .await
        .map_err(|error| ApiError::Internal(error.into()))?;
    let record = match record {
        Ok(record) => record,
        Err(message) => {
            audit::record(
                state.store.as_ref(),
                &actor,
                "record.save",
                "-",
                "INVALID_FIELD",
            )
            .await;
            return Err(ApiError::InvalidField(message));
        }
    };
    let key = record.key();
    let outcomes =
        catalogue::apply(state.store.as_ref(), state.config.environment, &[record]).await?;
    if catalogue::queued_webhooks(&outcomes) {
        state.webhook_wake.notify_one();
    }
    match outcomes.into_iter().next() {
        Some(RecordOutcome::Saved { items, webhooks }) => {
            audit::record(state.store.as_ref(), &actor, "record.save", &key, "success").await;
            Ok(Json(json!({
                "record": key, "items_updated": items, "webhooks_queued": webhooks,
                "request_id": request_id,
            })))
        }
        Some(RecordOutcome::Rejected(message)) => {
            audit::record(
                state.store.as_ref(),
                &actor,
                "record.save",
                &key,
                "REJECTED",
            )
            .await;
            Err(ApiError::InvalidField(message))
        }
        None => Err(ApiError::Internal(anyhow::anyhow!(
            "no outcome for the record"
        ))),
    }
}

#[derive(Serialize)]
struct InstitutionsAnswer {
    institutions: Vec<ProviderInstitutionShown>,
    request_id: RequestId,
}

/// An institution as the admin API lists it: the OIDC client secret is never shown.
#[derive(Serialize)]
struct ProviderInstitutionShown {
    #[serde(flatten)]
    institution: Value,
}

fn shown(institution: &ProviderInstitution) -> ProviderInstitutionShown {
    let mut value = json!(institution);
    if let Some(secret) = value.pointer_mut("/login/client_secret") {
        *secret = json!("***");
    }
    ProviderInstitutionShown { institution: value }
}

/// `GET /admin/provider/institutions`
pub async fn list_institutions(
    State(state): State<AppState>,
    _: AdminAuth,
    request_id: RequestId,
) -> Result<Json<Value>, ApiError> {
    let institutions = state.store.list_provider_institutions().await?;
    Ok(Json(json!(InstitutionsAnswer {
        institutions: institutions.iter().map(shown).collect(),
        request_id,
    })))
}

#[derive(Deserialize)]
pub struct Page {
    after: Option<String>,
    limit: Option<i64>,
}

fn user_shown(user: &EndUser) -> Value {
    json!({
        "institution_id": user.institution_id,
        "user_id": user.user_id,
        "has_password": user.password_hash.is_some(),
        "has_totp": user.totp_secret.is_some(),
        "oidc_subject": user.oidc_subject,
    })
}

/// `GET /admin/provider/institutions/{institution_id}/users?after=&limit=` (at most 1,000 a page).
pub async fn list_users(
    State(state): State<AppState>,
    _: AdminAuth,
    Path(institution_id): Path<String>,
    Query(page): Query<Page>,
    request_id: RequestId,
) -> Result<Json<Value>, ApiError> {
    let limit = page.limit.unwrap_or(100).clamp(1, 1_000);
    let users = state
        .store
        .list_end_users(&institution_id, page.after.as_deref(), limit)
        .await?;
    Ok(Json(json!({
        "users": users.iter().map(user_shown).collect::<Vec<_>>(),
        "request_id": request_id,
    })))
}

/// `GET /admin/provider/institutions/{institution_id}/users/{user_id}`: the user, accounts and Items.
pub async fn get_user(
    State(state): State<AppState>,
    _: AdminAuth,
    Path((institution_id, user_id)): Path<(String, String)>,
    request_id: RequestId,
) -> Result<Json<Value>, ApiError> {
    let user = state
        .store
        .find_end_user(&institution_id, &user_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let accounts = state
        .store
        .list_provider_accounts(&institution_id, &user_id)
        .await?;
    let items = state
        .store
        .list_provider_items(&institution_id, &user_id)
        .await?;
    Ok(Json(json!({
        "user": user_shown(&user),
        "accounts": accounts.iter().map(|a| &a.account).collect::<Vec<_>>(),
        "items": items.iter().map(|item| json!({
            "item_id": item.item_id, "client_id": item.client_id, "products": item.products,
            "created_at": item.created_at,
        })).collect::<Vec<_>>(),
        "request_id": request_id,
    })))
}

#[derive(Deserialize)]
pub struct ClientInstitutions {
    institution_ids: Vec<String>,
}

/// `PUT /admin/clients/{client_id}/institutions` with `{"institution_ids": [...]}`: what the client may link.
pub async fn put_client_institutions(
    State(state): State<AppState>,
    ClientAddress(source): ClientAddress,
    Path(client_id): Path<String>,
    request_id: RequestId,
    AdminRequest(body): AdminRequest<ClientInstitutions>,
) -> Result<Json<Value>, ApiError> {
    let client_id = ClientId::from_stored(client_id);
    state
        .store
        .find_client(&client_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    for id in &body.institution_ids {
        if state.store.find_provider_institution(id).await?.is_none() {
            return Err(ApiError::InvalidField(format!(
                "institution_ids: unknown institution `{id}`"
            )));
        }
    }
    state
        .store
        .set_client_institutions(&client_id, &body.institution_ids)
        .await?;
    let subject = format!("client/{client_id}");
    audit::record(
        state.store.as_ref(),
        &Actor::admin(&source),
        "client.institutions",
        &subject,
        "success",
    )
    .await;
    Ok(Json(json!({
        "client_id": client_id, "institution_ids": body.institution_ids, "request_id": request_id,
    })))
}

/// `GET /admin/clients/{client_id}/institutions`
pub async fn get_client_institutions(
    State(state): State<AppState>,
    _: AdminAuth,
    Path(client_id): Path<String>,
    request_id: RequestId,
) -> Result<Json<Value>, ApiError> {
    let client_id = ClientId::from_stored(client_id);
    let ids = state.store.list_client_institutions(&client_id).await?;
    Ok(Json(json!({
        "client_id": client_id, "institution_ids": ids, "request_id": request_id,
    })))
}

#[derive(Deserialize)]
pub struct Nothing {}

/// `POST /admin/items/{item_id}/revoke` with `{}`: the Item and its tokens die at once; ITEM
/// `USER_PERMISSION_REVOKED` goes to its webhook.
pub async fn revoke_item(
    State(state): State<AppState>,
    ClientAddress(source): ClientAddress,
    Path(item_id): Path<String>,
    request_id: RequestId,
    AdminRequest(Nothing {}): AdminRequest<Nothing>,
) -> Result<Json<Value>, ApiError> {
    let item_id = ItemId::from_stored(item_id);
    let queued = revoke(
        state.store.as_ref(),
        state.config.environment,
        &item_id,
        &Actor::admin(&source),
    )
    .await
    .map_err(|error| match error {
        RevokeError::NotFound(_) => ApiError::NotFound,
        RevokeError::Store(error) => error.into(),
        RevokeError::Webhook(error) => ApiError::Internal(error.into()),
    })?;
    if queued {
        state.webhook_wake.notify_one();
    }
    Ok(Json(json!({
        "item_id": item_id, "revoked": true, "webhook_queued": queued, "request_id": request_id,
    })))
}

#[derive(Deserialize)]
pub struct AuditQuery {
    limit: Option<i64>,
}

/// `GET /admin/audit?limit=100`: newest first.
pub async fn list_audit(
    State(state): State<AppState>,
    _: AdminAuth,
    Query(query): Query<AuditQuery>,
    request_id: RequestId,
) -> Result<Json<Value>, ApiError> {
    let limit = query.limit.unwrap_or(100).clamp(1, 10_000);
    let entries = state.store.list_audit(limit).await?;
    Ok(Json(
        json!({ "entries": entries, "request_id": request_id }),
    ))
}
