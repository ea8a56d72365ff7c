//! PDF objects from bytes (ISO 32000-1 §7.2 lexical conventions, §7.3 objects): enough
//! of the syntax to read dictionaries, arrays, numbers, names, strings and references,
//! with the byte span of every dictionary entry so a writer can copy a dictionary and
//! replace one entry. Running out of bytes is told apart from bad syntax
//! ([`LexError::More`]) so the caller can read a larger window and try again.

/// Deepest nesting of arrays and dictionaries accepted (fuzzed files nest forever).
const MAX_DEPTH: usize = 64;

#[derive(Debug, Clone, PartialEq)]
pub enum Obj {
    Null,
    Bool(bool),
    Int(i64),
    Real(f64),
    /// A literal or hex string, decoded.
    Str(Vec<u8>),
    /// A name without its slash, `#xx` escapes decoded.
    Name(Vec<u8>),
    Array(Vec<Obj>),
    Dict(Dict),
    /// `N G R`
    Ref(u32, u16),
}

impl Obj {
    pub fn as_int(&self) -> Option<i64> {
        match self {
            Obj::Int(i) => Some(*i),
            _ => None,
        }
    }

    pub fn as_ref(&self) -> Option<(u32, u16)> {
        match self {
            Obj::Ref(n, g) => Some((*n, *g)),
            _ => None,
        }
    }

    pub fn as_dict(&self) -> Option<&Dict> {
        match self {
            Obj::Dict(d) => Some(d),
            _ => None,
        }
    }

    pub fn as_name(&self) -> Option<&[u8]> {
        match self {
            Obj::Name(n) => Some(n),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Obj]> {
        match self {
            Obj::Array(a) => Some(a),
            _ => None,
        }
    }
}

/// One dictionary entry with where it sits: `start` is the key's slash, `end` the
/// byte after the value (offsets into the buffer that was parsed).
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: Vec<u8>,
    pub value: Obj,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Dict {
    pub entries: Vec<Entry>,
    /// The `<<` and the byte after the `>>`.
    pub start: usize,
    pub end: usize,
}

impl Dict {
    pub fn get(&self, key: &[u8]) -> Option<&Obj> {
        self.entry(key).map(|e| &e.value)
    }

    pub fn entry(&self, key: &[u8]) -> Option<&Entry> {
        self.entries.iter().find(|e| e.key == key)
    }

    pub fn int(&self, key: &[u8]) -> Option<i64> {
        self.get(key).and_then(Obj::as_int)
    }

    pub fn name_is(&self, key: &[u8], name: &[u8]) -> bool {
        self.get(key).and_then(Obj::as_name) == Some(name)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LexError {
    /// The buffer ended inside the object: a larger window may hold it.
    More,
    /// Not PDF syntax; the message says what was found.
    Bad(String),
}

pub type LexResult<T> = Result<T, LexError>;

pub fn is_white(c: u8) -> bool {
    matches!(c, 0 | b'\t' | b'\n' | 0x0C | b'\r' | b' ')
}

pub fn is_delim(c: u8) -> bool {
    matches!(
        c,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(c: u8) -> bool {
    !is_white(c) && !is_delim(c)
}

/// A cursor over a byte buffer.
pub struct Lexer<'a> {
    pub buf: &'a [u8],
    pub pos: usize,
}

impl<'a> Lexer<'a> {
    pub fn new(buf: &'a [u8], pos: usize) -> Self {
        Lexer { buf, pos }
    }

    fn peek(&self) -> Option<u8> {
        self.buf.get(self.pos).copied()
    }

    /// Skips white space and comments.
    pub fn skip_white(&mut self) {
        while let Some(c) = self.peek() {
            if is_white(c) {
                self.pos += 1;
            } else if c == b'%' {
                while let Some(c) = self.peek() {
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// A run of regular characters (a number or a keyword), after white space.
    pub fn word(&mut self) -> LexResult<&'a [u8]> {
        self.skip_white();
        let start = self.pos;
        while self.peek().is_some_and(is_regular) {
            self.pos += 1;
        }
        if self.pos == self.buf.len() {
            // The word may go on past the window.
            return Err(LexError::More);
        }
        Ok(&self.buf[start..self.pos])
    }

    /// Expects the keyword `kw` next.
    pub fn keyword(&mut self, kw: &[u8]) -> LexResult<()> {
        let at = self.pos;
        let w = self.word()?;
        if w == kw {
            Ok(())
        } else {
            self.pos = at;
            Err(LexError::Bad(format!(
                "expected `{}`, found `{}`",
                String::from_utf8_lossy(kw),
                String::from_utf8_lossy(&w[..w.len().min(20)])
            )))
        }
    }

    /// An unsigned integer next.
    pub fn uint(&mut self) -> LexResult<u64> {
        let w = self.word()?;
        parse_uint(w).ok_or_else(|| {
            LexError::Bad(format!(
                "expected a number, found `{}`",
                String::from_utf8_lossy(&w[..w.len().min(20)])
            ))
        })
    }

    /// `N G obj`: the header of an indirect object.
    pub fn obj_header(&mut self) -> LexResult<(u32, u16)> {
        let n = self.uint()?;
        let g = self.uint()?;
        self.keyword(b"obj")?;
        let n = u32::try_from(n).map_err(|_| LexError::Bad("object number too large".into()))?;
        let g = u16::try_from(g).map_err(|_| LexError::Bad("generation too large".into()))?;
        Ok((n, g))
    }

    /// One object.
    pub fn object(&mut self) -> LexResult<Obj> {
        self.object_at_depth(0)
    }

    fn object_at_depth(&mut self, depth: usize) -> LexResult<Obj> {
        if depth > MAX_DEPTH {
            return Err(LexError::Bad("objects nested too deeply".into()));
        }
        self.skip_white();
        let Some(c) = self.peek() else {
            return Err(LexError::More);
        };
        match c {
            b'/' => {
                self.pos += 1;
                Ok(Obj::Name(self.name()?))
            }
            b'(' => {
                self.pos += 1;
                Ok(Obj::Str(self.literal()?))
            }
            b'<' if self.buf.get(self.pos + 1) == Some(&b'<') => {
                Ok(Obj::Dict(self.dict_at_depth(depth)?))
            }
            b'<' => {
                self.pos += 1;
                Ok(Obj::Str(self.hex()?))
            }
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_white();
                    match self.peek() {
                        None => return Err(LexError::More),
                        Some(b']') => {
                            self.pos += 1;
                            return Ok(Obj::Array(items));
                        }
                        Some(_) => items.push(self.object_at_depth(depth + 1)?),
                    }
                }
            }
            c if is_regular(c) => self.number_or_keyword(),
            c => Err(LexError::Bad(format!("unexpected byte 0x{c:02X}"))),
        }
    }

    /// A dictionary starting at `<<`.
    pub fn dict(&mut self) -> LexResult<Dict> {
        self.dict_at_depth(0)
    }

    fn dict_at_depth(&mut self, depth: usize) -> LexResult<Dict> {
        self.skip_white();
        let start = self.pos;
        if self.buf.get(start..start + 2) != Some(b"<<") {
            return match self.buf.get(start) {
                None => Err(LexError::More),
                Some(_) if start + 1 >= self.buf.len() => Err(LexError::More),
                Some(_) => Err(LexError::Bad("expected a dictionary".into())),
            };
        }
        self.pos += 2;
        let mut entries = Vec::new();
        loop {
            self.skip_white();
            let at = self.pos;
            match self.peek() {
                None => return Err(LexError::More),
                Some(b'>') => {
                    if self.buf.get(at + 1) == Some(&b'>') {
                        self.pos += 2;
                        return Ok(Dict {
                            entries,
                            start,
                            end: self.pos,
                        });
                    }
                    if at + 1 >= self.buf.len() {
                        return Err(LexError::More);
                    }
                    return Err(LexError::Bad("a single `>` in a dictionary".into()));
                }
                Some(b'/') => {
                    self.pos += 1;
                    let key = self.name()?;
                    let value = self.object_at_depth(depth + 1)?;
                    entries.push(Entry {
                        key,
                        value,
                        start: at,
                        end: self.pos,
                    });
                }
                Some(c) => {
                    return Err(LexError::Bad(format!(
                        "a dictionary key must be a name, found byte 0x{c:02X}"
                    )))
                }
            }
        }
    }

    fn name(&mut self) -> LexResult<Vec<u8>> {
        let mut out = Vec::new();
        while let Some(c) = self.peek() {
            if !is_regular(c) {
                return Ok(out);
            }
            self.pos += 1;
            if c == b'#' {
                let hex = self.buf.get(self.pos..self.pos + 2).ok_or(LexError::More)?;
                match (hex_val(hex[0]), hex_val(hex[1])) {
                    (Some(a), Some(b)) => {
                        out.push(a << 4 | b);
                        self.pos += 2;
                    }
                    _ => out.push(c),
                }
            } else {
                out.push(c);
            }
        }
        Err(LexError::More)
    }

    fn literal(&mut self) -> LexResult<Vec<u8>> {
        let mut out = Vec::new();
        let mut depth = 1usize;
        loop {
            let c = self.peek().ok_or(LexError::More)?;
            self.pos += 1;
            match c {
                b'\\' => {
                    let e = self.peek().ok_or(LexError::More)?;
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'0'..=b'7' => {
                            let mut v = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.peek() {
                                    Some(d @ b'0'..=b'7') => {
                                        v = v * 8 + u32::from(d - b'0');
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push((v & 0xFF) as u8);
                        }
                        b'\r' => {
                            if self.peek() == Some(b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        other => out.push(other),
                    }
                }
                b'(' => {
                    depth += 1;
                    out.push(c);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(out);
                    }
                    out.push(c);
                }
                _ => out.push(c),
            }
        }
    }

    fn hex(&mut self) -> LexResult<Vec<u8>> {
        let mut out = Vec::new();
        let mut half: Option<u8> = None;
        loop {
            let c = self.peek().ok_or(LexError::More)?;
            self.pos += 1;
            if c == b'>' {
                if let Some(h) = half {
                    out.push(h << 4);
                }
                return Ok(out);
            }
            if is_white(c) {
                continue;
            }
            let v = hex_val(c)
                .ok_or_else(|| LexError::Bad(format!("byte 0x{c:02X} in a hex string")))?;
            match half.take() {
                Some(h) => out.push(h << 4 | v),
                None => half = Some(v),
            }
        }
    }

    /// The next word, `None` when a delimiter comes first; `More` when the buffer ends.
    fn lookahead_word(&mut self) -> LexResult<Option<&'a [u8]>> {
        let w = self.word()?;
        Ok((!w.is_empty()).then_some(w))
    }

    /// A number, `N G R`, `true`, `false` or `null`.
    fn number_or_keyword(&mut self) -> LexResult<Obj> {
        let w = self.word()?;
        match w {
            b"true" => return Ok(Obj::Bool(true)),
            b"false" => return Ok(Obj::Bool(false)),
            b"null" => return Ok(Obj::Null),
            _ => {}
        }
        if let Some(n) = parse_uint(w) {
            // Maybe the start of `N G R`.
            // A window ending inside `N G R` must not read as a bare number.
            let after = self.pos;
            let gen = self.lookahead_word()?.and_then(parse_uint);
            if let Some(g) = gen {
                if self.lookahead_word()? == Some(b"R") {
                    if let (Ok(n), Ok(g)) = (u32::try_from(n), u16::try_from(g)) {
                        return Ok(Obj::Ref(n, g));
                    }
                }
            }
            self.pos = after;
            return i64::try_from(n)
                .map(Obj::Int)
                .map_err(|_| LexError::Bad("integer too large".into()));
        }
        let text = std::str::from_utf8(w).unwrap_or("");
        if let Ok(i) = text.parse::<i64>() {
            return Ok(Obj::Int(i));
        }
        if let Ok(r) = text.parse::<f64>() {
            return Ok(Obj::Real(r));
        }
        Err(LexError::Bad(format!(
            "unexpected `{}`",
            String::from_utf8_lossy(&w[..w.len().min(20)])
        )))
    }
}

fn hex_val(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

pub fn parse_uint(w: &[u8]) -> Option<u64> {
    if w.is_empty() || w.len() > 19 || !w.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(w).ok()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &[u8]) -> LexResult<Obj> {
        Lexer::new(s, 0).object()
    }

    #[test]
    fn objects_and_references() {
        let d = parse(
            b"<< /Type /Catalog /Pages 2 0 R /A [1 -2 3.5 (x(y)\\051) <4142>] /N#20x null >> ",
        )
        .unwrap();
        let d = d.as_dict().unwrap();
        assert!(d.name_is(b"Type", b"Catalog"));
        assert_eq!(d.get(b"Pages"), Some(&Obj::Ref(2, 0)));
        let a = d.get(b"A").unwrap().as_array().unwrap();
        assert_eq!(a[0], Obj::Int(1));
        assert_eq!(a[1], Obj::Int(-2));
        assert_eq!(a[2], Obj::Real(3.5));
        assert_eq!(a[3], Obj::Str(b"x(y))".to_vec()));
        assert_eq!(a[4], Obj::Str(b"AB".to_vec()));
        assert_eq!(d.get(b"N x"), Some(&Obj::Null));
        let e = d.entry(b"Pages").unwrap();
        assert_eq!(
            &b"<< /Type /Catalog /Pages 2 0 R"[e.start..e.end],
            b"/Pages 2 0 R"
        );
    }

    #[test]
    fn truncation_asks_for_more_and_junk_is_bad() {
        assert_eq!(parse(b"<< /Type /Cat"), Err(LexError::More));
        assert_eq!(parse(b"[1 2"), Err(LexError::More));
        assert!(matches!(parse(b"<< 1 2 >> "), Err(LexError::Bad(_))));
        let deep = vec![b'['; 1000];
        assert!(matches!(parse(&deep), Err(LexError::Bad(_))));
    }
}
