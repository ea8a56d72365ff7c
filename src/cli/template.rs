//! `xmpedit template list|show|save`: the templates in `templates/` beside the
//! configuration file (docs/templates.md). Applying one is `set --template NAME`.

use crate::exit::Outcome;
use std::path::PathBuf;

use globset::{Glob, GlobSetBuilder};
use xmpedit_catalog::templates::{self, Template, TemplateEdit};
use xmpedit_core::edit::to_exprs::exprs_of;
use xmpedit_core::edit::{NsMap, Path as XPath, SchemaResolver};
use xmpedit_core::present::{safe_path, safe_text};

#[derive(Debug, clap::Args)]
pub struct TemplateArgs {
    #[command(subcommand)]
    pub command: TemplateCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum TemplateCommand {
    /// List the templates: name, number of edits, description.
    List,
    /// Print a template's description and edits.
    Show {
        /// The template's name (`templates/NAME.toml`).
        name: String,
    },
    /// Make a template from a file's values of the properties named.
    Save {
        /// The template's name.
        name: String,
        /// The file whose XMP gives the values.
        file: PathBuf,
        /// Properties, comma-separated qualified names or globs (`dc:rights,dc:*`).
        #[arg(long, value_name = "LIST", required = true)]
        props: String,
        /// The template's description.
        #[arg(long, value_name = "TEXT")]
        description: Option<String>,
        /// Replace a template of that name.
        #[arg(long)]
        force: bool,
    },
}

fn usage(message: &str) -> Outcome {
    eprintln!("xmpedit: {}", safe_text(message));
    Outcome::Usage
}

pub fn run(args: &TemplateArgs) -> Outcome {
    match &args.command {
        TemplateCommand::List => list(),
        TemplateCommand::Show { name } => show(name),
        TemplateCommand::Save {
            name,
            file,
            props,
            description,
            force,
        } => save(name, file, props, description.clone(), *force),
    }
}

fn list() -> Outcome {
    let all = match templates::list() {
        Ok(a) => a,
        Err(e) => return usage(&e.to_string()),
    };
    if all.is_empty() {
        let dir = templates::folder()
            .map(|d| safe_path(&d))
            .unwrap_or_default();
        outln!("no templates (they are NAME.toml files in {dir})");
        return Outcome::Done;
    }
    let mut failed = false;
    for (name, t) in all {
        match t {
            Ok(t) => outln!(
                "{}\t{} edit(s)\t{}",
                safe_text(&name),
                t.edit.len(),
                safe_text(t.description.as_deref().unwrap_or(""))
            ),
            Err(e) => {
                eprintln!("xmpedit: {}", safe_text(&e.to_string()));
                failed = true;
            }
        }
    }
    if failed {
        Outcome::SomeFailed
    } else {
        Outcome::Done
    }
}

fn show(name: &str) -> Outcome {
    match templates::load(name) {
        Ok(t) => {
            if let Some(d) = &t.description {
                outln!("# {}", safe_text(d));
            }
            for e in &t.edit {
                outln!("{}", safe_text(&e.expr));
            }
            Outcome::Done
        }
        Err(e) => usage(&e.to_string()),
    }
}

fn save(
    name: &str,
    file: &std::path::Path,
    props: &str,
    description: Option<String>,
    force: bool,
) -> Outcome {
    let mut b = GlobSetBuilder::new();
    for g in props.split(',').map(str::trim).filter(|g| !g.is_empty()) {
        match Glob::new(g) {
            Ok(g) => {
                b.add(g);
            }
            Err(e) => return usage(&format!("--props {g:?}: {e}")),
        }
    }
    let set = match b.build() {
        Ok(s) => s,
        Err(e) => return usage(&format!("--props: {e}")),
    };
    let packet = match xmpedit_formats::read_file(file) {
        Ok((found, _)) => found.packet.unwrap_or_default(),
        Err(e) => {
            eprintln!("xmpedit: {}", safe_text(&e.to_string()));
            return Outcome::SomeFailed;
        }
    };
    let ns = NsMap::new();
    let resolver = SchemaResolver {
        ns: &ns,
        schema: xmpedit_core::schema::registry(),
    };
    let mut edit = Vec::new();
    for (pname, node) in &packet.props {
        let q = XPath::prop(pname.clone()).to_text(&resolver);
        if !set.is_match(&q) {
            continue;
        }
        let (exprs, skipped) = exprs_of(pname, node, &resolver);
        for s in skipped {
            eprintln!(
                "xmpedit: {}: {} is an array of structs, which a template cannot hold; skipped",
                safe_path(file),
                safe_text(&s)
            );
        }
        edit.extend(exprs.into_iter().map(|expr| TemplateEdit { expr }));
    }
    if edit.is_empty() {
        return usage(&format!(
            "{}: has none of the properties {props}; no template was saved",
            safe_path(file)
        ));
    }
    let n = edit.len();
    let t = Template { description, edit };
    match templates::save(name, &t, force) {
        Ok(path) => {
            outln!(
                "saved template {name} ({n} edit(s)) to {}",
                safe_path(&path)
            );
            Outcome::Done
        }
        Err(e) => usage(&e.to_string()),
    }
}
