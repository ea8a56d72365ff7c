//! xmpedit: the binary's two shells over the library crates.
//!
//! Layers, lowest first; a lower crate never imports a higher one (Cargo enforces it):
//! - `xmpedit-core` (`crates/core`): XMP model, RDF/XML, JSON-LD, schema, edit ops, view models;
//! - `xmpedit-formats` (`crates/formats`): one module per container, crash-safe writing;
//! - `xmpedit-catalog` (`crates/catalog`): folders, assets and renditions, indexing;
//! - `xmpedit-session` (`crates/session`): journaled write, undo, redo, recovery;
//! - here, [`cli`] and [`tui`]: parse, call the layers above, print or draw.

// The shells report errors like the library crates (the package's integration tests
// are exempt: they unwrap freely).
#![deny(clippy::unwrap_used, clippy::panic)]

pub mod cli;
pub mod exit;
pub mod tui;
