//! `/link/token/create`'s request, checked field by field with Plaid's errors, into [`LinkSettings`].

use serde_json::{Map, Value, json};

use crate::domain::{
    AccountFilters, AccountSubtype, AccountType, HostedLink, IdentitySettings, ItemRecord,
    LinkSettings, Product, UpdateMode,
};
use crate::http::ApiError;

use crate::wire::LinkTokenCreateRequest;

/// Plaid's `language` values.
const LANGUAGES: [&str; 17] = [
    "da", "nl", "en", "et", "fr", "de", "hi", "it", "lv", "lt", "no", "pl", "pt", "ro", "es", "sv",
    "vi",
];

/// Plaid's `CountryCode` values.
const COUNTRIES: [&str; 20] = [
    "US", "GB", "ES", "NL", "FR", "IE", "CA", "DE", "IT", "PL", "DK", "NO", "SE", "EE", "LT", "LV",
    "PT", "BE", "AT", "FI",
];

/// Products that exist but cannot initialise Link (reference §4.1).
const NOT_LINK_PRODUCTS: [Product; 4] = [
    Product::Balance,
    Product::BalancePlus,
    Product::RecurringTransactions,
    Product::TransactionsRefresh,
];

const ACCOUNT_TYPES: [(&str, AccountType); 5] = [
    ("depository", AccountType::Depository),
    ("credit", AccountType::Credit),
    ("loan", AccountType::Loan),
    ("investment", AccountType::Investment),
    ("other", AccountType::Other),
];

/// The settings of a new link token; `update_item` is the Item of `access_token` (update mode).
pub fn parse(
    body: LinkTokenCreateRequest,
    update_item: Option<&ItemRecord>,
    webhook: Option<String>,
) -> Result<LinkSettings, ApiError> {
    if body.client_name.trim().is_empty() {
        return Err(invalid("client_name must be a non-empty string"));
    }
    if !LANGUAGES.contains(&body.language.as_str()) {
        return Err(invalid(&format!(
            "language must be one of {}; got `{}`",
            LANGUAGES.join(", "),
            body.language
        )));
    }
    if body.country_codes.is_empty() {
        return Err(invalid(
            "country_codes must contain at least one country code",
        ));
    }
    if let Some(bad) = body
        .country_codes
        .iter()
        .find(|c| !COUNTRIES.contains(&c.as_str()))
    {
        return Err(invalid(&format!(
            "country_codes: `{bad}` is not a supported country code"
        )));
    }
    let client_user_id = match (&body.user, &body.user_id) {
        (Some(user), _) if user.client_user_id.trim().is_empty() => {
            return Err(invalid("user.client_user_id must be a non-empty string"));
        }
        (Some(user), _) => user.client_user_id.clone(),
        (None, Some(user_id)) => user_id.clone(),
        (None, None) => return Err(ApiError::MissingFields(vec!["user".into()])),
    };
    let products = products(body.products.as_deref().unwrap_or_default())?;
    if products.is_empty() && update_item.is_none() {
        return Err(invalid(
            "products must contain at least one product (or give access_token for update mode)",
        ));
    }
    Ok(LinkSettings {
        client_name: body.client_name,
        language: body.language,
        country_codes: body.country_codes,
        client_user_id,
        products,
        // Plaid ignores `webhook` in update mode: the Item keeps its own.
        webhook: if update_item.is_some() { None } else { webhook },
        redirect_uri: body.redirect_uri.as_deref().map(redirect_uri).transpose()?,
        account_filters: body
            .account_filters
            .as_ref()
            .map(account_filters)
            .transpose()?,
        update: update_item.map(|item| UpdateMode {
            item_id: item.item_id.clone(),
            account_selection: body
                .update
                .as_ref()
                .and_then(|u| u.account_selection_enabled)
                .unwrap_or(false),
        }),
        hosted_link: body.hosted_link.map(hosted_link).transpose()?,
        identity: body.identity.map(|identity| IdentitySettings {
            account_ids: identity.account_ids.unwrap_or_default(),
            is_document_upload: identity.is_document_upload.unwrap_or(false),
        }),
    })
}

fn invalid(message: &str) -> ApiError {
    ApiError::InvalidField(message.to_owned())
}

fn products(names: &[String]) -> Result<Vec<Product>, ApiError> {
    let mut products = Vec::new();
    for name in names {
        let product: Product = serde_json::from_value(Value::String(name.clone()))
            .map_err(|_| ApiError::InvalidProduct(format!("`{name}` is not a Plaid product")))?;
        if NOT_LINK_PRODUCTS.contains(&product) {
            return Err(ApiError::InvalidProduct(format!(
                "client is not authorized to access the following products: [\"{name}\"] in Link; \
                 {name} is available on every Item without being requested"
            )));
        }
        if !products.contains(&product) {
            products.push(product);
        }
    }
    Ok(products)
}

/// Sandbox accepts any `https` redirect URI and `http` ones on loopback hosts (an app on the developer's
/// machine); Plaid's Dashboard allow-list has no equivalent here.
fn redirect_uri(value: &str) -> Result<String, ApiError> {
    let url =
        url::Url::parse(value).map_err(|_| invalid("redirect_uri must be an absolute URL"))?;
    let loopback = matches!(url.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
    let allowed = url.fragment().is_none()
        && (url.scheme() == "https" || (url.scheme() == "http" && loopback));
    if allowed {
        Ok(value.to_owned())
    } else {
        Err(invalid(
            "redirect_uri is not allowed for this client: use https, or http on localhost/127.0.0.1, without a fragment",
        ))
    }
}

fn hosted_link(hosted: crate::wire::LinkTokenCreateHostedLink) -> Result<HostedLink, ApiError> {
    if let Some(uri) = &hosted.completion_redirect_uri {
        url::Url::parse(uri)
            .map_err(|_| invalid("hosted_link.completion_redirect_uri must be an absolute URL"))?;
    }
    if hosted
        .url_lifetime_seconds
        .is_some_and(|s| !(60..=21_600).contains(&s))
    {
        return Err(invalid(
            "hosted_link.url_lifetime_seconds must be between 60 and 21600",
        ));
    }
    Ok(HostedLink {
        completion_redirect_uri: hosted.completion_redirect_uri,
        url_lifetime_seconds: hosted.url_lifetime_seconds,
    })
}

/// `{"depository": {"account_subtypes": ["checking", …] | ["all"]}, …}`.
fn account_filters(value: &Value) -> Result<AccountFilters, ApiError> {
    let object = value
        .as_object()
        .ok_or_else(|| invalid("account_filters must be an object"))?;
    let mut filters = Vec::new();
    for (key, filter) in object {
        let (_, kind) = ACCOUNT_TYPES
            .iter()
            .find(|(name, _)| name == key)
            .ok_or_else(|| invalid(&format!("account_filters.{key} is not an account type")))?;
        let subtypes = filter
            .get("account_subtypes")
            .and_then(Value::as_array)
            .ok_or_else(|| {
                invalid(&format!(
                    "account_filters.{key}.account_subtypes must be an array"
                ))
            })?;
        let names: Vec<&str> = subtypes.iter().filter_map(Value::as_str).collect();
        if names.len() != subtypes.len() || names.is_empty() {
            return Err(invalid(&format!(
                "account_filters.{key}.account_subtypes must be non-empty strings"
            )));
        }
        let parsed = if names.contains(&"all") {
            None
        } else {
            Some(
                names
                    .iter()
                    .map(|name| {
                        AccountSubtype::parse(name)
                            .map_err(|e| invalid(&format!("account_filters.{key}: {e}")))
                    })
                    .collect::<Result<Vec<_>, _>>()?,
            )
        };
        filters.push((*kind, parsed));
    }
    Ok(AccountFilters(filters))
}

/// `account_filters` as `/link/token/get` echoes it (`{}` when none were given).
pub fn filters_json(filters: Option<&AccountFilters>) -> Value {
    let mut out = Map::new();
    for (kind, subtypes) in filters.map(|f| f.0.as_slice()).unwrap_or_default() {
        let name = ACCOUNT_TYPES
            .iter()
            .find(|(_, k)| k == kind)
            .map_or("other", |(n, _)| *n);
        let list: Vec<String> = match subtypes {
            None => vec!["all".into()],
            Some(subtypes) => subtypes.iter().map(ToString::to_string).collect(),
        };
        out.insert(name.to_owned(), json!({ "account_subtypes": list }));
    }
    Value::Object(out)
}
