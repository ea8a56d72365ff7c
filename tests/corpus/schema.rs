//! Validation and grouping over every readable file of the shared corpus: nothing
//! panics, no property is lost from the grouped view, every shown string is
//! terminal-safe and every problem names a property of its packet.

use std::path::{Path, PathBuf};

use xmpedit_core::present::{group, needs_escape};
use xmpedit_core::schema::{registry, validate, DisplayPrefixes};
use xmpedit_core::xmp::Packet;

/// `../shared/corpus` next to the repository, or `$XMPEDIT_CORPUS` (for worktrees
/// that live elsewhere).
fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("XMPEDIT_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    dir.is_dir().then_some(dir)
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let p = e.path();
        if p.is_dir() {
            if e.file_name() != "expected" {
                files(&p, out);
            }
        } else {
            out.push(p);
        }
    }
}

fn check(path: &Path, packet: &Packet) {
    let reg = registry();
    let problems = validate(packet);
    let prefixes = DisplayPrefixes::new(packet, reg);
    for p in &problems {
        assert!(
            packet.get(&p.prop).is_some(),
            "{}: problem for a property not in the packet: {p}",
            path.display()
        );
        assert!(p.path.starts_with(&prefixes.qname(&p.prop, reg)));
    }
    let groups = group(packet);
    let shown: usize = groups.iter().map(|g| g.props.len()).sum();
    assert_eq!(
        shown,
        packet.props.len(),
        "{}: properties lost",
        path.display()
    );
    let attached: usize = groups
        .iter()
        .flat_map(|g| &g.props)
        .map(|p| p.problems.len())
        .sum();
    assert_eq!(attached, problems.len(), "{}", path.display());
    for g in &groups {
        let mut texts = vec![&g.title, &g.prefix];
        for p in &g.props {
            texts.extend([&p.qname, &p.label, &p.summary, &p.shape]);
            texts.extend(p.lines.iter().flat_map(|l| [&l.key, &l.value]));
        }
        for t in texts {
            assert!(!t.chars().any(needs_escape), "{}: {t:?}", path.display());
        }
    }
}

#[test]
fn every_corpus_packet_validates_and_groups() {
    let Some(dir) = corpus() else {
        crate::util::skip::missing("skipping: ../shared/corpus is absent");
        return;
    };
    let mut all = Vec::new();
    files(&dir, &mut all);
    let mut packets = 0;
    for path in &all {
        let Ok((found, _)) = xmpedit_formats::read_file(path) else {
            continue;
        };
        for packet in found
            .packet
            .iter()
            .chain(found.others.iter().map(|(_, p)| p))
        {
            check(path, packet);
            packets += 1;
        }
    }
    assert!(packets > 20, "only {packets} packets read from the corpus");
    eprintln!("{packets} packets from {} files checked", all.len());
}
