//! Turning rendered canvases into a PDF file with lopdf: font resources (standard 14, or the embedded
//! TrueType font as Type0/Identity-H or simple TrueType, each with a ToUnicode CMap), pages, annotations,
//! the Info dictionary and XMP, and the ways banks save files (classic xref or object streams, optionally
//! encrypted with an owner password only).

use super::{
    layouts::Fonts,
    page::{Canvas, Face, FontRes},
    rng::Rng,
    ttf::Ttf,
};
use lopdf::{
    Dictionary, Document, EncryptionState, EncryptionVersion, Object, ObjectId, Permissions,
    SaveOptions, Stream, StringFormat, dictionary,
    encryption::crypt_filters::{Aes128CryptFilter, Aes256CryptFilter, CryptFilter},
};
use std::{collections::BTreeMap, sync::Arc};

/// The `/Info` entries to write; `None` leaves an entry out.
#[derive(Debug, Clone, Default)]
pub(crate) struct InfoSpec {
    pub producer: Option<String>,
    pub creator: Option<String>,
    pub created: Option<String>,
    pub modified: Option<String>,
    /// Write an XMP packet naming this creator tool.
    pub xmp_tool: Option<String>,
    /// Leave out the Info dictionary altogether.
    pub omit: bool,
}

/// Owner-password encryption as banks use it: anyone may open the file, editing is "restricted".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cipher {
    Rc4_128,
    Aes128,
    Aes256,
}

/// How the file is written.
#[derive(Debug, Clone, Default)]
pub(crate) struct SaveSpec {
    pub compress: bool,
    pub object_streams: bool,
    pub owner_only: Option<Cipher>,
    /// Encrypt with this user password (a file nobody can open without it).
    pub user_password: Option<String>,
    pub binary_mark: Option<Vec<u8>>,
}

/// Build the document: one page per canvas, plus `annots[i]` on page `i`.
pub(crate) fn assemble(
    canvases: &[Canvas],
    fonts: &Fonts,
    annots: &[Vec<Dictionary>],
    info: &InfoSpec,
    compress: bool,
    transform: Option<[f32; 6]>,
) -> Document {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let mut font_dict = Dictionary::new();
    for f in fonts.all() {
        let id = add_font(&mut doc, f);
        font_dict.set(f.key, Object::Reference(id));
    }
    let resources = doc.add_object(
        dictionary! { "Font" => font_dict, "ProcSet" => vec!["PDF".into(), "Text".into()] },
    );
    let mut kids = Vec::new();
    for (i, canvas) in canvases.iter().enumerate() {
        let mut stream = Stream::new(Dictionary::new(), page_ops(&canvas.ops, transform));
        if compress {
            let _ = stream.compress();
        }
        let content = doc.add_object(stream);
        let mut page = dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content,
            "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
        };
        let mut page_annots: Vec<Object> = canvas
            .links
            .iter()
            .map(|r| {
                let uri = dictionary! { "S" => "URI", "URI" => Object::string_literal("https://example.com") };
                Object::Dictionary(dictionary! { "Type" => "Annot", "Subtype" => "Link", "Rect" => r.iter().map(|v| Object::Real(*v)).collect::<Vec<_>>(), "Border" => vec![0.into(), 0.into(), 0.into()], "A" => uri })
            })
            .collect();
        page_annots.extend(
            annots
                .get(i)
                .into_iter()
                .flatten()
                .cloned()
                .map(Object::Dictionary),
        );
        if !page_annots.is_empty() {
            page.set("Annots", page_annots);
        }
        page.set("Resources", resources);
        kids.push(Object::Reference(doc.add_object(page)));
    }
    let count = i64::try_from(kids.len()).unwrap_or(0);
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let mut catalog = dictionary! { "Type" => "Catalog", "Pages" => pages_id };
    if let Some(tool) = &info.xmp_tool {
        let xmp = format!(
            "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?><x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\
             <rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"><xmp:CreatorTool>{tool}</xmp:CreatorTool></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>"
        );
        let id = doc.add_object(
            Stream::new(
                dictionary! { "Type" => "Metadata", "Subtype" => "XML" },
                xmp.into_bytes(),
            )
            .with_compression(false),
        );
        catalog.set("Metadata", id);
    }
    let catalog_id = doc.add_object(catalog);
    doc.trailer.set("Root", catalog_id);
    if !info.omit {
        let mut d = Dictionary::new();
        for (key, value) in [
            ("Producer", &info.producer),
            ("Creator", &info.creator),
            ("CreationDate", &info.created),
            ("ModDate", &info.modified),
        ] {
            if let Some(v) = value {
                d.set(key, text_string(v));
            }
        }
        let id = doc.add_object(d);
        doc.trailer.set("Info", id);
    }
    doc
}

/// A page's content, placed under `transform` when there is one (as generators that lay out in their own
/// units or margins do).
pub(crate) fn page_ops(ops: &[u8], transform: Option<[f32; 6]>) -> Vec<u8> {
    match transform {
        None => ops.to_vec(),
        Some(m) => {
            let mut out = format!(
                "q {} {} {} {} {} {} cm\n",
                m[0], m[1], m[2], m[3], m[4], m[5]
            )
            .into_bytes();
            out.extend_from_slice(ops);
            out.extend_from_slice(b"Q\n");
            out
        }
    }
}

/// A PDF text string: PDFDocEncoding when it fits in Latin-1, UTF-16BE otherwise.
pub(crate) fn text_string(s: &str) -> Object {
    if s.chars().all(|c| u32::from(c) < 0x100) {
        Object::String(s.chars().map(|c| c as u8).collect(), StringFormat::Literal)
    } else {
        let mut bytes = Vec::new();
        lopdf::encode_utf16_be(s, &mut bytes);
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

fn add_font(doc: &mut Document, f: &FontRes) -> ObjectId {
    match &f.face {
        Face::Standard { base, widths } => {
            let mut d = dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => *base, "Encoding" => "WinAnsiEncoding" };
            if *widths {
                let w: Vec<Object> = (32u8..=126)
                    .map(|b| Object::Integer(f.advance(char::from(b)) as i64))
                    .collect();
                d.set("FirstChar", 32);
                d.set("LastChar", 126);
                d.set("Widths", w);
            }
            doc.add_object(d)
        }
        Face::Embedded { ttf, cid } => embedded(doc, ttf, *cid),
    }
}

fn embedded(doc: &mut Document, ttf: &Ttf, cid: bool) -> ObjectId {
    let mut program = Stream::new(
        dictionary! { "Length1" => i64::try_from(ttf.bytes.len()).unwrap_or(0) },
        ttf.bytes.to_vec(),
    );
    let _ = program.compress();
    let file = doc.add_object(program);
    let name = "AAKJRE+DejaVuSans";
    let descriptor = doc.add_object(dictionary! {
        "Type" => "FontDescriptor", "FontName" => name, "Flags" => 32, "ItalicAngle" => 0, "Ascent" => 928, "Descent" => -236,
        "CapHeight" => 729, "StemV" => 80, "FontBBox" => vec![(-1021).into(), (-463).into(), 1793.into(), 1232.into()], "FontFile2" => file,
    });
    let chars: Vec<char> = (32u8..=126).map(char::from).collect();
    let code_of = |c: char| {
        if cid {
            u32::from(ttf.glyph(c))
        } else {
            u32::from(c)
        }
    };
    let width = if cid { 4 } else { 2 };
    let entries: String = chars
        .iter()
        .map(|&c| format!("<{:0w$X}> <{:04X}>\n", code_of(c), u32::from(c), w = width))
        .collect();
    let cmap = format!(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<{}> <{}>\nendcodespacerange\n{} beginbfchar\n{entries}endbfchar\n\
         endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n",
        "0".repeat(width),
        "F".repeat(width),
        chars.len()
    );
    let mut cmap_stream = Stream::new(Dictionary::new(), cmap.into_bytes());
    let _ = cmap_stream.compress();
    let to_unicode = doc.add_object(cmap_stream);
    if !cid {
        let widths: Vec<Object> = chars
            .iter()
            .map(|&c| Object::Integer(i64::from(ttf.advance(c))))
            .collect();
        return doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => name, "FirstChar" => 32, "LastChar" => 126, "Widths" => widths,
            "Encoding" => "WinAnsiEncoding", "FontDescriptor" => descriptor, "ToUnicode" => to_unicode,
        });
    }
    let mut w = Vec::new();
    for &c in &chars {
        w.push(Object::Integer(i64::from(ttf.glyph(c))));
        w.push(Object::Array(vec![Object::Integer(i64::from(
            ttf.advance(c),
        ))]));
    }
    let descendant = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => name, "FontDescriptor" => descriptor, "DW" => 1000, "W" => w,
        "CIDSystemInfo" => dictionary! { "Registry" => Object::string_literal("Adobe"), "Ordering" => Object::string_literal("Identity"), "Supplement" => 0 },
        "CIDToGIDMap" => "Identity",
    });
    doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => name, "Encoding" => "Identity-H",
        "DescendantFonts" => vec![Object::Reference(descendant)], "ToUnicode" => to_unicode,
    })
}

/// Write `doc` as `spec` says.
pub(crate) fn save(mut doc: Document, spec: &SaveSpec, rng: &mut Rng) -> Vec<u8> {
    let id: Vec<u8> = (0..16).map(|_| rng.below(256) as u8).collect();
    doc.trailer.set(
        "ID",
        vec![
            Object::String(id.clone(), StringFormat::Hexadecimal),
            Object::String(id, StringFormat::Hexadecimal),
        ],
    );
    if let Some(mark) = &spec.binary_mark {
        doc.binary_mark = mark.clone();
    }
    let owner = format!("owner-{}", rng.digits(8));
    let key: Vec<u8> = (0..32).map(|_| rng.below(256) as u8).collect();
    let encryption = match (&spec.user_password, spec.owner_only) {
        (Some(user), _) => Some((Cipher::Aes128, user.clone())),
        (None, Some(c)) => Some((c, String::new())),
        (None, None) => None,
    };
    if let Some((cipher, user)) = encryption {
        let version = version(&doc, cipher, &owner, &user, &key);
        let state = EncryptionState::try_from(version).expect("encryption parameters are valid");
        doc.encrypt(&state).expect("a fresh document encrypts");
    }
    let mut out = Vec::new();
    if spec.object_streams {
        let options = SaveOptions::builder()
            .use_object_streams(true)
            .use_xref_streams(true)
            .build();
        doc.save_with_options(&mut out, options)
            .expect("writing to memory succeeds");
    } else {
        doc.save_to(&mut out).expect("writing to memory succeeds");
    }
    out
}

fn version<'a>(
    doc: &'a Document,
    cipher: Cipher,
    owner: &'a str,
    user: &'a str,
    key: &'a [u8],
) -> EncryptionVersion<'a> {
    let permissions = Permissions::PRINTABLE
        | Permissions::COPYABLE_FOR_ACCESSIBILITY
        | Permissions::PRINTABLE_IN_HIGH_QUALITY;
    match cipher {
        Cipher::Rc4_128 => EncryptionVersion::V2 {
            document: doc,
            owner_password: owner,
            user_password: user,
            key_length: 128,
            permissions,
        },
        Cipher::Aes128 => {
            let filter: Arc<dyn CryptFilter> = Arc::new(Aes128CryptFilter);
            EncryptionVersion::V4 {
                document: doc,
                encrypt_metadata: true,
                crypt_filters: BTreeMap::from([(b"StdCF".to_vec(), filter)]),
                stream_filter: b"StdCF".to_vec(),
                string_filter: b"StdCF".to_vec(),
                owner_password: owner,
                user_password: user,
                permissions,
            }
        }
        Cipher::Aes256 => {
            let filter: Arc<dyn CryptFilter> = Arc::new(Aes256CryptFilter);
            EncryptionVersion::V5 {
                encrypt_metadata: true,
                crypt_filters: BTreeMap::from([(b"StdCF".to_vec(), filter)]),
                file_encryption_key: key,
                stream_filter: b"StdCF".to_vec(),
                string_filter: b"StdCF".to_vec(),
                owner_password: owner,
                user_password: user,
                permissions,
            }
        }
    }
}
