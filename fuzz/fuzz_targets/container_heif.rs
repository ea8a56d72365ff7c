//! Fuzzes the HEIF item walk (`meta`, `iloc`, `iinf`, `iref`), the write plan (the
//! result must walk, hold the packet as its XMP item, and every other item's data must
//! be unchanged), and the full read.
#![no_main]

use std::io::Cursor;

use libfuzzer_sys::fuzz_target;
use xmpedit_formats::bmff::heif::{plan, scan, Layout};
use xmpedit_formats::bmff::Heif;
use xmpedit_formats::stream::{apply_edits, Edit};
use xmpedit_formats::Container;

fn items(data: &[u8], l: &Layout) -> Vec<(u32, Vec<u8>)> {
    let xmp = l.xmp.as_ref().map(|x| x.item);
    let mut out = Vec::new();
    for loc in l.iloc.iter().flat_map(|(_, i)| i.items.iter()) {
        if Some(loc.item) == xmp || loc.method > 1 {
            continue;
        }
        let mut d = Vec::new();
        for (s, e) in l.ranges(loc).expect("scan checked every range") {
            d.extend_from_slice(&data[s as usize..e as usize]);
        }
        out.push((loc.item, d));
    }
    out.sort();
    out
}

fuzz_target!(|data: &[u8]| {
    if let Ok(l) = scan(&mut Cursor::new(data)) {
        if let Ok(changes) = plan(&l, b"<p/>") {
            let edits: Vec<Edit<'_>> = changes
                .iter()
                .map(|c| Edit { start: c.start, end: c.end, bytes: &c.bytes })
                .collect();
            let mut out = Vec::new();
            if apply_edits(&mut Cursor::new(data), &mut out, data.len() as u64, &edits).is_ok() {
                let again = scan(&mut Cursor::new(&out)).expect("the written file must walk");
                let x = again.xmp.as_ref().expect("an XMP item");
                let loc = again.location(x.item).expect("its location");
                let (s, e) = again.ranges(loc).expect("in the file")[0];
                assert_eq!(&out[s as usize..e as usize], b"<p/>");
                assert_eq!(items(&out, &again), items(data, &l));
            }
        }
    }
    let _ = Heif.read(&mut Cursor::new(data));
});
