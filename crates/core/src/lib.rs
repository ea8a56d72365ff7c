//! xmpedit-core: everything about XMP that needs neither files nor a terminal.
//!
//! - [`xmp`]: the data model, RDF/XML and JSON-LD readers and writers, packet scanner;
//! - [`schema`]: namespaces and property types (data in `assets/schema`), validation;
//! - [`edit`]: invertible edit ops, their validation, the EDIT expression language;
//! - [`expand`]: variables and code replacements in edit values;
//! - [`interchange`]: CSV export/import (AEM's and ExifTool's conventions), pure parts;
//! - [`present`]: view models shared by the CLI and the TUI (terminal-safe strings).
//!
//! Layers above: `xmpedit-formats` (containers), `xmpedit-catalog` (folders and
//! assets), `xmpedit-session` (write, undo, journal), then the `xmpedit` binary.

pub mod edit;
pub mod expand;
pub mod interchange;
pub mod present;
pub mod schema;
pub mod xmp;
