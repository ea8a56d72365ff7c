//! The user's configuration file (TOML) and the catalog's section of it.
//!
//! Location: `$XMPEDIT_CONFIG` when set (an empty value means "no file"), else
//! `config.toml` in the platform config folder (`directories::ProjectDirs`, e.g.
//! `~/.config/xmpedit/config.toml` on Linux). A missing file gives the defaults; a
//! malformed one is an error naming the file, line and column.
//!
//! Sections other than `[catalog]` belong to other layers (e.g. the TUI's key map);
//! they are kept, unparsed, in [`Config::other`] so that an older catalog never
//! rejects a newer layer's section. Unknown keys *inside* `[catalog]` are errors, so a
//! misspelt option is reported instead of silently ignored.
//!
//! ```toml
//! [catalog]
//! derivative_folders = ["export", "JPG"]     # files here attach to their source asset
//! derivative_suffixes = ["-Edit", " ({n})"]  # IMG_1-Edit.tif, IMG_1 (2).jpg attach to IMG_1
//! derived_from = true                        # show xmpMM:DerivedFrom links between assets
//! sidecar_style = "adobe"                    # new sidecars: "adobe" (IMG_1.xmp) or "darktable" (IMG_1.CR2.xmp)
//! hidden = false                             # scan dot-files and dot-folders
//! ```

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Environment variable overriding the configuration file's path.
pub const ENV_CONFIG: &str = "XMPEDIT_CONFIG";

/// The whole configuration file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    pub catalog: CatalogConfig,
    /// Every other section, for the layers that own them.
    #[serde(flatten)]
    pub other: toml::Table,
}

/// How a new sidecar is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SidecarStyle {
    /// `IMG_0001.xmp` (Lightroom, Camera Raw, Bridge, Capture One).
    #[default]
    Adobe,
    /// `IMG_0001.CR2.xmp` (darktable, digiKam).
    Darktable,
}

/// Grouping and scanning rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CatalogConfig {
    /// Subfolder names (exact, one level below an asset's folder) whose files are
    /// derivatives of the parent folder's assets with the same base name.
    pub derivative_folders: Vec<String>,
    /// Base-name suffixes marking a derivative of the asset without the suffix; an
    /// optional `-N` counter may follow (`IMG_1-Edit-2.tif`). Exact text, except that
    /// `{n}` stands for a number (` ({n})` matches `IMG_1 (2)`).
    pub derivative_suffixes: Vec<String>,
    /// Follow `xmpMM:DerivedFrom` links to another asset's DocumentID, InstanceID or
    /// file name (same folder and its derivative folders): shown as "derived from",
    /// and grouped only when the name rules above also match.
    pub derived_from: bool,
    /// Style of new sidecars in folders that use neither style yet.
    pub sidecar_style: SidecarStyle,
    /// Include dot-files and dot-folders when scanning.
    pub hidden: bool,
}

impl Default for CatalogConfig {
    fn default() -> Self {
        CatalogConfig {
            derivative_folders: ["export", "exports", "JPG", "jpg", "Export"]
                .map(String::from)
                .to_vec(),
            // Lightroom and Photoshop edits, a common export size, numbered copies
            // (`IMG_1 (2)`: browsers, Finder, Windows Explorer) and versions (`IMG_1_v2`).
            derivative_suffixes: [
                "-Edit", "-edit", "-2048px", "_edit", " ({n})", "_v{n}", "-v{n}",
            ]
            .map(String::from)
            .to_vec(),
            derived_from: true,
            sidecar_style: SidecarStyle::Adobe,
            hidden: false,
        }
    }
}

/// A configuration file that could not be read or parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: {message}")]
    Io { path: PathBuf, message: String },
    #[error("{path}: line {line}, column {column}: {message}")]
    Syntax {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
}

impl Config {
    /// The configuration file's path: `$XMPEDIT_CONFIG`, else the platform default.
    /// None when `$XMPEDIT_CONFIG` is empty or no home folder is known.
    pub fn path() -> Option<PathBuf> {
        match std::env::var_os(ENV_CONFIG) {
            Some(p) if p.is_empty() => None,
            Some(p) => Some(PathBuf::from(p)),
            None => directories::ProjectDirs::from("", "", "xmpedit")
                .map(|d| d.config_dir().join("config.toml")),
        }
    }

    /// The folder of the configuration file (templates and the code file live
    /// there).
    pub fn folder() -> Option<PathBuf> {
        Self::path().and_then(|p| p.parent().map(Path::to_path_buf))
    }

    /// Loads the configuration from [`Config::path`]; defaults when there is no file.
    pub fn load() -> Result<Config, ConfigError> {
        match Self::path() {
            Some(p) => Self::load_from(&p),
            None => Ok(Config::default()),
        }
    }

    /// Loads a configuration file; defaults when it does not exist.
    pub fn load_from(path: &Path) -> Result<Config, ConfigError> {
        match std::fs::read_to_string(path) {
            Ok(text) => Self::parse(&text, path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(e) => Err(ConfigError::Io {
                path: path.to_path_buf(),
                message: e.to_string(),
            }),
        }
    }

    /// Parses configuration text; `path` only names the file in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        toml::from_str(text).map_err(|e| {
            let (line, column) = e
                .span()
                .map(|s| line_column(text, s.start))
                .unwrap_or((1, 1));
            ConfigError::Syntax {
                path: path.to_path_buf(),
                line,
                column,
                message: e.message().trim().to_string(),
            }
        })
    }
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut line = 1;
    let mut column = 1;
    for (i, c) in text.char_indices() {
        if i >= offset {
            break;
        }
        if c == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, Path::new("c.toml"))
    }

    #[test]
    fn empty_file_gives_defaults() {
        assert_eq!(parse("").unwrap(), Config::default());
        assert!(Config::default()
            .catalog
            .derivative_folders
            .contains(&"export".to_string()));
    }

    #[test]
    fn partial_catalog_section_keeps_other_defaults() {
        let c = parse("[catalog]\nderivative_suffixes = [\"-v\"]\nsidecar_style = \"darktable\"\n")
            .unwrap();
        assert_eq!(c.catalog.derivative_suffixes, vec!["-v"]);
        assert_eq!(c.catalog.sidecar_style, SidecarStyle::Darktable);
        assert_eq!(
            c.catalog.derivative_folders,
            CatalogConfig::default().derivative_folders
        );
    }

    #[test]
    fn other_sections_are_kept_not_rejected() {
        let c = parse("[tui.keys]\nquit = \"q\"\n[catalog]\nhidden = true\n").unwrap();
        assert!(c.catalog.hidden);
        assert!(c.other.contains_key("tui"));
    }

    #[test]
    fn malformed_file_names_line_and_column() {
        let e = parse("[catalog]\nhidden = yes\n").unwrap_err();
        match &e {
            ConfigError::Syntax { line, column, .. } => assert_eq!((*line, *column), (2, 10)),
            other => panic!("{other:?}"),
        }
        assert!(
            e.to_string().starts_with("c.toml: line 2, column 10: "),
            "{e}"
        );
    }

    #[test]
    fn misspelt_catalog_key_is_an_error() {
        let e = parse("[catalog]\nderivative_folder = []\n").unwrap_err();
        assert!(e.to_string().contains("derivative_folder"), "{e}");
    }

    #[test]
    fn missing_file_gives_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let c = Config::load_from(&dir.path().join("nope.toml")).unwrap();
        assert_eq!(c, Config::default());
    }
}
