//! Why an edit was refused. Every variant names the path it concerns (rendered with
//! canonical prefixes, Clark notation for unknown namespaces) so messages read like
//! the user's own expression: `xmp:Rating must be -1 (rejected) or 0..5, got 7`.

use crate::xmp::lang::LangError;

/// An edit that cannot be applied. A refused op never changes the packet.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("xmp:Rating must be -1 (rejected) or 0..5, got {got}")]
    Rating { got: String },
    /// A value that does not match the property's type (`tiff:Orientation` text) or
    /// is outside its closed choices; `why` says what exactly is wrong when the value
    /// is close to right (`day 29 is out of range for 2023-02`).
    #[error("{path} must be {expected}, got {got:?}{}", why_text(.why.as_deref()))]
    Type {
        path: String,
        expected: String,
        got: String,
        why: Option<String>,
    },
    #[error("{path}: {source}")]
    Lang {
        path: String,
        #[source]
        source: LangError,
    },
    #[error("{path} is {found}, not an array{hint}")]
    NotArray {
        path: String,
        found: String,
        hint: String,
    },
    #[error("{path} is {found}, not a language alternative{hint}")]
    NotLangAlt {
        path: String,
        found: String,
        hint: String,
    },
    #[error("{path} is {found}, not a struct")]
    NotStruct { path: String, found: String },
    #[error("{path} is {found}, not a simple value{hint}")]
    NotSimple {
        path: String,
        found: String,
        hint: String,
    },
    #[error("{path} is {found}, but {kind} was asked for")]
    WrongKind {
        path: String,
        found: String,
        kind: String,
    },
    #[error("{path} has no item {index} (it has {len})")]
    NoItem {
        path: String,
        index: usize,
        len: usize,
    },
    #[error("{path} has no {lang} alternative")]
    NoLang { path: String, lang: String },
    #[error("{path} does not exist")]
    Missing { path: String },
    #[error("{path}: item indexes start at 1")]
    ZeroIndex { path: String },
    #[error("{path}: {message}")]
    Other { path: String, message: String },
}

fn why_text(why: Option<&str>) -> String {
    why.map(|w| format!(": {w}")).unwrap_or_default()
}

impl EditError {
    /// True when the error is about the value itself (its type or range) rather than
    /// the path; the EDIT parser points at the value for these.
    pub fn is_value_error(&self) -> bool {
        matches!(self, EditError::Rating { .. } | EditError::Type { .. })
    }
}
