//! Property tests: for any model and any op, the inverse restores the model exactly
//! (order of properties, items, languages and qualifiers included), a refused op
//! changes nothing, ops survive serialization, and EDIT expressions print back to
//! themselves.

use proptest::prelude::*;
use xmpedit_core::edit::{apply_all, parse_edit, Canonical, ItemRef, Op, Path, Step};
use xmpedit_core::xmp::{ns, ArrayKind, Name, Node, Packet};
use xmpedit_session::journal::OpRecord;

const NSS: &[&str] = &[ns::DC, ns::XMP, "http://example.com/x/"];
const LOCALS: &[&str] = &["title", "subject", "Rating", "a", "b"];
const LANGS: &[&str] = &["x-default", "en", "en-US", "de", "fr-CA"];
const TEXTS: &[&str] = &["", "alps", "snow", "Hello", "a=b", " x "];

fn name() -> impl Strategy<Value = Name> {
    (0..NSS.len(), 0..LOCALS.len()).prop_map(|(n, l)| Name::new(NSS[n], LOCALS[l]))
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        (0..TEXTS.len()).prop_map(|i| TEXTS[i].to_string()),
        "[a-zä ]{0,6}",
    ]
}

fn lang() -> impl Strategy<Value = String> {
    (0..LANGS.len()).prop_map(|i| LANGS[i].to_string())
}

fn kind() -> impl Strategy<Value = ArrayKind> {
    prop_oneof![
        Just(ArrayKind::Bag),
        Just(ArrayKind::Seq),
        Just(ArrayKind::Alt)
    ]
}

/// Unique-by-name field lists.
fn dedup(fields: Vec<(Name, Node)>) -> Vec<(Name, Node)> {
    let mut out: Vec<(Name, Node)> = Vec::new();
    for (n, v) in fields {
        if !out.iter().any(|(m, _)| *m == n) {
            out.push((n, v));
        }
    }
    out
}

fn lang_alt() -> impl Strategy<Value = Node> {
    prop::collection::vec((lang(), text()), 0..4).prop_map(|pairs| {
        let mut items: Vec<Node> = Vec::new();
        for (l, t) in pairs {
            if !items.iter().any(|i| i.lang() == Some(l.as_str())) {
                items.push(Node::lang_text(l, t));
            }
        }
        Node::array(ArrayKind::Alt, items)
    })
}

fn node() -> impl Strategy<Value = Node> {
    let leaf = prop_oneof![
        4 => text().prop_map(Node::text),
        1 => text().prop_map(|t| Node::uri(format!("http://e/{t}"))),
        2 => lang_alt(),
    ];
    let tree = leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec((name(), inner.clone()), 0..4)
                .prop_map(|f| Node::structure(dedup(f))),
            (kind(), prop::collection::vec(inner, 0..4))
                .prop_map(|(k, items)| Node::array(k, items)),
        ]
    });
    (tree, prop::option::of((name(), text()))).prop_map(|(mut n, q)| {
        if let Some((qn, qt)) = q {
            n.set_qualifier(qn, Node::text(qt));
        }
        n
    })
}

fn packet() -> impl Strategy<Value = Packet> {
    prop::collection::vec((name(), node()), 0..5).prop_map(|props| Packet {
        about: String::new(),
        props: dedup(props),
        prefixes: Default::default(),
    })
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        name().prop_map(Step::Field),
        (0usize..5).prop_map(Step::Index),
        lang().prop_map(Step::Lang),
        name().prop_map(Step::Qualifier),
        Just(Step::Qualifier(Name::xml_lang())),
    ]
}

fn path() -> impl Strategy<Value = Path> {
    (name(), prop::collection::vec(step(), 0..3)).prop_map(|(prop, steps)| Path { prop, steps })
}

/// Paths as users type them: 1-based indexes, a language only as the last step.
fn expr_path() -> impl Strategy<Value = Path> {
    let step = prop_oneof![
        name().prop_map(Step::Field),
        (1usize..5).prop_map(Step::Index),
        name().prop_map(Step::Qualifier),
    ];
    (
        name(),
        prop::collection::vec(step, 0..3),
        prop::option::of(lang()),
    )
        .prop_map(|(prop, mut steps, lang)| {
            steps.extend(lang.map(Step::Lang));
            Path { prop, steps }
        })
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (path(), text(), prop::collection::vec(kind(), 0..2)).prop_map(
            |(path, value, new_arrays)| Op::SetSimple {
                path,
                value,
                new_arrays
            }
        ),
        (path(), lang(), text()).prop_map(|(path, lang, text)| Op::SetLang { path, lang, text }),
        (path(), lang()).prop_map(|(path, lang)| Op::RemoveLang { path, lang }),
        (path(), lang()).prop_map(|(path, lang)| Op::MakeDefaultLang { path, lang }),
        (path(), text(), kind()).prop_map(|(path, value, kind)| Op::AddItem { path, value, kind }),
        (path(), text()).prop_map(|(path, v)| Op::RemoveItem {
            path,
            item: ItemRef::Value(v)
        }),
        (path(), 0usize..5).prop_map(|(path, i)| Op::RemoveItem {
            path,
            item: ItemRef::Index(i)
        }),
        (path(), 0usize..5, text()).prop_map(|(path, index, value)| Op::ReplaceItem {
            path,
            index,
            value
        }),
        (path(), 0usize..5, 0usize..5).prop_map(|(path, from, to)| Op::MoveItem { path, from, to }),
        (path(), kind(), prop::collection::vec(text(), 0..3))
            .prop_map(|(path, kind, items)| Op::SetList { path, kind, items }),
        (-3i8..8).prop_map(Op::SetRating),
        path().prop_map(|path| Op::Delete { path }),
        (path(), node(), prop::option::of(0usize..6)).prop_map(|(path, node, at)| Op::SetNode {
            path,
            node,
            at
        }),
        Just(Op::Noop),
    ]
}

/// Ops that address properties the packet has, so that most of them apply.
fn op_for(p: &Packet) -> BoxedStrategy<Op> {
    if p.props.is_empty() {
        return op().boxed();
    }
    let names: Vec<Name> = p.props.iter().map(|(n, _)| n.clone()).collect();
    (op(), 0..names.len())
        .prop_map(move |(mut op, i)| {
            retarget(&mut op, names[i].clone());
            op
        })
        .boxed()
}

fn retarget(op: &mut Op, prop: Name) {
    match op {
        Op::SetSimple { path, .. }
        | Op::SetLang { path, .. }
        | Op::RemoveLang { path, .. }
        | Op::MakeDefaultLang { path, .. }
        | Op::AddItem { path, .. }
        | Op::MergeItems { path, .. }
        | Op::RemoveItem { path, .. }
        | Op::ReplaceItem { path, .. }
        | Op::MoveItem { path, .. }
        | Op::SetList { path, .. }
        | Op::Delete { path }
        | Op::SetNode { path, .. } => path.prop = prop,
        Op::SetRating(_) | Op::Noop => {}
    }
}

fn packet_and_ops() -> impl Strategy<Value = (Packet, Vec<Op>)> {
    packet().prop_flat_map(|p| {
        let ops = prop::collection::vec(prop_oneof![op_for(&p), op()], 1..5);
        (Just(p), ops)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn inverse_restores_the_model_exactly((p, ops) in packet_and_ops()) {
        let op = &ops[0];
        let mut q = p.clone();
        match op.apply(&mut q) {
            Ok(inverse) => {
                if inverse.is_noop() {
                    prop_assert_eq!(&q, &p, "a no-op inverse for a change");
                }
                let after = q.clone();
                let redo = inverse.apply(&mut q).expect("an inverse always applies");
                prop_assert_eq!(&q, &p);
                redo.apply(&mut q).expect("a redo always applies");
                prop_assert_eq!(&q, &after);
            }
            Err(_) => prop_assert_eq!(&q, &p, "a refused op changed the packet"),
        }
    }

    #[test]
    fn apply_all_is_atomic_and_invertible((p, ops) in packet_and_ops()) {
        let mut q = p.clone();
        match apply_all(&ops, &mut q) {
            Ok(inverses) => {
                let after = q.clone();
                let redo = apply_all(&inverses, &mut q).expect("inverses apply");
                prop_assert_eq!(&q, &p);
                apply_all(&redo, &mut q).expect("redo applies");
                prop_assert_eq!(&q, &after);
            }
            Err(_) => prop_assert_eq!(&q, &p),
        }
    }

    #[test]
    fn ops_survive_json(op in op()) {
        // As the journal stores it.
        let json = serde_json::to_string(&OpRecord::from(&op)).unwrap();
        let back = Op::try_from(serde_json::from_str::<OpRecord>(&json).unwrap()).unwrap();
        prop_assert_eq!(back, op);
    }

    #[test]
    fn edit_expressions_print_back(
        path in expr_path(),
        form in 0..4usize,
        value in "[^\\n]{0,8}",
    ) {
        let p = path.to_string();
        let expr = match form {
            0 => format!("{p}={value}"),
            1 => format!("{p}+={value}"),
            2 => format!("{p}-={value}"),
            _ => format!("-{p}"),
        };
        if let Ok(op) = parse_edit(&expr, &Canonical, &xmpedit_core::schema::Registry::default()) {
            let printed = op.to_string();
            let again = parse_edit(&printed, &Canonical, &xmpedit_core::schema::Registry::default()).expect("printed form parses");
            prop_assert_eq!(again, op);
        }
    }
}

#[test]
fn generated_ops_exercise_every_outcome() {
    // Guard against strategies that only ever produce errors or no-ops.
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let (mut changed, mut noop, mut refused) = (0, 0, 0);
    for _ in 0..2000 {
        let (p, ops) = packet_and_ops().new_tree(&mut runner).unwrap().current();
        let mut q = p.clone();
        match ops[0].apply(&mut q) {
            Ok(Op::Noop) => noop += 1,
            Ok(_) => changed += 1,
            Err(_) => refused += 1,
        }
    }
    assert!(changed > 400, "changed {changed}");
    assert!(noop > 50, "noop {noop}");
    assert!(refused > 50, "refused {refused}");
}
