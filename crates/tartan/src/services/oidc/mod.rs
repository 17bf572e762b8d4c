//! Logins through an institution's OpenID Connect authorization server: the relying party
//! ([`relying_party`]), which servers it may talk to ([`issuer`]), and Link's side of it ([`login`]).

mod error;
mod issuer;
mod login;
mod relying_party;

pub use error::OidcError;
pub use issuer::IssuerPolicy;
pub use login::{Begun, CallbackQuery, CallbackRefused, LOGIN_LIFETIME, begin, callback, complete};
pub use relying_party::{Registration, Started, finish, start};
