//! Measures the analyser on the held-out corpus (`tests/fixtures/heldout/`, written by independent PDF
//! producers and editors; see its `make.py`). Shared by `tests/heldout.rs` (which asserts the targets) and
//! `examples/heldout.rs` (which prints the report for docs/quality.md). Nothing here feeds back into the
//! rules: the corpus is only ever measured.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use serde_json::Value;
use std::{collections::BTreeMap, fmt::Write, path::PathBuf};
use tartan_statements::{Limits, OnFile, StatementAnalysis, analyze};

pub fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/heldout")
}

/// One labelled file and what the analyser made of it.
pub struct Outcome {
    pub name: String,
    pub label: Value,
    pub result: Result<StatementAnalysis, String>,
}

/// Analyse the corpus once per process (the tests share it).
pub fn run() -> (u64, &'static [Outcome]) {
    static RUN: std::sync::OnceLock<(u64, Vec<Outcome>)> = std::sync::OnceLock::new();
    let (seed, outcomes) = RUN.get_or_init(analyse_all);
    (*seed, outcomes)
}

fn analyse_all() -> (u64, Vec<Outcome>) {
    let labels: Value =
        serde_json::from_slice(&std::fs::read(dir().join("labels.json")).unwrap()).unwrap();
    let seed = labels["seed"].as_u64().unwrap();
    let files = labels["files"].as_object().unwrap();
    let outcomes = files
        .iter()
        .map(|(name, label)| {
            let bytes = std::fs::read(dir().join(name)).unwrap();
            let result = analyze(&bytes, &OnFile::default(), &Limits::default())
                .map_err(|e| e.code().to_string());
            Outcome {
                name: name.clone(),
                label: label.clone(),
                result,
            }
        })
        .collect();
    (seed, outcomes)
}

/// Field-by-field comparison with the truth; `None` when the file was refused.
fn fields(label: &Value, a: &StatementAnalysis) -> Vec<(&'static str, bool)> {
    let t = &label["truth"];
    let s = |v: &Value| v.as_str().map(str::to_owned);
    let names: Vec<String> = t["names"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(s)
        .collect();
    let holder = a.holder.as_ref();
    let address = holder.and_then(|h| h.address.as_ref());
    let period = a.period.map(|(x, y)| (x.to_string(), y.to_string()));
    let want_period = (s(&t["period"][0]).unwrap(), s(&t["period"][1]).unwrap());
    vec![
        ("holder names", holder.map(|h| &h.names) == Some(&names)),
        (
            "street",
            address.map(|x| x.street.clone()) == s(&t["street"]),
        ),
        (
            "city",
            address.and_then(|x| x.city.clone()) == s(&t["city"]),
        ),
        (
            "postal code",
            address.and_then(|x| x.postal_code.clone()) == s(&t["postal_code"]),
        ),
        (
            "country",
            address.and_then(|x| x.country.clone()) == s(&t["country"]),
        ),
        (
            "account number",
            a.account_number == s(&t["account_number"]),
        ),
        ("statement period", period == Some(want_period)),
        (
            "page count",
            u64::from(a.page_count) == t["pages"].as_u64().unwrap(),
        ),
    ]
}

fn is_flattened(o: &Outcome) -> bool {
    o.label["tamper"] == "flattened-image"
}

/// The figures the targets are judged on.
#[derive(Debug, Default)]
pub struct Figures {
    pub extraction: BTreeMap<&'static str, (usize, usize)>,
    pub recall: BTreeMap<String, (usize, usize, bool, String)>,
    pub genuine: usize,
    pub false_positives: Vec<String>,
    pub hostile: Vec<(String, Option<String>)>,
    pub misses: Vec<String>,
}

impl Figures {
    pub fn of(outcomes: &[Outcome]) -> Self {
        let mut f = Figures::default();
        for o in outcomes {
            if let Some(expected) = o.label["hostile"].as_str() {
                let refused = o.result.as_ref().err().cloned();
                if refused.as_deref() != Some(expected) {
                    f.misses
                        .push(format!("{} should be refused {expected}", o.name));
                }
                f.hostile.push((o.name.clone(), refused));
                continue;
            }
            let Ok(a) = &o.result else {
                f.misses
                    .push(format!("{} refused: {:?}", o.name, o.result.as_ref().err()));
                continue;
            };
            // A flattened page is read only by OCR: such files count once, right only if every field is.
            let checks = fields(&o.label, a);
            if is_flattened(o) {
                let right = checks.iter().filter(|(_, ok)| *ok).count();
                let e = f.extraction.entry("(flattened, OCR) fields").or_default();
                e.0 += right;
                e.1 += checks.len();
                let e = f.extraction.entry("(flattened, OCR) files").or_default();
                e.0 += usize::from(right == checks.len());
                e.1 += 1;
            } else {
                for (field, ok) in checks {
                    let e = f.extraction.entry(field).or_default();
                    e.0 += usize::from(ok);
                    e.1 += 1;
                    if !ok {
                        f.misses.push(format!("{}: {field}", o.name));
                    }
                }
            }
            let fraud: Vec<&str> = a
                .risk_signals
                .iter()
                .filter(|s| s.has_fraud_risk)
                .map(|s| s.kind.as_str())
                .collect();
            match o.label["tamper"].as_str() {
                None => {
                    f.genuine += 1;
                    if !fraud.is_empty() {
                        f.false_positives.push(format!("{} {fraud:?}", o.name));
                    }
                }
                Some(kind) => {
                    let want = o.label["expected_signal"].as_str().unwrap().to_owned();
                    let hard = o.label["hard"].as_bool().unwrap();
                    let e = f
                        .recall
                        .entry(kind.to_owned())
                        .or_insert((0, 0, hard, want.clone()));
                    let hit = fraud.contains(&want.as_str());
                    e.0 += usize::from(hit);
                    e.1 += 1;
                    if !hit {
                        f.misses
                            .push(format!("{} missed {want}; raised {fraud:?}", o.name));
                    }
                }
            }
        }
        f
    }

    pub fn recall(&self) -> (usize, usize) {
        self.recall
            .values()
            .fold((0, 0), |(h, n), (a, b, _, _)| (h + a, n + b))
    }

    /// Hard kinds with at least 4 in 5 of their files caught, and how many hard kinds there are.
    pub fn hard_kinds_caught(&self) -> (usize, usize) {
        let hard: Vec<_> = self.recall.values().filter(|r| r.2).collect();
        let caught = hard.iter().filter(|r| r.0 * 5 >= r.1 * 4).count();
        (caught, hard.len())
    }

    pub fn report(&self, seed: u64, files: usize) -> String {
        let mut s = String::new();
        let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
        let _ = writeln!(
            s,
            "held-out corpus: seed {seed}, {files} files, OCR {}",
            ocr_state()
        );
        let _ = writeln!(
            s,
            "\nExtraction (genuine + tampered; flattened files on their own line, whole files)"
        );
        for (field, (ok, n)) in &self.extraction {
            let _ = writeln!(s, "  {field:<22} {ok:>3}/{n:<3} {:>6.1}%", pct(*ok, *n));
        }
        let _ = writeln!(
            s,
            "\nTamper recall (expected signal raised with has_fraud_risk; * hard)"
        );
        for (kind, (hit, n, hard, want)) in &self.recall {
            let mark = if *hard { "*" } else { " " };
            let _ = writeln!(
                s,
                " {mark}{kind:<27} {want:<30} {hit:>2}/{n:<2} {:>6.1}%",
                pct(*hit, *n)
            );
        }
        let (hit, n) = self.recall();
        let (caught, hard) = self.hard_kinds_caught();
        let _ = writeln!(
            s,
            "  overall {hit}/{n} {:.1}%; hard kinds caught (4 of 5 or better): {caught} of {hard}",
            pct(hit, n)
        );
        let fp = self.false_positives.len();
        let _ = writeln!(
            s,
            "\nGenuine files: {} clean of {}, false-positive rate {:.1}%",
            self.genuine - fp,
            self.genuine,
            pct(fp, self.genuine)
        );
        let _ = writeln!(s, "\nHostile files");
        for (name, refused) in &self.hostile {
            let _ = writeln!(
                s,
                "  {name:<34} {}",
                refused
                    .as_deref()
                    .map_or("ANALYSED (not refused)".to_string(), |c| format!(
                        "refused {c}"
                    ))
            );
        }
        if !self.misses.is_empty() || !self.false_positives.is_empty() {
            let _ = writeln!(s, "\nMisses");
            for m in self.misses.iter().chain(&self.false_positives) {
                let _ = writeln!(s, "  {m}");
            }
        }
        s
    }
}

fn ocr_state() -> &'static str {
    if cfg!(feature = "ocr") {
        "compiled in (used when Tesseract and its English data are installed)"
    } else {
        "not compiled in"
    }
}
