//! Account numbers as Auth reports them: arrays per rail for `/auth/get`, one nullable object per rail for
//! `/processor/auth/get` (the 2020-09-14 shape).

use serde::Serialize;

use super::request_id::RequestId;
use crate::domain::Account;

use super::account::AccountBase;
use super::item::Item;

/// Plaid's `NumbersACH`.
#[derive(Debug, Serialize)]
pub struct NumbersAch {
    pub account_id: String,
    pub account: String,
    pub routing: String,
    pub wire_routing: Option<String>,
    pub is_tokenized_account_number: bool,
    pub can_transfer_in: Option<bool>,
    pub can_transfer_out: Option<bool>,
}

/// Plaid's `NumbersEFT`.
#[derive(Debug, Serialize)]
pub struct NumbersEft {
    pub account_id: String,
    pub account: String,
    pub institution: String,
    pub branch: String,
}

/// Plaid's `NumbersInternational`.
#[derive(Debug, Serialize)]
pub struct NumbersInternational {
    pub account_id: String,
    pub iban: String,
    pub bic: String,
}

/// Plaid's `NumbersBACS`.
#[derive(Debug, Serialize)]
pub struct NumbersBacs {
    pub account_id: String,
    pub account: String,
    pub sort_code: String,
}

/// One account's numbers on every rail it has.
#[derive(Debug, Serialize)]
pub struct ProcessorNumbers {
    pub ach: Option<NumbersAch>,
    pub eft: Option<NumbersEft>,
    pub international: Option<NumbersInternational>,
    pub bacs: Option<NumbersBacs>,
}

impl<O> From<&Account<O>> for ProcessorNumbers {
    fn from(account: &Account<O>) -> Self {
        let id = || account.account_id.to_string();
        let numbers = &account.numbers;
        Self {
            ach: numbers.ach.as_ref().map(|ach| NumbersAch {
                account_id: id(),
                account: ach.account.clone(),
                routing: ach.routing.clone(),
                wire_routing: ach.wire_routing.clone(),
                is_tokenized_account_number: false,
                can_transfer_in: None,
                can_transfer_out: None,
            }),
            eft: numbers.eft.as_ref().map(|eft| NumbersEft {
                account_id: id(),
                account: eft.account.clone(),
                institution: eft.institution.clone(),
                branch: eft.branch.clone(),
            }),
            international: numbers.international.as_ref().map(|international| {
                NumbersInternational {
                    account_id: id(),
                    iban: international.iban.clone(),
                    bic: international.bic.clone(),
                }
            }),
            bacs: numbers.bacs.as_ref().map(|bacs| NumbersBacs {
                account_id: id(),
                account: bacs.account.clone(),
                sort_code: bacs.sort_code.clone(),
            }),
        }
    }
}

/// Plaid's `AuthGetNumbers`: every rail an array, empty when no account uses it.
#[derive(Debug, Default, Serialize)]
pub struct AuthGetNumbers {
    pub ach: Vec<NumbersAch>,
    pub eft: Vec<NumbersEft>,
    pub international: Vec<NumbersInternational>,
    pub bacs: Vec<NumbersBacs>,
}

impl<'a, O: 'a> FromIterator<&'a Account<O>> for AuthGetNumbers {
    fn from_iter<I: IntoIterator<Item = &'a Account<O>>>(accounts: I) -> Self {
        let mut all = Self::default();
        for account in accounts {
            let numbers = ProcessorNumbers::from(account);
            all.ach.extend(numbers.ach);
            all.eft.extend(numbers.eft);
            all.international.extend(numbers.international);
            all.bacs.extend(numbers.bacs);
        }
        all
    }
}

#[derive(Debug, Serialize)]
pub struct AuthGetResponse {
    pub accounts: Vec<AccountBase>,
    pub numbers: AuthGetNumbers,
    pub item: Item,
    pub request_id: RequestId,
}

#[derive(Debug, Serialize)]
pub struct ProcessorAuthGetResponse {
    pub account: AccountBase,
    pub numbers: ProcessorNumbers,
    pub request_id: RequestId,
}
