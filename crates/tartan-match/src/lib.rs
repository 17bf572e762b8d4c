//! Identity matching engine (pure, no I/O): scores the user data of a Plaid `/identity/match` request against the
//! owners of one account, field by field, with Plaid's 0–100 scores, bands and flags.
//!
//! Every field is compared with every owner and with every value an owner holds (Plaid's sandbox matches secondary
//! emails, phones and addresses, not only the primary ones) and the maximum is reported, as the spec's score objects
//! say. Missing data on either side gives `None`. This crate owns normalisation and scoring only: account lookup,
//! the HTTP endpoint and the rendering of [`MatchError`] as a Plaid error live in `tartan`.
//!
//! Field rules live in `name`, `phone`, `email` and `address`; input bounds in `limits`. The design
//! and the measured quality are written up in `docs/identity-match.md`.

mod address;
mod census;
mod country;
mod email;
mod equivalents;
mod fasthash;
mod given;
mod given_abroad;
mod hypocoristics;
mod limits;
mod name;
mod nicknames;
mod numbering;
mod phone;
mod phonetic;
mod static_table;
#[cfg(feature = "synth")]
pub mod synth;
mod text;
mod translit;

use serde::Serialize;

pub use limits::{MAX_NAME_WORDS, MAX_OWNERS, MAX_STRING_CHARS, MAX_VALUES_PER_LIST};
pub use phone::MAX_PHONE_CHARS;

/// The user data of Plaid's `IdentityMatchUser`; every field is optional and blank strings count as missing.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MatchUser {
    /// Full legal name, in any order ("Jennifer Smith", "Smith, Jennifer", "Ms. Jennifer W. Smith Jr.").
    pub legal_name: Option<String>,
    /// Phone number, E.164 preferred; other formats are parsed best-effort with the default region (see
    /// [`match_identity`]).
    pub phone_number: Option<String>,
    /// Email address.
    pub email_address: Option<String>,
    /// Postal address.
    pub address: Option<MatchAddress>,
}

/// An address as Plaid's `AddressDataNullableNoRequiredFields` carries it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MatchAddress {
    /// Street line, including any secondary unit ("2493 Leisure Ln., Apt 4").
    pub street: Option<String>,
    /// City.
    pub city: Option<String>,
    /// State or region: a two-letter code or the full name.
    pub region: Option<String>,
    /// Postal code; US ZIP and ZIP+4 compare on the first five digits.
    pub postal_code: Option<String>,
    /// ISO 3166-1 alpha-2 country code (a few common names are also understood).
    pub country: Option<String>,
}

/// What the financial institution holds for one owner of the account.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MatchOwner {
    /// Every name on the owner record (joint accounts list several).
    pub names: Vec<String>,
    /// Every phone number, in whatever format the institution stores.
    pub phone_numbers: Vec<String>,
    /// Every email address, primary or not.
    pub emails: Vec<String>,
    /// Every address, primary or not.
    pub addresses: Vec<MatchAddress>,
}

/// The four score objects of one account in an `/identity/match` response.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatchScores {
    /// Plaid's `NameMatchScore`.
    pub legal_name: NameMatch,
    /// Plaid's `PhoneNumberMatchScore`.
    pub phone_number: FieldMatch,
    /// Plaid's `EmailAddressMatchScore`.
    pub email_address: FieldMatch,
    /// Plaid's `AddressMatchScore`.
    pub address: AddressMatch,
}

/// Plaid's `NameMatchScore`: 100 identical after normalisation, 85–99 strong, 70–84 partial, below 70 mismatch.
/// All fields are `None` when a name is missing on either side; the flags describe the best-scoring pair of names.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct NameMatch {
    /// 0–100.
    pub score: Option<u8>,
    /// Exactly one of the first and last names matched exactly: likely a family member when the score is low.
    pub is_first_name_or_last_name_match: Option<bool>,
    /// The first names matched through a nickname (Jennifer/Jenn).
    pub is_nickname_match: Option<bool>,
    /// Either name carries a business designator (LLC, INC, CORP, LTD, …).
    pub is_business_name_detected: Option<bool>,
}

/// Plaid's `PhoneNumberMatchScore` and `EmailAddressMatchScore`: 100 perfect, 70–99 partial, below 70 mismatch.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct FieldMatch {
    /// 0–100, `None` when the value is missing on either side.
    pub score: Option<u8>,
}

/// Plaid's `AddressMatchScore`: 100 perfect, 90–99 strong, 70–89 partial, below 70 weak.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct AddressMatch {
    /// 0–100, `None` when no address component is present on both sides.
    pub score: Option<u8>,
    /// The best-scoring pair of addresses both carry a postal code and the codes are equal (ZIP+4 compared on
    /// its first five digits). `None` exactly when `score` is.
    pub is_postal_code_match: Option<bool>,
}

/// Why a match request was refused. Messages name the field and the problem, never the submitted value (PII).
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum MatchError {
    /// The user's phone number cannot be parsed, or is not a possible number for its region (Plaid's
    /// INVALID_FIELD).
    #[error("{0}")]
    InvalidPhoneNumber(String),
    /// An input exceeds one of the documented bounds ([`MAX_STRING_CHARS`], [`MAX_OWNERS`],
    /// [`MAX_VALUES_PER_LIST`]).
    #[error("{0}")]
    TooLarge(String),
}

/// Scores `user` against the owners of one account.
///
/// Each field's score is the maximum over every owner and every value the owner holds. Phone numbers without a
/// country code are read in one default region for the whole request: the user's address country, else the first
/// country on any owner address, else `US`.
///
/// # Errors
/// [`MatchError::TooLarge`] when an input exceeds the documented bounds (checked before any work), and
/// [`MatchError::InvalidPhoneNumber`] when the user's phone number is present but unparseable or impossible.
/// Unusable owner-side phone numbers never fail the request: they just do not match.
pub fn match_identity(user: &MatchUser, owners: &[MatchOwner]) -> Result<MatchScores, MatchError> {
    PreparedUser::new(user).match_owners(owners)
}

/// The user's data read once, for scoring it against the owners of several accounts (one `/identity/match`
/// request scores every account of an Item): the name, email and address are parsed here, the phone number on
/// first use for each default region.
pub struct PreparedUser<'u> {
    user: &'u MatchUser,
    name: name::UserName,
    phone: phone::UserPhone<'u>,
    email: email::UserEmail,
    address: address::UserAddress,
    /// The region the user's address country names (`None`: the owners' addresses decide).
    region: Option<phonenumber::country::Id>,
}

impl<'u> PreparedUser<'u> {
    /// Reads `user`. Nothing is refused here: the bounds are checked by [`PreparedUser::match_owners`], so
    /// every request is refused or scored exactly as [`match_identity`] would.
    pub fn new(user: &'u MatchUser) -> Self {
        // Parsing text over the bounds would be wasted work: such a user is refused before any scoring.
        let within = limits::check(user, &[]).is_ok();
        PreparedUser {
            user,
            name: name::prepare(user.legal_name.as_deref().filter(|_| within)),
            phone: phone::prepare(user.phone_number.as_deref()),
            email: email::prepare(user.email_address.as_deref().filter(|_| within)),
            address: address::prepare(user.address.as_ref().filter(|_| within)),
            region: if within {
                country::user_region(user)
            } else {
                None
            },
        }
    }

    /// [`match_identity`] of this user against the owners of one account.
    ///
    /// # Errors
    /// As [`match_identity`].
    pub fn match_owners(&self, owners: &[MatchOwner]) -> Result<MatchScores, MatchError> {
        limits::check(self.user, owners)?;
        let region = country::default_region_given(self.region, owners);
        let phone_number = phone::best_of(&self.phone, owners, region)?;
        Ok(MatchScores {
            legal_name: name::best_of(&self.name, owners),
            phone_number,
            email_address: email::best(&self.email, owners),
            address: address::best_of(&self.address, owners),
        })
    }
}
