//! Reading the template files for the `T` picker (the shell runs this for
//! [`crate::tui::action::Effect::LoadTemplates`]; `update` stays free of I/O).

use crate::tui::popup::TemplateEntry;

/// Every template beside the configuration file; one that does not parse is listed
/// with its error.
pub fn load_entries() -> Result<Vec<TemplateEntry>, String> {
    let list = xmpedit_catalog::templates::list().map_err(|e| e.to_string())?;
    Ok(list
        .into_iter()
        .map(|(name, t)| match t {
            Ok(t) => TemplateEntry {
                name,
                description: t.description.clone().unwrap_or_default(),
                exprs: t.exprs(),
                error: None,
            },
            Err(e) => TemplateEntry {
                name,
                description: String::new(),
                exprs: Vec::new(),
                error: Some(e.to_string()),
            },
        })
        .collect())
}
