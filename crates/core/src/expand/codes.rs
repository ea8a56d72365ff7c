//! Photo Mechanic's code replacement files: UTF-8, one code per line, tab-separated
//! (the code, then one or more replacement columns). `=code=` in a value becomes
//! column 1, `=code#2=` column 2; the delimiter (`=` by default) is configurable.

use foldhash::HashMap;

/// A code replacement file that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    #[error("line {line}: {message}")]
    Line { line: usize, message: String },
}

/// The codes of one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Codes {
    delimiter: char,
    map: HashMap<String, Vec<String>>,
}

/// Characters a code may hold: anything else between two delimiters is text, so
/// `a = b = c` or a URL query never reads as a code.
pub fn is_code_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '.')
}

impl Codes {
    /// Parses the file's text. Blank lines are skipped; a line without a tab, an
    /// empty or malformed code, or a code given twice is an error with its line.
    pub fn parse(text: &str, delimiter: char) -> Result<Codes, CodeError> {
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        let mut map: HashMap<String, Vec<String>> = HashMap::default();
        for (i, raw) in text.split('\n').enumerate() {
            let line = i + 1;
            let l = raw.strip_suffix('\r').unwrap_or(raw);
            if l.trim().is_empty() {
                continue;
            }
            let fail = |message: String| CodeError::Line { line, message };
            let mut cols = l.split('\t');
            let code = cols.next().unwrap_or_default();
            let repl: Vec<String> = cols.map(String::from).collect();
            if repl.is_empty() {
                return Err(fail(format!(
                    "{code:?} has no replacement (code, then tab-separated columns)"
                )));
            }
            if code.is_empty() || !code.chars().all(is_code_char) {
                return Err(fail(format!(
                    "{code:?} is not a code (letters, digits, _ - . only)"
                )));
            }
            if map.insert(code.to_string(), repl).is_some() {
                return Err(fail(format!("{code:?} is given twice")));
            }
        }
        Ok(Codes { delimiter, map })
    }

    pub fn delimiter(&self) -> char {
        self.delimiter
    }

    /// The replacement columns of a code.
    pub fn get(&self, code: &str) -> Option<&[String]> {
        self.map.get(code).map(Vec::as_slice)
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}
