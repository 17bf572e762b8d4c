//! Loading a census-approved file with lopdf, and walking its page tree.
//!
//! lopdf parses, repairs damaged cross-reference data, and decrypts files whose user password is empty
//! (RC4 40-128 bit, AES-128, AES-256), which is how banks ship "owner password only" statements. This
//! module maps its failures onto [`AnalyzeError`] and re-checks the limits on what it built. Reference
//! resolution for the rest of the crate lives here too, so cycle handling is decided in one place.

use crate::{AnalyzeError, Limits, limits::Budget};
use lopdf::{
    DecompressError, Dictionary, Document, Error as PdfError, LoadOptions, Object, ObjectId,
};

/// lopdf inflates object and cross-reference streams eagerly while loading; each is capped at this.
const PER_STREAM_CAP: usize = 16 * 1024 * 1024;
/// Longer reference chains (`1 0 R` → `2 0 R` → …) are treated as cycles.
const MAX_REF_CHAIN: usize = 16;
/// Deeper page trees are refused: a balanced tree of 100 pages needs 3 levels.
const MAX_TREE_DEPTH: usize = 32;
static NULL: Object = Object::Null;

/// One leaf of the page tree with the attributes it inherits.
#[derive(Debug, Clone)]
pub(crate) struct PageRef<'a> {
    pub dict: &'a Dictionary,
    pub resources: Option<&'a Dictionary>,
}

/// Parse `pdf` (already checked by the census) into a decrypted lopdf document.
pub(crate) fn load(
    pdf: &[u8],
    limits: &Limits,
    budget: &mut Budget,
) -> Result<Document, AnalyzeError> {
    budget.charge_bytes(pdf.len())?;
    let options = LoadOptions {
        max_decompressed_size: Some(limits.max_decompressed_bytes.min(PER_STREAM_CAP)),
        ..LoadOptions::default()
    };
    let doc = Document::load_mem_with_options(pdf, options).map_err(map_error)?;
    // lopdf removes /Encrypt once it has decrypted with the empty user password; if it is still there the
    // file needs a real password.
    if doc.trailer.has(b"Encrypt") {
        return Err(AnalyzeError::PasswordProtected);
    }
    if doc.objects.len() > limits.max_objects {
        return Err(AnalyzeError::TooManyObjects {
            max: limits.max_objects,
        });
    }
    budget.charge(u64::try_from(doc.objects.len()).unwrap_or(u64::MAX))?;
    Ok(doc)
}

fn map_error(e: PdfError) -> AnalyzeError {
    match e {
        PdfError::Decompress(DecompressError::MemoryLimitExceeded { .. }) => {
            AnalyzeError::DecompressionLimit
        }
        PdfError::InvalidPassword
        | PdfError::Decryption(_)
        | PdfError::UnsupportedSecurityHandler(_) => AnalyzeError::PasswordProtected,
        PdfError::Parse(lopdf::ParseError::InvalidFileHeader) => AnalyzeError::NotPdf,
        PdfError::ReferenceCycle(_) | PdfError::ReferenceLimit | PdfError::RecursionLimit => {
            AnalyzeError::Malformed("the PDF contains a reference cycle".into())
        }
        // lopdf's own wording names its internals (and sometimes its issue tracker): not for the uploader.
        _ => AnalyzeError::Malformed("its cross-reference data and objects cannot be read".into()),
    }
}

/// Follow references from `obj` to a direct object. A missing object reads as `null` (as the PDF spec
/// says); a chain that loops or runs longer than [`MAX_REF_CHAIN`] is a refusal.
pub(crate) fn resolve<'a>(
    doc: &'a Document,
    mut obj: &'a Object,
) -> Result<&'a Object, AnalyzeError> {
    for _ in 0..MAX_REF_CHAIN {
        match obj {
            Object::Reference(id) => match doc.objects.get(id) {
                Some(next) => obj = next,
                None => return Ok(&NULL),
            },
            direct => return Ok(direct),
        }
    }
    Err(AnalyzeError::Malformed(
        "the PDF contains a reference cycle".into(),
    ))
}

/// `dict[key]`, resolved; `null` when absent.
pub(crate) fn get<'a>(
    doc: &'a Document,
    dict: &'a Dictionary,
    key: &[u8],
) -> Result<&'a Object, AnalyzeError> {
    match dict.get(key) {
        Ok(obj) => resolve(doc, obj),
        Err(_) => Ok(&NULL),
    }
}

/// `dict[key]` as a dictionary (a stream's dictionary counts), if it is one.
pub(crate) fn get_dict<'a>(
    doc: &'a Document,
    dict: &'a Dictionary,
    key: &[u8],
) -> Result<Option<&'a Dictionary>, AnalyzeError> {
    Ok(match get(doc, dict, key)? {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    })
}

/// The leaves of the page tree in order, with inherited `/Resources`.
pub(crate) fn pages<'a>(
    doc: &'a Document,
    limits: &Limits,
    budget: &mut Budget,
) -> Result<Vec<PageRef<'a>>, AnalyzeError> {
    let catalog = match doc.trailer.get(b"Root").map(|root| resolve(doc, root)) {
        Ok(Ok(Object::Dictionary(d))) => d,
        Ok(Err(e)) => return Err(e),
        _ => {
            return Err(AnalyzeError::Malformed(
                "the document catalog is missing".into(),
            ));
        }
    };
    let root = match catalog.get(b"Pages") {
        Ok(Object::Reference(id)) => *id,
        _ => return Err(AnalyzeError::Malformed("the page tree is missing".into())),
    };
    let mut walk = Walk {
        doc,
        limits,
        budget,
        path: Vec::new(),
        out: Vec::new(),
    };
    walk.node(root, None)?;
    if walk.out.is_empty() {
        return Err(AnalyzeError::Malformed("the PDF has no pages".into()));
    }
    Ok(walk.out)
}

struct Walk<'a, 'b> {
    doc: &'a Document,
    limits: &'b Limits,
    budget: &'b mut Budget,
    /// Ancestors of the node being visited: a repeat is a cycle (a page shared by two parents is not).
    path: Vec<ObjectId>,
    out: Vec<PageRef<'a>>,
}

impl<'a> Walk<'a, '_> {
    fn node(
        &mut self,
        id: ObjectId,
        inherited: Option<&'a Dictionary>,
    ) -> Result<(), AnalyzeError> {
        self.budget.charge(1)?;
        if self.path.contains(&id) {
            return Err(AnalyzeError::Malformed(
                "the page tree contains a reference cycle".into(),
            ));
        }
        if self.path.len() >= MAX_TREE_DEPTH {
            return Err(AnalyzeError::Malformed(
                "the page tree is nested too deeply".into(),
            ));
        }
        let doc = self.doc;
        let Some(dict) = doc
            .objects
            .get(&id)
            .map(|o| resolve(doc, o))
            .transpose()?
            .and_then(|o| o.as_dict().ok())
        else {
            // A dangling kid is skipped, as viewers do.
            return Ok(());
        };
        let resources = get_dict(doc, dict, b"Resources")?.or(inherited);
        let kids = match get(doc, dict, b"Kids")? {
            Object::Array(kids) => Some(kids),
            _ => None,
        };
        let is_tree_node = dict.get_type().is_ok_and(|t| t == b"Pages") || kids.is_some();
        if !is_tree_node {
            if self.out.len() >= self.limits.max_pages {
                return Err(AnalyzeError::TooManyPages {
                    max: self.limits.max_pages,
                });
            }
            self.out.push(PageRef { dict, resources });
            return Ok(());
        }
        self.path.push(id);
        for kid in kids.into_iter().flatten() {
            match kid {
                Object::Reference(kid_id) => self.node(*kid_id, resources)?,
                _ => self.budget.charge(1)?,
            }
        }
        self.path.pop();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::dictionary;

    fn doc_with_kids(kids_of_root: Vec<Object>, extra: Vec<(ObjectId, Object)>) -> Document {
        let mut doc = Document::with_version("1.7");
        let pages: ObjectId = (1, 0);
        doc.objects.insert(
            pages,
            Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids_of_root }),
        );
        for (id, o) in extra {
            doc.objects.insert(id, o);
        }
        doc.objects.insert(
            (9, 0),
            Object::Dictionary(dictionary! { "Type" => "Catalog", "Pages" => pages }),
        );
        doc.trailer.set("Root", Object::Reference((9, 0)));
        doc
    }

    fn walk(doc: &Document, max_pages: usize) -> Result<usize, AnalyzeError> {
        let limits = Limits {
            max_pages,
            ..Limits::default()
        };
        pages(doc, &limits, &mut Budget::new(&limits)).map(|p| p.len())
    }

    #[test]
    fn counts_shared_pages_and_stops_at_the_page_limit() {
        let page = Object::Dictionary(dictionary! { "Type" => "Page" });
        let kids = vec![Object::Reference((2, 0)); 500];
        let doc = doc_with_kids(kids, vec![((2, 0), page)]);
        assert_eq!(walk(&doc, 1000), Ok(500));
        assert_eq!(
            walk(&doc, 100),
            Err(AnalyzeError::TooManyPages { max: 100 })
        );
    }

    #[test]
    fn refuses_a_page_tree_cycle() {
        let inner = Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![Object::Reference((1, 0))] },
        );
        let doc = doc_with_kids(vec![Object::Reference((2, 0))], vec![((2, 0), inner)]);
        assert!(matches!(walk(&doc, 100), Err(AnalyzeError::Malformed(m)) if m.contains("cycle")));
    }

    #[test]
    fn refuses_reference_loops_but_reads_missing_objects_as_null() {
        let mut doc = Document::with_version("1.7");
        doc.objects.insert((1, 0), Object::Reference((2, 0)));
        doc.objects.insert((2, 0), Object::Reference((1, 0)));
        assert!(resolve(&doc, &Object::Reference((1, 0))).is_err());
        assert_eq!(resolve(&doc, &Object::Reference((7, 0))), Ok(&Object::Null));
    }
}
