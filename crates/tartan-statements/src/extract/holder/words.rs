//! Word lists for the holder-block reader. Upper case; matched as whole words.

/// USPS state, district and territory codes (plus military "states").
pub(crate) const STATES: [&str; 62] = [
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA",
    "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM",
    "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA",
    "WV", "WI", "WY", "PR", "VI", "GU", "AS", "MP", "AA", "AE", "AP", "FM", "MH", "PW",
];

/// Canada Post province and territory codes.
pub(crate) const PROVINCES: [&str; 13] = [
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
    "FEDERAL",
    "FSB",
    "SERVICES",
    "CUSTOMER",
    "CORPORATION",
    "BRANCH",
];

/// Bank words that also end holders' names: a trust's title ("JANE Q DOE LIVING TRUST") or a surname
/// ("JOHN SERVICE"). They count against a block, but much less than `BANK_WORDS`.
pub(super) const WEAK_BANK_WORDS: &[&str] = &["TRUST", "SERVICE"];

/// Words that never appear in a holder's name but do in statement headings.
pub(super) const HEADING_WORDS: &[&str] = &[
    "STATEMENT",
    "ACCOUNT",
    "ACCOUNTS",
    "SUMMARY",
    "BALANCE",
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
    "PREPARED",
    "CONTACT",
    "QUESTIONS",
    "VISIT",
    "ONLINE",
    "MOBILE",
    "RETURN",
    "PHONE",
    "OF",
    "YOUR",
    "FOR",
    "CUSTOMER",
    "TRANSACTION",
    "DEPOSIT",
    "WITHDRAWAL",
    "PAYMENT",
    "DUE",
];

/// Field labels that are also surnames or given names ("JIMMY PAGE", "ANNA DATE", "JOHN SERVICE"): a label
/// only where it reads as one — first on the line ("Page 1 of 2", "Date", "Call us") or followed by `:` or a
/// number ("Statement Page: 2").
pub(super) const FIELD_WORDS: &[&str] = &["PAGE", "DATE", "SERVICE", "CALL", "HOLDER", "HOLDERS"];

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
