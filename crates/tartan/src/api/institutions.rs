//! `/institutions/get`, `/institutions/get_by_id`, `/institutions/search` over the institutions Tartan knows.

use axum::Json;
use axum::extract::State;
use serde_json::Value;

use super::institutions_provider as provider;
use crate::domain::{Environment, Product};
use crate::http::{ApiError, PlaidRequest};
use crate::sandbox::institution_details::{details, matching};
use crate::sandbox::institutions::{self, Institution};
use crate::services::AppState;
use crate::wire::{
    InstitutionBody, InstitutionsGetByIdRequest, InstitutionsGetByIdResponse,
    InstitutionsGetRequest, InstitutionsGetResponse, InstitutionsOptions,
    InstitutionsSearchRequest, InstitutionsSearchResponse, RequestId,
};

/// Plaid's largest page of `/institutions/get`.
const MAX_COUNT: i64 = 500;

/// <https://plaid.com/docs/api/institutions/#institutionsget>
pub async fn get(
    State(state): State<AppState>,
    request_id: RequestId,
    PlaidRequest { body, .. }: PlaidRequest<InstitutionsGetRequest>,
) -> Result<Json<InstitutionsGetResponse>, ApiError> {
    if !(1..=MAX_COUNT).contains(&body.count) {
        return Err(ApiError::InvalidField(format!(
            "count must be between 1 and {MAX_COUNT}"
        )));
    }
    if body.offset < 0 {
        return Err(ApiError::InvalidField("offset must not be negative".into()));
    }
    let options = body.options.unwrap_or_default();
    if state.config.environment == Environment::Production {
        let found = provider::matching(
            &state,
            "",
            &countries(&body.country_codes)?,
            &products(options.products.as_deref())?,
            &options,
        )
        .await?;
        let total = found.len();
        let page = found
            .iter()
            .skip(usize::try_from(body.offset).unwrap_or(usize::MAX))
            .take(usize::try_from(body.count).unwrap_or(0))
            .map(|institution| provider::shown(institution, &options))
            .collect();
        return Ok(Json(InstitutionsGetResponse {
            institutions: page,
            total,
            request_id,
        }));
    }
    let found = filtered(
        matching(
            "",
            &countries(&body.country_codes)?,
            &products(options.products.as_deref())?,
        ),
        &options,
    );
    let page = found
        .iter()
        .skip(usize::try_from(body.offset).unwrap_or(usize::MAX))
        .take(usize::try_from(body.count).unwrap_or(0))
        .map(|institution| shown(institution, &options))
        .collect();
    Ok(Json(InstitutionsGetResponse {
        institutions: page,
        total: found.len(),
        request_id,
    }))
}

/// <https://plaid.com/docs/api/institutions/#institutionssearch>
pub async fn search(
    State(state): State<AppState>,
    request_id: RequestId,
    PlaidRequest { body, .. }: PlaidRequest<InstitutionsSearchRequest>,
) -> Result<Json<InstitutionsSearchResponse>, ApiError> {
    let options = body.options.unwrap_or_default();
    let products = products(body.products.as_deref())?;
    if state.config.environment == Environment::Production {
        let found = provider::matching(
            &state,
            &body.query,
            &countries(&body.country_codes)?,
            &products,
            &options,
        )
        .await?;
        return Ok(Json(InstitutionsSearchResponse {
            institutions: found
                .iter()
                .map(|institution| provider::shown(institution, &options))
                .collect(),
            request_id,
        }));
    }
    let found = filtered(
        matching(&body.query, &countries(&body.country_codes)?, &products),
        &options,
    );
    Ok(Json(InstitutionsSearchResponse {
        institutions: found
            .iter()
            .map(|institution| shown(institution, &options))
            .collect(),
        request_id,
    }))
}

/// <https://plaid.com/docs/api/institutions/#institutionsget_by_id>
pub async fn get_by_id(
    State(state): State<AppState>,
    request_id: RequestId,
    PlaidRequest { body, .. }: PlaidRequest<InstitutionsGetByIdRequest>,
) -> Result<Json<InstitutionsGetByIdResponse>, ApiError> {
    let countries = countries(&body.country_codes)?;
    if state.config.environment == Environment::Production {
        let institution = state
            .store
            .find_provider_institution(&body.institution_id)
            .await?
            .filter(|i| i.country_codes.iter().any(|c| countries.contains(c)))
            .ok_or(ApiError::InvalidInstitution)?;
        return Ok(Json(InstitutionsGetByIdResponse {
            institution: provider::shown(&institution, &body.options.unwrap_or_default()),
            request_id,
        }));
    }
    let institution = institutions::find(&body.institution_id)
        .filter(|institution| {
            institution
                .country_codes
                .iter()
                .any(|c| countries.iter().any(|w| w == c))
        })
        .ok_or(ApiError::InvalidInstitution)?;
    Ok(Json(InstitutionsGetByIdResponse {
        institution: shown(institution, &body.options.unwrap_or_default()),
        request_id,
    }))
}

fn countries(codes: &[String]) -> Result<Vec<String>, ApiError> {
    if codes.is_empty() {
        return Err(ApiError::InvalidField(
            "country_codes must contain at least one country code".into(),
        ));
    }
    Ok(codes.to_vec())
}

fn products(names: Option<&[String]>) -> Result<Vec<Product>, ApiError> {
    names
        .unwrap_or_default()
        .iter()
        .map(|name| {
            serde_json::from_value(Value::String(name.clone()))
                .map_err(|_| ApiError::InvalidProduct(format!("`{name}` is not a Plaid product")))
        })
        .collect()
}

fn owned(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| (*v).to_owned()).collect()
}

/// Narrowed by `options.routing_numbers` (any of them) and `options.oauth`.
fn filtered(
    found: Vec<&'static Institution>,
    options: &InstitutionsOptions,
) -> Vec<&'static Institution> {
    found
        .into_iter()
        .filter(|institution| {
            let details = details(institution);
            options.oauth.is_none_or(|oauth| details.oauth == oauth)
                && options.routing_numbers.as_ref().is_none_or(|wanted| {
                    wanted
                        .iter()
                        .any(|number| details.routing_numbers.contains(&number.as_str()))
                })
        })
        .collect()
}

/// The spec's `Institution`; `url`, `primary_color` and `logo` only with `include_optional_metadata`
/// (null otherwise, as Plaid answers). Tartan has no logos.
fn shown(institution: &Institution, options: &InstitutionsOptions) -> InstitutionBody {
    let details = details(institution);
    let optional = options.include_optional_metadata.unwrap_or(false);
    InstitutionBody {
        institution_id: institution.id.to_owned(),
        name: institution.name.to_owned(),
        products: details.products.to_vec(),
        country_codes: owned(institution.country_codes),
        url: details.url.filter(|_| optional).map(str::to_owned),
        primary_color: Some(details.primary_color.to_owned()).filter(|_| optional),
        logo: None,
        routing_numbers: owned(details.routing_numbers),
        dtc_numbers: Vec::new(),
        oauth: details.oauth,
        status: None,
        payment_initiation_metadata: None,
        auth_metadata: None,
    }
}
