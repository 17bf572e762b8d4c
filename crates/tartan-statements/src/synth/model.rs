//! The content of one synthetic statement: bank, holders, address, account, period, transactions and
//! file metadata, drawn from small word lists. Everything printed is also kept as the label.

use super::{
    rng::Rng,
    words::{BANKS, CA_CITIES, DESCRIPTIONS, FIRST, LAST, PRODUCERS, STREETS, SUFFIXES, US_CITIES},
};
use crate::PostalAddress;
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};

/// The three bank layouts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Layout {
    /// Helvetica (standard 14, no widths), whole-string `Tj`, holder block top left, shaded table rows.
    Classic,
    /// Times and Courier with `/Widths`, kerned `TJ`, "Prepared for:" block lower down, "ending in" numbers.
    Ledger,
    /// Embedded DejaVu Sans (Type0 + ToUnicode, or simple TrueType), one run per word, holder block on the
    /// right under an "Account holder" label, title case, US or Canadian addresses.
    Modern,
}

impl Layout {
    pub const ALL: [Layout; 3] = [Layout::Classic, Layout::Ledger, Layout::Modern];

    pub fn name(self) -> &'static str {
        match self {
            Layout::Classic => "classic",
            Layout::Ledger => "ledger",
            Layout::Modern => "modern",
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Bank {
    pub name: String,
    pub street: String,
    pub city_line: String,
    pub phone: String,
    pub website: String,
}

#[derive(Debug, Clone)]
pub(crate) struct Txn {
    pub date: NaiveDate,
    pub description: String,
    pub cents: i64,
}

/// One statement.
#[derive(Debug, Clone)]
pub(crate) struct Statement {
    pub layout: Layout,
    pub bank: Bank,
    /// Name lines as printed (a joint account prints two lines, or one "A AND B" line).
    pub name_lines: Vec<String>,
    /// The holders, as printed.
    pub names: Vec<String>,
    pub street: String,
    pub city_line: String,
    pub address: PostalAddress,
    pub account_full: String,
    /// The number as the analyser should report it, e.g. `****1234`, `ending in 1234`.
    pub account_printed: String,
    /// The whole account line as printed, e.g. `Account Number: ****1234`.
    pub account_line: String,
    /// Later pages always show a masked number.
    pub account_masked_line: String,
    pub period: (NaiveDate, NaiveDate),
    pub opening_cents: i64,
    pub txns: Vec<Txn>,
    pub pages: usize,
    pub producer: String,
    pub creator: String,
    pub created: NaiveDateTime,
    /// Print the closing balance with one digit in another font (the `FONT_ANOMALY` tamper).
    pub mixed_font_digit: bool,
    /// Print this transaction row's date with dashes (`01-05`), as a hand edit retypes it (the
    /// `DATE_FORMAT_ANOMALY` tamper).
    pub retyped_row: Option<usize>,
    /// Print the period label above its value (Modern layout).
    pub period_label_above: bool,
    /// Draw every character separately (Classic layout).
    pub per_char: bool,
}

fn title(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let mut cs = w.chars();
            cs.next()
                .map(|c| c.to_string() + &cs.as_str().to_lowercase())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Draw a random statement in `layout` with `pages` pages.
pub(crate) fn statement(rng: &mut Rng, layout: Layout, pages: usize) -> Statement {
    let case = |s: String| {
        if layout == Layout::Modern {
            title(&s)
        } else {
            s
        }
    };
    let person = |rng: &mut Rng| {
        let middle = if rng.chance(0.2) {
            format!(" {}.", char::from(b'A' + rng.below(26) as u8))
        } else {
            String::new()
        };
        format!("{}{middle} {}", rng.pick(&FIRST), rng.pick(&LAST))
    };
    let mut names = vec![case(person(rng))];
    if rng.chance(0.25) {
        names.push(case(person(rng)));
    }
    let joint_one_line = names.len() == 2
        && (layout == Layout::Ledger || layout == Layout::Modern && rng.chance(0.5));
    let name_lines = if joint_one_line {
        vec![format!("{} {} {}", names[0], case("AND".into()), names[1])]
    } else {
        names.clone()
    };

    let unit = if rng.chance(0.2) {
        format!(
            " APT {}{}",
            rng.range(1, 40),
            char::from(b'A' + rng.below(4) as u8)
        )
    } else {
        String::new()
    };
    let street = case(format!(
        "{} {} {}{unit}",
        rng.range(1, 9999),
        rng.pick(&STREETS),
        rng.pick(&SUFFIXES)
    ));
    let canadian = layout == Layout::Modern && rng.chance(0.3);
    let (city, region, postal, country) = if canadian {
        let (c, r, fsa) = *rng.pick(&CA_CITIES);
        let ldu = format!(
            "{}{}{}",
            rng.below(10),
            char::from(b'A' + rng.below(26) as u8),
            rng.below(10)
        );
        (case(c.into()), r.to_string(), format!("{fsa} {ldu}"), "CA")
    } else {
        let (c, r, zip3) = *rng.pick(&US_CITIES);
        let plus4 = if rng.chance(0.2) {
            format!("-{}", rng.digits(4))
        } else {
            String::new()
        };
        (
            case(c.into()),
            r.to_string(),
            format!("{zip3}{}{plus4}", rng.digits(2)),
            "US",
        )
    };
    let comma = if layout == Layout::Classic { "" } else { "," };
    let city_line = format!("{city}{comma} {region} {postal}");
    let address = PostalAddress {
        street: street.clone(),
        city: Some(city),
        region: Some(region),
        postal_code: Some(postal),
        country: Some(country.into()),
    };

    let zeros = if rng.chance(0.3) { "000" } else { "" };
    let len = rng.range(8, 12) as usize;
    let account_full = format!("{zeros}{}", rng.digits(len));
    let last4 = account_full[account_full.len() - 4..].to_string();
    let (account_printed, account_line) = account_text(rng, layout, &account_full, &last4);

    // Periods from January 2024 to October 2026: every statement is already closed on the corpus date.
    let months_since_2024 = rng.range(0, 33);
    let year = 2024 + i32::try_from(months_since_2024 / 12).unwrap_or(0);
    let month = 1 + u32::try_from(months_since_2024 % 12).unwrap_or(0);
    let start = NaiveDate::from_ymd_opt(year, month, 1).unwrap_or_default();
    let end = start
        .checked_add_months(chrono::Months::new(1))
        .map_or(start, |d| d - Duration::days(1));
    let per_page = [14usize, 30, 30];
    let n = (0..pages)
        .map(|p| per_page[p.min(2)] - rng.below(4) as usize)
        .sum::<usize>();
    let mut txns: Vec<Txn> = (0..n)
        .map(|_| {
            let description = rng.pick(&DESCRIPTIONS).to_string();
            let cents = if description.contains("DEPOSIT")
                || description.contains("RECEIVED")
                || description.contains("INTEREST")
            {
                rng.range(500, 350_000)
            } else {
                -rng.range(300, 60_000)
            };
            Txn {
                date: start + Duration::days(rng.range(0, i64::from(end.day() - 1))),
                description,
                cents,
            }
        })
        .collect();
    txns.sort_by_key(|t| t.date);
    let bank_name = rng.pick(&BANKS).to_string();
    let (bc, br, bz) = *rng.pick(&US_CITIES);
    let bank = Bank {
        street: format!("PO BOX {}", rng.range(100, 9999)),
        city_line: format!("{bc}{comma} {br} {bz}{}", rng.digits(2)),
        phone: format!("1-800-555-{}", rng.digits(4)),
        website: format!(
            "www.{}.com",
            bank_name.split(' ').next().unwrap_or("bank").to_lowercase()
        ),
        name: bank_name,
    };
    let (producer, creator) = *rng.pick(&PRODUCERS);
    let created = (end + Duration::days(rng.range(1, 12)))
        .and_hms_opt(
            rng.range(0, 23) as u32,
            rng.range(0, 59) as u32,
            rng.range(0, 59) as u32,
        )
        .unwrap_or_default();
    Statement {
        layout,
        bank,
        name_lines,
        names,
        street,
        city_line,
        address,
        account_masked_line: format!("Account Number: ****{last4}"),
        account_full,
        account_printed,
        account_line,
        period: (start, end),
        opening_cents: rng.range(200_000, 2_500_000),
        txns,
        pages,
        producer: producer.into(),
        creator: creator.into(),
        created,
        mixed_font_digit: false,
        retyped_row: None,
        period_label_above: layout == Layout::Modern && rng.chance(0.4),
        per_char: layout == Layout::Classic && rng.chance(0.3),
    }
}

fn account_text(rng: &mut Rng, layout: Layout, full: &str, last4: &str) -> (String, String) {
    let grouped = || {
        full.as_bytes()
            .chunks(4)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let x_mask = "X".repeat(full.len() - 4);
    let options: Vec<(String, String)> = match layout {
        Layout::Classic => vec![
            (full.to_string(), format!("Account Number: {full}")),
            (
                format!("{x_mask}{last4}"),
                format!("Account Number: {x_mask}{last4}"),
            ),
            (
                format!("****{last4}"),
                format!("Account Number: ****{last4}"),
            ),
        ],
        Layout::Ledger => vec![
            (
                format!("ending in {last4}"),
                format!("Checking account ending in {last4}"),
            ),
            (format!("****{last4}"), format!("Acct # ****{last4}")),
            (
                format!("XXXX-XXXX-{last4}"),
                format!("Account: XXXX-XXXX-{last4}"),
            ),
        ],
        Layout::Modern => vec![
            (full.to_string(), format!("Account No. {full}")),
            (grouped(), format!("Account number {}", grouped())),
            (format!("...{last4}"), format!("Account ...{last4}")),
        ],
    };
    rng.pick(&options).clone()
}

/// `1234567` cents → `12,345.67` (negative with a leading minus).
pub(crate) fn money(cents: i64) -> String {
    let abs = cents.unsigned_abs();
    let whole = (abs / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!(
        "{}{grouped}.{:02}",
        if cents < 0 { "-" } else { "" },
        abs % 100
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_money() {
        assert_eq!(money(123_456_789), "1,234,567.89");
        assert_eq!(money(-5), "-0.05");
        assert_eq!(money(100_000), "1,000.00");
    }

    #[test]
    fn statements_are_reproducible() {
        let a = statement(&mut Rng::new(7), Layout::Modern, 2);
        let b = statement(&mut Rng::new(7), Layout::Modern, 2);
        assert_eq!(
            (a.names, a.account_line, a.period),
            (b.names, b.account_line, b.period)
        );
    }
}
