//! The fuzz entry (`xmpedit_core::xmp::parse::fuzz_entry`: strict and lenient reads, their
//! agreement, the scanner) over every seed of `fuzz/seeds/` and deterministic mutations
//! of each: every truncation point, byte replacements at every position, duplicated
//! slices. A panic anywhere fails the test; so does a seed that stops parsing the way it
//! was written to (checked below, so the seeds keep covering what they were made for).

use std::path::{Path, PathBuf};

use xmpedit_core::xmp::parse::fuzz_entry;
use xmpedit_core::xmp::{parse, parse_with, ParseOptions};

fn seeds() -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds");
    let mut out: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(&dir)
        .expect("fuzz/seeds exists")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.is_file())
        .map(|p| {
            let b = std::fs::read(&p).expect("seed readable");
            (p, b)
        })
        .collect();
    out.sort();
    out
}

/// Bytes that tend to matter to an XML reader.
const REPLACEMENTS: &[u8] = &[0x00, 0xFF, b'<', b'&', b'"'];

fn mutations(seed: &[u8], mut f: impl FnMut(&[u8])) {
    for cut in 0..seed.len() {
        f(&seed[..cut]);
    }
    let mut buf = seed.to_vec();
    for i in 0..seed.len() {
        let orig = buf[i];
        for &r in REPLACEMENTS.iter().chain(std::iter::once(&(orig ^ 0x20))) {
            if r != orig {
                buf[i] = r;
                f(&buf);
            }
        }
        buf[i] = orig;
    }
    // Duplicate slices of a few lengths at a stride: repeated tags, attributes, text.
    for len in [1usize, 7, 31] {
        for start in (0..seed.len().saturating_sub(len)).step_by(13) {
            let mut v = seed[..start + len].to_vec();
            v.extend_from_slice(&seed[start..]);
            f(&v);
        }
    }
}

#[test]
fn seeds_and_their_mutations_never_panic() {
    let seeds = seeds();
    assert!(
        seeds.len() >= 20,
        "expected about 20 seeds, found {}",
        seeds.len()
    );
    let mut runs = 0usize;
    for (path, seed) in &seeds {
        fuzz_entry(seed);
        mutations(seed, |m| {
            fuzz_entry(m);
            runs += 1;
        });
        eprintln!("{}: ok", path.display());
    }
    eprintln!("{runs} mutated inputs");
    assert!(runs > 40_000);
}

#[test]
fn seeds_cover_what_they_were_written_for() {
    let strict_ok = |name: &str| {
        let b = std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("fuzz/seeds")
                .join(name),
        )
        .unwrap();
        parse(&b).map(|r| r.packet.props.len())
    };
    for name in [
        "01-bare-rdf.xmp",
        "02-arrays.xmp",
        "03-compact-attributes.xmp",
        "04-history.xmp",
        "05-parsetype-resource.xmp",
        "06-qualified-values.xmp",
        "07-typed-node.xmp",
        "08-node-id.xmp",
        "09-xapmeta.xmp",
        "10-svg-host.svg",
        "11-utf16le-bom.xmp",
        "12-utf16be.xmp",
        "13-escapes.xmp",
        "14-lang-inherit.xmp",
        "15-many-descriptions.xmp",
        "16-rdf-extras.xmp",
        "20-utf32be.xmp",
    ] {
        let n = strict_ok(name).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(n > 0, "{name} reads no property");
    }
    assert_eq!(strict_ok("17-read-only.xmp"), Ok(0));
    assert_eq!(strict_ok("21-empty-xmpmeta.xmp"), Ok(0));
    assert!(strict_ok("18-rdf-errors.xmp").is_err());
    assert!(strict_ok("19-doctype.xmp").is_err());
    // The RDF errors seed reads in lenient mode, losing only the bad parts.
    let b =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/18-rdf-errors.xmp"))
            .unwrap();
    let r = parse_with(
        &b,
        &ParseOptions {
            recover: true,
            ..ParseOptions::default()
        },
    )
    .unwrap();
    assert!(r.lossy);
    // Literal, array child, misplaced rdf:value, mixed content (the second ex:A is no
    // duplicate once the first is skipped).
    assert_eq!(r.warnings.len(), 4);
}
