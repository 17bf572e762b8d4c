//! The institutions Tartan knows: every Plaid Sandbox institution (reference §8.1) and a few
//! well-known Production institutions that Plaid's own examples and quickstarts use.

/// How an institution behaves when an Item is created at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InstitutionHealth {
    /// Works normally.
    Healthy,
    /// Plaid's "Unhealthy Platypus Bank - Degraded": reported as degraded, but logins still succeed.
    Degraded,
    /// Logins fail with `INSTITUTION_DOWN`.
    Down,
    /// Logins fail with `INSTITUTION_NO_LONGER_SUPPORTED`.
    Unsupported,
}

/// One institution, as `/institutions/get_by_id` would describe it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Institution {
    /// Plaid's `institution_id`, e.g. `ins_109508`.
    pub id: &'static str,
    pub name: &'static str,
    /// ISO-3166 alpha-2 codes, as in Plaid's `country_codes`.
    pub country_codes: &'static [&'static str],
    /// ISO-4217 code of the accounts the sandbox creates here.
    pub currency: &'static str,
    pub health: InstitutionHealth,
}

impl Institution {
    /// Whether this is a Canadian institution (where the default user's retirement accounts are
    /// `tfsa`/`rrsp` and amounts are in CAD).
    pub fn is_canadian(&self) -> bool {
        self.country_codes.contains(&"CA")
    }
}

const US: &[&str] = &["US"];
const CA: &[&str] = &["CA"];
const GB: &[&str] = &["GB"];

const fn ins(
    id: &'static str,
    name: &'static str,
    country_codes: &'static [&'static str],
) -> Institution {
    let currency = match country_codes {
        [] => "USD",
        [first, ..] => match first.as_bytes() {
            b"CA" => "CAD",
            b"GB" => "GBP",
            _ => "USD",
        },
    };
    Institution {
        id,
        name,
        country_codes,
        currency,
        health: InstitutionHealth::Healthy,
    }
}

const fn with_health(institution: Institution, health: InstitutionHealth) -> Institution {
    Institution {
        health,
        ..institution
    }
}

/// Names follow plaid.com/docs/sandbox/institutions (ASCII hyphen in the "Unhealthy" names).
static INSTITUTIONS: [Institution; 23] = [
    // Plaid Sandbox institutions (reference §8.1).
    ins("ins_109508", "First Platypus Bank", US),
    ins("ins_130016", "First Platypus Balance Bank", US),
    ins("ins_109509", "First Gingham Credit Union", US),
    ins("ins_109510", "Tattersall Federal Credit Union", US),
    ins("ins_109511", "Tartan Bank", US),
    ins("ins_109512", "Houndstooth Bank", US),
    ins("ins_43", "Tartan-Dominion Bank of Canada", CA),
    ins("ins_116834", "Flexible Platypus Open Banking", GB),
    ins("ins_117650", "Royal Bank of Plaid", GB),
    ins("ins_127287", "Platypus OAuth Bank", US),
    ins("ins_132241", "First Platypus OAuth App2App Bank", US),
    ins(
        "ins_117181",
        "Flexible Platypus Open Banking (QR Code Authentication)",
        GB,
    ),
    ins("ins_135858", "Windowpane Bank", US),
    with_health(
        ins("ins_132363", "Unhealthy Platypus Bank - Degraded", US),
        InstitutionHealth::Degraded,
    ),
    with_health(
        ins("ins_132361", "Unhealthy Platypus Bank - Down", US),
        InstitutionHealth::Down,
    ),
    with_health(
        ins("ins_133402", "Unsupported Platypus Bank", US),
        InstitutionHealth::Unsupported,
    ),
    ins("ins_133502", "Platypus Bank RUX Auth", US),
    ins("ins_133503", "Platypus Bank RUX Match", US),
    // Production institutions that also exist in Sandbox and appear in Plaid's examples.
    ins("ins_1", "Bank of America", US),
    ins("ins_3", "Chase", US),
    ins("ins_4", "Wells Fargo", US),
    ins("ins_5", "Citi", US),
    ins("ins_128026", "Capital One", US),
];

/// The institution with this `institution_id` (exact, case-sensitive match).
pub fn find(id: &str) -> Option<&'static Institution> {
    INSTITUTIONS.iter().find(|institution| institution.id == id)
}

/// Every known institution, Sandbox ones first.
pub fn all() -> &'static [Institution] {
    &INSTITUTIONS
}

/// `ins_109508` First Platypus Bank: Plaid's default non-OAuth Sandbox institution.
pub fn default_institution() -> &'static Institution {
    &INSTITUTIONS[0]
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn every_institution_is_found_by_its_id() {
        for institution in all() {
            assert_eq!(find(institution.id), Some(institution));
        }
        assert_eq!(find("ins_999999999"), None);
        assert_eq!(find("INS_3"), None);
        assert_eq!(default_institution().id, "ins_109508");
    }

    #[test]
    fn ids_are_unique() {
        let mut ids: Vec<_> = all().iter().map(|institution| institution.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), all().len());
    }

    #[test]
    fn sandbox_institutions_have_the_documented_names_countries_and_currencies() {
        let expected = [
            ("ins_109508", "First Platypus Bank", "US", "USD"),
            ("ins_130016", "First Platypus Balance Bank", "US", "USD"),
            ("ins_109509", "First Gingham Credit Union", "US", "USD"),
            ("ins_109510", "Tattersall Federal Credit Union", "US", "USD"),
            ("ins_109511", "Tartan Bank", "US", "USD"),
            ("ins_109512", "Houndstooth Bank", "US", "USD"),
            ("ins_43", "Tartan-Dominion Bank of Canada", "CA", "CAD"),
            ("ins_116834", "Flexible Platypus Open Banking", "GB", "GBP"),
            ("ins_117650", "Royal Bank of Plaid", "GB", "GBP"),
            ("ins_127287", "Platypus OAuth Bank", "US", "USD"),
            (
                "ins_132241",
                "First Platypus OAuth App2App Bank",
                "US",
                "USD",
            ),
            (
                "ins_117181",
                "Flexible Platypus Open Banking (QR Code Authentication)",
                "GB",
                "GBP",
            ),
            ("ins_135858", "Windowpane Bank", "US", "USD"),
            (
                "ins_132363",
                "Unhealthy Platypus Bank - Degraded",
                "US",
                "USD",
            ),
            ("ins_132361", "Unhealthy Platypus Bank - Down", "US", "USD"),
            ("ins_133402", "Unsupported Platypus Bank", "US", "USD"),
            ("ins_133502", "Platypus Bank RUX Auth", "US", "USD"),
            ("ins_133503", "Platypus Bank RUX Match", "US", "USD"),
            ("ins_1", "Bank of America", "US", "USD"),
            ("ins_3", "Chase", "US", "USD"),
            ("ins_4", "Wells Fargo", "US", "USD"),
            ("ins_5", "Citi", "US", "USD"),
            ("ins_128026", "Capital One", "US", "USD"),
        ];
        assert_eq!(expected.len(), all().len());
        for (id, name, country, currency) in expected {
            let institution = find(id).unwrap();
            assert_eq!(institution.name, name, "{id}");
            assert_eq!(institution.country_codes, [country], "{id}");
            assert_eq!(institution.currency, currency, "{id}");
        }
        assert!(find("ins_43").unwrap().is_canadian());
        assert!(!find("ins_109508").unwrap().is_canadian());
    }

    #[test]
    fn only_the_unhealthy_platypus_banks_are_unhealthy() {
        let health = |id| find(id).unwrap().health;
        assert_eq!(health("ins_132363"), InstitutionHealth::Degraded);
        assert_eq!(health("ins_132361"), InstitutionHealth::Down);
        assert_eq!(health("ins_133402"), InstitutionHealth::Unsupported);
        let unhealthy = all()
            .iter()
            .filter(|i| i.health != InstitutionHealth::Healthy)
            .count();
        assert_eq!(unhealthy, 3);
    }
}
