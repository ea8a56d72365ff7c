//! `xmpedit export`: the XMP of folders as one CSV (AEM's grammar or ExifTool's
//! names) or JSON file, for spreadsheets, DAMs and scripts (docs/interchange.md).
//!
//! One row per asset (the values of its XMP source: the primary, or its sidecar), or
//! with `--files` one row per file. Paths are written relative to the folder argument
//! they were found under (a file argument: as given), so the CSV applies to a copy of
//! the folder with `import --root COPY`. Memory stays bounded: folders are read one at
//! a time, and a CSV is made in two passes (the columns, then the rows), since its
//! header must name every column before the first row. What a cell cannot hold
//! (qualifiers, empty arrays) is named on stderr, never dropped silently.

use crate::exit::Outcome;
use std::collections::{BTreeMap, HashSet};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

use xmpedit_catalog::{Catalog, Config, ScanOptions};
use xmpedit_core::edit::path::name_text;
use xmpedit_core::edit::{NsMap, Path as XPath, SchemaResolver};
use xmpedit_core::interchange::cells::{self, Cell, CellValue, ColumnKey};
use xmpedit_core::interchange::csv::Writer;
use xmpedit_core::interchange::exiftool;
use xmpedit_core::interchange::header::{self, CellType};
use xmpedit_core::present::{safe_path, safe_text};
use xmpedit_core::xmp::Packet;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Csv,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Style {
    /// `assetPath`, `dc:title {{String}}`, lists joined by `|`.
    Aem,
    /// `SourceFile`, `XMP-dc:Title` as `exiftool -csv -G1` names them, lists joined by `, `.
    Exiftool,
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// Descend into folders.
    #[arg(short, long)]
    pub recursive: bool,
    #[arg(long, value_enum, default_value = "csv")]
    pub format: Format,
    /// CSV column names and list separator.
    #[arg(long, value_enum, default_value = "aem")]
    pub style: Style,
    /// With --format json: the flat form of `show --json --flat` (one object per file,
    /// `"prefix:Name": value`) instead of JSON-LD.
    #[arg(long)]
    pub flat: bool,
    /// Only these properties: a comma-separated list of names or globs (`dc:title,xmp:*`).
    #[arg(long, value_name = "LIST")]
    pub props: Option<String>,
    /// Only properties matching these globs over qualified names (`dc:*,xmp:Rating`);
    /// default from `[filter] allow` in the configuration.
    #[arg(long, value_name = "GLOBS")]
    pub allow: Option<String>,
    /// Never properties matching these globs (`crs:*,xmpMM:History`); default from
    /// `[filter] block`.
    #[arg(long, value_name = "GLOBS")]
    pub block: Option<String>,
    /// The list separator in cells (default `|` for AEM, `, ` for ExifTool).
    #[arg(long, value_name = "SEP")]
    pub sep: Option<String>,
    /// Start the file with a UTF-8 byte order mark (for Excel).
    #[arg(long)]
    pub bom: bool,
    /// One row per file instead of one per asset.
    #[arg(long)]
    pub files: bool,
    /// Write to FILE instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Files or folders.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
}

fn usage(message: &str) -> Outcome {
    eprintln!("xmpedit: {}", safe_text(message));
    Outcome::Usage
}

fn globs(what: &str, list: &str) -> Result<GlobSet, String> {
    let mut b = GlobSetBuilder::new();
    for g in list.split(',').map(str::trim).filter(|g| !g.is_empty()) {
        b.add(Glob::new(g).map_err(|e| format!("{what} {g:?}: {e}"))?);
    }
    b.build().map_err(|e| format!("{what}: {e}"))
}

/// `[filter] allow/block` of the configuration, as comma-joined lists.
fn config_list(config: &Config, key: &str) -> Result<Option<String>, String> {
    let Some(section) = config.other.get("filter") else {
        return Ok(None);
    };
    let table = section
        .as_table()
        .ok_or("configuration: [filter] must be a table")?;
    match table.get(key) {
        None => Ok(None),
        Some(v) => v
            .as_array()
            .and_then(|a| a.iter().map(|x| x.as_str()).collect::<Option<Vec<_>>>())
            .map(|v| Some(v.join(",")))
            .ok_or_else(|| format!("configuration: filter.{key} must be a list of strings")),
    }
}

/// Which top-level properties are exported.
pub(crate) struct PropFilter {
    props: Option<GlobSet>,
    allow: Option<GlobSet>,
    block: Option<GlobSet>,
}

impl PropFilter {
    fn keep(&self, path: &XPath) -> bool {
        let reg = xmpedit_core::schema::registry();
        let ns = NsMap::new();
        let q = name_text(
            &path.prop,
            &SchemaResolver {
                ns: &ns,
                schema: reg,
            },
        );
        self.props.as_ref().is_none_or(|g| g.is_match(&q))
            && self.allow.as_ref().is_none_or(|g| g.is_match(&q))
            && !self.block.as_ref().is_some_and(|g| g.is_match(&q))
    }
}

/// One row's source: its path as written and the packet (`None`: no XMP).
pub(crate) struct Row<'a> {
    pub(crate) path: String,
    pub(crate) packet: Option<&'a Packet>,
}

/// The folder arguments and their folders (with `-r` every folder below), and the
/// file arguments; each folder with the root its rows are relative to.
fn units(paths: &[PathBuf], recursive: bool) -> (Vec<(PathBuf, PathBuf)>, Vec<PathBuf>) {
    let mut folders: Vec<(PathBuf, PathBuf)> = Vec::new();
    let mut files = Vec::new();
    let mut seen = HashSet::new();
    for p in paths {
        if !p.is_dir() {
            files.push(p.clone());
            continue;
        }
        if seen.insert(p.clone()) {
            folders.push((p.clone(), p.clone()));
        }
        if recursive {
            for w in xmpedit_catalog::walk::files(std::slice::from_ref(p), true, false) {
                if let xmpedit_catalog::walk::Walked::File(f) = w {
                    if let Some(d) = f.parent() {
                        if seen.insert(d.to_path_buf()) {
                            folders.push((d.to_path_buf(), p.clone()));
                        }
                    }
                }
            }
        }
    }
    (folders, files)
}

fn rel(path: &Path, root: &Path) -> String {
    let r = path.strip_prefix(root).unwrap_or(path);
    r.to_string_lossy().replace('\\', "/")
}

/// Calls `visit` with every row, folder by folder; returns whether something failed.
fn for_each_row(
    args: &ExportArgs,
    opts: &ScanOptions,
    report: bool,
    visit: &mut dyn FnMut(Row<'_>),
) -> bool {
    let mut failed = false;
    let (folders, files) = units(&args.paths, args.recursive);
    let mut done: HashSet<PathBuf> = HashSet::new();
    // Returns whether `only` (a named file) was among the catalog's assets.
    let mut emit_cat =
        |cat: &Catalog, root: Option<&Path>, only: Option<&Path>, failed: &mut bool| -> bool {
            let mut found = false;
            if report {
                for e in cat.errors() {
                    eprintln!("xmpedit: {}: {}", safe_path(&e.path), safe_text(&e.message));
                    *failed = true;
                }
            }
            for asset in cat.sorted() {
                if let Some(only) = only {
                    if !asset.renditions.iter().any(|r| r.path == only) {
                        continue;
                    }
                    found = true;
                }
                let shown = |p: &Path| match (root, only) {
                    (_, Some(o)) if o == p => o.to_string_lossy().into_owned(),
                    (Some(r), _) => rel(p, r),
                    (None, _) => p.to_string_lossy().into_owned(),
                };
                if args.files {
                    for r in &asset.renditions {
                        if !done.insert(r.path.clone()) {
                            continue;
                        }
                        if let Some(m) = r.xmp.error() {
                            if report {
                                eprintln!("xmpedit: {}: {}", safe_path(&r.path), safe_text(m));
                            }
                            *failed = true;
                        }
                        let packet = r.xmp.info().and_then(|i| i.packet.as_ref());
                        visit(Row {
                            path: shown(&r.path),
                            packet,
                        });
                    }
                    continue;
                }
                let Some(main) = asset.primary().or(asset.renditions.first()) else {
                    continue;
                };
                if !done.insert(main.path.clone()) {
                    continue;
                }
                let source = asset.xmp_source();
                if let Some(m) = source.and_then(|s| s.xmp.error()) {
                    if report {
                        eprintln!(
                            "xmpedit: {}: {}",
                            safe_path(source.map_or(&main.path, |s| &s.path)),
                            safe_text(m)
                        );
                    }
                    *failed = true;
                }
                let packet = source
                    .and_then(|s| s.xmp.info())
                    .and_then(|i| i.packet.as_ref());
                visit(Row {
                    path: shown(&main.path),
                    packet,
                });
            }
            found
        };
    for (folder, root) in &folders {
        let cat = Catalog::load(std::slice::from_ref(folder), opts);
        emit_cat(&cat, Some(root), None, &mut failed);
    }
    for f in &files {
        if std::fs::symlink_metadata(f).is_err() {
            if report {
                eprintln!("xmpedit: {}: not found", safe_path(f));
            }
            failed = true;
            continue;
        }
        let parent = match f.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let cat = Catalog::load(&[parent], opts);
        // The catalog lists `./a.jpg` as `a.jpg` joined to the folder given.
        let named = match f.file_name() {
            Some(n) => f
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .map_or_else(|| PathBuf::from(".").join(n), |d| d.join(n)),
            None => f.clone(),
        };
        if !emit_cat(&cat, None, Some(&named), &mut failed) {
            if report {
                eprintln!(
                    "xmpedit: {}: not found (or hidden) in its folder",
                    safe_path(f)
                );
            }
            failed = true;
        }
    }
    failed
}

pub fn run(args: &ExportArgs) -> Outcome {
    if args.sep.as_deref() == Some("") {
        return usage("--sep: the separator is empty");
    }
    if args.flat && args.format != Format::Json {
        return usage("--flat is a form of --format json");
    }
    let config = match Config::load() {
        Ok(c) => c,
        Err(e) => return usage(&e.to_string()),
    };
    let filter = prop_filter(args, &config);
    let filter = match filter {
        Ok(f) => f,
        Err(m) => return usage(&m),
    };
    let opts = ScanOptions {
        keep_packets: true,
        recursive: false,
        ..ScanOptions::from_config(&config)
    };
    let _ = xmpedit_core::schema::registry();
    let out: Box<dyn Write> = match &args.output {
        Some(p) => match std::fs::File::create(p) {
            Ok(f) => Box::new(f),
            Err(e) => {
                eprintln!("xmpedit: {}: {e}", safe_path(p));
                return Outcome::SomeFailed;
            }
        },
        None => Box::new(io::stdout().lock()),
    };
    let mut out = io::BufWriter::with_capacity(1 << 16, out);
    let mut source =
        |report: bool, visit: &mut dyn FnMut(Row<'_>)| for_each_row(args, &opts, report, visit);
    let mut warn = |m: String| eprintln!("xmpedit: {m}");
    let result = write(args, &filter, &mut source, &mut warn, &mut out);
    match result.and_then(|failed| out.flush().map(|_| failed)) {
        Ok(false) => Outcome::Done,
        Ok(true) => Outcome::SomeFailed,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Outcome::Done,
        Err(e) => {
            eprintln!("xmpedit: writing the export: {e}");
            Outcome::SomeFailed
        }
    }
}

/// The properties `--props`, `--allow` and `--block` (or `[filter]`) keep.
pub(crate) fn prop_filter(args: &ExportArgs, config: &Config) -> Result<PropFilter, String> {
    let allow = match &args.allow {
        Some(a) => Some(a.clone()),
        None => config_list(config, "allow")?,
    };
    let block = match &args.block {
        Some(b) => Some(b.clone()),
        None => config_list(config, "block")?,
    };
    Ok(PropFilter {
        props: args
            .props
            .as_deref()
            .map(|p| globs("--props", p))
            .transpose()?,
        allow: allow.as_deref().map(|a| globs("--allow", a)).transpose()?,
        block: block.as_deref().map(|b| globs("--block", b)).transpose()?,
    })
}

/// The packet with only the properties the filter keeps.
fn filtered(packet: &Packet, filter: &PropFilter) -> Packet {
    let mut p = packet.clone();
    p.props
        .retain(|(n, _)| filter.keep(&XPath::prop(n.clone())));
    p
}

/// Rows for a writer, as often as it asks (a CSV reads them twice): calls the visitor
/// with every row, says on stderr what failed when `report`; true when something failed.
pub(crate) type Source<'s> = dyn FnMut(bool, &mut dyn FnMut(Row<'_>)) -> bool + 's;

/// Writes the rows of `source` in `args`' format; `warn` hears what a cell cannot
/// hold. Ok(true) when a row's file failed.
pub(crate) fn write(
    args: &ExportArgs,
    filter: &PropFilter,
    source: &mut Source<'_>,
    warn: &mut dyn FnMut(String),
    out: &mut dyn Write,
) -> io::Result<bool> {
    match args.format {
        Format::Csv => export_csv(args, source, filter, warn, out),
        Format::Json => export_json(args, source, filter, out),
    }
}

fn export_json(
    args: &ExportArgs,
    source: &mut Source<'_>,
    filter: &PropFilter,
    out: &mut dyn Write,
) -> io::Result<bool> {
    let reg = xmpedit_core::schema::registry();
    let mut first = true;
    let mut err: Option<io::Error> = None;
    out.write_all(b"[")?;
    let failed = source(true, &mut |row| {
        if err.is_some() {
            return;
        }
        let packet = row.packet.map(|p| filtered(p, filter));
        let mut obj = serde_json::Map::new();
        obj.insert("file".into(), row.path.clone().into());
        if args.flat {
            // `show --json --flat`'s object: `"prefix:Name": value`, what import reads.
            if let Some(p) = &packet {
                obj.extend(xmpedit_core::present::flat_object(p, reg));
            }
        } else {
            obj.insert(
                "xmp".into(),
                packet.as_ref().map_or(serde_json::Value::Null, |p| {
                    xmpedit_core::xmp::jsonld::to_json(p, reg)
                }),
            );
        }
        let text = xmpedit_core::present::safe_json::to_string(&serde_json::Value::Object(obj))
            .unwrap_or_default();
        let sep: &[u8] = if first { b"\n" } else { b",\n" };
        first = false;
        if let Err(e) = out
            .write_all(sep)
            .and_then(|_| out.write_all(text.as_bytes()))
        {
            err = Some(e);
        }
    });
    if let Some(e) = err {
        return Err(e);
    }
    out.write_all(if first { b"]\n" } else { b"\n]\n" })?;
    Ok(failed)
}

/// A CSV column: its header text and how its cells are made.
struct Col {
    header: String,
    date: bool,
    /// Holds lists (a multi key, or items of an array of structs): joined with the
    /// separator, escaped; a single value is written as it is.
    list: bool,
}

fn export_csv(
    args: &ExportArgs,
    source: &mut Source<'_>,
    filter: &PropFilter,
    warn: &mut dyn FnMut(String),
    out: &mut dyn Write,
) -> io::Result<bool> {
    let reg = xmpedit_core::schema::registry();
    let aem = args.style == Style::Aem;
    let sep = args
        .sep
        .clone()
        .unwrap_or_else(|| if aem { "|".into() } else { ", ".into() });
    let keep = |p: &XPath| filter.keep(p);
    let ns = NsMap::new();
    let resolver = SchemaResolver {
        ns: &ns,
        schema: reg,
    };

    // Pass 1: every column, and what cannot be exported (said once per property path).
    // First-seen order (document order of the first file that has a column), so that
    // struct fields and items come back in their order.
    let mut keys: Vec<ColumnKey> = Vec::new();
    let mut known: HashSet<ColumnKey> = HashSet::new();
    let mut noted: HashSet<String> = HashSet::new();
    let mut unnamed: HashSet<String> = HashSet::new();
    source(false, &mut |row| {
        if let Some(p) = row.packet {
            let (cs, notes) = cells::cells(p, reg, &keep);
            for n in notes {
                if noted.insert(n.clone()) {
                    warn(format!("{}: {}", safe_text(&row.path), safe_text(&n)));
                }
            }
            for c in cs {
                if known.insert(c.key.clone()) {
                    keys.push(c.key);
                }
            }
        }
    });
    // AEM: one column per key. ExifTool: keys share a column when ExifTool flattens them
    // into one tag (the items of an array of structs).
    let mut cols: Vec<Col> = Vec::new();
    let mut col_of: BTreeMap<usize, usize> = BTreeMap::new();
    for (i, k) in keys.iter().enumerate() {
        let ty = cells::column_type(reg, k);
        let name = if aem {
            Some(header::format(&k.path.to_text(&resolver), ty, k.multi))
        } else {
            exiftool::column_name(reg, &k.path)
        };
        let Some(name) = name else {
            let t = k.path.to_text(&resolver);
            if unnamed.insert(t.clone()) {
                warn(format!(
                    "{}: ExifTool has no name for this namespace (left out)",
                    safe_text(&t)
                ));
            }
            continue;
        };
        let list = k.multi
            || k.path
                .steps
                .iter()
                .any(|s| matches!(s, xmpedit_core::edit::Step::Index(_)));
        let at = cols
            .iter()
            .position(|c| c.header == name)
            .unwrap_or_else(|| {
                cols.push(Col {
                    header: name,
                    date: ty == CellType::Date,
                    list: false,
                });
                cols.len() - 1
            });
        cols[at].list |= list;
        col_of.insert(i, at);
    }
    let index: std::collections::HashMap<&ColumnKey, usize> = keys
        .iter()
        .enumerate()
        .filter_map(|(i, k)| col_of.get(&i).map(|c| (k, *c)))
        .collect();

    // Pass 2: the rows.
    let mut w = Writer::new(out);
    if args.bom {
        w.bom()?;
    }
    let mut head = vec![if aem {
        "assetPath".to_string()
    } else {
        "SourceFile".to_string()
    }];
    head.extend(cols.iter().map(|c| c.header.clone()));
    w.record(&head)?;
    let mut err: Option<io::Error> = None;
    let failed = source(true, &mut |row| {
        if err.is_some() {
            return;
        }
        let mut values: Vec<Vec<String>> = vec![Vec::new(); cols.len()];
        if let Some(p) = row.packet {
            let (cs, _) = cells::cells(p, reg, &keep);
            for Cell { key, value } in cs {
                let Some(&c) = index.get(&key) else { continue };
                let conv = |s: String| {
                    if !aem && cols[c].date {
                        exiftool::date_text(&s)
                    } else {
                        s
                    }
                };
                match value {
                    CellValue::One(s) => values[c].push(conv(s)),
                    CellValue::Many(items) => values[c].extend(items.into_iter().map(conv)),
                }
            }
        }
        let mut record = vec![row.path];
        record.extend(values.into_iter().zip(&cols).map(|(mut v, c)| {
            if c.list {
                cells::join(&v, &sep)
            } else {
                v.pop().unwrap_or_default()
            }
        }));
        if let Err(e) = w.record(&record) {
            err = Some(e);
        }
    });
    if let Some(e) = err {
        return Err(e);
    }
    w.flush()?;
    Ok(failed)
}

/// The TUI's `E`: rows already in memory (path as written, packet) exported to
/// `path`, JSON-LD objects for a `.json` name and AEM's CSV otherwise, with the
/// configuration's `[filter]`. Returns the notes (what a cell cannot hold).
pub(crate) fn export_to_file(
    path: &Path,
    rows: &[(String, Option<Packet>)],
) -> Result<Vec<String>, String> {
    let json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let args = ExportArgs {
        recursive: false,
        format: if json { Format::Json } else { Format::Csv },
        style: Style::Aem,
        flat: false,
        props: None,
        allow: None,
        block: None,
        sep: None,
        bom: false,
        files: false,
        output: Some(path.to_path_buf()),
        paths: Vec::new(),
    };
    let config = Config::load().map_err(|e| e.to_string())?;
    let filter = prop_filter(&args, &config)?;
    let shown = safe_path(path);
    // A temporary file renamed into place: a failed export leaves no half file.
    let tmp = path.with_extension(format!(
        "{}.part",
        path.extension().and_then(|e| e.to_str()).unwrap_or("csv")
    ));
    let f = std::fs::File::create(&tmp).map_err(|e| format!("{shown}: {e}"))?;
    let mut out = io::BufWriter::new(f);
    let mut source = |_: bool, visit: &mut dyn FnMut(Row<'_>)| {
        for (p, packet) in rows {
            visit(Row {
                path: p.clone(),
                packet: packet.as_ref(),
            });
        }
        false
    };
    let mut notes = Vec::new();
    let mut warn = |m: String| notes.push(m);
    let done = write(&args, &filter, &mut source, &mut warn, &mut out)
        .and_then(|_| out.flush())
        .and_then(|_| std::fs::rename(&tmp, path));
    if let Err(e) = done {
        let _ = std::fs::remove_file(&tmp);
        return Err(format!("{shown}: {e}"));
    }
    Ok(notes)
}
