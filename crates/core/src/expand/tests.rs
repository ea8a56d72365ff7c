//! Unit tests of template parsing and expansion.

use super::*;
use crate::edit::Canonical;
use crate::xmp::{ns, Name, Node};

fn ctx(packet: Option<&Packet>) -> Context<'_> {
    Context {
        file_name: "IMG_7.jpg",
        folder: "shoot",
        index: 7,
        now: Civil::from_unix(1_718_000_000),
        packet,
        resolver: &Canonical,
    }
}

fn run(value: &str, packet: Option<&Packet>, codes: Option<&Codes>) -> Result<String, ExpandError> {
    Template::parse(value, &Canonical, codes)?.expand(&ctx(packet))
}

#[test]
fn file_variables_and_padded_index() {
    assert_eq!(
        run(
            "{file.stem} ({file.name}) in {folder} #{index:03}/{index}",
            None,
            None
        )
        .unwrap(),
        "IMG_7 (IMG_7.jpg) in shoot #007/7"
    );
}

#[test]
fn doubled_braces_are_literal() {
    assert_eq!(
        run("{{file.stem}} }}", None, None).unwrap(),
        "{file.stem} }"
    );
}

#[test]
fn stray_braces_and_unknown_names_are_refused() {
    assert!(matches!(
        run("a { b", None, None),
        Err(ExpandError::Syntax { column: 3, .. })
    ));
    assert!(matches!(
        run("a } b", None, None),
        Err(ExpandError::Syntax { .. })
    ));
    assert!(matches!(
        run("{filename}", None, None),
        Err(ExpandError::UnknownVariable { .. })
    ));
    assert!(matches!(
        run("{nosuch:Prop}", None, None),
        Err(ExpandError::UnknownVariable { .. })
    ));
}

#[test]
fn now_is_formatted() {
    // 1718000000 is 2024-06-10T06:13:20Z.
    assert_eq!(
        run("{date:%Y-%m-%dT%H:%M:%S 100%%}", None, None).unwrap(),
        "2024-06-10T06:13:20 100%"
    );
    assert_eq!(run("{date}", None, None).unwrap(), "2024-06-10");
    assert!(run("{date:%Q}", None, None).is_err());
}

#[test]
fn file_properties_formatted_when_dates() {
    let mut p = Packet::new();
    p.set(
        Name::new(ns::XMP, "CreateDate"),
        Node::text("2019-03-04T05:06:07+02:00"),
    );
    p.set(
        Name::new(ns::DC, "title"),
        Node::array(
            crate::xmp::ArrayKind::Alt,
            vec![Node::lang_text("x-default", "Dune")],
        ),
    );
    assert_eq!(
        run("{xmp:CreateDate:%Y/%m}", Some(&p), None).unwrap(),
        "2019/03"
    );
    assert_eq!(run("{dc:title}!", Some(&p), None).unwrap(), "Dune!");
    assert!(matches!(
        run("{photoshop:City}", Some(&p), None),
        Err(ExpandError::MissingProperty { .. })
    ));
    assert_eq!(
        run("{photoshop:City|nowhere}", Some(&p), None).unwrap(),
        "nowhere"
    );
    assert!(matches!(
        run("{dc:title:%Y}", Some(&p), None),
        Err(ExpandError::NotADate { .. })
    ));
}

#[test]
fn codes_give_their_columns() {
    let codes = Codes::parse("\u{FEFF}jd\tJane Doe\tJane\r\n\ncc\tCC BY 4.0\n", '=').unwrap();
    assert_eq!(
        run("=jd= / =jd#2= / =cc=", None, Some(&codes)).unwrap(),
        "Jane Doe / Jane / CC BY 4.0"
    );
    assert_eq!(
        run("a = b = c, x=1&y=2", None, Some(&codes)).unwrap(),
        "a = b = c, x=1&y=2"
    );
    assert!(matches!(
        run("=nope=", None, Some(&codes)),
        Err(ExpandError::UnknownCode { .. })
    ));
    assert!(matches!(
        run("=cc#2=", None, Some(&codes)),
        Err(ExpandError::NoColumn { have: 1, .. })
    ));
    // Without a table `=` is text.
    assert_eq!(run("=jd=", None, None).unwrap(), "=jd=");
    assert!(Codes::parse("x\n", '=').is_err());
    assert!(Codes::parse("x\ta\nx\tb\n", '=').is_err());
}

#[test]
fn xmp_dates_read_with_missing_parts() {
    let d = Civil::parse_xmp("2024-05").unwrap();
    assert_eq!((d.year, d.month, d.day, d.hour), (2024, 5, 1, 0));
    assert!(Civil::parse_xmp("2024-13-01").is_none());
    assert!(Civil::parse_xmp("sunny").is_none());
    assert_eq!(Civil::parse_xmp("2024:05:31 14:30:05").unwrap().second, 5);
}
