//! Quality gate on the held-out set (`heldout/pairs.jsonl`, built by `heldout/build.py` from Faker, libphonenumber's
//! example numbers, nam_dict, the CMU Pronouncing Dictionary and usaddress-scourgify: sources the engine is
//! neither built from nor tuned with). The target (issue #17) is F1 >= 0.97 and MCC >= 0.95 on every field.
//! Phones, emails and addresses meet it and are gated on it; legal names do not yet (F1 0.9621, MCC 0.9252, see
//! docs/quality.md), so they are gated at that floor against regressions, and the target itself is an ignored test
//! that fails until names reach it (`cargo test -p tartan-match --test heldout -- --ignored`).

use std::sync::LazyLock;

use tartan_match::synth::{Field, HELDOUT_JSONL, HELDOUT_SEED, Report, evaluate, load_heldout};

const TARGET_F1: f64 = 0.97;
const TARGET_MCC: f64 = 0.95;
/// What legal names reach today: a drop below this is a regression.
const NAME_FLOOR_F1: f64 = 0.962;
const NAME_FLOOR_MCC: f64 = 0.925;

/// Scored once for every test of this file (a debug build takes a while over 4,600 pairs).
static REPORT: LazyLock<Report> = LazyLock::new(|| {
    let pairs = load_heldout(HELDOUT_JSONL).unwrap_or_else(|e| panic!("heldout/pairs.jsonl: {e}"));
    evaluate("held-out set", HELDOUT_SEED, &pairs)
});

fn assert_at_least(report: &Report, field: Field, f1: f64, mcc: f64) {
    let q = &report.fields[&field];
    assert!(q.pairs() >= 1_000, "{field:?}: {} pairs", q.pairs());
    assert!(
        q.true_positives + q.false_negatives > 0 && q.true_negatives + q.false_positives > 0,
        "{field:?}: both labels present"
    );
    assert!(
        q.f1() >= f1 && q.mcc() >= mcc,
        "{field:?}: F1 {:.4} (>= {f1}), MCC {:.4} (>= {mcc})\n{report}",
        q.f1(),
        q.mcc()
    );
}

#[test]
fn held_out_phones_emails_and_addresses_meet_the_target() {
    for field in [Field::Phone, Field::Email, Field::Address] {
        assert_at_least(&REPORT, field, TARGET_F1, TARGET_MCC);
    }
}

#[test]
fn held_out_legal_names_do_not_regress() {
    assert_at_least(&REPORT, Field::Name, NAME_FLOOR_F1, NAME_FLOOR_MCC);
}

#[test]
#[ignore = "legal names are below the issue #17 target on the held-out set (docs/quality.md)"]
fn held_out_legal_names_meet_the_target() {
    assert_at_least(&REPORT, Field::Name, TARGET_F1, TARGET_MCC);
}
