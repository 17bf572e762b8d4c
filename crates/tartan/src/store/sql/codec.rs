//! Conversions between domain values and the columns both backends share.

use chrono::{DateTime, Utc};

use crate::store::error::StoreError;

/// Times are stored as unix milliseconds: portable and comparable on both backends.
pub fn millis(time: DateTime<Utc>) -> i64 {
    time.timestamp_millis()
}

pub fn from_millis(value: i64) -> Result<DateTime<Utc>, StoreError> {
    DateTime::from_timestamp_millis(value)
        .ok_or_else(|| StoreError::Corrupt(format!("timestamp {value}")))
}

pub fn to_json<T: serde::Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|error| StoreError::Corrupt(error.to_string()))
}

pub fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(|error| StoreError::Corrupt(error.to_string()))
}
