//! Grouping a packet's properties by schema, in the registry's display order, with
//! unknown namespaces last as "Other (prefix)".

use std::collections::HashMap;

use crate::present::safe::safe_text;
use crate::present::view::{prop_view, PropView};
use crate::schema::{validate_with, DisplayPrefixes, Problem, Registry};
use crate::xmp::{Name, Packet};

/// The properties of one namespace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// "Dublin Core", or "Other (acme)" for an unknown namespace.
    pub title: String,
    /// The namespace URI as read: identity, not display text (pass it through
    /// `safe_text` before showing it).
    pub ns_uri: String,
    /// Display prefix used in the property names.
    pub prefix: String,
    pub known: bool,
    pub props: Vec<PropView>,
}

impl Group {
    /// Number of problems in this group, for collapsed headers.
    pub fn problem_count(&self) -> usize {
        self.props.iter().map(|p| p.problems.len()).sum()
    }
}

/// Groups with the built-in registry, validating the packet.
pub fn group(packet: &Packet) -> Vec<Group> {
    let reg = crate::schema::registry();
    let problems = validate_with(packet, reg);
    group_with(packet, reg, problems)
}

/// Groups with a given registry and already computed problems (each is attached to
/// the property it names).
pub fn group_with(packet: &Packet, reg: &Registry, problems: Vec<Problem>) -> Vec<Group> {
    let prefixes = DisplayPrefixes::new(packet, reg);
    // (group sort key, uri, entries (sort key within group, prop index))
    struct Pending<'a> {
        order: u32,
        title: String,
        known: bool,
        uri: &'a str,
        props: Vec<(usize, usize)>,
    }
    let mut pending: Vec<Pending> = Vec::new();
    // A packet may hold thousands of namespaces; a search of `pending` per property
    // would be quadratic.
    let mut group_of_uri: HashMap<&str, usize> = HashMap::new();
    for (i, (name, _)) in packet.props.iter().enumerate() {
        let uri = reg.canonical_uri(&name.ns);
        let within = match reg.namespace(uri) {
            Some(ns) => ns
                .properties
                .iter()
                .position(|p| p.name.local == name.local)
                .unwrap_or(usize::MAX),
            None => usize::MAX,
        };
        match group_of_uri.get(uri) {
            Some(&g) => pending[g].props.push((within, i)),
            None => {
                group_of_uri.insert(uri, pending.len());
                let info = reg.group_of(uri, prefixes.prefix(&name.ns, reg));
                pending.push(Pending {
                    order: info.order,
                    title: safe_text(&info.title).into_owned(),
                    known: info.known,
                    uri,
                    props: vec![(within, i)],
                });
            }
        }
    }
    // Stable sorts: unknown groups keep document order among equals, unknown
    // properties keep document order after the known ones.
    pending.sort_by(|a, b| a.order.cmp(&b.order).then_with(|| a.title.cmp(&b.title)));
    let mut by_prop: Vec<Vec<Problem>> = vec![Vec::new(); packet.props.len()];
    // The first property of a name gets its problems, as a linear search would give.
    let mut index: HashMap<&Name, usize> = HashMap::with_capacity(packet.props.len());
    for (i, (n, _)) in packet.props.iter().enumerate() {
        index.entry(n).or_insert(i);
    }
    for p in problems {
        if let Some(&i) = index.get(&p.prop) {
            by_prop[i].push(p);
        }
    }
    pending
        .into_iter()
        .map(|mut g| {
            g.props.sort_by_key(|(within, _)| *within);
            let props = g
                .props
                .iter()
                .map(|&(_, i)| {
                    let (name, node) = &packet.props[i];
                    prop_view(name, node, std::mem::take(&mut by_prop[i]), reg, &prefixes)
                })
                .collect();
            Group {
                title: g.title,
                ns_uri: g.uri.to_string(),
                prefix: safe_text(prefixes.prefix(g.uri, reg).unwrap_or("")).into_owned(),
                known: g.known,
                props,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::present::view::LineKind;
    use crate::schema::registry;
    use crate::xmp::{ns, ArrayKind, Name, Node};

    const EVT: &str = "http://ns.adobe.com/xap/1.0/sType/ResourceEvent#";
    const ACME: &str = "http://example.com/acme/";

    fn sample() -> Packet {
        let mut p = Packet::new();
        p.prefixes.hint(ACME, "acme");
        p.set(Name::new(ACME, "Zeta"), Node::text("z"));
        p.set(Name::new(ns::XMP, "Rating"), Node::text("4"));
        p.set(
            Name::new(ns::DC, "subject"),
            Node::array(
                ArrayKind::Bag,
                vec![Node::text("alps"), Node::text("summit")],
            ),
        );
        p.set(
            Name::new(ns::DC, "title"),
            Node::array(
                ArrayKind::Alt,
                vec![
                    Node::lang_text("x-default", "Summit cross"),
                    Node::lang_text("de-DE", "Gipfelkreuz"),
                    Node::lang_text("en_GB", "Summit"),
                ],
            ),
        );
        p.set(
            Name::new(ns::XMP, "CreateDate"),
            Node::text("2024-08-14T06:12:03"),
        );
        p.set(
            Name::new(ns::XMP_MM, "History"),
            Node::array(
                ArrayKind::Seq,
                vec![Node::structure(vec![
                    (Name::new(EVT, "action"), Node::text("saved")),
                    (Name::new(EVT, "when"), Node::text("yesterday")),
                ])],
            ),
        );
        let mut id = Node::text("urn:isbn:123");
        id.set_qualifier(
            Name::new("http://ns.adobe.com/xmp/Identifier/qual/1.0/", "Scheme"),
            Node::text("ISBN"),
        );
        p.set(
            Name::new(ns::XMP, "Identifier"),
            Node::array(ArrayKind::Bag, vec![id]),
        );
        p
    }

    #[test]
    fn groups_follow_registry_order_with_unknown_last() {
        let groups = group(&sample());
        let titles: Vec<&str> = groups.iter().map(|g| g.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Dublin Core",
                "XMP Basic",
                "XMP Media Management",
                "Other (acme)"
            ]
        );
        assert_eq!(groups[3].prefix, "acme");
        assert!(!groups[3].known);
        // Within a group: registry order (title before subject; Rating before CreateDate).
        let dc: Vec<&str> = groups[0].props.iter().map(|p| p.qname.as_str()).collect();
        assert_eq!(dc, ["dc:title", "dc:subject"]);
        let xmp: Vec<&str> = groups[1].props.iter().map(|p| p.qname.as_str()).collect();
        assert_eq!(xmp, ["xmp:Rating", "xmp:CreateDate", "xmp:Identifier"]);
    }

    #[test]
    fn prop_views_carry_labels_summaries_and_lines() {
        let groups = group(&sample());
        let title = &groups[0].props[0];
        assert_eq!(title.label, "Title");
        assert_eq!(title.type_label, "Language Alternative");
        assert_eq!(title.summary, "\"Summit cross\" +2 langs");
        assert_eq!(title.shape, "3 languages");
        assert!(title.inline.is_none());
        let langs: Vec<(&str, &str, LineKind)> = title
            .lines
            .iter()
            .map(|l| (l.key.as_str(), l.value.as_str(), l.kind))
            .collect();
        assert_eq!(
            langs,
            [
                (
                    "x-default",
                    "Summit cross",
                    LineKind::Lang { default: true }
                ),
                ("de-DE", "Gipfelkreuz", LineKind::Lang { default: false }),
                ("en_GB", "Summit", LineKind::Lang { default: false }),
            ]
        );
        // The bad tag's problem sits on its line, not on the header.
        assert_eq!(title.problems.len(), 1);
        assert_eq!(title.problems[0].path, "dc:title[3]/?xml:lang");
        assert_eq!(title.lines[2].problems, [0]);
        assert!(title.header_problems.is_empty());

        let rating = &groups[1].props[0];
        assert_eq!(rating.summary, "★★★★☆");
        assert_eq!(rating.inline.as_deref(), Some("★★★★☆"));
        assert!(rating.lines.is_empty());

        let subject = &groups[0].props[1];
        assert_eq!(subject.summary, "alps, summit");
        assert_eq!(subject.lines.len(), 2);
        assert_eq!(subject.lines[1].kind, LineKind::Item { index: 1 });
        assert_eq!(subject.lines[1].key, "2");
    }

    #[test]
    fn structs_nest_and_qualifiers_show() {
        let groups = group(&sample());
        let hist = &groups[2].props[0];
        assert_eq!(hist.type_label, "Seq of Resource Event");
        let lines: Vec<(usize, &str, Option<&str>, &str)> = hist
            .lines
            .iter()
            .map(|l| {
                (
                    l.depth,
                    l.key.as_str(),
                    l.label.as_deref(),
                    l.value.as_str(),
                )
            })
            .collect();
        assert_eq!(
            lines,
            [
                (0, "1", None, "2 fields"),
                (1, "stEvt:action", Some("Action"), "saved"),
                (1, "stEvt:when", Some("When"), "yesterday"),
            ]
        );
        assert!(hist.lines[0].composite);
        assert_eq!(hist.lines[2].problems, [0]);
        assert!(hist.problems[0].message.contains("not an XMP date"));

        let ident = &groups[1].props[2];
        let lines: Vec<(usize, &str, &str, LineKind)> = ident
            .lines
            .iter()
            .map(|l| (l.depth, l.key.as_str(), l.value.as_str(), l.kind))
            .collect();
        assert_eq!(
            lines,
            [
                (0, "1", "urn:isbn:123", LineKind::Item { index: 0 }),
                (1, "?xmpidq:Scheme", "ISBN", LineKind::Qualifier),
            ]
        );
        assert!(
            ident.inline.is_none(),
            "a qualifier is only visible in the lines"
        );
    }

    #[test]
    fn inline_forms_and_header_problems() {
        let mut p = Packet::new();
        p.set(
            Name::new(ns::DC, "title"),
            Node::array(ArrayKind::Alt, vec![Node::lang_text("x-default", "Only")]),
        );
        p.set(
            Name::new(ns::DC, "creator"),
            Node::array(ArrayKind::Seq, vec![Node::text("Ada")]),
        );
        p.set(Name::new(ns::XMP, "Rating"), Node::text("9"));
        p.set(
            Name::new(ns::DC, "date"),
            Node::array(ArrayKind::Seq, vec![Node::text("bad")]),
        );
        let groups = group(&p);
        let dc = &groups[0].props;
        assert_eq!(
            (
                dc[0].qname.as_str(),
                dc[0].inline.as_deref(),
                dc[0].summary.as_str()
            ),
            ("dc:title", Some("Only"), "Only")
        );
        assert_eq!(
            dc[0].lines.len(),
            1,
            "the detail pane still gets the language line"
        );
        assert_eq!(
            (dc[1].qname.as_str(), dc[1].inline.as_deref()),
            ("dc:creator", Some("Ada"))
        );
        assert_eq!(
            (dc[2].qname.as_str(), dc[2].inline.as_deref()),
            ("dc:date", None),
            "a problem on the item needs the line"
        );
        let rating = &groups[1].props[0];
        assert_eq!(rating.summary, "9");
        // Inline values are whole; summaries are cut.
        let long = "word ".repeat(100);
        let mut p = Packet::new();
        p.set(Name::new(ns::DC, "source"), Node::text(long.clone()));
        let view = &group(&p)[0].props[0];
        assert_eq!(view.inline.as_deref(), Some(long.as_str()));
        assert!(view.summary.ends_with('…') && view.summary.len() < 200);
        assert_eq!(rating.header_problems, [0]);
        assert_eq!(groups[1].problem_count(), 1);
    }

    #[test]
    fn everything_from_the_file_is_escaped() {
        let evil_ns = "http://example.com/\u{1b}[2J/";
        let mut p = Packet::new();
        p.set(
            Name::new(ns::DC, "title"),
            Node::array(
                ArrayKind::Alt,
                vec![Node::lang_text("x-default", "\u{1b}]0;owned\u{7}")],
            ),
        );
        p.set(Name::new(evil_ns, "x"), Node::text("\u{202e}txt"));
        let groups = group(&p);
        // Every display field (not the raw identity in `ns_uri` / `name`).
        for g in &groups {
            let mut shown = vec![&g.title, &g.prefix];
            for p in &g.props {
                shown.extend([&p.qname, &p.label, &p.summary, &p.shape, &p.type_label]);
                for l in &p.lines {
                    shown.extend([&l.key, &l.value]);
                }
            }
            for s in shown {
                assert!(!s.chars().any(crate::present::needs_escape), "{s:?}");
            }
        }
        assert_eq!(groups[0].props[0].summary, "\\e]0;owned\\x07");
        assert_eq!(groups[1].title, "Other (ns1)");
        assert_eq!(groups[1].props[0].summary, "\\u{202E}txt");
    }

    #[test]
    fn alias_uris_group_with_their_namespace() {
        let mut p = Packet::new();
        p.set(
            Name::new("http://ns.microsoft.com/photo/1.0", "Rating"),
            Node::text("50"),
        );
        let groups = group(&p);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].title, "Microsoft Photo");
        assert_eq!(groups[0].props[0].label, "Rating");
        let _ = registry();
    }
}
