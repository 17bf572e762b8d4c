//! What the Link frame draws for a stage: a JSON object whose `name` is Plaid's `view_name`
//! (docs/link.md lists every view and its fields).

use serde_json::{Value, json};

use super::stage::Stage;
use crate::domain::{LinkAccount, LinkSettings, LinkSuccess};
use crate::sandbox::institution_details::{details, matching};
use crate::sandbox::institutions::{self, Institution};

/// A view for the Link frame.
pub type View = Value;

/// The view of `stage`. `success` is the session's success once it is connected.
pub fn view(stage: &Stage, settings: &LinkSettings, success: Option<&LinkSuccess>) -> View {
    let client_name = settings.client_name.as_str();
    match stage {
        Stage::Consent => json!({"name": "CONSENT", "client_name": client_name}),
        Stage::SelectInstitution => json!({
            "name": "SELECT_INSTITUTION",
            "institutions": institution_list(&matching("", &settings.country_codes, &settings.products)),
        }),
        Stage::Credentials { institution_id, .. } => json!({
            "name": "CREDENTIAL",
            "institution": institution(institution_id),
        }),
        Stage::Mfa {
            institution_id,
            challenge,
            round,
            ..
        } => {
            let shown = challenge.round(*round);
            json!({
                "name": "MFA",
                "institution": institution(institution_id),
                "mfa_type": shown.mfa_type,
                "title": shown.title,
                "prompt": shown.prompt,
                "questions": shown.questions,
                "selections": shown.selections,
            })
        }
        Stage::ProviderTotp { institution_id, .. } => totp_view(institution_id),
        Stage::Oauth { institution_id } => json!({
            "name": "OAUTH",
            "institution": institution(institution_id),
            "redirect": settings.redirect_uri.is_some(),
        }),
        Stage::SelectAccount {
            institution_id,
            accounts,
        }
        | Stage::ProviderSelectAccount {
            institution_id,
            accounts,
            ..
        } => json!({
            "name": "SELECT_ACCOUNT",
            "client_name": client_name,
            "institution": institution(institution_id),
            "multiple": true,
            "accounts": accounts.iter().map(|account| {
                let mut shown = json!(LinkAccount::from(account));
                shown["selected"] = json!(accounts.len() == 1);
                shown
            }).collect::<Vec<_>>(),
        }),
        Stage::UploadDocument {
            institution_id,
            accounts,
        } => json!({
            "name": "UPLOAD_DOCUMENTS",
            "client_name": client_name,
            "institution": institution(institution_id),
            "account_name": accounts.first().map(|a| format!("{} {}", a.name, a.mask.as_deref().unwrap_or(""))),
        }),
        Stage::Failed { error, retry, .. } => json!({
            "name": "ERROR",
            "error": error,
            "retry": retry.is_some(),
        }),
        Stage::Connected => json!({
            "name": "CONNECTED",
            "client_name": client_name,
            "public_token": success.map(|s| s.public_token.as_str()),
            "metadata": success.map(|s| &s.metadata),
            "completion_redirect_uri": completion_redirect_uri(settings),
        }),
        Stage::Exited => json!({
            "name": "EXIT",
            "completion_redirect_uri": completion_redirect_uri(settings),
        }),
    }
}

/// A provider's second factor, drawn as the MFA pane's code entry.
fn totp_view(institution_id: &str) -> View {
    json!({
        "name": "MFA",
        "institution": institution(institution_id),
        "mfa_type": "device",
        "title": "Enter your code",
        "prompt": "Enter the 6-digit code your authenticator app shows.",
        "questions": [],
        "selections": [],
    })
}

/// Institutions as the search list shows them.
pub fn institution_list(found: &[&Institution]) -> Vec<Value> {
    found.iter().map(|i| shown(i)).collect()
}

fn institution(id: &str) -> Value {
    institutions::find(id).map_or(Value::Null, shown)
}

fn shown(institution: &Institution) -> Value {
    let details = details(institution);
    json!({
        "institution_id": institution.id,
        "name": institution.name,
        "primary_color": details.primary_color,
        "oauth": details.oauth,
    })
}

fn completion_redirect_uri(settings: &LinkSettings) -> Option<&str> {
    settings
        .hosted_link
        .as_ref()
        .and_then(|hosted| hosted.completion_redirect_uri.as_deref())
}
