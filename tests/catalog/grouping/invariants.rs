//! Grouping invariants over generated listings (proptest).

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use xmpedit_catalog::{group, CatalogConfig, Role};

use super::{listing, render, ROOT};

fn name() -> impl Strategy<Value = String> {
    let part = prop::sample::select(vec![
        "IMG", "img", "_", "-", ".", "1", "01", "Edit", "-Edit", "-2", "CR2", "cr2", "jpg", "JPG",
        "xmp", "XMP", "dng", "tif", "é", "",
    ]);
    let sub = prop::sample::select(vec!["", "", "", "export/", "JPG/", "other/"]);
    (sub, prop::collection::vec(part, 1..6)).prop_filter_map("non-empty name", |(s, p)| {
        let n = p.concat();
        (!n.is_empty() && !n.contains('/')).then(|| format!("{s}{n}"))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Every file lands in exactly one asset; one primary per asset with media;
    /// sidecars point at files of their own asset; order does not matter.
    #[test]
    fn every_file_once_and_consistent_roles(names in prop::collection::btree_set(name(), 1..25)) {
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let assets = group(&listing(&names), &CatalogConfig::default());
        let mut paths: Vec<PathBuf> = assets
            .iter()
            .flat_map(|a| a.renditions.iter().map(|r| r.path.clone()))
            .collect();
        paths.sort();
        let mut expected: Vec<PathBuf> = names.iter().map(|n| Path::new(ROOT).join(n)).collect();
        expected.sort();
        prop_assert_eq!(paths, expected);
        for a in &assets {
            let primaries = a.renditions.iter().filter(|r| r.role == Role::Primary).count();
            let own_media = a.renditions.iter().any(|r| r.is_own_media());
            prop_assert_eq!(primaries, usize::from(own_media), "{:?}", render(&assets));
            for r in &a.renditions {
                if let Some(of) = &r.sidecar_of {
                    prop_assert!(a.renditions.iter().any(|x| &x.rel == of), "{:?}", render(&assets));
                }
            }
            let _ = a.sidecar_path();
            let _ = a.xmp_targets();
        }
        let mut reversed = names.clone();
        reversed.reverse();
        prop_assert_eq!(render(&group(&listing(&reversed), &CatalogConfig::default())), render(&assets));
    }
}
