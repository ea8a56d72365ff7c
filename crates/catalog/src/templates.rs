//! Templates: named sets of edits in `templates/NAME.toml` under the configuration
//! file's folder (docs/templates.md).
//!
//! ```toml
//! description = "Rights for the spring shoot"
//! [[edit]]
//! expr = "dc:rights=© {date:%Y} Jane Doe"
//! [[edit]]
//! expr = "dc:subject+=spring"
//! ```
//!
//! The expressions are EDIT expressions, checked by the layer that applies them.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::config::Config;

/// One `[[edit]]` entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateEdit {
    pub expr: String,
}

/// A template file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default)]
    pub edit: Vec<TemplateEdit>,
}

impl Template {
    /// The expressions, in order.
    pub fn exprs(&self) -> Vec<String> {
        self.edit.iter().map(|e| e.expr.clone()).collect()
    }
}

/// A template that cannot be found, read, parsed or saved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    #[error("no configuration folder is known (set XMPEDIT_CONFIG or HOME)")]
    NoFolder,
    #[error("template name {0:?}: use letters, digits, '_', '-' and '.' (no '/')")]
    BadName(String),
    #[error("no template {name:?} (looked for {})", path.display())]
    NotFound { name: String, path: PathBuf },
    #[error("template {name:?} already exists ({}); --force replaces it", path.display())]
    Exists { name: String, path: PathBuf },
    #[error("{}: {message}", path.display())]
    File { path: PathBuf, message: String },
}

/// `templates/` under the configuration folder.
pub fn folder() -> Result<PathBuf, TemplateError> {
    Config::folder()
        .map(|d| d.join("templates"))
        .ok_or(TemplateError::NoFolder)
}

fn check_name(name: &str) -> Result<(), TemplateError> {
    let ok = !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'));
    if ok {
        Ok(())
    } else {
        Err(TemplateError::BadName(name.into()))
    }
}

/// The path of template `name`.
pub fn path_of(name: &str) -> Result<PathBuf, TemplateError> {
    check_name(name)?;
    Ok(folder()?.join(format!("{name}.toml")))
}

/// Parses a template's text; `path` names it in errors.
pub fn parse(text: &str, path: &Path) -> Result<Template, TemplateError> {
    toml::from_str(text).map_err(|e| TemplateError::File {
        path: path.to_path_buf(),
        message: e.message().trim().to_string(),
    })
}

/// Loads template `name`.
pub fn load(name: &str) -> Result<Template, TemplateError> {
    let path = path_of(name)?;
    match std::fs::read_to_string(&path) {
        Ok(text) => parse(&text, &path),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(TemplateError::NotFound {
            name: name.into(),
            path,
        }),
        Err(e) => Err(TemplateError::File {
            path,
            message: e.to_string(),
        }),
    }
}

/// A template's name and its file, read or not.
pub type Listed = (String, Result<Template, TemplateError>);

/// Every template, sorted by name; a file that does not parse is listed with its
/// error so one bad file does not hide the others.
pub fn list() -> Result<Vec<Listed>, TemplateError> {
    let dir = folder()?;
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(TemplateError::File {
                path: dir,
                message: e.to_string(),
            })
        }
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let p = e.path();
            let stem = p.file_stem()?.to_str()?.to_string();
            (p.extension()? == "toml" && check_name(&stem).is_ok()).then_some(stem)
        })
        .collect();
    names.sort();
    Ok(names
        .into_iter()
        .map(|n| {
            let t = load(&n);
            (n, t)
        })
        .collect())
}

/// Writes template `name` (atomically: a temporary file renamed over it); refuses
/// to replace one unless `force`.
pub fn save(name: &str, template: &Template, force: bool) -> Result<PathBuf, TemplateError> {
    let path = path_of(name)?;
    if !force && path.exists() {
        return Err(TemplateError::Exists {
            name: name.into(),
            path,
        });
    }
    let io = |p: &Path, e: std::io::Error| TemplateError::File {
        path: p.to_path_buf(),
        message: e.to_string(),
    };
    let dir = folder()?;
    std::fs::create_dir_all(&dir).map_err(|e| io(&dir, e))?;
    let text = toml::to_string(template).map_err(|e| TemplateError::File {
        path: path.clone(),
        message: e.to_string(),
    })?;
    let tmp = dir.join(format!(".{name}.toml.tmp"));
    std::fs::write(&tmp, text).map_err(|e| io(&tmp, e))?;
    std::fs::rename(&tmp, &path).map_err(|e| io(&path, e))?;
    Ok(path)
}
