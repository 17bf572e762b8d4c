//! Email matching: case-insensitive, with partial credit only for the *same mailbox* reached another way (a
//! different `+tag`, Gmail's ignored dots, `googlemail.com`). Near misses (a typo in the domain or the mailbox)
//! are graded but kept below 70, because they are different mailboxes.

use std::borrow::Cow;

use crate::text::{graded, present, similarity, typo_edits};
use crate::{FieldMatch, MatchOwner};

/// Same mailbox, the `+tag` present on one side only.
const TAG_ON_ONE_SIDE: u8 = 90;
/// Same mailbox, two different `+tag`s.
const TAGS_DIFFER: u8 = 85;
/// Same Gmail mailbox written with other dots (or through `googlemail.com`).
const PROVIDER_ALIAS: u8 = 92;
/// Same mailbox name, domain one typo away ("gmial.com"): a different, probably mistyped, address.
const DOMAIN_TYPO: u8 = 60;
/// Mailbox name one typo away at the same domain.
const MAILBOX_TYPO: u8 = 55;
/// Same mailbox name at another provider: often the same person, never the same mailbox.
const OTHER_PROVIDER: u8 = 45;
/// The top of the grade two unrelated texts get from their similarity.
const GRADED_TOP: u8 = 40;

/// An address split into its parts, borrowed from its lowercased text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Email<'a> {
    whole: &'a str,
    /// Local part without its `+tag`, with provider rules applied (Gmail ignores dots).
    mailbox: Cow<'a, str>,
    tag: Option<&'a str>,
    /// Domain with provider aliases resolved.
    domain: &'a str,
    /// Whether a provider rule changed the written local part or domain.
    aliased: bool,
}

/// `whole` is the trimmed, lowercased text.
fn parse(whole: &str) -> Option<Email<'_>> {
    let (local, domain) = whole.rsplit_once('@')?;
    let written_domain = domain.trim_end_matches('.');
    let domain = if written_domain == "googlemail.com" {
        "gmail.com"
    } else {
        written_domain
    };
    let (name, tag) = match local.split_once('+') {
        Some((name, tag)) => (name, Some(tag)),
        None => (local, None),
    };
    let mailbox = if domain == "gmail.com" && name.contains('.') {
        Cow::Owned(name.replace('.', ""))
    } else {
        Cow::Borrowed(name)
    };
    let aliased = mailbox != name || domain != written_domain;
    Some(Email {
        mailbox,
        tag,
        domain,
        aliased,
        whole,
    })
}

/// Scores two raw addresses.
#[cfg(test)]
fn score(a: &str, b: &str) -> u8 {
    let (a, b) = (a.trim().to_lowercase(), b.trim().to_lowercase());
    score_above(&a, parse(&a).as_ref(), &b, None)
}

/// Scores two trimmed, lowercased texts, the first one already parsed (once per request: it is the user's),
/// when the score can beat `best`; when it cannot, any score not above `best`. The graded
/// near miss (at most [`GRADED_TOP`]) is not computed when `best` already reaches it: a Jaro-Winkler grade of
/// two long addresses was most of an email comparison, and the maximum over the owners' emails is the same.
fn score_above(a: &str, x: Option<&Email<'_>>, b: &str, best: Option<u8>) -> u8 {
    let graded_near_miss = |a: &str, b: &str| {
        if best.is_some_and(|best| best >= GRADED_TOP) {
            0
        } else {
            graded(0, GRADED_TOP, similarity(a, b))
        }
    };
    let (Some(x), Some(y)) = (x, parse(b)) else {
        // Not an address on one side: only an exact (case-insensitive) match counts.
        return if a == b { 100 } else { graded_near_miss(a, b) };
    };
    if x.whole == y.whole {
        return 100;
    }
    if x.domain == y.domain && x.mailbox == y.mailbox {
        return match (&x.tag, &y.tag) {
            (Some(s), Some(t)) if s != t => TAGS_DIFFER,
            (Some(_), None) | (None, Some(_)) => TAG_ON_ONE_SIDE,
            _ if x.aliased || y.aliased => PROVIDER_ALIAS,
            _ => 100,
        };
    }
    if x.mailbox == y.mailbox {
        return if typo_edits(x.domain, y.domain).is_some() {
            DOMAIN_TYPO
        } else {
            OTHER_PROVIDER
        };
    }
    if x.domain == y.domain && typo_edits(&x.mailbox, &y.mailbox).is_some() {
        return MAILBOX_TYPO;
    }
    graded_near_miss(x.whole, y.whole)
}

/// The user's address lowercased once per request; `None` when missing.
pub(crate) struct UserEmail(Option<String>);

pub(crate) fn prepare(user_email: Option<&str>) -> UserEmail {
    UserEmail(present(user_email).map(|user| lowercase(user).into_owned()))
}

/// The best email score of the user's address over every email of every owner.
pub(crate) fn best(user: &UserEmail, owners: &[MatchOwner]) -> FieldMatch {
    let Some(user) = user.0.as_deref() else {
        return FieldMatch::default();
    };
    let parsed = parse(user);
    let mut best = None;
    for owner in owners
        .iter()
        .flat_map(|o| &o.emails)
        .filter_map(|e| present(Some(e)))
    {
        best = best.max(Some(score_above(
            user,
            parsed.as_ref(),
            &lowercase(owner),
            best,
        )));
        // Nothing beats a perfect score.
        if best == Some(100) {
            break;
        }
    }
    FieldMatch { score: best }
}

/// `str::to_lowercase`, borrowing text that has no uppercase letter (most stored addresses).
fn lowercase(text: &str) -> Cow<'_, str> {
    if text.is_ascii() && !text.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.to_lowercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn score_table() {
        let cases = [
            (
                "accountholder1@example.com",
                "accountholder1@example.com",
                100,
            ),
            (
                " AccountHolder1@Example.COM ",
                "accountholder1@example.com",
                100,
            ),
            ("jane+bank@example.com", "jane@example.com", TAG_ON_ONE_SIDE),
            (
                "jane+bank@example.com",
                "jane+shop@example.com",
                TAGS_DIFFER,
            ),
            ("jane.doe@gmail.com", "janedoe@gmail.com", PROVIDER_ALIAS),
            (
                "jane.doe@googlemail.com",
                "jane.doe@gmail.com",
                PROVIDER_ALIAS,
            ),
            ("jane.doe@example.com", "janedoe@example.com", MAILBOX_TYPO),
            ("jane@gmial.com", "jane@gmail.com", DOMAIN_TYPO),
            ("jane@yahoo.com", "jane@gmail.com", OTHER_PROVIDER),
            (
                "jane.doe1@example.com",
                "jane.doe2@example.com",
                MAILBOX_TYPO,
            ),
            ("john.doe@example.com", "jane.doe@example.com", 34),
            ("not an email", "not an email", 100),
        ];
        for (a, b, want) in cases {
            assert_eq!(score(a, b), want, "{a} / {b}");
            assert_eq!(score(b, a), want, "{b} / {a}");
        }
    }

    #[test]
    fn best_takes_any_email_of_any_owner_and_null_when_missing() {
        let owner = |emails: &[&str]| MatchOwner {
            emails: emails.iter().map(|e| (*e).to_owned()).collect(),
            ..MatchOwner::default()
        };
        let owners = [
            owner(&["x@example.com"]),
            owner(&["  ", "jane@example.com", "jane+a@example.com"]),
        ];
        let best = |user: Option<&str>, owners: &[MatchOwner]| best(&prepare(user), owners);
        assert_eq!(best(Some("jane@example.com"), &owners).score, Some(100));
        assert_eq!(best(Some("JANE@example.com"), &owners).score, Some(100));
        assert_eq!(
            best(Some("jane+b@example.com"), &owners).score,
            Some(TAGS_DIFFER.max(TAG_ON_ONE_SIDE))
        );
        assert_eq!(best(None, &owners).score, None);
        assert_eq!(best(Some(" "), &owners).score, None);
        assert_eq!(best(Some("jane@example.com"), &[owner(&[" "])]).score, None);
    }

    #[test]
    fn skipping_the_grade_never_changes_the_maximum() {
        let texts = [
            "jane@example.com",
            "jane+a@example.com",
            "john.doe@example.com",
            "extraordinarily.long.email.username.123456@reallylonghostname.com",
            "not an email",
            "jane@gmial.com",
        ];
        for a in texts {
            let parsed = parse(a);
            for b in texts {
                let alone = score_above(a, parsed.as_ref(), b, None);
                for best in (0..=100).map(Some) {
                    let skipped = score_above(a, parsed.as_ref(), b, best);
                    assert_eq!(best.max(Some(skipped)), best.max(Some(alone)), "{a} / {b}");
                }
            }
        }
    }

    #[test]
    fn everything_below_same_mailbox_stays_under_the_threshold() {
        for (a, b) in [
            ("a.b.c@x.io", "a.b.d@x.io"),
            ("someone@example.com", "someone.else@example.org"),
            ("x@y.z", "q"),
        ] {
            assert!(score(a, b) < 70, "{a} / {b}");
        }
    }
}
