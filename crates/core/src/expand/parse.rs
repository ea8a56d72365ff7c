//! Reading a value as a template ([`Template::parse`]) and filling it in for one
//! file ([`Template::expand`]).

use super::codes::is_code_char;
use super::strftime::{format_date, Civil, DateFormat};
use super::{Codes, Context, ExpandError};
use crate::edit::path::{parse_at, Path};
use crate::edit::Resolver;
use crate::xmp::{lang, Value};

/// A variable between braces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Var {
    FileName,
    FileStem,
    Folder,
    /// `{index}`, `{index:03}`: zero-padded to `width` digits.
    Index {
        width: usize,
    },
    /// `{date}` (`%Y-%m-%d`), `{date:FORMAT}`: now.
    Date(DateFormat),
    /// `{PREFIX:Name}`, `{PREFIX:Name:FORMAT}`, `{PREFIX:Name|DEFAULT}`: the file's own
    /// value (a language alternative's `x-default`, an array's items joined by `, `).
    Prop {
        path: Path,
        format: Option<DateFormat>,
        default: Option<String>,
    },
}

/// One part of a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Text(String),
    /// A variable and its text between the braces (for messages).
    Var {
        text: String,
        var: Var,
    },
    /// A code's replacement, read from the table when the value was parsed.
    Code(String),
}

/// A value read as text, variables and codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pub pieces: Vec<Piece>,
}

impl Template {
    /// Reads `value`. `{{`/`}}` are literal braces; every other `{` opens a variable
    /// that must close and be known; a lone `}` is an error (both say to double the
    /// brace). With `codes`, `=code=` and `=code#N=` are replaced now (the table does
    /// not change per file); an unknown code or column is an error.
    pub fn parse(
        value: &str,
        resolver: &dyn Resolver,
        codes: Option<&Codes>,
    ) -> Result<Template, ExpandError> {
        let syntax = |at: usize, message: &str| ExpandError::Syntax {
            value: value.to_string(),
            column: value[..at].chars().count() + 1,
            message: message.to_string(),
        };
        let delim = codes.map(Codes::delimiter);
        let mut pieces = Vec::new();
        let mut text = String::new();
        let mut i = 0;
        while let Some(c) = value[i..].chars().next() {
            let rest = &value[i..];
            if rest.starts_with("{{") || rest.starts_with("}}") {
                text.push(c);
                i += 2;
            } else if c == '{' {
                let Some(len) = rest[1..].find('}') else {
                    return Err(syntax(
                        i,
                        "a '{' without its '}' (write {{ for a literal brace)",
                    ));
                };
                let inner = &rest[1..1 + len];
                let var = parse_var(inner, resolver)?;
                if !text.is_empty() {
                    pieces.push(Piece::Text(std::mem::take(&mut text)));
                }
                pieces.push(Piece::Var {
                    text: inner.to_string(),
                    var,
                });
                i += len + 2;
            } else if c == '}' {
                return Err(syntax(
                    i,
                    "a '}' that closes nothing (write }} for a literal brace)",
                ));
            } else if let (Some(d), Some(codes)) = (delim.filter(|d| *d == c), codes) {
                let after = &rest[d.len_utf8()..];
                match after.find(d).map(|n| &after[..n]) {
                    Some(cand) if is_code(cand) => {
                        let (code, column) = match cand.split_once('#') {
                            Some((code, n)) => (code, n.parse::<usize>().unwrap_or(0)),
                            None => (cand, 1),
                        };
                        let cols = codes.get(code).ok_or_else(|| ExpandError::UnknownCode {
                            code: cand.to_string(),
                        })?;
                        let repl =
                            column
                                .checked_sub(1)
                                .and_then(|k| cols.get(k))
                                .ok_or_else(|| ExpandError::NoColumn {
                                    code: code.to_string(),
                                    column,
                                    have: cols.len(),
                                })?;
                        text.push_str(repl);
                        i += cand.len() + 2 * d.len_utf8();
                    }
                    _ => {
                        text.push(c);
                        i += c.len_utf8();
                    }
                }
            } else {
                text.push(c);
                i += c.len_utf8();
            }
        }
        if !text.is_empty() {
            pieces.push(Piece::Text(text));
        }
        Ok(Template { pieces })
    }

    /// True when the value is the same for every file (no variable).
    pub fn is_constant(&self) -> bool {
        self.pieces.iter().all(|p| !matches!(p, Piece::Var { .. }))
    }

    /// The value for one file.
    pub fn expand(&self, ctx: &Context<'_>) -> Result<String, ExpandError> {
        let mut out = String::new();
        for p in &self.pieces {
            match p {
                Piece::Text(s) | Piece::Code(s) => out.push_str(s),
                Piece::Var { text, var } => out.push_str(&expand_var(text, var, ctx)?),
            }
        }
        Ok(out)
    }
}

/// `code` or `code#N`, in the characters a code may hold.
fn is_code(cand: &str) -> bool {
    let (code, col) = match cand.split_once('#') {
        Some((c, n)) => (c, Some(n)),
        None => (cand, None),
    };
    !code.is_empty()
        && code.chars().all(is_code_char)
        && col.is_none_or(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

fn parse_var(inner: &str, resolver: &dyn Resolver) -> Result<Var, ExpandError> {
    let unknown = || ExpandError::UnknownVariable {
        name: inner.to_string(),
    };
    let bad = |message: String| ExpandError::Syntax {
        value: format!("{{{inner}}}"),
        column: 1,
        message,
    };
    let (head, arg) = match inner.split_once(':') {
        Some((h, a)) => (h, Some(a)),
        None => (inner, None),
    };
    match (head, arg) {
        ("file.name", None) => return Ok(Var::FileName),
        ("file.stem", None) => return Ok(Var::FileStem),
        ("folder", None) => return Ok(Var::Folder),
        ("index", None) => return Ok(Var::Index { width: 0 }),
        ("index", Some(w)) => {
            return match w.parse::<usize>() {
                Ok(width) if w.bytes().all(|b| b.is_ascii_digit()) && width <= 20 => {
                    Ok(Var::Index { width })
                }
                _ => Err(bad(format!(
                    "index:{w}: expected a width in digits (index:03)"
                ))),
            }
        }
        ("date", None) => return Ok(Var::Date(DateFormat::parse("%Y-%m-%d").map_err(bad)?)),
        ("date", Some(f)) => return Ok(Var::Date(DateFormat::parse(f).map_err(bad)?)),
        _ => {}
    }
    // A property: a path whose prefix resolves, then `:FORMAT` and/or `|DEFAULT`.
    if arg.is_none() || resolver.uri_of(head).is_none() {
        return Err(unknown());
    }
    let (spec, default) = match inner.split_once('|') {
        Some((s, d)) => (s, Some(d.to_string())),
        None => (inner, None),
    };
    let (path, end) = parse_at(spec, 0, resolver).map_err(|_| unknown())?;
    let format = match &spec[end..] {
        "" => None,
        rest => match rest.strip_prefix(':') {
            Some(f) => Some(DateFormat::parse(f).map_err(bad)?),
            None => return Err(unknown()),
        },
    };
    Ok(Var::Prop {
        path,
        format,
        default,
    })
}

fn expand_var(text: &str, var: &Var, ctx: &Context<'_>) -> Result<String, ExpandError> {
    Ok(match var {
        Var::FileName => ctx.file_name.to_string(),
        Var::FileStem => ctx.file_stem().to_string(),
        Var::Folder => ctx.folder.to_string(),
        Var::Index { width } => format!("{:0width$}", ctx.index, width = *width),
        Var::Date(f) => format_date(&ctx.now, f),
        Var::Prop {
            path,
            format,
            default,
        } => {
            let prop = path.to_text(ctx.resolver);
            let root = ctx.packet.and_then(|p| p.get(&path.prop));
            let node = crate::edit::nav::find(root, path).ok().flatten();
            let value = match node {
                None => None,
                Some(n) => match &n.value {
                    Value::Simple(s) | Value::Uri(s) => Some(s.clone()),
                    Value::Array(..) if lang::is_lang_alt(n) => {
                        lang::default_text(n).map(String::from)
                    }
                    Value::Array(_, items) => {
                        let texts: Vec<&str> = items.iter().filter_map(|i| i.as_text()).collect();
                        (!texts.is_empty()).then(|| texts.join(", "))
                    }
                    Value::Struct(_) => {
                        return Err(ExpandError::NoText {
                            var: text.to_string(),
                            prop,
                        })
                    }
                },
            };
            let Some(value) = value else {
                return default.clone().ok_or(ExpandError::MissingProperty {
                    var: text.to_string(),
                    prop,
                });
            };
            match format {
                None => value,
                Some(f) => match Civil::parse_xmp(&value) {
                    Some(d) => format_date(&d, f),
                    None => {
                        return Err(ExpandError::NotADate {
                            var: text.to_string(),
                            prop,
                            value,
                        })
                    }
                },
            }
        }
    })
}
