//! Production Link over a provider's catalogue: consent → one of the institutions the client may link →
//! the provider's login (password, then TOTP when the institution and user have it) → account select → an
//! Item that records the end user, the consented accounts and products. Sandbox credentials mean nothing
//! here, and production users nothing in sandbox: each environment runs its own flow.
//!
//! The login panes' checks are in `login.rs`.

use serde_json::{Value, json};

use super::audit::{self, Actor};
use super::login::{Checked, Login};
use crate::domain::{
    Account, AccountId, EndUser, ErrorCode, InstitutionLogin, Product, ProviderInstitution,
    ProviderLink, selectable_accounts,
};
use crate::sandbox::link::{Action, Stage, View, failed, view as sandbox_view};
use crate::services::link::access::{Authorized, LinkFlowError, save};
use crate::services::link::finish::finish;
use crate::services::state::AppState;
use crate::store::LinkSessionRecord;

/// Applies the user's action at a production session.
pub async fn step(
    state: &AppState,
    authorized: &Authorized,
    mut session: LinkSessionRecord,
    action: Action,
    source: &str,
) -> Result<LinkSessionRecord, LinkFlowError> {
    let next = match (session.stage.clone(), action) {
        (Stage::Consent, Action::Consent) => Stage::SelectInstitution,
        (Stage::SelectInstitution, Action::SelectInstitution { institution_id }) => {
            let institution = linkable(state, authorized, &institution_id).await?;
            match institution.login {
                InstitutionLogin::Password { .. } => Stage::Credentials {
                    institution_id,
                    failures: 0,
                },
                // The OAuth pane; its Continue starts the login (`POST /link/session/oidc`, services::oidc).
                InstitutionLogin::Oidc { .. } => Stage::Oauth { institution_id },
            }
        }
        (Stage::Credentials { institution_id, .. }, Action::Credentials { username, password }) => {
            let login = Login {
                state,
                institution_id: &institution_id,
                user_id: username.trim(),
                source,
            };
            match login.password(&password).await? {
                Checked::Passed(user) => {
                    return continue_after_login(state, authorized, session, &user).await;
                }
                Checked::Stage(stage) => stage,
            }
        }
        (
            Stage::ProviderTotp {
                institution_id,
                user_id,
            },
            Action::Mfa { answers },
        ) => {
            let login = Login {
                state,
                institution_id: &institution_id,
                user_id: &user_id,
                source,
            };
            match login
                .totp(answers.first().map_or("", String::as_str))
                .await?
            {
                Checked::Passed(user) => {
                    return continue_after_login(state, authorized, session, &user).await;
                }
                Checked::Stage(stage) => stage,
            }
        }
        (stage @ Stage::ProviderSelectAccount { .. }, Action::SelectAccounts { account_ids }) => {
            return connect(state, authorized, session, stage, &account_ids, source).await;
        }
        (
            Stage::Failed {
                retry: Some(retry), ..
            },
            Action::Retry,
        ) => *retry,
        (stage, action) => {
            return Err(LinkFlowError::Refused(format!(
                "{} is not possible at {}",
                action.name(),
                stage.name()
            )));
        }
    };
    session.stage = with_institution(next, session.stage.institution_id());
    save(state, &mut session).await?;
    Ok(session)
}

/// A failure remembers the institution the user was at (for `onExit` metadata).
fn with_institution(mut next: Stage, at: Option<&str>) -> Stage {
    if let Stage::Failed { institution_id, .. } = &mut next
        && institution_id.is_none()
    {
        *institution_id = at.map(str::to_owned);
    }
    next
}

/// What the Link frame draws for a production session: the sandbox's panes, with the provider's
/// institutions in them.
pub async fn view(
    state: &AppState,
    authorized: &Authorized,
    stage: &Stage,
    success: Option<&crate::domain::LinkSuccess>,
) -> Result<View, LinkFlowError> {
    let mut shown = sandbox_view(stage, &authorized.record.settings, success);
    if matches!(stage, Stage::SelectInstitution) {
        let found = linkable_institutions(state, authorized, "").await?;
        shown["institutions"] = json!(found.iter().map(institution_shown).collect::<Vec<_>>());
    }
    if let (Some(slot), Some(id)) = (shown.get_mut("institution"), stage.institution_id()) {
        *slot = state
            .store
            .find_provider_institution(id)
            .await?
            .as_ref()
            .map_or(Value::Null, institution_shown);
    }
    // In production an OAuth pane is always a provider's OpenID Connect login (the frame opens it in a pop-up).
    if matches!(stage, Stage::Oauth { .. }) {
        shown["oidc"] = json!(true);
    }
    Ok(shown)
}

/// An institution as Link's panes show it.
pub fn institution_shown(institution: &ProviderInstitution) -> Value {
    json!({
        "institution_id": institution.institution_id,
        "name": institution.name,
        "primary_color": institution.primary_color,
        "logo": institution.logo,
        "oauth": matches!(institution.login, InstitutionLogin::Oidc { .. }),
    })
}

/// The provider's institutions this token's client may link, for its countries and products, by name.
pub async fn linkable_institutions(
    state: &AppState,
    authorized: &Authorized,
    query: &str,
) -> Result<Vec<ProviderInstitution>, LinkFlowError> {
    let allowed = state
        .store
        .list_client_institutions(&authorized.record.client_id)
        .await?;
    let settings = &authorized.record.settings;
    let query = query.trim().to_lowercase();
    Ok(state
        .store
        .list_provider_institutions()
        .await?
        .into_iter()
        .filter(|i| allowed.contains(&i.institution_id))
        .filter(|i| fits(i, &settings.country_codes, &settings.products))
        .filter(|i| query.is_empty() || i.name.to_lowercase().contains(&query))
        .collect())
}

fn fits(institution: &ProviderInstitution, countries: &[String], products: &[Product]) -> bool {
    countries
        .iter()
        .any(|c| institution.country_codes.contains(c))
        && products.iter().all(|p| institution.products.contains(p))
}

async fn linkable(
    state: &AppState,
    authorized: &Authorized,
    institution_id: &str,
) -> Result<ProviderInstitution, LinkFlowError> {
    let allowed = state
        .store
        .list_client_institutions(&authorized.record.client_id)
        .await?;
    let settings = &authorized.record.settings;
    state
        .store
        .find_provider_institution(institution_id)
        .await?
        .filter(|i| allowed.contains(&i.institution_id))
        .filter(|i| fits(i, &settings.country_codes, &settings.products))
        .ok_or_else(|| {
            LinkFlowError::Refused(format!(
                "institution {institution_id} is not one this link token can link"
            ))
        })
}

/// After any login (password, TOTP, or the provider's OpenID Connect server): the user's accounts that fit
/// the token go to account select, or the session fails with `NO_ACCOUNTS` / `NO_AUTH_ACCOUNTS`. Saves and
/// answers the session.
pub async fn continue_after_login(
    state: &AppState,
    authorized: &Authorized,
    session: LinkSessionRecord,
    user: &EndUser,
) -> Result<LinkSessionRecord, LinkFlowError> {
    continue_with_settings(state, &authorized.record.settings, session, user).await
}

/// [`continue_after_login`] where only the token's record is at hand (the OpenID Connect callback, which
/// never sees the link token itself).
pub async fn continue_with_settings(
    state: &AppState,
    settings: &crate::domain::LinkSettings,
    mut session: LinkSessionRecord,
    user: &EndUser,
) -> Result<LinkSessionRecord, LinkFlowError> {
    let owned = state
        .store
        .list_provider_accounts(&user.institution_id, &user.user_id)
        .await?;
    let offered: Vec<Account> = owned.iter().map(|a| a.account.clone()).collect();
    let selectable = selectable_accounts(settings, &offered);
    session.stage = if selectable.is_empty() {
        let code = if settings.products.contains(&Product::Auth) {
            ErrorCode::NoAuthAccounts
        } else {
            ErrorCode::NoAccounts
        };
        failed(code, None)
    } else {
        let sources = selectable
            .iter()
            .map(|a| a.account_id.to_string())
            .collect();
        // The Item shows each account under an id of its own, as Plaid's account ids are per Item.
        let accounts = selectable
            .into_iter()
            .map(|a| Account {
                account_id: AccountId::generate(),
                ..a
            })
            .collect();
        Stage::ProviderSelectAccount {
            institution_id: user.institution_id.clone(),
            user_id: user.user_id.clone(),
            accounts,
            sources,
        }
    };
    save(state, &mut session).await?;
    Ok(session)
}

/// Account select done: the Item is created with the chosen accounts' current data.
async fn connect(
    state: &AppState,
    authorized: &Authorized,
    mut session: LinkSessionRecord,
    stage: Stage,
    account_ids: &[String],
    source: &str,
) -> Result<LinkSessionRecord, LinkFlowError> {
    let Stage::ProviderSelectAccount {
        institution_id,
        user_id,
        accounts,
        sources,
    } = stage
    else {
        return Err(LinkFlowError::Refused("no account select now".into()));
    };
    if account_ids.is_empty() {
        return Err(LinkFlowError::Refused(
            "account_ids must name at least one account".into(),
        ));
    }
    if let Some(unknown) = account_ids.iter().find(|id| {
        !accounts
            .iter()
            .any(|a| a.account_id.as_str() == id.as_str())
    }) {
        return Err(LinkFlowError::Refused(format!(
            "account {unknown} was not offered"
        )));
    }
    let current = state
        .store
        .list_provider_accounts(&institution_id, &user_id)
        .await?;
    let mut chosen = Vec::new();
    let mut link = ProviderLink {
        institution_id: institution_id.clone(),
        user_id: user_id.clone(),
        accounts: Vec::new(),
    };
    for (shown, source_id) in accounts.iter().zip(&sources) {
        if !account_ids.iter().any(|id| id == shown.account_id.as_str()) {
            continue;
        }
        // Gone since the login (the provider removed it): not linked.
        let Some(fresh) = current
            .iter()
            .find(|a| a.account.account_id.as_str() == source_id)
        else {
            continue;
        };
        chosen.push(Account {
            account_id: shown.account_id.clone(),
            ..fresh.account.clone()
        });
        link.accounts
            .push((shown.account_id.clone(), source_id.clone()));
    }
    let item_id = finish(
        state,
        authorized,
        &mut session,
        &institution_id,
        chosen,
        Some(link),
    )
    .await?;
    let actor = Actor {
        who: format!("user:{institution_id}/{user_id}"),
        source: source.to_owned(),
    };
    let subject = format!("item/{item_id}");
    let outcome = format!("success: client {}", authorized.record.client_id);
    audit::record(state.store.as_ref(), &actor, "link", &subject, &outcome).await;
    Ok(session)
}
