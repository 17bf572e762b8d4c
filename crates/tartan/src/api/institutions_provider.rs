//! `/institutions/*` in production: the data provider's institutions, in the spec's `Institution` shape.

use crate::domain::{InstitutionLogin, Product, ProviderInstitution};
use crate::http::ApiError;
use crate::services::AppState;
use crate::wire::{InstitutionBody, InstitutionsOptions};

/// The provider's institutions whose name contains `query`, in `countries`, with every one of `products`,
/// narrowed by `options.oauth` (OpenID Connect logins count as OAuth). They publish no routing numbers, so a
/// `routing_numbers` filter finds none.
pub async fn matching(
    state: &AppState,
    query: &str,
    countries: &[String],
    products: &[Product],
    options: &InstitutionsOptions,
) -> Result<Vec<ProviderInstitution>, ApiError> {
    let query = query.trim().to_lowercase();
    Ok(state
        .store
        .list_provider_institutions()
        .await?
        .into_iter()
        .filter(|i| query.is_empty() || i.name.to_lowercase().contains(&query))
        .filter(|i| i.country_codes.iter().any(|c| countries.contains(c)))
        .filter(|i| products.iter().all(|p| i.products.contains(p)))
        .filter(|i| options.oauth.is_none_or(|oauth| oauth == is_oauth(i)))
        .filter(|_| options.routing_numbers.is_none())
        .collect())
}

fn is_oauth(institution: &ProviderInstitution) -> bool {
    matches!(institution.login, InstitutionLogin::Oidc { .. })
}

/// The spec's `Institution`; `url`, `primary_color` and `logo` only with `include_optional_metadata`.
pub fn shown(institution: &ProviderInstitution, options: &InstitutionsOptions) -> InstitutionBody {
    let optional = options.include_optional_metadata.unwrap_or(false);
    InstitutionBody {
        institution_id: institution.institution_id.clone(),
        name: institution.name.clone(),
        products: institution.products.clone(),
        country_codes: institution.country_codes.clone(),
        url: institution.url.clone().filter(|_| optional),
        primary_color: institution.primary_color.clone().filter(|_| optional),
        logo: institution.logo.clone().filter(|_| optional),
        routing_numbers: Vec::new(),
        dtc_numbers: Vec::new(),
        oauth: is_oauth(institution),
        status: None,
        payment_initiation_metadata: None,
        auth_metadata: None,
    }
}
