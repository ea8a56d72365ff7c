//! Per-file values of edit expressions holding variables or codes
//! (`dc:title={file.stem} #{index:03}`): the expressions are read once
//! ([`Exprs::parse`], refusing unknown variables and codes before anything is read),
//! then filled in for each target asset ([`Exprs::for_asset`]) from its file's
//! name, folder, position and current XMP. Only the value part of an expression is
//! expanded; the path never is.

use std::path::{Path, PathBuf};

use xmpedit_catalog::{Asset, ReadState};
use xmpedit_core::edit::{value_offset, Resolver};
use xmpedit_core::expand::{has_markup, Civil, Codes, Context, ExpandError, Template};
use xmpedit_core::xmp::Packet;

/// Expressions read as templates.
#[derive(Debug, Clone)]
pub struct Exprs {
    items: Vec<Item>,
}

#[derive(Debug, Clone)]
enum Item {
    /// No markup: used as given.
    Plain(String),
    /// The text up to the value, and the value's template.
    Template { head: String, value: Template },
}

/// An expression whose value cannot be read or filled in.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("edit {expr:?}: {error}")]
pub struct ValueError {
    pub expr: String,
    pub error: ExpandError,
}

impl Exprs {
    /// Reads `exprs`; `codes` is the configured code table (None: `=` is text).
    /// With `literal`, no expression is read as a template.
    pub fn parse(
        exprs: &[String],
        resolver: &dyn Resolver,
        codes: Option<&Codes>,
        literal: bool,
    ) -> Result<Exprs, ValueError> {
        let mut items = Vec::with_capacity(exprs.len());
        for e in exprs {
            let at =
                value_offset(e, resolver).filter(|&at| !literal && has_markup(&e[at..], codes));
            items.push(match at {
                None => Item::Plain(e.clone()),
                Some(at) => Item::Template {
                    head: e[..at].to_string(),
                    value: Template::parse(&e[at..], resolver, codes).map_err(|error| {
                        ValueError {
                            expr: e.clone(),
                            error,
                        }
                    })?,
                },
            });
        }
        Ok(Exprs { items })
    }

    /// Reads bare values (a TUI prompt's text, no `PATH=` in front) as templates:
    /// each whole text is the value, filled in by [`Exprs::for_file`] like an
    /// expression's value part.
    pub fn values(
        values: &[String],
        resolver: &dyn Resolver,
        codes: Option<&Codes>,
    ) -> Result<Exprs, ValueError> {
        let mut items = Vec::with_capacity(values.len());
        for v in values {
            items.push(if has_markup(v, codes) {
                Item::Template {
                    head: String::new(),
                    value: Template::parse(v, resolver, codes).map_err(|error| ValueError {
                        expr: v.clone(),
                        error,
                    })?,
                }
            } else {
                Item::Plain(v.clone())
            });
        }
        Ok(Exprs { items })
    }

    /// The expressions when they are the same for every file (no variable, only
    /// text, escapes and codes); None when they differ per file.
    pub fn constant(&self) -> Option<Vec<String>> {
        self.items
            .iter()
            .map(|i| match i {
                Item::Plain(s) => Some(s.clone()),
                Item::Template { head, value } if value.is_constant() => {
                    let mut s = head.clone();
                    for p in &value.pieces {
                        if let xmpedit_core::expand::Piece::Text(t)
                        | xmpedit_core::expand::Piece::Code(t) = p
                        {
                            s.push_str(t);
                        }
                    }
                    Some(s)
                }
                Item::Template { .. } => None,
            })
            .collect()
    }

    /// The expressions for one file.
    pub fn expand(&self, ctx: &Context<'_>) -> Result<Vec<String>, ValueError> {
        self.items
            .iter()
            .map(|i| match i {
                Item::Plain(s) => Ok(s.clone()),
                Item::Template { head, value } => value
                    .expand(ctx)
                    .map(|v| format!("{head}{v}"))
                    .map_err(|error| ValueError {
                        expr: format!("{head}{}", source_text(value)),
                        error,
                    }),
            })
            .collect()
    }

    /// The expressions for an asset at 1-based `index` among the targets: the file
    /// is the first of `named` (the files the user named), else the asset's
    /// original; its XMP is that file's, else the asset's (a raw's sidecar).
    pub fn for_asset(
        &self,
        asset: &Asset,
        named: &[PathBuf],
        index: usize,
        now: Civil,
        resolver: &dyn Resolver,
    ) -> Result<Vec<String>, ValueError> {
        let (file, packet) = asset_file(asset, named);
        self.for_file(&file, packet, index, now, resolver)
    }

    /// The expressions for `file`, whose XMP (for `{PREFIX:Name}`) is `packet`.
    pub fn for_file(
        &self,
        file: &Path,
        packet: Option<&Packet>,
        index: usize,
        now: Civil,
        resolver: &dyn Resolver,
    ) -> Result<Vec<String>, ValueError> {
        let file_name = file
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let folder = file
            .parent()
            .and_then(Path::file_name)
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let ctx = Context {
            file_name,
            folder,
            index,
            now,
            packet,
            resolver,
        };
        self.expand(&ctx)
    }
}

/// The value as written, for messages (variables in braces again).
fn source_text(t: &Template) -> String {
    use xmpedit_core::expand::Piece;
    t.pieces
        .iter()
        .map(|p| match p {
            Piece::Text(s) | Piece::Code(s) => s.replace('{', "{{").replace('}', "}}"),
            Piece::Var { text, .. } => format!("{{{text}}}"),
        })
        .collect()
}

fn packet_of(r: &xmpedit_catalog::Rendition) -> Option<&Packet> {
    match &r.xmp {
        ReadState::Read(info) => info.packet.as_ref(),
        _ => None,
    }
}

/// The file a template's `{file.*}` names, and the XMP its `{PREFIX:Name}` reads.
pub fn asset_file<'a>(asset: &'a Asset, named: &[PathBuf]) -> (PathBuf, Option<&'a Packet>) {
    let source = asset.xmp_source().and_then(packet_of);
    if let Some(f) = named.first() {
        let own = asset
            .renditions
            .iter()
            .find(|r| &r.path == f)
            .and_then(packet_of);
        return (f.clone(), own.or(source));
    }
    let file = asset
        .primary()
        .or_else(|| asset.xmp_source())
        .map(|r| r.path.clone())
        .unwrap_or_else(|| asset.folder.join(&asset.name));
    (file, source)
}

/// Now, in UTC (the same instant for every file of a batch).
pub fn now() -> Civil {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    Civil::from_unix(i64::try_from(secs).unwrap_or_default())
}
