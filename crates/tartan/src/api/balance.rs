//! Balance freshness as Plaid has it. Balances are real-time everywhere except at Capital One (`ins_128026`),
//! whose non-depository balances (credit cards, loans, …) are a daily snapshot; there, and only there,
//! `options.min_last_updated_datetime` is required and enforced, and `last_updated_datetime` is reported.

use chrono::{DateTime, SecondsFormat, Utc};

use crate::domain::ItemRecord;
use crate::domain::{Account, AccountType};
use crate::http::ApiError;
use crate::wire::{AccountBase, AccountsBalanceGetRequestOptions};

const CAPITAL_ONE: &str = "ins_128026";

/// When the account's balance was last refreshed, if that is not "now": at Capital One a non-depository
/// balance is the snapshot taken when the Item was linked.
fn snapshot_time<O>(item: &ItemRecord, account: &Account<O>) -> Option<DateTime<Utc>> {
    let at_capital_one = item.institution_id.as_deref() == Some(CAPITAL_ONE);
    (at_capital_one && account.account_type != AccountType::Depository).then_some(item.created_at)
}

/// Checks `options.min_last_updated_datetime` against the accounts about to be returned.
pub fn check_freshness<O>(
    options: Option<&AccountsBalanceGetRequestOptions>,
    item: &ItemRecord,
    accounts: &[Account<O>],
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
    for snapshot in accounts
        .iter()
        .filter_map(|account| snapshot_time(item, account))
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
pub fn with_balance_time<O>(item: &ItemRecord, account: &Account<O>) -> AccountBase {
    let mut base = AccountBase::from(account);
    base.balances.last_updated_datetime =
        snapshot_time(item, account).map(|time| time.to_rfc3339_opts(SecondsFormat::Secs, true));
    base
}
