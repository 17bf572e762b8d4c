//! Plaid's API versions: the `Plaid-Version` header, or a client's default.

use std::fmt;

/// A version of Plaid's API whose response shapes Tartan serves. Ordered oldest first, so `<` reads "older than".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum ApiVersion {
    V2017_03_08,
    V2018_05_22,
    V2019_05_29,
    /// Today's shapes, the spec's version; the default of a client that chose none.
    #[default]
    V2020_09_14,
}

impl ApiVersion {
    pub const ALL: [Self; 4] = [
        Self::V2017_03_08,
        Self::V2018_05_22,
        Self::V2019_05_29,
        Self::V2020_09_14,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::V2017_03_08 => "2017-03-08",
            Self::V2018_05_22 => "2018-05-22",
            Self::V2019_05_29 => "2019-05-29",
            Self::V2020_09_14 => "2020-09-14",
        }
    }

    /// The version a header value or a stored setting names; an error message listing the known ones otherwise.
    pub fn parse(value: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|version| version.as_str() == value.trim())
            .ok_or_else(|| {
                let known: Vec<&str> = Self::ALL.iter().map(|version| version.as_str()).collect();
                format!(
                    "`{value}` is not a Plaid API version; use one of {}",
                    known.join(", ")
                )
            })
    }
}

impl fmt::Display for ApiVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_version_parses_back_and_others_are_refused() {
        for version in ApiVersion::ALL {
            assert_eq!(ApiVersion::parse(version.as_str()), Ok(version));
        }
        assert_eq!(ApiVersion::default(), ApiVersion::V2020_09_14);
        let error = ApiVersion::parse("2021-01-01").unwrap_err();
        assert!(
            error.contains("2017-03-08") && error.contains("2021-01-01"),
            "{error}"
        );
        assert!(ApiVersion::V2018_05_22 < ApiVersion::V2019_05_29);
    }
}
