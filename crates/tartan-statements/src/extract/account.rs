//! The account number as printed, and whether it agrees with the number on file.
//!
//! A number is only taken after an "account"/"acct" label (so routing numbers, phone numbers and amounts
//! are never read as one), from the same segment, the next segment on the line, or the segment printed
//! under the label. Masked forms keep their mask: `****1234`, `XXXX-XXXX-1234`, `...1234`, `ending in 1234`.

use crate::{OnFile, text::layout::Segment};

/// Words that may sit between the label and the number.
const FILLERS: [&str; 12] = [
    "number", "no.", "no", "num", "nbr", "#", "ending", "ends", "in", "with", ":", "-",
];
const MASK_CHARS: [char; 5] = ['*', 'X', 'x', '•', '·'];

/// The first labelled account number in reading order.
pub(crate) fn find(segs: &[Segment]) -> Option<String> {
    for (i, seg) in segs.iter().enumerate() {
        let lower = seg.text.to_ascii_lowercase();
        for (at, label) in label_positions(&lower) {
            let after = &seg.text[at + label..];
            let (token, rest_empty) = token_after_label(after);
            if let Some(t) = token {
                return Some(t);
            }
            if !rest_empty {
                continue;
            }
            // Label at the end of its segment: the value is the next segment on the line, or the one below.
            let next_on_line = segs.get(i + 1).filter(|n| n.line == seg.line);
            let below = segs[i + 1..].iter().take(12).find(|n| {
                n.page == seg.page
                    && n.line != seg.line
                    && n.x0 < seg.x1
                    && n.x1 > seg.x0
                    && seg.baseline - n.baseline < 2.5 * seg.size
            });
            for candidate in [next_on_line, below].into_iter().flatten() {
                if let (Some(t), _) = token_after_label(&candidate.text) {
                    return Some(t);
                }
            }
        }
    }
    None
}

/// Byte offsets (and lengths) of "account"/"acct" words in `lower`.
fn label_positions(lower: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for label in ["account", "acct"] {
        let mut from = 0;
        while let Some(p) = lower[from..].find(label) {
            let at = from + p;
            let boundary_before = at == 0
                || !lower[..at]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric);
            if boundary_before {
                out.push((at, label.len()));
            }
            from = at + label.len();
        }
    }
    out.sort_unstable();
    out
}

/// Skip filler words after a label and read the number. Returns the token and whether nothing but filler
/// followed the label.
fn token_after_label(after: &str) -> (Option<String>, bool) {
    // "Account:" / "Acct#" glue punctuation to the label.
    let after = after.trim_start_matches(|c: char| c.is_alphabetic() && c != 'X' && c != 'x');
    let words: Vec<&str> = after.split_whitespace().collect();
    let mut i = 0;
    let mut ending_in = false;
    while let Some(w) = words.get(i) {
        let lw = w.to_lowercase();
        let bare = lw.trim_end_matches(':');
        if FILLERS.contains(&bare) || bare.is_empty() || lw == ":" || lw == "#:" {
            ending_in |= bare == "ending" || bare == "ends";
            i += 1;
        } else {
            break;
        }
    }
    let rest = &words[i..];
    if rest.is_empty() {
        return (None, true);
    }
    let mut parts: Vec<&str> = Vec::new();
    for w in rest {
        let w = w
            .trim_start_matches([':', '#'])
            .trim_end_matches([',', ';', ')']);
        let w = if parts.is_empty() {
            w
        } else {
            w.trim_end_matches('.')
        };
        if w.is_empty()
            || !w
                .chars()
                .all(|c| c.is_ascii_digit() || MASK_CHARS.contains(&c) || matches!(c, '-' | '.'))
        {
            break;
        }
        parts.push(w);
    }
    let token = parts.join(" ").trim_end_matches(['.', '-']).to_string();
    let digits = token.chars().filter(char::is_ascii_digit).count();
    let masked = token.chars().any(|c| MASK_CHARS.contains(&c) || c == '.');
    let valid = digits >= 4 || (digits >= 2 && (masked || ending_in));
    // "Account as of 2026-01-31" prints a date, not a number.
    let is_date = !super::dates::find_all(&[token.as_str()]).is_empty();
    if !valid || is_date {
        return (None, false);
    }
    (
        Some(if ending_in {
            format!("ending in {token}")
        } else {
            token
        }),
        false,
    )
}

/// What the printed number shows: the full digits, or the digits left visible around the mask.
#[derive(Debug, PartialEq, Eq)]
enum Shown {
    Full(String),
    Masked { prefix: String, suffix: String },
}

fn shown(printed: &str) -> Shown {
    if let Some(rest) = printed.strip_prefix("ending in ") {
        return Shown::Masked {
            prefix: String::new(),
            suffix: rest.chars().filter(char::is_ascii_digit).collect(),
        };
    }
    let is_mask = |c: char| MASK_CHARS.contains(&c) || c == '.';
    if !printed.chars().any(is_mask) {
        return Shown::Full(printed.chars().filter(char::is_ascii_digit).collect());
    }
    let prefix = printed
        .chars()
        .take_while(|c| !is_mask(*c))
        .filter(char::is_ascii_digit)
        .collect();
    let tail: String = printed.chars().rev().take_while(|c| !is_mask(*c)).collect();
    let suffix = tail.chars().rev().filter(char::is_ascii_digit).collect();
    Shown::Masked { prefix, suffix }
}

/// Plaid's `is_account_number_match`: `None` when nothing is on file or the printed number shows no digits.
/// A full number must equal the number on file (leading zeros aside); a masked one must agree in every
/// digit it shows; against a mask alone, the overlapping trailing digits must agree. When the number on file
/// is an IBAN (it has letters), the domestic number printed on a statement is its tail, so a full printed
/// number of 6+ digits must end it.
pub(crate) fn matches(printed: &str, on_file: &OnFile) -> Option<bool> {
    let digits = |s: &Option<String>| {
        s.as_deref()
            .map(|v| v.chars().filter(char::is_ascii_digit).collect::<String>())
            .filter(|d| !d.is_empty())
    };
    let shown = shown(printed);
    let iban = on_file
        .account_number
        .as_deref()
        .is_some_and(|n| n.chars().any(|c| c.is_ascii_alphabetic()));
    if let Some(full) = digits(&on_file.account_number) {
        return match shown {
            Shown::Full(d) if iban => Some(d.len() >= 6 && full.ends_with(&d)),
            Shown::Full(d) => Some(d.trim_start_matches('0') == full.trim_start_matches('0')),
            Shown::Masked { prefix, suffix } if !(prefix.is_empty() && suffix.is_empty()) => Some(
                full.starts_with(&prefix)
                    && full.ends_with(&suffix)
                    && prefix.len() + suffix.len() <= full.len(),
            ),
            Shown::Masked { .. } => None,
        };
    }
    let mask = digits(&on_file.mask)?;
    let visible = match shown {
        Shown::Full(d) => d,
        Shown::Masked { suffix, .. } => suffix,
    };
    if visible.is_empty() {
        return None;
    }
    let n = visible.len().min(mask.len());
    Some(visible[visible.len() - n..] == mask[mask.len() - n..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(line: usize, x0: f32, text: &str) -> Segment {
        Segment {
            page: 1,
            line,
            text: text.into(),
            x0,
            x1: x0 + 120.0,
            baseline: 700.0 - line as f32 * 12.0,
            size: 10.0,
        }
    }

    fn one(text: &str) -> Option<String> {
        find(&[seg(0, 50.0, text)])
    }

    #[test]
    fn reads_labelled_numbers_full_and_masked() {
        assert_eq!(
            one("Account Number: 000123456789").as_deref(),
            Some("000123456789")
        );
        assert_eq!(one("Account number ****1234").as_deref(), Some("****1234"));
        assert_eq!(
            one("Acct # XXXX-XXXX-1234").as_deref(),
            Some("XXXX-XXXX-1234")
        );
        assert_eq!(
            one("Account: XXXX 1234 Page 1 of 2").as_deref(),
            Some("XXXX 1234")
        );
        assert_eq!(
            one("Checking account ending in 1234.").as_deref(),
            Some("ending in 1234")
        );
        assert_eq!(
            one("Account No. 1234 5678 9012").as_deref(),
            Some("1234 5678 9012")
        );
        assert_eq!(one("Acct...6789").as_deref(), Some("...6789"));
    }

    #[test]
    fn ignores_unlabelled_numbers_and_label_words() {
        assert_eq!(one("Routing number 021000021"), None);
        assert_eq!(one("Account Summary"), None);
        assert_eq!(one("Account Type: Checking 1,234.56"), None);
        assert_eq!(one("Call 1-800-555-0100 about your account"), None);
    }

    #[test]
    fn reads_values_beside_or_below_their_label() {
        let beside = [seg(0, 50.0, "Account Number:"), seg(0, 300.0, "****4321")];
        assert_eq!(find(&beside).as_deref(), Some("****4321"));
        let below = [seg(0, 50.0, "Account Number"), seg(1, 50.0, "000987654321")];
        assert_eq!(find(&below).as_deref(), Some("000987654321"));
    }

    fn on_file(number: Option<&str>, mask: Option<&str>) -> OnFile {
        OnFile {
            account_number: number.map(Into::into),
            mask: mask.map(Into::into),
        }
    }

    #[test]
    fn compares_full_and_masked_numbers_with_the_account_on_file() {
        let acct = on_file(Some("1111222233334444"), None);
        assert_eq!(matches("1111-2222-3333-4444", &acct), Some(true));
        assert_eq!(matches("1111222233334445", &acct), Some(false));
        assert_eq!(matches("****4444", &acct), Some(true));
        assert_eq!(matches("XXXX4445", &acct), Some(false));
        assert_eq!(matches("1111********4444", &acct), Some(true));
        assert_eq!(matches("ending in 4444", &acct), Some(true));
        assert_eq!(matches("000123", &on_file(Some("123"), None)), Some(true));
        let iban = on_file(Some("GB33BUKB20201555555555"), None);
        assert_eq!(matches("55555555", &iban), Some(true));
        assert_eq!(matches("****5555", &iban), Some(true));
        assert_eq!(matches("55555556", &iban), Some(false));
    }

    #[test]
    fn compares_against_a_mask_alone_and_needs_something_on_file() {
        assert_eq!(
            matches("****4444", &on_file(None, Some("4444"))),
            Some(true)
        );
        assert_eq!(
            matches("1111222233334444", &on_file(None, Some("4444"))),
            Some(true)
        );
        assert_eq!(matches("****44", &on_file(None, Some("4444"))), Some(true));
        assert_eq!(
            matches("****1234", &on_file(None, Some("4444"))),
            Some(false)
        );
        assert_eq!(matches("****1234", &OnFile::default()), None);
    }
}
