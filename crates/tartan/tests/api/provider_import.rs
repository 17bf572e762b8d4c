//! Bad input to `tartan import`: every bad line is named by its number with a clear reason, the good lines
//! around it are stored, and nothing of a bad line is: malformed JSON, an unknown institution, a duplicate id,
//! an account without an owner, a 20 MB line. Importing the same file again changes nothing (idempotent).

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::provider::{INSTITUTION, account_line, admin, provider_app, tartan, write_file};

#[tokio::test]
async fn bad_lines_are_reported_by_number_and_nothing_of_them_is_stored() {
    let (app, _, _, dir) = provider_app().await;
    let mut without_owner = account_line("bob", "bob-2", "savings", "222233334444");
    without_owner["owners"] = json!([]);
    let huge = format!(
        "{{\"type\": \"account\", \"name\": \"{}\"}}",
        "x".repeat(20 * 1024 * 1024)
    );
    let lines = [
        json!({"type": "user", "institution_id": INSTITUTION, "user_id": "bob", "password": "bob's password"}).to_string(),
        "{\"type\": \"user\", \"institution_id\": ".to_owned(),
        json!({"type": "user", "institution_id": "ins_nowhere", "user_id": "carl"}).to_string(),
        account_line("bob", "bob-1", "checking", "111122223333").to_string(),
        account_line("bob", "bob-1", "checking", "999999999999").to_string(),
        without_owner.to_string(),
        huge,
        account_line("carl", "carl-1", "checking", "555566667777").to_string(),
        json!({"type": "owner", "institution_id": INSTITUTION}).to_string(),
        account_line("bob", "bob-3", "checking", "121212121212").to_string(),
    ];
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    let file = write_file(&dir, "bad.ndjson", &text);
    let (ok, stdout, stderr) = tartan(&app, &["import", &file]);
    assert!(!ok, "a file with bad lines fails the command");
    assert!(
        stdout.contains("10 lines: 3 records saved, 7 failed"),
        "{stdout}{stderr}"
    );
    let expect = [
        "line 2: institution_id: EOF while parsing",
        "line 3: unknown institution `ins_nowhere`",
        "line 5: duplicate id: account/ins_tartan_demo/bob-1 is already on line 4",
        "line 6: owners: an account needs at least one owner",
        "line 7: line is longer than 1048576 bytes",
        "line 8: unknown user `carl`",
        "line 9: type: unknown variant `owner`",
    ];
    for message in expect {
        assert!(
            stderr.contains(message),
            "missing `{message}` in:\n{stderr}"
        );
    }
    assert!(!stderr.contains("bob's password"));

    // The good lines are stored whole; the duplicate did not overwrite the first; no account half-written.
    let (status, bob) = admin(
        &app,
        Method::GET,
        &format!("/admin/provider/institutions/{INSTITUTION}/users/bob"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{bob}");
    assert_eq!(bob["user"]["has_password"], true);
    let ids: Vec<&str> = bob["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["account_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["bob-1", "bob-3"]);
    assert_eq!(
        bob["accounts"][0]["numbers"]["ach"]["account"],
        "111122223333"
    );
    let (status, _) = admin(
        &app,
        Method::GET,
        &format!("/admin/provider/institutions/{INSTITUTION}/users/carl"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Again: the same records are upserted, nothing is duplicated.
    let (_, again, _) = tartan(&app, &["import", &file]);
    assert!(again.contains("3 records saved, 7 failed"), "{again}");
    let (_, bob) = admin(
        &app,
        Method::GET,
        &format!("/admin/provider/institutions/{INSTITUTION}/users/bob"),
        None,
    )
    .await;
    assert_eq!(bob["accounts"].as_array().unwrap().len(), 2);

    // The admin API answers a bad record with Plaid's error body naming the field.
    let (status, refused) = admin(
        &app,
        Method::POST,
        "/admin/provider/records",
        Some(without_owner),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(refused["error_code"], "INVALID_FIELD");
    assert!(
        refused["error_message"]
            .as_str()
            .unwrap()
            .starts_with("owners:")
    );
    let (status, _) = app
        .http
        .get(app.url("/admin/audit"))
        .send()
        .await
        .map(|r| (r.status(), ()))
        .unwrap();
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "the admin API wants its token"
    );
}
