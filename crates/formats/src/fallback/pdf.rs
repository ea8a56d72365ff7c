//! The scanner's guess at a PDF's document-level metadata stream, for files the
//! `pdf` module cannot follow (a broken cross-reference chain): trailer `/Root`
//! -> catalog object -> `/Metadata` reference -> that object's `stream` data
//! (docs/containers.md, "PDF"). Only uncompressed objects are followed (a catalog inside an
//! object stream is not found); the last definition of an object number wins, as
//! incremental updates append redefinitions. Not a PDF parser: a few byte searches that
//! either find the stream or give up, in which case the caller falls back to scanning.

/// Offset (in `buf`) where the catalog's metadata stream data starts.
pub fn metadata_stream_start(buf: &[u8]) -> Option<usize> {
    let (root, rgen) = last_ref_after(buf, b"/Root")?;
    let cat = object_body(buf, root, rgen)?;
    let (meta, mgen) = first_ref_after(cat, b"/Metadata")?;
    let obj = find_obj(buf, meta, mgen)?;
    let rel = find(&buf[obj..], b"stream")?;
    let mut at = obj + rel + b"stream".len();
    // `stream` is followed by CRLF or LF before the data.
    if buf.get(at) == Some(&b'\r') {
        at += 1;
    }
    if buf.get(at) == Some(&b'\n') {
        at += 1;
    }
    Some(at)
}

// memmem: the scanner searches whole PDFs, which can be hundreds of megabytes.
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::rfind(hay, needle)
}

/// Parses `N G R` right after `key` at `at`.
fn parse_ref(s: &[u8]) -> Option<(u32, u32)> {
    let mut it = s
        .split(|b| b.is_ascii_whitespace())
        .filter(|t| !t.is_empty());
    let n = std::str::from_utf8(it.next()?).ok()?.parse().ok()?;
    let g = std::str::from_utf8(it.next()?).ok()?.parse().ok()?;
    let r = it.next()?;
    (r.first() == Some(&b'R')).then_some((n, g))
}

fn ref_at(buf: &[u8], key_at: usize, key: &[u8]) -> Option<(u32, u32)> {
    let start = key_at + key.len();
    let end = (start + 40).min(buf.len());
    parse_ref(&buf[start..end])
}

fn last_ref_after(buf: &[u8], key: &[u8]) -> Option<(u32, u32)> {
    let mut hay = buf;
    while let Some(i) = rfind(hay, key) {
        if let Some(r) = ref_at(buf, i, key) {
            return Some(r);
        }
        hay = &buf[..i];
    }
    None
}

fn first_ref_after(buf: &[u8], key: &[u8]) -> Option<(u32, u32)> {
    let i = find(buf, key)?;
    ref_at(buf, i, key)
}

/// Offset just after the last `N G obj` header.
fn find_obj(buf: &[u8], n: u32, g: u32) -> Option<usize> {
    let pat = format!("{n} {g} obj");
    let mut hay = buf;
    while let Some(i) = rfind(hay, pat.as_bytes()) {
        // The number must not be the tail of a longer number (`12 0 obj` vs `2 0 obj`).
        if i == 0 || !buf[i - 1].is_ascii_digit() {
            return Some(i + pat.len());
        }
        hay = &buf[..i];
    }
    None
}

/// The bytes of object `N G` up to its `endobj`.
fn object_body(buf: &[u8], n: u32, g: u32) -> Option<&[u8]> {
    let at = find_obj(buf, n, g)?;
    let end = find(&buf[at..], b"endobj").map_or(buf.len(), |e| at + e);
    Some(&buf[at..end])
}
