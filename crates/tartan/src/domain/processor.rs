//! Processor partners: the values of the `processor` enum of Plaid's `/processor/token/create`.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A processor partner Plaid knows (`dwolla`, `modern_treasury`, …). Stripe is not one: it has its own endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Processor(String);

const PROCESSORS: [&str; 75] = [
    "dwolla",
    "galileo",
    "modern_treasury",
    "ocrolus",
    "vesta",
    "drivewealth",
    "vopay",
    "achq",
    "check",
    "checkbook",
    "circle",
    "sila_money",
    "rize",
    "svb_api",
    "unit",
    "wyre",
    "lithic",
    "alpaca",
    "astra",
    "moov",
    "treasury_prime",
    "marqeta",
    "checkout",
    "solid",
    "highnote",
    "gemini",
    "apex_clearing",
    "gusto",
    "adyen",
    "atomic",
    "i2c",
    "wepay",
    "riskified",
    "utb",
    "adp_roll",
    "fortress_trust",
    "bond",
    "bakkt",
    "teal",
    "zero_hash",
    "taba_pay",
    "knot",
    "sardine",
    "alloy",
    "finix",
    "nuvei",
    "layer",
    "boom",
    "paynote",
    "stake",
    "wedbush",
    "esusu",
    "ansa",
    "scribeup",
    "straddle",
    "loanpro",
    "bloom_credit",
    "sfox",
    "brale",
    "parafin",
    "cardless",
    "open_ledger",
    "valon",
    "gainbridge",
    "cardlytics",
    "pinwheel",
    "thread_bank",
    "array",
    "fiant",
    "oatfi",
    "curinos",
    "frame",
    "interchecks",
    "interchange",
    "atomicfi",
];

impl Processor {
    pub fn parse(value: &str) -> Result<Self, String> {
        if PROCESSORS.contains(&value) {
            Ok(Self(value.to_owned()))
        } else {
            Err(format!(
                "`{value}` is not a processor Plaid supports (e.g. dwolla, modern_treasury, galileo)"
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Processor {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Processor> for String {
    fn from(value: Processor) -> Self {
        value.0
    }
}

impl fmt::Display for Processor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plaids_processors_parse() {
        assert_eq!(Processor::parse("dwolla").unwrap().as_str(), "dwolla");
        assert!(Processor::parse("modern_treasury").is_ok());
        for bad in ["stripe", "Dwolla", "", "dwolla "] {
            assert!(Processor::parse(bad).is_err(), "{bad:?}");
        }
        assert!(serde_json::from_str::<Processor>("\"acme\"").is_err());
    }
}
