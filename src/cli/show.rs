//! `xmpedit show`: per file, the XMP tree grouped by schema, or JSON (JSON-LD, or flat
//! `"prefix:Name": value` pairs with `--flat`).
//!
//! `--object mesh[0]` (or `mesh:tri`) shows the packet of one glTF object instead of
//! the asset's; a file that is not glTF or GLB is a usage error.
//!
//! Files are read in parallel (rayon) in chunks and printed in order, so output is
//! deterministic and memory stays bounded; JSON is streamed object by object. Every
//! failure is also reported on stderr as `xmpedit: PATH: message`.

use crate::exit::Outcome;
use std::io::{self, Write};
use std::path::Path;

use rayon::prelude::*;

use crate::cli::show_text;
use crate::cli::walk::{self, Entry};
use xmpedit_core::present::{safe_path, safe_text};
use xmpedit_formats as formats;
use xmpedit_formats::gltf::object::ObjectRef;
use xmpedit_formats::{Format, FormatError, Found};

#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// Descend into folders.
    #[arg(short, long)]
    pub recursive: bool,
    /// One JSON array, an object per file.
    #[arg(long)]
    pub json: bool,
    /// With --json: `"prefix:Name": value` pairs per file instead of JSON-LD.
    #[arg(long, requires = "json")]
    pub flat: bool,
    /// glTF/GLB only: the packet of one object, `KIND[INDEX]` or `KIND:NAME`
    /// (kinds: scene, node, mesh, material, image, animation).
    #[arg(long, value_name = "OBJECT")]
    pub object: Option<String>,
    /// Files or folders.
    #[arg(required = true)]
    pub paths: Vec<std::path::PathBuf>,
}

/// What `show` prints per file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Text,
    /// `{"file","format","xmp"}` with the packet as JSON-LD.
    JsonLd,
    /// `{"file","format","prefix:Name": value, ...}` (`present::flat_json`).
    Flat,
}

impl Form {
    fn is_json(self) -> bool {
        self != Form::Text
    }
}

/// Files read in parallel before their output is written in order.
const CHUNK: usize = 512;

/// The printable result of one file.
struct Shown {
    /// Text block or JSON object (no trailing separator).
    stdout: String,
    /// `xmpedit: PATH: message` for a failure.
    stderr: Option<String>,
}

pub fn run(args: &ShowArgs) -> Outcome {
    let entries = walk::expand(&args.paths, args.recursive);
    let object = match args.object.as_deref().map(str::parse::<ObjectRef>) {
        None => None,
        Some(Ok(o)) => Some(o),
        Some(Err(m)) => {
            eprintln!("xmpedit: --object {}", safe_text(&m));
            return Outcome::Usage;
        }
    };
    if object.is_some() {
        if let Some(path) = entries.iter().find_map(|e| match e {
            Entry::File(p) if !is_gltf(p) => Some(p),
            _ => None,
        }) {
            eprintln!(
                "xmpedit: {}: --object applies to glTF and GLB files only",
                safe_path(path)
            );
            return Outcome::Usage;
        }
    }
    // Load the schema data once, before the workers need it.
    let _ = xmpedit_core::schema::registry();
    let stdout = io::stdout();
    let mut out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let form = match (args.json, args.flat) {
        (false, _) => Form::Text,
        (true, false) => Form::JsonLd,
        (true, true) => Form::Flat,
    };
    match emit(&entries, form, object.as_ref(), &mut out)
        .and_then(|failed| out.flush().map(|_| failed))
    {
        Ok(false) => Outcome::Done,
        Ok(true) => Outcome::SomeFailed,
        // `xmpedit show | head`: the reader left; nothing more to say.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Outcome::Done,
        Err(e) => {
            eprintln!("xmpedit: writing output: {e}");
            Outcome::SomeFailed
        }
    }
}

/// Writes every entry's output in order; returns whether some file failed.
fn emit(
    entries: &[Entry],
    form: Form,
    object: Option<&ObjectRef>,
    out: &mut dyn Write,
) -> io::Result<bool> {
    let mut failed = false;
    let mut wrote_any = false;
    let json = form.is_json();
    if json {
        out.write_all(b"[")?;
    }
    for chunk in entries.chunks(CHUNK) {
        let outcomes: Vec<Shown> = chunk.par_iter().map(|e| outcome(e, form, object)).collect();
        for o in outcomes {
            if let Some(line) = &o.stderr {
                failed = true;
                // Flush first so that stdout and stderr interleave in file order.
                out.flush()?;
                let _ = writeln!(io::stderr().lock(), "{line}");
            }
            if json {
                out.write_all(if wrote_any { b",\n" } else { b"\n" })?;
            } else if o.stdout.is_empty() {
                continue;
            } else if wrote_any {
                out.write_all(b"\n")?;
            }
            out.write_all(o.stdout.as_bytes())?;
            wrote_any = true;
        }
    }
    if json {
        out.write_all(if wrote_any { b"\n]\n" } else { b"]\n" })?;
    }
    Ok(failed)
}

fn outcome(entry: &Entry, form: Form, object: Option<&ObjectRef>) -> Shown {
    let mut shown = None;
    let (path, result) = match entry {
        Entry::File(path) => match object {
            Some(o) => (
                path.as_path(),
                read_object(path, o).map(|(label, found)| {
                    shown = Some(label);
                    found
                }),
            ),
            None => (path.as_path(), read(path)),
        },
        Entry::Unreadable { path, message } => (path.as_path(), Err(message.clone())),
    };
    let stderr = result.as_ref().err().map(|m| {
        format!(
            "xmpedit: {}: {}",
            safe_path(path),
            xmpedit_core::present::safe_text(m)
        )
    });
    let stdout = match (form, &result) {
        (Form::JsonLd, _) => json_object(path, &result),
        (Form::Flat, _) => flat_object(path, &result),
        (Form::Text, Ok(found)) => match &shown {
            Some(label) => {
                show_text::render_file(&format!("{} {}", safe_path(path), safe_text(label)), found)
            }
            None => show_text::render_file(&safe_path(path), found),
        },
        (Form::Text, Err(_)) => String::new(),
    };
    Shown { stdout, stderr }
}

/// Whether `path` reads as glTF or GLB (a file that does not read at all is left to
/// the read, which reports it).
fn is_gltf(path: &Path) -> bool {
    match formats::read_file(path) {
        Ok((found, _)) => matches!(found.format, Format::Gltf | Format::Glb),
        Err(_) => true,
    }
}

/// The packet of one glTF object as a [`Found`] (no further packets), with its label.
fn read_object(path: &Path, object: &ObjectRef) -> Result<(String, Found), String> {
    let (found, _) = formats::read_file(path).map_err(|e| error_message(&e))?;
    let mut file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let (label, packet, warnings) =
        formats::gltf::read_object(&mut file, object).map_err(|e| error_message(&e))?;
    let mut out = Found::empty(found.format);
    out.packet = packet;
    out.warnings = warnings;
    Ok((label, out))
}

fn read(path: &Path) -> Result<Found, String> {
    // A defect in one reader must not end a listing of thousands of files: report it
    // as that file's failure and go on.
    let caught = std::panic::catch_unwind(|| formats::read_file(path));
    match caught {
        Ok(result) => result
            .map(|(found, _identity)| found)
            .map_err(|e| error_message(&e)),
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(format!(
                "internal error while reading (a bug, please report): {what}"
            ))
        }
    }
}

/// The message for a failed read, without repeating the path the caller prints.
fn error_message(e: &FormatError) -> String {
    match e {
        FormatError::Io { source, .. } => source.to_string(),
        other => other.to_string(),
    }
}

/// `{"file": PATH, "format": ..., "xmp": PACKET|null}` plus `"error"` on failure.
fn json_object(path: &Path, result: &Result<Found, String>) -> String {
    let mut obj = serde_json::Map::new();
    obj.insert("file".into(), path.to_string_lossy().into_owned().into());
    match result {
        Ok(found) => {
            obj.insert("format".into(), found.format.name().into());
            let xmp = match &found.packet {
                Some(p) => xmpedit_core::xmp::jsonld::to_json(p, xmpedit_core::schema::registry()),
                None => serde_json::Value::Null,
            };
            obj.insert("xmp".into(), xmp);
        }
        Err(message) => {
            obj.insert("format".into(), serde_json::Value::Null);
            obj.insert("xmp".into(), serde_json::Value::Null);
            obj.insert("error".into(), message.clone().into());
        }
    }
    // Values from the file go to a terminal too: escaped, exact for JSON readers.
    xmpedit_core::present::safe_json::to_string(&serde_json::Value::Object(obj)).unwrap_or_default()
}

/// `{"file": PATH, "format": ..., "prefix:Name": value, ...}` plus `"error"` on failure.
fn flat_object(path: &Path, result: &Result<Found, String>) -> String {
    let mut obj = serde_json::Map::new();
    obj.insert("file".into(), path.to_string_lossy().into_owned().into());
    match result {
        Ok(found) => {
            obj.insert("format".into(), found.format.name().into());
            if let Some(p) = &found.packet {
                // Property keys always hold a `:`, so they never replace `file`/`format`.
                obj.extend(xmpedit_core::present::flat_object(
                    p,
                    xmpedit_core::schema::registry(),
                ));
            }
        }
        Err(message) => {
            obj.insert("format".into(), serde_json::Value::Null);
            obj.insert("error".into(), message.clone().into());
        }
    }
    xmpedit_core::present::safe_json::to_string(&serde_json::Value::Object(obj)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn json_errors_have_the_documented_shape() {
        let s = json_object(Path::new("dir/a.jpg"), &Err("truncated".into()));
        assert_eq!(
            s,
            r#"{"file":"dir/a.jpg","format":null,"xmp":null,"error":"truncated"}"#
        );
    }

    #[test]
    fn json_array_is_well_formed_for_zero_one_and_many_entries() {
        for n in [0usize, 1, 3] {
            let entries: Vec<Entry> = (0..n)
                .map(|i| Entry::Unreadable {
                    path: PathBuf::from(format!("f{i}")),
                    message: "gone".into(),
                })
                .collect();
            let mut buf = Vec::new();
            let failed = emit(&entries, Form::JsonLd, None, &mut buf).unwrap();
            assert_eq!(failed, n > 0);
            let v: serde_json::Value = serde_json::from_slice(&buf).unwrap();
            assert_eq!(v.as_array().unwrap().len(), n);
        }
    }

    #[test]
    fn failures_print_nothing_on_stdout_in_text_mode() {
        let entries = vec![Entry::Unreadable {
            path: PathBuf::from("x\u{1b}.jpg"),
            message: "denied".into(),
        }];
        let mut buf = Vec::new();
        assert!(emit(&entries, Form::Text, None, &mut buf).unwrap());
        assert!(buf.is_empty());
        let o = outcome(&entries[0], Form::Text, None);
        assert_eq!(o.stderr.as_deref(), Some("xmpedit: x\\e.jpg: denied"));
    }
}
