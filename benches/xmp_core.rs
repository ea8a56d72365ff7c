//! Hot paths of the XMP core: parsing and writing a typical 5 KB packet and a 1 MB
//! packet, and JSON-LD output. Figures go to BENCHMARKS.md.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use xmpedit_core::xmp::{self, jsonld, ArrayKind, Name, Node, Packet, WriteOptions};

const ST_EVT: &str = "http://ns.adobe.com/xap/1.0/sType/ResourceEvent#";

/// A photo's packet: titles in three languages, keywords, creators, rating, a history
/// of `events` stEvt structs.
fn model(keywords: usize, events: usize) -> Packet {
    let mut p = Packet::new();
    let dc = xmp::ns::DC;
    p.set(
        Name::new(dc, "title"),
        Node::array(
            ArrayKind::Alt,
            vec![
                Node::lang_text("x-default", "Summit cross at dawn"),
                Node::lang_text("de-DE", "Gipfelkreuz im Morgengrauen"),
                Node::lang_text("fr-FR", "Croix du sommet à l'aube"),
            ],
        ),
    );
    p.set(
        Name::new(dc, "subject"),
        Node::array(
            ArrayKind::Bag,
            (0..keywords)
                .map(|i| Node::text(format!("keyword {i}")))
                .collect(),
        ),
    );
    p.set(
        Name::new(dc, "creator"),
        Node::array(ArrayKind::Seq, vec![Node::text("Ada Example")]),
    );
    p.set(Name::new(xmp::ns::XMP, "Rating"), Node::text("4"));
    p.set(
        Name::new(xmp::ns::XMP, "CreateDate"),
        Node::text("2024-08-14T06:12:03+02:00"),
    );
    let history = (0..events)
        .map(|i| {
            Node::structure(vec![
                (Name::new(ST_EVT, "action"), Node::text("saved")),
                (
                    Name::new(ST_EVT, "instanceID"),
                    Node::text(format!("xmp.iid:{i:032x}")),
                ),
                (
                    Name::new(ST_EVT, "when"),
                    Node::text("2024-08-20T21:40:00+02:00"),
                ),
                (
                    Name::new(ST_EVT, "softwareAgent"),
                    Node::text("Darkroom 4.6"),
                ),
            ])
        })
        .collect();
    p.set(
        Name::new(xmp::ns::XMP_MM, "History"),
        Node::array(ArrayKind::Seq, history),
    );
    p
}

fn bench(c: &mut Criterion) {
    // ~5 KB without padding, and ~1 MB.
    let cases = [("5KB", model(40, 14)), ("1MB", model(4000, 4200))];
    let mut group = c.benchmark_group("xmp");
    for (label, packet) in &cases {
        let opts = WriteOptions {
            padding: 0,
            ..WriteOptions::default()
        };
        let text = xmp::to_rdfxml(packet, &opts);
        eprintln!("{label}: {} bytes", text.len());
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::new("parse", label), &text, |b, t| {
            b.iter(|| xmp::parse(t.as_bytes()).unwrap())
        });
        group.bench_with_input(BenchmarkId::new("write", label), packet, |b, p| {
            b.iter(|| xmp::to_rdfxml(p, &opts))
        });
        group.bench_with_input(BenchmarkId::new("to_jsonld", label), packet, |b, p| {
            b.iter(|| jsonld::to_json(p, xmpedit_core::schema::registry()))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
