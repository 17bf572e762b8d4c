//! `override_accounts[].numbers`: account, ACH, EFT, IBAN/BIC and BACS numbers, checked the way
//! Plaid's schema describes them (spec `Numbers`, reference §8.4) and turned into Auth's rails.

use super::json::{Node, invalid, string};
use crate::domain::{AchNumbers, BacsNumbers, EftNumbers, InternationalNumbers, Numbers};
use crate::sandbox::error::SandboxError;

/// The parsed `numbers` object of one account.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NumbersOverride {
    /// `account`, or the IBAN when `account` is not given (the spec: the IBAN "will also be used as the
    /// account number by default"). Also the source of the default mask.
    pub account: Option<String>,
    /// The rails the given numbers complete: `account` + `ach_routing` ⇒ ACH, `account` +
    /// `eft_institution` + `eft_branch` ⇒ EFT, `international_bic` + `international_iban` ⇒ international,
    /// `account` + `bacs_sort_code` ⇒ BACS. An account given alone makes no rail.
    pub rails: Numbers,
}

/// Parses `numbers` (an object; every member optional and nullable).
///
/// Checks: `account` is non-empty without whitespace; `ach_routing` and `ach_wire_routing` are 9-digit ABA
/// routing numbers with a valid checksum; `eft_institution` is 3 digits and `eft_branch` 5, given together;
/// `international_iban` passes the ISO 13616 mod-97 check and `international_bic` is an 8- or 11-character
/// BIC, given together; `bacs_sort_code` is 6 digits (hyphens such as `12-34-56` are dropped). IBANs and
/// BICs are normalised to upper case without spaces. A routing number, EFT pair or sort code needs an
/// account number; a wire routing number needs an ACH routing number.
pub(super) fn parse(node: &Node<'_>) -> Result<NumbersOverride, SandboxError> {
    node.object()?;
    let explicit_account = string(node, "account")?;
    let malformed = |account: &str| account.is_empty() || account.chars().any(char::is_whitespace);
    if explicit_account.as_deref().is_some_and(malformed) {
        return Err(invalid(
            &node.key_path("account"),
            "must be non-empty, without spaces",
        ));
    }
    let international = international(node)?;
    let account = explicit_account.or_else(|| international.as_ref().map(|i| i.iban.clone()));
    let rails = Numbers {
        ach: ach(node, account.as_deref())?,
        eft: eft(node, account.as_deref())?,
        international,
        bacs: bacs(node, account.as_deref())?,
    };
    Ok(NumbersOverride { account, rails })
}

/// The account number a rail needs: an error naming the rail's key when there is none.
fn account_for(node: &Node<'_>, account: Option<&str>, key: &str) -> Result<String, SandboxError> {
    account
        .map(str::to_owned)
        .ok_or_else(|| node.error(format_args!("{key} needs an account number (`account`)")))
}

fn international(node: &Node<'_>) -> Result<Option<InternationalNumbers>, SandboxError> {
    match (
        string(node, "international_bic")?,
        string(node, "international_iban")?,
    ) {
        (None, None) => Ok(None),
        (Some(bic), Some(iban)) => Ok(Some(InternationalNumbers {
            iban: parse_iban(&iban)
                .map_err(|e| invalid(&node.key_path("international_iban"), e))?,
            bic: parse_bic(&bic).map_err(|e| invalid(&node.key_path("international_bic"), e))?,
        })),
        _ => Err(node.error("international_bic and international_iban must be given together")),
    }
}

fn ach(node: &Node<'_>, account: Option<&str>) -> Result<Option<AchNumbers>, SandboxError> {
    let aba =
        |key: &str, routing: &str| check_aba(routing).map_err(|e| invalid(&node.key_path(key), e));
    match (
        string(node, "ach_routing")?,
        string(node, "ach_wire_routing")?,
    ) {
        (None, None) => Ok(None),
        (None, Some(_)) => Err(node.error("ach_wire_routing needs ach_routing")),
        (Some(routing), wire_routing) => Ok(Some(AchNumbers {
            account: account_for(node, account, "ach_routing")?,
            routing: aba("ach_routing", &routing)?,
            wire_routing: wire_routing
                .map(|wire| aba("ach_wire_routing", &wire))
                .transpose()?,
        })),
    }
}

fn eft(node: &Node<'_>, account: Option<&str>) -> Result<Option<EftNumbers>, SandboxError> {
    match (
        string(node, "eft_institution")?,
        string(node, "eft_branch")?,
    ) {
        (None, None) => Ok(None),
        (Some(institution), Some(branch)) => {
            let account = account_for(node, account, "eft_institution")?;
            if !is_digits(&institution, 3) {
                return Err(invalid(
                    &node.key_path("eft_institution"),
                    "must be 3 digits",
                ));
            }
            if !is_digits(&branch, 5) {
                return Err(invalid(&node.key_path("eft_branch"), "must be 5 digits"));
            }
            Ok(Some(EftNumbers {
                account,
                institution,
                branch,
            }))
        }
        _ => Err(node.error("eft_institution and eft_branch must be given together")),
    }
}

fn bacs(node: &Node<'_>, account: Option<&str>) -> Result<Option<BacsNumbers>, SandboxError> {
    let Some(sort_code) = string(node, "bacs_sort_code")? else {
        return Ok(None);
    };
    let account = account_for(node, account, "bacs_sort_code")?;
    let sort_code: String = sort_code.chars().filter(|c| *c != '-').collect();
    if !is_digits(&sort_code, 6) {
        return Err(invalid(
            &node.key_path("bacs_sort_code"),
            "must be 6 digits",
        ));
    }
    Ok(Some(BacsNumbers { account, sort_code }))
}

fn is_digits(text: &str, len: usize) -> bool {
    text.len() == len && text.bytes().all(|b| b.is_ascii_digit())
}

/// A US ABA routing number: 9 digits, not all zero, whose 3-7-1 weighted digit sum is a multiple of 10.
pub fn check_aba(routing: &str) -> Result<String, String> {
    if !is_digits(routing, 9) {
        return Err(format!("`{routing}` is not a 9-digit routing number"));
    }
    let digits = routing.bytes().map(|b| u32::from(b - b'0'));
    let sum: u32 = digits
        .zip([3, 7, 1].into_iter().cycle())
        .map(|(d, w)| d * w)
        .sum();
    if !sum.is_multiple_of(10) || sum == 0 {
        return Err(format!(
            "`{routing}` is not a valid ABA routing number (checksum)"
        ));
    }
    Ok(routing.to_owned())
}

/// An IBAN in electronic form: country code, check digits and up to 30 alphanumerics (15–34 characters
/// in all) that pass the ISO 13616 mod-97 check. Spaces are dropped and letters upper-cased.
pub fn parse_iban(text: &str) -> Result<String, String> {
    let iban: String = text
        .chars()
        .filter(|c| *c != ' ')
        .collect::<String>()
        .to_ascii_uppercase();
    let bytes = iban.as_bytes();
    let shaped = (15..=34).contains(&bytes.len())
        && bytes[..2].iter().all(u8::is_ascii_uppercase)
        && bytes[2..4].iter().all(u8::is_ascii_digit)
        && bytes.iter().all(u8::is_ascii_alphanumeric);
    if !shaped {
        return Err(format!("`{text}` is not an IBAN"));
    }
    let rearranged = bytes[4..].iter().chain(&bytes[..4]);
    let remainder = rearranged.fold(0u32, |acc, &b| {
        if b.is_ascii_digit() {
            (acc * 10 + u32::from(b - b'0')) % 97
        } else {
            (acc * 100 + u32::from(b - b'A' + 10)) % 97
        }
    });
    if remainder != 1 {
        return Err(format!("`{text}` is not a valid IBAN (check digits)"));
    }
    Ok(iban)
}

/// A BIC (ISO 9362): 4-letter institution, 2-letter country, 2-character location, and an optional
/// 3-character branch. Letters are upper-cased.
pub fn parse_bic(text: &str) -> Result<String, String> {
    let bic = text.to_ascii_uppercase();
    let bytes = bic.as_bytes();
    let shaped = matches!(bytes.len(), 8 | 11)
        && bytes[..6].iter().all(u8::is_ascii_uppercase)
        && bytes[6..].iter().all(u8::is_ascii_alphanumeric);
    if shaped {
        Ok(bic)
    } else {
        Err(format!("`{text}` is not an 8- or 11-character BIC"))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn numbers(json: &str) -> Result<NumbersOverride, String> {
        let value: serde_json::Value = serde_json::from_str(json).unwrap();
        let path = "numbers".to_owned();
        parse(&Node::at(&value, &path)).map_err(|e| e.to_string())
    }

    #[test]
    fn account_and_routing_make_ach() {
        let parsed =
            numbers(r#"{"account":"1111222233335555","ach_routing":"122105155","ach_wire_routing":"021000021"}"#)
                .unwrap();
        let ach = parsed.rails.ach.unwrap();
        assert_eq!(
            (ach.account.as_str(), ach.routing.as_str()),
            ("1111222233335555", "122105155")
        );
        assert_eq!(ach.wire_routing.as_deref(), Some("021000021"));
        assert_eq!(
            (
                parsed.rails.eft,
                parsed.rails.bacs,
                parsed.rails.international
            ),
            (None, None, None)
        );
    }

    #[test]
    fn routing_numbers_must_pass_the_aba_checksum() {
        for ok in [
            "011401533",
            "021000021",
            "122105155",
            "322271627",
            "110000000",
            "333333334",
        ] {
            assert!(check_aba(ok).is_ok(), "{ok}");
        }
        for bad in ["122105156", "12210515", "12210515a", "000000000", ""] {
            assert!(check_aba(bad).is_err(), "{bad}");
        }
        let error = numbers(r#"{"account":"1","ach_routing":"123456789"}"#).unwrap_err();
        assert_eq!(
            error,
            "numbers.ach_routing: `123456789` is not a valid ABA routing number (checksum)"
        );
        let error = numbers(r#"{"account":"1","ach_routing":"122105155","ach_wire_routing":"1"}"#)
            .unwrap_err();
        assert!(error.starts_with("numbers.ach_wire_routing: "), "{error}");
    }

    #[test]
    fn rails_need_their_partners() {
        let cases = [
            (
                r#"{"account":"1","eft_institution":"114"}"#,
                "numbers: eft_institution and eft_branch must be given together",
            ),
            (
                r#"{"eft_branch":"01533","account":"1"}"#,
                "numbers: eft_institution and eft_branch must be given together",
            ),
            (
                r#"{"international_iban":"IE29AIBK93115212345678"}"#,
                "numbers: international_bic and international_iban must be given together",
            ),
            (
                r#"{"ach_routing":"122105155"}"#,
                "numbers: ach_routing needs an account number (`account`)",
            ),
            (
                r#"{"account":"1","ach_wire_routing":"021000021"}"#,
                "numbers: ach_wire_routing needs ach_routing",
            ),
            (
                r#"{"bacs_sort_code":"123456"}"#,
                "numbers: bacs_sort_code needs an account number (`account`)",
            ),
            (
                r#"{"account":"1","eft_institution":"1140","eft_branch":"01533"}"#,
                "numbers.eft_institution: must be 3 digits",
            ),
            (
                r#"{"account":"1","eft_institution":"114","eft_branch":"1533"}"#,
                "numbers.eft_branch: must be 5 digits",
            ),
            (
                r#"{"account":"1","bacs_sort_code":"12345"}"#,
                "numbers.bacs_sort_code: must be 6 digits",
            ),
            (
                r#"{"account":""}"#,
                "numbers.account: must be non-empty, without spaces",
            ),
            (
                r#"{"account":12}"#,
                "numbers.account: expected a string, found a number",
            ),
            ("[]", "numbers: expected an object, found an array"),
        ];
        for (json, expected) in cases {
            assert_eq!(numbers(json).unwrap_err(), expected, "{json}");
        }
    }

    #[test]
    fn eft_and_bacs_use_the_account_number() {
        let parsed =
            numbers(r#"{"account":"111122220000","eft_institution":"114","eft_branch":"01533"}"#)
                .unwrap();
        let eft = parsed.rails.eft.unwrap();
        assert_eq!(
            (
                eft.account.as_str(),
                eft.institution.as_str(),
                eft.branch.as_str()
            ),
            ("111122220000", "114", "01533")
        );
        let parsed = numbers(r#"{"account":"123456","bacs_sort_code":"12-34-56"}"#).unwrap();
        let bacs = parsed.rails.bacs.unwrap();
        assert_eq!(
            (bacs.account.as_str(), bacs.sort_code.as_str()),
            ("123456", "123456")
        );
        let parsed = numbers(r#"{"account":"123456"}"#).unwrap();
        assert_eq!(
            (parsed.account.as_deref(), parsed.rails),
            (Some("123456"), Numbers::default())
        );
    }

    #[test]
    fn the_iban_doubles_as_the_account_number() {
        let parsed = numbers(
            r#"{"international_bic":"bofiie2d","international_iban":"IE29 AIBK 9311 5212 3456 78","ach_routing":"122105155"}"#,
        )
        .unwrap();
        assert_eq!(parsed.account.as_deref(), Some("IE29AIBK93115212345678"));
        let international = parsed.rails.international.unwrap();
        assert_eq!(
            (international.iban.as_str(), international.bic.as_str()),
            ("IE29AIBK93115212345678", "BOFIIE2D")
        );
        assert_eq!(parsed.rails.ach.unwrap().account, "IE29AIBK93115212345678");
        let parsed = numbers(r#"{"account":"9","international_bic":"NWBKGB21","international_iban":"GB29NWBK60161331926819"}"#).unwrap();
        assert_eq!(parsed.account.as_deref(), Some("9"));
    }

    #[test]
    fn ibans_and_bics_are_checked() {
        for ok in [
            "IE29AIBK93115212345678",
            "IE64IRCE92050112345678",
            "GB29NWBK60161331926819",
            "DE89370400440532013000",
        ] {
            assert!(parse_iban(ok).is_ok(), "{ok}");
        }
        for bad in [
            "IE29AIBK93115212345679",
            "IE2",
            "1E29AIBK93115212345678",
            "IE29AIBK9311521234567!",
        ] {
            assert!(parse_iban(bad).is_err(), "{bad}");
        }
        for ok in ["BOFIIE2D", "NWBKGB21", "DEUTDEFF500"] {
            assert!(parse_bic(ok).is_ok(), "{ok}");
        }
        for bad in ["BOFIIE2", "B0FIIE2D", "DEUTDEFF50", "DEUTDEFF5000"] {
            assert!(parse_bic(bad).is_err(), "{bad}");
        }
        let error = numbers(
            r#"{"international_bic":"BOFIIE2D","international_iban":"IE29AIBK93115212345679"}"#,
        )
        .unwrap_err();
        assert_eq!(
            error,
            "numbers.international_iban: `IE29AIBK93115212345679` is not a valid IBAN (check digits)"
        );
    }
}
