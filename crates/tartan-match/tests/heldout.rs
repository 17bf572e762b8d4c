//! Quality gate on the held-out set (`heldout/pairs.jsonl`, built by `heldout/build.py` from Faker, libphonenumber's
//! example numbers, nam_dict and usaddress-scourgify — sources the engine is neither built from nor tuned with).
//! Fails when any field's F1 drops below 0.97 or its MCC below 0.95.

use tartan_match::synth::{Field, HELDOUT_JSONL, HELDOUT_SEED, evaluate, load_heldout};

#[test]
fn held_out_f1_and_mcc_stay_at_or_above_target_on_every_field() {
    let pairs = load_heldout(HELDOUT_JSONL).expect("heldout/pairs.jsonl parses");
    let report = evaluate("held-out set", HELDOUT_SEED, &pairs);
    for field in Field::ALL {
        let q = &report.fields[&field];
        assert!(q.pairs() >= 1_000, "{field:?}: {} pairs", q.pairs());
        assert!(
            q.true_positives + q.false_negatives > 0 && q.true_negatives + q.false_positives > 0,
            "{field:?}: both labels present"
        );
        assert!(
            q.f1() >= 0.97 && q.mcc() >= 0.95,
            "{field:?}: F1 {:.4} (>= 0.97), MCC {:.4} (>= 0.95)\n{report}",
            q.f1(),
            q.mcc()
        );
    }
}
