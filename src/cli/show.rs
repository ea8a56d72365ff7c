//! `xmpedit show`: per file, the XMP tree grouped by schema, or JSON.
//!
//! OWNER: schema/show helper.

use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// Descend into folders.
    #[arg(short, long)]
    pub recursive: bool,
    /// One JSON array, an object per file.
    #[arg(long)]
    pub json: bool,
    /// Files or folders.
    #[arg(required = true)]
    pub paths: Vec<std::path::PathBuf>,
}

pub fn run(_args: &ShowArgs) -> ExitCode {
    unimplemented!("show")
}
