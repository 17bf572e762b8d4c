//! Hostile uploads: files built to crash, hang or exhaust the analyser, plus the one hard-but-legitimate
//! file (object streams, owner-password encryption) that must still be analysed. Most are written byte by
//! byte, since lopdf refuses to produce them.

use super::{
    Draft, Label, Sample,
    build::Cipher,
    deflate::{repeat_bomb, zero_bomb},
    draft,
    model::Layout,
    rng::Rng,
    tamper,
};
use crate::OnFile;

/// A kind of hostile upload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Hostile {
    NotPdf,
    Empty,
    Truncated,
    UserPassword,
    /// One content stream that inflates to 512 MiB.
    DecompressionBomb,
    /// Eighty content streams of 1 MiB each (each under any per-stream cap).
    ManySmallBombs,
    /// An object stream that inflates to 32 MiB (eagerly inflated by the loader).
    ObjectStreamBomb,
    DeepNesting,
    /// A page tree whose kid is its own parent.
    PageTreeCycle,
    /// Contents that point to a reference that points back.
    ReferenceCycle,
    /// 100,000 pages (one page object listed again and again).
    HugePageCount,
    /// 60,000 objects.
    TooManyObjects,
    /// 11 MiB.
    TooLarge,
    /// A PDF header and trailer around random bytes.
    Garbage,
    /// 24 MB of `q Q` (six million operators, within the decompression limit): only the work budget stops it.
    OperatorFlood,
    /// 24 MB of `(A) Tj`: three million text runs, which would otherwise all be kept in memory.
    TextFlood,
    /// Genuine, object streams, AES-128 with an owner password only: must be analysed, not refused.
    OwnerPasswordObjectStreams,
}

impl Hostile {
    pub const ALL: [Hostile; 17] = [
        Hostile::NotPdf,
        Hostile::Empty,
        Hostile::Truncated,
        Hostile::UserPassword,
        Hostile::DecompressionBomb,
        Hostile::ManySmallBombs,
        Hostile::ObjectStreamBomb,
        Hostile::DeepNesting,
        Hostile::PageTreeCycle,
        Hostile::ReferenceCycle,
        Hostile::HugePageCount,
        Hostile::TooManyObjects,
        Hostile::TooLarge,
        Hostile::Garbage,
        Hostile::OperatorFlood,
        Hostile::TextFlood,
        Hostile::OwnerPasswordObjectStreams,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Hostile::NotPdf => "not-pdf",
            Hostile::Empty => "empty",
            Hostile::Truncated => "truncated",
            Hostile::UserPassword => "user-password",
            Hostile::DecompressionBomb => "decompression-bomb",
            Hostile::ManySmallBombs => "many-small-bombs",
            Hostile::ObjectStreamBomb => "object-stream-bomb",
            Hostile::DeepNesting => "deep-nesting",
            Hostile::PageTreeCycle => "page-tree-cycle",
            Hostile::ReferenceCycle => "reference-cycle",
            Hostile::HugePageCount => "huge-page-count",
            Hostile::TooManyObjects => "too-many-objects",
            Hostile::TooLarge => "too-large",
            Hostile::Garbage => "garbage",
            Hostile::OperatorFlood => "operator-flood",
            Hostile::TextFlood => "text-flood",
            Hostile::OwnerPasswordObjectStreams => "owner-password-object-streams",
        }
    }

    /// Whether the analyser must accept the file (every other kind must be refused).
    pub fn must_analyse(self) -> bool {
        self == Hostile::OwnerPasswordObjectStreams
    }
}

/// Make one hostile sample.
pub(crate) fn make(kind: Hostile, rng: &mut Rng) -> Sample {
    let name = format!("hostile-{}", kind.name());
    let plain = |rng: &mut Rng| -> Draft {
        let mut d = draft(rng, Layout::Classic);
        d.save.owner_only = None;
        d
    };
    let mut truth = None;
    let bytes = match kind {
        Hostile::NotPdf => b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR not a statement".to_vec(),
        Hostile::Empty => Vec::new(),
        Hostile::Truncated => {
            let full = tamper::genuine(plain(rng), rng, String::new()).bytes;
            let cut = full.len() * usize::try_from(rng.range(30, 80)).unwrap_or(50) / 100;
            full[..cut].to_vec()
        }
        Hostile::UserPassword => {
            let mut d = plain(rng);
            d.save.user_password = Some("s3cret".into());
            tamper::genuine(d, rng, String::new()).bytes
        }
        Hostile::DecompressionBomb => one_page(&[stream_obj(4, b"/Filter /FlateDecode", &zero_bomb(512 << 20))], &[4]),
        Hostile::ManySmallBombs => {
            let bomb = zero_bomb(1 << 20);
            let streams: Vec<Vec<u8>> = (0..80).map(|i| stream_obj(4 + i, b"/Filter /FlateDecode", &bomb)).collect();
            one_page(&streams, &(4..84).collect::<Vec<_>>())
        }
        Hostile::ObjectStreamBomb => {
            let objstm = stream_obj(5, b"/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode", &zero_bomb(32 << 20));
            one_page(&[stream_obj(4, b"", b"BT ET"), objstm], &[4])
        }
        Hostile::DeepNesting => {
            let deep = format!("4 0 obj\n<< /Deep {}1{} >>\nendobj\n", "[".repeat(100_000), "]".repeat(100_000));
            one_page(&[stream_obj(5, b"", b"BT ET"), deep.into_bytes()], &[5])
        }
        Hostile::PageTreeCycle => raw_pdf(&[
            b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n".to_vec(),
            b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n".to_vec(),
            b"3 0 obj\n<< /Type /Pages /Kids [2 0 R] /Count 1 /Parent 2 0 R >>\nendobj\n".to_vec(),
        ]),
        Hostile::ReferenceCycle => raw_pdf(&[
            b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n".to_vec(),
            b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n".to_vec(),
            b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>\nendobj\n".to_vec(),
            b"4 0 obj\n5 0 R\nendobj\n".to_vec(),
            b"5 0 obj\n4 0 R\nendobj\n".to_vec(),
        ]),
        Hostile::HugePageCount => {
            let kids = "3 0 R ".repeat(100_000);
            raw_pdf(&[
                b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n".to_vec(),
                format!("2 0 obj\n<< /Type /Pages /Kids [{kids}] /Count 100000 >>\nendobj\n").into_bytes(),
                b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>\nendobj\n".to_vec(),
            ])
        }
        Hostile::TooManyObjects => {
            let mut objs = vec![
                b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n".to_vec(),
                b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n".to_vec(),
                b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>\nendobj\n".to_vec(),
            ];
            objs.extend((4..60_004).map(|i| format!("{i} 0 obj\n{i}\nendobj\n").into_bytes()));
            raw_pdf(&objs)
        }
        Hostile::TooLarge => {
            let mut b = b"%PDF-1.7\n%".to_vec();
            b.resize(11 << 20, b'A');
            b.extend_from_slice(b"\n%%EOF\n");
            b
        }
        Hostile::Garbage => {
            let mut b = b"%PDF-1.7\n".to_vec();
            b.extend((0..20_000).map(|_| rng.below(256) as u8));
            b.extend_from_slice(b"\nstartxref\n12345\n%%EOF\n");
            b
        }
        Hostile::OperatorFlood => one_page(&[stream_obj(4, b"/Filter /FlateDecode", &repeat_bomb(b"", b"q Q ", 24 << 20))], &[4]),
        Hostile::TextFlood => {
            let flood = stream_obj(4, b"/Filter /FlateDecode", &repeat_bomb(b"BT /F1 1 Tf ", b"(A) Tj ", 24 << 20));
            let font = b"5 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>\nendobj\n".to_vec();
            page_with(&[flood, font], &[4], "/Resources << /Font << /F1 5 0 R >> >>")
        }
        Hostile::OwnerPasswordObjectStreams => {
            let mut d = draft(rng, Layout::Modern);
            d.save.owner_only = Some(Cipher::Aes128);
            d.save.object_streams = true;
            truth = Some(d.truth());
            let on_file = d.on_file.clone();
            let bytes = tamper::genuine(d, rng, String::new()).bytes;
            return Sample { name, bytes, label: Label::Hostile(kind, truth), on_file };
        }
    };
    Sample {
        name,
        bytes,
        label: Label::Hostile(kind, truth),
        on_file: OnFile::default(),
    }
}

/// Catalog, page tree and one page whose contents are `contents`, plus `objects` (numbered from 4).
fn one_page(objects: &[Vec<u8>], contents: &[usize]) -> Vec<u8> {
    page_with(objects, contents, "")
}

/// [`one_page`] with extra page dictionary entries.
fn page_with(objects: &[Vec<u8>], contents: &[usize], extra: &str) -> Vec<u8> {
    let refs: String = contents.iter().map(|i| format!("{i} 0 R ")).collect();
    let mut all = vec![
        b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n".to_vec(),
        b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n".to_vec(),
        format!("3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents [{refs}] {extra} >>\nendobj\n").into_bytes(),
    ];
    all.extend(objects.iter().cloned());
    raw_pdf(&all)
}

fn stream_obj(num: usize, dict: &[u8], data: &[u8]) -> Vec<u8> {
    let mut o = format!("{num} 0 obj\n<< ").into_bytes();
    o.extend_from_slice(dict);
    o.extend_from_slice(format!(" /Length {} >>\nstream\n", data.len()).as_bytes());
    o.extend_from_slice(data);
    o.extend_from_slice(b"\nendstream\nendobj\n");
    o
}

/// A well-formed file around `objects` (numbered 1..): header, bodies, xref table, trailer.
fn raw_pdf(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for o in objects {
        offsets.push(out.len());
        out.extend_from_slice(o);
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}
