//! Reading speed of the container layer plus the XMP reader: 13,000 small files
//! (JPEG, PNG, GIF, sidecar, each with a typical 3 KB packet) read on all cores. The
//! project's target is under one second on two cores.

use std::io::Cursor;
use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion};
use rayon::prelude::*;
use xmpedit_formats::{gif, jpeg, png, read_file};

fn packet() -> Vec<u8> {
    let mut s = String::from(
        "<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
         <x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n\
         <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n\
         <rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
         xmlns:photoshop=\"http://ns.adobe.com/photoshop/1.0/\" \
         xmp:Rating=\"3\" xmp:CreateDate=\"2024-05-01T10:00:00+02:00\" \
         photoshop:City=\"Lyon\">\n\
         <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">A title</rdf:li></rdf:Alt></dc:title>\n\
         <dc:subject><rdf:Bag>",
    );
    for i in 0..40 {
        s.push_str(&format!("<rdf:li>keyword number {i}</rdf:li>"));
    }
    s.push_str("</rdf:Bag></dc:subject>\n</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n");
    s.push_str(&" ".repeat(2048));
    s.push_str("<?xpacket end=\"w\"?>");
    s.into_bytes()
}

fn samples() -> Vec<(&'static str, Vec<u8>)> {
    let p = packet();
    let j = jpeg::blank();
    let jl = jpeg::segments::scan(&mut Cursor::new(&j)).unwrap();
    let mut jpg = Vec::new();
    let segs = jpeg::splice::xmp_segments(&p, None).unwrap();
    jpeg::splice::splice(&mut Cursor::new(&j), &jl, &[], &segs, &mut jpg).unwrap();
    let b = png::blank();
    let mut pn = Vec::new();
    png::splice(
        &mut Cursor::new(&b),
        &png::scan(&mut Cursor::new(&b), true).unwrap(),
        &p,
        &mut pn,
    )
    .unwrap();
    let g = gif::blank();
    let mut gi = Vec::new();
    gif::splice(
        &mut Cursor::new(&g),
        &gif::scan(&mut Cursor::new(&g)).unwrap(),
        &p,
        &mut gi,
    )
    .unwrap();
    vec![("jpg", jpg), ("png", pn), ("gif", gi), ("xmp", p)]
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let kinds = samples();
    let files: Vec<PathBuf> = (0..13_000)
        .map(|i| {
            let (ext, bytes) = &kinds[i % kinds.len()];
            let path = dir.path().join(format!("f{i}.{ext}"));
            std::fs::write(&path, bytes).unwrap();
            path
        })
        .collect();
    let mut g = c.benchmark_group("read");
    g.sample_size(10);
    g.bench_function("13000 small files", |b| {
        b.iter(|| {
            let n = files
                .par_iter()
                .filter(|p| read_file(p).is_ok_and(|(f, _)| f.packet.is_some()))
                .count();
            assert_eq!(n, files.len());
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
