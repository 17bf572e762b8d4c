//! What `/institutions/*` and Link show about an institution beyond its name: whether it logs users in
//! by OAuth, its colour, web site, routing numbers and products.

use super::institutions::Institution;
use crate::domain::Product;

/// Sandbox institutions that log users in on their own page (reference §8.1: the OAuth Platypus banks and
/// the UK open-banking ones).
const OAUTH: [&str; 5] = [
    "ins_127287",
    "ins_132241",
    "ins_117181",
    "ins_116834",
    "ins_117650",
];

/// `(institution_id, primary_color, url, routing_numbers)`. Sandbox banks have no web site of their own.
const PROFILES: &[(&str, &str, Option<&str>, &[&str])] = &[
    ("ins_109508", "#1f6f4a", None, &["011401533"]),
    ("ins_130016", "#25805a", None, &[]),
    ("ins_109509", "#7a2e8e", None, &[]),
    ("ins_109510", "#3056a3", None, &[]),
    ("ins_109511", "#a4232b", None, &[]),
    ("ins_109512", "#5c4a2e", None, &["021000021"]),
    ("ins_43", "#b3262d", None, &[]),
    ("ins_116834", "#2d6a8f", None, &[]),
    ("ins_117650", "#1b2a4a", None, &[]),
    ("ins_127287", "#2a7d8c", None, &[]),
    ("ins_132241", "#2a6f8c", None, &[]),
    ("ins_117181", "#2d5f8f", None, &[]),
    ("ins_135858", "#4c6a92", None, &["333333334"]),
    (
        "ins_1",
        "#e31837",
        Some("https://www.bankofamerica.com"),
        &[],
    ),
    ("ins_3", "#095aa6", Some("https://www.chase.com"), &[]),
    ("ins_4", "#d71e28", Some("https://www.wellsfargo.com"), &[]),
    ("ins_5", "#056dae", Some("https://www.citi.com"), &[]),
    (
        "ins_128026",
        "#004879",
        Some("https://www.capitalone.com"),
        &[],
    ),
];

/// Products every institution here supports (what Tartan serves and Plaid lists for its sandbox banks).
const PRODUCTS: [Product; 7] = [
    Product::Assets,
    Product::Auth,
    Product::Balance,
    Product::Identity,
    Product::IdentityMatch,
    Product::Investments,
    Product::Transactions,
];

/// The colour of institutions without a profile: Tartan's navy.
const DEFAULT_COLOR: &str = "#1b2a4a";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Details {
    pub oauth: bool,
    pub primary_color: &'static str,
    pub url: Option<&'static str>,
    pub routing_numbers: &'static [&'static str],
    pub products: &'static [Product],
}

pub fn details(institution: &Institution) -> Details {
    let profile = PROFILES.iter().find(|(id, ..)| *id == institution.id);
    Details {
        oauth: OAUTH.contains(&institution.id),
        primary_color: profile.map_or(DEFAULT_COLOR, |p| p.1),
        url: profile.and_then(|p| p.2),
        routing_numbers: profile.map_or(&[], |p| p.3),
        products: &PRODUCTS,
    }
}

/// Institutions whose name contains every word of `query` (case-insensitive; an empty query matches all),
/// that serve one of `country_codes` and every one of `products`. Sandbox institutions first.
pub fn matching(
    query: &str,
    country_codes: &[String],
    products: &[Product],
) -> Vec<&'static Institution> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    super::institutions::all()
        .iter()
        .filter(|institution| {
            let name = institution.name.to_lowercase();
            words.iter().all(|word| name.contains(word.as_str()))
                && (country_codes.is_empty()
                    || institution
                        .country_codes
                        .iter()
                        .any(|c| country_codes.iter().any(|w| w == c)))
                && products
                    .iter()
                    .all(|p| details(institution).products.contains(p))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::sandbox::institutions::{all, find};

    #[test]
    fn profiles_and_oauth_ids_name_known_institutions() {
        for (id, color, ..) in PROFILES {
            assert!(find(id).is_some(), "{id}");
            assert!(color.len() == 7 && color.starts_with('#'), "{id}");
        }
        for id in OAUTH {
            assert!(find(id).is_some(), "{id}");
        }
        assert!(details(find("ins_127287").unwrap()).oauth);
        assert!(!details(find("ins_109508").unwrap()).oauth);
        assert!(
            all()
                .iter()
                .all(|i| details(i).products.contains(&Product::Auth))
        );
    }

    #[test]
    fn search_matches_every_word_within_the_countries() {
        let us = ["US".to_owned()];
        let names = |query| {
            matching(query, &us, &[])
                .iter()
                .map(|i| i.name)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            names("platypus oauth"),
            ["Platypus OAuth Bank", "First Platypus OAuth App2App Bank"]
        );
        assert!(names("royal").is_empty());
        assert_eq!(matching("royal", &["GB".to_owned()], &[]).len(), 1);
        assert!(matching("", &us, &[Product::PaymentInitiation]).is_empty());
    }
}
