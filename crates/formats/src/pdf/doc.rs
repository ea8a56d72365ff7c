//! The document as a metadata writer sees it: the cross-reference chain, the catalog
//! the trailer's `/Root` names, and the stream its `/Metadata` references
//! (docs/containers.md, "PDF").

use std::io::SeekFrom;

use super::filter;
use super::lex::{Dict, Obj};
use super::xref::{self, corrupt, Indirect, Place, StreamObj, Xref};
use crate::{FormatError, ReadSeek};

/// The catalog's metadata stream.
#[derive(Debug, Clone)]
pub struct Metadata {
    pub num: u32,
    pub gen: u16,
    pub stream: StreamObj,
    /// The stream's `/Filter` names (empty: stored as is).
    pub filters: Vec<Vec<u8>>,
}

#[derive(Debug, Clone)]
pub struct Doc {
    pub xref: Xref,
    pub root: (u32, u16),
    /// The catalog object (its value a dictionary; spans point into its bytes).
    pub catalog: Indirect,
    /// The catalog's `/Metadata` reference, if any.
    pub metadata_ref: Option<(u32, u16)>,
    /// The stream it leads to, or why it could not be read.
    pub metadata: Result<Option<Metadata>, String>,
}

impl Doc {
    pub fn catalog_dict(&self) -> Option<&Dict> {
        self.catalog.value.as_dict()
    }

    /// The generation a new revision of the catalog keeps.
    pub fn catalog_gen(&self) -> u16 {
        match self.xref.places.get(&self.root.0) {
            Some(Place::File { gen, .. }) => *gen,
            _ => 0,
        }
    }
}

/// Parses the structure; an encrypted file is refused before its catalog is read.
pub fn parse(src: &mut dyn ReadSeek) -> Result<Doc, FormatError> {
    let xref = xref::read(src)?;
    if xref.encrypted {
        return Err(FormatError::Encrypted(
            "the PDF is encrypted (its trailer has /Encrypt); xmpedit neither decrypts nor \
             re-encrypts PDFs, so it cannot read or write this one's metadata stream"
                .into(),
        ));
    }
    let root = xref
        .trailer
        .get(b"Root")
        .and_then(Obj::as_ref)
        .ok_or_else(|| corrupt(xref.startxref, "the trailer has no /Root reference"))?;
    let catalog = xref.object(src, root.0, root.1, "the document catalog")?;
    let Some(dict) = catalog.value.as_dict() else {
        return Err(corrupt(
            xref.startxref,
            format!("the document catalog (object {}) is no dictionary", root.0),
        ));
    };
    let metadata_ref = dict.get(b"Metadata").and_then(Obj::as_ref);
    let metadata = match metadata_ref {
        None => Ok(None),
        Some((n, g)) => metadata_stream(src, &xref, n, g).map(Some),
    };
    Ok(Doc {
        xref,
        root,
        catalog,
        metadata_ref,
        metadata,
    })
}

fn metadata_stream(
    src: &mut dyn ReadSeek,
    xref: &Xref,
    num: u32,
    gen: u16,
) -> Result<Metadata, String> {
    let offset = match xref.places.get(&num) {
        Some(Place::File { offset, .. }) => *offset,
        Some(Place::InStream { .. }) => {
            return Err(format!(
                "the catalog's /Metadata (object {num}) sits in an object stream, where no \
                 stream can be"
            ))
        }
        _ => {
            return Err(format!(
                "the catalog's /Metadata (object {num} {gen}) is not in the cross-reference table"
            ))
        }
    };
    let stream = xref
        .stream(src, offset)
        .map_err(|e| format!("the catalog's /Metadata (object {num}): {e}"))?;
    if stream.num != num {
        return Err(format!(
            "the catalog's /Metadata: the cross-reference table gives object {num} at offset \
             {offset}, the file holds object {} there",
            stream.num
        ));
    }
    let filters = filter::filters(&stream.dict);
    Ok(Metadata {
        num,
        gen: stream.gen,
        stream,
        filters,
    })
}

/// The metadata stream's decoded bytes.
pub fn decoded(m: &Metadata) -> Result<Vec<u8>, String> {
    if m.filters.is_empty() {
        return Ok(m.stream.data.clone());
    }
    filter::decode(&m.stream.dict, &m.stream.data)
        .map_err(|e| format!("the metadata stream (object {}): {e}", m.num))
}

/// True when the file holds a signature: a `/ByteRange` entry or a `/Sig` name (a
/// signature field or dictionary). Searched in the raw bytes, since signature
/// dictionaries are never compressed (their `/ByteRange` covers file bytes).
pub fn signed(src: &mut dyn ReadSeek) -> Result<bool, FormatError> {
    const CHUNK: usize = 1 << 20;
    const OVERLAP: usize = 16;
    src.seek(SeekFrom::Start(0))?;
    let mut buf = vec![0u8; CHUNK + OVERLAP];
    let mut kept = 0usize;
    loop {
        let n = read_some(src, &mut buf[kept..])?;
        let have = kept + n;
        let hay = &buf[..have];
        if memchr::memmem::find(hay, b"/ByteRange").is_some() {
            return Ok(true);
        }
        let mut at = 0;
        while let Some(i) = memchr::memmem::find(&hay[at..], b"/Sig") {
            let after = hay.get(at + i + 4).copied();
            match after {
                Some(c) if super::lex::is_white(c) || super::lex::is_delim(c) => return Ok(true),
                None if n == 0 => return Ok(true),
                _ => {}
            }
            at += i + 4;
        }
        if n == 0 {
            return Ok(false);
        }
        let keep = have.min(OVERLAP);
        buf.copy_within(have - keep..have, 0);
        kept = keep;
    }
}

fn read_some(src: &mut dyn ReadSeek, buf: &mut [u8]) -> Result<usize, FormatError> {
    loop {
        match src.read(buf) {
            Ok(n) => return Ok(n),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e.into()),
        }
    }
}
