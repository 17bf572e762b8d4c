//! Exact amounts: stored as decimal text, sent on the wire as a JSON number (as Plaid does).

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A currency amount. Exact in storage; a JSON number on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Money(Decimal);

impl Money {
    pub fn new(value: Decimal) -> Self {
        Self(value)
    }

    /// From a JSON number as parsed by serde. `f64`'s shortest round-trip form is the decimal the sender
    /// wrote (e.g. `23631.9805`), so going through it loses nothing a client could have meant.
    pub fn from_json_f64(value: f64) -> Option<Self> {
        if !value.is_finite() {
            return None;
        }
        Decimal::from_str(&value.to_string())
            .or_else(|_| Decimal::from_scientific(&format!("{value:e}")))
            .ok()
            .map(Self)
    }

    pub fn decimal(self) -> Decimal {
        self.0
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.normalize().fmt(f)
    }
}

impl FromStr for Money {
    type Err = rust_decimal::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Decimal::from_str(s).map(Self)
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0.to_i64() {
            Some(whole) if self.0.fract().is_zero() => serializer.serialize_i64(whole),
            _ => serializer.serialize_f64(self.0.to_f64().unwrap_or(f64::NAN)),
        }
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = f64::deserialize(deserializer)?;
        Self::from_json_f64(value).ok_or_else(|| serde::de::Error::custom("amount out of range"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_numbers_round_trip_exactly() {
        for text in ["23631.9805", "6543.23", "0.1", "56302.06", "43200", "-12.5"] {
            let money: Money = serde_json::from_str(text).unwrap();
            assert_eq!(money.to_string(), text);
            assert_eq!(serde_json::to_string(&money).unwrap(), text);
        }
    }

    #[test]
    fn whole_amounts_serialize_as_integers_like_plaid() {
        let money = Money::from_str("110.00").unwrap();
        assert_eq!(serde_json::to_string(&money).unwrap(), "110");
    }
}
