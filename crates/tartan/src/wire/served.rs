//! The served form of an account: the JSON fragments the data endpoints answer with, written when the account
//! is written and copied into responses as they are.
//!
//! Parsing each stored account and serializing it again was most of a data request's work (callgrind: 60–80 %
//! of `/identity/get`'s instructions). The fragments are made here, by the same serializer from the same wire
//! types a response would use, every time the account is stored (both backends, in the same statement as the
//! account's JSON), so a read copies bytes and stays exactly as fresh as the account (the store's read model
//! keeps forms only while the database says nothing was committed since: `store/sql/read_model.rs`). Rows
//! stored before the fragments existed have none; for them [`AccountForm::of`] makes them at read time.

use std::sync::{Arc, LazyLock};

use memchr::memmem;

use serde::Serialize;

use super::account::AccountBase;
use super::numbers::ProcessorNumbers;
use super::request_id::RequestId;
use crate::domain::{Account, AccountId, AccountType, ItemRecord, Product};

/// Auth's rails, in the order `numbers` lists them.
pub const RAILS: [&str; 4] = ["ach", "eft", "international", "bacs"];

/// The balance's time as the stored base fragment has it (null); balance endpoints replace it where the
/// institution reports one. A JSON string never holds `,"` (its quotes are escaped), so this key is the only
/// match.
const NO_BALANCE_TIME: &str = ",\"last_updated_datetime\":null}";

/// The keys before and after `AccountBase`'s balances, and its balances as `/identity/match` reports them.
const BALANCES_KEY: &str = ",\"balances\":";
const MASK_KEY: &str = ",\"mask\":";
static BALANCES_FINDER: LazyLock<memmem::Finder<'static>> =
    LazyLock::new(|| memmem::Finder::new(BALANCES_KEY));
static MASK_FINDER: LazyLock<memmem::Finder<'static>> =
    LazyLock::new(|| memmem::Finder::new(MASK_KEY));
const NULL_BALANCES: &str = ",\"balances\":{\"available\":null,\"current\":null,\"limit\":null,\
\"iso_currency_code\":null,\"unofficial_currency_code\":null,\"last_updated_datetime\":null}";

/// One account as the data endpoints serve it. The fragments are shared (`Arc<str>`): a form the store's read
/// model holds is copied for every request it answers, and a copy of a shared text is a count, not an
/// allocation and a copy of the bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountForm {
    pub account_id: AccountId,
    pub account_type: AccountType,
    /// Plaid's `AccountBase`, `last_updated_datetime` null.
    pub base: Arc<str>,
    /// The owners array of `AccountIdentity`.
    pub owners: Arc<str>,
    /// Each rail's numbers object (`NumbersACH`, …) in [`RAILS`] order, `None` where the account has none.
    pub rails: [Option<Arc<str>>; 4],
}

impl AccountForm {
    /// The fragments of `account`, as a response built from it would serialize them.
    pub fn of<O: Serialize>(account: &Account<O>) -> Result<Self, serde_json::Error> {
        let numbers = ProcessorNumbers::from(account);
        Ok(Self {
            account_id: account.account_id.clone(),
            account_type: account.account_type,
            base: serde_json::to_string(&AccountBase::from(account))?.into(),
            owners: serde_json::to_string(&account.owners)?.into(),
            rails: [
                numbers.ach.as_ref().map(shared_json).transpose()?,
                numbers.eft.as_ref().map(shared_json).transpose()?,
                numbers
                    .international
                    .as_ref()
                    .map(shared_json)
                    .transpose()?,
                numbers.bacs.as_ref().map(shared_json).transpose()?,
            ],
        })
    }

    /// The form with only the fragments `shape` names (the others empty), as a read of that shape gives it.
    #[must_use]
    pub fn shaped(mut self, shape: FormShape) -> Self {
        if !shape.has_owners() {
            self.owners = "".into();
        }
        if !shape.has_rails() {
            self.rails = [None, None, None, None];
        }
        self
    }

    /// Whether the account can be paid to or from on any rail (an Auth account).
    pub fn has_numbers(&self) -> bool {
        self.rails.iter().any(Option::is_some)
    }

    /// The stored column text of [`Self::account_type`].
    pub fn type_name(&self) -> &'static str {
        type_name(self.account_type)
    }
}

fn shared_json<T: Serialize>(value: &T) -> Result<Arc<str>, serde_json::Error> {
    serde_json::to_string(value).map(Into::into)
}

/// Which fragments of its accounts a response sends, so that a read fetches only those: every response has
/// the base; Identity adds the owners, Auth the rails' numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormShape {
    Base,
    Owners,
    Rails,
}

impl FormShape {
    pub fn has_owners(self) -> bool {
        self == Self::Owners
    }

    pub fn has_rails(self) -> bool {
        self == Self::Rails
    }
}

/// `account_type` as stored in its column: its wire name.
pub fn type_name(account_type: AccountType) -> &'static str {
    match account_type {
        AccountType::Investment => "investment",
        AccountType::Credit => "credit",
        AccountType::Depository => "depository",
        AccountType::Loan => "loan",
        AccountType::Other => "other",
    }
}

/// The inverse of [`type_name`].
pub fn parse_type(name: &str) -> Option<AccountType> {
    Some(match name {
        "investment" => AccountType::Investment,
        "credit" => AccountType::Credit,
        "depository" => AccountType::Depository,
        "loan" => AccountType::Loan,
        "other" => AccountType::Other,
        _ => return None,
    })
}

/// A response body written from fragments: the same bytes serde_json gives for the typed responses.
pub struct Body(Vec<u8>);

impl Body {
    fn new(capacity: usize) -> Self {
        Self(Vec::with_capacity(capacity))
    }

    fn raw(&mut self, text: &str) {
        self.0.extend_from_slice(text.as_bytes());
    }

    fn value(&mut self, value: &impl Serialize) -> Result<(), serde_json::Error> {
        serde_json::to_writer(&mut self.0, value)
    }

    /// `AccountBase`, with `last_updated_datetime` set when `balance_time` is given.
    fn base(&mut self, account: &AccountForm, balance_time: Option<&str>) {
        match balance_time.and_then(|time| {
            let at = account.base.find(NO_BALANCE_TIME)?;
            Some((at, time))
        }) {
            Some((at, time)) => {
                self.raw(&account.base[..at]);
                self.raw(",\"last_updated_datetime\":");
                // An RFC 3339 time needs no escaping.
                self.raw("\"");
                self.raw(time);
                self.raw("\"");
                self.raw(&account.base[at + NO_BALANCE_TIME.len() - 1..]);
            }
            None => self.raw(&account.base),
        }
    }

    /// `AccountIdentity`: the base with `owners` after its last key.
    fn identity(&mut self, account: &AccountForm) {
        let open = account.base.len().saturating_sub(1);
        self.raw(&account.base[..open]);
        self.raw(",\"owners\":");
        self.raw(&account.owners);
        self.raw("}");
    }

    /// `AccountIdentityMatchScore`: the base with its balances null (Plaid reports none here), then the scores
    /// (`scores`, as [`match_scores_fragment`] writes them).
    fn match_score(
        &mut self,
        account: &AccountForm,
        scores: &str,
    ) -> Result<(), serde_json::Error> {
        let base = &*account.base;
        // A JSON string never holds `,"` (its quotes are escaped): the first `,"balances":` and the first
        // `,"mask":` after it are the keys around the balances object. The searchers are built once: `str::find`
        // set one up on every call (≈ 900 instructions each, two calls per account, callgrind).
        let Some((start, end)) = BALANCES_FINDER.find(base.as_bytes()).and_then(|start| {
            let end = start + MASK_FINDER.find(&base.as_bytes()[start..])?;
            Some((start, end))
        }) else {
            return Err(serde::ser::Error::custom(
                "a stored account base without balances",
            ));
        };
        self.raw(&base[..start]);
        self.raw(NULL_BALANCES);
        self.raw(&base[end..base.len().saturating_sub(1)]);
        self.raw(scores);
        self.raw("}");
        Ok(())
    }

    fn list<T>(&mut self, items: impl IntoIterator<Item = T>, mut each: impl FnMut(&mut Self, T)) {
        self.raw("[");
        for (index, item) in items.into_iter().enumerate() {
            if index > 0 {
                self.raw(",");
            }
            each(self, item);
        }
        self.raw("]");
    }

    /// Plaid's `Item` of `record`: the bytes serde_json writes for [`super::item::Item::from`] it, without
    /// building that value and its four copies of the product list (the `Serialize` path was ≈ 6k instructions
    /// a request, callgrind).
    fn item(&mut self, record: &ItemRecord) -> Result<(), serde_json::Error> {
        self.raw("{\"item_id\":");
        self.value(&record.item_id)?;
        self.raw(",\"institution_id\":");
        self.value(&record.institution_id)?;
        self.raw(",\"institution_name\":");
        self.value(&record.institution_name)?;
        self.raw(",\"webhook\":");
        self.value(&record.webhook)?;
        self.raw(",\"auth_method\":null,\"error\":null,\"available_products\":");
        // Every product an Item has was billed when added; what Tartan serves beyond that is available.
        self.products(
            Product::SERVED
                .into_iter()
                .filter(|product| !record.products.contains(product)),
        );
        for key in ["billed_products", "products", "consented_products"] {
            self.raw(",\"");
            self.raw(key);
            self.raw("\":");
            self.products(record.products.iter().copied());
        }
        self.raw(",\"consent_expiration_time\":null,\"update_type\":\"background\"}");
        Ok(())
    }

    /// A list of product names (they need no escaping).
    fn products(&mut self, products: impl IntoIterator<Item = Product>) {
        self.list(products, |body, product| {
            body.raw("\"");
            body.raw(product.as_str());
            body.raw("\"");
        });
    }

    fn end(
        mut self,
        item: Option<&ItemRecord>,
        request_id: &RequestId,
    ) -> Result<Vec<u8>, serde_json::Error> {
        if let Some(item) = item {
            self.raw(",\"item\":");
            self.item(item)?;
        }
        self.raw(",\"request_id\":");
        self.value(request_id)?;
        self.raw("}");
        Ok(self.0)
    }
}

fn capacity(accounts: &[AccountForm], owners: bool) -> usize {
    1024 + accounts
        .iter()
        .map(|account| {
            account.base.len()
                + if owners { account.owners.len() } else { 0 }
                + account
                    .rails
                    .iter()
                    .flatten()
                    .map(|rail| rail.len())
                    .sum::<usize>()
                + 16
        })
        .sum::<usize>()
}

/// `AccountsGetResponse` (`/accounts/get`, `/accounts/balance/get`): `balance_times[i]` is account `i`'s
/// `last_updated_datetime`, if it has one.
pub fn accounts_response(
    accounts: &[AccountForm],
    balance_times: &[Option<String>],
    item: &ItemRecord,
    request_id: &RequestId,
) -> Result<Vec<u8>, serde_json::Error> {
    let mut body = Body::new(capacity(accounts, false));
    body.raw("{\"accounts\":");
    body.list(accounts.iter().enumerate(), |body, (index, account)| {
        body.base(account, balance_times.get(index).and_then(Option::as_deref));
    });
    body.end(Some(item), request_id)
}

/// `IdentityGetResponse`.
pub fn identity_response(
    accounts: &[AccountForm],
    item: &ItemRecord,
    request_id: &RequestId,
) -> Result<Vec<u8>, serde_json::Error> {
    let mut body = Body::new(capacity(accounts, true));
    body.raw("{\"accounts\":");
    body.list(accounts, Body::identity);
    body.end(Some(item), request_id)
}

/// `AuthGetResponse`: the accounts, then every rail an array of the accounts' numbers on it.
pub fn auth_response(
    accounts: &[AccountForm],
    item: &ItemRecord,
    request_id: &RequestId,
) -> Result<Vec<u8>, serde_json::Error> {
    let mut body = Body::new(capacity(accounts, false));
    body.raw("{\"accounts\":");
    body.list(accounts, |body, account| body.base(account, None));
    body.raw(",\"numbers\":{");
    for (rail, name) in RAILS.iter().enumerate() {
        if rail > 0 {
            body.raw(",");
        }
        body.raw("\"");
        body.raw(name);
        body.raw("\":");
        body.list(
            accounts
                .iter()
                .filter_map(|account| account.rails[rail].as_deref()),
            |body, numbers| body.raw(numbers),
        );
    }
    body.raw("}");
    body.end(Some(item), request_id)
}

/// The four score objects of one account, with the keys `AccountIdentityMatchScore` flattens them into, as
/// the text that follows an account's last key in [`identity_match_response`]. Written once per distinct set
/// of scores: an Item's accounts usually share their owners, hence their scores.
pub fn match_scores_fragment(
    scores: &tartan_match::MatchScores,
) -> Result<String, serde_json::Error> {
    let mut body = Body::new(256);
    body.raw(",\"legal_name\":");
    body.value(&scores.legal_name)?;
    body.raw(",\"phone_number\":");
    body.value(&scores.phone_number)?;
    body.raw(",\"email_address\":");
    body.value(&scores.email_address)?;
    body.raw(",\"address\":");
    body.value(&scores.address)?;
    String::from_utf8(body.0).map_err(serde::ser::Error::custom)
}

/// `IdentityMatchResponse`: each account's base with every balance null, then its four score objects
/// (`scores[i]` is account `i`'s, from [`match_scores_fragment`]).
pub fn identity_match_response(
    accounts: &[AccountForm],
    scores: &[&str],
    item: &ItemRecord,
    request_id: &RequestId,
) -> Result<Vec<u8>, serde_json::Error> {
    let mut body = Body::new(capacity(accounts, false) + 256 * accounts.len());
    body.raw("{\"accounts\":[");
    for (index, (account, scores)) in accounts.iter().zip(scores).enumerate() {
        if index > 0 {
            body.raw(",");
        }
        body.match_score(account, scores)?;
    }
    body.raw("]");
    body.end(Some(item), request_id)
}

/// `ProcessorIdentityGetResponse`.
pub fn processor_identity_response(
    account: &AccountForm,
    request_id: &RequestId,
) -> Result<Vec<u8>, serde_json::Error> {
    let mut body = Body::new(capacity(std::slice::from_ref(account), true));
    body.raw("{\"account\":");
    body.identity(account);
    body.end(None, request_id)
}

/// `ProcessorAuthGetResponse`: the account, then one numbers object (or null) per rail.
pub fn processor_auth_response(
    account: &AccountForm,
    request_id: &RequestId,
) -> Result<Vec<u8>, serde_json::Error> {
    let mut body = Body::new(capacity(std::slice::from_ref(account), false));
    body.raw("{\"account\":");
    body.base(account, None);
    body.raw(",\"numbers\":{");
    for (rail, name) in RAILS.iter().enumerate() {
        if rail > 0 {
            body.raw(",");
        }
        body.raw("\"");
        body.raw(name);
        body.raw("\":");
        body.raw(account.rails[rail].as_deref().unwrap_or("null"));
    }
    body.raw("}");
    body.end(None, request_id)
}

#[cfg(test)]
mod tests {
    use chrono::Utc;

    use super::*;
    use crate::domain::{
        Account, BacsNumbers, EftNumbers, InternationalNumbers, ItemId, ItemRecord, Product,
    };
    use crate::sandbox::default_user::user_good_accounts;
    use crate::sandbox::institutions;
    use crate::wire::{
        AccountIdentity, AccountsGetResponse, AuthGetResponse, IdentityGetResponse,
        ProcessorAuthGetResponse, ProcessorIdentityGetResponse,
    };

    fn item() -> ItemRecord {
        ItemRecord {
            item_id: ItemId::generate(),
            client_id: crate::domain::ClientId::from_stored("app".into()),
            institution_id: Some("ins_109508".into()),
            institution_name: Some("First \"Platypus\" Bank".into()),
            webhook: None,
            products: vec![Product::Auth, Product::Identity],
            created_at: Utc::now(),
            login_required: false,
            error: None,
        }
    }

    /// Every sandbox institution's accounts: every account type, and ACH, EFT, BACS and IBAN numbers.
    fn every_kind_of_account() -> Vec<Account> {
        let mut accounts: Vec<Account> = institutions::all()
            .iter()
            .flat_map(user_good_accounts)
            .collect();
        let mut every_rail = accounts[0].clone();
        every_rail.account_id = crate::domain::AccountId::generate();
        every_rail.numbers.eft = Some(EftNumbers {
            account: "111122223333".into(),
            institution: "001".into(),
            branch: "12345".into(),
        });
        every_rail.numbers.international = Some(InternationalNumbers {
            iban: "GB33BUKB20201555555555".into(),
            bic: "BUKBGB22".into(),
        });
        every_rail.numbers.bacs = Some(BacsNumbers {
            account: "31926819".into(),
            sort_code: "601613".into(),
        });
        accounts.push(every_rail);
        accounts
    }

    fn forms(accounts: &[Account]) -> Vec<AccountForm> {
        accounts
            .iter()
            .map(|a| AccountForm::of(a).unwrap())
            .collect()
    }

    fn text(bytes: Vec<u8>) -> String {
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn list_responses_are_the_bytes_of_the_typed_ones() {
        let accounts = every_kind_of_account();
        let forms = forms(&accounts);
        let item = item();
        let request_id = RequestId::generate();
        let rails_present = (0..RAILS.len())
            .filter(|&rail| forms.iter().any(|form| form.rails[rail].is_some()))
            .count();
        assert_eq!(rails_present, RAILS.len());
        assert_eq!(
            text(identity_response(&forms, &item, &request_id).unwrap()),
            serde_json::to_string(&IdentityGetResponse {
                accounts: accounts
                    .iter()
                    .map(AccountIdentity::from)
                    .map(|a| AccountIdentity {
                        account: a.account,
                        owners: serde_json::value::to_raw_value(&a.owners).unwrap(),
                    })
                    .collect(),
                item: (&item).into(),
                request_id,
            })
            .unwrap()
        );
        assert_eq!(
            text(accounts_response(&forms, &[], &item, &request_id).unwrap()),
            serde_json::to_string(&AccountsGetResponse {
                accounts: accounts.iter().map(Into::into).collect(),
                item: (&item).into(),
                request_id,
            })
            .unwrap()
        );
        assert_eq!(
            text(auth_response(&forms, &item, &request_id).unwrap()),
            serde_json::to_string(&AuthGetResponse {
                numbers: accounts.iter().collect(),
                accounts: accounts.iter().map(Into::into).collect(),
                item: (&item).into(),
                request_id,
            })
            .unwrap()
        );
    }

    #[test]
    fn the_match_response_is_the_bytes_of_the_typed_one() {
        let accounts = every_kind_of_account();
        let forms = forms(&accounts);
        let item = item();
        let request_id = RequestId::generate();
        let scores: Vec<tartan_match::MatchScores> = (0..accounts.len())
            .map(|index| tartan_match::MatchScores {
                legal_name: tartan_match::NameMatch {
                    score: (index % 3 > 0).then_some(u8::try_from(index % 101).unwrap()),
                    is_first_name_or_last_name_match: (index % 3 > 0).then_some(index % 2 == 0),
                    is_nickname_match: (index % 3 > 0).then_some(false),
                    is_business_name_detected: (index % 3 > 0).then_some(true),
                },
                phone_number: tartan_match::FieldMatch {
                    score: (index % 2 == 0).then_some(100),
                },
                email_address: tartan_match::FieldMatch { score: None },
                address: tartan_match::AddressMatch {
                    score: Some(70),
                    is_postal_code_match: Some(index % 2 == 1),
                },
            })
            .collect();
        let expected = crate::wire::IdentityMatchResponse {
            accounts: accounts
                .iter()
                .zip(&scores)
                .map(|(account, scores)| {
                    let mut base = crate::wire::AccountBase::from(account);
                    base.balances.clear();
                    crate::wire::AccountIdentityMatchScore {
                        account: base,
                        legal_name: scores.legal_name.clone(),
                        phone_number: scores.phone_number.clone(),
                        email_address: scores.email_address.clone(),
                        address: scores.address.clone(),
                    }
                })
                .collect(),
            item: (&item).into(),
            request_id,
        };
        let fragments: Vec<String> = scores
            .iter()
            .map(|scores| match_scores_fragment(scores).unwrap())
            .collect();
        let fragments: Vec<&str> = fragments.iter().map(String::as_str).collect();
        assert_eq!(
            text(identity_match_response(&forms, &fragments, &item, &request_id).unwrap()),
            serde_json::to_string(&expected).unwrap()
        );
    }

    #[test]
    fn a_balance_time_is_set_where_the_institution_reports_one() {
        let accounts = every_kind_of_account();
        let forms = forms(&accounts);
        let item = item();
        let request_id = RequestId::generate();
        let times: Vec<Option<String>> = (0..forms.len())
            .map(|index| (index % 2 == 0).then(|| format!("2026-12-0{}T10:00:00Z", index % 9 + 1)))
            .collect();
        let expected = AccountsGetResponse {
            accounts: accounts
                .iter()
                .zip(&times)
                .map(|(account, time)| {
                    let mut base = crate::wire::AccountBase::from(account);
                    base.balances.last_updated_datetime = time.clone();
                    base
                })
                .collect(),
            item: (&item).into(),
            request_id,
        };
        assert_eq!(
            text(accounts_response(&forms, &times, &item, &request_id).unwrap()),
            serde_json::to_string(&expected).unwrap()
        );
    }

    #[test]
    fn processor_responses_are_the_bytes_of_the_typed_ones() {
        let request_id = RequestId::generate();
        for account in every_kind_of_account() {
            let form = AccountForm::of(&account).unwrap();
            assert_eq!(form.has_numbers(), account.numbers.has_any());
            assert_eq!(
                text(processor_auth_response(&form, &request_id).unwrap()),
                serde_json::to_string(&ProcessorAuthGetResponse {
                    numbers: (&account).into(),
                    account: (&account).into(),
                    request_id,
                })
                .unwrap()
            );
            assert_eq!(
                text(processor_identity_response(&form, &request_id).unwrap()),
                serde_json::to_string(&ProcessorIdentityGetResponse {
                    account: AccountIdentity {
                        account: (&account).into(),
                        owners: serde_json::value::to_raw_value(&account.owners).unwrap(),
                    },
                    request_id,
                })
                .unwrap()
            );
        }
    }

    #[test]
    fn account_types_round_trip_through_their_column() {
        for kind in [
            AccountType::Investment,
            AccountType::Credit,
            AccountType::Depository,
            AccountType::Loan,
            AccountType::Other,
        ] {
            assert_eq!(parse_type(type_name(kind)), Some(kind));
            assert_eq!(
                serde_json::to_string(&kind).unwrap(),
                format!("\"{}\"", type_name(kind))
            );
        }
        assert_eq!(parse_type("brokerage"), None);
    }
}
