//! Text output of `xmpedit show`: one block per file, the packet grouped by schema.
//!
//! Everything printed comes from the `present` view models (already escaped) or goes
//! through `safe_text` here: nothing read from a file reaches the terminal raw.

use std::fmt::Write;

use xmpedit_core::present::{group, safe_text, Group, Line, LineKind, PropView};
use xmpedit_core::xmp::Packet;
use xmpedit_formats::Found;

const NAME_WIDTH_MAX: usize = 28;
const KEY_WIDTH_MAX: usize = 24;

fn width(s: &str) -> usize {
    s.chars().count()
}

fn pad(out: &mut String, s: &str, w: usize) {
    out.push_str(s);
    for _ in width(s)..w {
        out.push(' ');
    }
}

/// The block for one file. `shown_path` must already be safe.
pub fn render_file(shown_path: &str, found: &Found) -> String {
    let mut out = String::new();
    let _ = write!(out, "{shown_path}: {}", found.format.name());
    if found.packet.is_none() {
        out.push_str(", no XMP");
    }
    out.push('\n');
    for w in &found.warnings {
        let _ = writeln!(out, "  ⚠ warning: {}", safe_text(w));
    }
    if let Some(packet) = &found.packet {
        render_packet(&mut out, packet, 1);
    }
    for (label, packet) in &found.others {
        let _ = writeln!(out, "  further packet: {}", safe_text(label));
        render_packet(&mut out, packet, 2);
    }
    out
}

/// The groups of a packet, indented by `level` steps of two spaces.
pub fn render_packet(out: &mut String, packet: &Packet, level: usize) {
    if packet.is_empty() {
        let _ = writeln!(out, "{}(empty packet)", "  ".repeat(level));
        return;
    }
    for g in group(packet) {
        render_group(out, &g, level);
    }
}

fn render_group(out: &mut String, g: &Group, level: usize) {
    let indent = "  ".repeat(level);
    let _ = writeln!(out, "{indent}{}", g.title);
    let name_w = g
        .props
        .iter()
        .map(|p| width(&p.qname))
        .max()
        .unwrap_or(0)
        .min(NAME_WIDTH_MAX);
    for p in &g.props {
        render_prop(out, p, level + 1, name_w);
    }
}

fn render_prop(out: &mut String, p: &PropView, level: usize, name_w: usize) {
    let indent = "  ".repeat(level);
    out.push_str(&indent);
    pad(out, &p.qname, name_w);
    out.push_str("  ");
    out.push_str(p.inline.as_deref().unwrap_or(&p.shape));
    out.push('\n');
    for &k in &p.header_problems {
        problem(out, p, k, level + 1);
    }
    if p.inline.is_some() {
        return;
    }
    let key_widths = sibling_key_widths(&p.lines);
    for (line, &key_w) in p.lines.iter().zip(&key_widths) {
        render_line(out, p, line, level + 1, key_w);
    }
}

/// For every line, the widest key among the lines at its depth in its run of
/// siblings (the lines at that depth since the last shallower line), capped.
///
/// One pass with a stack of open runs: a per-line scan of the siblings made `show`
/// quadratic in array length (500,000 items never finished).
fn sibling_key_widths(lines: &[Line]) -> Vec<usize> {
    // (depth, index into `run_widths`) of the runs still open, deepest last.
    let mut open: Vec<(usize, usize)> = Vec::new();
    let mut run_widths: Vec<usize> = Vec::new();
    let mut run_of_line = Vec::with_capacity(lines.len());
    for l in lines {
        while open.last().is_some_and(|&(d, _)| d > l.depth) {
            open.pop();
        }
        let run = match open.last() {
            Some(&(d, run)) if d == l.depth => run,
            _ => {
                run_widths.push(0);
                open.push((l.depth, run_widths.len() - 1));
                run_widths.len() - 1
            }
        };
        let w = key_width(l).min(KEY_WIDTH_MAX);
        run_widths[run] = run_widths[run].max(w);
        run_of_line.push(run);
    }
    run_of_line.into_iter().map(|r| run_widths[r]).collect()
}

/// `width(&key_text(l))` without building the string.
fn key_width(l: &Line) -> usize {
    let decoration = match l.kind {
        LineKind::Lang { .. } | LineKind::Item { .. } => 2,
        LineKind::Field | LineKind::Qualifier => 0,
    };
    width(&l.key) + decoration
}

fn key_text(l: &Line) -> String {
    match l.kind {
        LineKind::Lang { default: true } => format!("* {}", l.key),
        LineKind::Lang { default: false } => format!("  {}", l.key),
        LineKind::Item { .. } => format!("[{}]", l.key),
        LineKind::Field | LineKind::Qualifier => l.key.clone(),
    }
}

fn render_line(out: &mut String, p: &PropView, l: &Line, level: usize, key_w: usize) {
    out.push_str(&"  ".repeat(level + l.depth));
    pad(out, &key_text(l), key_w);
    out.push_str("  ");
    out.push_str(&l.value);
    out.push('\n');
    for &k in &l.problems {
        problem(out, p, k, level + l.depth + 1);
    }
}

fn problem(out: &mut String, p: &PropView, k: usize, level: usize) {
    let pr = &p.problems[k];
    let _ = writeln!(
        out,
        "{}⚠ {}: {}",
        "  ".repeat(level),
        pr.severity.as_str(),
        safe_text(&pr.message)
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use xmpedit_core::xmp::{ns, ArrayKind, Name, Node};
    use xmpedit_formats::Format;

    const EVT: &str = "http://ns.adobe.com/xap/1.0/sType/ResourceEvent#";

    fn sample() -> Packet {
        let mut p = Packet::new();
        p.prefixes.hint("http://example.com/acme/", "acme");
        p.set(
            Name::new(ns::DC, "title"),
            Node::array(
                ArrayKind::Alt,
                vec![
                    Node::lang_text("x-default", "Summit cross"),
                    Node::lang_text("de-DE", "Gipfelkreuz"),
                    Node::lang_text("it-IT", "Croce di vetta"),
                ],
            ),
        );
        p.set(
            Name::new(ns::DC, "creator"),
            Node::array(ArrayKind::Seq, vec![Node::text("Ada Example")]),
        );
        p.set(
            Name::new(ns::DC, "subject"),
            Node::array(
                ArrayKind::Bag,
                vec![Node::text("alps"), Node::text("summit")],
            ),
        );
        p.set(Name::new(ns::XMP, "Rating"), Node::text("4"));
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
                    (Name::new(EVT, "when"), Node::text("2024:08:14 06:12:03")),
                ])],
            ),
        );
        p.set(Name::new(ns::TIFF, "Orientation"), Node::text("6"));
        p.set(
            Name::new("http://example.com/acme/", "Flag"),
            Node::text("on\u{1b}[2J"),
        );
        p
    }

    #[test]
    fn text_block_for_a_file() {
        let mut found = Found::empty(Format::Jpeg);
        found.packet = Some(sample());
        found.warnings.push("second XMP segment ignored".into());
        insta::assert_snapshot!(render_file("photos/IMG_0412.jpg", &found), @r#"
        photos/IMG_0412.jpg: jpeg
          ⚠ warning: second XMP segment ignored
          Dublin Core
            dc:title    3 languages
              * x-default  Summit cross
                de-DE      Gipfelkreuz
                it-IT      Croce di vetta
            dc:creator  Ada Example
            dc:subject  Bag, 2 items
              [1]  alps
              [2]  summit
          XMP Basic
            xmp:Rating      ★★★★☆
            xmp:CreateDate  2024-08-14T06:12:03
          TIFF
            tiff:Orientation  6 (Rotated 90° CW)
          XMP Media Management
            xmpMM:History  Seq, 1 item
              [1]  2 fields
                stEvt:action  saved
                stEvt:when    2024:08:14 06:12:03
                  ⚠ error: "2024:08:14 06:12:03" is not an XMP date: this is the Exif form; XMP writes 2024-08-14T06:12:03
          Other (acme)
            acme:Flag  on\e[2J
        "#);
    }

    #[test]
    fn key_widths_are_per_run_of_siblings() {
        fn line(depth: usize, key: &str) -> Line {
            Line {
                depth,
                kind: LineKind::Field,
                key: key.into(),
                label: None,
                value: String::new(),
                composite: false,
                steps: Vec::new(),
                problems: Vec::new(),
            }
        }
        // A deeper run does not split its parent's run; a shallower line ends a run.
        let lines = [
            line(0, "a"),
            line(1, "bbbb"),
            line(1, "c"),
            line(0, "dd"),
            line(2, "e"),
            line(0, "f"),
            line(1, "ggg"),
            line(0, &"h".repeat(40)),
        ];
        assert_eq!(
            sibling_key_widths(&lines),
            [
                KEY_WIDTH_MAX,
                4,
                4,
                KEY_WIDTH_MAX,
                1,
                KEY_WIDTH_MAX,
                3,
                KEY_WIDTH_MAX
            ]
        );
        let short = [line(0, "a"), line(1, "bb"), line(0, "ccc")];
        assert_eq!(sibling_key_widths(&short), [3, 2, 3]);
    }

    #[test]
    fn no_xmp_and_empty_packets() {
        let found = Found::empty(Format::Png);
        assert_eq!(render_file("a.png", &found), "a.png: png, no XMP\n");
        let mut found = Found::empty(Format::Xmp);
        found.packet = Some(Packet::new());
        assert_eq!(
            render_file("a.xmp", &found),
            "a.xmp: xmp\n  (empty packet)\n"
        );
    }

    #[test]
    fn further_packets_and_warnings_are_escaped() {
        let mut found = Found::empty(Format::Gif);
        found.warnings.push("bad\u{1b}]0;x\u{7}".into());
        let mut other = Packet::new();
        other.set(Name::new(ns::XMP, "Rating"), Node::text("-1"));
        found.others.push(("segment\u{202e}2".into(), other));
        let out = render_file("x.gif", &found);
        assert_eq!(
            out,
            "x.gif: gif, no XMP\n  ⚠ warning: bad\\e]0;x\\x07\n  further packet: segment\\u{202E}2\n    XMP Basic\n      xmp:Rating  ✗ rejected\n"
        );
    }
}
