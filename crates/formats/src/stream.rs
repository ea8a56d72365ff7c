//! Byte-level helpers shared by the container modules: a buffered source whose short
//! seeks keep the buffer, a bounds-checked walker that turns truncation and bogus
//! lengths into [`FormatError::Corrupt`] with the offset, bounded range copies and
//! range hashes for post-write verification.
//!
//! `std::io::BufReader` drops its buffer on every `seek`, which turns skipping a
//! 20-byte JPEG segment into a system call; [`BufSource`] keeps the buffer when the
//! target lies inside it, which is what makes reading thousands of files fast.

use std::io::{self, Read, Seek, SeekFrom, Write};

use crate::{FormatError, ReadSeek};

/// A read buffer that survives seeks landing inside it.
pub struct BufSource<R> {
    inner: R,
    buf: Box<[u8]>,
    /// File offset of `buf[0]`.
    buf_start: u64,
    /// Valid bytes in `buf`.
    filled: usize,
    /// Read position inside `buf`.
    at: usize,
    /// Stream length, when known (saves a system call per `SeekFrom::End`).
    len: Option<u64>,
}

impl<R: Read + Seek> BufSource<R> {
    /// Wraps `inner`, whose position must be 0; `len` is its length when known.
    pub fn new(inner: R, capacity: usize, len: Option<u64>) -> Self {
        BufSource {
            inner,
            buf: vec![0; capacity.max(64)].into_boxed_slice(),
            buf_start: 0,
            filled: 0,
            at: 0,
            len,
        }
    }

    /// The buffered bytes at the current position, filling the buffer when empty.
    pub fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.at >= self.filled {
            self.refill()?;
        }
        Ok(&self.buf[self.at..self.filled])
    }

    /// Fills the buffer from the current position until it is full or the stream ends
    /// (one `read` may return less than asked).
    pub fn fill_at_least(&mut self, want: usize) -> io::Result<&[u8]> {
        let want = want.min(self.buf.len());
        if self.filled - self.at < want {
            // Move the unread tail to the front, then top up.
            self.buf.copy_within(self.at..self.filled, 0);
            self.buf_start += self.at as u64;
            self.filled -= self.at;
            self.at = 0;
            while self.filled < want {
                let n = self.inner.read(&mut self.buf[self.filled..])?;
                if n == 0 {
                    break;
                }
                self.filled += n;
            }
        }
        Ok(&self.buf[self.at..self.filled])
    }

    fn refill(&mut self) -> io::Result<()> {
        self.buf_start += self.filled as u64;
        self.filled = 0;
        self.at = 0;
        self.filled = self.inner.read(&mut self.buf)?;
        Ok(())
    }

    /// The reader underneath (for positioned reads that leave the buffer alone).
    pub fn get_ref(&self) -> &R {
        &self.inner
    }

    pub fn into_inner(self) -> R {
        self.inner
    }
}

impl<R: Read + Seek> Read for BufSource<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.at >= self.filled {
            if out.len() >= self.buf.len() {
                // Large reads bypass the buffer.
                self.buf_start += self.filled as u64;
                self.filled = 0;
                self.at = 0;
                let n = self.inner.read(out)?;
                self.buf_start += n as u64;
                return Ok(n);
            }
            self.refill()?;
        }
        let n = out.len().min(self.filled - self.at);
        out[..n].copy_from_slice(&self.buf[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

impl<R: Read + Seek> Seek for BufSource<R> {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let here = self.buf_start + self.at as u64;
        let target = match to {
            SeekFrom::Start(o) => Some(o),
            SeekFrom::Current(d) => here.checked_add_signed(d),
            SeekFrom::End(d) => {
                let end = match self.len {
                    Some(l) => l,
                    None => {
                        let l = self.inner.seek(SeekFrom::End(0))?;
                        self.len = Some(l);
                        // The inner position moved: the buffer no longer follows it.
                        self.buf_start = l;
                        self.filled = 0;
                        self.at = 0;
                        l
                    }
                };
                end.checked_add_signed(d)
            }
        };
        let target = target.ok_or_else(|| {
            io::Error::new(io::ErrorKind::InvalidInput, "seek to a negative offset")
        })?;
        let buf_end = self.buf_start + self.filled as u64;
        if target >= self.buf_start && target <= buf_end {
            self.at = (target - self.buf_start) as usize;
        } else {
            self.inner.seek(SeekFrom::Start(target))?;
            self.buf_start = target;
            self.filled = 0;
            self.at = 0;
        }
        Ok(target)
    }

    fn stream_position(&mut self) -> io::Result<u64> {
        Ok(self.buf_start + self.at as u64)
    }
}

/// The length of a stream, leaving its position unchanged.
pub fn stream_len(src: &mut dyn ReadSeek) -> io::Result<u64> {
    let pos = src.stream_position()?;
    let len = src.seek(SeekFrom::End(0))?;
    src.seek(SeekFrom::Start(pos))?;
    Ok(len)
}

/// A bounds-checked cursor over a seekable source: every read is checked against the
/// stream length first, so a bogus length field gives a clear error instead of a huge
/// allocation or a short read.
pub struct Walker<'a> {
    pub src: &'a mut dyn ReadSeek,
    pub pos: u64,
    pub len: u64,
    pub format: &'static str,
}

impl<'a> Walker<'a> {
    /// Starts at offset 0 of `src`.
    pub fn new(src: &'a mut dyn ReadSeek, format: &'static str) -> Result<Self, FormatError> {
        let len = src.seek(SeekFrom::End(0))?;
        src.seek(SeekFrom::Start(0))?;
        Ok(Walker {
            src,
            pos: 0,
            len,
            format,
        })
    }

    pub fn remaining(&self) -> u64 {
        self.len.saturating_sub(self.pos)
    }

    pub fn at_end(&self) -> bool {
        self.pos >= self.len
    }

    pub fn corrupt_at(&self, offset: u64, message: impl Into<String>) -> FormatError {
        FormatError::corrupt(self.format, offset, message)
    }

    fn need(&self, n: u64, what: &str) -> Result<(), FormatError> {
        if n > self.remaining() {
            return Err(self.corrupt_at(
                self.pos,
                format!(
                    "truncated: {what} needs {n} bytes but the file ends at offset {}",
                    self.len
                ),
            ));
        }
        Ok(())
    }

    /// Reads exactly `N` bytes.
    pub fn array<const N: usize>(&mut self, what: &str) -> Result<[u8; N], FormatError> {
        self.need(N as u64, what)?;
        let mut out = [0u8; N];
        self.src.read_exact(&mut out)?;
        self.pos += N as u64;
        Ok(out)
    }

    pub fn u8(&mut self, what: &str) -> Result<u8, FormatError> {
        Ok(self.array::<1>(what)?[0])
    }

    /// Reads `n` bytes (bounded by the stream length before allocating).
    pub fn bytes(&mut self, n: u64, what: &str) -> Result<Vec<u8>, FormatError> {
        self.need(n, what)?;
        let n = usize::try_from(n).map_err(|_| self.corrupt_at(self.pos, "length too large"))?;
        let mut out = vec![0u8; n];
        self.src.read_exact(&mut out)?;
        self.pos += n as u64;
        Ok(out)
    }

    /// Fills `buf` from the stream (bounded like [`Walker::bytes`], no allocation).
    pub fn bytes_into<'b>(
        &mut self,
        buf: &'b mut [u8],
        what: &str,
    ) -> Result<&'b [u8], FormatError> {
        self.need(buf.len() as u64, what)?;
        self.src.read_exact(buf)?;
        self.pos += buf.len() as u64;
        Ok(buf)
    }

    /// Skips `n` bytes, which must exist.
    pub fn skip(&mut self, n: u64, what: &str) -> Result<(), FormatError> {
        self.need(n, what)?;
        self.pos += n;
        self.src.seek(SeekFrom::Start(self.pos))?;
        Ok(())
    }

    /// Moves to an absolute offset within the stream.
    pub fn seek_to(&mut self, offset: u64) -> Result<(), FormatError> {
        if offset > self.len {
            return Err(self.corrupt_at(
                offset,
                format!("offset past the end of the file ({})", self.len),
            ));
        }
        self.pos = offset;
        self.src.seek(SeekFrom::Start(offset))?;
        Ok(())
    }
}

/// Copies `len` bytes at `start` of `src` to `dst` in bounded chunks.
pub fn copy_range(
    src: &mut dyn ReadSeek,
    dst: &mut dyn Write,
    start: u64,
    len: u64,
) -> Result<(), FormatError> {
    if len == 0 {
        return Ok(());
    }
    src.seek(SeekFrom::Start(start))?;
    let copied = io::copy(&mut Read::take(&mut *src, len), dst)?;
    if copied != len {
        return Err(FormatError::Io {
            path: Default::default(),
            source: io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!("the source ended while copying {len} bytes at offset {start}"),
            ),
        });
    }
    Ok(())
}

/// One change of a rewrite: the bytes `start..end` of the source are replaced by
/// `bytes` (an insertion when `start == end`, a removal when `bytes` is empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit<'a> {
    pub start: u64,
    pub end: u64,
    pub bytes: &'a [u8],
}

/// Streams the `len`-byte `src` to `dst` with `edits` applied; every byte outside the
/// edited ranges is copied unchanged, in bounded chunks. Edits must not overlap; an
/// insertion at the start of a removed range comes before the removal.
pub fn apply_edits(
    src: &mut dyn ReadSeek,
    dst: &mut dyn Write,
    len: u64,
    edits: &[Edit<'_>],
) -> Result<(), FormatError> {
    let mut sorted: Vec<&Edit<'_>> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.start, e.end));
    let mut cur = 0u64;
    for e in sorted {
        if e.start < cur || e.end < e.start || e.end > len {
            return Err(FormatError::corrupt(
                "file",
                e.start,
                "internal error: overlapping ranges in a rewrite plan",
            ));
        }
        copy_range(src, dst, cur, e.start - cur)?;
        dst.write_all(e.bytes)?;
        cur = e.end;
    }
    copy_range(src, dst, cur, len - cur)?;
    Ok(())
}

/// Streams `src` to `dst` without the `removed` ranges (start, end), writing `insert`
/// at offset `insert_at` (outside every removed range, or the start of one).
pub fn splice_ranges(
    src: &mut dyn ReadSeek,
    dst: &mut dyn Write,
    len: u64,
    removed: &[(u64, u64)],
    insert_at: u64,
    insert: &[u8],
) -> Result<(), FormatError> {
    let mut edits: Vec<Edit<'_>> = removed
        .iter()
        .map(|&(start, end)| Edit {
            start,
            end,
            bytes: &[],
        })
        .collect();
    edits.sort_by_key(|e| e.start);
    edits.dedup_by_key(|e| e.start);
    match edits.iter_mut().find(|e| e.start == insert_at) {
        Some(e) => e.bytes = insert,
        None => edits.push(Edit {
            start: insert_at,
            end: insert_at,
            bytes: insert,
        }),
    }
    apply_edits(src, dst, len, &edits)
}

/// CRC-32 and length of `len` bytes at `start`, as one 64-bit value (length in the
/// high half). Good enough to catch copy mistakes; this is no defence against an
/// attacker, and need not be.
pub fn hash_range(src: &mut dyn ReadSeek, start: u64, len: u64) -> Result<u64, FormatError> {
    hash_ranges(src, &[(start, len)])
}

/// [`hash_range`] of several (start, len) ranges read one after the other, as if they
/// were one: the hash a part has once the bytes between the ranges are cut out.
pub fn hash_ranges(src: &mut dyn ReadSeek, ranges: &[(u64, u64)]) -> Result<u64, FormatError> {
    let mut h = crc32fast::Hasher::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut total = 0u64;
    for &(start, len) in ranges {
        src.seek(SeekFrom::Start(start))?;
        let mut left = len;
        while left > 0 {
            let want = usize::try_from(left.min(buf.len() as u64)).unwrap_or(buf.len());
            let n = src.read(&mut buf[..want])?;
            if n == 0 {
                return Err(FormatError::corrupt(
                    "file",
                    start + (len - left),
                    "truncated while hashing",
                ));
            }
            h.update(&buf[..n]);
            left -= n as u64;
        }
        total += len;
    }
    Ok(combine(total, h.finalize()))
}

/// CRC-32 and length of a byte slice, in the form of [`hash_range`].
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    combine(bytes.len() as u64, crc32fast::hash(bytes))
}

fn combine(len: u64, crc: u32) -> u64 {
    (len << 32) ^ u64::from(crc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    #[test]
    fn buf_source_reads_and_seeks_like_the_inner_stream() {
        let data: Vec<u8> = (0..=255u8).cycle().take(10_000).collect();
        let mut s = BufSource::new(Cursor::new(data.clone()), 256, None);
        let mut b = [0u8; 10];
        s.read_exact(&mut b).unwrap();
        assert_eq!(&b, &data[..10]);
        s.seek(SeekFrom::Current(100)).unwrap();
        s.read_exact(&mut b).unwrap();
        assert_eq!(&b, &data[110..120]);
        s.seek(SeekFrom::Start(5000)).unwrap();
        s.read_exact(&mut b).unwrap();
        assert_eq!(&b, &data[5000..5010]);
        assert_eq!(s.seek(SeekFrom::End(-3)).unwrap(), 9997);
        let mut rest = Vec::new();
        s.read_to_end(&mut rest).unwrap();
        assert_eq!(rest, &data[9997..]);
        s.seek(SeekFrom::Start(3)).unwrap();
        let mut big = vec![0u8; 1000];
        s.read_exact(&mut big).unwrap();
        assert_eq!(big, &data[3..1003]);
        assert_eq!(s.stream_position().unwrap(), 1003);
        assert!(s.seek(SeekFrom::Current(-2000)).is_err());
    }

    #[test]
    fn walker_names_the_offset_of_a_truncation() {
        let mut c = Cursor::new(vec![1u8, 2, 3]);
        let mut w = Walker::new(&mut c, "test").unwrap();
        w.skip(2, "x").unwrap();
        let e = w.bytes(5, "a chunk").unwrap_err().to_string();
        assert_eq!(
            e,
            "test structure error at offset 2: truncated: a chunk needs 5 bytes but the file ends at offset 3"
        );
    }

    #[test]
    fn hashes_agree_between_slices_and_ranges() {
        let data = b"hello world".to_vec();
        let mut c = Cursor::new(data.clone());
        assert_eq!(hash_range(&mut c, 6, 5).unwrap(), hash_bytes(b"world"));
        assert_ne!(hash_bytes(b"a"), hash_bytes(b"b"));
    }
}
