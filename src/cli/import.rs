//! `xmpedit import`: CSV files (AEM's grammar or ExifTool's `-csv -G1`) and the JSON
//! that `export --format json` writes ([`super::import_json`]) applied to the files
//! they name, as one journaled batch through the same write path as `set`
//! (docs/interchange.md).
//!
//! Everything is checked before anything is written: the header (unknown
//! properties, bad types), every cell (values the schema refuses, dates that do not
//! parse), every row's file (missing, not readable, named twice) and every file's
//! plan (an edit that does not fit its data). Each problem is printed as
//! `FILE.csv:LINE:COLUMN: what is wrong` and the import is refused (exit 2), unless
//! `--skip-bad-rows`, which lists those rows and writes the others. `--dry-run`
//! prints what would change per file and writes nothing; `undo` takes the batch back.

use crate::exit::Outcome;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use crate::cli::{journaled, set};
use xmpedit_catalog::{Catalog, Config, ScanOptions};
use xmpedit_core::edit::{NsMap, Op, SchemaResolver};
use xmpedit_core::expand::{has_markup, Civil, Codes, Context, ExpandError, Template};
use xmpedit_core::interchange::csv::{CsvError, Reader};
use xmpedit_core::interchange::import::{columns, CellError, RowOptions};
use xmpedit_core::present::{safe_path, safe_text};
use xmpedit_session::writeback::{self, FilePlan, NsFilter, Scope, Selection, TargetChoice};

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// Show what would change per file; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Where to write: original, sidecar, all, or file names/globs (as `set --to`).
    #[arg(long = "to", default_value = "original", value_name = "TARGETS")]
    pub to: String,
    /// The folder the CSV's paths are relative to (default: the CSV file's folder).
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Remove this from the start of every path first (`/content/dam/` applies an AEM
    /// export to a local copy of the DAM's folders).
    #[arg(long, value_name = "P")]
    pub strip_prefix: Option<String>,
    /// The list separator in multi cells (default `|` for AEM's CSV, `, ` for ExifTool's).
    #[arg(long, value_name = "SEP")]
    pub sep: Option<String>,
    /// Replace arrays by the cell's items (the default).
    #[arg(long, conflicts_with = "merge")]
    pub replace: bool,
    /// Add the cell's items to the arrays instead of replacing them.
    #[arg(long)]
    pub merge: bool,
    /// Skip (and list) the rows with problems instead of refusing the whole import.
    #[arg(long)]
    pub skip_bad_rows: bool,
    /// Import columns naming properties (and fields) a known namespace does not
    /// define (`crs:AutoShadows`); without it such a header is refused, as `set`
    /// refuses `dc:titel`.
    #[arg(long)]
    pub allow_unknown: bool,
    /// Read cell values as templates: variables (`{file.stem}`, `{index}` = the
    /// row's position, `{xmp:CreateDate:%Y}`) and codes (`=code=`), `{{` for a
    /// literal brace. Off by default: exported values are data, and a brace in
    /// one must come back as it was.
    #[arg(long)]
    pub expand: bool,
    #[command(flatten)]
    pub write: journaled::WriteFlags,
    /// The TUI's preview: paths are joined to the root as text, not looked up on
    /// disk (the TUI matches them to the assets it shows).
    #[arg(skip)]
    pub lexical_paths: bool,
    /// CSV files, or JSON files as `export --format json` writes them (either form).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

fn usage(message: &str) -> Outcome {
    eprintln!("xmpedit: {}", safe_text(message));
    Outcome::Usage
}

/// One data row (or JSON file object) that passed its own checks.
pub(crate) struct RowPlan {
    /// `FILE.csv:LINE` or `FILE.json: /3`, for messages.
    pub(crate) at: String,
    /// Where a problem with the row's file is reported: `FILE.csv:LINE:1` or
    /// `FILE.json: /3/file`.
    pub(crate) at_file: String,
    pub(crate) file: PathBuf,
    pub(crate) ops: Vec<Op>,
}

/// The problems of one row (or of a header), printed together.
pub(crate) struct Bad {
    pub(crate) at: String,
    pub(crate) lines: Vec<String>,
}

fn cell_lines(csv: &str, line: usize, errs: Vec<CellError>) -> Vec<String> {
    errs.into_iter()
        .map(|e| format!("{csv}:{line}:{}: {}", e.column, e.message))
        .collect()
}

/// Reads one CSV file into rows; the file's problems go to `bad`.
fn read_csv(
    csv: &Path,
    args: &ImportArgs,
    expand: Option<&Expand<'_>>,
    resolver: &SchemaResolver<'_>,
    rows: &mut Vec<RowPlan>,
    bad: &mut Vec<Bad>,
) -> Result<(), String> {
    let reg = xmpedit_core::schema::registry();
    let shown = safe_path(csv);
    let f = std::fs::File::open(csv).map_err(|e| format!("{shown}: {e}"))?;
    let mut reader = Reader::new(BufReader::new(f));
    let header = match reader.next_record() {
        Ok(Some(r)) => r,
        Ok(None) => {
            return Err(format!(
                "{shown}: the file is empty (expected a header row)"
            ))
        }
        Err(e) => return Err(syntax(&shown, &e)),
    };
    let names: Vec<String> = header.fields.iter().map(|f| f.text.clone()).collect();
    let cols = match columns(&names, resolver, reg, args.allow_unknown) {
        Ok(c) => c,
        Err(errs) => {
            bad.push(Bad {
                at: format!("{shown}:{}", header.line),
                lines: cell_lines(&shown, header.line, errs),
            });
            // Without its header no row of this file can be read.
            return Ok(());
        }
    };
    let opts = RowOptions {
        sep: args
            .sep
            .clone()
            .unwrap_or_else(|| cols.style.default_sep().to_string()),
        merge: args.merge,
    };
    let root = root_of(csv, args);
    loop {
        let rec = match reader.next_record() {
            Ok(Some(r)) => r,
            Ok(None) => break,
            Err(e) => {
                // A syntax error leaves the rest of the file unreadable.
                bad.push(Bad {
                    at: shown.clone(),
                    lines: vec![format!(
                        "{}; the rest of the file is not read",
                        syntax(&shown, &e)
                    )],
                });
                break;
            }
        };
        if rec.is_blank() {
            continue;
        }
        let at = format!("{shown}:{}", rec.line);
        let at_file = format!("{at}:1");
        let mut lines = Vec::new();
        let cells: Vec<&str> = rec.fields.iter().map(|f| f.text.as_str()).collect();
        let file = match locate_for(args, cells[0], &root) {
            Ok(p) => Some(p),
            Err(m) => {
                lines.push(format!("{at}:1: {m}"));
                None
            }
        };
        let expanded = match (expand, &file) {
            (Some(x), Some(f)) => {
                x.index.set(x.index.get() + 1);
                match expand_cells(&cells, f, x, resolver) {
                    Ok(v) => Some(v),
                    Err(errs) => {
                        lines.extend(cell_lines(&shown, rec.line, errs));
                        None
                    }
                }
            }
            _ => None,
        };
        let cells: Vec<&str> = match &expanded {
            Some(v) => v.iter().map(String::as_str).collect(),
            None => cells,
        };
        let ops = match cols.row_ops(&cells, &opts, reg) {
            Ok(o) => Some(o),
            Err(errs) => {
                lines.extend(cell_lines(&shown, rec.line, errs));
                None
            }
        };
        match (file, ops) {
            (Some(file), Some(ops)) if lines.is_empty() => rows.push(RowPlan {
                at,
                at_file,
                file,
                ops,
            }),
            _ => bad.push(Bad { at, lines }),
        }
    }
    Ok(())
}

/// What `--expand` needs across rows.
struct Expand<'a> {
    codes: Option<&'a Codes>,
    now: Civil,
    /// Data rows seen so far (`{index}`).
    index: std::cell::Cell<usize>,
}

/// A row's cells with their templates filled in for `file` (the path cell and
/// `{{clear}}` cells stay as they are).
fn expand_cells(
    cells: &[&str],
    file: &Path,
    x: &Expand<'_>,
    resolver: &SchemaResolver<'_>,
) -> Result<Vec<String>, Vec<CellError>> {
    let mut packet = None;
    let mut read = false;
    let name = file
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let folder = file
        .parent()
        .and_then(Path::file_name)
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let mut out = Vec::with_capacity(cells.len());
    let mut errs = Vec::new();
    for (i, cell) in cells.iter().enumerate() {
        if i == 0 || *cell == "{{clear}}" || !has_markup(cell, x.codes) {
            out.push((*cell).to_string());
            continue;
        }
        let fail = |e: ExpandError| CellError {
            column: i + 1,
            message: e.to_string(),
        };
        let t = match Template::parse(cell, resolver, x.codes) {
            Ok(t) => t,
            Err(e) => {
                errs.push(fail(e));
                out.push(String::new());
                continue;
            }
        };
        if !read && !t.is_constant() {
            // The file's own XMP, read once, for `{PREFIX:Name}`.
            packet = xmpedit_formats::read_file(file)
                .ok()
                .and_then(|(found, _)| found.packet);
            read = true;
        }
        let ctx = Context {
            file_name: name,
            folder,
            index: x.index.get(),
            now: x.now,
            packet: packet.as_ref(),
            resolver,
        };
        match t.expand(&ctx) {
            Ok(v) => out.push(v),
            Err(e) => {
                errs.push(fail(e));
                out.push(String::new());
            }
        }
    }
    if errs.is_empty() {
        Ok(out)
    } else {
        Err(errs)
    }
}

/// The folder a file's paths are relative to: `--root`, or the file's own folder.
pub(crate) fn root_of(file: &Path, args: &ImportArgs) -> PathBuf {
    match &args.root {
        Some(r) => r.clone(),
        None => match file.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        },
    }
}

/// Whether the file holds JSON (export --format json) rather than CSV: its first
/// byte that is not white space opens an array or object (a CSV's header starts with
/// `assetPath` or `SourceFile`, perhaps behind a BOM).
fn is_json(file: &Path) -> bool {
    use std::io::Read;
    let Ok(f) = std::fs::File::open(file) else {
        return false;
    };
    let mut head = Vec::with_capacity(256);
    if f.take(256).read_to_end(&mut head).is_err() {
        return false;
    }
    matches!(
        head.iter().find(|b| !b.is_ascii_whitespace()),
        Some(b'[' | b'{')
    )
}

/// `FILE.csv:LINE:COLUMN: message` for a file that is not valid CSV.
fn syntax(shown: &str, e: &CsvError) -> String {
    match e {
        CsvError::Syntax {
            line,
            column,
            message,
        } => format!("{shown}:{line}:{column}: {message}"),
        CsvError::Io(e) => format!("{shown}: {e}"),
    }
}

/// The file a row's path names: on disk ([`locate`]), or with `lexical_paths` only
/// as text.
pub(crate) fn locate_for(args: &ImportArgs, path: &str, root: &Path) -> Result<PathBuf, String> {
    let strip = args.strip_prefix.as_deref();
    if !args.lexical_paths {
        return locate(path, root, strip);
    }
    if path.is_empty() {
        return Err("the row has no path".into());
    }
    let rest = match strip {
        Some(p) => path
            .strip_prefix(p)
            .ok_or_else(|| format!("{path:?} does not start with --strip-prefix {p:?}"))?,
        None => path,
    };
    let mut out = PathBuf::new();
    for c in root.join(rest).components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    Ok(out)
}

/// The file a row's path names.
pub(crate) fn locate(path: &str, root: &Path, strip: Option<&str>) -> Result<PathBuf, String> {
    if path.is_empty() {
        return Err("the row has no path".into());
    }
    let rest = match strip {
        Some(p) => path
            .strip_prefix(p)
            .ok_or_else(|| format!("{path:?} does not start with --strip-prefix {p:?}"))?,
        None => path,
    };
    let p = Path::new(rest);
    let full = if p.is_absolute() {
        p.to_path_buf()
    } else {
        root.join(p)
    };
    if std::fs::symlink_metadata(&full).is_err() {
        let hint = if p.is_absolute() && strip.is_none() {
            " (an AEM path? --strip-prefix /content/dam/ makes it relative to --root)"
        } else {
            ""
        };
        return Err(format!("{} does not exist{hint}", safe_path(&full)));
    }
    // Absolute, keeping the file's own name (a symlink stays one): the journal needs
    // absolute paths.
    let name = full
        .file_name()
        .ok_or_else(|| format!("{path:?} names no file"))?;
    let parent = match full.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let parent =
        std::fs::canonicalize(&parent).map_err(|e| format!("{}: {e}", safe_path(&parent)))?;
    if full.is_dir() {
        return Err(format!("{} is a folder, not a file", safe_path(&full)));
    }
    Ok(parent.join(name))
}

fn print_bad(bad: &[Bad]) {
    for b in bad {
        for l in &b.lines {
            eprintln!("xmpedit: {}", safe_text(l));
        }
    }
}

pub fn run(args: &ImportArgs, read_only: bool) -> Outcome {
    if read_only && !args.dry_run {
        return journaled::refuse_read_only("import");
    }
    if args.sep.as_deref() == Some("") {
        return usage("--sep: the separator is empty");
    }
    let choice: TargetChoice = match args.to.parse() {
        Ok(c) => c,
        Err(m) => return usage(&m.to_string()),
    };
    let config = match Config::load() {
        Ok(c) => c,
        Err(e) => return usage(&e.to_string()),
    };
    let filter = match NsFilter::from_config(&config) {
        Ok(f) => f,
        Err(m) => return usage(&m.to_string()),
    };
    let reg = xmpedit_core::schema::registry();
    let ns = NsMap::new();
    let resolver = SchemaResolver {
        ns: &ns,
        schema: reg,
    };

    let codes = if args.expand {
        match xmpedit_catalog::codes::load_codes(&config) {
            Ok(c) => c,
            Err(m) => return usage(&format!("{m}; nothing was written")),
        }
    } else {
        None
    };
    let expand = args.expand.then(|| Expand {
        codes: codes.as_ref(),
        now: xmpedit_session::values::now(),
        index: std::cell::Cell::new(0),
    });
    let mut rows = Vec::new();
    let mut bad = Vec::new();
    for csv in &args.files {
        let read = if is_json(csv) {
            super::import_json::read_json(csv, args, &resolver, &mut rows, &mut bad)
        } else {
            read_csv(csv, args, expand.as_ref(), &resolver, &mut rows, &mut bad)
        };
        if let Err(m) = read {
            return usage(&format!("{m}; nothing was written"));
        }
    }
    // A file named by two rows: which one wins would be a guess. (Maps, not scans:
    // 10,000 rows checked pairwise took seconds.)
    let mut first_row: std::collections::HashMap<&Path, usize> = std::collections::HashMap::new();
    for i in 0..rows.len() {
        let j = *first_row.entry(rows[i].file.as_path()).or_insert(i);
        if j != i {
            bad.push(Bad {
                at: rows[i].at.clone(),
                lines: vec![format!(
                    "{}: {} is also named on {}",
                    rows[i].at_file,
                    safe_path(&rows[i].file),
                    rows[j].at
                )],
            });
        }
    }
    if refuse(&bad, args) {
        return Outcome::Usage;
    }
    let bad_at: std::collections::HashSet<&str> = bad.iter().map(|b| b.at.as_str()).collect();
    rows.retain(|r| !bad_at.contains(r.at.as_str()));
    bad.clear();

    let mut journal = if args.dry_run {
        None
    } else {
        match journaled::open() {
            Ok(mut j) => {
                j.settle();
                journaled::print_notices(&mut j);
                Some(j)
            }
            Err(code) => return code,
        }
    };
    let mut parents: Vec<PathBuf> = rows
        .iter()
        .filter_map(|r| r.file.parent().map(Path::to_path_buf))
        .collect();
    parents.sort();
    parents.dedup();
    let opts = ScanOptions {
        keep_packets: true,
        ..ScanOptions::from_config(&config)
    };
    let cat = Catalog::load(&parents, &opts);
    let mut failed = false;
    for e in cat.errors() {
        eprintln!("xmpedit: {}: {}", safe_path(&e.path), safe_text(&e.message));
        failed = true;
    }
    let by_path: std::collections::HashMap<&Path, &xmpedit_catalog::Asset> = cat
        .assets()
        .flat_map(|a| a.renditions.iter().map(move |r| (r.path.as_path(), a)))
        .collect();
    let mut plans: Vec<(usize, FilePlan)> = Vec::new();
    let mut planned: std::collections::HashMap<PathBuf, usize> = std::collections::HashMap::new();
    let mut bad_rows: Vec<usize> = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let Some(asset) = by_path.get(row.file.as_path()).copied() else {
            bad.push(Bad {
                at: row.at.clone(),
                lines: vec![format!(
                    "{}: {}: not found (or hidden) in its folder",
                    row.at_file,
                    safe_path(&row.file)
                )],
            });
            bad_rows.push(i);
            continue;
        };
        let named = [row.file.clone()];
        let plan = writeback::plan(
            &[Selection {
                asset,
                named: &named,
            }],
            &row.ops,
            &choice,
            &filter,
            &resolver,
        );
        if !plan.errors.is_empty() {
            bad.push(Bad {
                at: row.at.clone(),
                lines: plan
                    .errors
                    .iter()
                    .map(|e| format!("{}: {}: {}", row.at_file, safe_path(&e.path), e.error))
                    .collect(),
            });
            bad_rows.push(i);
            continue;
        }
        if let TargetChoice::List(items) = &choice {
            if plan.files.is_empty() {
                bad.push(Bad {
                    at: row.at.clone(),
                    lines: vec![format!(
                        "{}: --to {}: matches no file of this asset",
                        row.at_file,
                        items.join(",")
                    )],
                });
                bad_rows.push(i);
                continue;
            }
        }
        for f in plan.files {
            if let Some(j) = planned.get(&f.path) {
                bad.push(Bad {
                    at: row.at.clone(),
                    lines: vec![format!(
                        "{}: {} is also written by {} (the same asset)",
                        row.at_file,
                        safe_path(&f.path),
                        rows[*j].at
                    )],
                });
                bad_rows.push(i);
                continue;
            }
            planned.insert(f.path.clone(), i);
            plans.push((i, f));
        }
    }
    if refuse(&bad, args) {
        return Outcome::Usage;
    }
    let bad_rows: std::collections::HashSet<usize> = bad_rows.into_iter().collect();
    plans.retain(|(i, _)| !bad_rows.contains(i));
    let changes: Vec<&FilePlan> = plans.iter().map(|(_, f)| f).filter(|f| f.changed).collect();
    if args.dry_run {
        set::print_dry_run(&changes, &resolver, &config);
    } else if changes.is_empty() {
        outln!("nothing to write: the import changes no file");
    } else if let Some(journal) = journal.as_mut() {
        let files: Vec<PathBuf> = rows.iter().map(|r| r.file.clone()).collect();
        let scope = Scope::new(files, parents.clone(), "the folders of the files named");
        let writes = changes.iter().map(|f| f.write(&scope)).collect();
        let ops: Vec<Op> = changes.iter().flat_map(|f| f.ops.iter().cloned()).collect();
        let cmd = journaled::command_line();
        let run = journal.write(&cmd, ops, writes, args.write.policy(), &|_| {});
        journaled::print_notices(journal);
        match run {
            Ok(report) => failed |= journaled::print_report(&report),
            Err(e) => {
                eprintln!(
                    "xmpedit: {}; nothing was written",
                    safe_text(&e.to_string())
                );
                return Outcome::SomeFailed;
            }
        }
    }
    if failed {
        Outcome::SomeFailed
    } else {
        Outcome::Done
    }
}

/// Prints the problems; true when the import is refused because of them (without
/// `--skip-bad-rows`). With it the rows are listed as skipped.
fn refuse(bad: &[Bad], args: &ImportArgs) -> bool {
    if bad.is_empty() {
        return false;
    }
    print_bad(bad);
    if args.skip_bad_rows {
        for b in bad {
            eprintln!("xmpedit: skipped {}", safe_text(&b.at));
        }
        false
    } else {
        eprintln!(
            "xmpedit: import refused ({} problem(s)); nothing was written (--skip-bad-rows writes the other rows)",
            bad.iter().map(|b| b.lines.len()).sum::<usize>()
        );
        true
    }
}

/// The TUI's `I`: reads one CSV or JSON file (paths relative to its folder) into
/// row plans, with every problem as the CLI would print it. `Err`: the file cannot
/// be read at all.
pub(crate) fn read_for_tui(
    file: &Path,
    merge: bool,
) -> Result<(Vec<RowPlan>, Vec<String>), String> {
    let args = ImportArgs {
        dry_run: true,
        to: "original".into(),
        root: None,
        strip_prefix: None,
        sep: None,
        replace: !merge,
        merge,
        skip_bad_rows: false,
        allow_unknown: false,
        expand: false,
        write: journaled::WriteFlags::default(),
        lexical_paths: true,
        files: vec![file.to_path_buf()],
    };
    let reg = xmpedit_core::schema::registry();
    let ns = NsMap::new();
    let resolver = SchemaResolver {
        ns: &ns,
        schema: reg,
    };
    let mut rows = Vec::new();
    let mut bad = Vec::new();
    if is_json(file) {
        super::import_json::read_json(file, &args, &resolver, &mut rows, &mut bad)?;
    } else {
        // The TUI's import reads cells as data (no `--expand`).
        read_csv(file, &args, None, &resolver, &mut rows, &mut bad)?;
    }
    let problems = bad.into_iter().flat_map(|b| b.lines).collect();
    Ok((rows, problems))
}
