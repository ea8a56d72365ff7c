//! The cross-reference chain (ISO 32000-1 §7.5.4-7.5.8): from the last `startxref`
//! through every section, classic `xref` tables and cross-reference streams
//! (`/Type /XRef`: `/W` field widths, `/Index` ranges), following `/Prev` and a hybrid
//! file's `/XRefStm`. The newest entry of an object number wins; objects inside object
//! streams (`/Type /ObjStm`) are reached through their stream. Reads windows of the
//! file, never the whole of it.

use std::collections::{HashMap, HashSet};
use std::io::{Read, SeekFrom};

use super::filter;
use super::lex::{Dict, LexError, Lexer, Obj};
use crate::{FormatError, ReadSeek};

pub const FORMAT: &str = "PDF";
/// Largest window read to parse one object or one xref table.
const MAX_WINDOW: u64 = 64 << 20;
/// Most sections followed through `/Prev` (loops are caught separately).
const MAX_SECTIONS: usize = 10_000;
/// How far back from the end `startxref` is looked for.
const TAIL: u64 = 4096;

/// Where an object is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Free,
    /// Uncompressed at this file offset, with this generation.
    File {
        offset: u64,
        gen: u16,
    },
    /// Object `index` of object stream `stream`.
    InStream {
        stream: u32,
        index: u32,
    },
}

/// The cross-reference chain as a reader needs it.
#[derive(Debug, Clone)]
pub struct Xref {
    pub file_len: u64,
    /// The offset the last `startxref` gives (the newest section).
    pub startxref: u64,
    /// True when the newest section is a cross-reference stream.
    pub newest_is_stream: bool,
    /// The newest trailer (a stream's dictionary for xref streams).
    pub trailer: Dict,
    /// The bytes `trailer`'s spans point into.
    pub trailer_bytes: Vec<u8>,
    /// The largest `/Size` of any section.
    pub size: u32,
    /// `/Encrypt` in any trailer.
    pub encrypted: bool,
    pub places: HashMap<u32, Place>,
}

pub fn corrupt(offset: u64, message: impl Into<String>) -> FormatError {
    FormatError::corrupt(FORMAT, offset, message)
}

/// Reads `len` bytes at `offset` (fewer at the end of the file).
pub fn read_at(src: &mut dyn ReadSeek, offset: u64, len: u64) -> Result<Vec<u8>, FormatError> {
    src.seek(SeekFrom::Start(offset))?;
    let mut buf = Vec::new();
    Read::take(&mut *src, len).read_to_end(&mut buf)?;
    Ok(buf)
}

/// Runs `parse` on a window at `offset`, doubling the window while it asks for more
/// bytes and the file has them.
pub fn parse_window<T>(
    src: &mut dyn ReadSeek,
    file_len: u64,
    offset: u64,
    what: &str,
    mut parse: impl FnMut(&[u8]) -> Result<T, LexError>,
) -> Result<T, FormatError> {
    if offset >= file_len {
        return Err(corrupt(
            offset,
            format!("{what} points past the end of the file ({file_len} bytes)"),
        ));
    }
    let mut len = 4096u64;
    loop {
        let buf = read_at(src, offset, len)?;
        let whole = offset + buf.len() as u64 >= file_len;
        match parse(&buf) {
            Ok(v) => return Ok(v),
            Err(LexError::Bad(m)) => return Err(corrupt(offset, format!("{what}: {m}"))),
            Err(LexError::More) if whole => {
                // A last object at the very end: give it one white space to end on.
                let mut padded = buf;
                padded.push(b'\n');
                return parse(&padded).map_err(|e| {
                    corrupt(
                        offset,
                        match e {
                            LexError::Bad(m) => format!("{what}: {m}"),
                            LexError::More => format!("{what}: truncated by the end of the file"),
                        },
                    )
                });
            }
            Err(LexError::More) if len >= MAX_WINDOW => {
                return Err(corrupt(
                    offset,
                    format!("{what} is larger than {} MiB", MAX_WINDOW >> 20),
                ))
            }
            Err(LexError::More) => len *= 2,
        }
    }
}

/// The offset after the last `startxref` keyword.
pub fn find_startxref(src: &mut dyn ReadSeek, file_len: u64) -> Result<u64, FormatError> {
    let from = file_len.saturating_sub(TAIL);
    let tail = read_at(src, from, TAIL)?;
    let at = memchr::memmem::rfind(&tail, b"startxref")
        .ok_or_else(|| corrupt(from, "no `startxref` in the last 4 KiB of the file"))?;
    // The file may end right after the number: give it a white space to end on.
    let mut rest = tail
        .get(at + b"startxref".len()..)
        .unwrap_or_default()
        .to_vec();
    rest.push(b'\n');
    Lexer::new(&rest, 0)
        .uint()
        .map_err(|_| corrupt(from + at as u64, "no offset after `startxref`"))
}

/// One section as parsed: its entries (object number, place) and trailer.
struct Section {
    entries: Vec<(u32, Place)>,
    trailer: Dict,
    bytes: Vec<u8>,
    is_stream: bool,
}

/// Walks the chain from the last `startxref`.
pub fn read(src: &mut dyn ReadSeek) -> Result<Xref, FormatError> {
    let file_len = src.seek(SeekFrom::End(0))?;
    let startxref = find_startxref(src, file_len)?;
    let mut x = Xref {
        file_len,
        startxref,
        newest_is_stream: false,
        trailer: Dict::default(),
        trailer_bytes: Vec::new(),
        size: 0,
        encrypted: false,
        places: HashMap::new(),
    };
    let mut seen = HashSet::new();
    let mut todo = vec![startxref];
    let mut first = true;
    while let Some(at) = todo.pop() {
        if !seen.insert(at) {
            continue;
        }
        if seen.len() > MAX_SECTIONS {
            return Err(corrupt(at, "too many cross-reference sections"));
        }
        let s = section(src, file_len, at)?;
        if let Some(size) = s.trailer.int(b"Size") {
            x.size = x.size.max(u32::try_from(size.max(0)).unwrap_or(u32::MAX));
        }
        x.encrypted |= s.trailer.get(b"Encrypt").is_some();
        for (n, p) in &s.entries {
            x.places.entry(*n).or_insert(*p);
        }
        // Pushed in reverse order of reading: a hybrid file's /XRefStm before /Prev.
        if let Some(prev) = s.trailer.int(b"Prev") {
            todo.push(u64::try_from(prev).map_err(|_| corrupt(at, "negative /Prev"))?);
        }
        if !s.is_stream {
            if let Some(stm) = s.trailer.int(b"XRefStm") {
                todo.push(u64::try_from(stm).map_err(|_| corrupt(at, "negative /XRefStm"))?);
            }
        }
        if first {
            x.newest_is_stream = s.is_stream;
            x.trailer = s.trailer;
            x.trailer_bytes = s.bytes;
            first = false;
        }
    }
    Ok(x)
}

fn section(src: &mut dyn ReadSeek, file_len: u64, at: u64) -> Result<Section, FormatError> {
    let head = read_at(src, at, 16)?;
    let mut lx = Lexer::new(&head, 0);
    lx.skip_white();
    if head.get(lx.pos..lx.pos + 4) == Some(b"xref") {
        table(src, file_len, at)
    } else {
        stream_section(src, file_len, at)
    }
}

/// A classic table: `xref`, subsections `start count` of 20-byte entries, `trailer`.
fn table(src: &mut dyn ReadSeek, file_len: u64, at: u64) -> Result<Section, FormatError> {
    parse_window(src, file_len, at, "the cross-reference table", |buf| {
        let mut lx = Lexer::new(buf, 0);
        lx.keyword(b"xref")?;
        let mut entries = Vec::new();
        loop {
            lx.skip_white();
            if buf.get(lx.pos..lx.pos + 7) == Some(b"trailer") {
                lx.pos += 7;
                break;
            }
            let start = lx.uint()?;
            let count = lx.uint()?;
            for i in 0..count {
                let offset = lx.uint()?;
                let gen = lx.uint()?;
                let kind = lx.word()?;
                let n = start
                    .checked_add(i)
                    .and_then(|n| u32::try_from(n).ok())
                    .ok_or_else(|| LexError::Bad("object number too large".into()))?;
                let gen = u16::try_from(gen).unwrap_or(u16::MAX);
                let place = match kind {
                    b"n" => Place::File { offset, gen },
                    b"f" => Place::Free,
                    _ => return Err(LexError::Bad("an entry is neither `n` nor `f`".into())),
                };
                entries.push((n, place));
            }
        }
        let trailer = lx.dict()?;
        Ok(Section {
            entries,
            trailer,
            bytes: buf.to_vec(),
            is_stream: false,
        })
    })
}

/// A cross-reference stream object.
fn stream_section(src: &mut dyn ReadSeek, file_len: u64, at: u64) -> Result<Section, FormatError> {
    let obj = stream_object(src, file_len, at, None)?;
    if !obj.dict.name_is(b"Type", b"XRef") {
        return Err(corrupt(
            at,
            "`startxref` points at neither an `xref` table nor a cross-reference stream",
        ));
    }
    let data = filter::decode(&obj.dict, &obj.data)
        .map_err(|e| corrupt(at, format!("the cross-reference stream: {e}")))?;
    let w: Vec<usize> = obj
        .dict
        .get(b"W")
        .and_then(Obj::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|o| o.as_int().and_then(|i| usize::try_from(i).ok()))
                .collect()
        })
        .unwrap_or_default();
    if w.len() != 3 || w.iter().any(|&n| n > 8) || w.iter().sum::<usize>() == 0 {
        return Err(corrupt(at, "the cross-reference stream has a bad /W"));
    }
    let size = obj.dict.int(b"Size").unwrap_or(0).max(0);
    let index: Vec<i64> = match obj.dict.get(b"Index").and_then(Obj::as_array) {
        Some(a) => a.iter().filter_map(Obj::as_int).collect(),
        None => vec![0, size],
    };
    let row = w.iter().sum::<usize>();
    let mut rows = data.chunks_exact(row);
    let mut entries = Vec::new();
    for pair in index.chunks_exact(2) {
        let (start, count) = (pair[0], pair[1]);
        if start < 0 || count < 0 {
            return Err(corrupt(at, "negative /Index in the cross-reference stream"));
        }
        for i in 0..count {
            let Some(r) = rows.next() else {
                return Err(corrupt(
                    at,
                    "the cross-reference stream has fewer rows than /Index",
                ));
            };
            let field = |k: usize| -> u64 {
                let s: usize = w[..k].iter().sum();
                r[s..s + w[k]]
                    .iter()
                    .fold(0u64, |v, &b| v << 8 | u64::from(b))
            };
            let kind = if w[0] == 0 { 1 } else { field(0) };
            let n = u32::try_from(start + i).map_err(|_| corrupt(at, "object number too large"))?;
            let place = match kind {
                0 => Place::Free,
                1 => Place::File {
                    offset: field(1),
                    gen: u16::try_from(field(2)).unwrap_or(u16::MAX),
                },
                2 => Place::InStream {
                    stream: u32::try_from(field(1)).unwrap_or(u32::MAX),
                    index: u32::try_from(field(2)).unwrap_or(u32::MAX),
                },
                // Unknown types are to be read as null objects (§7.5.8.3).
                _ => Place::Free,
            };
            entries.push((n, place));
        }
    }
    Ok(Section {
        entries,
        trailer: obj.dict,
        bytes: obj.dict_bytes,
        is_stream: true,
    })
}

/// An indirect object as found at its offset.
#[derive(Debug, Clone)]
pub struct Indirect {
    pub num: u32,
    pub gen: u16,
    pub value: Obj,
    /// The window the value was parsed from (spans of `value` point into it).
    pub bytes: Vec<u8>,
}

/// Parses `N G obj value` at `offset`.
pub fn indirect(
    src: &mut dyn ReadSeek,
    file_len: u64,
    offset: u64,
    what: &str,
) -> Result<Indirect, FormatError> {
    parse_window(src, file_len, offset, what, |buf| {
        let mut lx = Lexer::new(buf, 0);
        let (num, gen) = lx.obj_header()?;
        let value = lx.object()?;
        Ok(Indirect {
            num,
            gen,
            value,
            bytes: buf.to_vec(),
        })
    })
}

/// A stream object: its dictionary and (still encoded) data.
#[derive(Debug, Clone)]
pub struct StreamObj {
    pub num: u32,
    pub gen: u16,
    pub dict: Dict,
    pub dict_bytes: Vec<u8>,
    /// File offset of the data's first byte.
    pub data_offset: u64,
    pub data: Vec<u8>,
    /// False when `/Length` did not lead to `endstream` and the data was taken up to
    /// the keyword instead.
    pub length_ok: bool,
}

/// Reads the stream object at `offset`; `length_of` resolves an indirect `/Length`.
pub fn stream_object(
    src: &mut dyn ReadSeek,
    file_len: u64,
    offset: u64,
    length_hint: Option<i64>,
) -> Result<StreamObj, FormatError> {
    let (num, gen, dict, dict_bytes, data_rel) =
        parse_window(src, file_len, offset, "a stream object", |buf| {
            let mut lx = Lexer::new(buf, 0);
            let (num, gen) = lx.obj_header()?;
            let dict = lx.dict()?;
            lx.keyword(b"stream")?;
            // `stream` is followed by CRLF or LF (a lone CR is tolerated).
            let mut p = lx.pos;
            if buf.get(p) == Some(&b'\r') {
                p += 1;
            }
            if buf.get(p) == Some(&b'\n') {
                p += 1;
            }
            if p >= buf.len() {
                return Err(LexError::More);
            }
            Ok((num, gen, dict, buf.to_vec(), p as u64))
        })?;
    let data_offset = offset + data_rel;
    let declared = match dict.get(b"Length") {
        Some(Obj::Int(n)) => Some(*n),
        Some(Obj::Ref(..)) => length_hint,
        _ => None,
    };
    let fits = |n: i64| n >= 0 && data_offset + n as u64 <= file_len && n as u64 <= MAX_WINDOW;
    if let Some(n) = declared.filter(|&n| fits(n)) {
        let data = read_at(src, data_offset, n as u64)?;
        let after = read_at(src, data_offset + n as u64, 32)?;
        let mut lx = Lexer::new(&after, 0);
        lx.skip_white();
        if after.get(lx.pos..lx.pos + 9) == Some(b"endstream") {
            return Ok(StreamObj {
                num,
                gen,
                dict,
                dict_bytes,
                data_offset,
                data,
                length_ok: true,
            });
        }
    }
    // /Length is missing or wrong: the data runs to `endstream` (minus its EOL).
    let mut len = 64 << 10;
    loop {
        let window = read_at(src, data_offset, len)?;
        if let Some(e) = memchr::memmem::find(&window, b"endstream") {
            let mut end = e;
            if end > 0 && window[end - 1] == b'\n' {
                end -= 1;
            }
            if end > 0 && window[end - 1] == b'\r' {
                end -= 1;
            }
            let mut data = window;
            data.truncate(end);
            return Ok(StreamObj {
                num,
                gen,
                dict,
                dict_bytes,
                data_offset,
                data,
                length_ok: false,
            });
        }
        if data_offset + window.len() as u64 >= file_len || len >= MAX_WINDOW {
            return Err(corrupt(offset, "a stream without `endstream`"));
        }
        len *= 2;
    }
}

impl Xref {
    /// The object `num` (generation checked for uncompressed objects), with the
    /// window its spans point into.
    pub fn object(
        &self,
        src: &mut dyn ReadSeek,
        num: u32,
        gen: u16,
        what: &str,
    ) -> Result<Indirect, FormatError> {
        match self.places.get(&num) {
            None | Some(Place::Free) => Err(corrupt(
                self.startxref,
                format!("{what} (object {num} {gen}) is not in the cross-reference table"),
            )),
            Some(&Place::File { offset, .. }) => {
                let o = indirect(src, self.file_len, offset, what)?;
                if o.num != num {
                    return Err(corrupt(
                        offset,
                        format!(
                            "{what}: the cross-reference table gives object {num} here, the file \
                             holds object {}",
                            o.num
                        ),
                    ));
                }
                Ok(o)
            }
            Some(&Place::InStream { stream, .. }) => self.in_object_stream(src, num, stream, what),
        }
    }

    fn in_object_stream(
        &self,
        src: &mut dyn ReadSeek,
        num: u32,
        stream: u32,
        what: &str,
    ) -> Result<Indirect, FormatError> {
        let Some(&Place::File { offset, .. }) = self.places.get(&stream) else {
            return Err(corrupt(
                self.startxref,
                format!("{what}: its object stream {stream} is not stored uncompressed"),
            ));
        };
        let s = self.stream(src, offset)?;
        if !s.dict.name_is(b"Type", b"ObjStm") {
            return Err(corrupt(
                offset,
                format!("{what}: object {stream} is no object stream"),
            ));
        }
        let data = filter::decode(&s.dict, &s.data)
            .map_err(|e| corrupt(offset, format!("object stream {stream}: {e}")))?;
        let count = s.dict.int(b"N").unwrap_or(0).max(0) as u64;
        let first = s.dict.int(b"First").unwrap_or(0).max(0) as usize;
        let mut lx = Lexer::new(&data, 0);
        let mut rel = None;
        let bad = |m: String| corrupt(offset, format!("object stream {stream}: {m}"));
        // The header pairs `number offset`; the entry's index is only a hint, the
        // number is what counts.
        for _ in 0..count.min(1 << 20) {
            let (n, off) = match (lx.uint(), lx.uint()) {
                (Ok(n), Ok(o)) => (n, o),
                _ => return Err(bad("a broken header".into())),
            };
            if n == u64::from(num) {
                rel = usize::try_from(off).ok();
                break;
            }
        }
        let rel = rel.ok_or_else(|| bad(format!("object {num} is not in it")))?;
        let at = first
            .checked_add(rel)
            .filter(|&a| a < data.len())
            .ok_or_else(|| bad(format!("object {num} lies past its end")))?;
        let mut padded = data;
        padded.push(b'\n');
        let mut lx = Lexer::new(&padded, at);
        let value = lx.object().map_err(|e| {
            bad(match e {
                LexError::Bad(m) => m,
                LexError::More => format!("object {num} is truncated"),
            })
        })?;
        Ok(Indirect {
            num,
            gen: 0,
            value,
            bytes: padded,
        })
    }

    /// The stream object at `offset`, an indirect `/Length` resolved.
    pub fn stream(&self, src: &mut dyn ReadSeek, offset: u64) -> Result<StreamObj, FormatError> {
        let s = stream_object(src, self.file_len, offset, None)?;
        if let (false, Some(Obj::Ref(n, g))) = (s.length_ok, s.dict.get(b"Length")) {
            // Only an uncompressed length object: one inside an object stream could
            // lead back to this stream (a loop in a crafted file).
            let plain = matches!(self.places.get(n), Some(Place::File { .. }));
            if let Some(Ok(len)) = plain.then(|| self.object(src, *n, *g, "a stream length")) {
                if let Some(l) = len.value.as_int() {
                    return stream_object(src, self.file_len, offset, Some(l));
                }
            }
        }
        Ok(s)
    }
}
