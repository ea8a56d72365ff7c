//! Reading the JSON of `export --format json` (either form) for `xmpedit import`:
//! the file objects become the same row plans as CSV rows, so the checks, the dry
//! run and the journaled write are CSV import's (docs/interchange.md, "JSON import").
//!
//! Problems are named by JSON pointer: `FILE.json: /3/dc:title: what is wrong`, and a
//! document that is not JSON at all by line and column, `FILE.json:LINE:COLUMN: …`.

use std::path::Path;

use crate::cli::import::{locate_for, root_of, Bad, ImportArgs, RowPlan};
use xmpedit_core::edit::SchemaResolver;
use xmpedit_core::interchange::json::{entries, JsonOptions};
use xmpedit_core::present::safe_path;

/// Reads one JSON file into rows; the file's problems go to `bad`. `Err`: the file
/// cannot be read or is not JSON (nothing of it can be imported).
pub(crate) fn read_json(
    file: &Path,
    args: &ImportArgs,
    resolver: &SchemaResolver<'_>,
    rows: &mut Vec<RowPlan>,
    bad: &mut Vec<Bad>,
) -> Result<(), String> {
    let reg = xmpedit_core::schema::registry();
    let shown = safe_path(file);
    let bytes = std::fs::read(file).map_err(|e| format!("{shown}: {e}"))?;
    let doc: serde_json::Value = serde_json::from_slice(&bytes)
        .map_err(|e| format!("{shown}:{}:{}: not JSON: {e}", e.line(), e.column()))?;
    let opts = JsonOptions {
        merge: args.merge,
        allow_unknown: args.allow_unknown,
    };
    let list = entries(&doc, resolver, reg, opts).map_err(|p| {
        let at = if p.pointer.is_empty() {
            "/"
        } else {
            &p.pointer
        };
        format!("{shown}: {at}: {}", p.message)
    })?;
    let root = root_of(file, args);
    for e in list {
        let at = format!("{shown}: {}", e.pointer);
        let at_file = format!("{at}/file");
        let mut lines: Vec<String> = e
            .problems
            .iter()
            .map(|p| format!("{shown}: {}: {}", p.pointer, p.message))
            .collect();
        let located = e.file.as_deref().map(|f| locate_for(args, f, &root));
        match located {
            Some(Ok(path)) if lines.is_empty() => rows.push(RowPlan {
                at,
                at_file,
                file: path,
                ops: e.ops,
            }),
            Some(Err(m)) => {
                lines.push(format!("{at_file}: {m}"));
                bad.push(Bad { at, lines });
            }
            _ => bad.push(Bad { at, lines }),
        }
    }
    Ok(())
}
