//! The quality report: runs every labelled pair through [`match_identity`] and measures the "score ≥ 70"
//! decision (precision, recall, F1 per field, accuracy per variation) and the flags against their expectations.

use std::collections::BTreeMap;
use std::fmt;

use super::{Field, Labelled};
use crate::{MatchScores, match_identity};

/// Plaid's recommended pass threshold.
const THRESHOLD: u8 = 70;

/// The "score ≥ 70" decision on one field.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FieldQuality {
    /// Positives scored ≥ 70.
    pub true_positives: usize,
    /// Negatives scored ≥ 70.
    pub false_positives: usize,
    /// Positives scored < 70 (or refused).
    pub false_negatives: usize,
    /// Negatives scored < 70 (or refused).
    pub true_negatives: usize,
    /// Pairs the engine refused with an error (counted as "< 70" above).
    pub errors: usize,
    /// Per variation: (positive?, pairs, decided correctly).
    pub variations: BTreeMap<&'static str, (bool, usize, usize)>,
}

impl FieldQuality {
    /// TP / (TP + FP).
    pub fn precision(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_positives,
        )
    }

    /// TP / (TP + FN).
    pub fn recall(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_negatives,
        )
    }

    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    /// Matthews correlation coefficient of the decision against the labels (−1 to 1; 0 when a margin is empty).
    pub fn mcc(&self) -> f64 {
        let [tp, fp, fn_, tn] = [
            self.true_positives,
            self.false_positives,
            self.false_negatives,
            self.true_negatives,
        ]
        .map(|n| n as f64);
        let denominator = ((tp + fp) * (tp + fn_) * (tn + fp) * (tn + fn_)).sqrt();
        if denominator == 0.0 {
            0.0
        } else {
            (tp * tn - fp * fn_) / denominator
        }
    }

    /// All pairs of the field.
    pub fn pairs(&self) -> usize {
        self.true_positives + self.false_positives + self.false_negatives + self.true_negatives
    }
}

/// One flag against the expectations the generator set.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct FlagQuality {
    /// Pairs with an expectation for this flag.
    pub checked: usize,
    /// Pairs whose flag equalled the expectation.
    pub correct: usize,
}

impl FlagQuality {
    /// correct / checked.
    pub fn accuracy(&self) -> f64 {
        ratio(self.correct, self.checked)
    }
}

fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 {
        1.0
    } else {
        num as f64 / den as f64
    }
}

/// Quality of every field and flag over one generated data set.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// Which data set: the tuning generator or the held-out file.
    pub source: &'static str,
    /// Seed the data set was generated from.
    pub seed: u64,
    /// Per field, in [`Field::ALL`] order.
    pub fields: BTreeMap<Field, FieldQuality>,
    /// Per flag: `is_nickname_match`, `is_first_name_or_last_name_match`, `is_business_name_detected`,
    /// `is_postal_code_match`.
    pub flags: BTreeMap<&'static str, FlagQuality>,
}

/// Scores every pair and tallies the report; `source` names the data set in the report's heading.
pub fn evaluate(source: &'static str, seed: u64, pairs: &[Labelled]) -> Report {
    let mut report = Report {
        source,
        seed,
        ..Report::default()
    };
    for pair in pairs {
        let outcome = match_identity(&pair.user, &pair.owners);
        let quality = report.fields.entry(pair.field).or_default();
        let score = outcome
            .as_ref()
            .ok()
            .and_then(|s| field_score(s, pair.field));
        quality.errors += usize::from(outcome.is_err());
        let accepted = score.is_some_and(|s| s >= THRESHOLD);
        match (pair.same, accepted) {
            (true, true) => quality.true_positives += 1,
            (false, true) => quality.false_positives += 1,
            (true, false) => quality.false_negatives += 1,
            (false, false) => quality.true_negatives += 1,
        }
        let entry = quality
            .variations
            .entry(pair.variation)
            .or_insert((pair.same, 0, 0));
        entry.1 += 1;
        entry.2 += usize::from(pair.same == accepted);
        if let Ok(scores) = &outcome {
            let n = &scores.legal_name;
            let checks = [
                (
                    "is_nickname_match",
                    pair.expect.nickname,
                    n.is_nickname_match,
                ),
                (
                    "is_first_name_or_last_name_match",
                    pair.expect.first_or_last,
                    n.is_first_name_or_last_name_match,
                ),
                (
                    "is_business_name_detected",
                    pair.expect.business,
                    n.is_business_name_detected,
                ),
                (
                    "is_postal_code_match",
                    pair.expect.postal,
                    scores.address.is_postal_code_match,
                ),
            ];
            for (flag, want, got) in checks {
                if let Some(want) = want {
                    let f = report.flags.entry(flag).or_default();
                    f.checked += 1;
                    f.correct += usize::from(got == Some(want));
                }
            }
        }
    }
    report
}

fn field_score(scores: &MatchScores, field: Field) -> Option<u8> {
    match field {
        Field::Name => scores.legal_name.score,
        Field::Phone => scores.phone_number.score,
        Field::Email => scores.email_address.score,
        Field::Address => scores.address.score,
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "tartan-match quality report ({}, seed {:#x}; decision: score >= {THRESHOLD})",
            self.source, self.seed
        )?;
        writeln!(f)?;
        writeln!(
            f,
            "| field | pairs | TP | FP | FN | TN | errors | precision | recall | F1 | MCC |"
        )?;
        writeln!(f, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")?;
        for (field, q) in &self.fields {
            writeln!(
                f,
                "| {} | {} | {} | {} | {} | {} | {} | {:.4} | {:.4} | {:.4} | {:.4} |",
                field.wire_name(),
                q.pairs(),
                q.true_positives,
                q.false_positives,
                q.false_negatives,
                q.true_negatives,
                q.errors,
                q.precision(),
                q.recall(),
                q.f1(),
                q.mcc()
            )?;
        }
        writeln!(f)?;
        writeln!(f, "| flag | checked | correct | accuracy |")?;
        writeln!(f, "|---|---:|---:|---:|")?;
        for (flag, q) in &self.flags {
            writeln!(
                f,
                "| {flag} | {} | {} | {:.4} |",
                q.checked,
                q.correct,
                q.accuracy()
            )?;
        }
        writeln!(f)?;
        writeln!(f, "| field | variation | label | pairs | decided right |")?;
        writeln!(f, "|---|---|---|---:|---:|")?;
        for (field, q) in &self.fields {
            for (variation, (positive, pairs, right)) in &q.variations {
                let label = if *positive { "same" } else { "different" };
                writeln!(
                    f,
                    "| {} | {variation} | {label} | {pairs} | {right} |",
                    field.wire_name()
                )?;
            }
        }
        Ok(())
    }
}
