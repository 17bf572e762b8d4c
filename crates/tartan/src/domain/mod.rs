//! Domain values shared by the http layer, the store and the sandbox: Plaid's account, owner and item
//! vocabulary with the invariants parsed in, and nothing that does I/O.

mod account;
mod environment;
mod ids;
mod money;
mod product;

pub use account::{
    AccountSubtype, AccountType, Account, AchNumbers, Address, AddressData, BacsNumbers, Balances, Email, EmailType,
    EftNumbers, InternationalNumbers, Numbers, Owner, PhoneNumber, PhoneType,
};
pub use environment::Environment;
pub use ids::{AccountId, ClientId, ItemId};
pub use money::Money;
pub use product::Product;
