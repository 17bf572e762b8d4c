//! The last line of a postal address: city, region, postal code, and the country the format implies.
//! `OAKLAND, CA 94103-1234` (US), `Toronto ON M5V 2T6` (Canada), `HOBART TAS 7000` (Australia) and
//! `YORK YO1 7HH` (United Kingdom, post town and postcode; the reader joins them when printed on two
//! lines). A trailing country name is ignored.

use super::words::{PROVINCES, STATES};

/// Australian state and territory codes.
const AU_STATES: [&str; 8] = ["NSW", "VIC", "QLD", "WA", "SA", "TAS", "ACT", "NT"];
/// Country names printed after the postal code.
const COUNTRY_WORDS: [&str; 6] = ["USA", "US", "CANADA", "AUSTRALIA", "UK", "KINGDOM"];

/// A parsed city line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct CityLine {
    pub city: String,
    /// State, province or territory code; `None` for British addresses.
    pub region: Option<String>,
    pub postal_code: String,
    /// ISO 3166-1 alpha-2.
    pub country: &'static str,
}

/// City, region, postal code and country from one line, if it is a city line.
pub(super) fn parse_city(text: &str) -> Option<CityLine> {
    let mut words: Vec<&str> = text.split_whitespace().collect();
    while let Some(last) = words.last() {
        let l = last
            .trim_matches(|c: char| c == ',' || c == '.')
            .to_ascii_uppercase();
        let two_words = matches!(l.as_str(), "STATES" | "KINGDOM") && words.len() > 1;
        if COUNTRY_WORDS.contains(&l.as_str()) || two_words {
            words.pop();
            if two_words {
                words.pop();
            }
        } else {
            break;
        }
    }
    let clean = |w: &str| w.trim_matches(',').to_string();
    let n = words.len();
    let last = clean(words.get(n.checked_sub(1)?)?);
    let (postal_code, region_at, country) = if n >= 3 && is_zip(&last) {
        (last, Some(n - 2), "US")
    } else if n >= 4
        && let (Some(fsa), Some(ldu)) = (canadian(words[n - 2], FSA), canadian(&last, LDU))
    {
        (format!("{fsa} {ldu}"), Some(n - 3), "CA")
    } else if n >= 3 && last.len() == 4 && last.bytes().all(|b| b.is_ascii_digit()) {
        (last, Some(n - 2), "AU")
    } else if n >= 3 && is_uk_postcode(&format!("{} {}", words[n - 2], last)) {
        (format!("{} {}", words[n - 2], last), None, "GB")
    } else {
        return None;
    };
    let city_end = region_at.unwrap_or(n - 2);
    let region = region_at.map(|at| clean(words[at]).to_ascii_uppercase());
    let known = match (country, region.as_deref()) {
        ("US", Some(r)) => STATES.contains(&r),
        ("CA", Some(r)) => PROVINCES.contains(&r),
        ("AU", Some(r)) => AU_STATES.contains(&r),
        ("GB", None) => true,
        _ => false,
    };
    let city = words[..city_end]
        .join(" ")
        .trim_end_matches(',')
        .to_string();
    let city_ok = !city.is_empty()
        && city
            .chars()
            .all(|c| c.is_alphabetic() || " .'-".contains(c));
    (known && city_ok).then_some(CityLine {
        city,
        region,
        postal_code,
        country,
    })
}

fn is_zip(w: &str) -> bool {
    let (five, plus4) = w.split_once('-').unwrap_or((w, ""));
    five.len() == 5
        && five.bytes().all(|b| b.is_ascii_digit())
        && (plus4.is_empty() || plus4.len() == 4 && plus4.bytes().all(|b| b.is_ascii_digit()))
}

/// Which positions of a Canadian postal code half are letters: `A9A` (forward sortation area), `9A9`.
const FSA: [bool; 3] = [true, false, true];
const LDU: [bool; 3] = [false, true, false];

/// One half of a Canadian postal code, as printed. Canada Post never uses the letters O and I, so an `O` or
/// `I` where a digit belongs is a zero or a one misread by OCR, and is returned as the digit.
fn canadian(w: &str, letters: [bool; 3]) -> Option<String> {
    let chars: Vec<char> = w.chars().collect();
    if chars.len() != 3 {
        return None;
    }
    chars
        .iter()
        .zip(letters)
        .map(|(&c, letter)| match (letter, c) {
            (true, 'A'..='Z') => Some(c),
            (false, '0'..='9') => Some(c),
            (false, 'O') => Some('0'),
            (false, 'I') => Some('1'),
            _ => None,
        })
        .collect()
}

/// A British postcode: outward code (`A9`, `A99`, `AA9`, `AA99`, `A9A`, `AA9A`), a space, inward code
/// (`9AA`).
pub(super) fn is_uk_postcode(text: &str) -> bool {
    let Some((outward, inward)) = text.split_once(' ') else {
        return false;
    };
    let o = outward.as_bytes();
    let letters = o.iter().take_while(|b| b.is_ascii_uppercase()).count();
    let rest = &o[letters..];
    let outward_ok = (1..=2).contains(&letters)
        && match rest {
            [d] => d.is_ascii_digit(),
            [d, x] => d.is_ascii_digit() && (x.is_ascii_digit() || x.is_ascii_uppercase()),
            _ => false,
        };
    outward_ok && is_ldu_uk(inward)
}

fn is_ldu_uk(w: &str) -> bool {
    let b = w.as_bytes();
    b.len() == 3 && b[0].is_ascii_digit() && b[1].is_ascii_uppercase() && b[2].is_ascii_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> Option<(String, Option<String>, String, &'static str)> {
        parse_city(text).map(|c| (c.city, c.region, c.postal_code, c.country))
    }

    #[test]
    fn reads_us_canadian_australian_and_british_city_lines() {
        assert_eq!(
            parsed("OAKLAND, CA 94103-1234 USA"),
            Some((
                "OAKLAND".into(),
                Some("CA".into()),
                "94103-1234".into(),
                "US"
            ))
        );
        assert_eq!(
            parsed("Toronto ON M5V 2T6"),
            Some(("Toronto".into(), Some("ON".into()), "M5V 2T6".into(), "CA"))
        );
        assert_eq!(
            parsed("HOBART TAS 7000 AUSTRALIA"),
            Some(("HOBART".into(), Some("TAS".into()), "7000".into(), "AU"))
        );
        assert_eq!(
            parsed("LONDON SW1A 2AA"),
            Some(("LONDON".into(), None, "SW1A 2AA".into(), "GB"))
        );
        assert_eq!(parsed("Leeds LS1 4AP United Kingdom").unwrap().3, "GB");
        // OCR reads the zero of R3C 0V8 as a letter O, which Canada Post never uses.
        assert_eq!(parsed("WINNIPEG MB R3C OV8").unwrap().2, "R3C 0V8");
        assert!(parse_city("WINNIPEG MB R3C QV8").is_none());
    }

    #[test]
    fn rejects_lines_that_only_look_like_city_lines() {
        assert!(parse_city("Balance 1,234.56 CA 94103").is_none());
        assert!(parse_city("OAKLAND ZZ 94103").is_none());
        assert!(parse_city("Page 1 of 2").is_none());
        assert!(parse_city("CHEQUE 2231").is_none());
        assert!(parse_city("Total due 2026").is_none());
        assert!(!is_uk_postcode("AB 1CD"));
        assert!(
            is_uk_postcode("CF10 1EP") && is_uk_postcode("M1 1AE") && is_uk_postcode("W1A 0AX")
        );
    }
}
