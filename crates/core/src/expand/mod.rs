//! Variables and code replacements in edit values, expanded per file at apply time
//! (docs/templates.md).
//!
//! - [`Template::parse`] reads a value once, before anything is read or written:
//!   `{file.name}`, `{file.stem}`, `{folder}`, `{index}` / `{index:03}`,
//!   `{date:%Y-%m-%d}` (now), `{PREFIX:Name[:FORMAT][|DEFAULT]}` (a property of the
//!   file itself), `=code=` / `=code#2=` (a [`Codes`] table's columns), `{{` and `}}`
//!   for literal braces. Syntax errors, unknown variables and unknown codes are
//!   found here, so a batch is refused before any write.
//! - [`Template::expand`] fills one file's [`Context`] in; a property the file lacks
//!   (without a `|default`) is an error naming the file.
//!
//! Pure: the context (file names, the packet, "now") comes from the layer above.

mod codes;
mod parse;
mod strftime;

pub use codes::{CodeError, Codes};
pub use parse::{Piece, Template, Var};
pub use strftime::{format_date, Civil, DateFormat};

use crate::edit::Resolver;
use crate::xmp::Packet;

/// A value that cannot be read as a template, or not filled in for one file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExpandError {
    #[error("{value:?} at column {column}: {message}")]
    Syntax {
        value: String,
        column: usize,
        message: String,
    },
    #[error("{{{name}}} is not a variable (known: file.name, file.stem, folder, index, date:FORMAT, PREFIX:Property; write {{{{ for a literal brace)")]
    UnknownVariable { name: String },
    #[error("={code}= is not a code of the code replacement file")]
    UnknownCode { code: String },
    #[error("={code}#{column}=: the code has {have} replacement column(s)")]
    NoColumn {
        code: String,
        column: usize,
        have: usize,
    },
    #[error("{{{var}}}: the file has no {prop} (write {{{prop}|DEFAULT}} to give one)")]
    MissingProperty { var: String, prop: String },
    #[error("{{{var}}}: {prop} is {value:?}, not a date the format can read")]
    NotADate {
        var: String,
        prop: String,
        value: String,
    },
    #[error("{{{var}}}: {prop} is a struct, which has no text")]
    NoText { var: String, prop: String },
}

/// What one file supplies to [`Template::expand`].
pub struct Context<'a> {
    /// The file's name (`IMG_1.jpg`).
    pub file_name: &'a str,
    /// The folder's own name (not the whole path).
    pub folder: &'a str,
    /// 1-based position among the targets.
    pub index: usize,
    /// The current time (UTC).
    pub now: Civil,
    /// The file's current XMP.
    pub packet: Option<&'a Packet>,
    /// Prefixes of `{PREFIX:Name}` variables.
    pub resolver: &'a dyn Resolver,
}

impl Context<'_> {
    /// The name without its last extension (`IMG_1` of `IMG_1.jpg`; a dot-file keeps
    /// its whole name).
    pub fn file_stem(&self) -> &str {
        match self.file_name.rfind('.') {
            Some(i) if i > 0 => &self.file_name[..i],
            _ => self.file_name,
        }
    }
}

/// True when `value` holds anything [`Template::parse`] reads as more than text (a
/// brace, or a code delimiter when `codes` is set): values without one need no
/// per-file work.
pub fn has_markup(value: &str, codes: Option<&Codes>) -> bool {
    value.contains(['{', '}']) || codes.is_some_and(|c| value.contains(c.delimiter()))
}

#[cfg(test)]
mod tests;
