//! Identity, Auth, Accounts and Processor through the `plaid` crate (crates.io), against a running Tartan.
//!
//! Environment (set by sdk-tests/run.sh): TARTAN_URL, TARTAN_CLIENT_ID / TARTAN_SECRET (the sandbox app),
//! TARTAN_PARTNER_DWOLLA_ID / _SECRET (a processor partner). The client reads its base URL from PLAID_ENV and
//! sends the API version it is given (`Plaid-Version`); this suite runs as 2020-09-14, the version the crate's
//! models describe, and again as 2019-05-29 for the calls whose shape that version shares.
//! Prints one line per check; exits non-zero on the first failure.

use std::process::ExitCode;

use plaid::model::Products;
use plaid::{PlaidAuth, PlaidClient};

type Result<T> = std::result::Result<T, String>;

fn env(name: &str) -> Result<String> {
    std::env::var(name).map_err(|_| format!("{name} is not set (run sdk-tests/run.sh)"))
}

fn client(client_id: &str, secret: &str, version: &str) -> Result<PlaidClient> {
    let base = format!("{}/plaid-compatible", env("TARTAN_URL")?);
    let http = httpclient::Client::new().base_url(&base);
    Ok(PlaidClient::new(
        http,
        PlaidAuth::ClientId {
            client_id: client_id.to_owned(),
            secret: secret.to_owned(),
            version: version.to_owned(),
        },
    ))
}

fn check(condition: bool, what: &str) -> Result<()> {
    if condition {
        println!("ok   {what}");
        Ok(())
    } else {
        Err(format!("FAILED {what}"))
    }
}

fn failed(call: &str) -> impl Fn(httpclient::InMemoryError) -> String + '_ {
    move |error| format!("{call}: {error:?}")
}

/// Links a default-user Item at First Platypus Bank; returns its access token.
async fn link(app: &PlaidClient) -> Result<String> {
    let public = app
        .sandbox_public_token_create(vec![Products::Auth, Products::Identity], "ins_109508")
        .await
        .map_err(failed("sandbox_public_token_create"))?;
    check(public.public_token.starts_with("public-sandbox-"), "sandbox_public_token_create")?;
    let exchanged = app
        .item_public_token_exchange(&public.public_token)
        .await
        .map_err(failed("item_public_token_exchange"))?;
    check(exchanged.access_token.starts_with("access-sandbox-"), "item_public_token_exchange")?;
    Ok(exchanged.access_token)
}

/// Accounts, balances, Auth and Identity: the calls every version this suite runs shares.
async fn app_reads(app: &PlaidClient, access_token: &str, version: &str) -> Result<String> {
    let accounts = app.accounts_get(access_token).await.map_err(failed("accounts_get"))?;
    check(accounts.accounts.len() == 12, &format!("{version} accounts_get: user_good's twelve accounts"))?;
    let balances = app
        .accounts_balance_get(access_token)
        .await
        .map_err(failed("accounts_balance_get"))?;
    check(
        balances.accounts.iter().any(|account| account.balances.current.is_some()),
        &format!("{version} accounts_balance_get: balances"),
    )?;
    let auth = app.auth_get(access_token).await.map_err(failed("auth_get"))?;
    let checking = auth
        .numbers
        .ach
        .iter()
        .find(|ach| ach.account == "1111222233330000")
        .ok_or("auth_get: no ACH numbers for Plaid Checking")?;
    check(checking.routing == "011401533", &format!("{version} auth_get: Plaid Checking's ACH numbers"))?;
    let identity = app.identity_get(access_token).await.map_err(failed("identity_get"))?;
    let owner = identity
        .accounts
        .first()
        .and_then(|account| account.owners.first())
        .ok_or("identity_get: no owners")?;
    check(
        owner.names == ["Alberta Bobbeth Charleson"],
        &format!("{version} identity_get: the owner's name"),
    )?;
    Ok(checking.account_id.clone())
}

async fn processor_reads(partner: &PlaidClient, token: &str, account_id: &str) -> Result<()> {
    let auth = partner.processor_auth_get(token).await.map_err(failed("processor_auth_get"))?;
    let ach = auth.numbers.ach.as_ref().ok_or("processor_auth_get: no ACH numbers")?;
    check(
        auth.account.account_id == account_id && ach.account == "1111222233330000",
        "processor_auth_get with the partner's keys",
    )?;
    let balance = partner
        .processor_balance_get(token)
        .await
        .map_err(failed("processor_balance_get"))?;
    check(balance.account.balances.current.is_some(), "processor_balance_get")?;
    let identity = partner
        .processor_identity_get(token)
        .await
        .map_err(failed("processor_identity_get"))?;
    check(
        identity.account.owners.first().is_some_and(|owner| !owner.names.is_empty()),
        "processor_identity_get",
    )?;
    let account = partner
        .processor_account_get(token)
        .await
        .map_err(failed("processor_account_get"))?;
    check(account.account.account_id == account_id, "processor_account_get")
}

async fn run() -> Result<()> {
    let (client_id, secret) = (env("TARTAN_CLIENT_ID")?, env("TARTAN_SECRET")?);
    let app = client(&client_id, &secret, "2020-09-14")?;
    let access_token = link(&app).await?;
    let account_id = app_reads(&app, &access_token, "2020-09-14").await?;
    let item = app.item_get(&access_token).await.map_err(failed("item_get"))?;
    let institution = item.item.get("institution_id").and_then(serde_json::Value::as_str);
    check(institution == Some("ins_109508"), "item_get")?;

    let created = app
        .processor_token_create(&access_token, &account_id, "dwolla")
        .await
        .map_err(failed("processor_token_create"))?;
    check(created.processor_token.starts_with("processor-sandbox-"), "processor_token_create")?;
    let partner = client(
        &env("TARTAN_PARTNER_DWOLLA_ID")?,
        &env("TARTAN_PARTNER_DWOLLA_SECRET")?,
        "2020-09-14",
    )?;
    processor_reads(&partner, &created.processor_token, &account_id).await?;

    let older = client(&client_id, &secret, "2019-05-29")?;
    app_reads(&older, &link(&older).await?, "2019-05-29").await?;

    app.item_remove(&access_token).await.map_err(failed("item_remove"))?;
    let refused = partner.processor_auth_get(&created.processor_token).await;
    check(refused.is_err(), "item_remove revokes the processor token")?;
    let refused = app.accounts_get(&access_token).await;
    check(refused.is_err(), "item_remove revokes the access token")
}

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => {
            println!("rust suite: every check passed");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}
