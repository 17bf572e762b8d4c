//! Scoring the analyser against a labelled corpus: extraction accuracy, tamper recall per kind, false
//! positives on genuine files, and what happened to each hostile file. The caller runs [`crate::analyze`]
//! and times it (this crate has no clock); this module only compares outcomes with labels.

use super::{Hostile, Label, Sample, Tamper, Truth};
use crate::{AnalyzeError, StatementAnalysis};
use std::{fmt, time::Duration};

/// What one call of the analyser produced.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub result: Result<StatementAnalysis, AnalyzeError>,
    pub elapsed: Duration,
}

/// Correct / total for one measure.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub ok: usize,
    pub total: usize,
}

impl Tally {
    fn add(&mut self, ok: bool) {
        self.ok += usize::from(ok);
        self.total += 1;
    }

    /// Share correct (1.0 when empty).
    pub fn rate(&self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            self.ok as f64 / self.total as f64
        }
    }
}

impl fmt::Display for Tally {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:>4}/{:<4} {:6.1}%",
            self.ok,
            self.total,
            100.0 * self.rate()
        )
    }
}

/// The quality report.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub names: Tally,
    pub address: Tally,
    pub account: Tally,
    pub pages: Tally,
    pub period: Tally,
    pub account_match: Tally,
    /// Per tamper kind: recall (expected signal raised with fraud risk), and how many scored 80 or more.
    pub tamper: Vec<(Tamper, Tally, Tally)>,
    /// Genuine files with no fraud-risk signal.
    pub genuine_clean: Tally,
    pub genuine_scores: Vec<u8>,
    /// Fraud-risk signal kinds raised on genuine files, with counts.
    pub false_positive_kinds: Vec<(String, usize)>,
    /// Per hostile file: kind, passed, what happened, time.
    pub hostile: Vec<(Hostile, bool, String, Duration)>,
    pub slowest_accepted: Duration,
    /// Names of files with a wrong extraction or a missed tamper, for debugging.
    pub misses: Vec<String>,
}

/// Score `outcomes` (one per sample, same order) against the labels.
pub fn report(samples: &[Sample], outcomes: &[Outcome]) -> Report {
    let mut r = Report {
        tamper: Tamper::ALL
            .iter()
            .map(|k| (*k, Tally::default(), Tally::default()))
            .collect(),
        ..Report::default()
    };
    for (s, o) in samples.iter().zip(outcomes) {
        match &s.label {
            Label::Genuine(t) => {
                r.extraction(s, t, o);
                let Ok(a) = &o.result else { continue };
                let risky: Vec<&str> = a
                    .risk_signals
                    .iter()
                    .filter(|x| x.has_fraud_risk)
                    .map(|x| x.kind.as_str())
                    .collect();
                r.genuine_clean.add(risky.is_empty());
                r.genuine_scores.push(a.risk_score);
                for k in risky {
                    match r.false_positive_kinds.iter_mut().find(|(n, _)| n == k) {
                        Some(e) => e.1 += 1,
                        None => r.false_positive_kinds.push((k.to_string(), 1)),
                    }
                }
                if a.risk_signals.iter().any(|x| x.has_fraud_risk) {
                    r.misses.push(format!("{} (false positive)", s.name));
                }
            }
            Label::Tampered(t, kind) => {
                r.extraction(s, t, o);
                let (hit, high) = match &o.result {
                    Ok(a) => (
                        a.risk_signals
                            .iter()
                            .any(|x| x.has_fraud_risk && x.kind == kind.expected_signal()),
                        a.risk_score >= 80,
                    ),
                    Err(_) => (false, false),
                };
                if !hit {
                    r.misses
                        .push(format!("{} (missed {})", s.name, kind.expected_signal()));
                }
                if let Some(e) = r.tamper.iter_mut().find(|e| e.0 == *kind) {
                    e.1.add(hit);
                    e.2.add(high);
                }
            }
            Label::Hostile(kind, truth) => {
                let passed = match (&o.result, truth) {
                    (Ok(_), Some(t)) => {
                        r.extraction(s, t, o);
                        true
                    }
                    (Err(_), None) => true,
                    _ => false,
                };
                let what = match &o.result {
                    Ok(a) => format!("analysed ({} pages, score {})", a.page_count, a.risk_score),
                    Err(e) => format!("refused {}: {e}", e.code()),
                };
                r.hostile.push((*kind, passed, what, o.elapsed));
            }
        }
    }
    r
}

impl Report {
    fn extraction(&mut self, s: &Sample, t: &Truth, o: &Outcome) {
        self.slowest_accepted = self.slowest_accepted.max(o.elapsed);
        let a = o.result.as_ref().ok();
        let holder = a.and_then(|a| a.holder.as_ref());
        let checks = [
            ("names", holder.is_some_and(|h| h.names == t.names)),
            (
                "address",
                holder.and_then(|h| h.address.as_ref()) == Some(&t.address),
            ),
            (
                "account",
                a.and_then(|a| a.account_number.as_deref()) == Some(t.account_printed.as_str()),
            ),
            ("pages", a.is_some_and(|a| a.page_count == t.pages)),
            ("period", a.and_then(|a| a.period) == Some(t.period)),
            (
                "match",
                a.map(|a| a.is_account_number_match) == Some(t.account_match),
            ),
        ];
        let tallies = [
            &mut self.names,
            &mut self.address,
            &mut self.account,
            &mut self.pages,
            &mut self.period,
            &mut self.account_match,
        ];
        for ((what, ok), tally) in checks.into_iter().zip(tallies) {
            tally.add(ok);
            if !ok {
                self.misses.push(format!("{} (wrong {what})", s.name));
            }
        }
    }

    /// Recall over all tampered files.
    pub fn overall_recall(&self) -> Tally {
        self.tamper
            .iter()
            .fold(Tally::default(), |acc, (_, t, _)| Tally {
                ok: acc.ok + t.ok,
                total: acc.total + t.total,
            })
    }

    /// Share of genuine files with at least one fraud-risk signal.
    pub fn false_positive_rate(&self) -> f64 {
        1.0 - self.genuine_clean.rate()
    }

    /// Check the project's targets; the error lists every target missed.
    pub fn check_targets(&self, max_hostile: Duration) -> Result<(), String> {
        let mut missed = Vec::new();
        for (what, t) in [
            ("names", self.names),
            ("address", self.address),
            ("account number", self.account),
            ("page count", self.pages),
        ] {
            if t.rate() < 0.95 {
                missed.push(format!("{what} extraction {t} < 95%"));
            }
        }
        if self.overall_recall().rate() < 0.90 {
            missed.push(format!("tamper recall {} < 90%", self.overall_recall()));
        }
        if self.false_positive_rate() > 0.05 {
            missed.push(format!(
                "false positives {:.1}% > 5%",
                100.0 * self.false_positive_rate()
            ));
        }
        for (kind, passed, what, elapsed) in &self.hostile {
            if !passed || *elapsed > max_hostile {
                missed.push(format!("hostile {}: {what} in {elapsed:?}", kind.name()));
            }
        }
        if missed.is_empty() {
            Ok(())
        } else {
            Err(missed.join("\n"))
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Extraction accuracy (genuine + tampered files)")?;
        for (what, t) in [
            ("holder names", self.names),
            ("holder address", self.address),
            ("account number", self.account),
            ("page count", self.pages),
            ("statement period", self.period),
            ("account match", self.account_match),
        ] {
            writeln!(f, "  {what:<18} {t}")?;
        }
        writeln!(
            f,
            "\nTamper recall (expected signal raised with has_fraud_risk)   [score >= 80]"
        )?;
        for (kind, recall, high) in &self.tamper {
            writeln!(
                f,
                "  {:<22} {:<32} {recall}   [{high}]",
                kind.name(),
                kind.expected_signal()
            )?;
        }
        writeln!(f, "  {:<55} {}", "overall", self.overall_recall())?;
        let mean = self
            .genuine_scores
            .iter()
            .map(|s| f64::from(*s))
            .sum::<f64>()
            / self.genuine_scores.len().max(1) as f64;
        let max = self.genuine_scores.iter().max().copied().unwrap_or(0);
        writeln!(
            f,
            "\nGenuine files: clean {}  false-positive rate {:.1}%  score mean {mean:.1} max {max}",
            self.genuine_clean,
            100.0 * self.false_positive_rate()
        )?;
        for (kind, n) in &self.false_positive_kinds {
            writeln!(f, "  false positive: {kind} x{n}")?;
        }
        writeln!(f, "\nHostile files")?;
        for (kind, passed, what, elapsed) in &self.hostile {
            let verdict = if *passed { "ok  " } else { "FAIL" };
            writeln!(
                f,
                "  {verdict} {:<30} {:>9.2} ms  {what}",
                kind.name(),
                elapsed.as_secs_f64() * 1e3
            )?;
        }
        writeln!(
            f,
            "\nSlowest accepted file: {:.2} ms",
            self.slowest_accepted.as_secs_f64() * 1e3
        )
    }
}
