//! Labelled phone and email pairs. Phones: one line written in different formats (positives) or different lines,
//! including the same digits in another area code and a family line on the same exchange (negatives). Emails: one
//! mailbox reached another way (positives) or different mailboxes, including look-alikes (negatives).

use super::pools::{AREA_CODES, EMAIL_DOMAINS, GIVEN, SURNAMES};
use super::{ExpectedFlags, Field, Labelled, Rng, typo, variation};
use crate::{MatchAddress, MatchOwner, MatchUser};

const PHONE_POSITIVES: &[&str] = &[
    "format",
    "extension_one_side",
    "same_extension",
    "unassigned_range",
    "secondary_number",
    "international",
];
const PHONE_NEGATIVES: &[&str] = &[
    "different_number",
    "other_area_code",
    "one_digit_off",
    "transposed_digits",
    "same_exchange",
    "international_other",
];

/// A North American number as its three parts, or a London number (`area` "20").
#[derive(Debug, Clone, PartialEq)]
struct Number {
    london: bool,
    area: String,
    exchange: String,
    line: String,
}

fn digits(rng: &mut Rng, n: usize) -> String {
    (0..n)
        .map(|_| char::from(b'0' + rng.below(10) as u8))
        .collect()
}

fn exchange(rng: &mut Rng) -> String {
    loop {
        let e = format!("{}{}", 2 + rng.below(8), digits(rng, 2));
        // 555 and N11 codes are not subscriber exchanges.
        if e != "555" && !e.ends_with("11") {
            return e;
        }
    }
}

fn nanp(rng: &mut Rng) -> Number {
    Number {
        london: false,
        area: rng.pick(AREA_CODES).to_owned(),
        exchange: exchange(rng),
        line: digits(rng, 4),
    }
}

/// Ofcom's drama range 020 7946 0000–0999: valid London numbers reserved for fiction.
fn london(rng: &mut Rng) -> Number {
    Number {
        london: true,
        area: "20".to_owned(),
        exchange: "7946".to_owned(),
        line: format!("0{}", digits(rng, 3)),
    }
}

/// A number as people write it, optionally with an extension.
fn written(rng: &mut Rng, n: &Number, extension: Option<&str>) -> String {
    let (a, e, l) = (&n.area, &n.exchange, &n.line);
    let main = if n.london {
        match rng.below(4) {
            0 => format!("+44 {a} {e} {l}"),
            1 => format!("0{a} {e} {l}"),
            2 => format!("+44{a}{e}{l}"),
            _ => format!("(0{a}) {e} {l}"),
        }
    } else {
        match rng.below(9) {
            0 => format!("+1{a}{e}{l}"),
            1 => format!("({a}) {e}-{l}"),
            2 => format!("{a}-{e}-{l}"),
            3 => format!("{a}.{e}.{l}"),
            4 => format!("1-{a}-{e}-{l}"),
            5 => format!("+1 ({a}) {e}-{l}"),
            6 => format!("{a}{e}{l}"),
            7 => format!("1 ({a})-{e}-{l}"),
            _ => format!("+1-{a}-{e}-{l}"),
        }
    };
    match extension {
        Some(x) => format!(
            "{main}{}{x}",
            rng.pick(&[" ext. ", " x", " ext ", " extension "])
        ),
        None => main,
    }
}

/// `n` with one digit of its subscriber part changed.
fn one_digit_off(rng: &mut Rng, n: &Number) -> Number {
    let mut line: Vec<u8> = n.line.bytes().collect();
    let at = rng.below(line.len());
    line[at] = b'0' + ((line[at] - b'0' + 1 + rng.below(9) as u8) % 10);
    Number {
        line: String::from_utf8_lossy(&line).into_owned(),
        ..n.clone()
    }
}

pub(super) fn phone_pair(rng: &mut Rng, i: usize) -> Labelled {
    let (name, same) = variation(i, PHONE_POSITIVES, PHONE_NEGATIVES);
    let base = nanp(rng);
    let (user, mut owner_numbers, region): (String, Vec<String>, Option<&str>) = match name {
        "format" => (
            written(rng, &base, None),
            vec![written(rng, &base, None)],
            None,
        ),
        "extension_one_side" => {
            let len = 1 + rng.below(4);
            let x = digits(rng, len);
            (
                written(rng, &base, Some(&x)),
                vec![written(rng, &base, None)],
                None,
            )
        }
        "same_extension" => {
            let len = 1 + rng.below(4);
            let x = digits(rng, len);
            (
                written(rng, &base, Some(&x)),
                vec![written(rng, &base, Some(&x))],
                None,
            )
        }
        "unassigned_range" => {
            // Like Plaid's sandbox 111-222-3333: an area code that does not exist.
            let n = Number {
                area: format!("1{}", digits(rng, 2)),
                ..base
            };
            (written(rng, &n, None), vec![written(rng, &n, None)], None)
        }
        "secondary_number" => {
            let other = nanp(rng);
            (
                written(rng, &base, None),
                vec![written(rng, &other, None), written(rng, &base, None)],
                None,
            )
        }
        "international" => {
            let n = london(rng);
            (
                written(rng, &n, None),
                vec![written(rng, &n, None)],
                Some("GB"),
            )
        }
        "different_number" => {
            let other = nanp(rng);
            (
                written(rng, &base, None),
                vec![written(rng, &other, None)],
                None,
            )
        }
        "other_area_code" => {
            let mut other = base.clone();
            while other.area == base.area {
                other.area = rng.pick(AREA_CODES).to_owned();
            }
            (
                written(rng, &base, None),
                vec![written(rng, &other, None)],
                None,
            )
        }
        "one_digit_off" => {
            let other = one_digit_off(rng, &base);
            (
                written(rng, &base, None),
                vec![written(rng, &other, None)],
                None,
            )
        }
        "transposed_digits" => {
            let mut other = base.clone();
            while other == base {
                let mut line: Vec<char> = base.line.chars().collect();
                let at = rng.below(3);
                line.swap(at, at + 1);
                other.line = line.into_iter().collect();
                if other == base {
                    other.line = digits(rng, 4);
                }
            }
            (
                written(rng, &base, None),
                vec![written(rng, &other, None)],
                None,
            )
        }
        "same_exchange" => {
            let mut other = base.clone();
            while other.line == base.line || one_digit_apart(&other.line, &base.line) {
                other.line = digits(rng, 4);
            }
            (
                written(rng, &base, None),
                vec![written(rng, &other, None)],
                None,
            )
        }
        _ => {
            let (n, mut m) = (london(rng), london(rng));
            while m.line == n.line {
                m = london(rng);
            }
            (
                written(rng, &n, None),
                vec![written(rng, &m, None)],
                Some("GB"),
            )
        }
    };
    if name != "secondary_number" && rng.chance(0.3) {
        // Owners often hold a second, unrelated number (work, mobile).
        let number = nanp(rng);
        let other = written(rng, &number, None);
        owner_numbers.insert(0, other);
    }
    let address = region.map(|c| MatchAddress {
        country: Some(c.to_owned()),
        ..MatchAddress::default()
    });
    Labelled {
        field: Field::Phone,
        variation: name,
        same,
        user: MatchUser {
            phone_number: Some(user),
            address,
            ..MatchUser::default()
        },
        owners: vec![MatchOwner {
            phone_numbers: owner_numbers,
            ..MatchOwner::default()
        }],
        expect: ExpectedFlags::default(),
    }
}

/// Lines one digit apart are the "one_digit_off" variation, not "same_exchange".
fn one_digit_apart(a: &str, b: &str) -> bool {
    a.bytes().zip(b.bytes()).filter(|(x, y)| x != y).count() == 1
}

const EMAIL_POSITIVES: &[&str] = &[
    "exact",
    "case_whitespace",
    "plus_tag_one_side",
    "plus_tags_differ",
    "gmail_dots",
    "googlemail_alias",
    "secondary_email",
];
const EMAIL_NEGATIVES: &[&str] = &[
    "other_person_same_domain",
    "same_name_other_provider",
    "numbered_sibling",
    "family_member",
    "domain_typo",
    "mailbox_typo",
    "dots_at_other_provider",
];

fn ascii_lower(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_lowercase()
}

/// A mailbox name built from a person's name the way people build them.
fn local_part(rng: &mut Rng, first: &str, last: &str) -> String {
    let (f, l) = (ascii_lower(first), ascii_lower(last));
    let initial: String = f.chars().take(1).collect();
    match rng.below(6) {
        0 => format!("{f}.{l}"),
        1 => format!("{initial}{l}"),
        2 => format!("{f}{l}{}", 10 + rng.below(90)),
        3 => format!("{f}_{l}"),
        4 => format!(
            "{f}.{}.{l}",
            ascii_lower(rng.pick(GIVEN))
                .chars()
                .take(1)
                .collect::<String>()
        ),
        _ => format!("{l}{f}"),
    }
}

pub(super) fn email_pair(rng: &mut Rng, i: usize) -> Labelled {
    let (name, same) = variation(i, EMAIL_POSITIVES, EMAIL_NEGATIVES);
    let (first, last) = (rng.pick(GIVEN), rng.pick(SURNAMES));
    let local = local_part(rng, first, last);
    let domain = rng.pick(EMAIL_DOMAINS);
    let base = format!("{local}@{domain}");
    let tag = |rng: &mut Rng| rng.pick(&["bank", "plaid", "shopping", "news", "2024", "fin"]);
    let (user, owner): (String, Vec<String>) = match name {
        "exact" => (base.clone(), vec![base]),
        "case_whitespace" => (format!(" {} ", base.to_uppercase()), vec![base]),
        "plus_tag_one_side" => (format!("{local}+{}@{domain}", tag(rng)), vec![base]),
        "plus_tags_differ" => {
            let (s, mut t) = (tag(rng), tag(rng));
            while t == s {
                t = tag(rng);
            }
            (
                format!("{local}+{s}@{domain}"),
                vec![format!("{local}+{t}@{domain}")],
            )
        }
        "gmail_dots" => {
            let (f, l) = (ascii_lower(first), ascii_lower(last));
            (
                format!("{f}.{l}@gmail.com"),
                vec![format!("{f}{l}@gmail.com")],
            )
        }
        "googlemail_alias" => (
            format!("{local}@googlemail.com"),
            vec![format!("{local}@gmail.com")],
        ),
        "secondary_email" => {
            let given = rng.pick(GIVEN);
            let other_local = local_part(rng, given, last);
            let other = format!("{other_local}@{}", rng.pick(EMAIL_DOMAINS));
            let other = if other == base {
                format!("x{other}")
            } else {
                other
            };
            (base.clone(), vec![other, base])
        }
        "other_person_same_domain" => {
            let mut other = local.clone();
            while other == local {
                let (g, s) = (rng.pick(GIVEN), rng.pick(SURNAMES));
                other = local_part(rng, g, s);
            }
            (base, vec![format!("{other}@{domain}")])
        }
        "same_name_other_provider" => {
            let mut other = rng.pick(EMAIL_DOMAINS);
            while other == domain {
                other = rng.pick(EMAIL_DOMAINS);
            }
            (base, vec![format!("{local}@{other}")])
        }
        "numbered_sibling" => {
            let (a, b) = (1 + rng.below(9), 1 + rng.below(9));
            let b = if a == b { a % 9 + 1 } else { b };
            (
                format!("{local}{a}@{domain}"),
                vec![format!("{local}{b}@{domain}")],
            )
        }
        "family_member" => {
            let mut relative = rng.pick(GIVEN);
            while ascii_lower(relative) == ascii_lower(first) {
                relative = rng.pick(GIVEN);
            }
            let (f, r, l) = (ascii_lower(first), ascii_lower(relative), ascii_lower(last));
            (
                format!("{f}.{l}@{domain}"),
                vec![format!("{r}.{l}@{domain}")],
            )
        }
        "domain_typo" => {
            let (label, tld) = domain.split_once('.').unwrap_or((domain, "com"));
            (
                base.clone(),
                vec![format!("{local}@{}.{tld}", typo(rng, label))],
            )
        }
        "mailbox_typo" => {
            let padded = if local.len() < 5 {
                format!("{local}{}", rng.below(10))
            } else {
                local.clone()
            };
            // Gmail ignores dots, so a "typo" that only moves a dot would still be the same mailbox.
            let mut typoed = typo(rng, &padded);
            while typoed.replace('.', "") == padded.replace('.', "") {
                typoed = typo(rng, &padded);
            }
            (
                format!("{padded}@{domain}"),
                vec![format!("{typoed}@{domain}")],
            )
        }
        _ => {
            let (f, l) = (ascii_lower(first), ascii_lower(last));
            let provider = rng.pick(&["yahoo.com", "outlook.com", "example.com", "comcast.net"]);
            (
                format!("{f}.{l}@{provider}"),
                vec![format!("{f}{l}@{provider}")],
            )
        }
    };
    let (user, owner) = match owner.as_slice() {
        [single] if rng.chance(0.5) => (single.clone(), vec![user]),
        _ => (user, owner),
    };
    Labelled {
        field: Field::Email,
        variation: name,
        same,
        user: MatchUser {
            email_address: Some(user),
            ..MatchUser::default()
        },
        owners: vec![MatchOwner {
            emails: owner,
            ..MatchOwner::default()
        }],
        expect: ExpectedFlags::default(),
    }
}
