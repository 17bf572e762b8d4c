//! The account buttons: change balances, change an owner's address (through `services::identity_updates`, so
//! IDENTITY `DEFAULT_UPDATE` fires exactly as for the admin API).

use std::str::FromStr;

use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use rust_decimal::Decimal;
use serde::Deserialize;

use super::auth::check_csrf;
use super::item_actions::{back, find_item, internal};
use super::refusal::Refusal;
use super::session::Operator;
use crate::domain::{AccountId, Address, AddressData, Balances, Money};
use crate::http::ApiError;
use crate::services::AppState;
use crate::services::identity_updates::{self, IdentityUpdateError};
use crate::services::item_state::{self, ItemStateError};

#[derive(Deserialize)]
pub struct BalancesForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    available: String,
    #[serde(default)]
    current: String,
    #[serde(default)]
    limit: String,
}

/// An amount as typed: empty is "unknown" (`null`), otherwise a decimal.
fn amount(field: &str, value: &str) -> Result<Option<Money>, String> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    Decimal::from_str(value)
        .map(|amount| Some(Money::new(amount)))
        .map_err(|_| format!("{field} must be a number like 1250.75, got `{value}`"))
}

/// `POST /console/items/{item_id}/accounts/{account_id}/balances`
pub async fn set_balances(
    State(state): State<AppState>,
    operator: Operator,
    Path((item_id, account_id)): Path<(String, String)>,
    Form(form): Form<BalancesForm>,
) -> Result<Response, Refusal> {
    check_csrf(&operator, &form.csrf)?;
    let item = find_item(&state, &operator, item_id).await?;
    let path = format!("/items/{}", item.item_id);
    let account_id = AccountId::from_stored(account_id);
    let parsed = (|| {
        Ok::<_, String>((
            amount("available", &form.available)?,
            amount("current", &form.current)?,
            amount("limit", &form.limit)?,
        ))
    })();
    let (available, current, limit) = match parsed {
        Ok(values) => values,
        Err(message) => return Ok(back(&operator, &path, &message, true)),
    };
    let accounts = state
        .store
        .list_accounts(&item.item_id)
        .await
        .map_err(|error| ApiError::from(error).into_response())?;
    let Some(account) = accounts.iter().find(|a| a.account_id == account_id) else {
        return Ok(back(
            &operator,
            &path,
            "No such account on this Item.",
            true,
        ));
    };
    let balances = Balances {
        available,
        current,
        limit,
        ..account.balances.clone()
    };
    match item_state::set_balances(&state, &item, &account_id, balances).await {
        Ok(()) => Ok(back(
            &operator,
            &path,
            &format!("Balances of {} saved.", account.name),
            false,
        )),
        Err(ItemStateError::NoSuchAccount(_)) => Ok(back(
            &operator,
            &path,
            "No such account on this Item.",
            true,
        )),
        Err(error) => Err(internal(error).into()),
    }
}

#[derive(Deserialize)]
pub struct AddressForm {
    #[serde(default)]
    csrf: String,
    owner: usize,
    street: String,
    #[serde(default)]
    city: String,
    #[serde(default)]
    region: String,
    #[serde(default)]
    postal_code: String,
    #[serde(default)]
    country: String,
}

fn optional(value: &str) -> Option<String> {
    Some(value.trim().to_owned()).filter(|value| !value.is_empty())
}

/// `POST /console/items/{item_id}/accounts/{account_id}/address`: replaces the owner's primary address.
pub async fn set_address(
    State(state): State<AppState>,
    operator: Operator,
    Path((item_id, account_id)): Path<(String, String)>,
    Form(form): Form<AddressForm>,
) -> Result<Response, Refusal> {
    check_csrf(&operator, &form.csrf)?;
    let item = find_item(&state, &operator, item_id).await?;
    let path = format!("/items/{}", item.item_id);
    let account_id = AccountId::from_stored(account_id);
    let accounts = state
        .store
        .list_accounts(&item.item_id)
        .await
        .map_err(|error| ApiError::from(error).into_response())?;
    let Some(mut owners) = accounts
        .into_iter()
        .find(|a| a.account_id == account_id)
        .map(|a| a.owners)
    else {
        return Ok(back(
            &operator,
            &path,
            "No such account on this Item.",
            true,
        ));
    };
    let Some(owner) = owners.get_mut(form.owner) else {
        return Ok(back(
            &operator,
            &path,
            "No such owner on this account.",
            true,
        ));
    };
    let data = AddressData {
        street: form.street.trim().to_owned(),
        city: optional(&form.city),
        region: optional(&form.region),
        postal_code: optional(&form.postal_code),
        country: optional(&form.country),
    };
    match owner.addresses.iter_mut().find(|a| a.primary) {
        Some(primary) => primary.data = data,
        None => owner.addresses.insert(
            0,
            Address {
                data,
                primary: true,
            },
        ),
    }
    let update = identity_updates::replace_identity(
        state.store.as_ref(),
        state.config.environment,
        &item.item_id,
        &account_id,
        &owners,
    )
    .await;
    match update {
        Ok(update) => {
            if update.webhook_queued {
                state.webhook_wake.notify_one();
            }
            let text = if update.webhook_queued {
                "Address saved; IDENTITY DEFAULT_UPDATE queued."
            } else if update.changed.is_empty() {
                "Nothing changed; no webhook."
            } else {
                "Address saved; no webhook (the Item has no webhook URL)."
            };
            Ok(back(&operator, &path, text, false))
        }
        Err(IdentityUpdateError::Invalid(message)) => Ok(back(&operator, &path, &message, true)),
        Err(IdentityUpdateError::NotFound { .. }) => Ok(back(
            &operator,
            &path,
            "No such account on this Item.",
            true,
        )),
        Err(IdentityUpdateError::Store(error)) => Err(ApiError::from(error).into_response().into()),
    }
}
