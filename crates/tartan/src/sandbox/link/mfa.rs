//! Multi-factor challenges that sandbox passwords ask for (reference §8.2): `mfa_device` (code 1234),
//! `mfa_questions_<n>_<m>` (n rounds of m questions; the answer to question j of round i is `answer_<i>_<j>`),
//! `mfa_selections` (answer `Yes`) and `mfa_selections_<n>_<m>_<o>` (n rounds of m questions with o choices
//! `answer_<i>_<j>_<k>`; the right one is `answer_<i>_<j>_0`). Rounds and questions count from 1.

use serde::{Deserialize, Serialize};

/// The code `mfa_device` sends.
pub const DEVICE_CODE: &str = "1234";

/// A challenge, and how many rounds of it remain to pass.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Challenge {
    Device,
    Questions {
        rounds: u8,
        per_round: u8,
    },
    /// `options` 0 is the plain `mfa_selections`: one Yes/No question.
    Selections {
        rounds: u8,
        per_round: u8,
        options: u8,
    },
}

/// One round as the user sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Round {
    /// Plaid's `mfa_type`: `device`, `questions` or `selections`.
    pub mfa_type: &'static str,
    pub title: String,
    pub prompt: Option<String>,
    pub questions: Vec<String>,
    pub selections: Vec<Selection>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Selection {
    pub question: String,
    pub answers: Vec<String>,
}

impl Challenge {
    /// The challenge a password asks for, if any. Numbers must be 1–9 (choices 2–9), as Plaid allows.
    pub fn from_password(password: &str) -> Option<Self> {
        if password == "mfa_device" {
            return Some(Self::Device);
        }
        if password == "mfa_selections" {
            return Some(Self::Selections {
                rounds: 1,
                per_round: 1,
                options: 0,
            });
        }
        if let Some(rest) = password.strip_prefix("mfa_questions_") {
            let [rounds, per_round] = digits(rest)?;
            return Some(Self::Questions { rounds, per_round });
        }
        let rest = password.strip_prefix("mfa_selections_")?;
        let [rounds, per_round, options] = digits(rest)?;
        (options >= 2).then_some(Self::Selections {
            rounds,
            per_round,
            options,
        })
    }

    pub fn rounds(&self) -> u8 {
        match self {
            Self::Device => 1,
            Self::Questions { rounds, .. } | Self::Selections { rounds, .. } => *rounds,
        }
    }

    /// What round `round` (from 1) asks.
    pub fn round(&self, round: u8) -> Round {
        let mut shown = Round {
            mfa_type: "device",
            title: "Enter your code".to_owned(),
            prompt: None,
            questions: Vec::new(),
            selections: Vec::new(),
        };
        match *self {
            Self::Device => {
                shown.prompt = Some("We sent a code to your phone ending in 1234.".to_owned());
            }
            Self::Questions { per_round, .. } => {
                shown.mfa_type = "questions";
                shown.title = "Answer your security questions".to_owned();
                shown.questions = (1..=per_round)
                    .map(|q| format!("Question {q} of round {round} (answer_{round}_{q})"))
                    .collect();
            }
            Self::Selections {
                per_round, options, ..
            } => {
                shown.mfa_type = "selections";
                shown.title = "Confirm it's you".to_owned();
                shown.selections = (1..=per_round)
                    .map(|q| Selection {
                        question: if options == 0 {
                            "Is this your device?".to_owned()
                        } else {
                            format!("Question {q} of round {round}")
                        },
                        answers: if options == 0 {
                            vec!["Yes".to_owned(), "No".to_owned()]
                        } else {
                            (0..options)
                                .map(|k| format!("answer_{round}_{q}_{k}"))
                                .collect()
                        },
                    })
                    .collect();
            }
        }
        shown
    }

    /// Whether `answers` pass round `round`.
    pub fn accepts(&self, round: u8, answers: &[String]) -> bool {
        let expected: Vec<String> = match *self {
            Self::Device => vec![DEVICE_CODE.to_owned()],
            Self::Questions { per_round, .. } => (1..=per_round)
                .map(|q| format!("answer_{round}_{q}"))
                .collect(),
            Self::Selections {
                per_round,
                options: 0,
                ..
            } => (1..=per_round).map(|_| "Yes".to_owned()).collect(),
            Self::Selections { per_round, .. } => (1..=per_round)
                .map(|q| format!("answer_{round}_{q}_0"))
                .collect(),
        };
        answers.len() == expected.len()
            && answers
                .iter()
                .zip(&expected)
                .all(|(given, want)| given.trim() == want)
    }
}

/// `N` underscore-separated numbers 1–9.
fn digits<const N: usize>(text: &str) -> Option<[u8; N]> {
    let mut out = [0u8; N];
    let mut parts = text.split('_');
    for slot in &mut out {
        let n: u8 = parts.next()?.parse().ok()?;
        if !(1..=9).contains(&n) {
            return None;
        }
        *slot = n;
    }
    parts.next().is_none().then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(values: &[&str]) -> Vec<String> {
        values.iter().map(|v| (*v).to_owned()).collect()
    }

    #[test]
    fn passwords_name_their_challenges() {
        assert_eq!(
            Challenge::from_password("mfa_device"),
            Some(Challenge::Device)
        );
        assert_eq!(
            Challenge::from_password("mfa_questions_2_3"),
            Some(Challenge::Questions {
                rounds: 2,
                per_round: 3
            })
        );
        assert_eq!(
            Challenge::from_password("mfa_selections_1_2_3"),
            Some(Challenge::Selections {
                rounds: 1,
                per_round: 2,
                options: 3
            })
        );
        for no in [
            "pass_good",
            "mfa_questions_0_1",
            "mfa_questions_1",
            "mfa_questions_1_2_3",
            "mfa_selections_1_1_1",
            "mfa_devices",
        ] {
            assert_eq!(Challenge::from_password(no), None, "{no}");
        }
    }

    #[test]
    fn only_the_documented_answers_pass() {
        assert!(Challenge::Device.accepts(1, &answers(&["1234"])));
        assert!(!Challenge::Device.accepts(1, &answers(&["1111"])));
        let questions = Challenge::Questions {
            rounds: 2,
            per_round: 2,
        };
        assert!(questions.accepts(2, &answers(&["answer_2_1", "answer_2_2"])));
        assert!(!questions.accepts(1, &answers(&["answer_2_1", "answer_2_2"])));
        assert!(!questions.accepts(1, &answers(&["answer_1_1"])));
        let yes = Challenge::from_password("mfa_selections").unwrap_or(Challenge::Device);
        assert!(yes.accepts(1, &answers(&["Yes"])));
        assert!(!yes.accepts(1, &answers(&["No"])));
        let choices = Challenge::Selections {
            rounds: 1,
            per_round: 1,
            options: 3,
        };
        assert_eq!(choices.round(1).selections[0].answers.len(), 3);
        assert!(choices.accepts(1, &answers(&["answer_1_1_0"])));
        assert!(!choices.accepts(1, &answers(&["answer_1_1_2"])));
    }
}
