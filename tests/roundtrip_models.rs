//! Model -> RDF/XML -> model: what the writer emits, the reader must give back as
//! the same model (in the writer's canonical order), without warnings, and writing
//! that again must give the same bytes.
mod common;

use common::gen;
use common::*;
use proptest::prelude::*;
use xmpedit::xmp::write::{canonical_order, to_exact_length, try_to_rdfxml};
use xmpedit::xmp::{parse, to_rdfxml, Packet, WriteOptions};

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
