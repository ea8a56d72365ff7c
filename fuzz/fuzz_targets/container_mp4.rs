//! Fuzzes the MP4/QuickTime box walk, the write plan for both XMP places (the result
//! must walk and hold the packet, and every chunk offset must still point at the same
//! media bytes), and the full read.
#![no_main]

use std::io::Cursor;

use libfuzzer_sys::fuzz_target;
use xmpedit_formats::bmff::layout::{read_chunk_offsets, scan, Layout};
use xmpedit_formats::bmff::plan::{plan, Target};
use xmpedit_formats::bmff::Mp4;
use xmpedit_formats::stream::{apply_edits, Edit};
use xmpedit_formats::Container;

/// The 8 bytes at each chunk offset that points into an `mdat` box.
fn media_at(data: &[u8], l: &Layout) -> Vec<Vec<u8>> {
    let in_mdat = |o: u64| {
        l.top.boxes.iter().any(|b| b.is(b"mdat") && o >= b.body && o + 8 <= b.end)
    };
    let mut out = Vec::new();
    for t in l.moov.iter().flat_map(|m| m.chunk_offsets.iter()) {
        if let Ok(offsets) = read_chunk_offsets(&mut Cursor::new(data), t) {
            for o in offsets.into_iter().take(64).filter(|&o| in_mdat(o)) {
                out.push(data[o as usize..o as usize + 8].to_vec());
            }
        }
    }
    out
}

fuzz_target!(|data: &[u8]| {
    if let Ok(layout) = scan(&mut Cursor::new(data)) {
        for target in [Target::Uuid, Target::Udta] {
            let Ok(p) = plan(&mut Cursor::new(data), &layout, target, b"<p/>") else {
                continue;
            };
            let edits: Vec<Edit<'_>> = p
                .changes
                .iter()
                .map(|c| Edit { start: c.start, end: c.end, bytes: &c.bytes })
                .collect();
            let mut out = Vec::new();
            apply_edits(&mut Cursor::new(data), &mut out, data.len() as u64, &edits)
                .expect("a plan applies to the file it was made for");
            let again = scan(&mut Cursor::new(&out)).expect("the written file must walk");
            let (s, e) = match target {
                Target::Uuid => again.uuid_packet(),
                Target::Udta => again.udta_packet(),
            }
            .expect("the packet is where the plan put it");
            assert_eq!(&out[s as usize..e as usize], b"<p/>");
            assert_eq!(media_at(&out, &again), media_at(data, &layout));
        }
    }
    let _ = Mp4.read(&mut Cursor::new(data));
});
