//! Balance freshness as Plaid has it. Balances are real-time everywhere except at Capital One (`ins_128026`),
//! whose non-depository balances (credit cards, loans, …) are a daily snapshot; there, and only there,
//! `options.min_last_updated_datetime` is required and enforced, and `last_updated_datetime` is reported.

use chrono::{DateTime, Duration, SecondsFormat, Utc};

use crate::domain::ItemRecord;
use crate::domain::{Account, AccountType};
use crate::http::ApiError;
use crate::wire::{AccountBase, AccountsBalanceGetRequestOptions};

const CAPITAL_ONE: &str = "ins_128026";

/// When the account's balance was last refreshed, if that is not "now": at Capital One a non-depository
/// balance is a daily snapshot, taken when the Item was linked and every 24 hours after, by the client's
/// clock `now` (so advancing the sandbox clock moves it).
fn snapshot_time(
    item: &ItemRecord,
    account_type: AccountType,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let at_capital_one = item.institution_id.as_deref() == Some(CAPITAL_ONE);
    let whole_days = (now - item.created_at).num_days().max(0);
    (at_capital_one && account_type != AccountType::Depository)
        .then(|| item.created_at + Duration::days(whole_days))
}

/// Checks `options.min_last_updated_datetime` against the accounts about to be returned (their types).
pub fn check_freshness(
    options: Option<&AccountsBalanceGetRequestOptions>,
    item: &ItemRecord,
    account_types: impl IntoIterator<Item = AccountType>,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let wanted = options
        .and_then(|options| options.min_last_updated_datetime.as_deref())
        .map(|text| {
            DateTime::parse_from_rfc3339(text).map(|time| time.with_timezone(&Utc)).map_err(|_| {
                ApiError::InvalidField(format!(
                    "options.min_last_updated_datetime must be an ISO 8601 date-time like 2026-11-21T10:00:00Z, got `{text}`"
                ))
            })
        })
        .transpose()?;
    for snapshot in account_types
        .into_iter()
        .filter_map(|account_type| snapshot_time(item, account_type, now))
    {
        match wanted {
            None => {
                return Err(ApiError::InvalidField(
                    "options.min_last_updated_datetime is required for non-depository accounts at Capital One (ins_128026)"
                        .into(),
                ));
            }
            Some(wanted) if wanted > snapshot => {
                return Err(ApiError::LastUpdatedDatetimeOutOfRange);
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// The account as balance endpoints report it, with `last_updated_datetime` where the institution has one.
pub fn with_balance_time<O>(
    item: &ItemRecord,
    account: &Account<O>,
    now: DateTime<Utc>,
) -> AccountBase {
    let mut base = AccountBase::from(account);
    base.balances.last_updated_datetime = balance_time(item, account.account_type, now);
    base
}

/// An account's `last_updated_datetime` as balance endpoints report it: where the institution has one.
pub fn balance_time(
    item: &ItemRecord,
    account_type: AccountType,
    now: DateTime<Utc>,
) -> Option<String> {
    snapshot_time(item, account_type, now)
        .map(|time| time.to_rfc3339_opts(SecondsFormat::Secs, true))
}
