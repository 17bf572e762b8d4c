//! `SOFTWARE_BLACKLIST`: the file was produced or last saved by software people use to alter documents.
//!
//! Banks generate statements with reporting engines (iText, Apache FOP, PDFlib, Crystal Reports,
//! JasperReports, Acrobat Distiller, Adobe PDF Library…), none of which are listed. The names are read from
//! the Info dictionary (`/Producer`, `/Creator`) and from the XMP packet (`xmp:CreatorTool`, `pdf:Producer`,
//! and `stEvt:softwareAgent` history entries), case-insensitively.

use super::{metadata::Info, signal};
use crate::{AnalyzeError, RiskSignal, limits::Budget, load::get};
use lopdf::{Document, Object};

/// XMP packets larger than this are not read (real ones are a few KiB).
const MAX_XMP: usize = 1024 * 1024;
const XMP_KEYS: [&str; 3] = ["xmp:CreatorTool", "pdf:Producer", "stEvt:softwareAgent"];

/// One listed product: any `needles` substring matches unless an `unless` substring is also present.
struct Listed {
    label: &'static str,
    needles: &'static [&'static str],
    unless: &'static [&'static str],
}

/// The blacklist. Image editors, desktop and online PDF editors, and word processors (a bank statement is
/// never typed up in Word).
const BLACKLIST: &[Listed] = &[
    Listed {
        label: "Adobe Photoshop",
        needles: &["photoshop"],
        unless: &[],
    },
    Listed {
        label: "Adobe Illustrator",
        needles: &["illustrator"],
        unless: &[],
    },
    Listed {
        label: "Adobe InDesign",
        needles: &["indesign"],
        unless: &[],
    },
    Listed {
        label: "Adobe Acrobat",
        needles: &["acrobat"],
        unless: &["distiller", "pdf library", "pdfmaker", "paper capture"],
    },
    Listed {
        label: "GIMP",
        needles: &["gimp"],
        unless: &[],
    },
    Listed {
        label: "Inkscape",
        needles: &["inkscape"],
        unless: &[],
    },
    Listed {
        label: "Canva",
        needles: &["canva"],
        unless: &[],
    },
    Listed {
        label: "Sejda",
        needles: &["sejda"],
        unless: &[],
    },
    Listed {
        label: "iLovePDF",
        needles: &["ilovepdf"],
        unless: &[],
    },
    Listed {
        label: "PDFescape",
        needles: &["pdfescape"],
        unless: &[],
    },
    Listed {
        label: "Smallpdf",
        needles: &["smallpdf"],
        unless: &[],
    },
    Listed {
        label: "PDF Candy",
        needles: &["pdf candy", "pdfcandy"],
        unless: &[],
    },
    Listed {
        label: "pdfFiller",
        needles: &["pdffiller"],
        unless: &[],
    },
    Listed {
        label: "Soda PDF",
        needles: &["soda pdf", "sodapdf"],
        unless: &[],
    },
    Listed {
        label: "PDF24",
        needles: &["pdf24"],
        unless: &[],
    },
    Listed {
        label: "DocFly",
        needles: &["docfly"],
        unless: &[],
    },
    Listed {
        label: "PDF Buddy",
        needles: &["pdf buddy", "pdfbuddy"],
        unless: &[],
    },
    Listed {
        label: "PDFzorro",
        needles: &["pdfzorro"],
        unless: &[],
    },
    Listed {
        label: "Foxit PDF Editor",
        needles: &["foxit phantompdf", "foxit pdf editor", "foxit editor"],
        unless: &[],
    },
    Listed {
        label: "Nitro PDF",
        needles: &["nitro pro", "nitro pdf"],
        unless: &[],
    },
    Listed {
        label: "Wondershare PDFelement",
        needles: &["pdfelement", "wondershare"],
        unless: &[],
    },
    Listed {
        label: "PDF-XChange Editor",
        needles: &["pdf-xchange editor", "pdf-xchange viewer"],
        unless: &[],
    },
    Listed {
        label: "Microsoft Word",
        needles: &[
            "microsoft word",
            "microsoft\u{ae} word",
            "word for microsoft 365",
            "word for office 365",
        ],
        unless: &[],
    },
    Listed {
        label: "LibreOffice",
        needles: &["libreoffice", "openoffice"],
        unless: &[],
    },
    Listed {
        label: "Google Docs",
        needles: &["google docs"],
        unless: &[],
    },
    Listed {
        label: "WPS Office",
        needles: &["wps office", "wps writer", "kingsoft"],
        unless: &[],
    },
];

/// The listed product `tool` names, if any.
pub(crate) fn blacklisted(tool: &str) -> Option<&'static str> {
    let lower = tool.to_lowercase();
    BLACKLIST
        .iter()
        .find(|l| {
            l.needles.iter().any(|n| lower.contains(n))
                && !l.unless.iter().any(|u| lower.contains(u))
        })
        .map(|l| l.label)
}

/// One signal per listed product found in the metadata.
pub(crate) fn signals(
    doc: &Document,
    info: &Info,
    budget: &mut Budget,
) -> Result<Vec<RiskSignal>, AnalyzeError> {
    let mut tools: Vec<String> = [&info.producer, &info.creator]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    tools.extend(xmp_tools(doc, budget)?);
    let mut labels: Vec<&'static str> = Vec::new();
    for tool in &tools {
        if let Some(label) = blacklisted(tool)
            && !labels.contains(&label)
        {
            labels.push(label);
        }
    }
    // Plaid's own example describes the signal with the product name alone ("Adobe Acrobat").
    Ok(labels
        .into_iter()
        .map(|l| signal("SOFTWARE_BLACKLIST", true, l, 0))
        .collect())
}

/// Tool names recorded in the catalog's XMP packet.
fn xmp_tools(doc: &Document, budget: &mut Budget) -> Result<Vec<String>, AnalyzeError> {
    let Ok(catalog) = doc.catalog() else {
        return Ok(Vec::new());
    };
    let Object::Stream(stream) = get(doc, catalog, b"Metadata")? else {
        return Ok(Vec::new());
    };
    let Ok(bytes) = stream.decompressed_content_with_limit(budget.inflate_room().min(MAX_XMP))
    else {
        return Ok(Vec::new());
    };
    budget.take_inflated(bytes.len())?;
    Ok(xmp_values(&String::from_utf8_lossy(&bytes)))
}

/// Values of [`XMP_KEYS`] in element (`<k>v</k>`) or attribute (`k="v"`) form.
fn xmp_values(xmp: &str) -> Vec<String> {
    let mut out = Vec::new();
    for key in XMP_KEYS {
        for (open, close) in [
            (format!("<{key}>"), format!("</{key}>")),
            (format!("{key}=\""), "\"".to_string()),
        ] {
            let mut rest = xmp;
            while let Some(p) = rest.find(&open) {
                rest = &rest[p + open.len()..];
                let Some(end) = rest.find(&close) else { break };
                out.push(rest[..end].trim().to_string());
                rest = &rest[end..];
                if out.len() >= 64 {
                    return out;
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_editors_but_not_statement_engines() {
        assert_eq!(
            blacklisted("Adobe Acrobat Pro DC 21.1.20135"),
            Some("Adobe Acrobat")
        );
        assert_eq!(
            blacklisted("Adobe Photoshop 25.0 (Windows)"),
            Some("Adobe Photoshop")
        );
        assert_eq!(blacklisted("Sejda (https://www.sejda.com)"), Some("Sejda"));
        assert_eq!(blacklisted("iLovePDF"), Some("iLovePDF"));
        assert_eq!(
            blacklisted("Microsoft\u{ae} Word for Microsoft 365"),
            Some("Microsoft Word")
        );
        for genuine in [
            "Acrobat Distiller 10.1.16 (Windows)",
            "Adobe PDF Library 17.11",
            "iText\u{ae} 7.2.5 \u{a9}2000-2023 iText Group NV",
            "Apache FOP Version 2.9",
            "PDFlib+PDI 9.3.1 (Linux/x86_64)",
            "Crystal Reports",
            "JasperReports Library version 6.20.6",
        ] {
            assert_eq!(blacklisted(genuine), None, "{genuine}");
        }
    }

    #[test]
    fn reads_xmp_elements_and_attributes() {
        let xmp = r#"<x:xmpmeta><rdf:Description xmp:CreatorTool="Adobe Photoshop 25.0"><pdf:Producer>Sejda</pdf:Producer>
            <stEvt:softwareAgent>Adobe Acrobat 23</stEvt:softwareAgent></rdf:Description></x:xmpmeta>"#;
        let v = xmp_values(xmp);
        assert!(v.contains(&"Adobe Photoshop 25.0".to_string()));
        assert!(v.contains(&"Sejda".to_string()));
        assert!(v.contains(&"Adobe Acrobat 23".to_string()));
    }
}
