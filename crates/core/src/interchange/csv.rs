//! RFC 4180 CSV: a streaming reader that reports where each field starts, and a
//! writer that quotes exactly what needs quoting.
//!
//! Hand-written (no csv crate) because import errors must name the line and column
//! of the cell in the file as a spreadsheet user sees it, including cells whose quoted
//! text spans several lines, and because the reader must stay streaming (one record
//! in memory at a time). Accepted: `\r\n`, `\n` and lone `\r`-free files, a UTF-8 byte
//! order mark before the first field (Excel writes one), an empty last line. Refused
//! (with the line): a quote inside an unquoted field, text after a closing quote, a
//! quote left open at the end of the file, bytes that are not UTF-8.

use std::io::{self, BufRead, Write};

/// The UTF-8 byte order mark Excel expects in front of a UTF-8 CSV file.
pub const BOM: &str = "\u{FEFF}";

/// One field of a record and where it starts (1-based line and CSV column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub text: String,
    /// The line the field starts on (a quoted field may continue on later lines).
    pub line: usize,
    /// The field's position in its record, 1-based (the spreadsheet column).
    pub column: usize,
}

/// One record (row).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The line the record starts on.
    pub line: usize,
    pub fields: Vec<Field>,
}

impl Record {
    /// The text of the field at 0-based index `i` (`""` past the end: a short row).
    pub fn get(&self, i: usize) -> &str {
        self.fields.get(i).map_or("", |f| f.text.as_str())
    }

    /// True for a line with nothing on it (skipped by readers of data rows).
    pub fn is_blank(&self) -> bool {
        self.fields.len() == 1 && self.fields[0].text.is_empty()
    }
}

/// Why a CSV file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum CsvError {
    #[error("line {line}, column {column}: {message}")]
    Syntax {
        line: usize,
        /// The CSV column (field number) the problem is in.
        column: usize,
        message: String,
    },
    #[error("{0}")]
    Io(#[from] io::Error),
}

/// Reads records one at a time.
pub struct Reader<R> {
    input: R,
    /// The next physical line number to be read (1-based).
    line: usize,
    started: bool,
    buf: Vec<u8>,
}

impl<R: BufRead> Reader<R> {
    pub fn new(input: R) -> Self {
        Reader {
            input,
            line: 1,
            started: false,
            buf: Vec::new(),
        }
    }

    /// Reads one physical line (with its terminator) into `buf`; false at the end.
    fn fill_line(&mut self) -> Result<bool, CsvError> {
        self.buf.clear();
        let n = self.input.read_until(b'\n', &mut self.buf)?;
        if !self.started {
            self.started = true;
            if self.buf.starts_with(BOM.as_bytes()) {
                self.buf.drain(..BOM.len());
            }
        }
        Ok(n > 0)
    }

    /// The next record, `None` at the end of the input.
    pub fn next_record(&mut self) -> Result<Option<Record>, CsvError> {
        if !self.fill_line()? {
            return Ok(None);
        }
        let start_line = self.line;
        let mut fields = Vec::new();
        let mut text: Vec<u8> = Vec::new();
        let mut field_line = self.line;
        let mut pos = 0usize;
        // State: at the start of a field, inside an unquoted one, inside quotes, or
        // just after a closing quote.
        #[derive(PartialEq)]
        enum St {
            Start,
            Plain,
            Quoted,
            AfterQuote,
        }
        let mut st = St::Start;
        loop {
            if pos >= self.buf.len() {
                // The line ended inside quotes (its `\n` is part of the value): go on
                // with the next physical line.
                if st == St::Quoted {
                    self.line += 1;
                    if !self.fill_line()? {
                        return Err(CsvError::Syntax {
                            line: field_line,
                            column: fields.len() + 1,
                            message: "a quoted value is not closed before the end of the file"
                                .into(),
                        });
                    }
                    pos = 0;
                    continue;
                }
                // The last line without a terminator.
                self.line += 1;
                fields.push(finish(&mut text, field_line, fields.len() + 1)?);
                return Ok(Some(Record {
                    line: start_line,
                    fields,
                }));
            }
            let b = self.buf[pos];
            pos += 1;
            match st {
                St::Start | St::Plain => match b {
                    b'"' if st == St::Start => st = St::Quoted,
                    b'"' => {
                        return Err(CsvError::Syntax {
                            line: self.line,
                            column: fields.len() + 1,
                            message: "a quote inside a value that does not start with one (quote the whole value and double the quote: \"a \"\"b\"\"\")".into(),
                        })
                    }
                    b',' => {
                        fields.push(finish(&mut text, field_line, fields.len() + 1)?);
                        field_line = self.line;
                        st = St::Start;
                    }
                    b'\n' => {
                        if text.last() == Some(&b'\r') {
                            text.pop();
                        }
                        self.line += 1;
                        fields.push(finish(&mut text, field_line, fields.len() + 1)?);
                        return Ok(Some(Record {
                            line: start_line,
                            fields,
                        }));
                    }
                    _ => {
                        text.push(b);
                        st = St::Plain;
                    }
                },
                St::Quoted => {
                    if b == b'"' {
                        st = St::AfterQuote;
                    } else {
                        text.push(b);
                    }
                }
                St::AfterQuote => match b {
                    b'"' => {
                        text.push(b'"');
                        st = St::Quoted;
                    }
                    b',' => {
                        fields.push(finish(&mut text, field_line, fields.len() + 1)?);
                        field_line = self.line;
                        st = St::Start;
                    }
                    b'\r' if self.buf.get(pos) == Some(&b'\n') => {}
                    b'\n' => {
                        self.line += 1;
                        fields.push(finish(&mut text, field_line, fields.len() + 1)?);
                        return Ok(Some(Record {
                            line: start_line,
                            fields,
                        }));
                    }
                    _ => {
                        return Err(CsvError::Syntax {
                            line: self.line,
                            column: fields.len() + 1,
                            message: "text after the closing quote of a value".into(),
                        })
                    }
                },
            }
        }
    }
}

fn finish(text: &mut Vec<u8>, line: usize, column: usize) -> Result<Field, CsvError> {
    let bytes = std::mem::take(text);
    let text = String::from_utf8(bytes).map_err(|_| CsvError::Syntax {
        line,
        column,
        message: "the value is not UTF-8 text (save the file as UTF-8)".into(),
    })?;
    Ok(Field { text, line, column })
}

/// True when a value must be quoted: it holds the separator, a quote or a line break,
/// or it has leading or trailing spaces some readers would trim.
pub fn needs_quotes(value: &str) -> bool {
    value.contains([',', '"', '\n', '\r'])
        || value.starts_with([' ', '\t'])
        || value.ends_with([' ', '\t'])
}

/// Writes records with CRLF line ends (RFC 4180).
pub struct Writer<W> {
    out: W,
}

impl<W: Write> Writer<W> {
    pub fn new(out: W) -> Self {
        Writer { out }
    }

    /// Writes the UTF-8 byte order mark (only at the very start: `--bom`).
    pub fn bom(&mut self) -> io::Result<()> {
        self.out.write_all(BOM.as_bytes())
    }

    pub fn record<S: AsRef<str>>(&mut self, fields: &[S]) -> io::Result<()> {
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                self.out.write_all(b",")?;
            }
            let f = f.as_ref();
            if needs_quotes(f) {
                self.out.write_all(b"\"")?;
                self.out.write_all(f.replace('"', "\"\"").as_bytes())?;
                self.out.write_all(b"\"")?;
            } else {
                self.out.write_all(f.as_bytes())?;
            }
        }
        self.out.write_all(b"\r\n")
    }

    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }

    pub fn into_inner(self) -> W {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(s: &str) -> Result<Vec<Record>, String> {
        let mut r = Reader::new(s.as_bytes());
        let mut out = Vec::new();
        while let Some(rec) = r.next_record().map_err(|e| e.to_string())? {
            out.push(rec);
        }
        Ok(out)
    }

    fn texts(recs: &[Record]) -> Vec<Vec<&str>> {
        recs.iter()
            .map(|r| r.fields.iter().map(|f| f.text.as_str()).collect())
            .collect()
    }

    #[test]
    fn quoted_values_keep_commas_quotes_and_newlines() {
        let recs = read_all("a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\n\"two\nlines\",z\n").unwrap();
        assert_eq!(
            texts(&recs),
            vec![
                vec!["a", "b"],
                vec!["x, y", "say \"hi\""],
                vec!["two\nlines", "z"]
            ]
        );
        assert_eq!(recs[2].line, 3);
        assert_eq!(recs[2].fields[1].line, 4);
    }

    #[test]
    fn bom_and_missing_last_newline() {
        let recs = read_all("\u{FEFF}assetPath,x\na.jpg,1").unwrap();
        assert_eq!(
            texts(&recs),
            vec![vec!["assetPath", "x"], vec!["a.jpg", "1"]]
        );
    }

    #[test]
    fn bad_quotes_name_their_line() {
        assert_eq!(
            read_all("a\nb\"c\n").unwrap_err().split(':').next(),
            Some("line 2, column 1")
        );
        assert!(read_all("a\n\"open\n\n")
            .unwrap_err()
            .starts_with("line 2, column 1: a quoted value is not closed"));
        assert!(read_all("\"a\"b\n")
            .unwrap_err()
            .contains("after the closing quote"));
    }

    #[test]
    fn writer_quotes_what_needs_it_and_reads_back() {
        let mut w = Writer::new(Vec::new());
        let row = ["plain", "a,b", "q\"", "l\nm", " pad", ""];
        w.record(&row).unwrap();
        let s = String::from_utf8(w.into_inner()).unwrap();
        assert_eq!(s, "plain,\"a,b\",\"q\"\"\",\"l\nm\",\" pad\",\r\n");
        assert_eq!(texts(&read_all(&s).unwrap()), vec![row.to_vec()]);
    }
}
