//! The code replacement file named in the configuration:
//!
//! ```toml
//! [codes]
//! file = "codes.txt"   # relative to the configuration file's folder
//! delimiter = "="      # optional; Photo Mechanic's default
//! ```
//!
//! Without a `[codes]` section there is no table and `=` in values is plain text.

use std::path::PathBuf;

use serde::Deserialize;
use xmpedit_core::expand::Codes;

use crate::config::Config;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CodesSection {
    file: PathBuf,
    #[serde(default)]
    delimiter: Option<String>,
}

/// The configured code table; `Ok(None)` when none is configured. Errors name the
/// file (and line) so the user can fix it.
pub fn load_codes(config: &Config) -> Result<Option<Codes>, String> {
    let Some(section) = config.other.get("codes") else {
        return Ok(None);
    };
    let section: CodesSection = section.clone().try_into().map_err(|e: toml::de::Error| {
        format!("[codes] in the configuration: {}", e.message().trim())
    })?;
    let delimiter = match section.delimiter.as_deref() {
        None => '=',
        Some(d) => {
            let mut cs = d.chars();
            match (cs.next(), cs.next()) {
                (Some(c), None)
                    if !c.is_alphanumeric() && !c.is_whitespace() && !matches!(c, '{' | '}') =>
                {
                    c
                }
                _ => {
                    return Err(format!(
                        "[codes] delimiter {d:?}: expected one punctuation character"
                    ))
                }
            }
        }
    };
    let path = match (section.file.is_absolute(), Config::folder()) {
        (false, Some(dir)) => dir.join(&section.file),
        _ => section.file.clone(),
    };
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("{} (the [codes] file): {e}", path.display()))?;
    Codes::parse(&text, delimiter)
        .map(Some)
        .map_err(|e| format!("{}: {e}", path.display()))
}
