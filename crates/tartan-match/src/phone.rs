//! Phone-number matching with libphonenumber's rules (the `phonenumber` crate): both sides are parsed in the
//! request's default region and compared as country code + national significant number + extension.
//!
//! Validity: libphonenumber's strict check rejects numbers in unassigned ranges, such as Plaid's sandbox
//! `+1-111-222-3333` (area code 111 does not exist), which the sandbox nevertheless scores 100. So a number that
//! parses but fails the strict check is kept when its national number has a *possible* length for its country; the
//! national number is then read from the written digits, because libphonenumber's national-prefix stripping
//! mangles such numbers ("1112223333" would lose its leading 1s).

use std::borrow::Cow;
use std::cell::RefCell;

use phonenumber::country::Id;
use phonenumber::metadata::DATABASE;
use unicode_normalization::UnicodeNormalization;

use crate::numbering;
use crate::text::{osa_distance, present};
use crate::{FieldMatch, MatchError, MatchOwner};

/// Same number, one side with an extension and the other without.
const EXTENSION_MISSING: u8 = 90;
/// Same number, two different extensions (one switchboard, two desks).
const EXTENSION_DIFFERS: u8 = 72;
/// Same national digits under two country codes.
const COUNTRY_DIFFERS: u8 = 60;
/// Different numbers one digit or one adjacent swap apart: more likely a mistyped number than a relative's, but
/// still a different line, so below the match threshold.
const ONE_DIGIT_OFF: u8 = 55;
/// Same subscriber digits (the last seven) in another area.
const OTHER_AREA: u8 = 50;

/// A phone number reduced to what identifies the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Phone {
    code: u16,
    national: String,
    extension: Option<String>,
}

/// Why a user phone number is refused; rendered into [`MatchError::InvalidPhoneNumber`].
fn invalid(region: Id, why: &str) -> MatchError {
    MatchError::InvalidPhoneNumber(format!(
        "user.phone_number {why} (default region {region:?})"
    ))
}

/// Longest text read as a phone number: E.164 allows 15 digits, so with formatting and an extension anything
/// longer is not a phone number, and refusing it early keeps libphonenumber's parser off long inputs.
pub const MAX_PHONE_CHARS: usize = 64;

/// Parses `raw` in `region`, keeping strictly valid numbers and, failing that, numbers of a possible length.
///
/// What sign-up forms produce is read too: full-width digits, a `(0)` trunk prefix after the country code
/// (`+44 (0)20 …`), the `00` international prefix, `;ext=` and extensions labelled in any language (the digits
/// after the number are the extension).
pub(crate) fn parse(raw: &str, region: Id) -> Result<Phone, MatchError> {
    match plain_nanp(raw, region) {
        Some(phone) => Ok(phone),
        None => parse_any(raw, region),
    }
}

/// [`parse`] through libphonenumber's parser, for every form.
fn parse_any(raw: &str, region: Id) -> Result<Phone, MatchError> {
    if raw.chars().count() > MAX_PHONE_CHARS {
        return Err(invalid(region, "is too long to be a phone number"));
    }
    let text = tidy(raw);
    let mut outcome = parse_written(&text, region);
    if outcome.is_err()
        && let Some(rest) = text.trim_start().strip_prefix("00")
    {
        outcome = parse_written(&format!("+{rest}"), region);
    }
    if outcome.is_err() {
        let main = main_part(&text);
        let extension: String = text[main.len()..]
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        if main.len() < text.len() {
            outcome = parse_written(main, region).map(|phone| Phone {
                extension: Some(extension).filter(|e| !e.is_empty()),
                ..phone
            });
        }
    }
    outcome
}

/// The common case read without libphonenumber's parser (≈ 14k instructions a number): ten digits written as
/// `AAA EEE LLLL`, the area code optionally in parentheses, the groups optionally separated by one space, hyphen
/// or dot; after `+1` and a separator or parenthesis, as `+1` and the ten digits alone (E.164), or, in the US,
/// with no country code. [`parse`] reads such a number as `+1` and its ten digits
/// whether or not it is strictly valid (a valid number's national number is its ten digits; an invalid one is
/// kept by its written digits, ten being a possible length for +1). The proptests below compare this with the
/// parser on these forms and on text near them; `None` sends anything else to the parser.
fn plain_nanp(raw: &str, region: Id) -> Option<Phone> {
    let mut rest = raw.as_bytes();
    let with_code = rest.starts_with(b"+1");
    if let Some(after) = rest.strip_prefix(b"+1") {
        // Digits right after the country code are read by the parser in ways that depend on the punctuation
        // further on ("+1200-000-0000" is refused): only the E.164 form is taken without a separator.
        let e164 = after.len() == 10 && after.iter().all(u8::is_ascii_digit);
        if !e164
            && !after.starts_with(b" ")
            && !after.starts_with(b"-")
            && !after.starts_with(b".")
            && !after.starts_with(b"(")
        {
            return None;
        }
        rest = skip_separator(after);
    } else if region != Id::US {
        // Without a country code, ten digits are a +1 number only where the default region says so.
        return None;
    }
    let mut national = String::with_capacity(10);
    rest = match rest.strip_prefix(b"(") {
        Some(after) => {
            let after = take_digits(after, 3, &mut national)?.strip_prefix(b")")?;
            after.strip_prefix(b" ").unwrap_or(after)
        }
        None => skip_separator(take_digits(rest, 3, &mut national)?),
    };
    rest = skip_separator(take_digits(rest, 3, &mut national)?);
    rest = take_digits(rest, 4, &mut national)?;
    // A leading 0 is an international or trunk prefix to the parser. A leading 1 is the country code or the
    // national prefix: the parser strips up to three 1s and refuses the number when only zeros are left
    // ("+1 110 000 0000", "111 000 0000"); a nonzero digit after the area code keeps such numbers readable
    // (Plaid's sandbox 111-222-3333). Without a country code, "111" then "310" is the exception: the parser reads
    // the first 1 as the country code, strips two national prefixes and keeps the valid 7-digit 310-xxxx number
    // left (an exhaustive scan of 111xxxxxxx found no other).
    let readable = match national.as_bytes() {
        [b'0', ..] => false,
        [b'1', b'1', b'1', b'3', b'1', b'0', ..] if !with_code => false,
        [b'1', _, _, rest @ ..] => rest.iter().any(|&digit| digit != b'0'),
        _ => true,
    };
    (rest.is_empty() && readable).then_some(Phone {
        code: 1,
        national,
        extension: None,
    })
}

/// `text` after `count` ASCII digits, which are appended to `digits`.
fn take_digits<'t>(text: &'t [u8], count: usize, digits: &mut String) -> Option<&'t [u8]> {
    let group = text.get(..count)?;
    if !group.iter().all(u8::is_ascii_digit) {
        return None;
    }
    digits.extend(group.iter().map(|&b| char::from(b)));
    Some(&text[count..])
}

/// `text` without one leading space, hyphen or dot.
fn skip_separator(text: &[u8]) -> &[u8] {
    match text.first() {
        Some(b' ' | b'-' | b'.') => &text[1..],
        _ => text,
    }
}

/// Full-width forms to ASCII (NFKC), `;ext=` to ` ext `, and a `(0)` trunk prefix after `+` dropped. Most numbers
/// need none of it and are borrowed as written.
fn tidy(raw: &str) -> Cow<'_, str> {
    let mut text = if raw.is_ascii() {
        Cow::Borrowed(raw)
    } else {
        Cow::Owned(raw.nfkc().collect())
    };
    if text.contains(";ext=") {
        text = Cow::Owned(text.replace(";ext=", " ext "));
    }
    if text.trim_start().starts_with('+') && text.contains("(0)") {
        text = Cow::Owned(text.replacen("(0)", "", 1));
    }
    text
}

/// One reading of the written number.
fn parse_written(raw: &str, region: Id) -> Result<Phone, MatchError> {
    let number = phonenumber::parse(Some(region), raw)
        .map_err(|_| invalid(region, "could not be parsed as a phone number"))?;
    let code = number.code().value();
    let extension = number
        .extension()
        .map(|e| e.to_string())
        .filter(|e| !e.is_empty());
    let plan = numbering::plan(code);
    let written = number.national().to_string();
    if plan.is_valid(&written) {
        return Ok(Phone {
            code,
            national: written,
            extension,
        });
    }
    let lengths = &plan.lengths;
    let digits: String = main_part(raw)
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let code_digits = code.to_string();
    let national_prefix = DATABASE.by_code(&code).and_then(|m| {
        m.first()
            .and_then(|m| m.national_prefix().map(str::to_owned))
    });
    let international = raw.trim_start().starts_with('+');
    let candidates = [
        international
            .then(|| digits.strip_prefix(&code_digits))
            .flatten(),
        (!international).then_some(digits.as_str()),
        (!international)
            .then(|| digits.strip_prefix(&code_digits))
            .flatten(),
        national_prefix
            .as_deref()
            .and_then(|p| (!international).then(|| digits.strip_prefix(p)).flatten()),
    ];
    let national = candidates
        .into_iter()
        .flatten()
        .find(|n| !n.is_empty() && lengths.contains(&n.len()))
        .ok_or_else(|| invalid(region, "is not a possible phone number"))?;
    Ok(Phone {
        code,
        national: national.to_owned(),
        extension,
    })
}

/// The text before any extension marker ("x", "ext", "#", ";"): only the main number's digits are compared.
fn main_part(raw: &str) -> &str {
    let end = raw
        .find(|c: char| c.is_alphabetic() || matches!(c, '#' | ';' | ','))
        .unwrap_or(raw.len());
    &raw[..end]
}

/// Scores two parsed numbers: 100 for the same E.164 number and extension, 70–99 for the same number with
/// extensions that disagree, below 70 otherwise.
pub(crate) fn score(a: &Phone, b: &Phone) -> u8 {
    if a.national == b.national {
        if a.code != b.code {
            return COUNTRY_DIFFERS;
        }
        return match (&a.extension, &b.extension) {
            (x, y) if x == y => 100,
            (Some(_), Some(_)) => EXTENSION_DIFFERS,
            _ => EXTENSION_MISSING,
        };
    }
    if a.code != b.code || a.national.len() != b.national.len() {
        return 0;
    }
    if osa_distance(&a.national, &b.national) == 1 {
        return ONE_DIGIT_OFF;
    }
    let len = a.national.len();
    if len > 7 && a.national[len - 7..] == b.national[len - 7..] {
        return OTHER_AREA;
    }
    let same = a
        .national
        .bytes()
        .zip(b.national.bytes())
        .filter(|(x, y)| x == y)
        .count();
    // Positional agreement grades unrelated numbers between 0 and 40.
    u8::try_from(same * 40 / len.max(1)).unwrap_or(0)
}

/// The user's number, read once per default region: one request scores every account of an Item, and their
/// owners usually imply the same region.
pub(crate) struct UserPhone<'u> {
    raw: Option<&'u str>,
    read: RefCell<Vec<(Id, Result<Phone, MatchError>)>>,
}

pub(crate) fn prepare(user_phone: Option<&str>) -> UserPhone<'_> {
    UserPhone {
        raw: present(user_phone),
        read: RefCell::new(Vec::new()),
    }
}

impl UserPhone<'_> {
    /// `parse(raw, region)`, remembered per region.
    fn parsed(&self, raw: &str, region: Id) -> Result<Phone, MatchError> {
        if let Some((_, known)) = self.read.borrow().iter().find(|(r, _)| *r == region) {
            return known.clone();
        }
        let outcome = parse(raw, region);
        self.read.borrow_mut().push((region, outcome.clone()));
        outcome
    }
}

/// The best phone score of the user's number over every number of every owner.
///
/// # Errors
/// [`MatchError::InvalidPhoneNumber`] when the user's number is present but unusable, whether or not the owners
/// hold any number (Plaid validates the input itself).
pub(crate) fn best_of(
    user: &UserPhone<'_>,
    owners: &[MatchOwner],
    region: Id,
) -> Result<FieldMatch, MatchError> {
    let Some(raw) = user.raw else {
        return Ok(FieldMatch::default());
    };
    let user = user.parsed(raw, region)?;
    let mut seen_any = false;
    let mut best: Option<u8> = None;
    for owner_phone in owners.iter().flat_map(|o| &o.phone_numbers) {
        let Some(raw) = present(Some(owner_phone)) else {
            continue;
        };
        seen_any = true;
        if let Ok(owner) = parse(raw, region) {
            best = best.max(Some(score(&user, &owner)));
        }
        // Nothing beats a perfect score: the numbers left need not be parsed.
        if best == Some(100) {
            break;
        }
    }
    // Owner numbers that exist but cannot be read still count as data: they simply do not match.
    Ok(FieldMatch {
        score: if seen_any { best.or(Some(0)) } else { None },
    })
}

/// [`best_of`] on a raw user number (tests).
#[cfg(test)]
fn best(
    user_phone: Option<&str>,
    owners: &[MatchOwner],
    region: Id,
) -> Result<FieldMatch, MatchError> {
    best_of(&prepare(user_phone), owners, region)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn region() -> impl Strategy<Value = Id> {
        prop::sample::select(vec![Id::US, Id::CA, Id::GB, Id::DE, Id::FR, Id::JM, Id::IN])
    }

    /// The forms the fast path takes, with any digits.
    fn plain_form() -> impl Strategy<Value = String> {
        let separator = || prop::sample::select(vec!["", " ", "-", "."]);
        (
            prop::sample::select(vec!["", "+1", "+1 ", "+1-", "+1."]),
            prop_oneof![
                "[0-9]{10}",
                "1[0-9]{9}",
                "1[01][0-9]{8}",
                "1[01]0{4}[0-9]{4}",
                "1[01]0{7}[0-9]",
                "1[01][01]0{6}[0-9]",
                "111310[0-9]{4}",
                "[0-9]0{9}",
                "[0-9]{3}0{7}",
            ],
            any::<bool>(),
            separator(),
            separator(),
        )
            .prop_map(|(start, digits, parentheses, first, second)| {
                let (area, exchange, line) = (&digits[..3], &digits[3..6], &digits[6..]);
                let area = if parentheses {
                    format!("({area})")
                } else {
                    area.to_owned()
                };
                let first = if parentheses && first != " " {
                    ""
                } else {
                    first
                };
                format!("{start}{area}{first}{exchange}{second}{line}")
            })
    }

    /// Text near those forms: digits, the separators, parentheses and plus signs in any order.
    fn near_form() -> impl Strategy<Value = String> {
        prop_oneof![
            "[+]?1?[0-9 ().-]{8,18}",
            plain_form().prop_flat_map(|plain| {
                let len = plain.len();
                (Just(plain), 0..=len, "[0-9 ().+x-]{0,2}").prop_map(|(plain, at, insert)| {
                    format!("{}{insert}{}", &plain[..at], &plain[at..])
                })
            }),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20000))]

        #[test]
        fn plain_nanp_numbers_read_as_the_parser_reads_them(raw in plain_form(), region in region()) {
            if let Some(fast) = plain_nanp(&raw, region) {
                prop_assert_eq!(Ok(fast), parse_any(&raw, region), "{:?} in {:?}", raw, region);
            }
        }

        #[test]
        fn text_near_plain_numbers_reads_as_the_parser_reads_it(raw in near_form(), region in region()) {
            if let Some(fast) = plain_nanp(&raw, region) {
                prop_assert_eq!(Ok(fast), parse_any(&raw, region), "{:?} in {:?}", raw, region);
            }
        }
    }

    #[test]
    fn the_fast_path_takes_the_common_forms() {
        for raw in [
            "+1 415 555 0132",
            "(415) 555-0132",
            "+1-212-555-0100",
            "415.555.0132",
        ] {
            assert!(plain_nanp(raw, Id::US).is_some(), "{raw}");
        }
        for raw in [
            "011 44 20 7946",
            "+44 20 7946 0958",
            "415 555 0132 x1",
            "+1 (0)415 555 013",
            "+1 110 000 0000",
            "111 000 0000",
            "111 310 0000",
        ] {
            assert!(plain_nanp(raw, Id::US).is_none(), "{raw}");
        }
    }

    fn p(raw: &str) -> Phone {
        parse(raw, Id::US).unwrap_or_else(|e| panic!("{raw}: {e}"))
    }

    #[test]
    fn formats_of_one_number_parse_alike() {
        let base = p("+1 415 555 0132");
        for raw in [
            "(415) 555-0132",
            "415.555.0132",
            "1-415-555-0132",
            "+14155550132",
            "4155550132",
            "tel:+1-415-555-0132",
        ] {
            assert_eq!(p(raw), base, "{raw}");
        }
    }

    #[test]
    fn sandbox_numbers_in_unassigned_ranges_are_kept_by_their_digits() {
        let sandbox = p("1112223333");
        assert_eq!(
            sandbox,
            Phone {
                code: 1,
                national: "1112223333".to_owned(),
                extension: None
            }
        );
        for raw in [
            "+1-111-222-3333",
            "111-222-3333",
            "(111) 222-3333",
            "+11112223333",
            "1 111 222 3333",
        ] {
            assert_eq!(p(raw), sandbox, "{raw}");
        }
        assert_eq!(p("555-867-5309 x12").extension.as_deref(), Some("12"));
    }

    #[test]
    fn what_sign_up_forms_write_is_read() {
        let plain = p("+1 415 555 0100");
        let with_extension = Phone {
            extension: Some("12".to_owned()),
            ..plain.clone()
        };
        for raw in [
            "+1 415 555 0100 ext. 12",
            "+1 (415) 555-0100 extension 12",
            "1 (415) 555-0100 Ext.12",
            "+1 415 555 0100;ext=12",
            "+1 415 555 0100 доб. 12",
            "415-555-0100 #12",
        ] {
            assert_eq!(p(raw), with_extension, "{raw}");
        }
        for raw in [
            "001 415 555 0100",
            "＋１ ４１５ ５５５ ０１００",
            "(+1) 415.555.0100",
        ] {
            assert_eq!(p(raw), plain, "{raw}");
        }
        assert_eq!(
            parse("+44 (0)20 7946 0958", Id::US).unwrap(),
            parse("020 7946 0958", Id::GB).unwrap()
        );
    }

    #[test]
    fn unusable_user_numbers_are_distinct_errors() {
        for raw in ["abc", "12", "555-01", "+1 415 555 01322 99"] {
            let err = parse(raw, Id::US).unwrap_err();
            assert!(
                matches!(&err, MatchError::InvalidPhoneNumber(m) if m.starts_with("user.phone_number ") && !m.contains(raw)),
                "{raw}: {err:?}"
            );
        }
    }

    #[test]
    fn best_covers_every_number_and_tells_missing_from_unusable() {
        let owner = |numbers: &[&str]| MatchOwner {
            phone_numbers: numbers.iter().map(|n| (*n).to_owned()).collect(),
            ..MatchOwner::default()
        };
        let owners = [
            owner(&["n/a"]),
            owner(&["(212) 555-0100", "(415) 555-0132"]),
        ];
        let best_of =
            |raw: Option<&str>, owners: &[MatchOwner]| best(raw, owners, Id::US).unwrap().score;
        assert_eq!(best_of(Some("+14155550132"), &owners), Some(100));
        assert_eq!(best_of(Some("+14155550132"), &owners[..1]), Some(0));
        assert_eq!(best_of(Some("+14155550132"), &[owner(&[" "])]), None);
        assert_eq!(best_of(None, &owners), None);
        assert!(best(Some("not a number"), &[], Id::US).is_err());
    }

    #[test]
    fn text_longer_than_any_phone_number_is_refused_before_parsing() {
        let long = format!("+1 415 555 0132 ext. {}", "1".repeat(MAX_PHONE_CHARS));
        assert!(
            matches!(parse(&long, Id::US), Err(MatchError::InvalidPhoneNumber(m)) if m.contains("too long"))
        );
    }

    #[test]
    fn other_regions_use_their_own_plans() {
        let london = parse("020 7946 0958", Id::GB).unwrap();
        assert_eq!(london, parse("+44 20 7946 0958", Id::US).unwrap());
        assert_eq!(score(&london, &p("+1 415 555 0132")), 0);
    }

    #[test]
    fn score_table() {
        let cases = [
            ("+1 415 555 0132", "(415) 555-0132", 100),
            ("+1 415 555 0132 ext. 12", "415-555-0132 x12", 100),
            ("+1 415 555 0132 ext. 12", "415-555-0132", EXTENSION_MISSING),
            (
                "+1 415 555 0132 ext. 12",
                "415-555-0132 x13",
                EXTENSION_DIFFERS,
            ),
            ("+1 415 555 0132", "+1 415 555 0133", ONE_DIGIT_OFF),
            ("+1 415 555 0132", "+1 415 555 0123", ONE_DIGIT_OFF),
            ("+1 415 555 0132", "+1 212 555 0132", OTHER_AREA),
            ("+1 415 555 0132", "+1 415 555 9876", 24),
            ("+1 415 555 0132", "+1 212 867 5309", 4),
        ];
        for (a, b, want) in cases {
            assert_eq!(score(&p(a), &p(b)), want, "{a} / {b}");
            assert_eq!(score(&p(b), &p(a)), want, "{b} / {a}");
        }
    }
}
