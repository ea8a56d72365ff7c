//! ISO base media files written by xmpedit: MP4 and QuickTime ([`mp4`]), HEIF and
//! AVIF ([`heif`], items in `meta`: [`items`]). The box walk
//! ([`boxes`]) and the structure a writer needs ([`layout`]) read only box headers and
//! chunk offset tables; [`plan`] says which bytes a write changes.

pub mod boxes;
pub mod heif;
pub mod items;
pub mod layout;
pub mod mp4;
pub mod plan;

pub use heif::Heif;
pub use mp4::Mp4;

/// A minimal "fast start" MP4 without XMP: `ftyp`, a `moov` with one track whose
/// chunk offset table points into the `mdat` after it, and 16 bytes of media.
#[cfg(any(test, feature = "testing"))]
pub fn blank() -> Vec<u8> {
    use boxes::make_box;
    let ftyp = make_box(b"ftyp", b"isom\0\0\x02\0isommp41");
    let moov_for = |chunk: u32| {
        let mut stco = vec![0u8; 4];
        stco.extend_from_slice(&1u32.to_be_bytes());
        stco.extend_from_slice(&chunk.to_be_bytes());
        let stbl = make_box(b"stbl", &make_box(b"stco", &stco));
        let mdia = make_box(b"mdia", &make_box(b"minf", &stbl));
        let trak = make_box(b"trak", &mdia);
        make_box(b"moov", &[make_box(b"mvhd", &[0; 100]), trak].concat())
    };
    let at = (ftyp.len() + moov_for(0).len() + 8) as u32;
    let mdat = make_box(b"mdat", &[0x5A; 16]);
    [ftyp, moov_for(at), mdat].concat()
}
