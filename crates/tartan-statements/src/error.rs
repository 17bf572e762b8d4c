//! Why a file was refused. Every message is written for the person who uploaded the file: it names the
//! problem and what to do, and never echoes file content.

/// A refusal. The server maps these to a Plaid-shaped client error; [`AnalyzeError::code`] gives a stable
/// machine-readable name for logs and metrics.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnalyzeError {
    /// The bytes do not start like a PDF (no `%PDF-` header near the start).
    #[error("the uploaded file is not a PDF")]
    NotPdf,
    /// Zero bytes were uploaded.
    #[error("the uploaded file is empty")]
    Empty,
    /// The file has a PDF header but no end-of-file marker: the upload was cut short.
    #[error(
        "the PDF is incomplete (it was cut short during upload or download); upload the complete file"
    )]
    Truncated,
    /// The file needs a user password to open.
    #[error("the PDF is password-protected; upload a copy that opens without a password")]
    PasswordProtected,
    /// The file is larger than [`crate::Limits::max_bytes`].
    #[error("the PDF is {size} bytes; the maximum accepted size is {max} bytes")]
    TooLarge {
        /// Size of the upload in bytes.
        size: usize,
        /// The configured limit in bytes.
        max: usize,
    },
    /// The page tree holds more than [`crate::Limits::max_pages`] pages.
    #[error("the PDF has more than {max} pages; upload the statement on its own")]
    TooManyPages {
        /// The configured page limit.
        max: usize,
    },
    /// The file holds more than [`crate::Limits::max_objects`] objects (or too many object streams).
    #[error("the PDF is too complex (more than {max} objects)")]
    TooManyObjects {
        /// The configured object limit.
        max: usize,
    },
    /// Compressed streams expand beyond [`crate::Limits::max_decompressed_bytes`] (a decompression bomb).
    #[error("the PDF's compressed content expands beyond the accepted size")]
    DecompressionLimit,
    /// Analysis needed more steps than [`crate::Limits::max_operations`].
    #[error("the PDF is too complex to analyse")]
    WorkLimit,
    /// The file claims to be a PDF but its structure cannot be read.
    #[error("the PDF is damaged and cannot be read: {0}")]
    Malformed(String),
}

impl AnalyzeError {
    /// A stable upper-case name for the variant (`NOT_PDF`, `WORK_LIMIT`, …), for logs and metrics.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotPdf => "NOT_PDF",
            Self::Empty => "EMPTY",
            Self::Truncated => "TRUNCATED",
            Self::PasswordProtected => "PASSWORD_PROTECTED",
            Self::TooLarge { .. } => "TOO_LARGE",
            Self::TooManyPages { .. } => "TOO_MANY_PAGES",
            Self::TooManyObjects { .. } => "TOO_MANY_OBJECTS",
            Self::DecompressionLimit => "DECOMPRESSION_LIMIT",
            Self::WorkLimit => "WORK_LIMIT",
            Self::Malformed(_) => "MALFORMED",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_limit_without_file_content() {
        let e = AnalyzeError::TooLarge { size: 11, max: 10 };
        assert_eq!(
            e.to_string(),
            "the PDF is 11 bytes; the maximum accepted size is 10 bytes"
        );
        assert_eq!(e.code(), "TOO_LARGE");
        assert_eq!(
            AnalyzeError::TooManyPages { max: 100 }.to_string(),
            "the PDF has more than 100 pages; upload the statement on its own"
        );
    }
}
