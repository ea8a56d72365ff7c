//! Error and warning collection shared by the tokenizer and the RDF walker.
//!
//! Both work with byte offsets; [`Sink::finish`] converts them to line/column in one pass.

use crate::xmp::error::{Diagnostic, ParseError, ParseErrorKind};
use crate::xmp::parse::position::{line_col, line_cols};

/// More warnings than this are counted, not kept (a hostile packet could otherwise make
/// millions of them).
const MAX_WARNINGS: usize = 1000;

/// An error on its way out, still with a byte offset.
#[derive(Debug)]
pub(crate) struct Fail {
    pub pos: usize,
    pub kind: ParseErrorKind,
    pub msg: String,
}

impl Fail {
    pub fn new(pos: usize, kind: ParseErrorKind, msg: impl Into<String>) -> Self {
        Fail {
            pos,
            kind,
            msg: msg.into(),
        }
    }

    pub fn into_error(self, text: &str) -> ParseError {
        let (line, column) = line_col(text, self.pos);
        ParseError::new(self.kind, self.msg, line, column)
    }
}

pub(crate) type Res<T> = Result<T, Fail>;

#[derive(Debug, Default)]
pub(crate) struct Sink {
    pub recover: bool,
    pub lossy: bool,
    warnings: Vec<(usize, String)>,
    dropped: usize,
}

impl Sink {
    pub fn new(recover: bool) -> Self {
        Sink {
            recover,
            ..Sink::default()
        }
    }

    /// Something accepted as is, worth telling.
    pub fn warn(&mut self, pos: usize, msg: impl Into<String>) {
        if self.warnings.len() < MAX_WARNINGS {
            self.warnings.push((pos, msg.into()));
        } else {
            self.dropped += 1;
        }
    }

    /// A violation of docs/rdf-xml.md, "Errors": an error in strict mode; in lenient mode a
    /// warning, and the caller skips the offending part (the packet becomes lossy).
    pub fn recoverable(
        &mut self,
        pos: usize,
        kind: ParseErrorKind,
        msg: impl Into<String>,
    ) -> Res<()> {
        let msg = msg.into();
        if !self.recover {
            return Err(Fail::new(pos, kind, msg));
        }
        self.lossy = true;
        self.warn(pos, format!("{msg}; skipped"));
        Ok(())
    }

    /// A repair that keeps the data but changes it (lenient mode only).
    pub fn repaired(&mut self, pos: usize, msg: impl Into<String>) {
        self.lossy = true;
        self.warn(pos, msg);
    }

    pub fn finish(self, text: &str) -> Vec<Diagnostic> {
        let offsets: Vec<usize> = self.warnings.iter().map(|(p, _)| *p).collect();
        let lc = line_cols(text, &offsets);
        let mut out: Vec<Diagnostic> = self
            .warnings
            .into_iter()
            .zip(lc)
            .map(|((_, message), (line, column))| Diagnostic {
                message,
                line,
                column,
            })
            .collect();
        if self.dropped > 0 {
            out.push(Diagnostic {
                message: format!("{} further warnings not shown", self.dropped),
                line: 1,
                column: 1,
            });
        }
        out
    }
}
