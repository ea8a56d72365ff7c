//! `xmpedit set`: apply EDIT expressions to files or folders, journaled, with undo.
//!
//! Files are grouped into assets through the catalog (a named file's folder is
//! scanned, then only the assets holding the named files are edited; a folder
//! argument, with `-r`, edits every asset in it). Invalid edits, unknown prefixes, a
//! bad `--to` and values XML 1.0 cannot hold are usage errors (exit 2) found before
//! anything is read or written. Per-file refusals (a lossy packet, an edit that does
//! not fit the file's data, a file changed since it was read) are printed on stderr
//! and give exit 1; the other files are still written, as one journal batch.
//! Creating a property or field a known namespace does not define (`dc:titel`) is
//! refused for the whole batch (exit 2, with the nearest names) unless
//! `--allow-unknown`; the check needs each file's packet, so it runs after planning
//! and before the journal writes anything. `--sep` splits array values into items.
//! `--dry-run` prints what would change and writes nothing (no journal entry either),
//! so it is allowed in `--read-only` mode.
//!
//! Values may hold variables and codes (docs/templates.md): they are read before
//! anything else (an unknown one is a usage error), then filled in per asset, each
//! asset planned with its own ops; a file that cannot fill one in refuses the whole
//! batch. `--template NAME` puts a template's expressions before the `-e` ones.
//! `--literal` takes values as written.

use crate::exit::Outcome;
use std::path::{Path, PathBuf};

use crate::cli::journaled;
use xmpedit_catalog::{Catalog, Config, ScanOptions};
use xmpedit_core::edit::{
    creates_unknown, parse_edits, ItemRef, NsMap, Op, Resolver, SchemaResolver,
};
use xmpedit_core::present::{safe_path, safe_text};
use xmpedit_session::values::Exprs;
use xmpedit_session::writeback::{self, FilePlan, NsFilter, Scope, Selection, TargetChoice};

#[derive(Debug, clap::Args)]
pub struct SetArgs {
    /// Where to write: original (the file named, or a raw's sidecar), sidecar, all
    /// (every file of the asset that holds XMP, plus the sidecar), or a
    /// comma-separated list of file names or globs (`*.jpg,IMG_1.tif`).
    #[arg(long = "to", default_value = "original", value_name = "TARGET")]
    pub to: String,
    /// Descend into folders.
    #[arg(short, long)]
    pub recursive: bool,
    /// Show what would change; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// A namespace prefix for the edits (repeatable).
    #[arg(long = "ns", value_name = "PREFIX=URI")]
    pub ns: Vec<String>,
    /// An edit: PROP=VALUE, PROP[LANG]=TEXT, PROP+=ITEM, PROP-=ITEM, -PROP (repeatable).
    /// Values may hold variables (`{file.stem}`, `{index:03}`, `{date:%Y}`,
    /// `{xmp:CreateDate:%Y}`) and codes (`=code=`); `{{` and `}}` are literal braces.
    #[arg(
        short = 'e',
        long = "edit",
        value_name = "EDIT",
        required_unless_present = "template",
        allow_hyphen_values = true
    )]
    pub edits: Vec<String>,
    /// Apply the edits of a template (`templates/NAME.toml` beside the
    /// configuration file), before any `-e`.
    #[arg(long, value_name = "NAME")]
    pub template: Option<String>,
    /// Take values as written: no variables, no codes.
    #[arg(long)]
    pub literal: bool,
    /// Write properties (and struct fields) the schema does not define in a
    /// namespace it knows (`dc:titel`); without it, creating one is refused with the
    /// nearest defined names. Editing or deleting one a file already has is always
    /// allowed.
    #[arg(long)]
    pub allow_unknown: bool,
    /// Split the values of `=`, `+=` and `-=` on array properties at SEP into trimmed
    /// items (`--sep , -e 'dc:subject+=sunset, beach'` adds two keywords); without
    /// it a value is one item.
    #[arg(long, value_name = "SEP")]
    pub sep: Option<String>,
    #[command(flatten)]
    pub write: journaled::WriteFlags,
    /// Files or folders.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
}

fn usage(message: &str) -> Outcome {
    eprintln!("xmpedit: {}", safe_text(message));
    Outcome::Usage
}

/// The first character XML 1.0 cannot hold, if any.
fn illegal_char(s: &str) -> Option<char> {
    s.chars().find(|&c| {
        (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FFFE}' || c == '\u{FFFF}'
    })
}

pub fn run(args: &SetArgs, read_only: bool) -> Outcome {
    if read_only && !args.dry_run {
        return journaled::refuse_read_only("set");
    }
    let choice: TargetChoice = match args.to.parse() {
        Ok(c) => c,
        Err(m) => return usage(&m.to_string()),
    };
    let mut ns = NsMap::new();
    for a in &args.ns {
        match NsMap::parse_arg(a) {
            Ok((p, u)) => ns.add(p, u),
            Err(m) => return usage(&m.to_string()),
        }
    }
    let config = match Config::load() {
        Ok(c) => c,
        Err(e) => return usage(&e.to_string()),
    };
    let mut exprs: Vec<String> = Vec::new();
    if let Some(name) = &args.template {
        match xmpedit_catalog::templates::load(name) {
            Ok(t) if t.edit.is_empty() => {
                return usage(&format!(
                    "template {name:?} holds no edit; nothing was written"
                ))
            }
            Ok(t) => exprs.extend(t.exprs()),
            Err(e) => return usage(&format!("{e}; nothing was written")),
        }
    }
    exprs.extend(args.edits.iter().cloned());
    for e in &exprs {
        if let Some(c) = illegal_char(e) {
            return usage(&format!(
                "edit {e:?}: U+{:04X} is a control character XML 1.0 cannot hold; nothing was written",
                c as u32
            ));
        }
    }
    if args.sep.as_deref() == Some("") {
        return usage("--sep: the separator is empty");
    }
    let reg = xmpedit_core::schema::registry();
    let resolver = SchemaResolver {
        ns: &ns,
        schema: reg,
    };
    let codes = if args.literal {
        None
    } else {
        match xmpedit_catalog::codes::load_codes(&config) {
            Ok(c) => c,
            Err(m) => return usage(&format!("{m}; nothing was written")),
        }
    };
    let templates = match Exprs::parse(&exprs, &resolver, codes.as_ref(), args.literal) {
        Ok(t) => t,
        Err(e) => return usage(&format!("{e}; nothing was written")),
    };
    // Values the same for every file are checked now, before anything is read.
    let constant = match templates.constant() {
        Some(texts) => match build_ops(&texts, args.sep.as_deref(), &resolver) {
            Ok(b) => Some((texts, b)),
            Err(m) => return usage(&format!("{m}; nothing was written")),
        },
        None => None,
    };
    if !args.recursive {
        if let Some(dir) = args.paths.iter().find(|p| p.is_dir()) {
            return usage(&format!(
                "{}: is a folder; use -r to edit the files in it",
                safe_path(dir)
            ));
        }
    }
    let filter = match NsFilter::from_config(&config) {
        Ok(f) => f,
        Err(m) => return usage(&m.to_string()),
    };

    // Settle interrupted batches before reading: this edit's writes would hide what
    // they did.
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
    let mut failed = false;
    let (folders, files) = match absolute_roots(&args.paths) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let opts = ScanOptions {
        keep_packets: true,
        ..ScanOptions::from_config(&config)
    };
    let folder_cat = Catalog::load(
        &folders,
        &ScanOptions {
            recursive: args.recursive,
            ..opts.clone()
        },
    );
    let parents: Vec<PathBuf> = {
        let mut p: Vec<PathBuf> = files
            .iter()
            .filter_map(|f| f.parent().map(Path::to_path_buf))
            .collect();
        p.sort();
        p.dedup();
        p
    };
    let file_cat = Catalog::load(&parents, &opts);
    for cat in [&folder_cat, &file_cat] {
        for e in cat.errors() {
            eprintln!("xmpedit: {}: {}", safe_path(&e.path), safe_text(&e.message));
            failed = true;
        }
    }
    let mut named: Vec<(&xmpedit_catalog::Asset, Vec<PathBuf>)> = Vec::new();
    for f in &files {
        match file_cat.find(f) {
            Some((asset, _)) => match named.iter_mut().find(|(a, _)| a.id == asset.id) {
                Some((_, v)) => v.push(f.clone()),
                None => named.push((asset, vec![f.clone()])),
            },
            None => {
                eprintln!(
                    "xmpedit: {}: not found (or hidden) in its folder",
                    safe_path(f)
                );
                failed = true;
            }
        }
    }
    let mut selections: Vec<Selection<'_>> = folder_cat
        .sorted()
        .into_iter()
        .map(|asset| Selection { asset, named: &[] })
        .collect();
    selections.extend(named.iter().map(|(asset, v)| Selection {
        asset,
        named: v.as_slice(),
    }));

    let (plan, ops) = match &constant {
        Some((texts, (ops, origin))) => {
            let plan = writeback::plan(&selections, ops, &choice, &filter, &resolver);
            if !args.allow_unknown {
                let refused = unknown_names(&plan.files, ops, origin, texts, &resolver);
                if !refused.is_empty() {
                    return refuse_unknown(&refused);
                }
            }
            (plan, ops.clone())
        }
        None => {
            // Per asset: its own values, checked and planned; any problem refuses the
            // whole batch before the journal writes anything.
            let now = xmpedit_session::values::now();
            let mut plan = writeback::Plan::default();
            let mut all_ops: Vec<Op> = Vec::new();
            let mut problems: Vec<String> = Vec::new();
            let mut refused: Vec<String> = Vec::new();
            for (i, sel) in selections.iter().enumerate() {
                let texts = match templates.for_asset(sel.asset, sel.named, i + 1, now, &resolver) {
                    Ok(t) => t,
                    Err(e) => {
                        let (file, _) = xmpedit_session::values::asset_file(sel.asset, sel.named);
                        problems.push(format!("{}: {e}", safe_path(&file)));
                        continue;
                    }
                };
                let (ops, origin) = match build_ops(&texts, args.sep.as_deref(), &resolver) {
                    Ok(b) => b,
                    Err(m) => {
                        let (file, _) = xmpedit_session::values::asset_file(sel.asset, sel.named);
                        problems.push(format!("{}: {m}", safe_path(&file)));
                        continue;
                    }
                };
                let one =
                    writeback::plan(std::slice::from_ref(sel), &ops, &choice, &filter, &resolver);
                if !args.allow_unknown {
                    for line in unknown_names(&one.files, &ops, &origin, &texts, &resolver) {
                        if !refused.contains(&line) {
                            refused.push(line);
                        }
                    }
                }
                all_ops.extend(ops);
                plan.files.extend(one.files);
                plan.errors.extend(one.errors);
            }
            if !problems.is_empty() {
                for line in &problems {
                    eprintln!("xmpedit: {}", safe_text(line));
                }
                return usage(&format!(
                    "{} file(s) cannot take the values; nothing was written",
                    problems.len()
                ));
            }
            if !refused.is_empty() {
                return refuse_unknown(&refused);
            }
            (plan, all_ops)
        }
    };
    for e in &plan.errors {
        eprintln!(
            "xmpedit: {}: {}",
            safe_path(&e.path),
            safe_text(&e.error.to_string())
        );
        failed = true;
    }
    if let TargetChoice::List(items) = &choice {
        if plan.files.is_empty() && plan.errors.is_empty() {
            return usage(&format!("--to {}: matches no file", items.join(",")));
        }
    }
    let changes: Vec<&FilePlan> = plan.changes().collect();
    for f in &changes {
        for note in &f.notes {
            eprintln!("xmpedit: {}: {}", safe_path(&f.path), safe_text(note));
        }
    }
    if let (Some(journal), false) = (journal.as_mut(), changes.is_empty()) {
        // A named file is written through a symlink; anything else (the files of a
        // folder, a named file's sidecar or siblings) must stay in the folders given.
        let mut roots = folders.clone();
        roots.extend(parents.iter().cloned());
        let scope = Scope::new(files.clone(), roots, "the folders named");
        let writes = changes.iter().map(|f| f.write(&scope)).collect();
        let cmd = journaled::command_line();
        let run = journal.write(&cmd, ops.clone(), writes, args.write.policy(), &|_| {});
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
    } else if args.dry_run {
        print_dry_run(&changes, &resolver, &config);
    } else if plan.errors.is_empty() {
        outln!("nothing to write: the edits change no file");
    }
    if failed {
        Outcome::SomeFailed
    } else {
        Outcome::Done
    }
}

fn refuse_unknown(refused: &[String]) -> Outcome {
    for line in refused {
        eprintln!("xmpedit: {}", safe_text(line));
    }
    usage("--allow-unknown writes such names anyway; nothing was written")
}

/// The ops of the expressions (split by `--sep`), each validated, with
/// `origin[i]`: the expression op i came from (`--sep` makes several of one).
fn build_ops(
    exprs: &[String],
    sep: Option<&str>,
    resolver: &dyn Resolver,
) -> Result<(Vec<Op>, Vec<usize>), String> {
    let reg = xmpedit_core::schema::registry();
    let parsed = parse_edits(exprs, resolver, reg).map_err(|e| e.to_string())?;
    let mut ops = Vec::with_capacity(parsed.len());
    let mut origin = Vec::with_capacity(parsed.len());
    for (i, op) in parsed.into_iter().enumerate() {
        let split = match sep {
            Some(sep) => split_values(op, sep),
            None => vec![op],
        };
        for op in split {
            if let Err(e) = op.validate(reg) {
                return Err(format!("edit {:?}: {e}", exprs[i]));
            }
            ops.push(op);
            origin.push(i);
        }
    }
    Ok((ops, origin))
}

/// Why the batch is refused when an op would create a name the schema's namespace
/// does not define in some file: every such expression once, with its suggestion.
/// The whole batch is refused (nothing written), since the other edits were typed
/// together with the typo.
fn unknown_names(
    files: &[FilePlan],
    ops: &[Op],
    origin: &[usize],
    exprs: &[String],
    resolver: &dyn Resolver,
) -> Vec<String> {
    let reg = xmpedit_core::schema::registry();
    let mut lines: Vec<String> = Vec::new();
    for f in files {
        for op in &f.ops {
            let Some(unknown) = creates_unknown(reg, op, f.old.as_ref()) else {
                continue;
            };
            let expr = ops
                .iter()
                .position(|o| o == op)
                .and_then(|i| origin.get(i))
                .and_then(|&i| exprs.get(i))
                .map_or_else(|| op.to_text(resolver), Clone::clone);
            let line = format!("edit {expr:?}: {}", unknown.message(resolver));
            if !lines.contains(&line) {
                lines.push(line);
            }
        }
    }
    lines
}

/// `--sep`: the ops of one expression with its array values split at `sep` into
/// trimmed, non-empty items. Other ops (simple values, languages) stay whole.
fn split_values(op: Op, sep: &str) -> Vec<Op> {
    let items = |v: &str| -> Vec<String> {
        v.split(sep)
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(String::from)
            .collect()
    };
    match op {
        Op::AddItem { path, value, kind } => items(&value)
            .into_iter()
            .map(|value| Op::AddItem {
                path: path.clone(),
                value,
                kind,
            })
            .collect(),
        Op::RemoveItem {
            path,
            item: ItemRef::Value(value),
        } => items(&value)
            .into_iter()
            .map(|v| Op::RemoveItem {
                path: path.clone(),
                item: ItemRef::Value(v),
            })
            .collect(),
        Op::SetList {
            path,
            kind,
            items: list,
        } => {
            let split: Vec<String> = list.iter().flat_map(|v| items(v)).collect();
            // As `PROP=` with an empty value: no item left clears the list.
            if split.is_empty() {
                vec![Op::Delete { path }]
            } else {
                vec![Op::SetList {
                    path,
                    kind,
                    items: split,
                }]
            }
        }
        other => vec![other],
    }
}

/// Folder arguments and file arguments, made absolute (the journal needs absolute
/// paths; undo may run elsewhere). A file keeps its own name (a symlink stays one).
pub(crate) fn absolute_roots(paths: &[PathBuf]) -> Result<(Vec<PathBuf>, Vec<PathBuf>), Outcome> {
    let mut folders = Vec::new();
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            match std::fs::canonicalize(p) {
                Ok(a) => folders.push(a),
                Err(e) => {
                    eprintln!("xmpedit: {}: {e}", safe_path(p));
                    return Err(Outcome::SomeFailed);
                }
            }
            continue;
        }
        let name = p.file_name();
        let parent = match p.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        match (name, std::fs::canonicalize(&parent)) {
            (Some(n), Ok(d)) if std::fs::symlink_metadata(p).is_ok() => files.push(d.join(n)),
            _ => {
                eprintln!("xmpedit: {}: not found", safe_path(p));
                return Err(Outcome::SomeFailed);
            }
        }
    }
    Ok((folders, files))
}

/// What a write would do, file by file. `config`: the configuration, whose
/// `[write] metadata_date` says whether the real write adds the `xmp:MetadataDate`
/// stamp, which is then listed too (it is part of the difference the write makes).
pub(crate) fn print_dry_run(changes: &[&FilePlan], resolver: &dyn Resolver, config: &Config) {
    if changes.is_empty() {
        outln!("nothing would change");
        return;
    }
    // An invalid setting stops the real write before anything is written; a dry run
    // shows the stamp the default would add.
    let stamping = xmpedit_session::stamp::enabled(config).unwrap_or(true);
    let when = xmpedit_session::stamp::now();
    for f in changes {
        let verb = if f.creates() {
            "would create"
        } else {
            "would write"
        };
        outln!("{verb} {}", safe_path(&f.path));
        for op in &f.ops {
            outln!("  {}", safe_text(&op_line(op, f, resolver)));
        }
        // The session stamps every write unless the edits set the date themselves.
        let explicit = f
            .ops
            .iter()
            .filter_map(Op::property)
            .any(|n| xmpedit_session::stamp::is_stamp(&n));
        if stamping && !explicit {
            let stamp = Op::SetSimple {
                path: xmpedit_core::edit::Path::prop(xmpedit_session::stamp::name()),
                value: when.clone(),
                new_arrays: Vec::new(),
            };
            outln!(
                "  {} (stamped on every write; [write] metadata_date = false turns it off)",
                safe_text(&op_line(&stamp, f, resolver))
            );
        }
    }
}

/// `xmp:Rating=3 (was 2)` for a simple top-level value; the op alone otherwise.
fn op_line(op: &Op, f: &FilePlan, resolver: &dyn Resolver) -> String {
    let text = match op {
        // An exact item write (an import's language cells) reads as the assignment.
        Op::SetNode { path, node, .. } if !path.is_top() && node.as_text().is_some() => {
            format!(
                "{}={}",
                path.to_text(resolver),
                node.as_text().unwrap_or_default()
            )
        }
        _ => op.to_text(resolver),
    };
    let Some(name) = op.property() else {
        return text;
    };
    let before = f
        .old
        .as_ref()
        .and_then(|p| p.props.iter().find(|(n, _)| *n == name))
        .map(|(_, node)| short(node));
    match before {
        Some(b) => format!("{text} (was {b})"),
        None => format!("{text} (was absent)"),
    }
}

fn short(node: &xmpedit_core::xmp::Node) -> String {
    use xmpedit_core::xmp::Value;
    match &node.value {
        Value::Simple(s) | Value::Uri(s) => format!("{s:?}"),
        Value::Array(_, items) => {
            let texts: Vec<String> = items
                .iter()
                .map(|i| match &i.value {
                    Value::Simple(s) | Value::Uri(s) => s.clone(),
                    _ => "...".into(),
                })
                .collect();
            format!("[{}]", texts.join("; "))
        }
        Value::Struct(fields) => format!("a struct of {} field(s)", fields.len()),
    }
}
