//! xmpedit: read, edit and write XMP metadata safely.
//!
//! Layers, lowest first; a lower layer never imports a higher one:
//! - [`xmp`]: the data model, RDF/XML and JSON-LD readers and writers, packet scanner;
//! - [`schema`]: namespaces and property types (data in `assets/schema`), validation;
//! - [`formats`]: one module per container, crash-safe writing;
//! - [`catalog`]: folders, assets and renditions, background indexing;
//! - [`edit`] and [`journal`]: invertible edit ops, write-back, the undo log;
//! - [`present`]: view models shared by the CLI and the TUI (no terminal code);
//! - [`cli`] and [`tui`]: thin shells over the above.

pub mod catalog;
pub mod cli;
pub mod edit;
pub mod formats;
pub mod journal;
pub mod present;
pub mod samples;
pub mod schema;
pub mod tui;
pub mod xmp;
