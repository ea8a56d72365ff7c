//! Shared helpers for the TUI tests: an [`App`] fed with scan events for a made-up
//! folder (no disk, no terminal), keys by name, sample packets, and rendering into a
//! ratatui `TestBackend`.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

use xmpedit::tui::action::{Action, Command, Effect};
use xmpedit::tui::app::{App, Options, Pane};
use xmpedit::tui::keymap::Key;
use xmpedit::tui::popup::Mode;
use xmpedit::tui::update::update;
use xmpedit_catalog::{
    group, Asset, AssetId, CatalogConfig, Entry, FileId, Listing, ReadInfo, ScanEvent,
};
use xmpedit_core::xmp::{ns, ArrayKind, Name, Node, Packet};
use xmpedit_formats::{Format, Identity};

pub const FOLDER: &str = "/photos/2024-alps";
pub const ACME: &str = "http://example.com/acme/";

/// A file of the made-up folder: its name and what reading it gives.
pub struct File {
    pub name: &'static str,
    pub read: Read,
}

pub enum Read {
    Packet(Packet),
    NoXmp,
    Fails(&'static str),
    /// Packet bytes read as a real reader does (recovering): a damaged packet gives
    /// the model of what could be read and the reader's warnings.
    Recovered(&'static [u8]),
    /// Listed but not read yet.
    Pending,
}

pub fn file(name: &'static str, p: Packet) -> File {
    File {
        name,
        read: Read::Packet(p),
    }
}

/// The asset id of a file, by scan numbering (groups in name order).
pub fn asset_named(app: &App, name: &str) -> AssetId {
    app.order
        .iter()
        .copied()
        .find(|id| app.asset(*id).is_some_and(|a| a.name == name))
        .unwrap_or_else(|| panic!("no asset {name}"))
}

/// The scan events a real scan of these files would send.
pub fn scan_events(files: &[File]) -> Vec<ScanEvent> {
    let listing = Listing {
        folder: PathBuf::from(FOLDER),
        entries: files.iter().map(|f| Entry::new(f.name, 1000)).collect(),
    };
    let mut assets: Vec<Asset> = group(&listing, &CatalogConfig::default());
    let mut next_file = 0u32;
    let mut reads = Vec::new();
    for (i, a) in assets.iter_mut().enumerate() {
        a.id = AssetId(i as u32);
        for r in &mut a.renditions {
            r.id = FileId(next_file);
            next_file += 1;
            let f = files
                .iter()
                .find(|f| f.name == r.rel)
                .expect("every rendition is a listed file");
            reads.push((r.id, r.path.clone(), f));
        }
    }
    let mut events = vec![ScanEvent::Listed {
        listing: 0,
        folder: PathBuf::from(FOLDER),
        assets,
    }];
    let listed = reads.len();
    let mut n = 0;
    for (id, path, f) in reads {
        let result = match &f.read {
            Read::Pending => continue,
            Read::Fails(m) => Err(m.to_string()),
            Read::NoXmp => Ok((Box::new(info(format_of(f.name), None)), identity())),
            Read::Packet(p) => Ok((
                Box::new(info(format_of(f.name), Some(p.clone()))),
                identity(),
            )),
            Read::Recovered(bytes) => {
                let d = xmpedit_formats::packet::parse_packet(bytes, 0)
                    .expect("the packet parses in recovery mode");
                let mut i = info(format_of(f.name), Some(d.packet));
                i.warnings = d.warnings;
                Ok((Box::new(i), identity()))
            }
        };
        n += 1;
        events.push(ScanEvent::Read {
            file: id,
            path,
            result,
        });
    }
    if files.iter().all(|f| !matches!(f.read, Read::Pending)) {
        events.push(ScanEvent::Done { listed, read: n });
    } else {
        events.push(ScanEvent::Progress { read: n, listed });
    }
    events
}

fn format_of(name: &str) -> Format {
    match name
        .rsplit('.')
        .next()
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("jpg") | Some("jpeg") => Format::Jpeg,
        Some("xmp") => Format::Xmp,
        Some("png") => Format::Png,
        Some("cr2") | Some("nef") => Format::Raw,
        Some("tif") => Format::Tiff,
        _ => Format::Other,
    }
}

fn info(format: Format, packet: Option<Packet>) -> ReadInfo {
    ReadInfo {
        format,
        has_xmp: packet.is_some(),
        summary: packet
            .as_ref()
            .map(xmpedit_catalog::summary::summarize)
            .unwrap_or_default(),
        packet,
        info: None,
        others: Vec::new(),
        warnings: Vec::new(),
        unreadable: Vec::new(),
    }
}

pub fn identity() -> Identity {
    Identity {
        size: 1000,
        mtime_ns: 1,
        packet_hash: 2,
    }
}

/// An app on the made-up folder with every scan event applied, 120x32.
pub fn app_with(files: &[File]) -> App {
    app_opts(files, Options::new(FOLDER))
}

pub fn app_opts(files: &[File], opts: Options) -> App {
    let mut app = App::new(opts);
    update(&mut app, Action::Resize(120, 32));
    for e in scan_events(files) {
        update(&mut app, Action::Scan(e));
    }
    app.sync();
    app
}

/// The sample folder: IMG_0409..IMG_0414 with a raw+sidecar, ratings, titles.
pub fn sample() -> App {
    app_with(&sample_files())
}

pub fn sample_files() -> Vec<File> {
    vec![
        file("IMG_0409.jpg", packet(3, Some("Morning"), &["alps"])),
        file(
            "IMG_0410.jpg",
            packet(4, Some("Gipfel"), &["alps", "summit"]),
        ),
        File {
            name: "IMG_0411.CR2",
            read: Read::NoXmp,
        },
        file("IMG_0411.xmp", packet(4, None, &["summit"])),
        file("IMG_0412.jpg", rich()),
        file("IMG_0413.jpg", packet(-1, None, &[])),
        File {
            name: "IMG_0414.jpg",
            read: Read::Fails("not a JPEG: bad marker 0x00 at offset 2"),
        },
    ]
}

pub fn name(uri: &str, local: &str) -> Name {
    Name::new(uri, local)
}

pub fn rating() -> Name {
    name(ns::XMP, "Rating")
}

pub fn title() -> Name {
    name(ns::DC, "title")
}

pub fn subject() -> Name {
    name(ns::DC, "subject")
}

pub fn creator() -> Name {
    name(ns::DC, "creator")
}

/// A packet with a rating, an optional x-default title and keywords.
pub fn packet(stars: i8, title_text: Option<&str>, keywords: &[&str]) -> Packet {
    let mut p = Packet::new();
    if let Some(t) = title_text {
        p.set(
            title(),
            Node::array(ArrayKind::Alt, vec![Node::lang_text("x-default", t)]),
        );
    }
    if !keywords.is_empty() {
        p.set(
            subject(),
            Node::array(
                ArrayKind::Bag,
                keywords.iter().map(|k| Node::text(*k)).collect(),
            ),
        );
    }
    p.set(rating(), Node::text(stars.to_string()));
    p
}

/// Title in three languages, creators (seq), keywords, rating, a date, an unknown
/// namespace and Media Management history.
pub fn rich() -> Packet {
    let mut p = Packet::new();
    p.prefixes.hint(ACME, "acme");
    p.set(
        title(),
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
        name(ns::DC, "description"),
        Node::array(
            ArrayKind::Alt,
            vec![Node::lang_text(
                "x-default",
                "Morning light on the summit cross",
            )],
        ),
    );
    p.set(
        creator(),
        Node::array(
            ArrayKind::Seq,
            vec![Node::text("Ada Example"), Node::text("Bo Second")],
        ),
    );
    p.set(
        subject(),
        Node::array(
            ArrayKind::Bag,
            ["alps", "summit", "cross"]
                .iter()
                .map(|k| Node::text(*k))
                .collect(),
        ),
    );
    p.set(rating(), Node::text("5"));
    p.set(
        name(ns::XMP, "CreateDate"),
        Node::text("2024-08-14T06:12:03"),
    );
    p.set(name(ns::XMP_MM, "DocumentID"), Node::text("xmp.did:0412"));
    p.set(name(ACME, "Batch"), Node::text("B-7"));
    p
}

/// Sends one key, as `Key::parse` spells it (`j`, `ctrl-r`, `enter`, `space`).
pub fn key(app: &mut App, k: &str) -> Vec<Effect> {
    let parsed = Key::parse(k).unwrap_or_else(|e| panic!("{e}"));
    let mut mods = parsed.mods;
    if let KeyCode::Char(c) = parsed.code {
        if c.is_ascii_uppercase() {
            mods |= KeyModifiers::SHIFT;
        }
    }
    update(app, Action::Key(KeyEvent::new(parsed.code, mods)))
}

/// Sends keys separated by spaces (`"j j enter"`).
pub fn keys(app: &mut App, ks: &str) -> Vec<Effect> {
    let mut out = Vec::new();
    for k in ks.split_whitespace() {
        out.extend(key(app, k));
    }
    out
}

/// Types text into whatever has the keyboard.
pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        update(
            app,
            Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
        );
    }
}

pub fn release(app: &mut App, c: char) -> Vec<Effect> {
    let mut ev = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    ev.kind = KeyEventKind::Release;
    update(app, Action::Key(ev))
}

pub fn cmd(app: &mut App, c: Command) -> Vec<Effect> {
    update(app, Action::Command(c))
}

/// Moves the asset cursor to an asset by name.
pub fn select(app: &mut App, asset: &str) {
    let id = asset_named(app, asset);
    let i = app.visible.iter().position(|v| *v == id).expect("visible");
    app.cursor = i;
    app.touch_tree();
    app.sync();
}

/// Moves the tree cursor to a property (expanding nothing).
pub fn select_prop(app: &mut App, n: &Name) {
    let row = app
        .tree
        .row_of(n)
        .unwrap_or_else(|| panic!("no row for {n:?}"));
    app.tree_cursor = row;
    app.tree_key = app.tree.key(row);
    app.sync();
}

/// The displayed packet of an asset.
pub fn shown<'a>(app: &'a App, asset: &str) -> &'a Packet {
    app.packet(asset_named(app, asset)).expect("a packet")
}

pub fn text_of(app: &App, asset: &str, n: &Name) -> Option<String> {
    shown(app, asset).text(n).map(str::to_string)
}

pub fn lang_of(app: &App, asset: &str, tag: &str) -> Option<String> {
    shown(app, asset)
        .get(&title())
        .and_then(|n| xmpedit_core::xmp::lang::get_text(n, tag))
        .map(str::to_string)
}

pub fn items_of(app: &App, asset: &str, n: &Name) -> Vec<String> {
    shown(app, asset)
        .get(n)
        .and_then(|n| n.items())
        .map(|items| {
            items
                .iter()
                .filter_map(|i| i.as_text().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

pub fn status(app: &App) -> String {
    app.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

/// Renders the app into a `TestBackend` of the given size.
pub fn render(app: &mut App, w: u16, h: u16) -> Terminal<TestBackend> {
    update(app, Action::Resize(w, h));
    app.sync();
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("test backend");
    t.draw(|f| xmpedit::tui::view::draw(app, f)).expect("draw");
    t
}

/// The rendered screen as plain text lines.
pub fn screen(app: &mut App, w: u16, h: u16) -> String {
    let t = render(app, w, h);
    let buf = t.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        let mut x = 0;
        while x < buf.area.width {
            let sym = buf[(x, y)].symbol();
            line.push_str(sym);
            // A wide character covers the next cell too.
            x += (unicode_width::UnicodeWidthStr::width(sym) as u16).max(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

pub fn folder() -> &'static Path {
    Path::new(FOLDER)
}

pub fn current_name(app: &App) -> String {
    app.current()
        .and_then(|id| app.asset(id))
        .map(|a| a.name.clone())
        .unwrap_or_default()
}

pub fn prompt_text(app: &App) -> String {
    match &app.mode {
        Mode::Prompt(p) => p.input.text(),
        other => panic!("no prompt: {other:?}"),
    }
}

pub fn prompt_error(app: &App) -> Option<String> {
    match &app.mode {
        Mode::Prompt(p) => p.error.clone(),
        _ => None,
    }
}

/// Focus the tree on a property of an asset.
pub fn on_prop(app: &mut App, asset: &str, n: &Name) {
    select(app, asset);
    app.focus = Pane::Tree;
    select_prop(app, n);
}

/// Focus the detail pane on line `i` of a property.
pub fn on_line(app: &mut App, asset: &str, n: &Name, i: usize) {
    on_prop(app, asset, n);
    app.focus = Pane::Detail;
    app.detail_cursor = i;
    app.sync();
}

/// An app on a real folder: its scan's events applied as the shell applies them
/// (the catalog following the default rules), 120x32. No watcher, no worker.
pub fn app_on_disk(folder: &Path, opts: Options) -> App {
    let mut app = App::new(opts);
    update(&mut app, Action::Resize(120, 32));
    let scan = xmpedit_catalog::ScanOptions {
        recursive: true,
        keep_packets: true,
        ..xmpedit_catalog::ScanOptions::default()
    };
    for e in xmpedit_catalog::scan(&[folder.to_path_buf()], &scan) {
        let done = matches!(e, ScanEvent::Done { .. });
        update(&mut app, Action::Scan(e));
        if done {
            break;
        }
    }
    app.sync();
    app
}
