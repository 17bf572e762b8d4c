//! Word lists for the holder-block reader. Upper case; matched as whole words.

/// USPS state, district and territory codes (plus military "states").
pub(super) const STATES: [&str; 62] = [
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA",
    "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM",
    "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA",
    "WV", "WI", "WY", "PR", "VI", "GU", "AS", "MP", "AA", "AE", "AP", "FM", "MH", "PW",
];

/// Canada Post province and territory codes.
pub(super) const PROVINCES: [&str; 13] = [
    "AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT",
];

/// Words that mark a line as the bank's, not a customer's.
pub(super) const BANK_WORDS: &[&str] = &[
    "BANK",
    "BANCORP",
    "CREDIT",
    "UNION",
    "N.A.",
    "NA",
    "FINANCIAL",
    "SAVINGS",
    "TRUST",
    "FEDERAL",
    "FSB",
    "SERVICE",
    "SERVICES",
    "CUSTOMER",
    "CORPORATION",
    "BRANCH",
];

/// Words that never appear in a holder's name but do in statement headings.
pub(super) const LABEL_WORDS: &[&str] = &[
    "STATEMENT",
    "ACCOUNT",
    "ACCOUNTS",
    "SUMMARY",
    "PAGE",
    "BALANCE",
    "DATE",
    "PERIOD",
    "CHECKING",
    "SAVINGS",
    "TOTAL",
    "DEPOSITS",
    "WITHDRAWALS",
    "DESCRIPTION",
    "AMOUNT",
    "BEGINNING",
    "ENDING",
    "OPENING",
    "CLOSING",
    "FEES",
    "INTEREST",
    "TRANSACTIONS",
    "ACTIVITY",
    "DETAILS",
    "NUMBER",
    "HOLDER",
    "HOLDERS",
    "PREPARED",
    "CONTACT",
    "QUESTIONS",
    "VISIT",
    "ONLINE",
    "MOBILE",
    "RETURN",
    "SERVICE",
    "PHONE",
    "CALL",
    "OF",
    "YOUR",
    "FOR",
];

/// Second lines of a street address.
pub(super) const UNIT_WORDS: &[&str] = &[
    "APT",
    "APARTMENT",
    "UNIT",
    "STE",
    "SUITE",
    "FL",
    "FLOOR",
    "BLDG",
    "RM",
    "ROOM",
];

/// Labels printed before (or above) the holder's name, lower case, longest first.
pub(super) const HOLDER_LABELS: &[&str] = &[
    "primary account holder",
    "account holders",
    "account holder",
    "account owner",
    "customer name",
    "statement for",
    "prepared for",
    "holder name",
    "holders",
    "holder",
    "name",
];
