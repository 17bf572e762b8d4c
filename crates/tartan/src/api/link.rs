//! Link: `/link/token/create`, `/link/token/get`, `/sandbox/item/reset_login`, and the Link frame's session
//! requests (`/link/session/*`, docs/link.md).

use axum::Json;
use axum::extract::State;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::http::HeaderMap;
use chrono::{Duration, SecondsFormat, Utc};

use super::access::authorize_item_any_state;
use super::documents::{UploadForm, analyze, on_file, save_document};
use super::guards::{require_sandbox, webhook_url};
use super::link_settings;
use crate::domain::tokens::LinkToken;
use crate::domain::{Environment, LinkOutcome, LinkSettings};
use crate::http::{ApiError, ClientAddress, LinkRequest, PlaidRequest};
use crate::sandbox::institution_details::matching;
use crate::sandbox::link::{Action, institution_list, view};
use crate::services::AppState;
use crate::services::clock::Clock;
use crate::services::link::{self as link_service, Authorized, LinkFlowError};
use crate::services::provider::link as provider_link;
use crate::store::{LinkSessionRecord, LinkTokenRecord};
use crate::wire::{
    LinkSessionAnswer, LinkSessionInstitutionsAnswer, LinkSessionInstitutionsRequest,
    LinkSessionItemAddResult, LinkSessionResults, LinkSessionStartRequest, LinkSessionStepRequest,
    LinkSessionSuccess, LinkTokenCreateRequest, LinkTokenCreateResponse, LinkTokenGetMetadata,
    LinkTokenGetRequest, LinkTokenGetResponse, LinkTokenGetSession, RequestId,
    SandboxItemResetLoginRequest, SandboxItemResetLoginResponse,
};

/// Link tokens live 4 hours, or 30 minutes in update mode (reference §1).
const LINK_TOKEN_LIFETIME: Duration = Duration::hours(4);
const UPDATE_LINK_TOKEN_LIFETIME: Duration = Duration::minutes(30);

/// <https://plaid.com/docs/api/link/#linktokencreate>
pub async fn token_create(
    State(state): State<AppState>,
    request_id: RequestId,
    headers: HeaderMap,
    PlaidRequest { client, body, .. }: PlaidRequest<LinkTokenCreateRequest>,
) -> Result<Json<LinkTokenCreateResponse>, ApiError> {
    let update_item = match body.access_token.as_deref() {
        Some(access_token) => Some(authorize_item_any_state(&state, &client, access_token).await?),
        None => None,
    };
    let webhook = body
        .webhook
        .as_deref()
        .map(|url| webhook_url(&state, url))
        .transpose()?;
    let settings = link_settings::parse(body, update_item.as_ref(), webhook)?;
    let now = Clock::of(&client).now();
    let lifetime = match (&settings.update, &settings.hosted_link) {
        (Some(_), _) => UPDATE_LINK_TOKEN_LIFETIME,
        (None, Some(hosted)) => hosted
            .url_lifetime_seconds
            .map_or(LINK_TOKEN_LIFETIME, Duration::seconds),
        (None, None) => LINK_TOKEN_LIFETIME,
    };
    let token = LinkToken::mint(state.config.environment);
    let hosted_link_url = settings
        .hosted_link
        .as_ref()
        .map(|_| hosted_url(&state, &headers, token.expose()));
    let record = LinkTokenRecord {
        hash: token.hash(),
        client_id: client.client_id,
        settings,
        created_at: now,
        expires_at: now + lifetime,
        used_at: None,
    };
    state.store.create_link_token(&record).await?;
    Ok(Json(LinkTokenCreateResponse {
        link_token: token,
        expiration: rfc3339(record.expires_at),
        request_id,
        hosted_link_url,
    }))
}

/// The hosted Link page for `token`, on the host (and under the base path) the request came in on.
pub(super) fn hosted_url(state: &AppState, headers: &HeaderMap, token: &str) -> String {
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|value| value.to_str().ok())
        .map_or_else(|| state.config.listen.to_string(), str::to_owned);
    let scheme = headers
        .get("x-forwarded-proto")
        .and_then(|value| value.to_str().ok())
        .unwrap_or("http");
    let base = state.config.base_path.as_deref().unwrap_or("");
    format!("{scheme}://{host}{base}/link/v2/stable/link.html?token={token}")
}

/// <https://plaid.com/docs/api/link/#linktokenget>
pub async fn token_get(
    State(state): State<AppState>,
    request_id: RequestId,
    PlaidRequest { client, body, .. }: PlaidRequest<LinkTokenGetRequest>,
) -> Result<Json<LinkTokenGetResponse>, ApiError> {
    let token = LinkToken::parse(&body.link_token, state.config.environment)
        .ok_or(ApiError::InvalidLinkToken)?;
    let record = state
        .store
        .find_link_token(&token.hash())
        .await?
        .filter(|record| record.client_id == client.client_id)
        .ok_or(ApiError::InvalidLinkToken)?;
    let sessions = state.store.list_link_sessions(&token.hash()).await?;
    let settings = &record.settings;
    Ok(Json(LinkTokenGetResponse {
        link_token: body.link_token,
        created_at: Some(rfc3339(record.created_at)),
        expiration: Some(rfc3339(record.expires_at)),
        link_sessions: sessions.iter().map(session_summary).collect(),
        metadata: LinkTokenGetMetadata {
            initial_products: settings.products.clone(),
            webhook: settings.webhook.clone(),
            country_codes: settings.country_codes.clone(),
            language: Some(settings.language.clone()),
            account_filters: link_settings::filters_json(settings.account_filters.as_ref()),
            redirect_uri: settings.redirect_uri.clone(),
            client_name: Some(settings.client_name.clone()),
        },
        request_id,
    }))
}

fn session_summary(session: &LinkSessionRecord) -> LinkTokenGetSession {
    let (on_success, exit) = match &session.outcome {
        Some(LinkOutcome::Success(success)) => (Some(success), None),
        Some(LinkOutcome::Exit(exit)) => (None, Some(exit.clone())),
        None => (None, None),
    };
    let item_add_results = on_success
        .iter()
        .map(|success| LinkSessionItemAddResult {
            public_token: success.public_token.clone(),
            accounts: success.metadata.accounts.clone(),
            institution: success.metadata.institution.clone(),
        })
        .collect();
    LinkTokenGetSession {
        link_session_id: session.link_session_id.clone(),
        started_at: rfc3339(session.started_at),
        finished_at: session.finished_at.map(rfc3339),
        on_success: on_success.map(LinkSessionSuccess::from),
        exit,
        events: Vec::new(),
        results: Some(LinkSessionResults {
            item_add_results,
            cra_item_add_results: Vec::new(),
            cra_update_results: Vec::new(),
            bank_income_results: Vec::new(),
            payroll_income_results: Vec::new(),
            document_income_results: None,
        }),
    }
}

/// <https://plaid.com/docs/api/sandbox/#sandboxitemreset_login>
pub async fn sandbox_reset_login(
    State(state): State<AppState>,
    request_id: RequestId,
    PlaidRequest { client, body, .. }: PlaidRequest<SandboxItemResetLoginRequest>,
) -> Result<Json<SandboxItemResetLoginResponse>, ApiError> {
    require_sandbox(&state, "/sandbox/item/reset_login")?;
    let item = authorize_item_any_state(&state, &client, &body.access_token).await?;
    link_service::reset_login(&state, &item, Clock::of(&client).now()).await?;
    Ok(Json(SandboxItemResetLoginResponse {
        reset_login: true,
        request_id,
    }))
}

// ---- the Link frame's session protocol ----

/// `POST /link/session/start`
pub async fn session_start(
    State(state): State<AppState>,
    request_id: RequestId,
    LinkRequest(body): LinkRequest<LinkSessionStartRequest>,
) -> Result<Json<LinkSessionAnswer>, ApiError> {
    let redirected = body
        .received_redirect_uri
        .as_deref()
        .and_then(oauth_state_id);
    let resume = body.link_session_id.as_deref().or(redirected.as_deref());
    let (authorized, session) = link_service::start(&state, &body.link_token, resume).await?;
    Ok(Json(
        answer(&state, &authorized, &session, request_id).await?,
    ))
}

/// The `oauth_state_id` an OAuth redirect carries back.
fn oauth_state_id(uri: &str) -> Option<String> {
    let url = url::Url::parse(uri).ok()?;
    url.query_pairs()
        .find(|(key, _)| key == "oauth_state_id")
        .map(|(_, value)| value.into_owned())
}

/// `POST /link/session/step`
pub async fn session_step(
    State(state): State<AppState>,
    ClientAddress(source): ClientAddress,
    request_id: RequestId,
    LinkRequest(body): LinkRequest<LinkSessionStepRequest>,
) -> Result<Json<LinkSessionAnswer>, ApiError> {
    let authorized = link_service::authorize(&state, &body.link_token).await?;
    let session = link_service::find_session(&state, &authorized, &body.link_session_id).await?;
    if body.action == "exit" {
        let (session, exit) = link_service::exit(
            &state,
            &authorized,
            session,
            body.status,
            body.error,
            request_id.as_str(),
        )
        .await?;
        let mut answer = answer(&state, &authorized, &session, request_id).await?;
        answer.exit = Some(exit);
        return Ok(Json(answer));
    }
    let oauth_allowed = body.action == "oauth_allow";
    let action = action(body)?;
    let session = link_service::step(&state, &authorized, session, action, &source).await?;
    let mut answer = answer(&state, &authorized, &session, request_id).await?;
    if oauth_allowed {
        answer.oauth_redirect_uri = authorized
            .record
            .settings
            .redirect_uri
            .as_deref()
            .and_then(|uri| url::Url::parse(uri).ok())
            .map(|mut url| {
                url.query_pairs_mut()
                    .append_pair("oauth_state_id", &answer.link_session_id);
                url.to_string()
            });
    }
    Ok(Json(answer))
}

fn action(body: LinkSessionStepRequest) -> Result<Action, ApiError> {
    let missing = |field: &str| ApiError::MissingFields(vec![field.to_owned()]);
    Ok(match body.action.as_str() {
        "consent" => Action::Consent,
        "select_institution" => Action::SelectInstitution {
            institution_id: body
                .institution_id
                .ok_or_else(|| missing("institution_id"))?,
        },
        "credentials" => Action::Credentials {
            username: body.username.ok_or_else(|| missing("username"))?,
            password: body.password.ok_or_else(|| missing("password"))?,
        },
        "mfa" => Action::Mfa {
            answers: body.answers.ok_or_else(|| missing("answers"))?,
        },
        "oauth_allow" => Action::OauthAllow,
        "oauth_deny" => Action::OauthDeny,
        "select_accounts" => Action::SelectAccounts {
            account_ids: body.account_ids.ok_or_else(|| missing("account_ids"))?,
        },
        "retry" => Action::Retry,
        other => {
            return Err(ApiError::InvalidField(format!(
                "action `{other}` is not a Link action"
            )));
        }
    })
}

/// `POST /link/session/document` (`multipart/form-data`: `link_token`, `link_session_id`, `file`): the statement
/// of the upload pane, analysed like `/sandbox/identity/documents/upload`'s, finishes the session.
pub async fn session_document(
    State(state): State<AppState>,
    request_id: RequestId,
    form: Result<Multipart, MultipartRejection>,
) -> Result<Json<LinkSessionAnswer>, ApiError> {
    let form = UploadForm::read(
        form.map_err(|rejection| {
            ApiError::InvalidBody(format!(
                "send multipart/form-data with link_token, link_session_id and file: {rejection}"
            ))
        })?,
        ["link_token", "link_session_id"],
    )
    .await?;
    let [link_token, link_session_id] = &form.fields;
    let authorized = link_service::authorize(&state, link_token).await?;
    let session = link_service::find_session(&state, &authorized, link_session_id).await?;
    let account = link_service::upload_account(&session)
        .cloned()
        .ok_or_else(|| {
            ApiError::InvalidField("this Link session is not at the upload pane".into())
        })?;
    let analysis = analyze(form.file.clone(), on_file(&account)).await?;
    let (session, item_id) = link_service::document_uploaded(&state, &authorized, session).await?;
    save_document(
        &state,
        authorized.clock.now(),
        item_id,
        &account,
        analysis,
        &form.file,
    )
    .await?;
    Ok(Json(
        answer(&state, &authorized, &session, request_id).await?,
    ))
}

/// `POST /link/session/institutions`: the search box.
pub async fn session_institutions(
    State(state): State<AppState>,
    request_id: RequestId,
    LinkRequest(body): LinkRequest<LinkSessionInstitutionsRequest>,
) -> Result<Json<LinkSessionInstitutionsAnswer>, ApiError> {
    let authorized = link_service::authorize(&state, &body.link_token).await?;
    if state.config.environment == Environment::Production {
        let found = provider_link::linkable_institutions(&state, &authorized, &body.query).await?;
        return Ok(Json(LinkSessionInstitutionsAnswer {
            institutions: found.iter().map(provider_link::institution_shown).collect(),
            request_id,
        }));
    }
    let settings = &authorized.record.settings;
    let found = matching(&body.query, &settings.country_codes, &settings.products);
    Ok(Json(LinkSessionInstitutionsAnswer {
        institutions: institution_list(&found),
        request_id,
    }))
}

pub(super) async fn answer(
    state: &AppState,
    authorized: &Authorized,
    session: &LinkSessionRecord,
    request_id: RequestId,
) -> Result<LinkSessionAnswer, ApiError> {
    let settings: &LinkSettings = &authorized.record.settings;
    let success = match &session.outcome {
        Some(LinkOutcome::Success(success)) => Some(success),
        _ => None,
    };
    let view = match state.config.environment {
        Environment::Sandbox => view(&session.stage, settings, success),
        Environment::Production => {
            provider_link::view(state, authorized, &session.stage, success).await?
        }
    };
    Ok(LinkSessionAnswer {
        link_session_id: session.link_session_id.clone(),
        client_name: settings.client_name.clone(),
        is_update_mode: settings.update.is_some(),
        institution: link_service::institution_of(state, session.stage.institution_id())
            .await?
            .or_else(|| success.and_then(|s| s.metadata.institution.clone())),
        view,
        exit: None,
        oauth_redirect_uri: None,
        authorization_url: None,
        request_id,
    })
}

impl From<LinkFlowError> for ApiError {
    fn from(error: LinkFlowError) -> Self {
        match error {
            LinkFlowError::InvalidLinkToken => Self::InvalidLinkToken,
            LinkFlowError::Refused(message) => Self::InvalidField(message),
            LinkFlowError::Store(error) => error.into(),
            LinkFlowError::Webhook(error) => Self::Internal(error.into()),
        }
    }
}

fn rfc3339(time: chrono::DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Secs, true)
}
