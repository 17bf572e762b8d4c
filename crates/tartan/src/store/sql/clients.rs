//! Clients as stored: the query and row mapping both read paths share.

use super::codec::{Columns, from_millis};
use crate::domain::tokens::SecretHash;
use crate::domain::{
    ApiVersion, ClientId, ClientRecord, ClockOffset, ErrorCode, FailureRules, Processor,
    RetiringSecret,
};
use crate::store::error::StoreError;

/// The column list once, for the constants below (`concat!` takes only literals).
macro_rules! client_columns {
    () => {
        "client_id, name, secret_hash, processor, created_at, api_version, previous_secret_hash, \
         previous_secret_expires_at"
    };
}

/// Every column of `clients`, in the order `save_client` binds them.
pub const CLIENT_COLUMNS: &str = client_columns!();

/// The columns a read returns: those `save_client` writes, and the sandbox controls that only their own
/// methods change (so a save never resets a client's clock).
macro_rules! client_select {
    () => {
        concat!(
            client_columns!(),
            ", clock_offset_ms, sandbox_failures, rate_limit_burst"
        )
    };
}

/// Every column a read of `clients` returns, for `client_from_row`.
pub const CLIENT_SELECT: &str = client_select!();

/// `$1`: the client id.
pub const CLIENT_BY_ID: &str = concat!(
    "SELECT ",
    client_select!(),
    " FROM clients WHERE client_id = $1"
);

pub fn client_from_row(row: &impl Columns) -> Result<ClientRecord, StoreError> {
    let processor = row.optional_text("processor")?;
    let previous_secret = match (
        row.optional_text("previous_secret_hash")?,
        row.optional_integer("previous_secret_expires_at")?,
    ) {
        (Some(hash), Some(until)) => Some(RetiringSecret {
            hash: SecretHash::from_stored(hash),
            expires_at: from_millis(until)?,
        }),
        _ => None,
    };
    Ok(ClientRecord {
        client_id: ClientId::from_stored(row.text("client_id")?),
        name: row.text("name")?,
        secret_hash: SecretHash::from_stored(row.text("secret_hash")?),
        processor: processor
            .map(|name| Processor::parse(&name).map_err(StoreError::Corrupt))
            .transpose()?,
        created_at: from_millis(row.integer("created_at")?)?,
        api_version: ApiVersion::parse(&row.text("api_version")?).map_err(StoreError::Corrupt)?,
        previous_secret,
        clock_offset: ClockOffset::from_millis(row.integer("clock_offset_ms")?)
            .ok_or_else(|| StoreError::Corrupt("clock_offset_ms out of range".into()))?,
        failures: row
            .optional_text("sandbox_failures")?
            .map(|text| failures_from_json(&text, row.integer("rate_limit_burst")?))
            .transpose()?,
    })
}

/// `sandbox_failures` as stored: `{"latency_ms", "error_percent", "error_code"}`.
pub fn failures_to_json(rules: &FailureRules) -> String {
    serde_json::json!({
        "latency_ms": rules.latency_ms,
        "error_percent": rules.error_percent,
        "error_code": rules.error_code.as_str(),
        "webhook_delay_secs": rules.webhook_delay_secs,
        "webhook_duplicate": rules.webhook_duplicate,
        "webhook_out_of_order": rules.webhook_out_of_order,
        "institution_errors": rules
            .institution_errors
            .iter()
            .map(|(id, code)| (id.clone(), serde_json::Value::from(code.as_str())))
            .collect::<serde_json::Map<_, _>>(),
    })
    .to_string()
}

pub fn failures_from_json(text: &str, burst: i64) -> Result<FailureRules, StoreError> {
    let corrupt = || StoreError::Corrupt(format!("sandbox_failures is not valid: {text}"));
    let value: serde_json::Value = serde_json::from_str(text).map_err(|_| corrupt())?;
    let number = |key: &str| value[key].as_u64().ok_or_else(corrupt);
    let latency_ms = u32::try_from(number("latency_ms")?).map_err(|_| corrupt())?;
    let error_percent = u8::try_from(number("error_percent")?).map_err(|_| corrupt())?;
    let error_code = value["error_code"]
        .as_str()
        .and_then(ErrorCode::parse)
        .ok_or_else(corrupt)?;
    let burst = u32::try_from(burst).map_err(|_| corrupt())?;
    let delay =
        u32::try_from(value["webhook_delay_secs"].as_u64().unwrap_or(0)).map_err(|_| corrupt())?;
    let duplicate = value["webhook_duplicate"].as_bool().unwrap_or(false);
    let out_of_order = value["webhook_out_of_order"].as_bool().unwrap_or(false);
    let institution_errors = value["institution_errors"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(id, code)| {
            code.as_str()
                .and_then(ErrorCode::parse)
                .map(|code| (id.clone(), code))
                .ok_or_else(corrupt)
        })
        .collect::<Result<_, _>>()?;
    FailureRules::with_burst(latency_ms, error_percent, error_code, burst)
        .and_then(|rules| rules.with_webhooks(delay, duplicate, out_of_order))
        .and_then(|rules| rules.with_institution_errors(institution_errors))
        .map_err(StoreError::Corrupt)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lookup_by_id_reads_every_column() {
        assert!(CLIENT_BY_ID.contains(CLIENT_SELECT));
        assert!(CLIENT_SELECT.starts_with(CLIENT_COLUMNS));
    }
}
