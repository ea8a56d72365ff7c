//! Errors and warnings of the XMP reader, with line and column.
//!
//! Positions are 1-based and refer to the *decoded* packet text (after UTF-16/32 has been
//! turned into UTF-8 and a leading byte-order mark dropped): the line counts LF, CR LF and
//! lone CR as one line break each, the column counts Unicode characters from the start of
//! the line.

/// What kind of problem a [`ParseError`] reports, for callers that react differently to
/// (say) a resource limit than to a malformed packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ParseErrorKind {
    /// The bytes are not text in a supported encoding (bad UTF-8, odd UTF-16 length).
    Encoding,
    /// The text is not well-formed XML.
    #[default]
    Xml,
    /// A `<!DOCTYPE` (and with it any entity declaration) was found: refused outright.
    Doctype,
    /// An entity reference other than the five predefined ones, or a bad character
    /// reference.
    Entity,
    /// A namespace problem: unbound prefix, element or attribute without namespace.
    Namespace,
    /// No `rdf:RDF` element anywhere, or only one whose `rdf` prefix is bound to a
    /// wrong namespace URI (reported as a damaged packet).
    NoXmp,
    /// Well-formed XML that breaks the RDF/XMP rules of docs/rdf-xml.md, "Errors"
    /// (recoverable with `ParseOptions::recover`).
    Rdf,
    /// Nesting depth, packet size or node count over the configured limit.
    Limit,
}

/// A packet the reader refuses, with where it went wrong (1-based line and column in
/// the decoded packet text).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} (line {line}, column {column})")]
pub struct ParseError {
    pub message: String,
    pub line: usize,
    pub column: usize,
    pub kind: ParseErrorKind,
}

impl ParseError {
    pub fn new(
        kind: ParseErrorKind,
        message: impl Into<String>,
        line: usize,
        column: usize,
    ) -> Self {
        ParseError {
            message: message.into(),
            line,
            column,
            kind,
        }
    }
}

/// Something the reader accepted but wants the user to know (dropped `rdf:ID`, a
/// recovered error in lenient mode, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub message: String,
    pub line: usize,
    pub column: usize,
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} (line {}, column {})",
            self.message, self.line, self.column
        )
    }
}
