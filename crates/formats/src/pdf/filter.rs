//! Stream filters a metadata lookup meets (ISO 32000-1 §7.4): `FlateDecode`, with the
//! PNG and TIFF predictors of `/DecodeParms` that cross-reference and object streams
//! use. Inflated output is capped ([`MAX_INFLATED`]): a few kilobytes of zlib can
//! claim gigabytes.

use std::io::Read;

use super::lex::{Dict, Obj};

/// Largest decoded stream accepted.
pub const MAX_INFLATED: u64 = 64 << 20;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    #[error("the stream inflates to more than {} MiB", MAX_INFLATED >> 20)]
    TooLarge,
    #[error("the stream does not inflate: {0}")]
    Inflate(String),
    #[error("unsupported stream filter /{0}")]
    Unsupported(String),
    #[error("bad /DecodeParms: {0}")]
    Params(String),
}

/// The names of a stream's `/Filter` entry (a name or an array of names).
pub fn filters(dict: &Dict) -> Vec<Vec<u8>> {
    match dict.get(b"Filter") {
        Some(Obj::Name(n)) => vec![n.clone()],
        Some(Obj::Array(a)) => a
            .iter()
            .filter_map(|o| o.as_name().map(<[u8]>::to_vec))
            .collect(),
        _ => Vec::new(),
    }
}

/// Decodes stream data through its filters.
pub fn decode(dict: &Dict, data: &[u8]) -> Result<Vec<u8>, FilterError> {
    let names = filters(dict);
    let params: Vec<Option<&Dict>> = match dict.get(b"DecodeParms") {
        Some(Obj::Dict(d)) => vec![Some(d)],
        Some(Obj::Array(a)) => a.iter().map(Obj::as_dict).collect(),
        _ => Vec::new(),
    };
    let mut out = data.to_vec();
    for (i, name) in names.iter().enumerate() {
        match name.as_slice() {
            b"FlateDecode" | b"Fl" => {
                out = inflate(&out)?;
                if let Some(p) = params.get(i).copied().flatten() {
                    out = unpredict(p, out)?;
                }
            }
            other => {
                return Err(FilterError::Unsupported(
                    String::from_utf8_lossy(other).into_owned(),
                ))
            }
        }
    }
    Ok(out)
}

/// zlib inflate, capped. A stream whose checksum is missing or wrong (common in
/// damaged files) still gives what inflated before the error, when that is something.
pub fn inflate(data: &[u8]) -> Result<Vec<u8>, FilterError> {
    let mut out = Vec::new();
    let mut z = flate2::read::ZlibDecoder::new(data).take(MAX_INFLATED + 1);
    match z.read_to_end(&mut out) {
        Ok(_) => {}
        Err(_) if !out.is_empty() => {}
        Err(e) => return Err(FilterError::Inflate(e.to_string())),
    }
    if out.len() as u64 > MAX_INFLATED {
        return Err(FilterError::TooLarge);
    }
    Ok(out)
}

/// Undoes a `/Predictor` (2: TIFF, 10-15: PNG, one filter byte per row).
fn unpredict(p: &Dict, data: Vec<u8>) -> Result<Vec<u8>, FilterError> {
    let predictor = p.int(b"Predictor").unwrap_or(1);
    if predictor <= 1 {
        return Ok(data);
    }
    let colors = p.int(b"Colors").unwrap_or(1);
    let bpc = p.int(b"BitsPerComponent").unwrap_or(8);
    let columns = p.int(b"Columns").unwrap_or(1);
    if !(1..=32).contains(&colors)
        || ![1, 2, 4, 8, 16].contains(&bpc)
        || !(1..=1 << 20).contains(&columns)
    {
        return Err(FilterError::Params(format!(
            "Colors {colors}, BitsPerComponent {bpc}, Columns {columns}"
        )));
    }
    let bpp = ((colors * bpc + 7) / 8) as usize;
    let row = ((colors * bpc * columns + 7) / 8) as usize;
    if predictor == 2 {
        if bpc != 8 {
            return Err(FilterError::Params(format!(
                "TIFF predictor with {bpc} bits per component"
            )));
        }
        let mut out = data;
        for line in out.chunks_mut(row) {
            for i in bpp..line.len() {
                line[i] = line[i].wrapping_add(line[i - bpp]);
            }
        }
        return Ok(out);
    }
    if predictor < 10 {
        return Err(FilterError::Params(format!(
            "unknown predictor {predictor}"
        )));
    }
    let mut out = Vec::with_capacity(data.len());
    let mut prev = vec![0u8; row];
    for line in data.chunks(row + 1) {
        let Some((&kind, body)) = line.split_first() else {
            break;
        };
        let mut cur = body.to_vec();
        cur.resize(row, 0);
        for i in 0..row {
            let left = if i >= bpp { cur[i - bpp] } else { 0 };
            let up = prev[i];
            let upleft = if i >= bpp { prev[i - bpp] } else { 0 };
            let add = match kind {
                0 => 0,
                1 => left,
                2 => up,
                3 => ((u16::from(left) + u16::from(up)) / 2) as u8,
                4 => paeth(left, up, upleft),
                k => return Err(FilterError::Params(format!("PNG row filter {k}"))),
            };
            cur[i] = cur[i].wrapping_add(add);
        }
        out.extend_from_slice(&cur[..body.len().min(row)]);
        prev = cur;
    }
    Ok(out)
}

fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let p = i16::from(a) + i16::from(b) - i16::from(c);
    let (pa, pb, pc) = (
        (p - i16::from(a)).abs(),
        (p - i16::from(b)).abs(),
        (p - i16::from(c)).abs(),
    );
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zlib(b: &[u8]) -> Vec<u8> {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(b).unwrap();
        z.finish().unwrap()
    }

    #[test]
    fn png_up_predictor_rows() {
        // Two rows of 3 columns, the second stored as differences from the first.
        let raw = [2u8, 1, 2, 3, 2, 1, 1, 1];
        let mut d = Dict::default();
        let p = super::super::lex::Lexer::new(b"<< /Predictor 12 /Columns 3 >> ", 0)
            .dict()
            .unwrap();
        d.entries.push(super::super::lex::Entry {
            key: b"DecodeParms".to_vec(),
            value: Obj::Dict(p),
            start: 0,
            end: 0,
        });
        d.entries.push(super::super::lex::Entry {
            key: b"Filter".to_vec(),
            value: Obj::Name(b"FlateDecode".to_vec()),
            start: 0,
            end: 0,
        });
        assert_eq!(decode(&d, &zlib(&raw)).unwrap(), vec![1, 2, 3, 2, 3, 4]);
    }

    #[test]
    fn a_bomb_is_refused() {
        let big = zlib(&vec![0u8; (MAX_INFLATED + 10) as usize]);
        assert_eq!(inflate(&big), Err(FilterError::TooLarge));
        assert!(matches!(inflate(b"not zlib"), Err(FilterError::Inflate(_))));
    }
}
