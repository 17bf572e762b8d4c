//! A two-dimensional `text[]` in PostgreSQL's binary format (what `array_send` writes), which sqlx does not
//! decode: its arrays are one-dimensional. [`super::pg_reads`] aggregates an Item's account forms into one such
//! array, a row of form columns per account, so that PostgreSQL runs one ordered aggregate (one sort) where one
//! aggregate per column ran one sort each.

use crate::store::error::StoreError;

/// PostgreSQL's type oid of `text`.
const TEXT_OID: u32 = 25;

/// The rows of a two-dimensional `text[]` of `width` columns, each value `None` where the array holds a null.
/// An empty array (no dimensions) has no rows.
pub fn text_rows(bytes: &[u8], width: usize) -> Result<Vec<Vec<Option<String>>>, StoreError> {
    let mut input = Input(bytes);
    let dimensions = input.i32()?;
    let _has_nulls = input.i32()?;
    let element_type = input.u32()?;
    if dimensions == 0 {
        return input.end().map(|()| Vec::new());
    }
    if dimensions != 2 || element_type != TEXT_OID {
        return Err(corrupt(format!(
            "expected a two-dimensional text array, got {dimensions} dimensions of type {element_type}"
        )));
    }
    let (rows, _) = (input.length()?, input.i32()?);
    let (columns, _) = (input.length()?, input.i32()?);
    if columns != width {
        return Err(corrupt(format!("expected {width} columns, got {columns}")));
    }
    let mut read = Vec::with_capacity(rows);
    for _ in 0..rows {
        let row = (0..columns)
            .map(|_| input.text())
            .collect::<Result<Vec<_>, _>>()?;
        read.push(row);
    }
    input.end()?;
    Ok(read)
}

fn corrupt(message: String) -> StoreError {
    StoreError::Corrupt(format!("account forms array: {message}"))
}

struct Input<'a>(&'a [u8]);

impl<'a> Input<'a> {
    fn take(&mut self, count: usize) -> Result<&'a [u8], StoreError> {
        if self.0.len() < count {
            return Err(corrupt("truncated".into()));
        }
        let (taken, rest) = self.0.split_at(count);
        self.0 = rest;
        Ok(taken)
    }

    fn u32(&mut self) -> Result<u32, StoreError> {
        let bytes: [u8; 4] = self
            .take(4)?
            .try_into()
            .map_err(|_| corrupt("truncated".into()))?;
        Ok(u32::from_be_bytes(bytes))
    }

    fn i32(&mut self) -> Result<i32, StoreError> {
        Ok(self.u32()?.cast_signed())
    }

    /// A dimension's size or a value's length: never negative.
    fn length(&mut self) -> Result<usize, StoreError> {
        let value = self.i32()?;
        usize::try_from(value).map_err(|_| corrupt(format!("negative length {value}")))
    }

    /// A value: its length (-1: null), then its bytes, UTF-8 for `text`.
    fn text(&mut self) -> Result<Option<String>, StoreError> {
        if self.0.get(..4) == Some(&[0xff; 4]) {
            self.take(4)?;
            return Ok(None);
        }
        let length = self.length()?;
        let bytes = self.take(length)?;
        String::from_utf8(bytes.to_vec())
            .map(Some)
            .map_err(|_| corrupt("a value is not UTF-8".into()))
    }

    fn end(&self) -> Result<(), StoreError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(corrupt(format!(
                "{} bytes after the last value",
                self.0.len()
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use sqlx::postgres::PgValueFormat;
    use sqlx::{Connection, PgConnection, Row, ValueRef};

    use super::*;

    fn array(dimensions: &[i32], values: &[Option<&str>]) -> Vec<u8> {
        let mut bytes = Vec::new();
        bytes.extend(i32::try_from(dimensions.len()).unwrap().to_be_bytes());
        bytes.extend(i32::from(values.iter().any(Option::is_none)).to_be_bytes());
        bytes.extend(TEXT_OID.to_be_bytes());
        for size in dimensions {
            bytes.extend(size.to_be_bytes());
            bytes.extend(1i32.to_be_bytes());
        }
        for value in values {
            match value {
                None => bytes.extend((-1i32).to_be_bytes()),
                Some(text) => {
                    bytes.extend(i32::try_from(text.len()).unwrap().to_be_bytes());
                    bytes.extend(text.as_bytes());
                }
            }
        }
        bytes
    }

    #[test]
    fn reads_rows_with_nulls_in_order() {
        let bytes = array(
            &[2, 3],
            &[Some("a"), None, Some("ü"), Some(""), Some("e"), None],
        );
        let rows = text_rows(&bytes, 3).unwrap();
        let some = |text: &str| Some(text.to_owned());
        assert_eq!(
            rows,
            vec![
                vec![some("a"), None, some("ü")],
                vec![some(""), some("e"), None]
            ]
        );
    }

    #[test]
    fn rejects_what_is_not_a_matrix_of_the_width() {
        assert!(text_rows(&array(&[2, 3], &[Some("a"); 6]), 4).is_err());
        assert!(text_rows(&array(&[6], &[Some("a"); 6]), 6).is_err());
        let mut truncated = array(&[1, 2], &[Some("ab"), Some("cd")]);
        truncated.pop();
        assert!(text_rows(&truncated, 2).is_err());
        let mut trailing = array(&[1, 1], &[Some("ab")]);
        trailing.push(0);
        assert!(text_rows(&trailing, 1).is_err());
        assert_eq!(
            text_rows(&array(&[], &[]), 3).unwrap(),
            Vec::<Vec<_>>::new()
        );
    }

    /// What PostgreSQL sends for an aggregate of text arrays reads back as the rows it aggregated, in order.
    #[tokio::test]
    async fn reads_what_postgresql_aggregates() {
        let Ok(url) = std::env::var("TARTAN_TEST_POSTGRES_URL") else {
            return;
        };
        let mut connection = PgConnection::connect(&url).await.unwrap();
        let row = sqlx::query(
            "SELECT array_agg(ARRAY[v.a, v.b] ORDER BY v.n) FROM (VALUES (2, 'c', NULL), (1, 'a', 'b'), \
             (3, NULL, '{\"x\": \"y, z\"}')) v(n, a, b)",
        )
        .fetch_one(&mut connection)
        .await
        .unwrap();
        let value = row.try_get_raw(0).unwrap();
        assert!(!value.is_null());
        assert_eq!(value.format(), PgValueFormat::Binary);
        let some = |text: &str| Some(text.to_owned());
        assert_eq!(
            text_rows(value.as_bytes().unwrap(), 2).unwrap(),
            vec![
                vec![some("a"), some("b")],
                vec![some("c"), None],
                vec![None, some("{\"x\": \"y, z\"}")],
            ]
        );
    }
}
