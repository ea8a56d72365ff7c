//! Turning CSV rows into edit ops (docs/interchange.md, "Import").
//!
//! The header decides the style: a first column `assetPath` is AEM's grammar
//! ([`crate::interchange::header`]), `SourceFile` is ExifTool's
//! ([`crate::interchange::exiftool`]). Every later column maps to a property path; each
//! non-empty cell of a row becomes ops: an empty cell leaves the property untouched
//! (AEM's rule), `{{clear}}` deletes it, a list cell replaces the array (or, merging,
//! adds its items). Each problem is reported with the 1-based column it is in, so
//! the caller can say `FILE.csv:LINE:COLUMN: what is wrong` and refuse the import.

use crate::edit::path::{Path, Resolver, Step};
use crate::edit::{type_at, unknown_name, Op};
use crate::interchange::cells::split;
use crate::interchange::dates::{self, Pattern};
use crate::interchange::exiftool::{self, Mapped};
use crate::interchange::header::{self, CellType};
use crate::schema::{Registry, SimpleType, ValueType};
use crate::xmp::ArrayKind;

/// The cell that deletes a property.
pub const CLEAR: &str = "{{clear}}";

/// Which program's CSV a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `assetPath`, then `name {{Type[: multi]}}` columns, lists joined by `|`.
    Aem,
    /// `SourceFile`, then `exiftool -csv -G1` names, lists joined by `, `.
    ExifTool,
}

impl Style {
    /// The usual list separator of the style.
    pub fn default_sep(self) -> &'static str {
        match self {
            Style::Aem => "|",
            Style::ExifTool => ", ",
        }
    }

    pub fn path_column(self) -> &'static str {
        match self {
            Style::Aem => "assetPath",
            Style::ExifTool => "SourceFile",
        }
    }
}

/// Where a column's values go.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    Path(Path),
    Items { array: Path, rest: Vec<Step> },
    Skip,
}

#[derive(Debug, Clone)]
struct Column {
    target: Target,
    ty: CellType,
    /// The header says the cell is a list.
    multi: bool,
    date_format: Option<Pattern>,
}

/// A problem in a cell (or header cell): its 1-based column and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellError {
    pub column: usize,
    pub message: String,
}

/// The parsed header of an import file.
#[derive(Debug, Clone)]
pub struct Columns {
    pub style: Style,
    cols: Vec<Column>,
}

/// Recognises the style from the first header cell and maps every column; all the
/// header's problems at once. A name a known namespace does not define
/// (`dc:titel`) is refused, as `set` refuses it, unless `allow_unknown`.
pub fn columns(
    header: &[String],
    resolver: &dyn Resolver,
    reg: &Registry,
    allow_unknown: bool,
) -> Result<Columns, Vec<CellError>> {
    let first = header.first().map(|s| s.trim()).unwrap_or_default();
    let style = if first == "assetPath" {
        Style::Aem
    } else if first.eq_ignore_ascii_case("SourceFile") {
        Style::ExifTool
    } else {
        return Err(vec![CellError {
            column: 1,
            message: format!(
                "the first column is {first:?}; expected assetPath (AEM's CSV) or SourceFile (ExifTool's)"
            ),
        }]);
    };
    let mut cols = Vec::new();
    let mut errors = Vec::new();
    // A path may have a list column and a single-value column (export writes both
    // when files disagree on the shape); the same column twice is an error.
    let mut seen: Vec<((Target, bool), usize)> = Vec::new();
    for (i, h) in header.iter().enumerate().skip(1) {
        let column = i + 1;
        let result = match style {
            Style::Aem => aem_column(h, resolver, reg, allow_unknown),
            Style::ExifTool => exiftool_column(h, reg),
        };
        match result {
            Ok(c) => {
                if c.target != Target::Skip {
                    let key = (c.target.clone(), c.multi);
                    if let Some((_, at)) = seen.iter().find(|(t, _)| *t == key) {
                        errors.push(CellError {
                            column,
                            message: format!("column {h:?} names the same property as column {at}"),
                        });
                    }
                    seen.push((key, column));
                }
                cols.push(c);
            }
            Err(message) => {
                errors.push(CellError { column, message });
                cols.push(Column {
                    target: Target::Skip,
                    ty: CellType::String,
                    multi: false,
                    date_format: None,
                });
            }
        }
    }
    if errors.is_empty() {
        Ok(Columns { style, cols })
    } else {
        Err(errors)
    }
}

fn aem_column(
    cell: &str,
    resolver: &dyn Resolver,
    reg: &Registry,
    allow_unknown: bool,
) -> Result<Column, String> {
    let h = header::parse(cell)?;
    let path = Path::parse(&h.name, resolver).map_err(|e| format!("header {cell:?}: {e}"))?;
    if let Some(u) = unknown_name(reg, &path).filter(|_| !allow_unknown) {
        return Err(format!(
            "header {cell:?}: {} (--allow-unknown imports it anyway)",
            u.message(resolver)
        ));
    }
    if path.steps.iter().any(|s| matches!(s, Step::Qualifier(_))) {
        return Err(format!("header {cell:?}: qualifiers cannot be imported"));
    }
    Ok(Column {
        target: Target::Path(path),
        ty: h.ty,
        multi: h.multi,
        date_format: h.date_format,
    })
}

fn exiftool_column(cell: &str, reg: &Registry) -> Result<Column, String> {
    let target = match exiftool::map(reg, cell.trim())? {
        Mapped::Path(p) => Target::Path(p),
        Mapped::Items { array, rest } => Target::Items { array, rest },
        Mapped::Toolkit => Target::Skip,
    };
    Ok(Column {
        target,
        ty: CellType::String,
        multi: false,
        date_format: None,
    })
}

/// How a row's cells become ops.
#[derive(Debug, Clone)]
pub struct RowOptions {
    /// The list separator (`|` for AEM, `, ` for ExifTool unless `--sep`).
    pub sep: String,
    /// Add list items to what is there instead of replacing the array.
    pub merge: bool,
}

impl Columns {
    /// The ops of one row (`cells[0]` is the path column); every cell's problem.
    pub fn row_ops(
        &self,
        cells: &[&str],
        opts: &RowOptions,
        reg: &Registry,
    ) -> Result<Vec<Op>, Vec<CellError>> {
        let mut ops = Vec::new();
        let mut errors = Vec::new();
        for (i, col) in self.cols.iter().enumerate() {
            let cell = cells.get(i + 1).copied().unwrap_or("");
            if cell.is_empty() {
                continue;
            }
            let column = i + 2;
            match cell_ops(col, cell, opts, reg, self.style) {
                Ok(mut o) => ops.append(&mut o),
                Err(message) => errors.push(CellError { column, message }),
            }
        }
        if cells.len() > self.cols.len() + 1
            && cells[self.cols.len() + 1..].iter().any(|c| !c.is_empty())
        {
            errors.push(CellError {
                column: self.cols.len() + 2,
                message: "a value in a column without a header".into(),
            });
        }
        if errors.is_empty() {
            Ok(exact_languages(ops))
        } else {
            Err(errors)
        }
    }
}

/// Several language cells of one alternative in a row say exactly what each
/// language holds, so they become exact item writes (`x-default` first). One by one,
/// the x-default rules of `SetLang` would let them overwrite each other (setting
/// `x-default` also changes a language that equalled the old default). A lone cell
/// keeps those rules, as `set` applies them.
fn exact_languages(ops: Vec<Op>) -> Vec<Op> {
    let count = |p: &Path| {
        ops.iter()
            .filter(|o| matches!(o, Op::SetLang { path, .. } if path == p))
            .count()
    };
    let many: Vec<Path> = ops
        .iter()
        .filter_map(|o| match o {
            Op::SetLang { path, .. } if count(path) > 1 => Some(path.clone()),
            _ => None,
        })
        .collect();
    if many.is_empty() {
        return ops;
    }
    let item = |path: &Path, lang: &str, text: &str| Op::SetNode {
        path: path.clone().lang(lang.to_string()),
        node: crate::xmp::Node::lang_text(lang, text),
        at: None,
    };
    let mut out = Vec::with_capacity(ops.len());
    let mut later = Vec::new();
    for op in ops {
        match op {
            Op::SetLang { path, lang, text } if many.contains(&path) => {
                if lang == "x-default" {
                    out.push(item(&path, &lang, &text));
                } else {
                    later.push(item(&path, &lang, &text));
                }
            }
            other => later.push(other),
        }
    }
    out.append(&mut later);
    out
}

/// The declared type at a path, `None` when the registry does not say.
fn declared<'r>(reg: &'r Registry, path: &Path) -> Option<&'r ValueType> {
    type_at(reg, path).ok().flatten().map(|d| d.ty)
}

/// Array kinds for the index steps of `path` (what `SetSimple` creates), Seq when
/// the registry does not say.
fn new_arrays(reg: &Registry, path: &Path) -> Vec<ArrayKind> {
    let mut kinds = Vec::new();
    for (k, s) in path.steps.iter().enumerate() {
        if matches!(s, Step::Index(_)) {
            let prefix = Path {
                prop: path.prop.clone(),
                steps: path.steps[..k].to_vec(),
            };
            kinds.push(match declared(reg, &prefix) {
                Some(ValueType::Array(kind, _)) => *kind,
                _ => ArrayKind::Seq,
            });
        }
    }
    kinds
}

/// A value normalised for its column: dates to XMP dates (from AEM's, ExifTool's or
/// the header's format), numbers and booleans checked against the header's type.
fn value(col: &Column, decl: Option<&ValueType>, text: &str) -> Result<String, String> {
    let is_date = col.ty == CellType::Date
        || decl.is_some_and(|t| t.leaf().simple() == Some(SimpleType::Date));
    if is_date {
        return dates::to_xmp(text, col.date_format.as_ref());
    }
    col.ty.check(text)
}

fn cell_ops(
    col: &Column,
    cell: &str,
    opts: &RowOptions,
    reg: &Registry,
    style: Style,
) -> Result<Vec<Op>, String> {
    let path = match &col.target {
        Target::Skip => return Ok(Vec::new()),
        Target::Items { array, rest } => return item_ops(col, array, rest, cell, opts, reg),
        Target::Path(p) => p,
    };
    let validated = |op: Op| -> Result<Op, String> {
        op.validate(reg).map_err(|e| e.to_string())?;
        Ok(op)
    };
    // A language step addresses one alternative.
    if let Some((parent, Step::Lang(tag))) = path.split_last() {
        if cell == CLEAR {
            return Ok(vec![Op::RemoveLang {
                path: parent,
                lang: tag.clone(),
            }]);
        }
        let op = Op::SetLang {
            path: parent,
            lang: tag.clone(),
            text: cell.to_string(),
        };
        return Ok(vec![validated(op)?]);
    }
    if cell == CLEAR {
        return Ok(vec![Op::Delete { path: path.clone() }]);
    }
    let decl = declared(reg, path);
    match decl {
        Some(ValueType::LangAlt) => {
            if col.multi {
                return Err(format!(
                    "{path} is a language alternative, not a list; drop ': multi'"
                ));
            }
            Ok(vec![validated(Op::SetLang {
                path: path.clone(),
                lang: "x-default".into(),
                text: cell.to_string(),
            })?])
        }
        Some(ValueType::Array(kind, _)) => list_ops(col, decl, path, *kind, cell, opts, reg, style),
        Some(other) if col.multi => Err(format!(
            "{path} is {}, not a list; drop ': multi' from the header",
            crate::edit::validate::describe(other)
        )),
        None if col.multi => list_ops(col, None, path, ArrayKind::Bag, cell, opts, reg, style),
        _ => {
            let v = value(col, decl, cell)?;
            Ok(vec![validated(Op::SetSimple {
                path: path.clone(),
                value: v,
                new_arrays: new_arrays(reg, path),
            })?])
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn list_ops(
    col: &Column,
    decl: Option<&ValueType>,
    path: &Path,
    kind: ArrayKind,
    cell: &str,
    opts: &RowOptions,
    reg: &Registry,
    style: Style,
) -> Result<Vec<Op>, String> {
    // AEM: only a multi column is split; ExifTool always joins lists with the separator.
    let raw = if col.multi || style == Style::ExifTool {
        split(cell, &opts.sep)
    } else {
        vec![cell.trim().to_string()]
    };
    let mut items = Vec::with_capacity(raw.len());
    for r in &raw {
        items.push(value(col, decl, r)?);
    }
    if items.is_empty() {
        return Ok(Vec::new());
    }
    let ops = if opts.merge {
        // Items already there stay where they are and are not added again (a Seq
        // would otherwise take each re-import's items once more).
        vec![Op::MergeItems {
            path: path.clone(),
            kind,
            items,
        }]
    } else {
        vec![Op::SetList {
            path: path.clone(),
            kind,
            items,
        }]
    };
    for op in &ops {
        op.validate(reg).map_err(|e| e.to_string())?;
    }
    Ok(ops)
}

/// ExifTool's flattened field of an array of structs: item `i` of the list goes to
/// `array[i]/field`.
fn item_ops(
    col: &Column,
    array: &Path,
    rest: &[Step],
    cell: &str,
    opts: &RowOptions,
    reg: &Registry,
) -> Result<Vec<Op>, String> {
    if cell == CLEAR {
        return Ok(vec![Op::Delete {
            path: array.clone(),
        }]);
    }
    let mut ops = Vec::new();
    for (i, item) in split(cell, &opts.sep).into_iter().enumerate() {
        let mut path = array.clone().index(i + 1);
        path.steps.extend(rest.iter().cloned());
        let op = if let Some((parent, Step::Lang(tag))) = path.split_last() {
            Op::SetLang {
                path: parent,
                lang: tag.clone(),
                text: item,
            }
        } else {
            let decl = declared(reg, &path);
            Op::SetSimple {
                value: value(col, decl, &item)?,
                new_arrays: new_arrays(reg, &path),
                path,
            }
        };
        op.validate(reg).map_err(|e| e.to_string())?;
        ops.push(op);
    }
    Ok(ops)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::path::Canonical;
    use crate::schema::registry;
    use crate::xmp::{lang, ns, Name, Packet};

    fn apply(header: &[&str], row: &[&str], packet: &mut Packet) {
        let h: Vec<String> = header.iter().map(|s| s.to_string()).collect();
        let cols = columns(&h, &Canonical, registry(), false).unwrap();
        let opts = RowOptions {
            sep: "|".into(),
            merge: false,
        };
        for op in cols.row_ops(row, &opts, registry()).unwrap() {
            op.apply(packet).unwrap();
        }
    }

    #[test]
    fn language_cells_of_one_row_keep_exactly_their_texts() {
        let header = [
            "assetPath",
            "dc:title",
            "dc:title[en-US]",
            "dc:title[de-DE]",
        ];
        let row = ["a.jpg", "X", "A", "B"];
        let title = Name::new(ns::DC, "title");
        for start in [None, Some(("A", "A"))] {
            let mut p = Packet::new();
            if let Some((xd, en)) = start {
                let mut n = crate::xmp::Node::array(crate::xmp::ArrayKind::Alt, Vec::new());
                lang::set_text(&mut n, "x-default", xd);
                lang::set_text(&mut n, "en-US", en);
                p.set(title.clone(), n);
            }
            apply(&header, &row, &mut p);
            let n = p.get(&title).unwrap();
            assert_eq!(lang::get_text(n, "x-default"), Some("X"));
            assert_eq!(lang::get_text(n, "en-US"), Some("A"));
            assert_eq!(lang::get_text(n, "de-DE"), Some("B"));
            assert_eq!(n.items().unwrap()[0].lang(), Some("x-default"));
        }
    }
}
