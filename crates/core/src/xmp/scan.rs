//! Packet scanner: finds XMP packets in any byte stream without knowing its format.
//!
//! [`find_packets`] looks for `<?xpacket begin=` ... `<?xpacket end="w"?>` (or `"r"`) in
//! UTF-8, UTF-16BE/LE and UTF-32BE/LE, using `memchr`'s SIMD substring search, in time
//! linear in the input. [`find_bare`] is the fallback for packets written without the
//! wrapper: the first `<x:xmpmeta>`...`</x:xmpmeta>` (or `x:xapmeta`) region, else the
//! first `<rdf:RDF>`...`</rdf:RDF>` region, UTF-8 only. Neither checks that the bytes in
//! between are valid XMP: hand the span to [`crate::xmp::parse`].

use std::ops::Range;

use memchr::memmem::Finder;

use crate::xmp::encoding::{encode, Encoding};

/// A packet found by scanning: byte range including both processing instructions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PacketSpan {
    pub start: usize,
    pub end: usize,
    /// `end="w"` (true) or `end="r"` (false).
    pub writable: bool,
}

impl PacketSpan {
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

const ENCODINGS: [Encoding; 5] = [
    Encoding::Utf8,
    Encoding::Utf16Be,
    Encoding::Utf16Le,
    Encoding::Utf32Be,
    Encoding::Utf32Le,
];

/// Every complete packet in `bytes`, in file order. A header without a trailer is not a
/// packet; of overlapping candidates the one that starts first is kept.
pub fn find_packets(bytes: &[u8]) -> Vec<PacketSpan> {
    let mut found = Vec::new();
    for enc in ENCODINGS {
        scan_encoding(bytes, enc, &mut found);
    }
    // Misaligned matches of a wider encoding inside another packet overlap it and start
    // later: keep the earliest of overlapping spans.
    if found.len() > 1 {
        found.sort_by_key(|p| p.start);
        let mut kept: Vec<PacketSpan> = Vec::with_capacity(found.len());
        for p in found {
            if kept.last().is_none_or(|k| p.start >= k.end) {
                kept.push(p);
            }
        }
        return kept;
    }
    found
}

fn scan_encoding(bytes: &[u8], enc: Encoding, out: &mut Vec<PacketSpan>) {
    let trailers = trailers(bytes, enc);
    if trailers.is_empty() {
        return;
    }
    let head = encode("<?xpacket begin=", enc);
    let headers: Vec<usize> = Finder::new(&head).find_iter(bytes).collect();
    // A header pairs with the next trailer aligned like it (a UTF-16LE pattern also
    // matches UTF-16BE text shifted by one byte), and a trailer with the last header
    // before it: a header without trailer is dropped when the next header comes.
    let unit = enc.unit_size();
    for class in 0..unit {
        let mut hs = headers.iter().filter(|&&h| h % unit == class).peekable();
        let mut pending: Option<usize> = None;
        for &(t, end, writable) in trailers.iter().filter(|t| t.0 % unit == class) {
            while let Some(&&h) = hs.peek() {
                if h + head.len() > t {
                    break;
                }
                pending = Some(h);
                hs.next();
            }
            if let Some(start) = pending.take() {
                out.push(PacketSpan {
                    start,
                    end,
                    writable,
                });
            }
        }
    }
}

/// Every `<?xpacket end=...?>` in `enc`: (offset, end of the PI, writable). The `?>` must
/// follow within a few characters (normally right after the quoted flag).
fn trailers(bytes: &[u8], enc: Encoding) -> Vec<(usize, usize, bool)> {
    let tail = encode("<?xpacket end=", enc);
    let close = encode("?>", enc);
    let unit = enc.unit_size();
    let ft = Finder::new(&tail);
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(k) = bytes.get(pos..).and_then(|b| ft.find(b)) {
        let t = pos + k;
        let flag_at = t + tail.len() + unit;
        let end = (1..8).find_map(|n| {
            let c = flag_at + n * unit;
            let window = bytes.get(c..c.checked_add(close.len())?)?;
            (window == close.as_slice()).then_some(c + close.len())
        });
        if let Some(end) = end {
            out.push((t, end, char_at(bytes, flag_at, enc) != Some('r')));
        }
        pos = t + 1;
    }
    out
}

/// The ASCII character encoded at `at`, if any.
fn char_at(bytes: &[u8], at: usize, enc: Encoding) -> Option<char> {
    let unit = bytes.get(at..at.checked_add(enc.unit_size())?)?;
    let code = match enc {
        Encoding::Utf8 => u32::from(*unit.first()?),
        Encoding::Utf16Be => u32::from(u16::from_be_bytes([unit[0], unit[1]])),
        Encoding::Utf16Le => u32::from(u16::from_le_bytes([unit[0], unit[1]])),
        Encoding::Utf32Be => u32::from_be_bytes([unit[0], unit[1], unit[2], unit[3]]),
        Encoding::Utf32Le => u32::from_le_bytes([unit[0], unit[1], unit[2], unit[3]]),
    };
    char::from_u32(code).filter(char::is_ascii)
}

/// The first XMP region written without `<?xpacket?>`: `<x:xmpmeta ...>`...`</x:xmpmeta>`
/// (or `x:xapmeta`), else `<rdf:RDF ...>`...`</rdf:RDF>`; UTF-8 only. Returns None when
/// neither has both its start and end tag. Use it only when [`find_packets`] finds
/// nothing (a wrapped packet contains such a region too).
pub fn find_bare(bytes: &[u8]) -> Option<Range<usize>> {
    let mut best: Option<Range<usize>> = None;
    for tag in ["x:xmpmeta", "x:xapmeta"] {
        if let Some(r) = element_region(bytes, tag) {
            if best.as_ref().is_none_or(|b| r.start < b.start) {
                best = Some(r);
            }
        }
    }
    best.or_else(|| element_region(bytes, "rdf:RDF"))
}

fn element_region(bytes: &[u8], tag: &str) -> Option<Range<usize>> {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let fo = Finder::new(open.as_bytes());
    let mut pos = 0;
    loop {
        let start = pos + fo.find(bytes.get(pos..)?)?;
        let after = start + open.len();
        // `<x:xmpmetadata` is another element: require a delimiter after the name.
        match bytes.get(after) {
            Some(b' ' | b'\t' | b'\r' | b'\n' | b'>' | b'/') => {}
            Some(_) => {
                pos = after;
                continue;
            }
            None => return None,
        }
        if let Some(gt) = memchr::memchr(b'>', bytes.get(after..)?) {
            if gt > 0 && bytes.get(after + gt - 1) == Some(&b'/') {
                return Some(start..after + gt + 1);
            }
        }
        let end = Finder::new(close.as_bytes()).find(bytes.get(after..)?)?;
        return Some(start..after + end + close.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: &str = "<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?><x:xmpmeta xmlns:x=\"adobe:ns:meta/\"/>  <?xpacket end=\"r\"?>";

    #[test]
    fn finds_packets_in_every_encoding_in_file_order() {
        let mut data = b"junk".to_vec();
        let mut expect = Vec::new();
        for enc in ENCODINGS {
            let p = encode(P, enc);
            let start = data.len();
            data.extend_from_slice(&p);
            expect.push(PacketSpan {
                start,
                end: data.len(),
                writable: false,
            });
            data.extend_from_slice(b"\x00\x01 between ");
        }
        assert_eq!(find_packets(&data), expect);
    }

    #[test]
    fn header_without_trailer_is_not_a_packet() {
        assert!(find_packets(b"<?xpacket begin='' id='x'?><a/>").is_empty());
        let two = format!("{P}xx{}", P.replace("\"r\"", "'w'"));
        let spans = find_packets(two.as_bytes());
        assert_eq!(spans.len(), 2);
        assert!(!spans[0].writable && spans[1].writable);
        assert_eq!(
            &two.as_bytes()[spans[1].range()],
            P.replace("\"r\"", "'w'").as_bytes()
        );
    }

    #[test]
    fn finds_bare_regions() {
        let d = b"..<x:xmpmetadata/><x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF/></x:xmpmeta>..";
        let r = find_bare(d).unwrap();
        assert_eq!(
            &d[r],
            &b"<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF/></x:xmpmeta>"[..]
        );
        let d = b"<svg><rdf:RDF xmlns:rdf='r'></rdf:RDF></svg>";
        assert_eq!(
            &d[find_bare(d).unwrap()],
            &b"<rdf:RDF xmlns:rdf='r'></rdf:RDF>"[..]
        );
        assert_eq!(find_bare(b"<x:xmpmeta "), None);
        let d = b"<x:xmpmeta xmlns:x='adobe:ns:meta/'/>";
        assert_eq!(find_bare(d), Some(0..d.len()));
    }
}
