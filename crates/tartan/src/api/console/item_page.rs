//! `GET /console/items/{item_id}`: one Item with its accounts, balances, numbers, owners and webhooks, and the
//! buttons that act on it (each saying what it will do).

use axum::extract::{Path, Query, State};
use axum::response::Response;
use maud::{Markup, html};

use super::layout::{Action, NoticeQuery, action_form, page, status_badge, time};
use super::session::Operator;
use crate::domain::{Account, ItemId, ItemRecord, Money, Numbers, settable_item_errors};
use crate::http::ApiError;
use crate::services::AppState;
use crate::services::item_state::sends_item_error_webhook;
use crate::services::item_webhooks::fireable_webhooks;
use crate::webhooks::Webhook;

/// Webhooks of the Item listed on its page, the most recent.
const WEBHOOKS_SHOWN: i64 = 20;

pub async fn show(
    State(state): State<AppState>,
    operator: Operator,
    Path(item_id): Path<String>,
    Query(notice): Query<NoticeQuery>,
) -> Result<Response, ApiError> {
    let item_id = ItemId::from_stored(item_id);
    let item = state
        .store
        .find_item(&item_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let accounts = state.store.list_accounts(&item_id).await?;
    let webhooks = state
        .store
        .list_item_webhooks(&item_id, WEBHOOKS_SHOWN)
        .await?;
    let body = html! {
        h1 { "Item " code { (item.item_id) } }
        (facts(&item))
        h2 { "Actions" }
        p.muted { "Each action goes through the same code as the API call it names." }
        div.actions {
            (fire_webhooks(&operator, &item, &accounts))
            (reset_login(&operator, &item))
            (set_error(&operator, &item))
            (remove(&operator, &item))
        }
        h2 { "Accounts" }
        @for account in &accounts { (account_card(&operator, &item, account)) }
        h2 { "Webhooks" }
        div.table-wrap { table {
            thead { tr { th { "Webhook" } th { "To" } th { "Status" } th { "Attempts" } th { "Created" } } }
            tbody { @for webhook in &webhooks { tr {
                td { a href=(operator.url(&format!("/webhooks/{}", webhook.webhook_id))) { (webhook.webhook_type) " " (webhook.webhook_code) } }
                td.mono { (webhook.url) }
                td { (status_badge(&webhook.status)) }
                td { (webhook.attempts) }
                td.nowrap { (time(webhook.created_at)) }
            } } }
        } }
    };
    Ok(page(&operator, "Item", "/items", notice.notice(), &body))
}

fn facts(item: &ItemRecord) -> Markup {
    html! {
        div.card { dl.facts {
            dt { "Client" } dd.mono { (item.client_id) }
            dt { "Institution" } dd { (item.institution_name.as_deref().unwrap_or("—")) " " span.muted { (item.institution_id.as_deref().unwrap_or("")) } }
            dt { "Products" } dd { (item.products.iter().map(|p| p.as_str()).collect::<Vec<_>>().join(", ")) }
            dt { "Webhook URL" } dd.mono { (item.webhook.as_deref().unwrap_or("— (none: no webhook is sent)")) }
            dt { "Status" } dd {
                @match item.current_error() {
                    Some(code) => { (status_badge("error")) " " code { (code.as_str()) } " — data endpoints answer it; /item/get shows it" }
                    None => { (status_badge("ok")) }
                }
            }
            dt { "Created" } dd { (time(item.created_at)) }
        } }
    }
}

/// Where a webhook about the Item goes, in words.
fn destination(item: &ItemRecord) -> String {
    item.webhook.as_ref().map_or_else(
        || "nowhere (the Item has no webhook URL)".to_owned(),
        |url| url.clone(),
    )
}

fn item_url(operator: &Operator, item: &ItemRecord, action: &str) -> String {
    operator.url(&format!("/items/{}/{action}", item.item_id))
}

fn fire_webhooks(operator: &Operator, item: &ItemRecord, accounts: &[Account]) -> Markup {
    html! {
        div.action {
            h3 { "Fire a webhook" }
            p.effect { "As /sandbox/item/fire_webhook: sends the webhook to " (destination(item)) "; the Item's state does not change." }
            @if item.webhook.is_none() {
                p.muted { "Set a webhook URL first (/item/webhook/update)." }
            } @else {
                @for webhook in fireable_webhooks(accounts, chrono::Utc::now()) {
                    @let (kind, code) = webhook.kind();
                    @let detail = match &webhook { Webhook::ItemError { error } => format!(" ({})", error.error_code), _ => String::new() };
                    @let effect = format!("Fires {kind} {code}{detail} to {}.", destination(item));
                    form method="post" action=(item_url(operator, item, "fire-webhook")) data-confirm=(effect) {
                        (super::layout::csrf_field(operator))
                        input type="hidden" name="webhook" value=(format!("{kind} {code}"));
                        button.secondary type="submit" { "Fire " (kind) " " (code) (detail) }
                    }
                }
            }
        }
    }
}

fn reset_login(operator: &Operator, item: &ItemRecord) -> Markup {
    let effect = format!(
        "Fires ITEM ERROR (ITEM_LOGIN_REQUIRED) to {} and makes /accounts/get and every data endpoint answer \
         ITEM_LOGIN_REQUIRED until Link's update mode repairs the Item (as /sandbox/item/reset_login).",
        destination(item)
    );
    action_form(
        operator,
        &Action {
            url: item_url(operator, item, "reset-login"),
            title: "Reset login",
            effect,
            button: "Reset login",
            danger: false,
        },
        &html! {},
    )
}

fn error_effect(item: &ItemRecord, code: &str, sends_webhook: bool) -> String {
    let webhook = if sends_webhook {
        format!(
            "Fires ITEM ERROR ({code}) to {} and makes",
            destination(item)
        )
    } else {
        "Sends no webhook (an institution's errors are transient) and makes".to_owned()
    };
    format!(
        "{webhook} /accounts/get and every data endpoint answer {code}; /item/get shows it until cleared."
    )
}

fn set_error(operator: &Operator, item: &ItemRecord) -> Markup {
    let codes = settable_item_errors();
    let mut effects: serde_json::Map<String, serde_json::Value> = codes
        .iter()
        .map(|code| {
            let effect = error_effect(item, code.as_str(), sends_item_error_webhook(*code));
            (code.as_str().to_owned(), effect.into())
        })
        .collect();
    let clear = format!(
        "Clears the Item's error: data endpoints answer again; a broken login is marked repaired and ITEM \
         LOGIN_REPAIRED goes to {}.",
        destination(item)
    );
    effects.insert(String::new(), clear.clone().into());
    let first = codes
        .first()
        .map(|code| error_effect(item, code.as_str(), sends_item_error_webhook(*code)))
        .unwrap_or_default();
    let effect_id = "set-error-effect";
    html! {
        div.action {
            h3 { "Set an Item error" }
            p.effect #(effect_id) aria-live="polite" { (first) }
            form method="post" action=(item_url(operator, item, "error")) data-confirm=(first) {
                (super::layout::csrf_field(operator))
                label for="error-code" { "Error" }
                select #error-code name="error_code" data-effects=(serde_json::Value::Object(effects)) data-effect-target=(effect_id) {
                    @for code in &codes { option value=(code.as_str()) { (code.as_str()) " (" (code.error_type().as_str()) ")" } }
                    option value="" { "(none: clear the error)" }
                }
                p { button type="submit" { "Set error" } }
            }
            p.effect { "Clearing: " (clear) }
        }
    }
}

fn remove(operator: &Operator, item: &ItemRecord) -> Markup {
    action_form(
        operator,
        &Action {
            url: item_url(operator, item, "remove"),
            title: "Remove the Item",
            effect: "Removes the Item with its accounts and tokens, as /item/remove: its access token answers \
                     INVALID_ACCESS_TOKEN from now on."
                .to_owned(),
            button: "Remove Item",
            danger: true,
        },
        &html! {},
    )
}

fn money(value: Option<&Money>) -> String {
    value.map(ToString::to_string).unwrap_or_default()
}

fn account_card(operator: &Operator, item: &ItemRecord, account: &Account) -> Markup {
    let base = operator.url(&format!(
        "/items/{}/accounts/{}",
        item.item_id, account.account_id
    ));
    let balances = &account.balances;
    let id = account.account_id.as_str();
    html! {
        div.card {
            h3 { (account.name) " " span.muted { "••" (account.mask.as_deref().unwrap_or("")) " · " (serde_json::to_value(account.account_type).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()) " " (account.subtype.as_ref().map_or("", |s| s.as_str())) } }
            p.mono.muted { (id) }
            dl.facts {
                dt { "Balances" } dd { "available " (money(balances.available.as_ref())) " · current " (money(balances.current.as_ref())) " · limit " (money(balances.limit.as_ref())) " " (balances.iso_currency_code.as_deref().unwrap_or("")) }
                dt { "Numbers" } dd { (numbers(&account.numbers)) }
                @for (index, owner) in account.owners.iter().enumerate() {
                    dt { "Owner " (index + 1) }
                    dd { (owner.names.join(", ")) @for address in &owner.addresses { br; span.muted { (address.data.street) ", " (address.data.city.as_deref().unwrap_or("")) " " (address.data.region.as_deref().unwrap_or("")) " " (address.data.postal_code.as_deref().unwrap_or("")) " " (address.data.country.as_deref().unwrap_or("")) @if address.primary { " (primary)" } } } }
                }
            }
            div.actions {
                (action_form(operator, &Action {
                    url: format!("{base}/balances"),
                    title: "Change balances",
                    effect: format!("Sets {}'s balances: /accounts/get and /accounts/balance/get answer them from now on (no webhook: Plaid sends none for balances).", account.name),
                    button: "Save balances",
                    danger: false,
                }, &html! {
                    div.row {
                        div { label for=(format!("available-{id}")) { "Available" } input type="text" inputmode="decimal" id=(format!("available-{id}")) name="available" value=(money(balances.available.as_ref())); }
                        div { label for=(format!("current-{id}")) { "Current" } input type="text" inputmode="decimal" id=(format!("current-{id}")) name="current" value=(money(balances.current.as_ref())); }
                        div { label for=(format!("limit-{id}")) { "Limit" } input type="text" inputmode="decimal" id=(format!("limit-{id}")) name="limit" value=(money(balances.limit.as_ref())); }
                    }
                }))
                @if !account.owners.is_empty() {
                    (address_form(operator, item, account, &base))
                }
            }
        }
    }
}

fn address_form(operator: &Operator, item: &ItemRecord, account: &Account, base: &str) -> Markup {
    let id = account.account_id.as_str();
    let current = account
        .owners
        .first()
        .and_then(|owner| {
            owner
                .addresses
                .iter()
                .find(|a| a.primary)
                .or(owner.addresses.first())
        })
        .map(|address| address.data.clone());
    let field = |name: &str, label: &str, value: Option<&str>| {
        html! { div { label for=(format!("{name}-{id}")) { (label) } input type="text" id=(format!("{name}-{id}")) name=(name) value=(value.unwrap_or("")); } }
    };
    action_form(
        operator,
        &Action {
            url: format!("{base}/address"),
            title: "Change an owner's address",
            effect: format!(
                "Replaces the owner's primary address; /identity/get answers it and IDENTITY DEFAULT_UPDATE goes to {} \
                 (as the admin identity API).",
                destination(item)
            ),
            button: "Save address",
            danger: false,
        },
        &html! {
            label for=(format!("owner-{id}")) { "Owner" }
            select id=(format!("owner-{id}")) name="owner" {
                @for (index, owner) in account.owners.iter().enumerate() {
                    option value=(index) { (index + 1) ": " (owner.names.first().map_or("", String::as_str)) }
                }
            }
            div.row {
                (field("street", "Street", current.as_ref().map(|a| a.street.as_str())))
                (field("city", "City", current.as_ref().and_then(|a| a.city.as_deref())))
                (field("region", "Region", current.as_ref().and_then(|a| a.region.as_deref())))
                (field("postal_code", "Postal code", current.as_ref().and_then(|a| a.postal_code.as_deref())))
                (field("country", "Country", current.as_ref().and_then(|a| a.country.as_deref())))
            }
        },
    )
}

/// An account's numbers, one scheme a line.
fn numbers(numbers: &Numbers) -> Markup {
    html! {
        @if let Some(ach) = &numbers.ach {
            "ACH account " code { (ach.account) } " routing " code { (ach.routing) }
            @if let Some(wire) = &ach.wire_routing { " wire routing " code { (wire) } }
            br;
        }
        @if let Some(eft) = &numbers.eft {
            "EFT account " code { (eft.account) } " institution " code { (eft.institution) } " branch " code { (eft.branch) } br;
        }
        @if let Some(international) = &numbers.international {
            "IBAN " code { (international.iban) } " BIC " code { (international.bic) } br;
        }
        @if let Some(bacs) = &numbers.bacs {
            "BACS account " code { (bacs.account) } " sort code " code { (bacs.sort_code) } br;
        }
        @if !numbers.has_any() { "—" }
    }
}
