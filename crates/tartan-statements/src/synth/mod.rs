//! A seeded generator of labelled synthetic bank statements (feature `synth`).
//!
//! Every file is written with lopdf from a random [`Statement`](model) in one of three bank layouts,
//! 1–3 pages, and saved the ways banks save them (compressed or not, classic xref or object streams,
//! sometimes encrypted with an owner password only). Tampered files apply one kind of edit each
//! ([`Tamper`]); hostile files try to break the analyser ([`Hostile`]). Labels come from how a file was
//! made, never from the analyser. The same seed gives byte-identical files on every machine.
//!
//! Used by the `quality` example, the corpus test, the benchmark and the fuzz seeds; never by the analyser.

#![allow(
    clippy::expect_used,
    reason = "test-corpus generator: lopdf calls on documents it just built; a failure is a generator bug"
)]
#![allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_precision_loss
)]

mod build;
mod deflate;
mod hostile;
mod layouts;
mod model;
mod page;
pub mod quality;
mod rng;
mod tamper;
mod ttf;
mod words;

pub use build::Cipher;
pub use hostile::Hostile;
pub use model::Layout;
pub use rng::Rng;
pub use tamper::Tamper;

use crate::{OnFile, PostalAddress};
use build::{InfoSpec, SaveSpec};
use chrono::{Duration, NaiveDate, NaiveDateTime};
use layouts::Fonts;
use model::Statement;
use page::{Face, FontRes};
use std::rc::Rc;

/// What a generated statement really says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Truth {
    pub names: Vec<String>,
    pub address: PostalAddress,
    /// As the analyser should report it (`****1234`, `ending in 1234`, …).
    pub account_printed: String,
    pub account_full: String,
    pub period: (NaiveDate, NaiveDate),
    pub pages: u32,
    /// The expected `is_account_number_match` for the sample's [`OnFile`].
    pub account_match: Option<bool>,
}

/// How a sample was made.
#[derive(Debug, Clone)]
pub enum Label {
    Genuine(Truth),
    Tampered(Truth, Tamper),
    /// Hostile input; the truth is there for the one hostile kind that must still be analysed.
    Hostile(Hostile, Option<Truth>),
}

/// One generated file with its label.
#[derive(Debug, Clone)]
pub struct Sample {
    pub name: String,
    pub bytes: Vec<u8>,
    pub label: Label,
    /// What the bank has on file for the account, to feed [`crate::analyze`].
    pub on_file: OnFile,
}

/// A labelled corpus: `genuine` genuine statements, `per_tamper` of every [`Tamper`] kind, and one of every
/// [`Hostile`] kind, all from `seed`.
pub fn corpus(seed: u64, genuine: usize, per_tamper: usize) -> Vec<Sample> {
    let mut rng = Rng::new(seed);
    let mut out = Vec::new();
    for i in 0..genuine {
        let mut r = rng.fork();
        let layout = Layout::ALL[i % 3];
        let d = draft(&mut r, layout);
        let name = format!("genuine-{i:03}-{}", d.describe());
        out.push(tamper::genuine(d, &mut r, name));
    }
    for kind in Tamper::ALL {
        for i in 0..per_tamper {
            let mut r = rng.fork();
            let d = draft(&mut r, Layout::ALL[i % 3]);
            let name = format!("tampered-{}-{i:02}-{}", kind.name(), d.describe());
            out.push(tamper::apply(kind, d, &mut r, name));
        }
    }
    for kind in Hostile::ALL {
        let mut r = rng.fork();
        out.push(hostile::make(kind, &mut r));
    }
    out
}

/// A genuine `pages`-page statement in `layout`, compressed, classic xref, not encrypted (for benchmarks
/// and tests).
pub fn statement(seed: u64, layout: Layout, pages: usize) -> Vec<u8> {
    statement_with(seed, layout, pages, None, false)
}

/// [`statement`] saved with owner-password encryption and/or object streams.
pub fn statement_with(
    seed: u64,
    layout: Layout,
    pages: usize,
    cipher: Option<Cipher>,
    object_streams: bool,
) -> Vec<u8> {
    let mut rng = Rng::new(seed);
    let mut d = draft(&mut rng, layout);
    d.st = model::statement(&mut rng, layout, pages.clamp(1, 3));
    d.save = SaveSpec {
        compress: true,
        object_streams,
        owner_only: cipher,
        ..SaveSpec::default()
    };
    tamper::genuine(d, &mut rng, String::new()).bytes
}

/// A statement plus the choices about how its file is written.
#[derive(Debug, Clone)]
pub(crate) struct Draft {
    pub st: Statement,
    pub fonts: Fonts,
    pub info: InfoSpec,
    pub save: SaveSpec,
    pub on_file: OnFile,
    pub account_match: Option<bool>,
    pub tz: &'static str,
    /// A `cm` applied to every page's content (shifted or slightly scaled layouts).
    pub transform: Option<[f32; 6]>,
}

impl Draft {
    fn describe(&self) -> String {
        let mut s = format!("{}-{}p", self.st.layout.name(), self.st.pages);
        if self.save.object_streams {
            s.push_str("-objstm");
        }
        if let Some(c) = self.save.owner_only {
            s.push_str(match c {
                Cipher::Rc4_128 => "-rc4",
                Cipher::Aes128 => "-aes128",
                Cipher::Aes256 => "-aes256",
            });
        }
        s
    }

    pub(crate) fn truth(&self) -> Truth {
        Truth {
            names: self.st.names.clone(),
            address: self.st.address.clone(),
            account_printed: self.st.account_printed.clone(),
            account_full: self.st.account_full.clone(),
            period: self.st.period,
            pages: u32::try_from(self.st.pages).unwrap_or(0),
            account_match: self.account_match,
        }
    }

    /// A PDF date string for `at` in this file's time zone.
    pub(crate) fn pdf_date(&self, at: NaiveDateTime) -> String {
        format!("D:{}{}", at.format("%Y%m%d%H%M%S"), self.tz)
    }
}

fn fonts_for(layout: Layout, rng: &mut Rng) -> Fonts {
    match layout {
        Layout::Classic => Fonts {
            body: FontRes::standard("F1", "Helvetica", false),
            bold: FontRes::standard("F2", "Helvetica-Bold", false),
            amount: FontRes::standard("F1", "Helvetica", false),
            alt: FontRes::standard("F9", "Arial", false),
        },
        Layout::Ledger => Fonts {
            body: FontRes::standard("F1", "Times-Roman", true),
            bold: FontRes::standard("F2", "Times-Bold", true),
            amount: FontRes::standard("F3", "Courier", true),
            alt: FontRes::standard("F9", "CourierNewPSMT", true),
        },
        Layout::Modern => {
            let ttf = Rc::new(ttf::Ttf::parse(ttf::DEJAVU_SANS).expect("the vendored font parses"));
            let body = FontRes {
                key: "F1",
                face: Face::Embedded {
                    ttf,
                    cid: rng.chance(0.6),
                },
            };
            Fonts {
                amount: body.clone(),
                body,
                bold: FontRes::standard("F2", "Helvetica-Bold", false),
                alt: FontRes::standard("F9", "Helvetica", false),
            }
        }
    }
}

/// A genuine draft: statement, fonts, metadata and save options.
fn draft(rng: &mut Rng, layout: Layout) -> Draft {
    let pages = 1 + rng.below(3) as usize;
    let st = model::statement(rng, layout, pages);
    let fonts = fonts_for(layout, rng);
    let tz = *rng.pick(&["Z", "-05'00'", "-08'00'", "+00'00'", "-04'00'"]);
    let cipher = if rng.chance(0.2) {
        Some(*rng.pick(&[Cipher::Rc4_128, Cipher::Aes128, Cipher::Aes256]))
    } else {
        None
    };
    let save = SaveSpec {
        compress: rng.chance(0.8),
        object_streams: rng.chance(0.35),
        owner_only: cipher,
        ..SaveSpec::default()
    };
    let (on_file, account_match) = on_file(rng, &st.account_full);
    let transform = rng.chance(0.4).then(|| {
        let scale = 0.94 + 0.06 * rng.below(100) as f32 / 100.0;
        [
            scale,
            0.0,
            0.0,
            scale,
            rng.range(-12, 12) as f32,
            rng.range(-12, 12) as f32,
        ]
    });
    let mut d = Draft {
        st,
        fonts,
        info: InfoSpec::default(),
        save,
        on_file,
        account_match,
        tz,
        transform,
    };
    let created = d.st.created;
    let modified = if rng.chance(0.2) {
        None
    } else {
        Some(created + Duration::seconds(rng.range(0, 20)))
    };
    d.info = InfoSpec {
        producer: Some(d.st.producer.clone()),
        creator: Some(d.st.creator.clone()),
        created: Some(d.pdf_date(created)),
        modified: modified.map(|m| d.pdf_date(m)),
        xmp_tool: (layout == Layout::Modern && rng.chance(0.5)).then(|| d.st.creator.clone()),
        omit: false,
    };
    d
}

/// What the bank holds: usually the real number, sometimes only its mask, sometimes another account.
fn on_file(rng: &mut Rng, full: &str) -> (OnFile, Option<bool>) {
    let roll = rng.below(100);
    if roll < 15 {
        let other = format!(
            "{}{}",
            rng.digits(6),
            (full[full.len() - 4..].parse::<u32>().unwrap_or(0) + 1) % 10_000 + 10_000
        );
        (
            OnFile {
                account_number: Some(other),
                mask: None,
            },
            Some(false),
        )
    } else if roll < 30 {
        (
            OnFile {
                account_number: None,
                mask: Some(full[full.len() - 4..].to_string()),
            },
            Some(true),
        )
    } else {
        (
            OnFile {
                account_number: Some(full.to_string()),
                mask: Some(full[full.len() - 4..].to_string()),
            },
            Some(true),
        )
    }
}
