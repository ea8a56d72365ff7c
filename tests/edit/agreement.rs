//! The CLI and the TUI judge a value alike, and both agree with packet validation:
//! `xmpedit set` refuses a value exactly when the TUI's edit dialog refuses it, and
//! exactly when `schema::validate` would flag that value as an error (the TUI's `!`
//! marker). They once disagreed: `set -e xmp:CreateDate=2023-02-29` was written, and
//! the TUI then marked the file as invalid.

use crate::util::set_support;
use crate::util::tui_support;

use set_support::Ws;
use xmpedit::tui::update::apply_ops;
use xmpedit_core::edit::{Canonical, Op, Path};
use xmpedit_core::schema::{self, Severity};
use xmpedit_core::xmp::{lang, ArrayKind, Node, Packet};

/// The exit code of `xmpedit set` for an edit it refuses (a usage error).
const REFUSED: i32 = 2;

#[test]
fn set_refuses_a_date_that_does_not_exist() {
    let ws = Ws::new();
    let sample =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/samples/IMG_0412.jpg");
    let path = ws.put("IMG_0412.jpg", &std::fs::read(sample).unwrap());
    let before = std::fs::read(&path).unwrap();
    let out = ws.run(&[
        "set",
        "-e",
        "xmp:CreateDate=2023-02-29",
        set_support::s(&path),
    ]);
    let err = set_support::text(&out.stderr);
    assert_eq!(out.status.code(), Some(REFUSED), "{err}");
    assert!(err.contains("xmp:CreateDate"), "names the property: {err}");
    assert!(
        err.contains("day 29 is out of range for 2023-02"),
        "says why: {err}"
    );
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before, "byte-identical");
    assert_eq!(ws.journal_files(), 0);
}

/// How a value reaches the property, in the CLI's EDIT syntax and in the TUI's dialogs.
#[derive(Clone, Copy)]
enum Form {
    /// `PROP=VALUE`; the TUI's value prompt.
    Simple,
    /// `PROP+=VALUE`; the TUI's add-item prompt.
    Item(ArrayKind),
    /// `PROP[TAG]=text`, the value being the tag; the TUI's language prompts.
    Lang,
}

struct Case {
    prop: &'static str,
    form: Form,
    value: &'static str,
    ok: bool,
}

fn case(prop: &'static str, value: &'static str, ok: bool) -> Case {
    Case {
        prop,
        form: Form::Simple,
        value,
        ok,
    }
}

fn cases() -> Vec<Case> {
    use Form::*;
    let mut v = Vec::new();
    // Date: forms, leap years, time zones.
    for (value, ok) in [
        ("2024", true),
        ("2024-05", true),
        ("2024-05-31", true),
        ("2024-02-29", true),
        ("2000-02-29", true),
        ("2023-02-29", false),
        ("1900-02-29", false),
        ("2024-04-31", false),
        ("2024-13", false),
        ("2024-05-31T14:30", true),
        ("2024-05-31T14:30Z", true),
        ("2024-05-31T14:30:59+02:00", true),
        ("2024-05-31T14:30:59.125-05:30", true),
        ("2016-12-31T23:59:60Z", true),
        ("2024-05-31T24:00", false),
        ("2024-05-31T14:30+24:00", false),
        ("2024-05-31T14:30+0200", false),
        ("2024-05-31T14", false),
        ("2024-05-31 14:30", false),
        ("2024:05:31 14:30:00", false),
        ("yesterday", false),
        ("", false),
    ] {
        v.push(case("xmp:CreateDate", value, ok));
    }
    // Integer.
    for (value, ok) in [
        ("6000", true),
        ("+7", true),
        ("-3", true),
        ("6000px", false),
        ("1.5", false),
        (" 12", false),
        ("1e3", false),
    ] {
        v.push(case("tiff:ImageWidth", value, ok));
    }
    // Real.
    for (value, ok) in [
        ("0.5", true),
        ("-1", true),
        (".5", true),
        ("1e-3", false),
        ("1,5", false),
        ("abc", false),
    ] {
        v.push(case("crs:Exposure2012", value, ok));
    }
    // Boolean: other spellings of True/False are only warned about, so accepted.
    for (value, ok) in [
        ("True", true),
        ("False", true),
        ("true", true),
        ("yes", false),
        ("1", false),
    ] {
        v.push(case("xmpRights:Marked", value, ok));
    }
    // URI/URL: text by definition, never refused.
    for value in ["https://example.com/rights", "see the website"] {
        v.push(case("xmpRights:WebStatement", value, true));
    }
    // Rating range.
    for (value, ok) in [
        ("-1", true),
        ("0", true),
        ("5", true),
        ("2.5", true),
        ("6", false),
        ("-2", false),
        ("-0.5", false),
        ("four", false),
    ] {
        v.push(case("xmp:Rating", value, ok));
    }
    // Closed choices and ranges; an open choice takes anything.
    for (prop, value, ok) in [
        ("tiff:Orientation", "1", true),
        ("tiff:Orientation", "8", true),
        ("tiff:Orientation", "06", true),
        ("tiff:Orientation", "9", false),
        ("tiff:Orientation", "up", false),
        ("photoshop:ColorMode", "3", true),
        ("photoshop:ColorMode", "5", false),
        ("photoshop:Urgency", "1", true),
        ("photoshop:Urgency", "9", false),
        ("xmp:Label", "Red", true),
        ("xmp:Label", "Anything", true),
        ("dc:format", "image/jpeg", true),
        ("dc:format", "JPEG", false),
        ("exif:GPSLatitude", "48,51,24N", true),
        ("exif:GPSLatitude", "48,51,24E", false),
    ] {
        v.push(case(prop, value, ok));
    }
    // Array items.
    for (value, ok) in [("de-CH", true), ("x-default", false), ("12!", false)] {
        v.push(Case {
            prop: "dc:language",
            form: Item(ArrayKind::Bag),
            value,
            ok,
        });
    }
    v.push(Case {
        prop: "dc:date",
        form: Item(ArrayKind::Seq),
        value: "2023-02-29",
        ok: false,
    });
    v.push(Case {
        prop: "dc:date",
        form: Item(ArrayKind::Seq),
        value: "2024-02-29",
        ok: true,
    });
    // Language alternatives: the tag decides.
    for (tag, ok) in [
        ("de-DE", true),
        ("x-default", true),
        ("fr-ch", true),
        ("en_US", false),
        ("12!", false),
    ] {
        v.push(Case {
            prop: "dc:title",
            form: Lang,
            value: tag,
            ok,
        });
    }
    v
}

impl Case {
    fn expr(&self) -> String {
        match self.form {
            Form::Simple => format!("{}={}", self.prop, self.value),
            Form::Item(_) => format!("{}+={}", self.prop, self.value),
            Form::Lang => format!("{}[{}]=Text", self.prop, self.value),
        }
    }

    fn path(&self) -> Path {
        Path::parse(self.prop, &Canonical).unwrap()
    }

    /// The CLI: does `xmpedit set --dry-run -e EXPR FILE` accept the edit?
    fn cli(&self, ws: &Ws, file: &std::path::Path) -> bool {
        let out = ws.run(&["set", "--dry-run", "-e", &self.expr(), set_support::s(file)]);
        match out.status.code() {
            Some(0) => true,
            Some(REFUSED) => false,
            other => panic!(
                "{}: exit {other:?}: {}",
                self.expr(),
                set_support::text(&out.stderr)
            ),
        }
    }

    /// The TUI: do the edit dialogs take the value? They build these ops from what was
    /// typed and hand them to `apply_ops`, which refuses them or makes them pending;
    /// a language tag is first canonicalised by the language prompt.
    fn tui(&self) -> bool {
        let mut app = tui_support::app_with(&[tui_support::file("IMG_1.jpg", Packet::new())]);
        let path = self.path();
        let op = match self.form {
            Form::Simple => Op::SetSimple {
                path,
                value: self.value.into(),
                new_arrays: Vec::new(),
            },
            Form::Item(kind) => Op::AddItem {
                path,
                value: self.value.into(),
                kind,
            },
            Form::Lang => match lang::canonicalize(self.value) {
                Ok(tag) => Op::SetLang {
                    path,
                    lang: tag,
                    text: "Text".into(),
                },
                Err(_) => return false,
            },
        };
        let id = tui_support::asset_named(&app, "IMG_1");
        let accepted = apply_ops(&mut app, "edit", vec![op]).is_ok();
        if accepted {
            // What was accepted must not earn the asset its `!` marker.
            app.check_problem(id);
            assert!(
                !app.problems.contains(&id),
                "{}: accepted, then marked as a problem",
                self.expr()
            );
        }
        accepted
    }

    /// Packet validation: is the value, stored as the edit would store it, free of
    /// errors?
    fn valid(&self) -> bool {
        let node = match self.form {
            Form::Simple => Node::text(self.value),
            Form::Item(kind) => Node::array(kind, vec![Node::text(self.value)]),
            Form::Lang => Node::array(ArrayKind::Alt, vec![Node::lang_text(self.value, "Text")]),
        };
        let mut p = Packet::new();
        p.set(self.path().prop, node);
        schema::validate(&p)
            .iter()
            .all(|problem| problem.severity != Severity::Error)
    }
}

#[test]
fn the_cli_and_the_tui_give_every_value_the_same_verdict() {
    let ws = Ws::new();
    let file = ws.put("a.jpg", &xmpedit_formats::jpeg::splice::blank());
    let before = std::fs::read(&file).unwrap();
    let mut wrong = Vec::new();
    for c in cases() {
        let (cli, tui, valid) = (c.cli(&ws, &file), c.tui(), c.valid());
        if (cli, tui, valid) != (c.ok, c.ok, c.ok) {
            wrong.push(format!(
                "{}: expected {}, cli {cli}, tui {tui}, validation {valid}",
                c.expr(),
                if c.ok { "accepted" } else { "refused" }
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "dry runs write nothing"
    );
}
