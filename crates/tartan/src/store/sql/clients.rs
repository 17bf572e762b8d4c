//! Clients as stored: the query and row mapping both read paths share.

use super::codec::{Columns, from_millis};
use crate::domain::tokens::SecretHash;
use crate::domain::{ClientId, ClientRecord, Processor};
use crate::store::error::StoreError;

/// `$1`: the client id.
pub const CLIENT_BY_ID: &str =
    "SELECT client_id, name, secret_hash, processor, created_at FROM clients WHERE client_id = $1";

pub fn client_from_row(row: &impl Columns) -> Result<ClientRecord, StoreError> {
    let processor = row.optional_text("processor")?;
    Ok(ClientRecord {
        client_id: ClientId::from_stored(row.text("client_id")?),
        name: row.text("name")?,
        secret_hash: SecretHash::from_stored(row.text("secret_hash")?),
        processor: processor
            .map(|name| Processor::parse(&name).map_err(StoreError::Corrupt))
            .transpose()?,
        created_at: from_millis(row.integer("created_at")?)?,
    })
}
