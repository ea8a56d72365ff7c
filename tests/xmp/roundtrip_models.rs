//! Model -> RDF/XML -> model: what the writer emits, the reader must give back as
//! the same model (in the writer's canonical order), without warnings, and writing
//! that again must give the same bytes. The peers (Adobe's XMP Toolkit through the
//! oracle, and ExifTool) must read it too, when they are installed.

use crate::util::common;

use common::gen;
use common::*;
use proptest::prelude::*;
use xmpedit_core::xmp::write::{canonical_order, to_exact_length, try_to_rdfxml};
use xmpedit_core::xmp::{parse, to_rdfxml, Packet, WriteOptions};

/// Default options with a fixed toolkit name and the given padding.
fn opts(padding: usize) -> WriteOptions {
    WriteOptions {
        padding,
        toolkit: "xmpedit test".into(),
        ..Default::default()
    }
}

fn option_sets() -> [WriteOptions; 3] {
    [
        WriteOptions::default(),
        WriteOptions {
            pretty: false,
            xpacket: false,
            ..Default::default()
        },
        WriteOptions {
            read_only: true,
            xml_decl: true,
            padding: 0,
            ..Default::default()
        },
    ]
}

fn check_round_trip(p: &Packet) -> Result<(), TestCaseError> {
    let want = canonical_order(p);
    for opts in option_sets() {
        let xml = try_to_rdfxml(p, &opts).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let parsed =
            parse(xml.as_bytes()).map_err(|e| TestCaseError::fail(format!("{e}\n{xml}")))?;
        prop_assert_eq!(&parsed.packet, &want, "{}", xml);
        prop_assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
        prop_assert!(!parsed.lossy);
        prop_assert_eq!(parsed.info.xpacket, opts.xpacket);
        if opts.xpacket {
            prop_assert_eq!(parsed.info.read_only, opts.read_only);
        }
        // The prefixes read back reproduce the same bytes.
        prop_assert_eq!(to_rdfxml(&parsed.packet, &opts), xml);
    }
    Ok(())
}

#[test]
fn representative_packets_round_trip() {
    check_round_trip(&sample_packet()).unwrap();
    check_round_trip(&rich_packet()).unwrap();
}

#[test]
fn exact_length_packets_parse_with_their_padding() {
    let p = sample_packet();
    let base = to_rdfxml(
        &p,
        &WriteOptions {
            padding: 0,
            ..Default::default()
        },
    )
    .len();
    for extra in [0, 1, 100, 101, 102, 4000] {
        let bytes = to_exact_length(&p, &WriteOptions::default(), base + extra).unwrap();
        let parsed = parse(&bytes).unwrap();
        assert_eq!(parsed.packet, canonical_order(&p));
        assert!(
            parsed.info.padding >= extra,
            "{} < {extra}",
            parsed.info.padding
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn model_rdfxml_model(p in gen::packet()) {
        check_round_trip(&p)?;
    }
}

/// Every packet of the shared corpus that the reader takes without loss: written
/// and read back gives the same model, and writing again the same bytes; and the
/// XMP Toolkit (oracle) sees the same data in our rewrite as in the original.
#[test]
fn corpus_packets_round_trip() {
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let corpus = if corpus.exists() {
        corpus
    } else {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus")
    };
    if !corpus.exists() {
        crate::util::skip::missing(&format!("skipping: no corpus at {}", corpus.display()));
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut done = 0;
    let mut pairs = Vec::new();
    for entry in walkdir::WalkDir::new(&corpus).sort_by_file_name() {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() || entry.path().starts_with(corpus.join("expected")) {
            continue;
        }
        let bytes = std::fs::read(entry.path()).unwrap();
        for (i, span) in xmpedit_core::xmp::scan::find_packets(&bytes)
            .iter()
            .enumerate()
        {
            let raw = &bytes[span.start..span.end];
            let Ok(parsed) = parse(raw) else { continue };
            if parsed.lossy {
                continue;
            }
            let opts = WriteOptions::default();
            let xml = try_to_rdfxml(&parsed.packet, &opts)
                .unwrap_or_else(|e| panic!("{}: {e}", entry.path().display()));
            let again = parse(xml.as_bytes())
                .unwrap_or_else(|e| panic!("{}: {e}\n{xml}", entry.path().display()));
            assert_eq!(
                again.packet,
                canonical_order(&parsed.packet),
                "{}",
                entry.path().display()
            );
            assert!(
                again.warnings.is_empty(),
                "{}: {:?}",
                entry.path().display(),
                again.warnings
            );
            assert_eq!(to_rdfxml(&again.packet, &opts), xml);
            done += 1;
            // Same base name on both sides, for compare_flat's matching.
            let stem = format!("{done:03}-{i}.xmp");
            std::fs::create_dir_all(dir.path().join("orig")).unwrap();
            std::fs::create_dir_all(dir.path().join("ours")).unwrap();
            let orig = dir.path().join("orig").join(&stem);
            let ours = dir.path().join("ours").join(&stem);
            std::fs::write(&orig, raw).unwrap();
            std::fs::write(&ours, &xml).unwrap();
            pairs.push((entry.path().display().to_string(), orig, ours));
        }
    }
    assert!(done > 0, "no corpus packet could be read");
    eprintln!("{done} corpus packets round-tripped");
    if let Err(why) = python_with_exiv2() {
        crate::util::skip::missing(&format!("skipping oracle comparison: {why}"));
        return;
    }
    // One oracle run per side; records are matched by file name.
    let orig_list = oracle_records(&pairs.iter().map(|p| p.1.clone()).collect::<Vec<_>>());
    let ours_list = oracle_records(&pairs.iter().map(|p| p.2.clone()).collect::<Vec<_>>());
    let refused: Vec<&str> = orig_list
        .iter()
        .filter(|r| r.get("error").is_some())
        .filter_map(|r| r["file"].as_str())
        .collect();
    let mut failures = Vec::new();
    for r in ours_list.iter().filter(|r| r.get("error").is_some()) {
        failures.push(format!("the oracle cannot read our rewrite: {r}"));
    }
    // The Toolkit refuses some inputs our reader takes (rdf:nodeID, a renamed rdf
    // prefix); for those only our rewrite has to be readable (checked above).
    let keep = |recs: &[serde_json::Value]| -> String {
        recs.iter()
            .filter(|r| !refused.contains(&r["file"].as_str().unwrap_or("")))
            .map(|r| format!("{r}\n"))
            .collect()
    };
    let compared = pairs.len() - refused.len();
    if let Err(d) = compare_flat(dir.path(), &keep(&orig_list), &keep(&ours_list)) {
        failures.push(
            d.lines()
                .filter(|l| !l.starts_with('{'))
                .take(40)
                .collect::<Vec<_>>()
                .join("\n"),
        );
    }
    eprintln!("{compared} compared with the oracle");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn oracle_reads_back_what_we_write() {
    if let Err(why) = python_with_exiv2() {
        crate::util::skip::missing(&format!("skipping: {why}"));
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for (i, p) in [sample_packet(), rich_packet()].iter().enumerate() {
        for pretty in [true, false] {
            let o = WriteOptions {
                pretty,
                ..opts(2048)
            };
            let file = dir.path().join(format!("p{i}-{pretty}.xmp"));
            std::fs::write(&file, to_rdfxml(p, &o)).unwrap();
            let got = oracle_listing(&file).unwrap();
            let prefix_of = |uri: &str| {
                assert_eq!(uri, CUSTOM, "unexpected namespace");
                if i == 0 { "my" } else { "cu" }.to_string()
            };
            let want = flat_listing(p, &prefix_of);
            compare_flat(dir.path(), &want, &got).unwrap();
        }
    }
}

#[test]
fn exiftool_reads_back_without_warnings() {
    if let Err(why) = exiftool_available() {
        crate::util::skip::missing(&format!("skipping: {why}"));
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let rich = dir.path().join("rich.xmp");
    std::fs::write(&rich, to_rdfxml(&rich_packet(), &opts(2048))).unwrap();
    assert_eq!(exiftool_warnings(&rich).unwrap(), Vec::<String>::new());
    // ExifTool notes (and skips) empty arrays; nothing else may be reported.
    let sample = dir.path().join("sample.xmp");
    std::fs::write(&sample, to_rdfxml(&sample_packet(), &opts(2048))).unwrap();
    assert_eq!(
        exiftool_warnings(&sample).unwrap(),
        [
            "1 Warning (minor)",
            "[minor] Ignored empty rdf:Bag list for my:Empty"
        ]
    );
    let compact = dir.path().join("compact.xmp");
    let o = WriteOptions {
        pretty: false,
        ..opts(0)
    };
    std::fs::write(&compact, to_rdfxml(&rich_packet(), &o)).unwrap();
    assert_eq!(exiftool_warnings(&compact).unwrap(), Vec::<String>::new());
}

/// Whatever the writer accepts, the reader reads: nesting up to the reader's
/// element-depth limit is written, one level more is refused (not truncated).
#[test]
fn deepest_writable_models_read_back() {
    use xmpedit_core::xmp::write::WriteErrorKind;
    use xmpedit_core::xmp::{ArrayKind, Node};
    let shapes: [fn(Node) -> Node; 3] = [
        |n| Node::array(ArrayKind::Seq, vec![n]),
        |n| {
            Node::structure(vec![
                (common::n(CUSTOM, "f"), n),
                (common::n(CUSTOM, "s"), Node::text("x")),
            ])
        },
        |n| {
            let mut q = Node::array(ArrayKind::Bag, vec![n]);
            q.qualifiers.push((common::n(CUSTOM, "q"), Node::text("x")));
            q
        },
    ];
    for wrap in shapes {
        let mut node = Node::text("leaf");
        let mut written = 0;
        loop {
            let mut p = Packet::new();
            p.set(n(CUSTOM, "deep"), node.clone());
            match try_to_rdfxml(&p, &WriteOptions::default()) {
                Ok(xml) => {
                    let back =
                        parse(xml.as_bytes()).unwrap_or_else(|e| panic!("depth {written}: {e}"));
                    assert_eq!(back.packet, canonical_order(&p));
                    written += 1;
                }
                Err(e) => {
                    assert_eq!(e.kind, WriteErrorKind::TooDeep);
                    break;
                }
            }
            node = wrap(node);
        }
        assert!(written > 60, "only {written} levels written");
    }
}
